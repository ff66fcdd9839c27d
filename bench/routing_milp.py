"""The routing decision as a mixed-integer programme, solved by HiGHS: the exact search's referee.

It shares nothing with the engine's solver: it reads the request and the rule set, works out
distances (haversine) and money (weight × rate(distance) + handling, parcel cost per shipment)
itself, and lets HiGHS minimise the rules' objectives one after the other (each later one with
the earlier ones held at their optimum). Used by ``bench/routing.py`` as the reference optimum
and by the tests to check the exact mode; ``highspy`` comes with the ``dev`` extra.

Model, for items ``i`` (the order's variants, lines of one variant pooled) and locations ``l``
that hold some of them:

    y_l ∈ {0, 1}                     location l ships
    x_il ∈ ℤ, 0 ≤ x_il ≤ s_il · y_l  units of i from l (s_il: l's stock, at most the demand)
    Σ_l x_il = t_i                   every item ships what all locations together can:
                                     t_i = min(demand_i, Σ_l stock_il), so shipping the most
                                     units comes first, as in the engine

Objectives: ``lowest_cost`` Σ_l (parcel_l + split_penalty) y_l + Σ_il money_il x_il;
``fewest_shipments`` Σ_l y_l; ``nearest`` Σ_il km_l x_il. Only rule sets whose other rules
change nothing on the instance are accepted (``capacity_and_cutoff`` without capacities or
cut-offs, ``pickup_at_chosen_location`` for shipping orders); anything else raises ``ValueError`` rather than answer a different question.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

import highspy

from saleor_oms_plugin.routing.geo import haversine_km
from saleor_oms_plugin.routing.model import (
    LowestCostParams,
    RoutingRequest,
    RuleKind,
    RuleSet,
)

OBJECTIVES = (RuleKind.LOWEST_COST, RuleKind.FEWEST_SHIPMENTS, RuleKind.NEAREST)
# Later objectives may not lift an earlier one past its optimum by more than this (relative).
HOLD = 1e-9


@dataclass(frozen=True)
class MilpPlan:
    """The referee's answer: per rule, the optimum's score; and the plan itself."""

    scores: dict[str, float]  # rule type -> score of the plan, worked out from its units
    money: float  # parcel cost + weight × rate(distance) + handling: what the benchmark compares
    shipments: int
    units: dict[tuple[str, str], int]  # (location id, variant id) -> units
    backordered: int


def solve_milp(
    request: RoutingRequest, ruleset: RuleSet, *, time_limit_s: float = 120.0
) -> MilpPlan:
    """The rule set's optimum for the request, by HiGHS (proven, or ``RuntimeError``)."""
    ranking = _ranking(request, ruleset)
    dest = request.destination.coordinates
    if dest is None:
        raise ValueError("the referee needs the destination's coordinates")
    demand: dict[str, int] = {}
    weight: dict[str, float] = {}
    for line in request.lines:
        demand[line.variant_id] = demand.get(line.variant_id, 0) + line.quantity
        weight[line.variant_id] = line.weight_kg
    holders = [loc for loc in request.locations if any(loc.stock.get(v, 0) > 0 for v in demand)]
    km = {loc.location_id: haversine_km(dest, loc.coordinates) for loc in holders}
    target = {v: min(q, sum(loc.stock.get(v, 0) for loc in holders)) for v, q in demand.items()}
    money_params = _money(ruleset)
    rate = money_params.rate_table.price_per_kg

    def unit_money(variant: str, loc) -> float:
        return weight[variant] * rate(km[loc.location_id]) + loc.cost.handling_cost_per_unit

    if not any(target.values()):  # nothing in stock anywhere: nothing ships, nothing to solve
        empty = dict.fromkeys((kind.value for kind in ranking), 0.0)
        return MilpPlan(empty, 0.0, 0, {}, sum(demand.values()))
    h = _highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 1e-9)
    h.setOptionValue("time_limit", time_limit_s)
    # Columns: y per location, then x per (variant, location) with stock.
    y = {loc.location_id: n for n, loc in enumerate(holders)}
    x: dict[tuple[str, str], int] = {}
    for variant in demand:
        for loc in holders:
            if loc.stock.get(variant, 0) > 0 and target[variant] > 0:
                x[(variant, loc.location_id)] = len(y) + len(x)
    count = len(y) + len(x)
    by_id = {loc.location_id: loc for loc in holders}
    upper = [1.0] * len(y) + [
        float(min(by_id[loc_id].stock[variant], target[variant])) for variant, loc_id in x
    ]
    h.addVars(count, [0.0] * count, upper)
    h.changeColsIntegrality(count, list(range(count)), [highspy.HighsVarType.kInteger] * count)
    inf = highspy.kHighsInf
    for variant, need in target.items():
        columns = [col for (v, _), col in x.items() if v == variant]
        if columns:
            h.addRow(float(need), float(need), len(columns), columns, [1.0] * len(columns))
    for (_, loc_id), col in x.items():  # x_il − cap_il · y_l ≤ 0
        h.addRow(-inf, 0.0, 2, [col, y[loc_id]], [1.0, -upper[col]])

    def objective(kind: RuleKind) -> list[float]:
        costs = [0.0] * count
        for loc_id, col in y.items():
            if kind == RuleKind.LOWEST_COST:
                costs[col] = by_id[loc_id].cost.parcel_fixed_cost + money_params.split_penalty
            elif kind == RuleKind.FEWEST_SHIPMENTS:
                costs[col] = 1.0
        for (variant, loc_id), col in x.items():
            if kind == RuleKind.LOWEST_COST:
                costs[col] = unit_money(variant, by_id[loc_id])
            elif kind == RuleKind.NEAREST:
                costs[col] = km[loc_id]
        return costs

    solution: list[float] = [0.0] * count
    for kind in ranking:
        costs = objective(kind)
        h.changeColsCost(count, list(range(count)), costs)
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(
                f"HiGHS did not prove an optimum: {h.modelStatusToString(h.getModelStatus())}"
            )
        solution = list(h.getSolution().col_value)
        best = sum(c * v for c, v in zip(costs, solution, strict=True))
        # Hold this objective at its optimum while the next ones are minimised.
        nonzero = [col for col in range(count) if costs[col]]
        h.addRow(
            -inf,
            best + HOLD * (1.0 + abs(best)),
            len(nonzero),
            nonzero,
            [costs[col] for col in nonzero],
        )
    units = {
        (loc_id, variant): round(solution[col])
        for (variant, loc_id), col in x.items()
        if round(solution[col]) > 0
    }
    used = {loc_id for loc_id, _ in units}
    money = sum(by_id[loc_id].cost.parcel_fixed_cost for loc_id in used) + sum(
        qty * unit_money(variant, by_id[loc_id]) for (loc_id, variant), qty in units.items()
    )
    scores = {}
    for kind in ranking:
        if kind == RuleKind.LOWEST_COST:
            scores[kind.value] = money + money_params.split_penalty * len(used)
        elif kind == RuleKind.FEWEST_SHIPMENTS:
            scores[kind.value] = float(len(used))
        else:
            scores[kind.value] = sum(qty * km[loc_id] for (loc_id, _), qty in units.items())
    backordered = sum(demand.values()) - sum(units.values())
    return MilpPlan(scores, money, len(used), units, backordered)


def _highs() -> highspy.Highs:
    """A HiGHS instance; the first one prints a banner on standard output (where the
    benchmark's JSON goes), so it is sent to standard error."""
    global _banner_shown
    if _banner_shown:
        return highspy.Highs()
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        os.dup2(2, 1)
        return highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        _banner_shown = True


_banner_shown = False


def _ranking(request: RoutingRequest, ruleset: RuleSet) -> list[RuleKind]:
    ranking = []
    for rule in ruleset.rules:
        if rule.kind in OBJECTIVES:
            ranking.append(rule.kind)
        elif rule.kind == RuleKind.CAPACITY_AND_CUTOFF and not any(
            loc.cutoff is not None or loc.daily_capacity_left is not None
            for loc in request.locations
        ):
            continue  # filters and ranks nothing here
        elif (
            rule.kind == RuleKind.PICKUP_AT_CHOSEN_LOCATION and request.delivery.kind == "shipping"
        ):
            continue  # every location ships (checked below)
        else:
            raise ValueError(f"the referee does not model {rule.kind.value}")
    if any(loc.coordinates is None or not loc.ships for loc in request.locations):
        raise ValueError("the referee needs every location placed and shipping")
    return ranking


def _money(ruleset: RuleSet) -> LowestCostParams:
    spec = ruleset.rule(RuleKind.LOWEST_COST)
    if spec is not None and isinstance(spec.params, LowestCostParams):
        return spec.params
    return LowestCostParams()


__all__ = ["MilpPlan", "solve_milp"]
