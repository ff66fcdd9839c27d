"""Token buckets: at most ``limit`` requests per ``period``, with bursts up to ``limit``.

A bucket holds up to ``limit`` tokens and refills at ``limit / period`` tokens a second; each
request takes one. The buckets live in Redis (``RATE_LIMIT_REDIS_URL``), updated by one Lua
script so that concurrent web processes never double-spend a token. Without Redis (the embedded
default) each process keeps its own buckets. When Redis cannot be reached the limiter lets
requests through and warns (once per ``WARN_INTERVAL_SECONDS``): a limiter must never be the
reason the API is down.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from dataclasses import dataclass

import redis
from django.conf import settings

from saleor_oms_plugin.core.shared_redis import redis_client

logger = logging.getLogger(__name__)

KEY_PREFIX = "oms:rate:"
# After Redis failed, it is not asked again for this long (requests pass meanwhile).
RETRY_REDIS_AFTER_SECONDS = 5.0
WARN_INTERVAL_SECONDS = 60.0
# In-process buckets kept at most; beyond that the full (idle) ones are forgotten.
MAX_LOCAL_BUCKETS = 10_000


@dataclass(frozen=True)
class Bucket:
    tokens: float
    updated_at: float  # seconds


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: int = 0  # whole seconds until one token is back (0 when allowed)


def bucket_refilled(bucket: Bucket | None, *, now: float, limit: int, period: float) -> Bucket:
    """``bucket`` as it stands at ``now``: refilled for the time passed, never above ``limit``.
    A bucket never seen before is full."""
    if bucket is None:
        return Bucket(float(limit), now)
    elapsed = max(0.0, now - bucket.updated_at)
    return Bucket(min(float(limit), bucket.tokens + elapsed * limit / period), now)


def bucket_take(
    bucket: Bucket | None, *, now: float, limit: int, period: float, cost: int = 1
) -> tuple[Bucket, Decision]:
    """Take ``cost`` tokens if there are that many; the bucket after, and the decision."""
    current = bucket_refilled(bucket, now=now, limit=limit, period=period)
    if current.tokens >= cost:
        return Bucket(current.tokens - cost, now), Decision(True)
    missing = cost - current.tokens
    return current, Decision(False, retry_after=max(1, math.ceil(missing * period / limit)))


# The same arithmetic as bucket_take, atomically in Redis, on Redis's clock (web processes'
# clocks may differ). Returns {allowed, retry_after as text} (Lua numbers become integers).
_TAKE_SCRIPT = """
local limit = tonumber(ARGV[1])
local period = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then
  tokens = limit
  at = now
end
tokens = math.min(limit, tokens + math.max(0, now - at) * limit / period)
local allowed = 0
local retry_after = 0
if tokens >= cost then
  tokens = tokens - cost
  allowed = 1
else
  retry_after = math.max(1, math.ceil((cost - tokens) * period / limit))
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('EXPIRE', KEYS[1], math.ceil(period) + 1)
return {allowed, retry_after}
"""


class RateLimiter:
    """Buckets by name and key: ``take("graphql", "tenant:7", limit=1200, period=60)``."""

    def __init__(self, redis_url: str) -> None:
        self.redis_url = redis_url
        self._local: dict[str, Bucket] = {}
        self._lock = threading.Lock()
        self._redis_down_until = 0.0
        self._warned_at = -math.inf

    def take(self, name: str, key: str, *, limit: int, period: float, cost: int = 1) -> Decision:
        """Whether a request may go ahead now (``limit`` 0 or below: no limit)."""
        if limit <= 0:
            return Decision(True)
        bucket_key = f"{KEY_PREFIX}{name}:{key}"
        if not self.redis_url:
            return self._take_local(bucket_key, limit=limit, period=period, cost=cost)
        if time.monotonic() < self._redis_down_until:
            return Decision(True)
        try:
            allowed, retry_after = redis_client(self.redis_url).eval(
                _TAKE_SCRIPT, 1, bucket_key, limit, period, cost
            )
        except redis.RedisError as exc:
            self._redis_failed(exc)
            return Decision(True)
        return Decision(bool(allowed), retry_after=int(retry_after))

    def _take_local(self, bucket_key: str, *, limit: int, period: float, cost: int) -> Decision:
        now = time.monotonic()
        with self._lock:
            if len(self._local) >= MAX_LOCAL_BUCKETS:
                self._forget_full(now)
            bucket, decision = bucket_take(
                self._local.get(bucket_key), now=now, limit=limit, period=period, cost=cost
            )
            self._local[bucket_key] = bucket
        return decision

    def _forget_full(self, now: float) -> None:
        # A bucket idle for an hour is full for any period up to an hour: forgetting it
        # changes nothing. If that frees nothing, start over rather than grow without bound.
        idle = [key for key, bucket in self._local.items() if now - bucket.updated_at > 3600]
        for key in idle:
            del self._local[key]
        if not idle:
            self._local.clear()

    def _redis_failed(self, exc: Exception) -> None:
        now = time.monotonic()
        self._redis_down_until = now + RETRY_REDIS_AFTER_SECONDS
        if now - self._warned_at >= WARN_INTERVAL_SECONDS:
            self._warned_at = now
            logger.warning("rate limits are off: Redis cannot be reached (%s)", exc)


_limiters: dict[str, RateLimiter] = {}


def rate_limiter() -> RateLimiter:
    """The process's limiter on ``RATE_LIMIT_REDIS_URL`` (in-process buckets when empty)."""
    url = settings.RATE_LIMIT_REDIS_URL
    limiter = _limiters.get(url)
    if limiter is None:
        limiter = _limiters.setdefault(url, RateLimiter(url))
    return limiter


def rate_limit_take(name: str, key: str, *, limit: int, period: float) -> Decision:
    return rate_limiter().take(name, key, limit=limit, period=period)
