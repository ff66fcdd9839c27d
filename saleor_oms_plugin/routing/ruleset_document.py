"""The rule-set document: a routing rule set as JSON-able data. Parse and validate it, write it
back, version it, pick the one for a channel.

Everything here is pure: fulfilment stores documents (``RoutingRuleSet``) and parses them here.
Parsing collects every problem before failing, each with the JSON path that caused it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from typing import Any, TypeVar

from .criteria import FIELD_READERS, NUMERIC_FIELDS
from .errors import RuleSetErrorCode, RuleSetInvalid, RuleSetIssue
from .model import (
    DEFAULT_RATE_TABLE,
    CapacityCutoffParams,
    Condition,
    ConditionOp,
    CutoffPolicy,
    ExcludeParams,
    LowestCostParams,
    Market,
    NoParams,
    RateBand,
    RateTable,
    RuleKind,
    RuleParams,
    RuleSet,
    RuleSetState,
    RuleSpec,
    SameMarketParams,
    SolverMode,
    SolverSettings,
)

Code = RuleSetErrorCode
REPEATABLE = frozenset({RuleKind.EXCLUDE_LOCATIONS})
MAX_TIME_BUDGET_MS = 10_000.0
E = TypeVar("E", bound=StrEnum)


class _Reader:
    """Reads typed values out of untrusted JSON, recording issues instead of raising."""

    def __init__(self) -> None:
        self.issues: list[RuleSetIssue] = []

    def fail(self, path: str, code: RuleSetErrorCode, message: str) -> None:
        self.issues.append(RuleSetIssue(path, code, message))

    def unknown_keys(self, data: Mapping[str, Any], allowed: Iterable[str], path: str) -> None:
        for key in sorted(set(data) - set(allowed)):
            self.fail(_join(path, key), Code.UNKNOWN_KEY, f"unknown key {key!r}")

    def string(
        self, data: Mapping[str, Any], key: str, path: str, default: str | None = None
    ) -> str:
        value = data.get(key, default)
        if value is None:
            self.fail(_join(path, key), Code.REQUIRED, f"{key} is required")
            return ""
        if not isinstance(value, str) or not value.strip():
            self.fail(_join(path, key), Code.INVALID_TYPE, f"{key} must be a non-empty string")
            return ""
        return value

    def number(
        self, data: Mapping[str, Any], key: str, path: str, default: float, minimum: float = 0.0
    ) -> float:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(_join(path, key), Code.INVALID_TYPE, f"{key} must be a number")
            return default
        if value < minimum:
            self.fail(_join(path, key), Code.INVALID_VALUE, f"{key} must be at least {minimum:g}")
            return default
        return float(value)

    def boolean(self, data: Mapping[str, Any], key: str, path: str, default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.fail(_join(path, key), Code.INVALID_TYPE, f"{key} must be true or false")
            return default
        return value

    def strings(
        self, data: Mapping[str, Any], key: str, path: str, upper: bool = False
    ) -> frozenset[str]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.fail(_join(path, key), Code.INVALID_TYPE, f"{key} must be a list of strings")
            return frozenset()
        return frozenset(v.upper() if upper else v for v in value)

    def choice(self, data: Mapping[str, Any], key: str, path: str, enum: type[E], default: E) -> E:
        raw = data.get(key, default)
        try:
            return enum(raw)
        except ValueError:
            allowed = ", ".join(member.value for member in enum)
            self.fail(_join(path, key), Code.INVALID_VALUE, f"{key} must be one of: {allowed}")
            return default


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


# ------------------------------------------------------------------------------------ parsing


def parse_ruleset(data: Any) -> RuleSet:
    """Validate a rule-set document and build a ``RuleSet``; raise ``RuleSetInvalid`` listing
    every issue. ``pickup_at_chosen_location`` is implied first when absent."""
    reader = _Reader()
    if not isinstance(data, Mapping):
        raise RuleSetInvalid([RuleSetIssue("", Code.INVALID_TYPE, "a rule set must be an object")])
    reader.unknown_keys(data, ("name", "version", "state", "channel", "solver", "rules"), "")
    name = reader.string(data, "name", "")
    version = data.get("version", 1)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        reader.fail("version", Code.INVALID_VALUE, "version must be a whole number from 1")
        version = 1
    state = reader.choice(data, "state", "", RuleSetState, RuleSetState.DRAFT)
    channel = data.get("channel")
    if channel is not None and (not isinstance(channel, str) or not channel):
        reader.fail("channel", Code.INVALID_TYPE, "channel must be a channel slug or null")
        channel = None
    solver = _parse_solver(reader, data.get("solver", {}))
    rules = _parse_rules(reader, data.get("rules"))
    if reader.issues:
        raise RuleSetInvalid(reader.issues)
    return RuleSet(name, version, state, rules, channel, solver)


def _parse_solver(reader: _Reader, data: Any) -> SolverSettings:
    if not isinstance(data, Mapping):
        reader.fail("solver", Code.INVALID_TYPE, "solver must be an object")
        return SolverSettings()
    reader.unknown_keys(data, ("mode", "time_budget_ms"), "solver")
    mode = reader.choice(data, "mode", "solver", SolverMode, SolverMode.EXACT)
    budget = reader.number(data, "time_budget_ms", "solver", SolverSettings.time_budget_ms, 0.1)
    if budget > MAX_TIME_BUDGET_MS:
        reader.fail("solver.time_budget_ms", Code.INVALID_VALUE, "time_budget_ms is at most 10000")
    return SolverSettings(mode, budget)


def _parse_rules(reader: _Reader, data: Any) -> tuple[RuleSpec, ...]:
    if data is None:
        reader.fail("rules", Code.REQUIRED, "rules is required")
        return ()
    if not isinstance(data, list):
        reader.fail("rules", Code.INVALID_TYPE, "rules must be a list")
        return ()
    specs: list[RuleSpec] = []
    seen: dict[RuleKind, int] = {}
    for index, raw in enumerate(data):
        path = _join("rules", index)
        spec = _parse_rule(reader, raw, path)
        if spec is None:
            continue
        if spec.kind in seen and spec.kind not in REPEATABLE:
            reader.fail(
                _join(path, "type"),
                Code.DUPLICATE_RULE,
                f"{spec.kind} already appears at rules[{seen[spec.kind]}]",
            )
        if spec.kind == RuleKind.PICKUP_AT_CHOSEN_LOCATION and index != 0:
            reader.fail(
                _join(path, "type"), Code.INVALID_ORDER, "pickup_at_chosen_location must come first"
            )
        seen.setdefault(spec.kind, index)
        specs.append(spec)
    if RuleKind.PICKUP_AT_CHOSEN_LOCATION not in seen:
        specs.insert(0, RuleSpec(RuleKind.PICKUP_AT_CHOSEN_LOCATION))
    return tuple(specs)


def _parse_rule(reader: _Reader, raw: Any, path: str) -> RuleSpec | None:
    if not isinstance(raw, Mapping):
        reader.fail(path, Code.INVALID_TYPE, "a rule must be an object")
        return None
    kind_name = raw.get("type")
    if kind_name is None:
        reader.fail(_join(path, "type"), Code.REQUIRED, "type is required")
        return None
    try:
        kind = RuleKind(kind_name)
    except ValueError:
        known = ", ".join(kind.value for kind in RuleKind)
        reader.fail(
            _join(path, "type"), Code.UNKNOWN_RULE, f"unknown rule {kind_name!r}; known: {known}"
        )
        return None
    parser = _PARAM_PARSERS.get(kind)
    if parser is None:
        reader.unknown_keys(raw, ("type",), path)
        return RuleSpec(kind)
    return RuleSpec(kind, parser(reader, raw, path))


def _parse_exclude(reader: _Reader, raw: Mapping[str, Any], path: str) -> RuleParams:
    reader.unknown_keys(raw, ("type", "tags", "countries", "location_ids", "when"), path)
    params = ExcludeParams(
        tags=reader.strings(raw, "tags", path),
        countries=reader.strings(raw, "countries", path, upper=True),
        location_ids=reader.strings(raw, "location_ids", path),
        when=_parse_conditions(reader, raw.get("when", []), _join(path, "when")),
    )
    # Judged on the document, so a broken condition is not also reported as a missing one.
    if not any(raw.get(key) for key in ("tags", "countries", "location_ids", "when")):
        reader.fail(path, Code.REQUIRED, "give tags, countries, location_ids or when")
    return params


def _parse_conditions(reader: _Reader, raw: Any, path: str) -> tuple[Condition, ...]:
    if not isinstance(raw, list):
        reader.fail(path, Code.INVALID_TYPE, "when must be a list of conditions")
        return ()
    conditions = []
    for index, item in enumerate(raw):
        item_path = _join(path, index)
        if not isinstance(item, Mapping):
            reader.fail(item_path, Code.INVALID_TYPE, "a condition must be an object")
            continue
        reader.unknown_keys(item, ("field", "op", "value"), item_path)
        field_name = item.get("field")
        if field_name not in FIELD_READERS:
            known = ", ".join(sorted(FIELD_READERS))
            reader.fail(
                _join(item_path, "field"),
                Code.UNKNOWN_FIELD,
                f"unknown field {field_name!r}; known: {known}",
            )
            continue
        try:
            op = ConditionOp(item.get("op", ""))
        except ValueError:
            known = ", ".join(op.value for op in ConditionOp)
            reader.fail(
                _join(item_path, "op"),
                Code.UNKNOWN_OPERATOR,
                f"unknown operator {item.get('op')!r}; known: {known}",
            )
            continue
        value = _condition_value(
            reader, field_name, op, item.get("value"), _join(item_path, "value")
        )
        if value is not None:
            conditions.append(Condition(field_name, op, value))
    return tuple(conditions)


def _condition_value(
    reader: _Reader, field_name: str, op: ConditionOp, value: Any, path: str
) -> Any:
    numeric = field_name in NUMERIC_FIELDS
    if op in (ConditionOp.IN, ConditionOp.NOT_IN):
        if not isinstance(value, list) or not value:
            reader.fail(path, Code.INVALID_TYPE, f"{op.value} needs a non-empty list")
            return None
        if numeric or not all(isinstance(v, str) for v in value):
            reader.fail(
                path, Code.INVALID_TYPE, f"{op.value} compares text fields with a list of strings"
            )
            return None
        return tuple(_canonical_text(field_name, v) for v in value)
    if numeric:
        if isinstance(value, bool) or not isinstance(value, int | float):
            reader.fail(path, Code.INVALID_TYPE, f"{field_name} compares with a number")
            return None
        return value
    if op not in (ConditionOp.EQ, ConditionOp.NE):
        reader.fail(path, Code.INVALID_VALUE, f"{field_name} is text: use eq, ne, in or not_in")
        return None
    if not isinstance(value, str):
        reader.fail(path, Code.INVALID_TYPE, f"{field_name} compares with a string")
        return None
    return _canonical_text(field_name, value)


def _canonical_text(field_name: str, value: str) -> str:
    # Country codes are read upper-cased from orders and locations; match that here.
    return value.upper() if field_name.endswith("country") else value


def _parse_capacity(reader: _Reader, raw: Mapping[str, Any], path: str) -> RuleParams:
    reader.unknown_keys(raw, ("type", "cutoff"), path)
    return CapacityCutoffParams(
        reader.choice(raw, "cutoff", path, CutoffPolicy, CutoffPolicy.PREFER)
    )


def _parse_same_market(reader: _Reader, raw: Mapping[str, Any], path: str) -> RuleParams:
    reader.unknown_keys(raw, ("type", "markets", "strict"), path)
    markets_raw = raw.get("markets", [])
    markets: list[Market] = []
    owner: dict[str, str] = {}
    if not isinstance(markets_raw, list):
        reader.fail(_join(path, "markets"), Code.INVALID_TYPE, "markets must be a list")
        markets_raw = []
    for index, item in enumerate(markets_raw):
        item_path = _join(_join(path, "markets"), index)
        if not isinstance(item, Mapping):
            reader.fail(item_path, Code.INVALID_TYPE, "a market must be an object")
            continue
        reader.unknown_keys(item, ("name", "countries"), item_path)
        market = Market(
            reader.string(item, "name", item_path),
            reader.strings(item, "countries", item_path, upper=True),
        )
        for country in sorted(market.countries):
            if country in owner:
                reader.fail(
                    _join(item_path, "countries"),
                    Code.INVALID_VALUE,
                    f"{country} is already in market {owner[country]!r}",
                )
            owner[country] = market.name
        markets.append(market)
    return SameMarketParams(tuple(markets), reader.boolean(raw, "strict", path, False))


def _parse_lowest_cost(reader: _Reader, raw: Mapping[str, Any], path: str) -> RuleParams:
    reader.unknown_keys(raw, ("type", "rate_table", "split_penalty"), path)
    penalty = reader.number(raw, "split_penalty", path, 0.0)
    if "rate_table" not in raw:
        return LowestCostParams(DEFAULT_RATE_TABLE, penalty)
    return LowestCostParams(
        _parse_rate_table(reader, raw["rate_table"], _join(path, "rate_table")), penalty
    )


def _parse_rate_table(reader: _Reader, raw: Any, path: str) -> RateTable:
    if not isinstance(raw, list) or not raw:
        reader.fail(path, Code.INVALID_TYPE, "rate_table must be a non-empty list of bands")
        return DEFAULT_RATE_TABLE
    bands = []
    previous = 0.0
    for index, item in enumerate(raw):
        band_path = _join(path, index)
        if not isinstance(item, Mapping):
            reader.fail(band_path, Code.INVALID_TYPE, "a band must be an object")
            continue
        reader.unknown_keys(item, ("up_to_km", "per_kg", "per_kg_km"), band_path)
        up_to = item.get("up_to_km")
        last = index == len(raw) - 1
        if up_to is None and not last:
            reader.fail(
                _join(band_path, "up_to_km"),
                Code.INVALID_VALUE,
                "only the last band may be open-ended",
            )
        elif up_to is not None and last:
            reader.fail(
                _join(band_path, "up_to_km"),
                Code.INVALID_VALUE,
                "the last band must be open-ended (null)",
            )
        elif up_to is not None:
            if isinstance(up_to, bool) or not isinstance(up_to, int | float) or up_to <= previous:
                reader.fail(
                    _join(band_path, "up_to_km"),
                    Code.INVALID_VALUE,
                    f"up_to_km must be a number above {previous:g}",
                )
            else:
                previous = float(up_to)
        bands.append(
            RateBand(
                None if up_to is None else previous,
                reader.number(item, "per_kg", band_path, 0.0),
                reader.number(item, "per_kg_km", band_path, 0.0),
            )
        )
    return RateTable(tuple(bands))


_PARAM_PARSERS = {
    RuleKind.EXCLUDE_LOCATIONS: _parse_exclude,
    RuleKind.CAPACITY_AND_CUTOFF: _parse_capacity,
    RuleKind.SAME_MARKET: _parse_same_market,
    RuleKind.LOWEST_COST: _parse_lowest_cost,
}


# ------------------------------------------------------------------------------------ writing


def ruleset_to_dict(ruleset: RuleSet) -> dict[str, Any]:
    """The document ``parse_ruleset`` accepts; parse(to_dict(x)) == x."""
    return {
        "name": ruleset.name,
        "version": ruleset.version,
        "state": ruleset.state.value,
        "channel": ruleset.channel,
        "solver": {
            "mode": ruleset.solver.mode.value,
            "time_budget_ms": ruleset.solver.time_budget_ms,
        },
        "rules": [_rule_to_dict(rule) for rule in ruleset.rules],
    }


def _rule_to_dict(rule: RuleSpec) -> dict[str, Any]:
    out: dict[str, Any] = {"type": rule.kind.value}
    params = rule.params
    if isinstance(params, ExcludeParams):
        out |= {
            "tags": sorted(params.tags),
            "countries": sorted(params.countries),
            "location_ids": sorted(params.location_ids),
            "when": [
                {
                    "field": c.field,
                    "op": c.op.value,
                    "value": list(c.value) if isinstance(c.value, tuple) else c.value,
                }
                for c in params.when
            ],
        }
    elif isinstance(params, CapacityCutoffParams):
        out["cutoff"] = params.cutoff.value
    elif isinstance(params, SameMarketParams):
        out["strict"] = params.strict
        out["markets"] = [
            {"name": m.name, "countries": sorted(m.countries)} for m in params.markets
        ]
    elif isinstance(params, LowestCostParams):
        out["split_penalty"] = params.split_penalty
        out["rate_table"] = [dataclasses.asdict(band) for band in params.rate_table.bands]
    else:
        assert isinstance(params, NoParams)
    return out


# ------------------------------------------------------------------------------------ lifecycle


def ruleset_publish(ruleset: RuleSet) -> RuleSet:
    """A published rule set is frozen: edits go to ``ruleset_next_draft``."""
    if ruleset.state != RuleSetState.DRAFT:
        raise RuleSetInvalid(
            [
                RuleSetIssue(
                    "state", Code.NOT_DRAFT, f"version {ruleset.version} is already published"
                )
            ]
        )
    return dataclasses.replace(ruleset, state=RuleSetState.PUBLISHED)


def ruleset_next_draft(ruleset: RuleSet, rules: Sequence[RuleSpec] | None = None) -> RuleSet:
    return dataclasses.replace(
        ruleset,
        version=ruleset.version + 1,
        state=RuleSetState.DRAFT,
        rules=tuple(rules) if rules is not None else ruleset.rules,
    )


def ruleset_for_channel(rulesets: Iterable[RuleSet], channel: str) -> RuleSet | None:
    """Newest published rule set for the channel, else the newest published tenant default."""
    published = [r for r in rulesets if r.state == RuleSetState.PUBLISHED]
    for scope in (channel, None):
        scoped = [r for r in published if r.channel == scope]
        if scoped:
            return max(scoped, key=lambda r: r.version)
    return None
