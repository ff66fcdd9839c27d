"""A burst of changes queues one debounced task per tenant and window."""

from __future__ import annotations

from django.core.cache import cache

from saleor_oms_plugin.core.debounce import schedule_debounced


class RecordingTask:
    def __init__(self) -> None:
        self.queued: list[tuple[tuple[int, ...], int]] = []

    def apply_async(self, args: tuple[int, ...], countdown: int) -> None:
        self.queued.append((args, countdown))


def test_a_burst_queues_one_run_per_tenant_later_by_the_window():
    cache.delete_many(["oms:test-debounce:1", "oms:test-debounce:2"])
    task = RecordingTask()
    first = [
        schedule_debounced(task, tenant_id=1, name="test-debounce", seconds=5) for _ in range(3)
    ]
    other = schedule_debounced(task, tenant_id=2, name="test-debounce", seconds=5)
    assert first == [True, False, False] and other is True
    assert task.queued == [((1,), 5), ((2,), 5)]
