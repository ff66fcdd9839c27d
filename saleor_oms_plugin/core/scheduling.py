"""The seam through which a domain's services hand work to its Celery tasks.

A service never imports its own ``tasks`` module (the tasks import the services, so that
would be a cycle). Each domain instead has a ``scheduling.py`` of small typed functions
(``route_order_later(tenant_id, order_id)``) that name the task here; the task is looked up in
the Celery app's registry when it is sent.
``tests`` check that every name a scheduling module uses is a registered task.
"""

from __future__ import annotations

from typing import Any

from celery import current_app
from django.db import transaction

from saleor_oms_plugin.core.debounce import schedule_debounced


def task_named(name: str) -> Any:
    """The registered task ``name`` (its dotted path); ``NotRegistered`` (a ``KeyError``) for
    an unknown name. A web process imports the domains' tasks modules on its first send."""
    tasks = current_app.tasks
    if name not in tasks:
        current_app.loader.import_default_modules()
    return tasks[name]


def enqueue(name: str, *args: Any, countdown: float | None = None) -> None:
    """Send task ``name`` now (eager in the embedded mode and the tests)."""
    task = task_named(name)
    if countdown is None:
        task.delay(*args)
    else:
        task.apply_async(args, countdown=countdown)


def enqueue_after_commit(name: str, *args: Any, countdown: float | None = None) -> None:
    """Send task ``name`` once the caller's transaction commits (at once outside one)."""
    transaction.on_commit(lambda: enqueue(name, *args, countdown=countdown))


def enqueue_debounced(name: str, *, tenant_id: int, key: str, seconds: int) -> bool:
    """Send task ``name`` with ``tenant_id`` ``seconds`` from now, unless one is queued for
    this tenant and ``key`` already (:mod:`~saleor_oms_plugin.core.debounce`); whether it
    was queued now."""
    return schedule_debounced(task_named(name), tenant_id=tenant_id, name=key, seconds=seconds)
