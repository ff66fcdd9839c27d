"""Keeps what Saleor answered to each of our documents, for the contract captures.

Off unless ``SALEOR_CONTRACT_RECORD_DIR`` is set, which only the live contract suite does: it
runs the service against a real Saleor, and what Saleor answered there (success and refusal)
becomes ``tests/fixtures/contract/saleor/``, the record the fake Saleor is held to. One JSON
line per exchange, one file per document and process, appended without locks.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def exchange_record(
    *, folder: str, name: str, variables: dict[str, Any], status: int, answer: Any
) -> None:
    path = Path(folder) / f"{name.replace('/', '__')}.{os.getpid()}.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(
        {"document": name, "variables": variables, "status": status, "answer": answer},
        sort_keys=True,
        default=str,
    )
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")
