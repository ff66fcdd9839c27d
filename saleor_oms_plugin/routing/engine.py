"""``route``: one order, one rule set, one decision. Pure: no ORM, no I/O beyond packaged data.

Order of work: place the destination, filter locations criterion by criterion (recording why
each one left), build the solver problem from the ranking criteria, solve (heuristic, then exact
within the rule set's time budget), turn the allocation into shipments, explain.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import time
from collections.abc import Sequence

from .criteria import (
    Criterion,
    RoutingContext,
    build_criterion,
    scores_per_unit,
    shipment_cost,
)
from .errors import RoutingInputError, RoutingInputErrorCode
from .exact import solve_exact
from .explain import explain_decision, explain_shipment, explain_solver
from .geo import (
    EARTH_RADIUS_KM,
    GeocodePrecision,
    Geocoder,
    GeocodeResult,
    OfflineGeocoder,
)
from .heuristic import solve_heuristic
from .location_index import location_index
from .model import (
    CandidateLocation,
    Decision,
    DeliveryKind,
    LowestCostParams,
    Reason,
    ReasonCode,
    RoutingRequest,
    RuleKind,
    RuleSet,
    Shipment,
    ShipmentLine,
    SolverMode,
    SolverOutcome,
    SolverStats,
)
from .plan import Plan, PlannedShipment, plan_from_allocation
from .problem import Problem, build_items
from .saleor_native import SaleorStrategy, saleor_allocate

_default_geocoder: Geocoder | None = None
# The distance counted for a location without coordinates: half the globe, farther than any
# place can be, so it ships only what no placed location can (and the plan says why).
UNPLACED_DISTANCE_KM = math.pi * EARTH_RADIUS_KM


def default_geocoder() -> Geocoder:
    global _default_geocoder
    if _default_geocoder is None:
        _default_geocoder = OfflineGeocoder()
    return _default_geocoder


def route(
    request: RoutingRequest,
    ruleset: RuleSet,
    *,
    now: dt.datetime,
    geocoder: Geocoder | None = None,
) -> Decision:
    """Decide where each unit of the order ships from, or that it waits (backorder).

    ``now`` must be timezone-aware: cut-offs are judged in each location's own time zone.
    Raises ``RoutingInputError`` for requests no rule set could make sense of.
    """
    started = time.perf_counter()
    _check_request(request, now)
    place = _place_destination(request, geocoder or default_geocoder())
    index = location_index(request.locations)
    distances = dict(
        zip(
            (loc.location_id for loc in request.locations),
            index.distances_km(place.coordinates, UNPLACED_DISTANCE_KM),
            strict=True,
        )
    )
    ctx = RoutingContext(request, place.coordinates, distances, now)
    criteria = [build_criterion(spec) for spec in ruleset.rules]
    eligible, exclusions = _filter_locations(request, criteria, ctx)

    ranking = [criterion for criterion in criteria if criterion.ranks]
    keep_together = ruleset.rule(RuleKind.KEEP_TOGETHER) is not None
    problem = Problem(build_items(request.lines, keep_together), eligible, ranking, ctx)
    if ruleset.solver.mode == SolverMode.EXACT:
        # The exact search builds its own first plans: seeding it with the empty plan costs
        # nothing. Its budget is counted in work units, so load does not change the plan.
        floor = problem.evaluate(())
        result = solve_exact(problem, floor, time_budget_s=ruleset.solver.time_budget_ms / 1e3)
        allocation = result.allocation
        stats = SolverStats(
            SolverMode.EXACT,
            result.proven_optimal,
            result.nodes,
            0.0,
            result.timed_out,
            outcome=(
                SolverOutcome.PROVEN_OPTIMAL
                if result.proven_optimal
                else SolverOutcome.BUDGET_EXHAUSTED
            ),
            work=result.work,
            gap=None if result.gap is None else round(result.gap, 6),
        )
    else:
        work = problem.work
        allocation = solve_heuristic(problem)
        stats = SolverStats(SolverMode.HEURISTIC, False, 0, 0.0, False, work=problem.work - work)
    plan = plan_from_allocation(problem, allocation, request.lines)

    cost_params = _cost_params(ruleset)
    shipments = tuple(
        _shipment(planned, ranking, ctx, cost_params, problem, request)
        for planned in plan.shipments
    )
    scores = {
        criterion.kind.value: sum(shipment.scores[criterion.kind.value] for shipment in shipments)
        for criterion in ranking
    }
    stats = dataclasses.replace(stats, elapsed_ms=(time.perf_counter() - started) * 1000.0)
    reasons = _preamble(place) + explain_solver(stats, problem) + _unplaced(request) + exclusions
    reasons += explain_decision(problem, allocation, plan, request)
    return Decision(
        order_id=request.order_id,
        ruleset_name=ruleset.name,
        ruleset_version=ruleset.version,
        shipments=shipments,
        backorder=plan.backorder,
        scores=scores,
        reasons=tuple(reasons),
        solver=stats,
        destination=place.coordinates,
        decided_at=now,
        baseline_cost=_baseline_cost(request, ctx, cost_params),
    )


def _baseline_cost(
    request: RoutingRequest, ctx: RoutingContext, cost_params: LowestCostParams
) -> float:
    """What Saleor's default allocation of the order would cost under the same rate table."""
    native = saleor_allocate(request, SaleorStrategy.PRIORITIZE_SORTING_ORDER)
    return round(
        sum(
            shipment_cost(s.location, s.units, ctx.distance_km(s.location), cost_params)
            for s in native.shipments
        ),
        4,
    )


def _check_request(request: RoutingRequest, now: dt.datetime) -> None:
    if now.tzinfo is None:
        raise RoutingInputError(RoutingInputErrorCode.NAIVE_NOW, "now must be timezone-aware")
    if not request.lines:
        raise RoutingInputError(RoutingInputErrorCode.NO_LINES, "the order has no lines")
    seen: set[str] = set()
    for line in request.lines:
        if line.quantity <= 0:
            raise RoutingInputError(
                RoutingInputErrorCode.INVALID_QUANTITY,
                f"line {line.line_id} has quantity {line.quantity}; it must be positive",
            )
        if line.line_id in seen:
            raise RoutingInputError(
                RoutingInputErrorCode.DUPLICATE_LINE, f"line {line.line_id} appears twice"
            )
        seen.add(line.line_id)
    delivery = request.delivery
    if delivery.kind == DeliveryKind.PICKUP and not any(
        loc.location_id == delivery.pickup_location_id for loc in request.locations
    ):
        raise RoutingInputError(
            RoutingInputErrorCode.UNKNOWN_PICKUP_LOCATION,
            f"pickup location {delivery.pickup_location_id} is not among the candidate locations",
        )


def _place_destination(request: RoutingRequest, geocoder: Geocoder) -> GeocodeResult:
    destination = request.destination
    if destination.coordinates is not None:
        return GeocodeResult(destination.coordinates, GeocodePrecision.EXACT, "request")
    result = geocoder.geocode(destination.address)
    if result is None:
        raise RoutingInputError(
            RoutingInputErrorCode.UNGEOCODABLE_DESTINATION,
            f"cannot place destination in country {destination.address.country!r}",
        )
    return result


def _filter_locations(
    request: RoutingRequest, criteria: Sequence[Criterion], ctx: RoutingContext
) -> tuple[Sequence[CandidateLocation], list[Reason]]:
    """The locations no filter excludes (the request's own tuple when none is, so that what
    ``location_index`` knows about it is reused), and why each excluded one that could have
    helped left."""
    ordered = {line.variant_id for line in request.lines}
    filters = [criterion for criterion in criteria if criterion.filters]
    eligible, reasons = [], []
    for location in request.locations:
        for criterion in filters:
            why = criterion.exclusion(location, ctx)
            if why:
                break
        else:
            eligible.append(location)
            continue
        # Only locations that could have helped are worth a line in the explanation.
        if any(location.stock.get(variant, 0) > 0 for variant in ordered):
            reasons.append(
                Reason(
                    ReasonCode.LOCATION_EXCLUDED,
                    f"{location.name}: {why}",
                    location_id=location.location_id,
                    rule=criterion.kind,
                )
            )
    if len(eligible) == len(request.locations):
        return request.locations, reasons
    return eligible, reasons  # a list: indexed for this order only


def _cost_params(ruleset: RuleSet) -> LowestCostParams:
    spec = ruleset.rule(RuleKind.LOWEST_COST)
    if spec is not None and isinstance(spec.params, LowestCostParams):
        return spec.params
    return LowestCostParams()


def _shipment(
    planned: PlannedShipment,
    ranking: Sequence[Criterion],
    ctx: RoutingContext,
    cost_params: LowestCostParams,
    problem: Problem,
    request: RoutingRequest,
) -> Shipment:
    location = planned.location
    lines = list(planned.units)
    quantities = planned.units.values()
    scores = {}
    for criterion in ranking:
        score = criterion.per_shipment(location, ctx)
        if scores_per_unit(criterion):
            # One table call: what depends on the location is worked out once for its lines.
            per_unit = criterion.per_unit_table(lines, (location,), ctx)
            score += sum(qty * row[0] for qty, row in zip(quantities, per_unit, strict=True))
        scores[criterion.kind.value] = score
    distance = ctx.distance_km(location)
    return Shipment(
        location_id=location.location_id,
        location_name=location.name,
        lines=tuple(
            ShipmentLine(line.line_id, line.variant_id, line.sku, qty)
            for line, qty in planned.units.items()
        ),
        distance_km=round(distance, 1),
        weight_kg=round(sum(qty * line.weight_kg for line, qty in planned.units.items()), 3),
        cost=round(shipment_cost(location, planned.units, distance, cost_params), 4),
        scores=scores,
        reasons=(explain_shipment(planned, problem, request, ctx),),
    )


def _unplaced(request: RoutingRequest) -> list[Reason]:
    """Every candidate without coordinates is named: it is considered, never silently dropped."""
    distance = round(UNPLACED_DISTANCE_KM, 1)
    return [
        Reason(
            ReasonCode.LOCATION_UNPLACED,
            f"{location.name}: location not placed (no manual position, no oms.lat/oms.lng "
            f"metadata, address not geocodable); counted as the farthest, {distance:,.0f} km",
            location_id=location.location_id,
            data={"distance_km": distance},
        )
        for location in request.locations
        if location.coordinates is None
    ]


def _preamble(place: GeocodeResult) -> list[Reason]:
    reasons = []
    if place.precision != GeocodePrecision.EXACT:
        reasons.append(
            Reason(
                ReasonCode.DESTINATION_GEOCODED,
                f"Destination placed by {place.precision.value} ({place.source})",
                data={"precision": place.precision.value, "source": place.source},
            )
        )
    return reasons


__all__ = ["route", "default_geocoder", "Plan", "UNPLACED_DISTANCE_KM"]
