"""Start-up waits for the database a bounded time, backing off, instead of crashing at once."""

from __future__ import annotations

import pytest

from saleor_oms_plugin.core.database_wait import database_reachable, wait_for_database


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def test_it_returns_as_soon_as_the_database_answers():
    clock = FakeClock()
    answers = iter([False, False, True])

    assert wait_for_database(
        timeout=60, reachable=lambda: next(answers), sleep=clock.sleep, clock=clock.time
    )
    assert clock.sleeps == [1.0, 2.0]


def test_it_gives_up_when_the_timeout_would_pass_and_never_sleeps_beyond_it():
    clock = FakeClock()

    assert not wait_for_database(
        timeout=30, reachable=lambda: False, sleep=clock.sleep, clock=clock.time
    )
    assert clock.sleeps == [1.0, 2.0, 4.0, 8.0, 10.0]
    assert clock.now <= 30


@pytest.mark.django_db
def test_the_real_database_is_reachable():
    assert database_reachable()
    assert wait_for_database(timeout=0)
