"""Turns: a tenant's queued work is taken a slice at a time, so one tenant cannot starve others.

Instead of one task per piece of work, a tenant with work has one *turn* queued: a task that
takes up to a slice of that tenant's work, oldest first, and queues the next turn at the back
of the queue when more is left. Two tenants with work alternate, however much each has.

A flag in Redis (``SET NX`` with an expiry) records that a tenant's turn is queued, so a burst
of work queues one task. The task clears the flag *before* it looks for work: work stored
after that queues a new turn; work stored before is found by this one. The flag only saves
messages: it expires (a turn lost with a dead worker is queued again by the next arrival or
sweep), and without a Redis (eager tasks, or Redis down) every request queues a turn, which
costs a few no-op tasks and nothing else.
"""

from __future__ import annotations

import logging

import redis
from celery import current_app
from django.conf import settings

from saleor_oms_plugin.core import scheduling
from saleor_oms_plugin.core.shared_redis import is_redis_url, redis_client

logger = logging.getLogger(__name__)

FLAG_PREFIX = "oms:turn:"
# A queued turn's flag outlives any wait in a healthy queue; past it, a new turn may be queued.
FLAG_SECONDS = 120


def _flags() -> redis.Redis | None:
    url = settings.CELERY_BROKER_URL
    if current_app.conf.task_always_eager or not is_redis_url(url):
        return None
    return redis_client(url)


def turn_request(task_name: str, *, tenant_id: int, force: bool = False) -> bool:
    """Queue task ``task_name(tenant_id)`` unless a turn of it is queued already (``force``:
    queue one anyway, for sweeps that find work left behind); whether one was queued."""
    flags = _flags()
    if flags is not None:
        key = f"{FLAG_PREFIX}{task_name}:{tenant_id}"
        try:
            claimed = flags.set(key, 1, nx=True, ex=FLAG_SECONDS)
        except redis.RedisError:
            logger.warning("turn flags unavailable; queueing a turn anyway", exc_info=True)
            claimed = True
        if not claimed and not force:
            return False
    try:
        scheduling.enqueue(task_name, tenant_id)
    except Exception:
        # Not queued after all: the next arrival must be able to queue the turn.
        turn_started(task_name, tenant_id=tenant_id)
        raise
    return True


def turn_started(task_name: str, *, tenant_id: int) -> None:
    """Called by a turn before it looks for work: the next arrival queues the next turn."""
    flags = _flags()
    if flags is None:
        return
    try:
        flags.delete(f"{FLAG_PREFIX}{task_name}:{tenant_id}")
    except redis.RedisError:
        logger.warning("turn flags unavailable", exc_info=True)
