"""What a log line is about: the request, task, tenant and delivery being handled.

Set by the edges (the request-id middleware, Celery's task signals, delivery processing) and
read by the JSON formatter, so a line carries its context without each call passing it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from typing import Any

FIELDS = ("request_id", "task_id", "tenant", "delivery_id")

_context: dict[str, ContextVar[Any]] = {
    name: ContextVar(f"oms_log_{name}", default=None) for name in FIELDS
}


def log_context_values() -> dict[str, Any]:
    """The fields set in this context (unset ones left out)."""
    values = {name: var.get() for name, var in _context.items()}
    return {name: value for name, value in values.items() if value is not None}


def log_context_set(**fields: Any) -> dict[str, Token[Any]]:
    """Set fields; the tokens undo it (:func:`log_context_reset`)."""
    return {name: _context[name].set(value) for name, value in fields.items()}


def log_context_reset(tokens: dict[str, Token[Any]]) -> None:
    for name, token in tokens.items():
        _context[name].reset(token)


@contextmanager
def log_context(**fields: Any) -> Iterator[None]:
    tokens = log_context_set(**fields)
    try:
        yield
    finally:
        log_context_reset(tokens)
