"""What other domains start once a tenant's orders and locations have been imported.

Their own imports need the read models first (stock rows point at locations), so they cannot
run beside it. A domain registers a function that queues its task; the tenants domain never
imports the domains that build on it.
"""

from __future__ import annotations

from collections.abc import Callable

_followups: list[Callable[[int], None]] = []


def register_import_followup(schedule: Callable[[int], None]) -> None:
    if schedule not in _followups:
        _followups.append(schedule)


def import_followups_schedule(*, tenant_id: int) -> None:
    for schedule in _followups:
        schedule(tenant_id)
