"""How screening hears about new orders and how it keeps routing waiting.

:func:`on_order_changed` is an ``orders.changes`` listener (in the read-model writer's
transaction, so cheap): a new order of a channel that screens gets a pending result, and the
checks run in a task after commit; a held order that changed in Saleor (address corrected,
payment arrived) is checked again. :func:`screening_gate` is the ``orders.gates`` gate that
keeps ``fulfilment`` from routing an order while its screening is pending, held or cancelled.
"""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from typing import Any

from django.db import connection
from django.utils import timezone

from saleor_oms_plugin.orders.models import Order
from saleor_oms_plugin.screening.models import ScreeningConfig, ScreeningResult
from saleor_oms_plugin.screening.scheduling import screen_order_after_commit
from saleor_oms_plugin.screening.selectors import settings_of_documents
from saleor_oms_plugin.screening.services import screening_pending
from saleor_oms_plugin.screening.transitions import BLOCKING_STATES

# An order is new to screening while it waits to ship and is this young: a full import of a
# store's history, or enabling screening, never sends old orders to the review queue.
NEW_ORDER_STATUSES = frozenset({"UNCONFIRMED", "UNFULFILLED"})
NEW_ORDER_MAX_AGE = timedelta(days=2)

# Keys (:func:`_documents_key`) of the configuration documents this process found enabling
# screening. The listener's statement compares the key of the documents it reads with these,
# so a saved change is a different key (never a stale answer) and only the first order after
# it costs the second statement that parses the documents. Bounded: cleared when full.
_ENABLING: set[str] = set()
_ENABLING_MAX = 256


def _documents_key(tenant_document: str | None, channel_document: str | None) -> str:
    """The key of a channel's documents as PostgreSQL prints them (``jsonb::text``): the same
    digest the statement computes (``_DOCUMENTS_KEY``)."""
    text = f"{tenant_document or ''}|{channel_document or ''}"
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


_ORDER = Order._meta.db_table
_RESULT = ScreeningResult._meta.db_table
_CONFIG = ScreeningConfig._meta.db_table
_DOCUMENTS_KEY = (
    "md5(COALESCE(o.tenant_document::text, '') || '|' || COALESCE(o.channel_document::text, ''))"
)
# Set from the order in the statement; every other column of a pending result takes its
# default (``_pending_defaults``).
_FROM_ORDER = {"tenant_id": "o.tenant_id", "order_id": "o.id"}
_PENDING_COLUMNS = [
    field
    for field in ScreeningResult._meta.concrete_fields
    if not field.primary_key and field.attname not in ("channel_slug", "currency")
]

_PENDING_INTO = ", ".join(str(field.column) for field in _PENDING_COLUMNS)
_PENDING_VALUES = ", ".join(
    _FROM_ORDER.get(field.attname, f"%(pending_{field.attname})s") for field in _PENDING_COLUMNS
)


def _pending_defaults() -> dict[str, Any]:
    now = timezone.now()
    return {
        f"pending_{field.attname}": (
            now
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
            else field.get_db_prep_save(field.get_default(), connection)
        )
        for field in _PENDING_COLUMNS
        if field.attname not in _FROM_ORDER
    }


_CHANGED = f"""
WITH o AS (
    SELECT o.id, o.tenant_id, o.status, o.channel_slug, o.currency, o.saleor_created_at,
           o.saleor_updated_at, r.state, r.order_updated_at,
           (SELECT c.document FROM {_CONFIG} c
            WHERE c.tenant_id = o.tenant_id AND c.channel_slug = '') AS tenant_document,
           (SELECT c.document FROM {_CONFIG} c
            WHERE c.tenant_id = o.tenant_id AND c.channel_slug = o.channel_slug
                  AND o.channel_slug <> '') AS channel_document
    FROM {_ORDER} o LEFT JOIN {_RESULT} r ON r.order_id = o.id
    WHERE o.tenant_id = %(tenant)s AND o.id = %(order)s
), pending AS (
    INSERT INTO {_RESULT} (channel_slug, currency, {_PENDING_INTO})
    SELECT o.channel_slug, o.currency, {_PENDING_VALUES}
    FROM o
    WHERE o.state IS NULL AND o.status = ANY(%(statuses)s) AND o.saleor_created_at >= %(since)s
          AND {_DOCUMENTS_KEY} = ANY(%(enabling)s)
    ON CONFLICT DO NOTHING
)
SELECT status, channel_slug, currency, saleor_created_at, saleor_updated_at, state,
       order_updated_at, tenant_document, channel_document
FROM o
"""


def on_order_changed(tenant_id: int, order_id: int) -> None:
    """One statement reads the order, its screening state and configuration, and puts a new
    order in front of the checks when the configuration is one this process knows enables
    screening; a configuration not seen yet is parsed and, enabling, costs a second one."""
    since = timezone.now() - NEW_ORDER_MAX_AGE
    with connection.cursor() as cursor:
        cursor.execute(
            _CHANGED,
            {
                "tenant": tenant_id,
                "order": order_id,
                "statuses": sorted(NEW_ORDER_STATUSES),
                "since": since,
                "enabling": sorted(_ENABLING),
                **_pending_defaults(),
            },
        )
        row = cursor.fetchone()
    if row is None:
        return
    status, channel_slug, currency, created_at, updated_at, state, screened_version = row[:7]
    tenant_document, channel_document = row[7:]
    if state is not None:
        if state == ScreeningResult.State.HELD and (
            screened_version is None or updated_at > screened_version
        ):
            screen_order_after_commit(tenant_id=tenant_id, order_id=order_id)
        return
    if status not in NEW_ORDER_STATUSES or created_at < since:
        return
    key = _documents_key(tenant_document, channel_document)
    if key not in _ENABLING:
        settings = settings_of_documents(
            tenant_id=tenant_id,
            channel_slug=channel_slug,
            tenant_document=_json(tenant_document),
            channel_document=_json(channel_document),
        )
        if not settings.enabled:
            return
        if len(_ENABLING) >= _ENABLING_MAX:
            _ENABLING.clear()
        _ENABLING.add(key)
        screening_pending(
            tenant_id=tenant_id, order_id=order_id, channel_slug=channel_slug, currency=currency
        )
    # Queued even if a concurrent writer created the row first: screening twice is a no-op.
    screen_order_after_commit(tenant_id=tenant_id, order_id=order_id)


def _json(value: Any) -> Any:
    # Django has the driver hand JSON columns over as text (its JSONField decodes them).
    return json.loads(value) if isinstance(value, str | bytes) else value


def screening_gate(tenant_id: int, order_id: int) -> str | None:
    state = (
        ScreeningResult.objects.filter(tenant_id=tenant_id, order_id=order_id)
        .values_list("state", flat=True)
        .first()
    )
    if state in BLOCKING_STATES:
        return f"order screening is {str(state).lower()}"
    return None
