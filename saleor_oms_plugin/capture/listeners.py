"""How capture learns that the read model holds an order it created.

:func:`on_order_changed` is an ``orders.changes`` listener (in the read-model writer's
transaction): the first write of an order capture created links it to its
:class:`~saleor_oms_plugin.capture.models.CapturedOrder` and publishes ``capture.created``
about the order, so rules can react to captured orders by their source. One indexed query
for any other order.
"""

from __future__ import annotations

from django.db.models import Subquery

from saleor_oms_plugin.capture.events import CaptureEvent
from saleor_oms_plugin.capture.models import CapturedOrder
from saleor_oms_plugin.core.events import publish
from saleor_oms_plugin.orders.models import Order


def on_order_changed(tenant_id: int, order_id: int) -> None:
    saleor_id = Order.objects.filter(pk=order_id).values("saleor_id")[:1]
    captured = (
        CapturedOrder.objects.filter(
            tenant_id=tenant_id,
            state=CapturedOrder.State.CREATED,
            order__isnull=True,
            saleor_order_id=Subquery(saleor_id),
        )
        .values("pk", "source__code", "external_reference")
        .first()
    )
    if captured is None:
        return
    CapturedOrder.objects.filter(pk=captured["pk"]).update(order_id=order_id)
    publish(
        tenant_id=tenant_id,
        event=CaptureEvent.CREATED,
        order_id=order_id,
        facts={
            "source": captured["source__code"],
            "externalReference": captured["external_reference"],
        },
    )
