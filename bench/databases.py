"""The benchmarks' own PostgreSQL databases, recreated empty on every run."""

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
