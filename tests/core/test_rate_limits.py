"""Token buckets: the arithmetic, the Redis script that applies it, and what happens without
Redis (in-process buckets) or when Redis is down (requests pass)."""

from __future__ import annotations

import logging

import pytest
from django.conf import settings
from hypothesis import given
from hypothesis import strategies as st

from saleor_oms_plugin.core.rate_limits import KEY_PREFIX, Bucket, RateLimiter, bucket_take
from tests.fixtures.rate_limits import buckets_forget


def test_a_new_bucket_is_full_and_allows_a_burst_of_its_limit():
    bucket = None
    decisions = []
    for _ in range(4):
        bucket, decision = bucket_take(bucket, now=100.0, limit=3, period=60)
        decisions.append(decision.allowed)
    assert decisions == [True, True, True, False]


def test_an_empty_bucket_says_when_the_next_token_is_back():
    empty = Bucket(tokens=0.0, updated_at=100.0)
    # 3 per minute: one token every 20 s; 5 s have passed
    bucket, decision = bucket_take(empty, now=105.0, limit=3, period=60)
    assert (decision.allowed, decision.retry_after) == (False, 15)
    assert bucket.tokens == pytest.approx(0.25)
    # and once that time has passed, the request goes through
    _, later = bucket_take(bucket, now=120.0, limit=3, period=60)
    assert later.allowed


def test_a_bucket_refills_no_further_than_its_limit():
    idle = Bucket(tokens=1.0, updated_at=0.0)
    bucket, decision = bucket_take(idle, now=10_000.0, limit=3, period=60)
    assert decision.allowed
    assert bucket.tokens == 2.0


def test_a_clock_that_goes_back_adds_no_tokens():
    bucket, decision = bucket_take(Bucket(0.0, 100.0), now=50.0, limit=3, period=60)
    assert not decision.allowed
    assert bucket.tokens == 0.0


@given(
    limit=st.integers(1, 1000),
    steps=st.lists(st.floats(0, 30, allow_nan=False), min_size=1, max_size=60),
)
def test_no_more_requests_pass_than_the_limit_plus_the_refill(limit, steps):
    bucket, now, allowed = None, 0.0, 0
    for step in steps:
        now += step
        bucket, decision = bucket_take(bucket, now=now, limit=limit, period=60)
        allowed += decision.allowed
        assert 0 <= bucket.tokens <= limit
        assert decision.allowed or decision.retry_after >= 1
    assert allowed <= limit + now * limit / 60 + 1e-9


@pytest.fixture
def redis_limiter():
    """A limiter on the test Redis, with no buckets left from earlier tests."""
    client = buckets_forget(settings.CELERY_BROKER_URL)
    yield RateLimiter(settings.CELERY_BROKER_URL), client
    buckets_forget(settings.CELERY_BROKER_URL)


def test_redis_buckets_allow_the_limit_then_refuse_with_a_retry_after(redis_limiter):
    limiter, _ = redis_limiter
    decisions = [limiter.take("test", "a", limit=5, period=3600) for _ in range(6)]
    assert [d.allowed for d in decisions] == [True] * 5 + [False]
    # one token every 720 s
    assert 700 <= decisions[-1].retry_after <= 720
    # and another key has a bucket of its own
    assert limiter.take("test", "b", limit=5, period=3600).allowed


def test_redis_buckets_are_shared_by_limiters_of_different_processes(redis_limiter):
    first, client = redis_limiter
    second = RateLimiter(settings.CELERY_BROKER_URL)
    assert first.take("test", "shared", limit=2, period=3600).allowed
    assert second.take("test", "shared", limit=2, period=3600).allowed
    assert not first.take("test", "shared", limit=2, period=3600).allowed
    # and the bucket expires once it would be full again
    assert 0 < client.ttl(f"{KEY_PREFIX}test:shared") <= 3601


def test_a_limit_of_zero_is_no_limit(redis_limiter):
    limiter, client = redis_limiter
    assert all(limiter.take("test", "off", limit=0, period=60).allowed for _ in range(10))
    assert not client.keys(f"{KEY_PREFIX}*")


def test_without_redis_each_process_keeps_its_own_buckets():
    limiter = RateLimiter("")
    decisions = [limiter.take("test", "a", limit=2, period=60).allowed for _ in range(3)]
    assert decisions == [True, True, False]
    assert limiter.take("test", "b", limit=2, period=60).allowed


def test_an_unreachable_redis_lets_requests_through_and_warns_once(caplog):
    # given a limiter whose Redis refuses connections
    limiter = RateLimiter("redis://127.0.0.1:1/0")
    # when many requests come
    with caplog.at_level(logging.WARNING, logger="saleor_oms_plugin.core.rate_limits"):
        decisions = [limiter.take("test", "a", limit=1, period=60) for _ in range(5)]
    # then all of them pass, and one warning says the limits are off
    assert all(d.allowed for d in decisions)
    warnings = [r for r in caplog.records if "rate limits are off" in r.getMessage()]
    assert len(warnings) == 1
