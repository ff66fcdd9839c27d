"""``saleor-oms``: run the service, its worker and beat, and manage tenants.

saleor-oms serve [--bind 0.0.0.0:8000] [--workers N]   web server (migrates first)
saleor-oms worker [celery worker options]              Celery worker
saleor-oms beat                                        Celery beat (periodic tasks)
saleor-oms tenant add|list|remove|rekey|import ...     operator provisioning
saleor-oms schema                                      print the GraphQL subgraph SDL
saleor-oms migrate | check | <any manage.py command>
"""

from __future__ import annotations

import os
import sys


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saleor_oms_plugin.settings")
    import django

    django.setup()


def _serve(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="saleor-oms serve")
    parser.add_argument("--bind", default=os.environ.get("BIND", "127.0.0.1:8000"))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "0")))
    parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "4")))
    parser.add_argument("--no-migrate", action="store_true")
    parser.add_argument(
        "--server",
        choices=["gunicorn", "granian"],
        default=os.environ.get("WEB_SERVER", "granian"),
        help="granian (HTTP in Rust: ~25%% less CPU per webhook) or gunicorn (threaded workers)",
    )
    args = parser.parse_args(argv)
    if not os.environ.get("APP_URL"):
        # First run on a laptop: the manifest must name the address we really listen on.
        host, _, port = args.bind.rpartition(":")
        host = "localhost" if host in {"", "0.0.0.0", "127.0.0.1"} else host
        os.environ["APP_URL"] = f"http://{host}:{port}"

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
        os.execv(sys.executable, [sys.executable, "-m", *_granian_argv(args, workers, access_log)])
    _run_gunicorn(args, workers, access_log)
    return 0


def _granian_argv(args, workers: int, access_log: str) -> list[str]:
    host, _, port = args.bind.rpartition(":")
    argv = [
        "granian",
        "--interface",
        "wsgi",
        "--host",
        host or "0.0.0.0",
        "--port",
        port,
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


def _celery(argv: list[str]) -> int:
    _setup_django()
    from saleor_oms_plugin.celery_app import app

    app.start(argv=argv)
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv[0] if argv else "help"
    rest = argv[1:]
    if command in {"help", "-h", "--help"}:
        print(__doc__)
        return 0
    if command == "serve":
        return _serve(rest)
    if command == "worker":
        extra = rest or ["--loglevel", "INFO"]
        return _celery(["worker", "-Q", "default,webhooks,saleor", *extra])
    if command == "schema":
        return _schema()
    if command == "beat":
        return _celery(["beat", *(rest or ["--loglevel", "INFO"])])
    _setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["saleor-oms", command, *rest])
    return 0


if __name__ == "__main__":
    sys.exit(main())
