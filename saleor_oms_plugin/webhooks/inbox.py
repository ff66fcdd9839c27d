"""The inbox table's hot write: one statement per accepted delivery."""

from __future__ import annotations

from datetime import datetime

from django.db import connection

from saleor_oms_plugin.webhooks.models import Delivery

_table = Delivery._meta.db_table


def _insert_sql() -> str:
    # The body is stored as the exact JSON text Saleor signed: no re-serialisation in Python.
    payload = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
    return (
        f"INSERT INTO {_table} "
        "(tenant_id, event, dedupe_key, payload, issued_at, received_at, status, waiting_for, "
        "outcome, attempts, last_error) "
        f"VALUES (%s, %s, %s, {payload}, %s, %s, %s, '', '', 0, '') "
        "ON CONFLICT (tenant_id, dedupe_key) DO NOTHING RETURNING id"
    )


def delivery_insert(
    *,
    tenant_id: int,
    event: str,
    dedupe_key: str,
    payload_json: str,
    issued_at: datetime | None,
    received_at: datetime,
) -> int | None:
    """Store a delivery once; return its id, or None when it is already stored (a retry).

    One INSERT … ON CONFLICT DO NOTHING in autocommit: a single round trip, and a duplicate
    costs no error, no savepoint and no rollback.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            _insert_sql(),
            [
                tenant_id,
                event,
                dedupe_key,
                payload_json,
                issued_at,
                received_at,
                Delivery.Status.PENDING.value,
            ],
        )
        row = cursor.fetchone()
    return None if row is None else row[0]
