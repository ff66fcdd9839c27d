"""Structured logs: the JSON formatter, the request id, and the context a line carries."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from saleor_oms_plugin.celery_app import app as celery_app
from saleor_oms_plugin.core.json_logs import JsonFormatter
from saleor_oms_plugin.core.log_context import log_context
from saleor_oms_plugin.core.middleware import RequestIdMiddleware
from saleor_oms_plugin.webhooks.models import Delivery
from saleor_oms_plugin.webhooks.processing import delivery_process
from tests.fixtures.processes import stop, wait_for
from tests.fixtures.worker import service_env


class _Lines(logging.Handler):
    """Formats what reaches it with the JSON formatter and keeps the decoded lines."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(JsonFormatter())
        self.lines: list[dict] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(json.loads(self.format(record)))


@pytest.fixture
def lines():
    handler = _Lines()
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield handler.lines
    root.removeHandler(handler)
    root.setLevel(level)


def test_a_line_is_one_json_object_with_its_context(lines):
    with log_context(tenant=7, delivery_id=42, request_id="abc"):
        logging.getLogger("oms.test").warning("applied %s of %d", "order", 3)
    assert lines == [
        {
            "time": lines[0]["time"],
            "level": "WARNING",
            "logger": "oms.test",
            "message": "applied order of 3",
            "tenant": 7,
            "delivery_id": 42,
            "request_id": "abc",
        }
    ]
    assert lines[0]["time"].endswith("+00:00")


def test_context_ends_with_its_block_and_exceptions_are_kept(lines):
    with log_context(task_id="t-1"):
        pass
    try:
        raise ValueError("bad input")
    except ValueError:
        logging.getLogger("oms.test").exception("failed")
    (line,) = lines
    assert "task_id" not in line
    assert "ValueError: bad input" in line["exception"]


def test_a_message_with_newlines_and_quotes_stays_one_line():
    record = logging.LogRecord("oms", logging.INFO, __file__, 1, 'a "b"\nc', None, None)
    text = JsonFormatter().format(record)
    assert "\n" not in text
    assert json.loads(text)["message"] == 'a "b"\nc'


def _through_middleware(request_id: str | None, lines: list[dict]) -> HttpResponse:
    def view(request):
        logging.getLogger("oms.view").info("handling")
        return HttpResponse("ok")

    headers = {} if request_id is None else {"X-Request-ID": request_id}
    return RequestIdMiddleware(view)(RequestFactory().get("/", headers=headers))


def test_a_sane_request_id_is_kept_logged_and_echoed(lines):
    response = _through_middleware("req-2f1c:7", lines)
    assert response["X-Request-ID"] == "req-2f1c:7"
    assert lines[0]["request_id"] == "req-2f1c:7"


@pytest.mark.parametrize(
    "incoming",
    [None, "", "x" * 129, "two words", 'quote"', "line\nbreak", "ümlaut"],
    ids=["absent", "empty", "too-long", "space", "quote", "newline", "non-ascii"],
)
def test_an_absent_or_odd_request_id_is_replaced_by_a_new_one(incoming, lines):
    response = _through_middleware(incoming, lines)
    made = response["X-Request-ID"]
    assert made != incoming
    assert len(made) == 32 and made.isalnum()
    assert lines[0]["request_id"] == made
    # and a second request gets another
    assert _through_middleware(incoming, lines)["X-Request-ID"] != made


def test_the_request_id_middleware_runs_on_every_request(client, db):
    response = client.get("/healthz", headers={"X-Request-ID": "from-the-proxy"})
    assert response["X-Request-ID"] == "from-the-proxy"


@pytest.mark.django_db
def test_lines_logged_while_a_delivery_is_processed_name_it_and_its_tenant(lines, capture_tenant):
    # given a stored delivery whose payload cannot be applied
    delivery = Delivery.objects.create(
        tenant=capture_tenant,
        event="ORDER_CREATED",
        dedupe_key="k",
        payload={"not": "an order"},
        received_at=timezone.now(),
    )
    # when it is processed
    assert delivery_process(delivery_id=delivery.pk) == Delivery.Status.FAILED
    # then the warning about it carries the delivery and the tenant
    warning = next(line for line in lines if "cannot be applied" in line["message"])
    assert warning["delivery_id"] == delivery.pk
    assert warning["tenant"] == capture_tenant.pk
    # and lines after it carry neither
    logging.getLogger("oms.test").info("after")
    assert "delivery_id" not in lines[-1]


def _settings_in_subprocess(env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "LOG_FORMAT", "DJANGO_SETTINGS_MODULE"}
    }
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "from saleor_oms_plugin import settings as s; "
            "print(s.LOG_FORMAT, s.LOGGING['handlers']['console']['formatter'])",
        ],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_log_format_defaults_to_json_in_production_and_text_embedded(tmp_path):
    production = _settings_in_subprocess(
        {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/unused"}
    )
    assert production.stdout.split() == ["json", "json"], production.stderr
    embedded = _settings_in_subprocess({"OMS_DATA_DIR": str(tmp_path)})
    assert embedded.stdout.split() == ["text", "text"], embedded.stderr
    chosen = _settings_in_subprocess({"OMS_DATA_DIR": str(tmp_path), "LOG_FORMAT": "json"})
    assert chosen.stdout.split() == ["json", "json"], chosen.stderr
    wrong = _settings_in_subprocess({"OMS_DATA_DIR": str(tmp_path), "LOG_FORMAT": "xml"})
    assert wrong.returncode != 0
    assert "LOG_FORMAT must be json or text" in wrong.stderr


def test_the_worker_logs_json_lines_naming_the_task(broker, tmp_path: Path):
    # given a Celery worker on the JSON format, its output in a file
    output = tmp_path / "worker.log"
    env = {**service_env(broker), "LOG_FORMAT": "json"}
    with output.open("w") as sink:
        worker = subprocess.Popen(
            [sys.executable, "-m", "saleor_oms_plugin", "worker", "--loglevel", "INFO"]
            + ["--concurrency", "1", "--pool", "prefork", "--without-gossip", "--without-mingle"],
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        # when a task fails in it
        result = celery_app.send_task(
            "saleor_oms_plugin.webhooks.tasks.process_deliveries",
            args=[["not-a-number"]],
            queue="webhooks",
        )

        def failure_logged() -> list[dict]:
            found = []
            for raw in output.read_text().splitlines():
                try:
                    line = json.loads(raw)
                except ValueError:
                    continue
                if line.get("level") == "ERROR" and line.get("task_id") == result.id:
                    found.append(line)
            return found

        assert wait_for(lambda: bool(failure_logged()), process=worker), output.read_text()
        # then the worker's lines are our JSON lines, and the failure names its task
        (line,) = failure_logged()
        assert line["logger"].startswith("celery")
        assert "not-a-number" in line["message"] + line.get("exception", "")
    finally:
        stop(worker)


def test_the_text_format_appends_the_context_to_the_message():
    from saleor_oms_plugin.core.json_logs import ContextFilter

    formatter = logging.Formatter("%(levelname)s %(message)s%(context)s")
    record = logging.LogRecord("oms", logging.INFO, __file__, 1, "applied", None, None)
    ContextFilter().filter(record)
    assert formatter.format(record) == "INFO applied"
    with log_context(tenant=3, delivery_id=9):
        ContextFilter().filter(record)
    assert formatter.format(record) == "INFO applied tenant=3 delivery_id=9"
