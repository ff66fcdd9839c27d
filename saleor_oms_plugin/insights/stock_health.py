"""Stock health of one stock level (variant × location), as a plain function of its facts.

* **days of cover**: the units on hand over the daily demand (replenishment's current demand
  forecast where there is one, else its sales velocity); None when nothing is known to sell;
* **aged**: units on hand and no sale for ``aged_days`` (counted from the last sale, or from the
  first movement of a stock level that never sold);
* **overstocked**: the units on hand beyond ``overstock_days`` of demand; a stock level known
  to sell nothing (demand 0) is overstocked by all it holds, one whose demand is unknown (no
  velocity yet) by nothing;
* **liquidation candidate**: aged or overstocked, with the reasons in words.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class HealthFilter(StrEnum):
    ALL = "all"
    STOCK_OUT = "stock_out"
    LOW_COVER = "low_cover"
    AGED = "aged"
    OVERSTOCKED = "overstocked"


@dataclass(frozen=True)
class HealthPolicy:
    """The tenant's thresholds (``stock_health`` settings)."""

    aged_days: int = 90
    overstock_days: int = 180
    low_cover_days: int = 14


@dataclass(frozen=True)
class StockFacts:
    """What is known of one stock level. ``demand_over`` is the demand over the overstock
    horizon (None when the demand is unknown)."""

    stock_id: int
    variant_id: str
    sku: str
    location_id: int
    location_name: str
    on_hand: int
    available: int
    daily_demand: float | None
    days_of_cover: float | None
    demand_over: float | None
    last_sold_at: datetime | None
    last_received_at: datetime | None
    first_moved_at: datetime | None
    stock_out_days: int


@dataclass(frozen=True)
class StockHealth:
    facts: StockFacts
    aged_days: int | None
    overstocked_units: int
    reasons: tuple[str, ...]

    @property
    def liquidation_candidate(self) -> bool:
        return bool(self.reasons)

    @property
    def stock_out(self) -> bool:
        return self.facts.available <= 0


def _days_since(moment: datetime | None, now: datetime) -> int | None:
    return None if moment is None else max(0, (now - moment).days)


def stock_health(facts: StockFacts, policy: HealthPolicy, now: datetime) -> StockHealth:
    """The health of one stock level as of ``now``."""
    aged_days = None
    if facts.on_hand > 0:
        aged_days = _days_since(facts.last_sold_at or facts.first_moved_at, now)
    overstocked = 0
    if facts.on_hand > 0 and facts.demand_over is not None:
        overstocked = max(0, facts.on_hand - math.ceil(facts.demand_over - 1e-9))
    reasons = []
    if aged_days is not None and aged_days >= policy.aged_days:
        since = "sale" if facts.last_sold_at else "sale since it first came in"
        reasons.append(
            f"No {since} for {aged_days} days (aged after {policy.aged_days}); "
            f"{facts.on_hand} on hand."
        )
    if overstocked:
        cover = (
            "no demand"
            if facts.days_of_cover is None
            else f"{facts.days_of_cover:.0f} days of cover"
        )
        reasons.append(
            f"{overstocked} units beyond {policy.overstock_days} days of demand ({cover})."
        )
    return StockHealth(facts, aged_days, overstocked, tuple(reasons))


def health_matches(health: StockHealth, wanted: HealthFilter, policy: HealthPolicy) -> bool:
    """Whether ``health`` belongs in the list ``wanted``: out of stock (nothing available now),
    low cover (fewer days than ``low_cover_days``), aged or overstocked."""
    if wanted is HealthFilter.STOCK_OUT:
        return health.stock_out
    if wanted is HealthFilter.LOW_COVER:
        cover = health.facts.days_of_cover
        return cover is not None and cover < policy.low_cover_days
    if wanted is HealthFilter.AGED:
        return health.aged_days is not None and health.aged_days >= policy.aged_days
    if wanted is HealthFilter.OVERSTOCKED:
        return health.overstocked_units > 0
    return True


def _order_key(wanted: HealthFilter):  # noqa: ANN202
    """The worst first for a filtered list; by variant and location for all."""
    if wanted is HealthFilter.STOCK_OUT:
        return lambda h: (-h.facts.stock_out_days, h.facts.variant_id, h.facts.location_name)
    if wanted is HealthFilter.LOW_COVER:
        return lambda h: (h.facts.days_of_cover, h.facts.variant_id, h.facts.location_name)
    if wanted is HealthFilter.AGED:
        return lambda h: (-(h.aged_days or 0), h.facts.variant_id, h.facts.location_name)
    if wanted is HealthFilter.OVERSTOCKED:
        return lambda h: (-h.overstocked_units, h.facts.variant_id, h.facts.location_name)
    return lambda h: (h.facts.variant_id, h.facts.location_name, h.facts.location_id)


def health_list(
    healths: list[StockHealth], wanted: HealthFilter, policy: HealthPolicy
) -> list[StockHealth]:
    """The stock levels of ``wanted``, worst first."""
    chosen = [h for h in healths if health_matches(h, wanted, policy)]
    return sorted(chosen, key=_order_key(wanted))
