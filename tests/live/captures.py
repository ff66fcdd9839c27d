"""Turn what the live Saleor answered into the contract captures the fake is held to.

For each of our documents: the first answer that succeeded and the first that was refused
(GraphQL errors or a payload's ``errors``), as ``tests/fixtures/contract/saleor/<document>.json``.
A live run adds what is missing and keeps what is there (ids differ on every run, so a refresh
would only churn): to record a document anew, delete its file and run the suite. The diff is
reviewed and committed like code.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

CAPTURES = Path(__file__).resolve().parents[1] / "fixtures" / "contract" / "saleor"


def refused(answer: Any) -> bool:
    if not isinstance(answer, dict):
        return True
    if answer.get("errors"):
        return True
    data = answer.get("data") or {}
    return any(isinstance(p, dict) and _payload_refused(p) for p in data.values())


def _payload_refused(payload: dict[str, Any]) -> bool:
    """A payload's ``errors``, or a bulk payload's errors of any row (``results[].errors``)."""
    if payload.get("errors"):
        return True
    results = payload.get("results")
    return isinstance(results, list) and any(
        isinstance(row, dict) and row.get("errors") for row in results
    )


def scrubbed(value: Any) -> Any:
    """Without what a Saleor in DEBUG adds to its errors (stack traces naming its machine's
    paths): the contract is the answer, not the server's insides."""
    if isinstance(value, dict):
        return {key: scrubbed(item) for key, item in value.items() if key != "stacktrace"}
    if isinstance(value, list):
        return [scrubbed(item) for item in value]
    return value


def captures_write(record_dir: Path, target: Path = CAPTURES) -> list[str]:
    """Merge the exchanges recorded in ``record_dir`` into ``target``; the documents written."""
    chosen: dict[str, dict[str, Any]] = {}
    for path in sorted(record_dir.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            exchange = scrubbed(json.loads(line))
            kind = "refused" if refused(exchange["answer"]) else "succeeded"
            slot = chosen.setdefault(exchange["document"], {})
            slot.setdefault(kind, exchange)
    target.mkdir(parents=True, exist_ok=True)
    for document, kinds in chosen.items():
        path = target / f"{document.replace('/', '__')}.json"
        existing = json.loads(path.read_text()) if path.exists() else {}
        merged = {**kinds, **existing}  # what was recorded stays; only a missing kind is added
        path.write_text(json.dumps(merged, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return sorted(chosen)
