"""What other domains run once a tenant's orders and locations have been imported.

Their own imports need the read models first (stock rows point at locations), so they cannot
run beside it. A domain registers a function that runs its import and says what it did; the
tenants domain runs them in the import's second step (with the run's retries and state) and
never imports the domains that build on it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from saleor_oms_plugin.tenants.import_results import SkippedRecord


@dataclass
class FollowupResult:
    """What one follow-up did: counts the import state shows (``stock_rows``), records it
    could not read."""

    counts: dict[str, int] = field(default_factory=dict)
    skipped: list[SkippedRecord] = field(default_factory=list)


Followup = Callable[[int], FollowupResult]

_followups: list[Followup] = []


def register_import_followup(run: Followup) -> None:
    if run not in _followups:
        _followups.append(run)


def import_followups_run(*, tenant_id: int) -> FollowupResult:
    """Run every registered follow-up in turn; their counts are summed."""
    total = FollowupResult()
    for run in _followups:
        result = run(tenant_id)
        for name, value in result.counts.items():
            total.counts[name] = total.counts.get(name, 0) + value
        total.skipped.extend(result.skipped)
    return total
