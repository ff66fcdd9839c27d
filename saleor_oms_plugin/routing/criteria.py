"""The criteria behind a rule set's rules: how each kind of rule judges locations and plans.

A rule set lists its rules as data (``RuleSpec``: a ``RuleKind`` and its parameters);
``build_criterion`` turns each into the ``Criterion`` the engine applies. A criterion can
*filter* (take locations out of consideration, with a reason) and/or *rank* plans. Every ranking
criterion is additive over a plan: a score per shipment plus a score per unit shipped, lower is
better. That shape is what lets one exact solver optimise any ranked list of criteria
lexicographically (see ``exact.py``); a rule that cannot be written this way does not fit.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

from .model import (
    CandidateLocation,
    CapacityCutoffParams,
    Condition,
    ConditionOp,
    Coordinates,
    CutoffPolicy,
    DeliveryKind,
    ExcludeParams,
    LowestCostParams,
    OrderLine,
    RoutingRequest,
    RuleKind,
    RuleSpec,
    SameMarketParams,
)


@dataclass(frozen=True)
class RoutingContext:
    """Facts about one order that criteria read; built once per decision."""

    request: RoutingRequest
    destination: Coordinates
    distances_km: Mapping[str, float]  # location id -> km to the destination
    now: dt.datetime

    @cached_property
    def total_weight_kg(self) -> float:
        return sum(line.quantity * line.weight_kg for line in self.request.lines)

    @cached_property
    def total_units(self) -> int:
        return sum(line.quantity for line in self.request.lines)

    def distance_km(self, location: CandidateLocation) -> float:
        return self.distances_km[location.location_id]


class Criterion:
    """Base: a criterion that neither filters nor ranks (keep_together only shapes the problem)."""

    filters = False
    ranks = False

    def __init__(self, spec: RuleSpec) -> None:
        self.spec = spec
        self.kind = spec.kind

    def exclusion(self, location: CandidateLocation, ctx: RoutingContext) -> str | None:
        """Why this location may not be used for this order, or None."""
        return None

    def per_shipment(self, location: CandidateLocation, ctx: RoutingContext) -> float:
        return 0.0

    def per_unit(self, line: OrderLine, location: CandidateLocation, ctx: RoutingContext) -> float:
        return 0.0

    def per_shipment_column(
        self, locations: Sequence[CandidateLocation], ctx: RoutingContext
    ) -> list[float]:
        """``per_shipment`` at every location, in one call (criteria may override it)."""
        return [self.per_shipment(location, ctx) for location in locations]

    def per_unit_table(
        self,
        lines: Sequence[OrderLine],
        locations: Sequence[CandidateLocation],
        ctx: RoutingContext,
    ) -> list[list[float]]:
        """``per_unit`` for every line (rows) at every location (columns), in one call.

        Criteria override it to work out what depends on the location once, not once per line.
        """
        return [[self.per_unit(line, location, ctx) for location in locations] for line in lines]


def scores_per_shipment(criterion: Criterion) -> bool:
    """Whether the criterion ever scores a shipment (else ``per_shipment`` is always 0)."""
    return type(criterion).per_shipment is not Criterion.per_shipment


def scores_per_unit(criterion: Criterion) -> bool:
    """Whether the criterion ever scores a unit (else ``per_unit`` is always 0)."""
    return type(criterion).per_unit is not Criterion.per_unit


class PickupAtChosenLocation(Criterion):
    """Pickup orders go to the customer's location; shipping orders to locations that ship."""

    filters = True

    def exclusion(self, location: CandidateLocation, ctx: RoutingContext) -> str | None:
        delivery = ctx.request.delivery
        if delivery.kind == DeliveryKind.PICKUP:
            if location.location_id != delivery.pickup_location_id:
                return "not the pickup location the customer chose"
            return None
        if not location.ships:
            return "does not ship to customers"
        return None


# Fields a condition may read: order facts, or facts about the location being judged.
FIELD_READERS: dict[str, Callable[[CandidateLocation, RoutingContext], Any]] = {
    "order.total_weight_kg": lambda loc, ctx: ctx.total_weight_kg,
    "order.total_units": lambda loc, ctx: ctx.total_units,
    "order.line_count": lambda loc, ctx: len(ctx.request.lines),
    "order.channel": lambda loc, ctx: ctx.request.channel,
    "destination.country": lambda loc, ctx: ctx.request.destination.address.country.upper(),
    "delivery.method": lambda loc, ctx: ctx.request.delivery.kind.value,
    "location.id": lambda loc, ctx: loc.location_id,
    "location.country": lambda loc, ctx: loc.country.upper(),
    "location.distance_km": lambda loc, ctx: ctx.distance_km(loc),
    "location.priority": lambda loc, ctx: loc.priority,
}
NUMERIC_FIELDS = frozenset(
    {
        "order.total_weight_kg",
        "order.total_units",
        "order.line_count",
        "location.distance_km",
        "location.priority",
    }
)
_COMPARE: dict[ConditionOp, Callable[[Any, Any], bool]] = {
    ConditionOp.EQ: operator.eq,
    ConditionOp.NE: operator.ne,
    ConditionOp.LT: operator.lt,
    ConditionOp.LTE: operator.le,
    ConditionOp.GT: operator.gt,
    ConditionOp.GTE: operator.ge,
    ConditionOp.IN: lambda left, right: left in right,
    ConditionOp.NOT_IN: lambda left, right: left not in right,
}


def condition_holds(condition: Condition, location: CandidateLocation, ctx: RoutingContext) -> bool:
    value = FIELD_READERS[condition.field](location, ctx)
    return _COMPARE[condition.op](value, condition.value)


def describe_condition(condition: Condition) -> str:
    return f"{condition.field} {condition.op.value} {condition.value!r}"


class ExcludeLocations(Criterion):
    filters = True

    def __init__(self, spec: RuleSpec) -> None:
        super().__init__(spec)
        assert isinstance(spec.params, ExcludeParams)
        self.params = spec.params

    def exclusion(self, location: CandidateLocation, ctx: RoutingContext) -> str | None:
        params = self.params
        matched = self._matched(location)
        if matched is None:
            return None
        if params.when and not all(condition_holds(c, location, ctx) for c in params.when):
            return None
        when = " when " + " and ".join(describe_condition(c) for c in params.when)
        return matched + (when if params.when else "")

    def _matched(self, location: CandidateLocation) -> str | None:
        params = self.params
        if location.location_id in params.location_ids:
            return "excluded by id"
        if tags := sorted(location.tags & params.tags):
            return f"excluded by tag {', '.join(tags)}"
        if location.country.upper() in params.countries:
            return f"excluded country {location.country.upper()}"
        if not (params.location_ids or params.tags or params.countries):
            return "excluded by condition"  # a pure condition rule applies to every location
        return None


def local_cutoff_passed(location: CandidateLocation, now: dt.datetime) -> bool:
    if location.cutoff is None:
        return False
    local_now = now.astimezone(ZoneInfo(location.timezone))
    return local_now.time() >= location.cutoff


class CapacityAndCutoff(Criterion):
    """Daily capacity counts parcels (orders) left today; cut-off decides same-day dispatch."""

    filters = True

    def __init__(self, spec: RuleSpec) -> None:
        super().__init__(spec)
        assert isinstance(spec.params, CapacityCutoffParams)
        self.policy = spec.params.cutoff
        self.ranks = self.policy == CutoffPolicy.PREFER

    def exclusion(self, location: CandidateLocation, ctx: RoutingContext) -> str | None:
        if location.daily_capacity_left is not None and location.daily_capacity_left <= 0:
            return "no daily capacity left"
        if self.policy == CutoffPolicy.EXCLUDE and local_cutoff_passed(location, ctx.now):
            return f"past today's cut-off ({location.cutoff:%H:%M} {location.timezone})"
        return None

    def per_shipment(self, location: CandidateLocation, ctx: RoutingContext) -> float:
        return 1.0 if local_cutoff_passed(location, ctx.now) else 0.0

    def per_shipment_column(
        self, locations: Sequence[CandidateLocation], ctx: RoutingContext
    ) -> list[float]:
        now = ctx.now
        return [1.0 if local_cutoff_passed(location, now) else 0.0 for location in locations]


class KeepTogether(Criterion):
    """Lines sharing ``OrderLine.group`` leave from one location (enforced by problem.py)."""


class SameMarket(Criterion):
    def __init__(self, spec: RuleSpec) -> None:
        super().__init__(spec)
        assert isinstance(spec.params, SameMarketParams)
        self.market_of = {
            country: market.name for market in spec.params.markets for country in market.countries
        }
        self.filters = spec.params.strict
        self.ranks = not spec.params.strict

    def _outside(self, location: CandidateLocation, ctx: RoutingContext) -> bool:
        destination = ctx.request.destination.address.country.upper()
        here = location.country.upper()
        return self.market_of.get(here, here) != self.market_of.get(destination, destination)

    def exclusion(self, location: CandidateLocation, ctx: RoutingContext) -> str | None:
        if self.filters and self._outside(location, ctx):
            return "outside the destination's market"
        return None

    def per_shipment(self, location: CandidateLocation, ctx: RoutingContext) -> float:
        return 1.0 if self._outside(location, ctx) else 0.0


class LocationPriority(Criterion):
    ranks = True

    def per_unit(self, line: OrderLine, location: CandidateLocation, ctx: RoutingContext) -> float:
        return float(location.priority)

    def per_unit_table(
        self,
        lines: Sequence[OrderLine],
        locations: Sequence[CandidateLocation],
        ctx: RoutingContext,
    ) -> list[list[float]]:
        row = [float(location.priority) for location in locations]
        return [row] * len(lines)  # rows are shared: callers only read them


class Nearest(Criterion):
    """Unit-kilometres: every unit should travel as little as possible."""

    ranks = True

    def per_unit(self, line: OrderLine, location: CandidateLocation, ctx: RoutingContext) -> float:
        return ctx.distance_km(location)

    def per_unit_table(
        self,
        lines: Sequence[OrderLine],
        locations: Sequence[CandidateLocation],
        ctx: RoutingContext,
    ) -> list[list[float]]:
        row = [ctx.distance_km(location) for location in locations]
        return [row] * len(lines)  # rows are shared: callers only read them


class FewestShipments(Criterion):
    ranks = True

    def per_shipment(self, location: CandidateLocation, ctx: RoutingContext) -> float:
        return 1.0


class LowestCost(Criterion):
    """Parcel fixed cost + split penalty per shipment; weight × rate(distance) + handling per unit.

    The split penalty is charged on every shipment here, which ranks plans exactly as charging
    it on every shipment but the first does; ``shipment_cost`` leaves it out (it is not money).
    """

    ranks = True

    def __init__(self, spec: RuleSpec) -> None:
        super().__init__(spec)
        assert isinstance(spec.params, LowestCostParams)
        self.params = spec.params

    def per_shipment(self, location: CandidateLocation, ctx: RoutingContext) -> float:
        return location.cost.parcel_fixed_cost + self.params.split_penalty

    def per_shipment_column(
        self, locations: Sequence[CandidateLocation], ctx: RoutingContext
    ) -> list[float]:
        penalty = self.params.split_penalty
        return [location.cost.parcel_fixed_cost + penalty for location in locations]

    def per_unit(self, line: OrderLine, location: CandidateLocation, ctx: RoutingContext) -> float:
        return unit_cost(line, location, ctx.distance_km(location), self.params)

    def per_unit_table(
        self,
        lines: Sequence[OrderLine],
        locations: Sequence[CandidateLocation],
        ctx: RoutingContext,
    ) -> list[list[float]]:
        # One rate lookup per location instead of per line; same arithmetic as unit_cost.
        price = self.params.rate_table.price_per_kg
        distances = ctx.distances_km
        pairs = [
            (price(distances[location.location_id]), location.cost.handling_cost_per_unit)
            for location in locations
        ]
        return [[line.weight_kg * rate + extra for rate, extra in pairs] for line in lines]


def unit_cost(
    line: OrderLine, location: CandidateLocation, distance_km: float, params: LowestCostParams
) -> float:
    rate = params.rate_table.price_per_kg(distance_km)
    return line.weight_kg * rate + location.cost.handling_cost_per_unit


def shipment_cost(
    location: CandidateLocation,
    units: Mapping[OrderLine, int],
    distance_km: float,
    params: LowestCostParams,
) -> float:
    """Money a parcel costs: what the benchmark compares across strategies (``unit_cost`` per
    line, the rate looked up once for the parcel)."""
    rate = params.rate_table.price_per_kg(distance_km)
    handling = location.cost.handling_cost_per_unit
    variable = sum(
        quantity * (line.weight_kg * rate + handling) for line, quantity in units.items()
    )
    return location.cost.parcel_fixed_cost + variable


class HighestStock(Criterion):
    """Take units where the variant is deepest, keeping thin stock for nearby demand."""

    ranks = True

    def per_unit(self, line: OrderLine, location: CandidateLocation, ctx: RoutingContext) -> float:
        return -float(location.stock.get(line.variant_id, 0))


CRITERION_CLASSES: dict[RuleKind, type[Criterion]] = {
    RuleKind.PICKUP_AT_CHOSEN_LOCATION: PickupAtChosenLocation,
    RuleKind.EXCLUDE_LOCATIONS: ExcludeLocations,
    RuleKind.CAPACITY_AND_CUTOFF: CapacityAndCutoff,
    RuleKind.KEEP_TOGETHER: KeepTogether,
    RuleKind.SAME_MARKET: SameMarket,
    RuleKind.LOCATION_PRIORITY: LocationPriority,
    RuleKind.NEAREST: Nearest,
    RuleKind.FEWEST_SHIPMENTS: FewestShipments,
    RuleKind.LOWEST_COST: LowestCost,
    RuleKind.HIGHEST_STOCK: HighestStock,
}


def build_criterion(spec: RuleSpec) -> Criterion:
    """The criterion a rule of a rule set stands for."""
    return CRITERION_CLASSES[spec.kind](spec)
