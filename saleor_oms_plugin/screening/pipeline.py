"""The pure pipeline: run the configured checks over an order's facts and sum them up."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from saleor_oms_plugin.screening.checks.address import check_address
from saleor_oms_plugin.screening.checks.marks import check_marks
from saleor_oms_plugin.screening.checks.payment import check_payment
from saleor_oms_plugin.screening.checks.risk import check_risk
from saleor_oms_plugin.screening.checks.stock import check_stock
from saleor_oms_plugin.screening.config import ScreeningSettings
from saleor_oms_plugin.screening.facts import CheckName, CheckResult, OrderFacts, Outcome

Check = Callable[[OrderFacts, ScreeningSettings], CheckResult]

CHECKS: dict[CheckName, Check] = {
    CheckName.STOCK: check_stock,
    CheckName.ADDRESS: check_address,
    CheckName.PAYMENT: check_payment,
    CheckName.RISK: check_risk,
    CheckName.MARKS: check_marks,
}


@dataclass(frozen=True)
class Verdict:
    results: tuple[CheckResult, ...]

    @property
    def passed(self) -> bool:
        """Every check passed: the order goes on to routing. A FIX holds it like a HOLD does
        (the correction is a proposal staff accept, or they release the order as it is)."""
        return all(r.outcome == Outcome.PASS for r in self.results)

    @property
    def reasons(self) -> list[str]:
        """The reason codes of the checks that did not pass."""
        return [r.code for r in self.results if r.outcome != Outcome.PASS]

    @property
    def risk_score(self) -> int | None:
        risk = next((r for r in self.results if r.check == CheckName.RISK), None)
        return None if risk is None else int(risk.facts["score"])

    @property
    def marks(self) -> list[str]:
        marks = next((r for r in self.results if r.check == CheckName.MARKS), None)
        return [] if marks is None else list(marks.facts["marks"])

    def as_json(self) -> list[dict[str, Any]]:
        return [r.as_json() for r in self.results]


def screen(facts: OrderFacts, settings: ScreeningSettings) -> Verdict:
    """Run the checks the settings enable, in their order."""
    return Verdict(tuple(CHECKS[name](facts, settings) for name in settings.checks))
