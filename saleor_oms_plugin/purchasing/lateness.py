"""Late purchase orders: sent, past their expected date, not fully received.

Each is announced once (``late_at``) as the rule trigger ``purchase_order.late`` with its facts;
receiving or cancelling it ends the state, which closes the rules' re-entry windows.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.core.events import publish
from saleor_oms_plugin.purchasing.events import PurchasingEvent
from saleor_oms_plugin.purchasing.inbound import OPEN_STATES
from saleor_oms_plugin.purchasing.locks import lock_purchase_order
from saleor_oms_plugin.purchasing.models import PurchaseOrder
from saleor_oms_plugin.purchasing.ordering import subject_key
from saleor_oms_plugin.purchasing.receiving import purchase_order_facts


def late_candidates(*, tenant_id: int, now: datetime) -> list[int]:
    return list(
        PurchaseOrder.objects.filter(
            tenant_id=tenant_id,
            state__in=OPEN_STATES,
            expected_on__lt=now.date(),
            late_at__isnull=True,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def late_purchase_orders_flag(*, tenant_id: int, now: datetime | None = None) -> list[int]:
    """Announce the tenant's newly late orders (one transaction each); their ids."""
    now = now or timezone.now()
    flagged = []
    for pk in late_candidates(tenant_id=tenant_id, now=now):
        with transaction.atomic():
            order = lock_purchase_order(tenant_id, pk)
            # Received or announced since the candidates were read.
            if order.state not in OPEN_STATES or order.late_at is not None:
                continue
            assert order.expected_on is not None
            days_late = (now.date() - order.expected_on).days
            facts = purchase_order_facts(order, list(order.lines.order_by("pk")), days_late)
            order.late_at = now
            order.save(update_fields=["late_at"])
            audit_record(
                tenant_id=tenant_id,
                subject=order,
                verb=PurchasingEvent.LATE,
                actor=Actor.system(),
                data=facts,
            )
            publish(
                tenant_id=tenant_id,
                event=PurchasingEvent.LATE,
                subject_key=subject_key(order),
                facts=facts,
            )
            flagged.append(order.pk)
    return flagged
