"""Plain data the routing engine takes and returns.

Everything here is a frozen dataclass with no ORM or Django dependency: selectors build a
``RoutingRequest`` from read models, ``engine.route`` returns a ``Decision``, and services persist
it (``Decision.as_dict()`` is JSON-ready).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Any

# ------------------------------------------------------------------------------------ request


@dataclass(frozen=True)
class Coordinates:
    lat: float
    lng: float


@dataclass(frozen=True)
class Address:
    country: str  # ISO 3166-1 alpha-2
    postal_code: str = ""
    city: str = ""
    country_area: str = ""  # state / province code, as Saleor's ``countryArea``


@dataclass(frozen=True)
class Destination:
    address: Address
    coordinates: Coordinates | None = None  # geocoded by the engine when missing


class DeliveryKind(StrEnum):
    SHIPPING = "shipping"
    PICKUP = "pickup"


@dataclass(frozen=True)
class DeliveryMethod:
    kind: DeliveryKind = DeliveryKind.SHIPPING
    pickup_location_id: str | None = None

    @classmethod
    def shipping(cls) -> DeliveryMethod:
        return cls(DeliveryKind.SHIPPING)

    @classmethod
    def pickup_at(cls, location_id: str) -> DeliveryMethod:
        return cls(DeliveryKind.PICKUP, location_id)


@dataclass(frozen=True)
class OrderLine:
    line_id: str
    variant_id: str
    sku: str
    quantity: int
    weight_kg: float  # per unit
    # Lines sharing a group must leave from one location (bundles, sets); see keep_together.
    group: str | None = None


@dataclass(frozen=True)
class CostParameters:
    parcel_fixed_cost: float = 0.0  # picking, packing, label: paid once per shipment
    handling_cost_per_unit: float = 0.0


@dataclass(frozen=True)
class CandidateLocation:
    location_id: str
    name: str
    # None: the location could not be placed; the engine counts it as the farthest there is.
    coordinates: Coordinates | None
    country: str
    stock: Mapping[str, int]  # variant id -> units available to promise now
    tags: frozenset[str] = frozenset()
    ships: bool = True
    pickup: bool = False
    # Orders (parcels) the location can still dispatch today; None means unlimited.
    daily_capacity_left: int | None = None
    cutoff: dt.time | None = None  # local time after which today's parcels leave tomorrow
    timezone: str = "UTC"
    priority: int = 0  # lower ships first, as Saleor's channel warehouse order
    cost: CostParameters = CostParameters()


@dataclass(frozen=True)
class RoutingRequest:
    order_id: str
    channel: str
    lines: tuple[OrderLine, ...]
    destination: Destination
    locations: tuple[CandidateLocation, ...]
    delivery: DeliveryMethod = DeliveryMethod()


# ------------------------------------------------------------------------------------ rule set


class RuleKind(StrEnum):
    PICKUP_AT_CHOSEN_LOCATION = "pickup_at_chosen_location"
    EXCLUDE_LOCATIONS = "exclude_locations"
    CAPACITY_AND_CUTOFF = "capacity_and_cutoff"
    KEEP_TOGETHER = "keep_together"
    SAME_MARKET = "same_market"
    LOCATION_PRIORITY = "location_priority"
    NEAREST = "nearest"
    FEWEST_SHIPMENTS = "fewest_shipments"
    LOWEST_COST = "lowest_cost"
    HIGHEST_STOCK = "highest_stock"


class ConditionOp(StrEnum):
    EQ = "eq"
    NE = "ne"
    LT = "lt"
    LTE = "lte"
    GT = "gt"
    GTE = "gte"
    IN = "in"
    NOT_IN = "not_in"


@dataclass(frozen=True)
class Condition:
    field: str  # one of criteria.FIELD_READERS, e.g. "order.total_weight_kg"
    op: ConditionOp
    # A number, a string or a tuple of strings, checked by ruleset_document.parse_ruleset.
    value: Any


@dataclass(frozen=True)
class NoParams:
    pass


@dataclass(frozen=True)
class ExcludeParams:
    tags: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    location_ids: frozenset[str] = frozenset()
    # When given, a location is excluded only if every condition holds as well.
    when: tuple[Condition, ...] = ()


class CutoffPolicy(StrEnum):
    PREFER = "prefer"  # rank: fewer parcels that miss today's cut-off
    EXCLUDE = "exclude"  # filter: locations past their cut-off are not used


@dataclass(frozen=True)
class CapacityCutoffParams:
    cutoff: CutoffPolicy = CutoffPolicy.PREFER


@dataclass(frozen=True)
class Market:
    name: str
    countries: frozenset[str]


@dataclass(frozen=True)
class SameMarketParams:
    # A country in no market forms a market of its own.
    markets: tuple[Market, ...] = ()
    strict: bool = False  # True: exclude other markets; False: rank them last


@dataclass(frozen=True)
class RateBand:
    up_to_km: float | None  # None: the open-ended last band
    per_kg: float
    per_kg_km: float = 0.0


@dataclass(frozen=True)
class RateTable:
    """Carrier price per kilogram by distance band: ``per_kg + per_kg_km * km``."""

    bands: tuple[RateBand, ...]

    def price_per_kg(self, distance_km: float) -> float:
        for up_to_km, per_kg, per_kg_km in self._bands:
            if up_to_km is None or distance_km <= up_to_km:
                return per_kg + per_kg_km * distance_km
        last = self.bands[-1]  # validation guarantees an open last band; this is defensive
        return last.per_kg + last.per_kg_km * distance_km

    @cached_property
    def _bands(self) -> tuple[tuple[float | None, float, float], ...]:
        """The bands as plain tuples: read for every location of every order."""
        return tuple((band.up_to_km, band.per_kg, band.per_kg_km) for band in self.bands)


DEFAULT_RATE_TABLE = RateTable(
    (
        RateBand(up_to_km=300, per_kg=0.6),
        RateBand(up_to_km=1000, per_kg=1.2),
        RateBand(up_to_km=2500, per_kg=2.0),
        RateBand(up_to_km=None, per_kg=2.8),
    )
)


@dataclass(frozen=True)
class LowestCostParams:
    rate_table: RateTable = DEFAULT_RATE_TABLE
    # Charged per shipment beyond the first: the customer's cost of receiving several parcels.
    split_penalty: float = 0.0


RuleParams = NoParams | ExcludeParams | CapacityCutoffParams | SameMarketParams | LowestCostParams


@dataclass(frozen=True)
class RuleSpec:
    kind: RuleKind
    params: RuleParams = NoParams()


class RuleSetState(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class SolverMode(StrEnum):
    EXACT = "exact"  # branch and bound within the time budget, best plan found as the fallback
    HEURISTIC = "heuristic"


@dataclass(frozen=True)
class SolverSettings:
    mode: SolverMode = SolverMode.EXACT
    time_budget_ms: float = 4.0


@dataclass(frozen=True)
class RuleSet:
    name: str
    version: int
    state: RuleSetState
    rules: tuple[RuleSpec, ...]
    channel: str | None = None  # None: the tenant's default for every channel
    solver: SolverSettings = SolverSettings()

    def rule(self, kind: RuleKind) -> RuleSpec | None:
        return next((rule for rule in self.rules if rule.kind == kind), None)


# ------------------------------------------------------------------------------------ decision


class ReasonCode(StrEnum):
    SHIPMENT_CHOSEN = "shipment_chosen"
    DECIDED_BY_RULE = "decided_by_rule"
    ONLY_OPTION = "only_option"
    LOCATION_EXCLUDED = "location_excluded"
    LOCATION_UNPLACED = "location_unplaced"
    BACKORDERED = "backordered"
    PICKUP_SHORT = "pickup_short"
    DESTINATION_GEOCODED = "destination_geocoded"
    SOLVER_FALLBACK = "solver_fallback"
    MERGED = "merged"  # routed together with the customer's other orders (fulfilment merging)


@dataclass(frozen=True)
class Reason:
    code: ReasonCode
    message: (
        str  # for people: "OMS Los Angeles: nearest location with all 3 lines in stock, 559 km"
    )
    location_id: str | None = None
    rule: RuleKind | None = None
    data: Mapping[str, Any] = field(default_factory=dict)  # for machines: scores, distances


@dataclass(frozen=True)
class ShipmentLine:
    line_id: str
    variant_id: str
    sku: str
    quantity: int


@dataclass(frozen=True)
class Shipment:
    location_id: str
    location_name: str
    lines: tuple[ShipmentLine, ...]
    distance_km: float
    weight_kg: float
    cost: float  # under the lowest_cost rule's rate table (or the default one)
    scores: Mapping[str, float]  # this shipment's share of each ranking rule's score
    reasons: tuple[Reason, ...]

    @property
    def units(self) -> int:
        return sum(line.quantity for line in self.lines)


@dataclass(frozen=True)
class BackorderLine:
    line_id: str
    variant_id: str
    sku: str
    quantity: int


class SolverOutcome(StrEnum):
    PROVEN_OPTIMAL = "proven_optimal"  # the exact search finished: no plan is better
    BUDGET_EXHAUSTED = "budget_exhausted"  # the best plan found; ``gap`` bounds how far off
    HEURISTIC = "heuristic"  # the rule set asked for the heuristic alone: nothing is proven


@dataclass(frozen=True)
class SolverStats:
    mode: SolverMode
    proven_optimal: bool
    nodes: int
    elapsed_ms: float  # wall-clock time of the whole decision
    timed_out: bool  # the exact search used its budget before it finished
    outcome: SolverOutcome = SolverOutcome.HEURISTIC
    # Work units spent (see routing.budget): the budget is counted in them, not in time.
    work: int = 0
    # When the budget ran out: how far above the optimum the plan may be on the first ranking
    # rule, relative (0.012: at most 1.2 %); 0 when proven; None when unknown.
    gap: float | None = None


@dataclass(frozen=True)
class Decision:
    order_id: str
    ruleset_name: str
    ruleset_version: int
    shipments: tuple[Shipment, ...]
    backorder: tuple[BackorderLine, ...]
    scores: Mapping[str, float]  # each ranking rule's score of the chosen plan (lower is better)
    reasons: tuple[Reason, ...]  # decision-level: exclusions, the deciding rule, backorders
    solver: SolverStats
    destination: Coordinates
    decided_at: dt.datetime
    # What Saleor's own allocation (PRIORITIZE_SORTING_ORDER over the same locations, line by
    # line) would have cost under the same rate table: the baseline the saving is measured
    # against. None in decisions made before it was recorded.
    baseline_cost: float | None = None

    @property
    def total_cost(self) -> float:
        return sum(shipment.cost for shipment in self.shipments)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form for persistence (enums become their string values)."""
        data = dataclasses.asdict(self)
        data["decided_at"] = self.decided_at.isoformat()
        return _jsonable(data)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | frozenset | set):
        return [_jsonable(item) for item in value]
    if isinstance(value, StrEnum):
        return value.value
    return value
