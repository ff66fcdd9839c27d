"""The Quick start's first command: the service on its embedded default (SQLite, eager tasks)."""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import sys

import requests

from tests.fixtures.contract import SHARED_SALEOR, captures
from tests.fixtures.deliveries import capture_headers, webhook_path
from tests.fixtures.processes import (
    REQUEST_TIMEOUT_SECONDS,
    embedded_env,
    oms,
    serving,
    stop,
    wait_for,
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_embedded_service_installs_accepts_and_processes_a_delivery(tmp_path):
    # given a fresh data directory, and a tenant provisioned for the captures' Saleor
    env = embedded_env(tmp_path)
    oms("migrate", env=env)
    oms(
        "tenant",
        "add",
        "--api-url",
        "http://127.0.0.1:8000/graphql/",
        "--token",
        "t",
        "--jwks",
        str(SHARED_SALEOR / "jwks.json"),
        "--no-import",
        env=env,
    )
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "saleor_oms_plugin", "serve", "--bind", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        started = wait_for(serving(f"{base}/healthz"), process=server)
        if started:
            # when Saleor reads the manifest and delivers an order
            manifest = requests.get(f"{base}/api/manifest", timeout=REQUEST_TIMEOUT_SECONDS)
            capture = next(c for c in captures() if c.event == "ORDER_CREATED")
            delivered = requests.post(
                base + webhook_path(capture.event),
                data=capture.body,
                headers=capture_headers(capture),
                timeout=REQUEST_TIMEOUT_SECONDS,
            )
    finally:
        output = stop(server)
    assert started, f"the embedded service did not start:\n{output[-3000:]}"
    # then the manifest names the address it listens on, and the order was processed at once
    assert manifest.json()["tokenTargetUrl"] == f"http://localhost:{port}/api/register"
    assert delivered.status_code == 200, output
    assert f"http://localhost:{port}/api/manifest" in output
    with sqlite3.connect(tmp_path / "oms.sqlite3") as db:
        assert db.execute("SELECT status FROM oms_webhooks_delivery").fetchall() == [("done",)], (
            output[-4000:]
        )
        assert db.execute("SELECT count(*) FROM oms_orders_order").fetchone() == (1,)
