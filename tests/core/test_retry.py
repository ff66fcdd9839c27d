"""The shared retry policy of outbound work."""

from __future__ import annotations

from datetime import timedelta

import pytest

from saleor_oms_plugin.core.retry import attempt_limit, backoff_seconds, doubled_wait


def test_the_backoff_doubles_from_ten_seconds_up_to_ten_minutes():
    assert [backoff_seconds(n) for n in (0, 1, 2, 3, 7, 30)] == [10, 10, 20, 40, 600, 600]


@pytest.mark.parametrize(
    ("configured", "limit"),
    [(None, 5), ("7", 5), (True, 5), (0, 5), (-2, 5), (3, 3), (20, 20), (500, 20)],
)
def test_a_configured_attempt_limit_is_a_positive_whole_number_capped_at_twenty(configured, limit):
    assert attempt_limit(configured) == limit


def test_a_doubled_wait_doubles_from_its_base_up_to_the_longest():
    hour = timedelta(hours=1)
    waits = [doubled_wait(120, n, longest=hour).total_seconds() for n in (-1, 0, 1, 2, 4, 5, 99)]
    assert waits == [120, 120, 240, 480, 1920, 3600, 3600]


def test_a_doubled_wait_keeps_a_base_longer_than_the_longest():
    assert doubled_wait(7200, 3, longest=timedelta(hours=1)) == timedelta(hours=2)
