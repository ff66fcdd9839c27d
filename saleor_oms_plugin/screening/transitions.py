"""The allowed moves of a screening result. Anything else is refused, changing nothing."""

from __future__ import annotations

from saleor_oms_plugin.screening.errors import IllegalTransition
from saleor_oms_plugin.screening.models import ScreeningResult

S = ScreeningResult.State

SCREENING_TRANSITIONS: dict[str, frozenset[str]] = {
    S.PENDING: frozenset({S.PASSED, S.HELD}),
    # A held order is re-run (corrected: passes or stays held), released or cancelled.
    S.HELD: frozenset({S.PASSED, S.HELD, S.RELEASED, S.CANCELLED}),
    S.PASSED: frozenset(),
    S.RELEASED: frozenset(),
    S.CANCELLED: frozenset(),
}
# While a result is in one of these, routing waits (``orders.gates``).
BLOCKING_STATES = frozenset({S.PENDING, S.HELD, S.CANCELLED})


def screening_check_transition(result: ScreeningResult, target: str) -> None:
    if target not in SCREENING_TRANSITIONS[result.state]:
        raise IllegalTransition(str(result.state), str(target))
