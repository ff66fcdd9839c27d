"""``saleor-oms``: run the service, its worker and beat, and manage tenants.

saleor-oms serve [--bind 0.0.0.0:8000] [--workers N]   web server (migrates first)
saleor-oms worker [celery worker options]              Celery worker
saleor-oms beat                                        Celery beat (periodic tasks)
saleor-oms tenant add|list|remove|rekey|import ...     operator provisioning
saleor-oms deliveries list|retry ...                   webhook inbox: dead letters, stuck deliveries
saleor-oms schema                                      print the GraphQL subgraph SDL
saleor-oms domain-events                               print the Dashboard's event names (TS)
saleor-oms insights rebuild --api-url URL              recompute a tenant's insights rollups
saleor-oms migrate | check | <any manage.py command>

Errors are one line on stderr and a non-zero exit status; --traceback shows the traceback.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
from typing import NoReturn

from django.core.management.base import CommandError

from saleor_oms_plugin.core.environment import ConfigurationError, env_int, env_str

# argparse's status for usage errors; CommandError's default (1) is for everything else.
USAGE_ERROR = 2


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saleor_oms_plugin.settings")
    import django

    django.setup()


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line (``CommandError``, status 2) instead of usage text."""

    def error(self, message: str) -> NoReturn:
        raise CommandError(message, returncode=USAGE_ERROR)


def _bind_address(bind: str) -> tuple[str, int]:
    """``host:port`` (``[::1]:8000`` for IPv6; an empty host is every interface)."""
    host, colon, port = bind.rpartition(":")
    if not colon or not port.isdigit() or not 0 < int(port) < 65536:
        raise CommandError(
            f"--bind {bind!r} is not host:port (e.g. 127.0.0.1:8000)", returncode=USAGE_ERROR
        )
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    return host or "0.0.0.0", int(port)


def _check_can_listen(host: str, port: int) -> None:
    """Fail before migrating or announcing anything when the address cannot be listened on.

    The servers bind with SO_REUSEADDR too, so a port held only by closed connections
    (TIME_WAIT) passes, and one another process listens on does not.
    """
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except OSError as exc:  # socket.gaierror too: an unknown host name
        reason = exc.strerror or str(exc)
        raise CommandError(f"cannot listen on {host}:{port}: {reason}") from None


def _serve(argv: list[str]) -> int:
    parser = _Parser(prog="saleor-oms serve")
    parser.add_argument("--bind", default=env_str("BIND") or "127.0.0.1:8000")
    parser.add_argument("--workers", type=int, default=env_int("WEB_WORKERS", 0))
    parser.add_argument("--threads", type=int, default=env_int("WEB_THREADS", 4))
    parser.add_argument("--no-migrate", action="store_true")
    parser.add_argument(
        "--server",
        choices=["gunicorn", "granian"],
        default=env_str("WEB_SERVER") or "granian",
        help="granian (HTTP in Rust: ~25%% less CPU per webhook) or gunicorn (threaded workers)",
    )
    args = parser.parse_args(argv)
    if args.server not in {"gunicorn", "granian"}:  # argparse leaves defaults (WEB_SERVER) alone
        raise CommandError(
            f"WEB_SERVER must be granian or gunicorn, not {args.server!r}", returncode=USAGE_ERROR
        )
    host, port = _bind_address(args.bind)
    if args.workers < 0 or args.threads < 1:
        raise CommandError(
            "--workers must be 0 (automatic) or more, --threads 1 or more", returncode=USAGE_ERROR
        )
    _check_can_listen(host, port)
    if not os.environ.get("APP_URL"):
        # First run on a laptop: the manifest must name the address we really listen on.
        shown = "localhost" if host in {"0.0.0.0", "127.0.0.1", "::", "::1"} else host
        shown = f"[{shown}]" if ":" in shown else shown
        os.environ["APP_URL"] = f"http://{shown}:{port}"

    _setup_django()
    from django.conf import settings
    from django.core.management import call_command

    if not args.no_migrate:
        call_command("migrate", interactive=False, verbosity=0)
    # One process per core; threads (--threads) cover the time requests wait on the database.
    workers = args.workers or (1 if settings.EMBEDDED else max(2, os.cpu_count() or 1))
    print(
        f"Saleor OMS {'(embedded: SQLite, eager tasks) ' if settings.EMBEDDED else ''}"
        f"listening on http://{args.bind}",
        flush=True,
    )
    print(f"Manifest URL to paste into Saleor: {settings.APP_URL}/api/manifest", flush=True)

    access_log = os.environ.get("ACCESS_LOG", "-")
    if args.server == "granian":
        argv = _granian_argv(args, host, port, workers, access_log)
        os.execv(sys.executable, [sys.executable, "-m", *argv])
    _run_gunicorn(args, workers, access_log)
    return 0


def _granian_argv(args, host: str, port: int, workers: int, access_log: str) -> list[str]:
    argv = [
        "granian",
        "--interface",
        "wsgi",
        "--host",
        host,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--blocking-threads",
        str(args.threads),
        "--no-ws",
    ]
    argv.append("--access-log" if access_log not in {"", "off"} else "--no-access-log")
    return [*argv, "saleor_oms_plugin.wsgi:application"]


def _run_gunicorn(args, workers: int, access_log: str) -> None:
    from gunicorn.app.wsgiapp import run as gunicorn_run

    sys.argv = [
        "gunicorn",
        "saleor_oms_plugin.wsgi:application",
        "--bind",
        args.bind,
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(args.threads),
        "--keep-alive",
        "75",
        "--graceful-timeout",
        "20",
    ]
    if access_log not in {"", "off"}:
        # Off saves ~0.5 ms of CPU per request: worth it at webhook rates behind a proxy that logs.
        sys.argv += ["--access-logfile", access_log]
    gunicorn_run()


def _schema() -> int:
    """The federation subgraph SDL (committed as api/oms-schema.graphql)."""
    _setup_django()
    from saleor_oms_plugin.graphql.federation.sdl import subgraph_sdl
    from saleor_oms_plugin.graphql.schema import schema

    sys.stdout.write(subgraph_sdl(schema.graphql_schema))
    return 0


def _domain_events() -> int:
    """The domain event names as TypeScript (committed in the Dashboard's src/api)."""
    _setup_django()
    from saleor_oms_plugin.dashboard.domain_events import domain_events_typescript

    sys.stdout.write(domain_events_typescript())
    return 0


def _celery(argv: list[str]) -> int:
    _setup_django()
    from django.conf import settings

    from saleor_oms_plugin.celery_app import app
    from saleor_oms_plugin.core.database_wait import wait_for_database

    wait = settings.STARTUP_DATABASE_WAIT_SECONDS
    if wait > 0 and not wait_for_database(timeout=wait):
        raise CommandError(
            f"the database did not answer within {wait} s (STARTUP_DATABASE_WAIT_SECONDS)"
        )

    app.start(argv=argv)
    return 0


def _error(exc: BaseException) -> str:
    """One line, as Django prints a management command's CommandError."""
    first_line = (str(exc).strip().splitlines() or [""])[0]
    return f"{type(exc).__name__}: {first_line}"


def main(argv: list[str] | None = None) -> int:
    """Run one command; its exit status.

    The one error path of the CLI: an error an operator can cause (a bad argument, a missing
    file, an unknown tenant, a busy port, a missing setting, an unreachable database) is one
    line on stderr, never a traceback. Commands raise ``CommandError`` (turning domain errors
    into one); Django prints those of management commands the same way.
    """
    from django.db import OperationalError, ProgrammingError

    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv[0] if argv else "help"
    rest = argv[1:]
    try:
        return _run(command, rest)
    except (CommandError, ConfigurationError) as exc:
        if "--traceback" in rest:
            raise
        print(_error(exc), file=sys.stderr)
        return getattr(exc, "returncode", 1)
    except (OperationalError, ProgrammingError) as exc:
        if "--traceback" in rest:
            raise
        print(
            f"{_error(exc)} (is DATABASE_URL right, and did `saleor-oms migrate` run? "
            "--traceback for details)",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130


def _run(command: str, rest: list[str]) -> int:
    if command in {"help", "-h", "--help"}:
        print(__doc__)
        return 0
    if command == "serve":
        return _serve(rest)
    if command == "worker":
        extra = rest or ["--loglevel", "INFO"]
        return _celery(["worker", "-Q", "default,webhooks,saleor", *extra])
    if command == "schema":
        if rest:
            raise CommandError(
                f"schema takes no arguments: {' '.join(rest)}", returncode=USAGE_ERROR
            )
        return _schema()
    if command == "domain-events":
        if rest:
            raise CommandError(
                f"domain-events takes no arguments: {' '.join(rest)}", returncode=USAGE_ERROR
            )
        return _domain_events()
    if command == "beat":
        return _celery(["beat", *(rest or ["--loglevel", "INFO"])])
    _setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["saleor-oms", command, *rest])
    return 0


if __name__ == "__main__":
    sys.exit(main())
