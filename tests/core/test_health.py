"""Liveness (/healthz) and readiness (/readyz) against the real PostgreSQL and Redis."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that accepts connections and never answers (a hung broker)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join(timeout=10)
    for conn in held:
        conn.close()
    listener.close()


def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_is_ready_with_the_database_redis_and_every_migration(client, settings):
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {
        "database": {"ok": True, "detail": "ok"},
        "broker": {"ok": True, "detail": "ok"},
        "migrations": {"ok": True, "detail": "ok"},
    }


def test_readyz_reports_the_eager_default_as_ready(client, settings):
    settings.CELERY_BROKER_URL = ""
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["broker"] == {"ok": True, "detail": "eager"}


def test_a_refused_broker_makes_the_service_unready(client, settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{_closed_port()}/0"
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["broker"]["ok"] is False
    assert "ConnectionError" in body["checks"]["broker"]["detail"]
    # the other checks still say how they are
    assert body["checks"]["database"]["ok"] is True


def test_a_broker_that_never_answers_fails_the_check_at_its_timeout(
    client, settings, silent_server
):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{silent_server}/0"
    started = time.monotonic()
    response = client.get("/readyz")
    waited = time.monotonic() - started
    assert response.status_code == 503
    assert "Timeout" in response.json()["checks"]["broker"]["detail"]
    # one 2-second try, not the client's retries: an orchestrator's probe gets its answer
    # (bound generous for a loaded machine; without the single try it takes 4 tries or more)
    assert waited < 30


def test_an_unapplied_migration_makes_the_service_unready(client):
    # given the newest migration of the webhooks app not recorded as applied
    recorder = MigrationRecorder(connection)
    newest = recorder.migration_qs.filter(app="oms_webhooks").order_by("-applied", "-id").first()
    assert newest is not None
    newest.delete()
    # when the readiness is asked
    response = client.get("/readyz")
    # then the service is not ready and the migration is named
    assert response.status_code == 503
    migrations = response.json()["checks"]["migrations"]
    assert migrations["ok"] is False
    assert f"oms_webhooks.{newest.name}" in migrations["detail"]
