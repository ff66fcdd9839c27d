"""Tenant-scoped reads of returns: policies, queues, what an order line can still return."""

from __future__ import annotations

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from saleor_oms_plugin.orders.models import FulfillmentLine, Order
from saleor_oms_plugin.orders.selectors import order_get
from saleor_oms_plugin.returns.models import ReturnLine, ReturnPolicy, ReturnRequest
from saleor_oms_plugin.returns.saleor_sync import STALLED_AFTER, SYNCABLE
from saleor_oms_plugin.returns.transitions import ACTIVE_STATUSES

# Fulfilments whose units left a warehouse for the customer (Saleor moves returned units into
# a RETURNED fulfilment, so those count as shipped too).
SHIPPED_STATUSES = ("FULFILLED", "RETURNED", "REFUNDED_AND_RETURNED", "REPLACED", "REFUNDED")
SALEOR_RETURNED_STATUSES = ("RETURNED", "REFUNDED_AND_RETURNED")


def policy_for(*, tenant_id: int, channel: str) -> ReturnPolicy | None:
    """The channel's policy, else the tenant's default, else None (returns not accepted)."""
    policies = ReturnPolicy.objects.filter(tenant_id=tenant_id)
    return (
        policies.filter(channel=channel).first()
        or policies.filter(Q(channel__isnull=True) | Q(channel="")).first()
    )


def policy_list(*, tenant_id: int) -> QuerySet[ReturnPolicy]:
    return ReturnPolicy.objects.filter(tenant_id=tenant_id)


def return_list(
    *,
    tenant_id: int,
    status: str | None = None,
    channel: str | None = None,
    order_id: int | None = None,
    resolution: str | None = None,
) -> QuerySet[ReturnRequest]:
    requests = ReturnRequest.objects.filter(tenant_id=tenant_id).select_related("order")
    if status:
        requests = requests.filter(status=status)
    if channel:
        requests = requests.filter(order__channel_slug=channel)
    if order_id is not None:
        requests = requests.filter(order_id=order_id)
    if resolution:
        requests = requests.filter(resolution=resolution)
    return requests


def return_get(*, tenant_id: int, pk: int) -> ReturnRequest | None:
    return return_list(tenant_id=tenant_id).filter(pk=pk).first()


def returns_of_customer(*, tenant_id: int, user_id: str) -> QuerySet[ReturnRequest]:
    """A signed-in customer's returns: on orders placed by their Saleor user ID (never by the
    token's email, which an unconfirmed account may share with someone else's guest orders)."""
    if not user_id:
        return ReturnRequest.objects.none()
    return return_list(tenant_id=tenant_id).filter(order__user_id=user_id)


def order_for_customer(
    *, tenant_id: int, number: str, user_id: str = "", email: str = ""
) -> Order | None:
    """The order with ``number`` if it belongs to the caller: placed by ``user_id`` (a signed-in
    customer), or with ``email`` (the guest flow: number and email given together). None also
    when it does not exist: a stranger learns nothing about other people's orders."""
    order = order_get(tenant_id=tenant_id, number=number)
    if order is None:
        return None
    if user_id and order.user_id and order.user_id == user_id:
        return order
    if email and order.user_email and order.user_email.lower() == email.strip().lower():
        return order
    return None


def shipped_units(*, order: Order) -> dict[str, int]:
    """Saleor order line id -> units shipped to the customer."""
    rows = (
        FulfillmentLine.objects.filter(
            fulfillment__order=order, fulfillment__status__in=SHIPPED_STATUSES
        )
        .values("order_line_saleor_id")
        .annotate(units=Sum("quantity"))
    )
    return {row["order_line_saleor_id"]: int(row["units"]) for row in rows}


def returned_units(*, order: Order) -> dict[str, int]:
    """Saleor order line id -> units already returned or claimed by a live return: ours, plus
    returns made in Saleor directly (RETURNED fulfilments no request of ours created)."""
    ours: dict[str, int] = {}
    rows = (
        ReturnLine.objects.filter(request__order=order, request__status__in=ACTIVE_STATUSES)
        .values("order_line__saleor_id")
        .annotate(units=Sum("quantity"))
    )
    for row in rows:
        ours[row["order_line__saleor_id"]] = int(row["units"])
    recorded = ReturnRequest.objects.filter(order=order).exclude(saleor_return_fulfillment_id="")
    outside = (
        FulfillmentLine.objects.filter(
            fulfillment__order=order, fulfillment__status__in=SALEOR_RETURNED_STATUSES
        )
        .exclude(fulfillment__saleor_id__in=recorded.values("saleor_return_fulfillment_id"))
        .values("order_line_saleor_id")
        .annotate(units=Sum("quantity"))
    )
    for other in outside:
        line_id = other["order_line_saleor_id"]
        ours[line_id] = ours.get(line_id, 0) + int(other["units"])
    return ours


def shipped_at(*, order: Order) -> dict[str, object]:
    """Saleor order line id -> when its last shipment was created (the window starts then)."""
    found: dict[str, object] = {}
    lines = FulfillmentLine.objects.filter(
        fulfillment__order=order, fulfillment__status__in=SHIPPED_STATUSES
    ).select_related("fulfillment")
    for line in lines:
        moment = line.fulfillment.saleor_created_at or line.fulfillment.source_issued_at
        current = found.get(line.order_line_saleor_id)
        if current is None or moment > current:  # type: ignore[operator]
            found[line.order_line_saleor_id] = moment
    return found


def returns_stalled_in_saleor() -> list[tuple[int, int]]:
    """(tenant id, return id) of returns staff completed that are PENDING in Saleor with no
    attempt for ``STALLED_AFTER``: their task was lost (every tenant; for the beat sweep)."""
    return list(
        ReturnRequest.objects.filter(
            status__in=SYNCABLE,
            saleor_state=ReturnRequest.SaleorState.PENDING,
            updated_at__lte=timezone.now() - STALLED_AFTER,
            tenant__is_active=True,
        )
        .order_by("updated_at")
        .values_list("tenant_id", "pk")[:500]
    )
