"""Celery's logging: the worker logs through our LOGGING, each line naming its task."""

from __future__ import annotations

import logging.config
from contextvars import Token
from typing import Any

from django.conf import settings

from saleor_oms_plugin.core.log_context import log_context_reset, log_context_set

# Per running task (eager tasks can nest): how to restore the context it started in.
_restore: dict[str, dict[str, Token[Any]]] = {}


def logging_setup(**_: Any) -> None:
    """Celery's ``setup_logging`` signal: with a receiver, Celery leaves logging to us."""
    logging.config.dictConfig(settings.LOGGING)


def task_started(task_id: str | None = None, **_: Any) -> None:
    """``task_prerun``: the task's lines carry its id."""
    if task_id:
        _restore[task_id] = log_context_set(task_id=task_id)


def task_finished(task_id: str | None = None, **_: Any) -> None:
    """``task_postrun``: lines after it carry what they carried before."""
    tokens = _restore.pop(task_id or "", None)
    if tokens:
        try:
            log_context_reset(tokens)
        except ValueError:  # set in another context (should not happen): just clear it
            log_context_set(task_id=None)
