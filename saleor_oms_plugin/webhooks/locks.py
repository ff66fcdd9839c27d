"""Locks of the webhook inbox: a delivery is locked while it is processed, so a second
worker given the same delivery waits and then finds it finished; a subject is locked while a
delivery decides to wait for it or deliveries waiting for it are woken, so neither misses the
other."""

from __future__ import annotations

import zlib

from django.db import connection

from saleor_oms_plugin.core.locks import lock_in_pk_order
from saleor_oms_plugin.webhooks.models import Delivery


def lock_delivery(delivery_id: int) -> Delivery | None:
    """Delivery ``delivery_id``, locked FOR UPDATE; None if there is none."""
    return Delivery.objects.select_for_update().filter(pk=delivery_id).first()


def lock_next_pending_delivery(tenant_id: int, *, exclude: list[int]) -> Delivery | None:
    """The tenant's next pending delivery (fewest attempts, then oldest) that no other worker
    holds and is not in ``exclude``, locked FOR UPDATE (SKIP LOCKED: two turns of one tenant
    take different deliveries); None if there is none."""
    return (
        Delivery.objects.select_for_update(skip_locked=True)
        .filter(tenant_id=tenant_id, status=Delivery.Status.PENDING)
        .exclude(pk__in=exclude)
        .order_by("attempts", "pk")
        .first()
    )


def lock_deliveries_waiting_for(tenant_id: int, subject: str) -> list[Delivery]:
    """The tenant's deliveries deferred until ``subject`` exists, locked, in primary-key order
    (not issue order: callers sort them for processing)."""
    return lock_in_pk_order(
        Delivery.objects.filter(
            tenant_id=tenant_id, status=Delivery.Status.DEFERRED, waiting_for=subject
        )
    )


def lock_subject(tenant_id: int, subject: str) -> None:
    """Serialise, until the transaction ends, the deliveries deciding to wait for ``subject``
    with the one waking those that wait for it.

    Without it a delivery could find the subject missing while another worker is creating it
    uncommitted, and that worker look for waiting deliveries before the first committed its
    decision to wait: the delivery would wait forever. A subject has no row to lock (it does
    not exist yet), so a PostgreSQL transaction-level advisory lock on (tenant, a hash of the
    subject) stands in for one. The embedded SQLite default has no such locks and needs none:
    it lets one transaction write at a time, and its one web process runs tasks eagerly.
    """
    if connection.vendor != "postgresql":
        return
    key = zlib.crc32(f"webhooks.subject:{subject}".encode())
    with connection.cursor() as cursor:
        # pg_advisory_xact_lock(int4, int4): the hash as a signed 32-bit integer.
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, %s)", [tenant_id, key - (1 << 32) * (key >> 31)]
        )
