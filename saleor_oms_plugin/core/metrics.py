"""Prometheus metrics: the exposition, the scrape-time collectors and Celery's task failures.

Each domain defines its own metrics in its ``metrics.py`` (prometheus_client registers them
when the module is imported) and hands its scrape-time readings from the database to
:func:`scrape_collector_register`, so this module imports no domain.

With ``PROMETHEUS_MULTIPROC_DIR`` set (several web workers, Celery worker processes) every
process writes its counters to files in that folder and a scrape adds them up; the folder
must be emptied when the service starts.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    generate_latest,
)
from prometheus_client.core import Metric
from prometheus_client.registry import Collector

celery_task_failures = Counter(
    "oms_celery_task_failures_total",
    "Celery tasks that raised (each failed run, retries included), by task name.",
    ["task"],
)

ScrapeReading = Callable[[], Iterable[Metric]]
_scrape_readings: dict[str, ScrapeReading] = {}


def scrape_collector_register(name: str, reading: ScrapeReading) -> None:
    """Add metrics read at scrape time (gauges from the database); ``name`` keeps it unique."""
    _scrape_readings[name] = reading


class _ScrapeCollector(Collector):
    def collect(self) -> Iterable[Metric]:
        for reading in list(_scrape_readings.values()):
            yield from reading()


def multiprocess_dir() -> str:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")


def exposition() -> tuple[bytes, str]:
    """The metrics text of this service (every process's, in multiprocess mode)."""
    registry: CollectorRegistry
    if multiprocess_dir():
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        registry.register(_ScrapeCollector())
        return generate_latest(registry), CONTENT_TYPE_LATEST
    registry = CollectorRegistry()
    registry.register(_RegistryView(REGISTRY))
    registry.register(_ScrapeCollector())
    return generate_latest(registry), CONTENT_TYPE_LATEST


class _RegistryView(Collector):
    """The process's own metrics, as part of a registry that also holds the scrape readings."""

    def __init__(self, source: CollectorRegistry) -> None:
        self.source = source

    def collect(self) -> Iterable[Metric]:
        return self.source.collect()


def task_failed(sender=None, **_kwargs) -> None:
    """Celery's ``task_failure`` signal."""
    celery_task_failures.labels(task=getattr(sender, "name", "unknown")).inc()
