"""Domain events: the names a domain emits, and the one way other domains hear about them.

Each domain names what it emits in its own ``events.py`` as a :class:`DomainEvent` enum: the
audit verbs it records and the rule triggers it publishes (``"return.approved"``). The audit
service takes those members, never free strings, so a misspelt verb fails the type check.

:func:`publish` is how a domain tells the others that something happened, without importing
them: a listening domain (the trigger rules) registers a listener in its ``AppConfig.ready``
with :func:`listen`. Listeners run in the publisher's transaction and must only hand work on
(for example with ``transaction.on_commit``), never fail the publisher's change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class DomainEvent(StrEnum):
    """Base of every domain's event names; a member's value is its dotted name."""

    @classmethod
    def named(cls, name: str) -> DomainEvent:
        """The member with this dotted name (``ReturnEvent.named("return.approved")``); a
        name the domain never declared raises ``ValueError``."""
        return cls(name)


@dataclass(frozen=True)
class Published:
    """One published event. ``order_id`` for events about an order; otherwise a subject key
    (``stock:<sku>@<warehouse>``) with its facts (JSON)."""

    tenant_id: int
    event: DomainEvent
    order_id: int | None = None
    subject_key: str = ""
    facts: dict[str, Any] = field(default_factory=dict)


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
) -> None:
    """Tell the listening domains that ``event`` happened (in the caller's transaction)."""
    published = Published(tenant_id, event, order_id, subject_key, facts or {})
    for listener in list(_listeners):
        listener(published)
