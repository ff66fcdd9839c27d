"""The benchmarks' own PostgreSQL databases, recreated empty on every run, and Django on them."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def reset_database(database_url: str) -> None:
    """Drop and create the database a URL names (a plain name only: it is dropped)."""
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if not name or not name.replace("_", "").isalnum():
        raise SystemExit(f"refusing to recreate database {name!r}")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def django_setup(database_url: str) -> None:
    """Django set up on that database with throwaway secrets, no broker and a fresh data
    folder (the benchmarks run tasks' services directly)."""
    import base64
    import os
    import secrets
    import tempfile

    os.environ.update(
        DJANGO_SETTINGS_MODULE="saleor_oms_plugin.settings",
        DATABASE_URL=database_url,
        CELERY_BROKER_URL="",
        SECRET_KEY=secrets.token_urlsafe(48),
        TOKEN_ENCRYPTION_KEYS=base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        OMS_DATA_DIR=tempfile.mkdtemp(prefix="oms-bench-"),
        LOG_LEVEL="ERROR",
    )
    import django

    django.setup()
