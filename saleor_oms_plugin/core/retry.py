"""How often and how patiently outbound work is retried (rule actions, outbound webhooks)."""

from __future__ import annotations

from datetime import timedelta

MAX_BACKOFF_SECONDS = 600
DEFAULT_MAX_ATTEMPTS = 5
MAX_ATTEMPTS_CAP = 20


def backoff_seconds(attempt: int) -> int:
    """10 s, 20 s, 40 s… after the 1st, 2nd, 3rd failed attempt, at most ten minutes."""
    return int(min(MAX_BACKOFF_SECONDS, 10 * 2 ** max(0, attempt - 1)))


def doubled_wait(base_seconds: int, doublings: int, *, longest: timedelta) -> timedelta:
    """``base_seconds``, twice that after one doubling, four times after two…, never more than
    ``longest`` (nor less than ``base_seconds``: a base above ``longest`` is kept)."""
    doubled = timedelta(seconds=base_seconds * 2 ** min(max(0, doublings), 20))
    return max(timedelta(seconds=base_seconds), min(doubled, longest))


def attempt_limit(configured: object) -> int:
    """A tenant's configured attempt limit: a positive whole number, at most
    ``MAX_ATTEMPTS_CAP``; anything else means ``DEFAULT_MAX_ATTEMPTS``."""
    if not isinstance(configured, int) or isinstance(configured, bool) or configured <= 0:
        return DEFAULT_MAX_ATTEMPTS
    return min(configured, MAX_ATTEMPTS_CAP)
