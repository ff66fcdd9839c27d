"""The solver's budget, counted in units of work so that it does not depend on the machine's load.

A rule set gives its budget as ``time_budget_ms``. A clock budget would make the plan depend on
how busy the machine is (a loaded machine gives the search less CPU per wall-clock millisecond,
so the same order could get a different plan); instead the solvers count work (``Problem.work``:
items filled, suppliers scanned by a bound or a move) and stop at the number of units that
``time_budget_ms`` of CPU time does on a reference machine. The same order with the same rule
set and stock always gets the same plan, and how long that takes varies with the machine, not
the plan.

``WORK_UNITS_PER_MS`` was measured with ``bench/routing.py`` (10 × 50 and 20 × 200 orders, the
solver's CPU time per decision against its work per decision): 2,800-3,800 units per
millisecond on the shared 2-core development machine under load; 4,000 allows for a quiet one.
"""

from __future__ import annotations

WORK_UNITS_PER_MS = 4000


def work_units(time_budget_ms: float) -> int:
    """The work a budget of ``time_budget_ms`` buys."""
    return max(1, round(time_budget_ms * WORK_UNITS_PER_MS))
