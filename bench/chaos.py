"""Chaos bench: the real service under faults, then checked against a quiet replay.

Runs ``saleor-oms serve`` (2 web workers), two ``saleor-oms worker`` (one for the webhook
deliveries, one for the rest) and ``saleor-oms beat``,
reaching PostgreSQL and Redis through fault-injecting proxies (bench/chaos_kit/proxy.py) and a
fake Saleor (tests/fixtures/fake_saleor.py) failing 30 % of calls. It feeds signed deliveries
(captures and generated orders, 20 % twice, out of order) and guests' return requests; until
every delivery has been processed once, a worker is SIGKILLed every few seconds, and Redis and
PostgreSQL are each cut once (when 30 % and 60 % are processed). Then it stops the faults,
waits for the backlog to drain and checks the outcome. See bench/README.md.

    .venv/bin/python bench/chaos.py --deliveries 1500
"""

from __future__ import annotations

import argparse
import json
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

REPO_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_DIR))

from bench.chaos_kit import checks, saleor_side  # noqa: E402
from bench.chaos_kit.faults import FaultLog, WorkerKiller, WorkerPool, cut_when  # noqa: E402
from bench.chaos_kit.feed import (  # noqa: E402
    Delivery,
    Sender,
    build_deliveries,
    sending_order,
)
from bench.chaos_kit.proxy import ProxyProcess, Upstream  # noqa: E402
from bench.chaos_kit.receiver import Receiver  # noqa: E402
from bench.chaos_kit.returns_feed import ReturnsFeeder, return_asks  # noqa: E402
from bench.databases import reset_database  # noqa: E402
from bench.services import (  # noqa: E402
    Supervised,
    free_port,
    load_captures,
    oms_command,
    reset_broker,
    service_env,
    service_process,
    shared_dir,
    wait_until_healthy,
)

DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/saleor_oms_chaos"
# Make sure no other service's worker consumes this Redis db: it would take the run's tasks.
DEFAULT_BROKER_URL = "redis://127.0.0.1:6379/8"
# The replay's tasks (rules, promises…) are published to kombu's in-process transport and never
# run: the read model is kept by the deliveries' handlers alone, and running the reactions
# would only slow the replay down.
REPLAY_BROKER_URL = "memory://"
SALEOR_FAILURE_RATE = 0.3
SALEOR_READ_TIMEOUT_S = 5
# A plan a killed worker was applying waits for its lease: longer than a live worker's calls
# take with this read timeout and the retries (SALEOR_MAX_RETRIES 4), far shorter than 900 s.
ROUTING_LEASE_S = 120
RECEIVER_REFUSE_SHARE = 0.2  # of the outbound webhooks' calls, while the faults last
# As the README advises for a store whose webhooks come in floods: one worker for the
# deliveries, one for the rest (rules, routing and Saleor calls), so neither waits behind the
# other's queue.
WORKER_QUEUES = ["webhooks", "default,saleor"]
QUIET_FOR_S = 10.0  # the backlog is drained once nothing is pending or moving for this long


@dataclass(frozen=True)
class Options:
    deliveries: int
    returns: int
    duplicate_share: float
    kill_every: float
    cut_seconds: float
    drain_seconds: float
    max_fault_seconds: float
    seed: int
    database_url: str
    broker_url: str
    keep_logs: bool


def parse_options(argv: list[str]) -> Options:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--deliveries", type=int, default=10_000, help="distinct deliveries")
    parser.add_argument("--returns", type=int, default=500, help="return requests at most")
    parser.add_argument("--duplicate-share", type=float, default=0.2)
    parser.add_argument("--kill-every", type=float, default=5.0, help="seconds between kills")
    parser.add_argument("--cut-seconds", type=float, default=10.0, help="each proxy cut")
    parser.add_argument("--drain-seconds", type=float, default=600.0, help="drain timeout")
    parser.add_argument(
        "--max-fault-seconds",
        type=float,
        default=3600.0,
        help="the faults end by then even if deliveries are still unprocessed",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL, help="dropped each run")
    parser.add_argument("--broker-url", default=DEFAULT_BROKER_URL, help="flushed each run")
    parser.add_argument("--keep-logs", action="store_true", help="print the logs' folder")
    args = parser.parse_args(argv)
    return Options(**{name: getattr(args, name) for name in Options.__dataclass_fields__})


def _with_port(url: str, port: int, path: str | None = None) -> str:
    parts = urlsplit(url)
    netloc = f"{parts.hostname}:{port}"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    return urlunsplit(parts._replace(netloc=netloc, path=path or parts.path))


def django_helper(env: dict[str, str], database_url: str, name: str, *args: str) -> Any:
    completed = subprocess.run(
        [sys.executable, "-m", "bench.chaos_kit.checks", name, *args],
        env={**env, "DATABASE_URL": database_url, "LOG_LEVEL": "ERROR"},
        cwd=REPO_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise SystemExit(f"{name} failed:\n{completed.stderr[-4000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def run(options: Options, work: Path) -> dict[str, Any]:
    from saleor_oms_plugin.saleor.subscriptions import WEBHOOK_GROUPS
    from tests.fixtures.fake_saleor import running_fake_saleor
    from tests.fixtures.signing import LocalSigner

    captures = load_captures(shared_dir() / "captures")
    signer = LocalSigner.generate("chaos-bench")
    deliveries = build_deliveries(captures, options.deliveries, signer.sign)
    sends = sending_order(
        deliveries, duplicate_share=options.duplicate_share, window=40, seed=options.seed
    )
    captured_keys = json.loads((shared_dir() / "jwks.json").read_text())["keys"]
    jwks_file = work / "jwks.json"
    jwks_file.write_text(json.dumps({"keys": captured_keys + signer.jwks()["keys"]}))
    routes = {event: group.path for group in WEBHOOK_GROUPS for event in group.events}

    database, broker = urlsplit(options.database_url), urlsplit(options.broker_url)
    replay_url = options.database_url + "_replay"
    reset_database(options.database_url)
    reset_database(replay_url)
    reset_broker(options.broker_url)
    pg_port, redis_port, web_port = free_port(), free_port(), free_port()
    faults = FaultLog()

    with ExitStack() as stack, running_fake_saleor() as saleor:
        pg_proxy = ProxyProcess(pg_port, Upstream(database.hostname or "", database.port or 5432))
        redis_proxy = ProxyProcess(redis_port, Upstream(broker.hostname or "", broker.port or 6379))
        for proxy in (pg_proxy, redis_proxy):
            stack.callback(proxy.start().stop)
        env = service_env(
            database_url=_with_port(options.database_url, pg_port),
            broker_url=_with_port(options.broker_url, redis_port),
            port=web_port,
            data_dir=work,
        )
        env.update(
            INBOX_STALLED_AFTER_SECONDS="20",
            INBOX_SWEEP_INTERVAL_SECONDS="5",
            RULES_RESEND_AFTER_SECONDS="20",
            RULES_SWEEP_INTERVAL_SECONDS="5",
            ROUTING_APPLY_LEASE_SECONDS=str(ROUTING_LEASE_S),
            ROUTING_STALLED_AFTER_SECONDS="60",
            ROUTING_SWEEP_INTERVAL_SECONDS="5",
            SALEOR_READ_TIMEOUT=str(SALEOR_READ_TIMEOUT_S),
            DATABASE_CONNECT_TIMEOUT="3",
            OUTBOUND_ALLOW_PRIVATE_HOSTS="true",
            ALLOWED_SALEOR_URLS="http://127.0.0.1:*/graphql/",
            LOG_LEVEL="WARNING",
        )
        subprocess.run(
            oms_command("migrate", "-v", "0"),
            env={**env, "DATABASE_URL": options.database_url},
            cwd=REPO_DIR,
            check=True,
        )
        saleor_side.install(saleor, deliveries, env)
        warehouses_file = work / "warehouses.json"
        warehouses_file.write_text(json.dumps(saleor.warehouses))
        receiver = Receiver(refuse_share=RECEIVER_REFUSE_SHARE, seed=options.seed)
        stack.callback(receiver.stop)
        django_helper(
            env,
            options.database_url,
            "tenant",
            saleor.url,
            saleor.app_token,
            str(jwks_file),
            str(warehouses_file),
            receiver.url,
        )
        server = stack.enter_context(
            service_process(
                oms_command(
                    "serve", "--workers", "2", "--no-migrate", "--bind", f"127.0.0.1:{web_port}"
                ),
                env,
                work / "serve.log",
            )
        )
        wait_until_healthy(server, web_port, work / "serve.log")
        # Celery leaves logging to the service's settings: at INFO the workers log "ready.",
        # which is how the pool knows a (re)started worker consumes again.
        workers = WorkerPool(
            oms_command("worker", "--loglevel", "INFO", "--concurrency", "1"),
            {**env, "LOG_LEVEL": "INFO"},
            work,
            WORKER_QUEUES,
        )
        stack.callback(workers.stop_all)
        workers.start_all()
        beat = Supervised(oms_command("beat"), env, work, "beat").start()
        stack.callback(beat.stop)

        monitor = checks.ProgressMonitor(options.database_url)
        monitor.start()
        stack.callback(monitor.stop)
        saleor.fail_randomly(
            SALEOR_FAILURE_RATE,
            seed=options.seed,
            latency=(0.0, 0.05),
            hang_seconds=SALEOR_READ_TIMEOUT_S + 1,
        )
        sender = Sender(web_port, saleor.url, routes)
        killer = WorkerKiller(workers, faults, options.kill_every, options.seed)
        fault_deadline = time.monotonic() + options.max_fault_seconds
        share_done = partial(processed_share, monitor, len(deliveries))
        cuts = [
            cut_when(
                redis_proxy,
                "redis_cut",
                options.cut_seconds,
                share_done(0.3),
                faults,
                deadline=fault_deadline,
            ),
            cut_when(
                pg_proxy,
                "postgres_cut",
                options.cut_seconds,
                share_done(0.6),
                faults,
                deadline=fault_deadline,
            ),
        ]
        returns = ReturnsFeeder(
            port=web_port,
            api_url=saleor.url,
            database_url=options.database_url,
            asks=return_asks(deliveries, options.returns),
            repeat_share=options.duplicate_share,
            seed=options.seed,
        )
        started = time.monotonic()
        killer.start()
        returns.start()
        sender.send_all(sends)
        for cut in cuts:
            cut.join()
        # The faults last until every delivery has been processed once (or the deadline).
        while not share_done(1.0)() and time.monotonic() < fault_deadline:
            time.sleep(0.5)
        killer.stop()
        faults_ended = time.monotonic()
        saleor.fail_randomly(0.0, seed=options.seed)
        receiver.refuse_share = 0.0

        returns_done = returns.finish(options.drain_seconds)
        drained = _drain(monitor, options.drain_seconds)
        drained_at = time.monotonic()
        monitor.stop()
        inbox = django_helper(env, options.database_url, "inbox")
        rules = django_helper(env, options.database_url, "rules")
        recorded_returns = django_helper(env, options.database_url, "returns")
        routing = saleor_side.routing_check(
            saleor, django_helper(env, options.database_url, "plans")
        )
        chaos_file, clean_file = work / "chaos.json", work / "clean.json"
        django_helper(env, options.database_url, "snapshot", str(chaos_file))

        replay_file = work / "deliveries.json"
        replay_file.write_text(
            json.dumps(
                [
                    {
                        "key": d.key,
                        "event": d.event,
                        "issued_at": d.issued_at,
                        "signature": dict(d.headers)["Saleor-Signature"],
                        "body": d.body.decode(),
                    }
                    for d in deliveries
                ]
            )
        )
        subprocess.run(
            oms_command("migrate", "-v", "0"),
            env={**env, "DATABASE_URL": replay_url},
            cwd=REPO_DIR,
            check=True,
        )
        replay_env = {**env, "CELERY_BROKER_URL": REPLAY_BROKER_URL}
        django_helper(
            replay_env,
            replay_url,
            "replay",
            str(replay_file),
            saleor.url,
            saleor.app_token,
            str(jwks_file),
            str(warehouses_file),
        )
        django_helper(replay_env, replay_url, "snapshot", str(clean_file))
        clean_inbox = django_helper(replay_env, replay_url, "inbox")

    chaos, clean = json.loads(chaos_file.read_text()), json.loads(clean_file.read_text())
    differing = checks.differences(chaos, clean)
    samples = monitor.samples
    recoveries = [checks.recovery_seconds(samples, ended) for kind, _, ended in faults.faults]
    measured = [r for r in recoveries if r is not None]
    by_status = inbox["by_status"]
    waiting = by_status.get("pending", 0) + by_status.get("deferred", 0)
    clean_waiting = clean_inbox["by_status"].get("deferred", 0)
    return {
        "deliveries": len(deliveries),
        "sends": len(sends),
        "send_attempts": sender.log.attempts,
        "sends_refused": sender.log.refused,
        "accepted": len(sender.log.accepted),
        "seconds_under_faults": round(faults_ended - started, 1),
        "seconds_to_drain": round(drained_at - faults_ended, 1),
        "drained": drained,
        "deliveries_per_s": round(checks.throughput(samples, started, faults_ended), 1),
        # every delivery, from the first send until the backlog was drained
        "end_to_end_per_s": round(
            len(deliveries) / max(1e-9, drained_at - started - QUIET_FOR_S), 1
        ),
        "longest_recovery_s": round(max(measured), 1) if measured else 0.0,
        "faults": {
            "worker_kills": faults.count("worker_kill"),
            "redis_cuts": faults.count("redis_cut"),
            "postgres_cuts": faults.count("postgres_cut"),
            "cut_seconds": options.cut_seconds,
            "saleor_failure_rate": SALEOR_FAILURE_RATE,
            "beat_restarts": beat.restarts,
            "saleor_calls": len(saleor.requests),
            "saleor_calls_failed": sum(1 for r in saleor.requests if r.fault),
        },
        "inbox": by_status,
        "clean_inbox": clean_inbox["by_status"],
        "lost": len(deliveries) - inbox["distinct"] + max(0, waiting - clean_waiting),
        "duplicated": inbox["rows"] - inbox["distinct"],
        "read_model_equal": not differing,
        **routing,
        **rule_checks(rules, receiver, created_orders(deliveries)),
        **return_checks(returns, recorded_returns, returns_done),
        "read_model_differences": differing,
        "orders": len(chaos["orders"]),
    }


def processed_share(
    monitor: checks.ProgressMonitor, total: int, share: float
) -> Callable[[], bool]:
    """Whether ``share`` of the ``total`` deliveries have been processed (asked when called)."""
    return lambda: checks.processed(monitor.latest()) >= share * total


def rule_checks(rules: dict[str, Any], receiver: Receiver, created: int) -> dict[str, Any]:
    """The rule fired once for each of the ``created`` orders fed an ORDER_CREATED, and its
    one action ran once; every outbound webhook reached the receiver at least once under its
    key."""
    webhooks: dict[str, str] = rules["webhooks"]
    missing = [key for key in webhooks if not receiver.received[key]]
    runs = rules["runs_by_state"]
    return {
        "rules_once": rules["firings"] == rules["orders_fired"] == created
        and rules["action_runs"] == rules["firings"] == runs.get("succeeded", 0),
        "webhooks_at_least_once": not missing and len(webhooks) == rules["action_runs"],
        "rules": {
            "orders_created": created,
            "firings": rules["firings"],
            "orders_fired": rules["orders_fired"],
            "action_runs": runs,
            "webhooks": len(webhooks),
            "webhooks_missing": len(missing),
            "webhook_calls_refused": receiver.refused,
            "webhook_keys_received_twice_or_more": sum(
                1 for count in receiver.received.values() if count > 1
            ),
        },
    }


def return_checks(feeder: ReturnsFeeder, recorded: dict[str, Any], done: bool) -> dict[str, Any]:
    """Every return asked for was recorded once, under its key, with the RMA the guest was
    answered (also when asking again), and the RMA numbers have no gaps."""
    log = feeder.log
    by_key: dict[str, str] = recorded["by_key"]
    return {
        "returns_once": done
        and len(log.answered) == len(feeder.asks)
        and by_key == log.answered
        and recorded["requests"] == len(by_key) == recorded["orders"]
        and recorded["rma_numbers_without_gaps"]
        and log.repeats_same == log.repeats,
        "returns": {
            "asked": len(feeder.asks),
            "answered": len(log.answered),
            "recorded": recorded["requests"],
            "orders_with_a_return": recorded["orders"],
            "asked_again": log.repeats,
            "answered_the_same_rma": log.repeats_same,
            "attempts": log.attempts,
            "refused": log.refusals,
            "never_shipped": log.not_ready,
        },
    }


def created_orders(deliveries: list[Delivery]) -> int:
    """Orders fed an ORDER_CREATED: each must fire the bench's rule once."""
    return len(
        {json.loads(d.body)["order"]["id"] for d in deliveries if d.event == "ORDER_CREATED"}
    )


def _drain(monitor: checks.ProgressMonitor, timeout: float) -> bool:
    """Wait until nothing is left to do and nothing moved for QUIET_FOR_S (False: timed
    out)."""
    deadline = time.monotonic() + timeout
    quiet_since, last = time.monotonic(), None
    while time.monotonic() < deadline:
        time.sleep(1.0)
        latest = monitor.latest()
        if latest != last or checks.waiting(latest):
            quiet_since, last = time.monotonic(), latest
        elif time.monotonic() - quiet_since >= QUIET_FOR_S:
            return True
    return False


CHECKS = (
    "drained",
    "read_model_equal",
    "routing_exactly_once",
    "rules_once",
    "webhooks_at_least_once",
    "returns_once",
)


def main(argv: list[str] | None = None) -> int:
    options = parse_options(list(sys.argv[1:] if argv is None else argv))
    # Stopped with SIGTERM, the bench still stops every process it started (ExitStack).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with tempfile.TemporaryDirectory(prefix="oms-chaos-") as folder:
        work = Path(folder)
        if options.keep_logs:
            work = Path(tempfile.mkdtemp(prefix="oms-chaos-logs-"))
            print(f"logs: {work}", file=sys.stderr)
        result = run(options, work)
    result["passed"] = all(result[name] for name in CHECKS) and not (
        result["lost"] or result["duplicated"]
    )
    print(json.dumps(result, indent=2), flush=True)
    return 0 if result["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
