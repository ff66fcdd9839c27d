"""Our service in production mode, as an operator runs it: PostgreSQL, Redis, web, worker, beat.

Each run gets a database of its own (dropped at the end) and a Redis database of its own, and
listens on a free port of 127.0.0.1 that the live Saleor can reach.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import requests
from cryptography.fernet import Fernet

from tests.live.saleor_live import wait_for

REPO_ROOT = Path(__file__).resolve().parents[2]
ADMIN_DSN = os.environ.get("OMS_LIVE_ADMIN_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class OmsService:
    saleor_url: str
    port: int = field(default_factory=free_port)
    database: str = field(default_factory=lambda: f"oms_live_{os.getpid()}")
    # Saleor keeps one app per manifest id: runs side by side in one Saleor need their own.
    app_id: str = field(default_factory=lambda: os.environ.get("OMS_LIVE_APP_ID", "saleor.oms"))
    redis_url: str = field(
        default_factory=lambda: os.environ.get("OMS_LIVE_REDIS_URL", "redis://127.0.0.1:6379/7")
    )
    encryption_key: str = field(default_factory=lambda: Fernet.generate_key().decode())
    logs: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="oms-live-")))
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def manifest_url(self) -> str:
        return f"{self.url}/api/manifest"

    @property
    def graphql_url(self) -> str:
        return f"{self.url}/graphql/"

    def environment(self) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "CELERY_", "DATABASE_"))
        }
        env.update(
            DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{self.database}",
            CELERY_BROKER_URL=self.redis_url,
            SECRET_KEY="live-contract-suite",
            TOKEN_ENCRYPTION_KEYS=self.encryption_key,
            APP_URL=self.url,
            APP_ID=self.app_id,
            ALLOWED_SALEOR_URLS=self.saleor_url,
            # Saleor, its webhooks' receivers and our outbound peers all live on loopback here.
            OUTBOUND_ALLOW_PRIVATE_HOSTS="1",
            INBOX_STALLED_AFTER_SECONDS="20",
            INBOX_SWEEP_INTERVAL_SECONDS="10",
            ACCESS_LOG="off",
            # What Saleor answers to each of our documents, for tests/fixtures/contract/saleor/.
            SALEOR_CONTRACT_RECORD_DIR=str(self.logs / "contract"),
        )
        return env

    def start(self) -> None:
        self._create_database()
        env = self.environment()
        cli = [sys.executable, "-m", "saleor_oms_plugin"]
        subprocess.run([*cli, "migrate", "-v", "0"], env=env, cwd=REPO_ROOT, check=True)
        self._spawn(
            "web",
            [*cli, "serve", "--bind", f"127.0.0.1:{self.port}", "--workers", "2", "--no-migrate"],
            env,
        )
        self._spawn("worker", [*cli, "worker", "--loglevel", "INFO", "--concurrency", "2"], env)
        self._spawn("beat", [*cli, "beat", "--loglevel", "INFO"], env)
        wait_for("our web process to answer /healthz", self._healthy, timeout=90)

    def _healthy(self) -> bool:
        for name, process in self.processes.items():
            if process.poll() is not None:
                raise AssertionError(f"{name} exited with {process.returncode}: {self.log(name)}")
        try:
            return requests.get(f"{self.url}/healthz", timeout=5).status_code == 200
        except requests.RequestException:
            return False

    def _spawn(self, name: str, argv: list[str], env: dict[str, str]) -> None:
        log = (self.logs / f"{name}.log").open("wb")
        self.processes[name] = subprocess.Popen(
            argv,
            env=env,
            cwd=REPO_ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def log(self, name: str, tail: int = 4000) -> str:
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace")[-tail:] if path.exists() else ""

    def run_cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "saleor_oms_plugin", *args],
            env=self.environment(),
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        self.processes.clear()
        with psycopg.connect(ADMIN_DSN, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')

    def _create_database(self) -> None:
        with psycopg.connect(ADMIN_DSN, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{self.database}"')
