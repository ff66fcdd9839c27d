"""One Redis client per URL and process, for the small shared state beside the broker
(rate-limit buckets, queued turns). Short timeouts: callers treat Redis as optional."""

from __future__ import annotations

import os
import threading

import redis

_clients: dict[tuple[str, int], redis.Redis] = {}
_lock = threading.Lock()

# A Redis that does not answer within this long counts as down for this call.
TIMEOUT_SECONDS = 0.5


def is_redis_url(url: str) -> bool:
    return url.startswith(("redis://", "rediss://", "unix://"))


def redis_client(url: str) -> redis.Redis:
    """The client for ``url`` in this process (a forked web worker gets its own pool)."""
    key = (url, os.getpid())
    client = _clients.get(key)
    if client is None:
        with _lock:
            client = _clients.get(key)
            if client is None:
                client = redis.Redis.from_url(
                    url,
                    socket_connect_timeout=TIMEOUT_SECONDS,
                    socket_timeout=TIMEOUT_SECONDS,
                )
                _clients[key] = client
    return client
