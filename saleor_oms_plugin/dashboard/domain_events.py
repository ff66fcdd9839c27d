"""The Dashboard's copy of the domain event names, generated from the Python enums.

``saleor-oms domain-events`` prints a TypeScript module (committed as
``dashboard-extension/src/api/domainEvents.ts``, a test keeps it current): the union of every
name the domains declare in their events.py, the rule triggers as a constant, and the event
fields each trigger declares (``event.<key>`` in rule conditions and templates), so a Dashboard
page that names an event or an event field which no longer exists fails the Dashboard's type
check.
"""

from __future__ import annotations

ARTEFACT = "dashboard-extension/src/api/domainEvents.ts"
REGENERATE = f"saleor-oms domain-events > {ARTEFACT}"


def trigger_key(name: str) -> str:
    """The constant's key for a trigger: ``order.paid`` → ``ORDER_PAID``."""
    return name.replace(".", "_").upper()


def _quoted(keys: list[str]) -> str:
    return ", ".join(f'"{key}"' for key in keys)


def domain_events_typescript() -> str:
    """The module's text (the apps must be ready: the trigger table is filled by them)."""
    from saleor_oms_plugin.core.events import domain_events
    from saleor_oms_plugin.rules.triggers import SCHEDULE, trigger_event_fields, trigger_names

    names = sorted({member.value for enum in domain_events() for member in enum})
    triggers = trigger_names()
    keys = [trigger_key(name) for name in triggers]
    if len(set(keys)) != len(keys):
        raise ValueError(f"two triggers share a constant name: {sorted(keys)}")
    lines = [
        "// Generated from the domains' events.py (DomainEvent enums): do not edit.",
        f"// Regenerate with: {REGENERATE}",
        "",
        "/** Every audit verb and rule trigger the domains declare. */",
        "export type DomainEventName =",
        *(f'  | "{name}"' for name in names[:-1]),
        f'  | "{names[-1]}";',
        "",
        f'/** The rule triggers (what `ruleTriggers` lists); time rules run on "{SCHEDULE}". */',
        "export const TRIGGERS = {",
        *(f'  {key}: "{name}",' for key, name in zip(keys, triggers, strict=True)),
        f'}} as const satisfies Record<string, DomainEventName | "{SCHEDULE}">;',
        "",
        "export type TriggerName = (typeof TRIGGERS)[keyof typeof TRIGGERS];",
        "",
        "/** The keys of each trigger's event data: `event.<key>` in rule conditions and templates",
        " * (`ruleTriggers { eventFields }` has their types). Triggers not listed carry none. */",
        "export const TRIGGER_EVENT_FIELDS = {",
        *(
            f'  "{name}": [{_quoted(sorted(fields))}],'
            for name in triggers
            if (fields := trigger_event_fields(name))
        ),
        "} as const satisfies Partial<Record<TriggerName, readonly string[]>>;",
    ]
    return "\n".join(lines) + "\n"
