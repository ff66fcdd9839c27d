"""Readiness checks: can this process do its work right now?

Each check answers ``(ok, detail)`` and never raises; ``readiness`` runs them all so that a
failing answer names every part that is down, not just the first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db import Error as DatabaseError

#: How long the broker may take to answer PING before the process counts as not ready.
BROKER_TIMEOUT_SECONDS = 2.0


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: str


def database_check() -> Check:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        return Check(False, _first_line(exc))
    return Check(True, "ok")


def broker_check() -> Check:
    """PING the Redis broker; without a broker (tasks run eagerly) there is nothing to reach."""
    url = settings.CELERY_BROKER_URL
    if not url:
        return Check(True, "eager")
    scheme = urlsplit(url).scheme
    if scheme not in {"redis", "rediss"}:
        return Check(True, f"not checked ({scheme} broker)")
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    # One try: a readiness probe answers within its timeout rather than retrying for longer.
    client = redis.Redis.from_url(
        url,
        socket_connect_timeout=BROKER_TIMEOUT_SECONDS,
        socket_timeout=BROKER_TIMEOUT_SECONDS,
        retry=Retry(NoBackoff(), 0),
    )
    try:
        client.ping()
    except redis.RedisError as exc:
        return Check(False, f"{type(exc).__name__}: {_first_line(exc)}")
    finally:
        client.close()
    return Check(True, "ok")


def migrations_check() -> Check:
    """Not ready while migrations are unapplied: the code expects tables that are not there."""
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as exc:
        return Check(False, _first_line(exc))
    if plan:
        names = ", ".join(f"{migration.app_label}.{migration.name}" for migration, _ in plan[:5])
        more = f" and {len(plan) - 5} more" if len(plan) > 5 else ""
        return Check(False, f"{len(plan)} unapplied: {names}{more}")
    return Check(True, "ok")


CHECKS: dict[str, Callable[[], Check]] = {
    "database": database_check,
    "broker": broker_check,
    "migrations": migrations_check,
}


def readiness() -> dict[str, Check]:
    return {name: check() for name, check in CHECKS.items()}


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]
