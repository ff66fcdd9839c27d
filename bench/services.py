"""What the benchmarks share: the captured deliveries, the service's environment, and
starting and stopping its processes."""

from __future__ import annotations

import base64
import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
# Headers a sender sets itself: connection framing, and the tenant's identity.
OWN_HEADERS = {
    "host",
    "content-length",
    "connection",
    "saleor-api-url",
    "saleor-domain",
    "x-saleor-domain",
}


def shared_dir() -> Path:
    """The Saleor contract pack: captures, their JWKS (``<repo>/../shared/saleor``)."""
    override = os.environ.get("OMS_SHARED_SALEOR")
    return Path(override) if override else REPO_DIR.parent / "shared" / "saleor"


@dataclass(frozen=True)
class Capture:
    event: str
    headers: tuple[tuple[str, str], ...]
    body: bytes


def load_captures(directory: Path) -> list[Capture]:
    captures = []
    for path in sorted(directory.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        headers = tuple(
            (name, value)
            for name, value in data["headers"].items()
            if name.lower() not in OWN_HEADERS
        )
        event = next(value for name, value in headers if name.lower() == "saleor-event")
        captures.append(Capture(event.upper(), headers, data["body"].encode("utf-8")))
    if not captures:
        raise SystemExit(f"no captures in {directory}")
    return captures


def service_env(
    *, database_url: str, broker_url: str, port: int, data_dir: Path, access_log: str = "off"
) -> dict[str, str]:
    """The environment of the service's processes (serve, worker, beat, Django helpers)."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="saleor_oms_plugin.settings",
        DATABASE_URL=database_url,
        CELERY_BROKER_URL=broker_url,
        CELERY_TASK_ALWAYS_EAGER="false",
        SECRET_KEY=secrets.token_urlsafe(48),
        TOKEN_ENCRYPTION_KEYS=base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        APP_URL=f"http://127.0.0.1:{port}",
        OMS_DATA_DIR=str(data_dir),
        ACCESS_LOG=access_log,
        # The tree this bench lives in, whatever the virtualenv's install points at.
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO_DIR), os.environ.get("PYTHONPATH")])),
        PYTHONUNBUFFERED="1",
    )
    return env


def reset_broker(broker_url: str) -> None:
    import redis

    redis.Redis.from_url(broker_url).flushdb()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def oms_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "saleor_oms_plugin", *args]


def stop_group(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the process group (gunicorn and its workers), then SIGKILL what is left of it,
    children that outlived their leader included."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=15)
        except (subprocess.TimeoutExpired, ProcessLookupError):
            pass
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def spawn_logged(
    command: list[str], env: dict[str, str], log_path: Path
) -> subprocess.Popen[bytes]:
    """Start ``command`` from the repository in a process group of its own (so stop_group
    reaches its children), its output in ``log_path``."""
    with log_path.open("wb") as log:
        return subprocess.Popen(
            command,
            env=env,
            cwd=REPO_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


@contextmanager
def service_process(
    command: list[str], env: dict[str, str], log_path: Path
) -> Iterator[subprocess.Popen[bytes]]:
    process = spawn_logged(command, env, log_path)
    try:
        yield process
    finally:
        stop_group(process)


def wait_until_healthy(process: subprocess.Popen[bytes], port: int, log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited early:\n{log_path.read_text()[-4000:]}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"server not healthy after 60 s:\n{log_path.read_text()[-4000:]}")


class Supervised:
    """A service process started again whenever it exits, as systemd or Kubernetes would
    (``saleor-oms beat`` exits when PostgreSQL is unreachable); ``restarts`` counts them."""

    def __init__(self, command: list[str], env: dict[str, str], log_dir: Path, name: str):
        self.command, self.env, self.log_dir, self.name = command, env, log_dir, name
        self.restarts = 0
        self.process: subprocess.Popen[bytes] | None = None
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def start(self) -> Supervised:
        self._spawn()
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join()
        if self.process is not None:
            stop_group(self.process)

    def _spawn(self) -> None:
        log_path = self.log_dir / f"{self.name}-{self.restarts}.log"
        self.process = spawn_logged(self.command, self.env, log_path)

    def _watch(self) -> None:
        while not self._stopped.wait(1.0):
            if self.process is not None and self.process.poll() is not None:
                self.restarts += 1
                self._spawn()
