"""Action types: a registry, so domains plug in actions without touching the rules engine.

An action in a rule is a flat object, ``{"type": "flag", "colour": "red", "label": "SLA"}``.
Each :class:`ActionType` declares its parameters (validated with precise issues, like
conditions) and a runner. A type may be *declared* without a runner: rules can use it and be
validated now, and its runs wait as ``unavailable`` until a domain provides the runner with
:func:`provide_action` (routing does this for ``hold_routing``, ``release_routing``,
``route_now`` and ``approve_fulfilment``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from saleor_oms_plugin.rules.error_codes import ConditionErrorCode as C
from saleor_oms_plugin.rules.errors import Issue


class TransientActionError(Exception):
    """The action may succeed later (network, 5xx, rate limit): retried with backoff."""


class PermanentActionError(Exception):
    """The action cannot succeed as configured; ``code`` is kept in the run's outcome."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class ActionContext:
    tenant_id: int
    action_run_id: int
    idempotency_key: str
    attempt: int
    rule_id: int
    rule_name: str
    order_id: int | None
    fired_at: datetime
    facts: dict[str, Any]  # the firing's snapshot (JSON)
    params: dict[str, Any]


Runner = Callable[[ActionContext], dict[str, Any]]


@dataclass(frozen=True)
class Param:
    kind: str  # string | text | choice | int | bool | string_map | template
    required: bool = False
    choices: tuple[str, ...] = ()
    max_length: int = 255
    minimum: int = 0
    maximum: int = 10_000


@dataclass
class ActionType:
    name: str
    description: str
    params: dict[str, Param] = field(default_factory=dict)
    runner: Runner | None = None
    needs_order: bool = True
    # Extra checks after the parameters are valid: returns issues (path relative to the action).
    check: Callable[[dict[str, Any], str], list[Issue]] | None = None


_types: dict[str, ActionType] = {}


def register_action(action_type: ActionType) -> None:
    existing = _types.get(action_type.name)
    if existing is not None and existing.runner is not None and action_type.runner is None:
        action_type.runner = existing.runner  # a declaration never removes a provided runner
    _types[action_type.name] = action_type


def provide_action(name: str, runner: Runner) -> None:
    """Give an action type its runner (routing calls this for its actions). Apps may be ready
    in any order: a runner provided before the declaration is kept by it."""
    declared = _types.get(name)
    if declared is None:
        _types[name] = ActionType(name, "", runner=runner)
    else:
        declared.runner = runner


def action_type(name: str) -> ActionType | None:
    return _types.get(name)


def action_types() -> list[ActionType]:
    return [_types[name] for name in sorted(_types)]


def validate_action(raw: Any, path: str, *, has_order: bool) -> tuple[dict[str, Any], list[Issue]]:
    """The cleaned action and the issues found in it."""
    if not isinstance(raw, dict):
        return {}, [Issue(path, C.INVALID_ACTION, "an action is an object with a 'type'")]
    kind = raw.get("type")
    spec = _types.get(kind) if isinstance(kind, str) else None
    if spec is None:
        known = ", ".join(sorted(_types))
        return {}, [Issue(f"{path}.type", C.UNKNOWN_ACTION, f"unknown action {kind!r} ({known})")]
    issues: list[Issue] = []
    if spec.needs_order and not has_order:
        issues.append(
            Issue(
                f"{path}.type",
                C.INVALID_ACTION,
                f"{spec.name!r} needs an order; this trigger has none",
            )
        )
    cleaned: dict[str, Any] = {"type": spec.name}
    for key in sorted(set(raw) - set(spec.params) - {"type"}):
        issues.append(Issue(f"{path}.{key}", C.UNEXPECTED_KEY, f"{spec.name!r} takes no {key!r}"))
    for name, param in spec.params.items():
        if name not in raw:
            if param.required:
                issues.append(Issue(f"{path}.{name}", C.MISSING_KEY, f"missing {name!r}"))
            continue
        value, problem = _clean(param, raw[name])
        if problem:
            issues.append(Issue(f"{path}.{name}", C.INVALID_VALUE, problem))
        else:
            cleaned[name] = value
    if not issues and spec.check is not None:
        issues.extend(spec.check(cleaned, path))
    return cleaned, issues


def _clean(param: Param, value: Any) -> tuple[Any, str]:
    if param.kind == "bool":
        return (value, "") if isinstance(value, bool) else (None, "expected true or false")
    if param.kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            return None, "expected a whole number"
        if not param.minimum <= value <= param.maximum:
            return None, f"expected {param.minimum} to {param.maximum}"
        return value, ""
    if param.kind == "string_map":
        ok = (
            isinstance(value, dict)
            and 0 < len(value) <= 20
            and all(
                isinstance(k, str) and 0 < len(k) <= 100 and isinstance(v, str) and len(v) <= 1000
                for k, v in value.items()
            )
        )
        return (value, "") if ok else (None, "expected 1-20 string keys with string values")
    if not isinstance(value, str) or not value.strip() and param.required:
        return None, "expected a non-empty string"
    if len(value) > param.max_length:
        return None, f"at most {param.max_length} characters"
    if param.kind == "choice" and value not in param.choices:
        return None, f"one of {', '.join(param.choices)}"
    if param.kind == "template":
        from saleor_oms_plugin.rules.rendering import template_problem

        problem = template_problem(value)
        if problem:
            return None, problem
    return value, ""
