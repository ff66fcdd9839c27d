"""Domain events: the names a domain emits, and the one way other domains hear about them.

Each domain names what it emits in its own ``events.py`` as a :class:`DomainEvent` enum: the
audit verbs it records and the rule triggers it publishes (``"return.approved"``). The audit
service takes those members, never free strings, so a misspelt verb fails the type check.

:func:`publish` is how a domain tells the others that something happened, without importing
them: a listening domain (the trigger rules) registers a listener in its ``AppConfig.ready``
with :func:`listen`. Listeners run in the publisher's transaction and must only hand work on
(for example with ``transaction.on_commit``), or write what has to commit with the change,
never fail the publisher's change.

An event that announces a state of its subject (``stock.low``) is published again with
``ended=True`` when the subject leaves that state, so a listener may let the event count anew
the next time (the trigger rules close their ``refire: reentry`` windows).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.utils.module_loading import autodiscover_modules


class DomainEvent(StrEnum):
    """Base of every domain's event names; a member's value is its dotted name. A name built
    from a state is looked up by value (``ReturnEvent(f"return.{state}")``), so one the domain
    never declared raises ``ValueError``."""


@dataclass(frozen=True)
class Published:
    """One published event. ``order_id`` for events about an order; otherwise a subject key
    (``stock:<sku>@<warehouse>``) with its facts (JSON). ``ended``: the subject left the state
    the event announced."""

    tenant_id: int
    event: DomainEvent
    order_id: int | None = None
    subject_key: str = ""
    facts: dict[str, Any] = field(default_factory=dict)
    ended: bool = False


Listener = Callable[[Published], None]

_listeners: list[Listener] = []


def listen(listener: Listener) -> None:
    """Hear every published event (call once, from an ``AppConfig.ready``)."""
    if listener not in _listeners:
        _listeners.append(listener)


def publish(
    *,
    tenant_id: int,
    event: DomainEvent,
    order_id: int | None = None,
    subject_key: str = "",
    facts: dict[str, Any] | None = None,
    ended: bool = False,
) -> None:
    """Tell the listening domains that ``event`` happened, or with ``ended`` that its subject
    left the state it announced (in the caller's transaction)."""
    published = Published(tenant_id, event, order_id, subject_key, facts or {}, ended)
    for listener in list(_listeners):
        listener(published)


def domain_events() -> list[type[DomainEvent]]:
    """Every domain's event enum: the subclasses in the ``events`` modules of the installed
    apps (imported here), by module."""
    autodiscover_modules("events")
    declared = [cls for cls in DomainEvent.__subclasses__() if cls.__module__.endswith(".events")]
    return sorted(declared, key=lambda cls: (cls.__module__, cls.__qualname__))
