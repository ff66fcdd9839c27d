"""The faults the chaos bench injects, and the record of when each happened.

- ``WorkerPool``: the Celery workers; one is SIGKILLed (its whole process group) every few
  seconds and started again. The interval counts from when both workers are ready again, so a
  slow restart never leaves the queue without consumers for long.
- ``cut_when``: a proxy cut (PostgreSQL, Redis) once the service has processed a share of the
  deliveries.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.chaos_kit.proxy import ProxyProcess
from bench.services import spawn_logged, stop_group

READY_MARK = b" ready."
START_TIMEOUT_S = 120.0


@dataclass
class FaultLog:
    """Every fault injected: (kind, started at, ended at) in monotonic seconds."""

    faults: list[tuple[str, float, float]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, started: float, ended: float) -> None:
        with self.lock:
            self.faults.append((kind, started, ended))

    def count(self, kind: str) -> int:
        return sum(1 for fault in self.faults if fault[0] == kind)


class WorkerPool:
    """``saleor-oms worker`` processes, one per entry of ``queues`` (the Celery queues it
    consumes, as ``-Q`` takes them), each in its own process group."""

    def __init__(
        self, command: list[str], env: dict[str, str], log_dir: Path, queues: list[str]
    ) -> None:
        self.command, self.env, self.log_dir, self.queues = command, env, log_dir, queues
        self.size = size = len(queues)
        self.processes: list[subprocess.Popen[bytes] | None] = [None] * size
        self.logs: list[Path] = [log_dir / f"worker-{slot}.log" for slot in range(size)]
        self.starts = 0

    def start(self, slot: int) -> None:
        self.starts += 1
        self.logs[slot] = self.log_dir / f"worker-{slot}-{self.starts}.log"
        command = [*self.command, "-Q", self.queues[slot]]
        self.processes[slot] = spawn_logged(command, self.env, self.logs[slot])

    def start_all(self) -> None:
        for slot in range(self.size):
            self.start(slot)
        self.wait_ready()

    def ready(self, slot: int) -> bool:
        process = self.processes[slot]
        if process is None or process.poll() is not None:
            raise SystemExit(f"worker {slot} exited:\n{self.logs[slot].read_text()[-3000:]}")
        return READY_MARK in self.logs[slot].read_bytes()

    def wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not all(self.ready(slot) for slot in range(self.size)):
            if time.monotonic() > deadline:
                raise SystemExit("the workers did not become ready")
            time.sleep(0.2)

    def kill(self, slot: int) -> None:
        process = self.processes[slot]
        if process is not None:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait()

    def stop_all(self) -> None:
        for process in self.processes:
            if process is not None:
                stop_group(process)


class WorkerKiller:
    """Every ``interval`` seconds after both workers are ready, SIGKILL one at random and
    start it again, until stopped."""

    def __init__(self, pool: WorkerPool, log: FaultLog, interval: float, seed: int):
        self.pool, self.log, self.interval = pool, log, interval
        self.rng = random.Random(seed)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Stop killing; returns once both workers run again."""
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            slot = self.rng.randrange(self.pool.size)
            killed_at = time.monotonic()
            self.pool.kill(slot)
            self.pool.start(slot)
            self.pool.wait_ready()
            self.log.add("worker_kill", killed_at, time.monotonic())


def cut_when(
    proxy: ProxyProcess,
    kind: str,
    seconds: float,
    due: Callable[[], bool],
    log: FaultLog,
    *,
    deadline: float,
) -> threading.Thread:
    """A thread that cuts ``proxy`` for ``seconds`` once ``due()`` says so, unless that is
    still not so at ``deadline`` (monotonic seconds; then nothing is cut or logged)."""

    def run() -> None:
        while not due():
            if time.monotonic() > deadline:
                return
            time.sleep(0.1)
        started = time.monotonic()
        proxy.cut(seconds)
        time.sleep(seconds)
        log.add(kind, started, time.monotonic())

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread
