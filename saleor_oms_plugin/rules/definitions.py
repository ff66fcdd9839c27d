"""A whole rule definition, validated: name, trigger, conditions, actions, refire policy.

Used by the services, the GraphQL mutations, import and ``saleor-oms rules test``: one place
that says what a valid rule is, reporting every issue with its path.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from saleor_oms_plugin.rules import conditions
from saleor_oms_plugin.rules.actions import action_type, validate_action
from saleor_oms_plugin.rules.error_codes import ConditionErrorCode as C
from saleor_oms_plugin.rules.errors import Issue, RuleValidationError
from saleor_oms_plugin.rules.fields import FIELDS, EventField, FieldType, Subject, event_key
from saleor_oms_plugin.rules.rendering import template_event_keys
from saleor_oms_plugin.rules.triggers import (
    SCHEDULE,
    trigger_event_fields,
    trigger_names,
    trigger_subject,
)

MAX_ACTIONS = 10
REFIRE_MODES = ("never", "reentry", "every")
_KEYS = {
    "name",
    "description",
    "enabled",
    "priority",
    "trigger",
    "conditions",
    "actions",
    "refire",
    "refire_hours",
    "version",
}


@dataclass(frozen=True)
class RuleDefinition:
    name: str
    description: str
    enabled: bool
    priority: int
    trigger: str
    conditions: dict[str, Any]  # canonical JSON of the parsed AST
    actions: list[dict[str, Any]]
    refire: str
    refire_hours: int | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "description": self.description,
            "enabled": self.enabled,
            "priority": self.priority,
            "trigger": self.trigger,
            "conditions": self.conditions,
            "actions": self.actions,
            "refire": self.refire,
            "refire_hours": self.refire_hours,
        }


def action_event_keys(action: dict[str, Any]) -> dict[str, set[str]]:
    """The event keys each template parameter of a cleaned action reads, by parameter."""
    spec = action_type(str(action.get("type")))
    if spec is None:
        return {}
    found = {
        name: template_event_keys(action[name])
        for name, param in spec.params.items()
        if param.kind == "template" and isinstance(action.get(name), str)
    }
    return {name: keys for name, keys in found.items() if keys}


def _template_issues(
    action: dict[str, Any], path: str, *, event_fields: dict[str, EventField]
) -> list[Issue]:
    known = ", ".join(f"event.{key}" for key in sorted(event_fields)) or "none"
    return [
        Issue(
            f"{path}.{name}",
            C.UNKNOWN_EVENT_FIELD,
            f"unknown event field 'event.{key}': this trigger's event carries {known}",
        )
        for name, keys in sorted(action_event_keys(action).items())
        for key in sorted(keys - set(event_fields))
    ]


def rule_event_keys(definition: RuleDefinition) -> list[str]:
    """Every event key the rule reads (conditions and templates), sorted."""
    node = conditions.parse(
        definition.conditions,
        subject=trigger_subject(definition.trigger) or Subject.ORDER,
        event_fields=trigger_event_fields(definition.trigger),
    )
    keys = {key for name in conditions.fields_used(node) if (key := event_key(name)) is not None}
    for action in definition.actions:
        keys.update(*action_event_keys(action).values())
    return sorted(keys)


def definition_validate(raw: Any, *, path: str = "") -> RuleDefinition:
    """The cleaned definition, or RuleValidationError with every issue found."""
    prefix = f"{path}." if path else ""
    if not isinstance(raw, dict):
        raise RuleValidationError([Issue(path or "rule", C.INVALID_NODE, "expected an object")])
    issues: list[Issue] = [
        Issue(f"{prefix}{key}", C.UNEXPECTED_KEY, f"unknown key {key!r}")
        for key in sorted(set(raw) - _KEYS)
    ]
    name = raw.get("name")
    if not isinstance(name, str) or not 0 < len(name.strip()) <= 120:
        issues.append(Issue(f"{prefix}name", C.INVALID_VALUE, "a name of 1 to 120 characters"))
    description = raw.get("description", "")
    if not isinstance(description, str) or len(description) > 2000:
        issues.append(Issue(f"{prefix}description", C.INVALID_VALUE, "at most 2000 characters"))
    enabled = raw.get("enabled", True)
    if not isinstance(enabled, bool):
        issues.append(Issue(f"{prefix}enabled", C.INVALID_VALUE, "expected true or false"))
    priority = raw.get("priority", 100)
    if isinstance(priority, bool) or not isinstance(priority, int) or abs(priority) > 1_000_000:
        issues.append(Issue(f"{prefix}priority", C.INVALID_VALUE, "a whole number"))

    trigger = raw.get("trigger")
    subject = trigger_subject(trigger) if isinstance(trigger, str) else None
    if subject is None:
        issues.append(
            Issue(
                f"{prefix}trigger",
                C.UNKNOWN_TRIGGER,
                f"unknown trigger {trigger!r} ({', '.join(trigger_names())})",
            )
        )
    event_fields = trigger_event_fields(trigger) if isinstance(trigger, str) else {}
    node, found = conditions.check(
        raw.get("conditions", {"all": []}),
        subject=subject or Subject.ORDER,
        path=f"{prefix}conditions",
        event_fields=event_fields,
    )
    issues.extend(found)
    if (
        node is not None
        and trigger == SCHEDULE
        and not any(FIELDS[name].type is FieldType.HOURS for name in conditions.fields_used(node))
    ):
        issues.append(
            Issue(
                f"{prefix}conditions",
                C.SCHEDULE_NEEDS_TIME_CONDITION,
                "a scheduled rule needs an hours_since_* comparison",
            )
        )

    actions: list[dict[str, Any]] = []
    raw_actions = raw.get("actions")
    if not isinstance(raw_actions, list) or not 0 < len(raw_actions) <= MAX_ACTIONS:
        issues.append(
            Issue(f"{prefix}actions", C.INVALID_VALUE, f"a list of 1 to {MAX_ACTIONS} actions")
        )
    else:
        for index, raw_action in enumerate(raw_actions):
            cleaned, found = validate_action(
                raw_action, f"{prefix}actions[{index}]", has_order=subject in (None, Subject.ORDER)
            )
            issues.extend(found)
            issues.extend(
                _template_issues(cleaned, f"{prefix}actions[{index}]", event_fields=event_fields)
            )
            actions.append(cleaned)

    # A stock rule reacts to alerts that open and resolve again and again: by default it fires
    # once per episode (the subject's window closes when the alert resolves); so does a rule
    # about a purchase order (its window closes when the order is received or cancelled).
    default_refire = "reentry" if subject in (Subject.STOCK, Subject.PURCHASE_ORDER) else "never"
    refire, refire_hours = raw.get("refire", default_refire), raw.get("refire_hours")
    if refire not in REFIRE_MODES:
        issues.append(
            Issue(f"{prefix}refire", C.INVALID_VALUE, f"one of {', '.join(REFIRE_MODES)}")
        )
    elif refire == "every" and (
        isinstance(refire_hours, bool)
        or not isinstance(refire_hours, int)
        or not 1 <= refire_hours <= 8760
    ):
        issues.append(
            Issue(
                f"{prefix}refire_hours",
                C.INVALID_VALUE,
                "'every' needs refire_hours from 1 to 8760",
            )
        )
    elif refire != "every" and refire_hours is not None:
        issues.append(
            Issue(
                f"{prefix}refire_hours",
                C.UNEXPECTED_KEY,
                "refire_hours only goes with refire 'every'",
            )
        )
    if issues:
        raise RuleValidationError(issues)
    assert node is not None and isinstance(name, str) and isinstance(trigger, str)
    return RuleDefinition(
        name=name.strip(),
        description=description,
        enabled=enabled,
        priority=priority,
        trigger=trigger,
        conditions=conditions.to_json(node),
        actions=actions,
        refire=refire,
        refire_hours=refire_hours if refire == "every" else None,
    )
