"""The condition language: JSON in, a validated AST of frozen dataclasses out, evaluated in Python.

A condition is a tree of groups and comparisons::

    {"all": [                                     # every child holds ({"all": []} = always)
        {"field": "hours_since_paid", "op": "gt", "value": 336},
        {"not": {"field": "status", "op": "in", "value": ["FULFILLED", "CANCELED"]}},
        {"any": [                                 # at least one child holds
            {"field": "metadata", "key": "vip", "op": "eq", "value": "yes"},
            {"field": "skus", "op": "contains_any", "value": ["GIFT-1"]}]}]}

Fields come from the whitelist in :mod:`fields`, or are the fields the trigger's event declares
(``event.<key>``, see triggers.py), read from the facts' ``event`` dict; nothing is ever passed to ``eval``. Parsing
collects *every* issue with its path and code, so an editor can show them all at once.
:func:`evaluate` runs over a plain facts dict (event rules); ``query.to_q`` compiles the same
AST to the database (time rules). Both share :func:`hours_threshold`, so they cannot disagree
on a boundary.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, Union

from saleor_oms_plugin.rules.error_codes import ConditionErrorCode as C
from saleor_oms_plugin.rules.errors import Issue, RuleValidationError
from saleor_oms_plugin.rules.fields import (
    ALL_OPERATORS,
    FIELDS,
    HOURS_SOURCES,
    OPERATORS,
    EventField,
    FieldSpec,
    FieldType,
    Subject,
    event_field_spec,
    event_key,
)

MAX_DEPTH = 8
MAX_NODES = 200
MAX_LIST = 100
MAX_STRING = 255
MAX_HOURS = 24 * 365 * 20
MAX_NUMBER = Decimal("1e12")
_CURRENCY = re.compile(r"[A-Z]{3}")
_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:-/")


@dataclass(frozen=True)
class All:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class AnyOf:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    child: Node


@dataclass(frozen=True)
class Compare:
    field: str
    op: str
    # Decimal (numbers, hours), str, bool, or a tuple of str (in / not_in / set operators).
    value: Any
    key: str | None = None
    # Money fields: the ISO 4217 code the amount is in; the comparison holds only for a
    # subject in that currency (an amount compared across currencies means nothing).
    currency: str | None = None
    # An event field (``event.<key>``): its declared type, so evaluation needs no registry.
    event_type: FieldType | None = None


Node = Union[All, AnyOf, Not, Compare]  # noqa: UP007 - a runtime alias used in isinstance-free code

ALWAYS = All(())


# -- parsing -------------------------------------------------------------------------------------


class _Parser:
    def __init__(self, subject: Subject, event_fields: Mapping[str, EventField]) -> None:
        self.subject = subject
        self.event_fields = event_fields
        self.issues: list[Issue] = []
        self.nodes = 0

    def fail(self, path: str, code: C, message: str) -> None:
        self.issues.append(Issue(path, code, message))

    def node(self, raw: Any, path: str, depth: int) -> Node | None:
        self.nodes += 1
        if self.nodes == MAX_NODES + 1:
            self.fail(path, C.TOO_LARGE, f"a condition has at most {MAX_NODES} nodes")
        if depth > MAX_DEPTH:
            self.fail(path, C.TOO_DEEP, f"conditions nest at most {MAX_DEPTH} levels")
            return None
        if not isinstance(raw, dict):
            self.fail(path, C.INVALID_NODE, "expected an object")
            return None
        groups = [key for key in ("all", "any", "not") if key in raw]
        if groups:
            extra = sorted(set(raw) - {groups[0]})
            if extra:
                self.fail(
                    f"{path}.{extra[0]}",
                    C.UNEXPECTED_KEY,
                    f"a {groups[0]!r} group takes no other key",
                )
            return self.group(groups[0], raw[groups[0]], f"{path}.{groups[0]}", depth)
        if "field" not in raw:
            self.fail(path, C.INVALID_NODE, "expected 'all', 'any', 'not' or a 'field' comparison")
            return None
        return self.compare(raw, path)

    def group(self, kind: str, raw: Any, path: str, depth: int) -> Node | None:
        if kind == "not":
            child = self.node(raw, path, depth + 1)
            return Not(child) if child is not None else None
        if not isinstance(raw, list):
            self.fail(path, C.INVALID_NODE, f"'{kind}' takes a list of conditions")
            return None
        if kind == "any" and not raw:
            self.fail(path, C.EMPTY_GROUP, "an empty 'any' never holds")
            return None
        children = [self.node(child, f"{path}[{i}]", depth + 1) for i, child in enumerate(raw)]
        if any(child is None for child in children):
            return None
        kept = tuple(c for c in children if c is not None)
        return All(kept) if kind == "all" else AnyOf(kept)

    def compare(self, raw: dict[str, Any], path: str) -> Compare | None:
        name, op = raw.get("field"), raw.get("op")
        for extra in sorted(set(raw) - {"field", "op", "value", "key", "currency"}):
            self.fail(f"{path}.{extra}", C.UNEXPECTED_KEY, f"unknown key {extra!r}")
        if isinstance(name, str) and event_key(name) is not None:
            spec = self.event_spec(name, path)
            if spec is None:
                return None
        elif not isinstance(name, str) or name not in FIELDS:
            self.fail(f"{path}.field", C.UNKNOWN_FIELD, f"unknown field {name!r}")
            return None
        else:
            spec = FIELDS[name]
        if self.subject not in spec.subjects:
            self.fail(
                f"{path}.field",
                C.FIELD_NOT_AVAILABLE,
                f"{name!r} is not available for {self.subject.value} triggers",
            )
            return None
        if "op" not in raw:
            self.fail(f"{path}.op", C.MISSING_KEY, "missing 'op'")
            return None
        if not isinstance(op, str) or op not in ALL_OPERATORS:
            self.fail(f"{path}.op", C.UNKNOWN_OPERATOR, f"unknown operator {op!r}")
            return None
        if op not in OPERATORS[spec.type]:
            allowed = ", ".join(sorted(OPERATORS[spec.type]))
            self.fail(
                f"{path}.op",
                C.OPERATOR_NOT_ALLOWED,
                f"{op!r} does not apply to {spec.type.value} field {name!r} ({allowed})",
            )
            return None
        key = self.key(spec, raw, path)
        currency = self.currency(spec, raw, path)
        if "value" not in raw:
            self.fail(f"{path}.value", C.MISSING_KEY, "missing 'value'")
            return None
        value = self.value(spec, op, raw["value"], f"{path}.value")
        if value is None or (spec.type is FieldType.MAP and key is None):
            return None
        if spec.money and currency is None:
            return None
        event_type = spec.type if event_key(name) is not None else None
        return Compare(name, op, value, key, currency, event_type)

    def event_spec(self, name: str, path: str) -> FieldSpec | None:
        key = event_key(name) or ""
        declared = self.event_fields.get(key)
        if declared is None:
            known = ", ".join(f"event.{k}" for k in sorted(self.event_fields)) or "none"
            self.fail(
                f"{path}.field",
                C.UNKNOWN_EVENT_FIELD,
                f"unknown event field {name!r}: this trigger's event carries {known}",
            )
            return None
        if declared.type is None:
            self.fail(
                f"{path}.field",
                C.FIELD_NOT_AVAILABLE,
                f"{name!r} can be shown in templates but not compared",
            )
            return None
        return event_field_spec(declared)

    def currency(self, spec: FieldSpec, raw: dict[str, Any], path: str) -> str | None:
        if not spec.money:
            if "currency" in raw:
                self.fail(
                    f"{path}.currency", C.UNEXPECTED_KEY, f"{spec.name!r} takes no 'currency'"
                )
            return None
        code = raw.get("currency")
        if "currency" not in raw:
            self.fail(
                f"{path}.currency",
                C.MISSING_KEY,
                f"{spec.name!r} is an amount of money: name its currency "
                '(e.g. "currency": "USD"); use one comparison per currency',
            )
            return None
        if not isinstance(code, str) or not _CURRENCY.fullmatch(code.upper()):
            self.fail(f"{path}.currency", C.INVALID_VALUE, "an ISO 4217 code, e.g. USD")
            return None
        return code.upper()

    def key(self, spec: FieldSpec, raw: dict[str, Any], path: str) -> str | None:
        key = raw.get("key")
        if spec.type is not FieldType.MAP:
            if "key" in raw:
                self.fail(f"{path}.key", C.UNEXPECTED_KEY, f"{spec.name!r} takes no 'key'")
            return None
        if "key" not in raw:
            self.fail(f"{path}.key", C.MISSING_KEY, f"{spec.name!r} needs a 'key'")
            return None
        if not isinstance(key, str) or not 0 < len(key) <= 100 or not set(key) <= _KEY_CHARS:
            self.fail(
                f"{path}.key",
                C.INVALID_VALUE,
                "a key is 1-100 characters of letters, digits and _ . : - /",
            )
            return None
        return key

    def value(self, spec: FieldSpec, op: str, raw: Any, path: str) -> Any:
        if op in {"is_null", "exists"} or spec.type is FieldType.BOOLEAN:
            if not isinstance(raw, bool):
                self.fail(path, C.INVALID_VALUE, f"{op!r} takes true or false")
                return None
            return raw
        if spec.type in {FieldType.NUMBER, FieldType.HOURS}:
            return self.number(spec, raw, path)
        if op in {"in", "not_in"} or spec.type is FieldType.SET:
            if not isinstance(raw, list) or not 0 < len(raw) <= MAX_LIST:
                self.fail(path, C.INVALID_VALUE, f"{op!r} takes a list of 1 to {MAX_LIST} strings")
                return None
            items = [self.string(spec, item, f"{path}[{i}]") for i, item in enumerate(raw)]
            if any(item is None for item in items):
                return None
            return tuple(items)
        return self.string(spec, raw, path)

    def number(self, spec: FieldSpec, raw: Any, path: str) -> Decimal | None:
        if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
            self.fail(path, C.INVALID_VALUE, f"{spec.name!r} compares with a number")
            return None
        number = Decimal(str(raw))
        if spec.type is FieldType.HOURS and not 0 <= number <= MAX_HOURS:
            self.fail(path, C.INVALID_VALUE, f"hours must be between 0 and {MAX_HOURS}")
            return None
        if abs(number) > MAX_NUMBER:
            self.fail(path, C.INVALID_VALUE, f"numbers are at most {MAX_NUMBER:,.0f}")
            return None
        return number

    def string(self, spec: FieldSpec, raw: Any, path: str) -> str | None:
        if not isinstance(raw, str) or len(raw) > MAX_STRING:
            self.fail(
                path, C.INVALID_VALUE, f"expected a string of at most {MAX_STRING} characters"
            )
            return None
        return raw.lower() if spec.lowercase else raw


def check(
    raw: Any,
    *,
    subject: Subject = Subject.ORDER,
    path: str = "conditions",
    event_fields: Mapping[str, EventField] | None = None,
) -> tuple[Node | None, list[Issue]]:
    """The AST of ``raw`` and the issues found (the AST is None whenever there is an issue).
    ``event_fields``: what the trigger's event declares (``event.<key>`` may name those)."""
    parser = _Parser(subject, event_fields or {})
    node = parser.node(raw, path, 1)
    return (node if not parser.issues else None), parser.issues


def parse(
    raw: Any,
    *,
    subject: Subject = Subject.ORDER,
    path: str = "conditions",
    event_fields: Mapping[str, EventField] | None = None,
) -> Node:
    node, issues = check(raw, subject=subject, path=path, event_fields=event_fields)
    if issues:
        raise RuleValidationError(issues)
    assert node is not None
    return node


def fields_used(node: Node) -> set[str]:
    if isinstance(node, Compare):
        return {node.field}
    if isinstance(node, Not):
        return fields_used(node.child)
    return set().union(*(fields_used(child) for child in node.children))


def to_json(node: Node) -> dict[str, Any]:
    """The canonical JSON of an AST (what is stored and exported)."""
    if isinstance(node, All):
        return {"all": [to_json(c) for c in node.children]}
    if isinstance(node, AnyOf):
        return {"any": [to_json(c) for c in node.children]}
    if isinstance(node, Not):
        return {"not": to_json(node.child)}
    value = node.value
    if isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else float(value)
    elif isinstance(value, tuple):
        value = list(value)
    raw: dict[str, Any] = {"field": node.field, "op": node.op, "value": value}
    if node.key is not None:
        raw["key"] = node.key
    if node.currency is not None:
        raw["currency"] = node.currency
    return raw


# -- evaluation ---------------------------------------------------------------------------------


def hours_threshold(now: datetime, hours: Decimal) -> datetime:
    """``hours_since_x > h`` ⇔ ``x < now - h``: both evaluators compare moments with this."""
    return now - timedelta(hours=float(hours))


def evaluate(node: Node, facts: Mapping[str, Any], *, now: datetime) -> bool:
    if isinstance(node, All):
        return all(evaluate(child, facts, now=now) for child in node.children)
    if isinstance(node, AnyOf):
        return any(evaluate(child, facts, now=now) for child in node.children)
    if isinstance(node, Not):
        return not evaluate(node.child, facts, now=now)
    return _compare(node, facts, now)


def _compare(node: Compare, facts: Mapping[str, Any], now: datetime) -> bool:
    if node.event_type is not None:
        return _compare_event(node, facts)
    spec, op, value = FIELDS[node.field], node.op, node.value
    if spec.type is FieldType.HOURS:
        moment = facts.get(HOURS_SOURCES[node.field])
        if op == "is_null":
            return (moment is None) is value
        if moment is None:
            return False
        threshold = hours_threshold(now, value)
        return {
            "gt": moment < threshold,
            "gte": moment <= threshold,
            "lt": moment > threshold,
            "lte": moment >= threshold,
        }[op]
    if spec.type is FieldType.MAP:
        stored = facts.get(node.field) or {}
        if op == "exists":
            return (node.key in stored) is value
        return _string(op, str(stored.get(node.key, "")), value)
    fact = facts.get(node.field)
    if spec.type is FieldType.SET:
        present = set(fact or ())
        if op == "contains_any":
            return bool(present.intersection(value))
        if op == "contains_all":
            return present.issuperset(value)
        return not present.intersection(value)
    if spec.type is FieldType.BOOLEAN:
        return bool(fact) is value
    if spec.type is FieldType.NUMBER:
        if spec.money and str(facts.get("currency") or "").upper() != node.currency:
            return False
        number = Decimal(fact if fact is not None else 0)
        return {
            "eq": number == value,
            "ne": number != value,
            "gt": number > value,
            "gte": number >= value,
            "lt": number < value,
            "lte": number <= value,
        }[op]
    text = str(fact or "")
    return _string(op, text.lower() if spec.lowercase else text, value)


def _compare_event(node: Compare, facts: Mapping[str, Any]) -> bool:
    """An event field, read from the facts' ``event`` dict. One the event did not carry (a
    dry run over past orders has no event) reads as empty, like a missing order fact: 0, '',
    false, no members."""
    event = facts.get("event")
    fact = event.get(event_key(node.field) or "") if isinstance(event, Mapping) else None
    op, value = node.op, node.value
    if node.event_type is FieldType.SET:
        present = {str(item) for item in fact} if isinstance(fact, list | tuple) else set()
        if op == "contains_any":
            return bool(present.intersection(value))
        if op == "contains_all":
            return present.issuperset(value)
        return not present.intersection(value)
    if node.event_type is FieldType.BOOLEAN:
        return bool(fact) is value
    if node.event_type is FieldType.NUMBER:
        number = _event_number(fact)
        return {
            "eq": number == value,
            "ne": number != value,
            "gt": number > value,
            "gte": number >= value,
            "lt": number < value,
            "lte": number <= value,
        }[op]
    return _string(op, "" if fact is None else str(fact), value)


def _event_number(fact: Any) -> Decimal:
    if fact is None or isinstance(fact, bool):
        return Decimal(0)
    try:
        number = Decimal(str(fact))
    except ArithmeticError:
        return Decimal(0)
    return number if number.is_finite() else Decimal(0)


def _string(op: str, text: str, value: Any) -> bool:
    if op == "eq":
        return text == value
    if op == "ne":
        return text != value
    if op == "in":
        return text in value
    if op == "not_in":
        return text not in value
    if op == "contains":
        return value in text
    if op == "starts_with":
        return text.startswith(value)
    return text.endswith(value)
