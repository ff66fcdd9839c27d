"""Can the order be served now, in part, or not, from the ledger's available-to-sell; and
what could replace what is missing."""

from __future__ import annotations

from typing import Any

from saleor_oms_plugin.screening.config import PartialStock, ScreeningSettings
from saleor_oms_plugin.screening.facts import CheckName, CheckResult, LineFacts, OrderFacts, Outcome


def _shortfall(line: LineFacts) -> int:
    return max(0, line.needed - line.available)


def check_stock(facts: OrderFacts, settings: ScreeningSettings) -> CheckResult:
    lines = [line for line in facts.lines if line.needed > 0]
    short = [line for line in lines if _shortfall(line)]
    figures: dict[str, Any] = {
        "units": sum(line.needed for line in lines),
        "unitsAvailable": sum(min(line.needed, line.available) for line in lines),
    }
    if not short:
        return CheckResult(
            CheckName.STOCK, Outcome.PASS, "OK", "Every line can be served now.", facts=figures
        )
    served = any(line.available for line in lines)
    code = "STOCK_PARTIAL" if served else "STOCK_OUT"
    missing = ", ".join(f"{_shortfall(line)} × {line.name}" for line in short)
    proposals = {
        line.line_id: [
            {
                "variantId": s.variant_id,
                "name": s.name,
                "available": s.available,
                "tagged": s.tagged,
            }
            for s in line.substitutes
            if s.available >= _shortfall(line)
        ]
        for line in short
    }
    figures["short"] = [
        {"lineId": line.line_id, "variantId": line.variant_id, "missing": _shortfall(line)}
        for line in short
    ]
    if all(proposals[line.line_id] for line in short):
        return CheckResult(
            CheckName.STOCK,
            Outcome.FIX,
            code,
            f"Missing {missing}; substitutes in stock are proposed for each.",
            suggestion={"substitutes": proposals},
            facts=figures,
        )
    if served and settings.partial_stock == PartialStock.PASS:
        return CheckResult(
            CheckName.STOCK,
            Outcome.PASS,
            code,
            f"Served in part (missing {missing}); the channel ships what it can.",
            facts=figures,
        )
    wording = "can be served only in part" if served else "cannot be served"
    return CheckResult(
        CheckName.STOCK,
        Outcome.HOLD,
        code,
        f"The order {wording} now: missing {missing}.",
        suggestion={"substitutes": proposals} if any(proposals.values()) else None,
        facts=figures,
    )
