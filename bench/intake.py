"""Webhook intake load benchmark: real signed captures against the production-style server.

    .venv/bin/python bench/intake.py [--seconds 20] [--concurrency N] [--workers N] [--json]

It prepares a fresh PostgreSQL database and Redis broker db, registers many tenants that share
the captures' JWKS (the signature covers only the body, so each capture sent under another
tenant's ``Saleor-Api-Url`` is a new, distinct delivery), starts ``saleor-oms serve`` (gunicorn,
several workers) and drives it from a separate process over keep-alive HTTP/1.1 connections on
loopback. It prints deliveries/s and acknowledgement latency (request sent → full response read),
then checks that the inbox holds exactly one row per accepted delivery. No Celery worker consumes
during the measurement unless ``--with-worker`` is given: the scheduled tasks queue in Redis.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import math
import multiprocessing
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

REPO_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_DIR))

from bench.databases import reset_database  # noqa: E402
from bench.services import (  # noqa: E402
    Capture,
    free_port,
    load_captures,
    oms_command,
    reset_broker,
    service_env,
    service_process,
    shared_dir,
    wait_until_healthy,
)

TARGET_DELIVERIES_PER_S = 1000.0
TARGET_P99_MS = 50.0
DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/saleor_oms_bench"
DEFAULT_BROKER_URL = "redis://127.0.0.1:6379/14"
WEBHOOK_QUEUE = "webhooks"


# --------------------------------------------------------------------------- options


@dataclass(frozen=True)
class Options:
    seconds: float
    warmup: float
    concurrency: int
    workers: int
    threads: int
    server: str
    tenants: int
    with_worker: bool
    access_log: str
    database_url: str
    broker_url: str
    as_json: bool
    require_targets: bool


def parse_options(argv: list[str]) -> Options:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="measured duration")
    parser.add_argument("--warmup", type=float, default=3.0, help="unmeasured warm-up first")
    parser.add_argument("--concurrency", type=int, default=12, help="keep-alive connections")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per server worker")
    parser.add_argument(
        "--server",
        choices=["granian", "gunicorn"],
        default="granian",
        help="the HTTP server `saleor-oms serve` runs (see its --server)",
    )
    parser.add_argument(
        "--tenants",
        type=int,
        default=0,
        help="tenants to register (default: enough distinct deliveries for 4,000/s)",
    )
    parser.add_argument(
        "--with-worker", action="store_true", help="also run a Celery worker draining the queue"
    )
    parser.add_argument(
        "--access-log",
        default="off",
        help="ACCESS_LOG for the server: 'off', '-' (stdout, the serve default) or a file",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
        help="database to DROP and create afresh (env BENCH_DATABASE_URL)",
    )
    parser.add_argument(
        "--broker-url",
        default=os.environ.get("BENCH_BROKER_URL", DEFAULT_BROKER_URL),
        help="Redis db to FLUSH and use as the Celery broker (env BENCH_BROKER_URL)",
    )
    parser.add_argument("--json", dest="as_json", action="store_true", help="one JSON object")
    parser.add_argument(
        "--require-targets", action="store_true", help="exit 3 when a target is missed"
    )
    args = parser.parse_args(argv)
    if args.concurrency < 1 or args.workers < 1 or args.threads < 1 or args.seconds <= 0:
        parser.error("--concurrency, --workers, --threads and --seconds must be positive")
    return Options(**vars(args))


def tenant_count(options: Options, capture_count: int) -> int:
    if options.tenants > 0:
        return options.tenants
    needed = 4 * TARGET_DELIVERIES_PER_S * (options.warmup + options.seconds)
    return max(1, math.ceil(needed / capture_count))


def tenant_api_url(index: int) -> str:
    return f"http://bench-{index}.example/graphql/"


# --------------------------------------------------------------------------- captures


def build_request(capture: Capture, route: str, server: str, api_url: str) -> bytes:
    """The exact HTTP/1.1 request Saleor would send to this tenant's installation."""
    domain = urlsplit(api_url).netloc
    lines = [
        f"POST /api/webhooks/{route}/ HTTP/1.1",
        f"Host: {server}",
        *(f"{name}: {value}" for name, value in capture.headers),
        f"Saleor-Api-Url: {api_url}",
        f"Saleor-Domain: {domain}",
        f"X-Saleor-Domain: {domain}",
        f"Content-Length: {len(capture.body)}",
        "",
        "",
    ]
    return "\r\n".join(lines).encode("latin-1") + capture.body


# --------------------------------------------------------------------------- load client


@dataclass(frozen=True)
class ClientPlan:
    host: str
    port: int
    concurrency: int
    warmup: float
    seconds: float
    tenants: int
    routes: dict[str, str]
    captures_dir: str


@dataclass
class LoadState:
    """What the connections share: the next (tenant, capture) pair and what came back."""

    requests: Iterator[bytes]
    stop_at_ns: int
    ends_ns: list[int] = field(default_factory=list)
    latencies_ns: list[int] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    accepted: int = 0
    duplicates: int = 0
    exhausted: bool = False

    def take(self) -> bytes | None:
        if time.perf_counter_ns() >= self.stop_at_ns:
            return None
        request = next(self.requests, None)
        if request is None:
            self.exhausted = True
        return request

    def record(self, start_ns: int, end_ns: int, status: int, body: bytes) -> None:
        self.ends_ns.append(end_ns)
        self.latencies_ns.append(end_ns - start_ns)
        self.statuses.append(status)
        if status == 200:
            if b'"duplicate":false' in body:
                self.accepted += 1
            else:
                self.duplicates += 1


def plan_requests(plan: ClientPlan) -> Iterator[bytes]:
    """Every (tenant, capture) pair once, tenant by tenant, each capture in captured order."""
    captures = load_captures(Path(plan.captures_dir))
    server = f"{plan.host}:{plan.port}"
    for index in range(plan.tenants):
        api_url = tenant_api_url(index)
        for capture in captures:
            yield build_request(capture, plan.routes[capture.event], server, api_url)


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
    """Status, body, and whether the server closes the connection."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    length, close = 0, False
    for line in lines[1:]:
        name, _, value = line.partition(":")
        name = name.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "connection":
            close = value.strip().lower() == "close"
    body = await reader.readexactly(length) if length else b""
    return status, body, close


async def drive_connection(state: LoadState, host: str, port: int) -> None:
    writer: asyncio.StreamWriter | None = None
    reader: asyncio.StreamReader | None = None
    try:
        while (request := state.take()) is not None:
            start = time.perf_counter_ns()
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection(host, port)
                assert reader is not None
                writer.write(request)
                status, body, close = await read_response(reader)
            except (OSError, asyncio.IncompleteReadError, ValueError):
                status, body, close = 0, b"", True
            state.record(start, time.perf_counter_ns(), status, body)
            if close and writer is not None:
                writer.close()
                writer = None
    finally:
        if writer is not None:
            writer.close()


def percentile(sorted_values: list[int], fraction: float) -> float:
    """Nearest-rank percentile, in milliseconds."""
    if not sorted_values:
        return float("nan")
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1] / 1e6


def summarize(state: LoadState, window_start_ns: int, window_end_ns: int) -> dict[str, Any]:
    if state.exhausted and state.ends_ns:
        window_end_ns = min(window_end_ns, max(state.ends_ns))
    in_window = [
        (latency, status)
        for end, latency, status in zip(
            state.ends_ns, state.latencies_ns, state.statuses, strict=True
        )
        if window_start_ns <= end <= window_end_ns
    ]
    latencies = sorted(latency for latency, _ in in_window)
    seconds = max(window_end_ns - window_start_ns, 1) / 1e9
    return {
        "deliveries": len(in_window),
        "seconds": round(seconds, 3),
        "deliveries_per_s": round(len(in_window) / seconds, 1),
        "p50_ms": round(percentile(latencies, 0.50), 2),
        "p90_ms": round(percentile(latencies, 0.90), 2),
        "p99_ms": round(percentile(latencies, 0.99), 2),
        "max_ms": round(latencies[-1] / 1e6, 2) if latencies else float("nan"),
        "non_200": sum(1 for _, status in in_window if status != 200),
        "non_200_total": sum(1 for status in state.statuses if status != 200),
        "sent_total": len(state.statuses),
        "accepted_total": state.accepted,
        "duplicates_total": state.duplicates,
        "exhausted": state.exhausted,
    }


async def run_load(plan: ClientPlan, markers: Connection) -> dict[str, Any]:
    started = time.perf_counter_ns()
    window_start = started + int(plan.warmup * 1e9)
    window_end = window_start + int(plan.seconds * 1e9)
    state = LoadState(requests=plan_requests(plan), stop_at_ns=window_end)
    connections = [
        asyncio.create_task(drive_connection(state, plan.host, plan.port))
        for _ in range(plan.concurrency)
    ]
    await asyncio.sleep(max(0.0, (window_start - time.perf_counter_ns()) / 1e9))
    markers.send(("window_start", time.monotonic()))
    cpu_start = resource.getrusage(resource.RUSAGE_SELF)
    await asyncio.sleep(max(0.0, (window_end - time.perf_counter_ns()) / 1e9))
    cpu_end = resource.getrusage(resource.RUSAGE_SELF)
    markers.send(("window_end", time.monotonic()))
    await asyncio.gather(*connections)
    summary = summarize(state, window_start, window_end)
    client_cpu = (cpu_end.ru_utime + cpu_end.ru_stime) - (cpu_start.ru_utime + cpu_start.ru_stime)
    summary["client_cpu_s"] = round(client_cpu, 2)
    return summary


def client_main(plan: ClientPlan, results: Connection) -> None:
    """Entry point of the load-generator process."""
    try:
        results.send(("result", asyncio.run(run_load(plan, results))))
    except BaseException as exc:  # report anything to the parent, then die
        results.send(("error", f"{type(exc).__name__}: {exc}"))
        raise


# --------------------------------------------------------------------------- Django helpers


def django_register(count: int, jwks_path: str) -> dict[str, Any]:
    """Runs inside a Django subprocess: tenants sharing the captures' JWKS, and the routes."""
    import django

    django.setup()
    from saleor_oms_plugin.saleor.subscriptions import WEBHOOK_GROUPS
    from saleor_oms_plugin.tenants.services import tenant_add

    jwks = json.loads(Path(jwks_path).read_text(encoding="utf-8"))
    for index in range(count):
        tenant_add(api_url=tenant_api_url(index), token="bench", jwks=jwks, run_import=False)
    routes = {event: group.path for group in WEBHOOK_GROUPS for event in group.events}
    return {"tenants": count, "routes": routes}


def django_inbox_counts() -> dict[str, Any]:
    """Runs inside a Django subprocess: what the inbox holds."""
    import django

    django.setup()
    from django.db.models import Count

    from saleor_oms_plugin.webhooks.models import Delivery

    rows = Delivery.objects.count()
    distinct = Delivery.objects.values("tenant_id", "dedupe_key").distinct().count()
    by_status = dict(
        Delivery.objects.values_list("status").annotate(n=Count("id")).order_by("status")
    )
    tenants = Delivery.objects.values("tenant_id").distinct().count()
    return {"rows": rows, "distinct": distinct, "by_status": by_status, "tenants": tenants}


def run_django_helper(name: str, args: list[str], env: dict[str, str]) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--django-helper", name, *args]
    completed = subprocess.run(
        command, env=env, cwd=REPO_DIR, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise SystemExit(f"{name} failed:\n{completed.stderr[-4000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def django_helper_main(argv: list[str]) -> int:
    name, rest = argv[0], argv[1:]
    if name == "register":
        result = django_register(int(rest[0]), rest[1])
    elif name == "inbox":
        result = django_inbox_counts()
    else:
        raise SystemExit(f"unknown helper {name}")
    print(json.dumps(result))
    return 0


# --------------------------------------------------------------------------- environment


@dataclass(frozen=True)
class Queued:
    tasks: int
    tenants: int  # distinct tenants whose turn those tasks are (the web tier queues one each)


def queued_tasks(broker_url: str) -> Queued:
    """What waits in the broker: Celery messages and the tenants whose turns they are."""
    import redis

    messages = redis.Redis.from_url(broker_url).lrange(WEBHOOK_QUEUE, 0, -1)
    tenants = set()
    for raw in messages:
        args, _kwargs, _embed = json.loads(base64.b64decode(json.loads(raw)["body"]))
        tenants.add(args[0])
    return Queued(tasks=len(messages), tenants=len(tenants))


# --------------------------------------------------------------------------- processes


@contextmanager
def client_process(plan: ClientPlan) -> Iterator[tuple[BaseProcess, Connection]]:
    context = multiprocessing.get_context("spawn")
    parent_end, child_end = context.Pipe()
    process = context.Process(target=client_main, args=(plan, child_end), name="bench-client")
    process.start()
    try:
        yield process, parent_end
    finally:
        if process.is_alive():
            process.terminate()
        process.join(10)


# --------------------------------------------------------------------------- CPU accounting


def _cpu_ticks(pid: int) -> int:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0
    fields = stat.rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime, stime


def _processes() -> Iterator[tuple[int, int, str]]:
    """(pid, process group, command name) of every process."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        pgrp = int(stat.rsplit(")", 1)[1].split()[2])
        yield int(entry.name), pgrp, name


def _machine_busy_ticks() -> int:
    """Non-idle CPU ticks of the whole machine (first line of /proc/stat)."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle, iowait = fields[3], fields[4]
    return sum(fields[:8]) - idle - iowait


Snapshot = dict[tuple[str, int], int]  # (party, pid) → CPU ticks so far; pid 0 = the machine


def cpu_snapshot(server_pgid: int, client_pid: int) -> Snapshot:
    """CPU ticks used so far by each process of the server, client, PostgreSQL and Redis."""
    ticks: Snapshot = {("machine", 0): _machine_busy_ticks()}
    ticks[("client", client_pid)] = _cpu_ticks(client_pid)
    for pid, pgrp, name in _processes():
        if pgrp == server_pgid:
            ticks[("server", pid)] = _cpu_ticks(pid)
        elif name.startswith("postgres"):
            ticks[("postgres", pid)] = _cpu_ticks(pid)
        elif name.startswith("redis-server"):
            ticks[("redis", pid)] = _cpu_ticks(pid)
    return ticks


def cpu_share(before: Snapshot, after: Snapshot, seconds: float) -> dict[str, float]:
    """Cores used by each party over the window (2.0 = both cores of a 2-core machine)."""
    used: dict[str, int] = {"server": 0, "client": 0, "postgres": 0, "redis": 0, "machine": 0}
    for (party, pid), value in after.items():
        used[party] += max(0, value - before.get((party, pid), 0))
    per_second = os.sysconf("SC_CLK_TCK") * max(seconds, 1e-9)
    shares = {party: round(value / per_second, 2) for party, value in used.items()}
    # Whatever else ran meanwhile (other test suites, kernel work): a noisy neighbour on a
    # 2-core machine shows up here and makes the figures pessimistic.
    ours = sum(value for party, value in shares.items() if party != "machine")
    shares["other"] = round(max(0.0, shares["machine"] - ours), 2)
    return shares


# --------------------------------------------------------------------------- orchestration


def measure(
    plan: ClientPlan, server: subprocess.Popen[bytes]
) -> tuple[dict[str, Any], dict[str, float]]:
    """Run the client process; CPU shares are sampled over its measured window."""
    with client_process(plan) as (process, results):
        assert process.pid is not None
        before: Snapshot = {}
        cores: dict[str, float] = {}
        window_started = 0.0
        while True:
            if not results.poll(plan.warmup + plan.seconds + 120):
                raise SystemExit("the load generator stopped answering")
            kind, value = results.recv()
            if kind == "window_start":
                before, window_started = cpu_snapshot(server.pid, process.pid), value
            elif kind == "window_end":
                cores = cpu_share(
                    before, cpu_snapshot(server.pid, process.pid), value - window_started
                )
            elif kind == "result":
                return value, cores
            else:
                raise SystemExit(f"load generator failed: {value}")


def _queued_line(result: dict[str, Any]) -> str:
    return (
        f"no worker: {result['inbox_rows']} deliveries wait for "
        f"{result['queued_tasks']} queued turns of {result['queued_tenants']} tenants"
    )


def verify(summary: dict[str, Any], inbox: dict[str, Any], queued: Queued | None) -> list[str]:
    problems = []
    if summary["non_200_total"]:
        problems.append(f"{summary['non_200_total']} responses were not 200")
    if summary["duplicates_total"]:
        problems.append(f"{summary['duplicates_total']} deliveries were reported duplicate")
    if inbox["rows"] != summary["accepted_total"]:
        problems.append(f"inbox holds {inbox['rows']} rows, {summary['accepted_total']} accepted")
    if inbox["distinct"] != inbox["rows"]:
        problems.append(f"inbox holds {inbox['rows'] - inbox['distinct']} duplicate rows")
    if queued is not None and (queued.tenants, queued.tasks) != (inbox["tenants"],) * 2:
        problems.append(
            f"{queued.tasks} turns of {queued.tenants} tenants queued for the deliveries of "
            f"{inbox['tenants']} tenants (one turn each expected)"
        )
    return problems


def run(options: Options) -> dict[str, Any]:
    directory = shared_dir()
    captures = load_captures(directory / "captures")
    tenants = tenant_count(options, len(captures))
    port = free_port()
    with ExitStack() as stack:
        work_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="oms-bench-")))
        env = service_env(
            database_url=options.database_url,
            broker_url=options.broker_url,
            port=port,
            data_dir=work_dir,
            access_log=options.access_log,
        )
        note(options, f"database {options.database_url}, broker {options.broker_url}: reset")
        reset_database(options.database_url)
        reset_broker(options.broker_url)
        subprocess.run(oms_command("migrate", "-v", "0"), env=env, cwd=REPO_DIR, check=True)
        note(options, f"registering {tenants} tenants × {len(captures)} captures")
        registered = run_django_helper(
            "register", [str(tenants), str(directory / "jwks.json")], env
        )
        server_log = work_dir / "server.log"
        server = stack.enter_context(
            service_process(
                oms_command(
                    "serve",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    str(options.workers),
                    "--threads",
                    str(options.threads),
                    "--server",
                    options.server,
                    "--no-migrate",
                ),
                env,
                server_log,
            )
        )
        wait_until_healthy(server, port, server_log)
        if options.with_worker:
            stack.enter_context(
                service_process(
                    oms_command("worker", "--loglevel", "WARNING"), env, work_dir / "worker.log"
                )
            )
        note(
            options,
            f"server up on :{port}; "
            f"{'a Celery worker drains' if options.with_worker else 'no Celery worker: tasks queue in Redis'}",
        )
        plan = ClientPlan(
            host="127.0.0.1",
            port=port,
            concurrency=options.concurrency,
            warmup=options.warmup,
            seconds=options.seconds,
            tenants=tenants,
            routes=registered["routes"],
            captures_dir=str(directory / "captures"),
        )
        summary, cores = measure(plan, server)
        time.sleep(0.5)  # let on-commit task publishing of the last requests finish
        inbox = run_django_helper("inbox", [], env)
        queued = None if options.with_worker else queued_tasks(options.broker_url)
    problems = verify(summary, inbox, queued)
    server_ms = 1000 * cores.get("server", 0.0) / max(summary["deliveries_per_s"], 1e-9)
    return {
        **summary,
        "server_cpu_ms_per_delivery": round(server_ms, 2),
        "server_workers": options.workers,
        "server_threads": options.threads,
        "server": options.server,
        "concurrency": options.concurrency,
        "tenants": tenants,
        "celery_worker": options.with_worker,
        "access_log": options.access_log,
        "inbox_rows": inbox["rows"],
        "queued_tasks": None if queued is None else queued.tasks,
        "queued_tenants": None if queued is None else queued.tenants,
        "cores_used": cores,
        "targets": {
            "deliveries_per_s": TARGET_DELIVERIES_PER_S,
            "p99_ms": TARGET_P99_MS,
            "met": summary["deliveries_per_s"] >= TARGET_DELIVERIES_PER_S
            and summary["p99_ms"] <= TARGET_P99_MS,
        },
        "verified": not problems,
        "problems": problems,
    }


def note(options: Options, message: str) -> None:
    if not options.as_json:
        print(f"· {message}", file=sys.stderr, flush=True)


def report(result: dict[str, Any]) -> str:
    cores = ", ".join(f"{name} {value:.2f}" for name, value in result["cores_used"].items())
    lines = [
        f"deliveries      {result['deliveries']} in {result['seconds']:.1f} s "
        f"(warm-up excluded){'  [ran out of distinct deliveries]' if result['exhausted'] else ''}",
        f"deliveries/s    {result['deliveries_per_s']:.1f}   (target ≥ {TARGET_DELIVERIES_PER_S:.0f})",
        f"latency ms      p50 {result['p50_ms']:.2f}  p90 {result['p90_ms']:.2f}  "
        f"p99 {result['p99_ms']:.2f}  max {result['max_ms']:.2f}   (target p99 ≤ {TARGET_P99_MS:.0f})",
        f"non-200         {result['non_200']} in window, {result['non_200_total']} overall",
        f"server          {result['server']}, {result['server_workers']} workers × "
        f"{result['server_threads']} threads, "
        f"access log {result['access_log'] or 'off'}",
        f"client          {result['concurrency']} keep-alive connections, {result['tenants']} tenants",
        f"celery          {'worker draining' if result['celery_worker'] else _queued_line(result)}",
        f"cores used      {cores}",
        f"server CPU      {result['server_cpu_ms_per_delivery']:.2f} ms per delivery",
        f"inbox           {result['inbox_rows']} rows for {result['accepted_total']} accepted "
        f"deliveries: {'OK, no loss, no duplicates' if result['verified'] else '; '.join(result['problems'])}",
        f"targets         {'MET' if result['targets']['met'] else 'NOT MET'}",
    ]
    return "\n".join(lines)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # unwinds the ExitStack, which stops every process we started


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--django-helper"]:
        return django_helper_main(argv[1:])
    options = parse_options(argv)
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)  # even when started with SIGINT ignored (`cmd &`)
    try:
        result = run(options)
    except KeyboardInterrupt:
        print("interrupted; every process the bench started was stopped", file=sys.stderr)
        return 130
    print(json.dumps(result) if options.as_json else report(result), flush=True)
    if not result["verified"]:
        return 1
    if options.require_targets and not result["targets"]["met"]:
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
