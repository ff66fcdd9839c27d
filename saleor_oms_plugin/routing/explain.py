"""Reasons people can read and machines can compare.

A shipment's reason states what it carries, how far, and what makes the location notable (the
nearest or only location with everything, say). The decision's reason names the runner-up plan
and the first rule, in rank order, that separates it from the chosen one. When the exact search
used its budget before it finished, a reason says so and how far from the optimum the plan may
be.
"""

from __future__ import annotations

from .criteria import RoutingContext
from .model import DeliveryKind, Reason, ReasonCode, RoutingRequest, SolverStats
from .plan import Plan, PlannedShipment
from .problem import Allocation, Problem


def explain_solver(stats: SolverStats, problem: Problem) -> list[Reason]:
    """A reason when the exact search stopped at its budget: the plan is the best found, and
    the gap (when known) bounds how much better the optimum could be on the first rule."""
    if not stats.timed_out:
        return []
    data: dict[str, float | int | str | None] = {
        "nodes": stats.nodes,
        "work": stats.work,
        "gap": stats.gap,
    }
    message = (
        f"Exact search used its budget ({stats.work:,} work units) before it finished; best plan "
        "found so far used (not proven optimal)"
    )
    ranked = zip(problem.ranking, problem.scored, strict=True)
    active = [criterion for criterion, scored in ranked if scored]
    if stats.gap is not None and active:
        data["rule"] = active[0].kind.value
        message += f", at most {stats.gap:.2%} above the optimum on {active[0].kind.value}"
    return [Reason(ReasonCode.SOLVER_FALLBACK, message, data=data)]


def explain_shipment(
    planned: PlannedShipment, problem: Problem, request: RoutingRequest, ctx: RoutingContext
) -> Reason:
    location = planned.location
    distance = ctx.distance_km(location)
    line_count = len(request.lines)
    units = sum(planned.units.values())
    if len(planned.units) == line_count and units == ctx.total_units:
        whole = _locations_with_everything(problem, request)
        if request.delivery.kind == DeliveryKind.PICKUP:
            what = f"pickup location chosen by the customer, all {line_count} lines in stock"
        elif len(whole) == 1:
            what = f"only location with all {line_count} lines in stock"
        elif min(whole, key=lambda loc: ctx.distance_km(loc)) is location:
            what = f"nearest location with all {line_count} lines in stock"
        else:
            what = f"ships all {line_count} lines"
    else:
        what = f"{len(planned.units)} of {line_count} lines ({units} units)"
    return Reason(
        ReasonCode.SHIPMENT_CHOSEN,
        f"{location.name}: {what}, {distance:,.0f} km",
        location_id=location.location_id,
        data={"distance_km": round(distance, 1), "units": units, "lines": len(planned.units)},
    )


def _locations_with_everything(problem: Problem, request: RoutingRequest) -> list:
    needed: dict[str, int] = {}
    for line in request.lines:
        needed[line.variant_id] = needed.get(line.variant_id, 0) + line.quantity
    return [
        loc
        for loc in problem.locations
        if all(loc.stock.get(variant, 0) >= qty for variant, qty in needed.items())
    ]


def explain_decision(
    problem: Problem, chosen: Allocation, plan: Plan, request: RoutingRequest
) -> list[Reason]:
    reasons = [_backorder_reason(line, request) for line in plan.backorder]
    runner_up = _runner_up(problem, chosen)
    if runner_up is None:
        if chosen.locations:
            reasons.append(
                Reason(ReasonCode.ONLY_OPTION, "No other set of locations ships as many units")
            )
        return reasons
    names = _names(problem, chosen.locations)
    other = _names(problem, runner_up.locations)
    scores = {
        criterion.kind.value: {"chosen": round(mine, 4), "runner_up": round(theirs, 4)}
        for criterion, mine, theirs in zip(
            problem.ranking, chosen.score, runner_up.score, strict=True
        )
    }
    if runner_up.backorder_units > chosen.backorder_units:
        why = f"ships {runner_up.backorder_units - chosen.backorder_units} more units"
        deciding = None
    else:
        decisive = next(
            (
                (criterion, mine, theirs)
                for criterion, mine, theirs in zip(
                    problem.ranking, chosen.score, runner_up.score, strict=True
                )
                if abs(mine - theirs) > 1e-9
            ),
            None,
        )
        if decisive is None:
            why, deciding = "ties on every rule", None
        else:
            deciding, mine, theirs = decisive
            why = f"{deciding.kind.value} {mine:,.2f} vs {theirs:,.2f}"
    return reasons + [
        Reason(
            ReasonCode.DECIDED_BY_RULE,
            f"Chose {names} over {other}: {why}",
            rule=deciding.kind if deciding is not None else None,
            data={"scores": scores},
        )
    ]


def _runner_up(problem: Problem, chosen: Allocation) -> Allocation | None:
    """The best plan on a different set of locations among those the solvers weighed.

    The exact search can prove a plan best while weighing almost nothing else (its bound rules
    the rest out); then every location alone that ships what all of them can, and all of them
    together, are weighed here so that the decision still names an alternative."""
    found = _best_other(problem.evaluated(), chosen)
    if found is None:
        count = len(problem.locations)
        for loc in range(count):
            if problem.is_complete_mask(1 << loc):
                problem.evaluate_mask(1 << loc)
        problem.evaluate_mask((1 << count) - 1)
        found = _best_other(problem.evaluated(), chosen)
    return found


def _best_other(weighed: list[Allocation], chosen: Allocation) -> Allocation | None:
    others = [
        allocation
        for allocation in weighed
        if allocation.locations and allocation.locations != chosen.locations
    ]
    return min(others, key=lambda allocation: allocation.key, default=None)


def _names(problem: Problem, locations: tuple[int, ...]) -> str:
    return " + ".join(problem.locations[loc].name for loc in locations)


def _backorder_reason(line, request: RoutingRequest) -> Reason:
    if request.delivery.kind == DeliveryKind.PICKUP:
        return Reason(
            ReasonCode.PICKUP_SHORT,
            f"{line.sku}: {line.quantity} units short at the pickup location; backordered there",
            location_id=request.delivery.pickup_location_id,
            data={"line_id": line.line_id, "quantity": line.quantity},
        )
    return Reason(
        ReasonCode.BACKORDERED,
        f"{line.sku}: {line.quantity} units backordered, not in stock at any eligible location",
        data={"line_id": line.line_id, "quantity": line.quantity},
    )
