"""An answer of capture as plain JSON, for the HTTP door (the GraphQL door has its types)."""

from __future__ import annotations

from typing import Any

from saleor_oms_plugin.capture.services import CaptureAnswer


def answer_json(answer: CaptureAnswer) -> dict[str, Any]:
    captured = answer.captured
    return {
        "externalReference": answer.external_reference,
        "outcome": answer.outcome,
        "state": captured.state if captured is not None else None,
        "errors": [problem.as_dict() for problem in answer.problems],
    }
