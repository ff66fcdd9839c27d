"""What staff do with an order Saleor refused: correct it and send it again, or give it up.

A refused order keeps its external reference (the source's key for it, and Saleor's
``externalReference`` once created), so a correction replaces its stored order under the same
reference instead of capturing a new one. The row is locked while it is checked and changed:
two corrections sent at the same moment make one ``RECEIVED`` order and one queued send; the
other is refused because the order is no longer ``REFUSED``.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.capture.error_codes import CaptureErrorCode
from saleor_oms_plugin.capture.errors import CapturedOrderInvalid, CaptureError
from saleor_oms_plugin.capture.events import CaptureEvent
from saleor_oms_plugin.capture.inbound import InboundInvalid, inbound_order_parse
from saleor_oms_plugin.capture.locks import lock_captured_order
from saleor_oms_plugin.capture.models import CapturedOrder
from saleor_oms_plugin.capture.scheduling import captured_orders_send_after_commit
from saleor_oms_plugin.core.events import publish


def _locked_refused(*, tenant_id: int, captured_order_id: int, doing: str) -> CapturedOrder:
    row = lock_captured_order(tenant_id, captured_order_id)
    if row is None:
        raise CaptureError(CaptureErrorCode.NOT_FOUND, "No such captured order.", field="id")
    if row.state != CapturedOrder.State.REFUSED:
        raise CaptureError(
            CaptureErrorCode.ILLEGAL_STATE,
            f"Only a refused order can be {doing}; this one is {row.state}.",
            field="id",
        )
    return row


def captured_order_resubmit(
    *, tenant_id: int, captured_order_id: int, data: dict[str, Any], actor: Actor
) -> CapturedOrder:
    """Replace a refused order's stored order with ``data`` (checked as an import checks it,
    same external reference) and send it to Saleor again."""
    try:
        order = inbound_order_parse(data, now=timezone.now())
    except InboundInvalid as exc:
        raise CapturedOrderInvalid(exc.problems) from None
    with transaction.atomic():
        row = _locked_refused(
            tenant_id=tenant_id, captured_order_id=captured_order_id, doing="corrected and resent"
        )
        if order.external_reference != row.external_reference:
            raise CaptureError(
                CaptureErrorCode.REFERENCE_CHANGED,
                f"The external reference stays {row.external_reference!r}: a correction cannot "
                "rename the order (import it as a new order instead).",
                field="externalReference",
            )
        previous_errors = row.errors
        row.payload = order.as_json()
        row.state = CapturedOrder.State.RECEIVED
        row.errors = []
        row.claimed_until = None
        row.settled_at = None
        row.save(update_fields=["payload", "state", "errors", "claimed_until", "settled_at"])
        audit_record(
            tenant_id=tenant_id,
            subject=row,
            verb=CaptureEvent.RESUBMITTED,
            actor=actor,
            data={"source": row.source.code, "previousErrors": previous_errors},
        )
        publish(
            tenant_id=tenant_id,
            event=CaptureEvent.RESUBMITTED,
            subject_key=f"captured_order:{row.source.code}:{row.external_reference}",
            facts={"source": row.source.code, "externalReference": row.external_reference},
        )
        captured_orders_send_after_commit(tenant_id=tenant_id)
    return row


def captured_order_discard(
    *, tenant_id: int, captured_order_id: int, actor: Actor
) -> CapturedOrder:
    """Give up a refused order: it stays listed (``DISCARDED``) and is never sent again."""
    with transaction.atomic():
        row = _locked_refused(
            tenant_id=tenant_id, captured_order_id=captured_order_id, doing="discarded"
        )
        row.state = CapturedOrder.State.DISCARDED
        row.settled_at = timezone.now()
        row.save(update_fields=["state", "settled_at"])
        audit_record(
            tenant_id=tenant_id,
            subject=row,
            verb=CaptureEvent.DISCARDED,
            actor=actor,
            data={"source": row.source.code, "errors": row.errors},
        )
        publish(
            tenant_id=tenant_id,
            event=CaptureEvent.DISCARDED,
            subject_key=f"captured_order:{row.source.code}:{row.external_reference}",
            facts={"source": row.source.code, "externalReference": row.external_reference},
        )
    return row
