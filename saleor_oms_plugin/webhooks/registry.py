"""Which code handles which Saleor event.

Domains register handlers for events (``register("ORDER_CREATED", handler)``) from their
AppConfig.ready(); the processor runs them in registration order inside the delivery's
transaction, so their writes commit together with the delivery's status. Handlers must be
idempotent and schedule side effects with ``transaction.on_commit``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from saleor_oms_plugin.core.outcomes import ApplyOutcome


@dataclass(frozen=True)
class HandlerResult:
    outcome: ApplyOutcome
    # With DEFERRED: the subject the delivery waits for, e.g. "order:<saleor id>".
    waiting_for: str = ""
    # Subjects that now exist: deliveries deferred on them are processed next.
    released: tuple[str, ...] = field(default_factory=tuple)


Handler = Callable[[int, dict[str, Any]], HandlerResult]

_handlers: dict[str, list[Handler]] = {}


def register(event: str, handler: Handler) -> None:
    handlers = _handlers.setdefault(event, [])
    if handler not in handlers:
        handlers.append(handler)


def handlers_for(event: str) -> list[Handler]:
    return list(_handlers.get(event, ()))


def order_subject(saleor_id: str) -> str:
    return f"order:{saleor_id}"


def location_subject(saleor_id: str) -> str:
    return f"location:{saleor_id}"
