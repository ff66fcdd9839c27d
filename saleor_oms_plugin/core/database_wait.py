"""Waiting for the database at start-up, as a process supervisor would like it.

A worker or beat started while PostgreSQL is briefly away (a failover, a restart, the host
still booting) would otherwise exit at once: beat's schedule lives in the database. Waiting a
bounded time, then failing with one clear line, turns a crash loop into a short pause.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.db import OperationalError, connection

logger = logging.getLogger(__name__)


def database_reachable() -> bool:
    """Whether a connection to the default database can be made now."""
    try:
        connection.ensure_connection()
    except OperationalError:
        connection.close()
        return False
    return True


def wait_for_database(
    *,
    timeout: float,
    interval: float = 1.0,
    reachable: Callable[[], bool] = database_reachable,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> bool:
    """Poll until the database answers or ``timeout`` seconds have passed; whether it did.

    The wait doubles from ``interval`` up to 10 s between tries."""
    deadline = clock() + timeout
    delay = interval
    warned = False
    while True:
        if reachable():
            if warned:
                logger.warning("the database answers again")
            return True
        if clock() + delay > deadline:
            return False
        if not warned:
            logger.warning("the database cannot be reached; waiting up to %.0f s", timeout)
            warned = True
        sleep(delay)
        delay = min(delay * 2, 10.0)
