"""Drill-down: the orders behind a figure of the insights, newest first.

Every figure is answered from the per-order facts the rollups sum (``models.OrderFact``,
written by ``figures.facts_write``), with the condition the rollup counts the figure with
(``figures._order_level_sql``), on the same day (in the tenant's reporting time zone), channel
and currency: the list behind a figure holds as many orders as the figure says, by
construction. A rate's drill-down lists the orders that keep it from 100 %: the shipped orders
not shipped complete from their first plan (fill rate), the judged orders not shipped on time
(on-time rate).

A location narrows the list to the orders that location shipped some of (a fulfilment that is
not cancelled: its location facts' ``shipments``). The figures counted per order only (first
plan complete, on time, backordered) are not kept per location, so with a location they are
refused with ``FIGURE_NOT_AVAILABLE`` rather than answered with a list no figure counts.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from enum import StrEnum

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from saleor_oms_plugin.insights.error_codes import InsightsErrorCode as Code
from saleor_oms_plugin.insights.errors import InsightsError
from saleor_oms_plugin.insights.figures import CANCELLED
from saleor_oms_plugin.insights.models import OrderFact, OrderLocationFact
from saleor_oms_plugin.insights.selectors import DateRange
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.orders.models import Fulfillment, Order


class Drill(StrEnum):
    ORDERS = "orders"
    CANCELLED = "cancelled"
    SHIPPED = "shipped"
    SPLIT = "split"
    NOT_FIRST_PLAN_COMPLETE = "not_first_plan_complete"
    LATE = "late"
    BACKORDERED = "backordered"


_LIVE = Q(live=True)
# The condition on an order's fact of each figure, as the rollup counts it: ``orders``,
# ``cancelled_orders``, ``shipped_orders``, ``split_orders``, ``shipped_orders`` minus
# ``first_plan_complete_orders`` (a first plan complete implies shipped), ``ship_judged_orders``
# minus ``shipped_on_time`` (on time implies judged), ``backordered_orders``.
FACT_CONDITIONS: dict[Drill, Q] = {
    Drill.ORDERS: _LIVE,
    Drill.CANCELLED: Q(live=False),
    Drill.SHIPPED: _LIVE & Q(shipments__gt=0),
    Drill.SPLIT: _LIVE & Q(shipments__gt=1),
    Drill.NOT_FIRST_PLAN_COMPLETE: _LIVE & Q(shipments__gt=0, first_plan_complete=False),
    Drill.LATE: _LIVE & Q(ship_judged=True, shipped_on_time=False),
    Drill.BACKORDERED: _LIVE & Q(backordered_units__gt=0),
}
# Counted per order only: the location rows do not hold them.
NOT_PER_LOCATION = frozenset({Drill.NOT_FIRST_PLAN_COMPLETE, Drill.LATE, Drill.BACKORDERED})


def _live_shipments() -> Subquery:
    return Subquery(
        Fulfillment.objects.filter(order=OuterRef("pk"))
        .exclude(status=CANCELLED)
        .order_by()
        .values("order")
        .annotate(n=Count("pk"))
        .values("n")
    )


def _warehouse_of(tenant_id: int, location_id: int) -> str:
    warehouse = (
        Location.objects.filter(tenant_id=tenant_id, pk=location_id)
        .values_list("saleor_id", flat=True)
        .first()
    )
    if not warehouse:
        raise InsightsError(Code.NOT_FOUND, "No such Saleor warehouse.", field="locationId")
    return warehouse


def insight_orders(
    *,
    tenant_id: int,
    within: DateRange,
    figure: Drill = Drill.ORDERS,
    channel: str | None = None,
    currency: str | None = None,
    location_id: int | None = None,
) -> QuerySet[Order]:
    """The orders behind ``figure`` whose facts count on a day of the range (the tenant's
    reporting time zone, as the rollups count them), newest first, annotated with
    ``shipment_count`` (fulfilments not cancelled). ``location_id`` keeps the orders that
    location shipped some of."""
    facts = OrderFact.objects.filter(
        FACT_CONDITIONS[figure], tenant_id=tenant_id, day__gte=within.start, day__lte=within.end
    )
    if channel:
        facts = facts.filter(channel_slug=channel)
    if currency:
        facts = facts.filter(currency=currency.strip().upper())
    if location_id is not None:
        warehouse = _warehouse_of(tenant_id, location_id)
        if figure in NOT_PER_LOCATION:
            raise InsightsError(
                Code.FIGURE_NOT_AVAILABLE,
                f"{figure.name} is counted per order, not per location.",
                field="locationId",
            )
        shipped_there = OrderLocationFact.objects.filter(
            tenant_id=tenant_id, warehouse_id=warehouse, shipments__gt=0
        )
        facts = facts.filter(order_id__in=shipped_there.values("order_id"))
    # A fact's day is in the reporting time zone (UTC offsets lie within a day), so its order
    # was created within a day of the range's UTC days: a bound, redundant with the facts, that
    # the orders' (tenant, created) index can use instead of reading every order of the tenant.
    since = datetime.combine(within.start - timedelta(days=1), time.min, tzinfo=UTC)
    until = datetime.combine(within.end + timedelta(days=2), time.min, tzinfo=UTC)
    return (
        Order.objects.filter(
            tenant_id=tenant_id,
            saleor_created_at__gte=since,
            saleor_created_at__lt=until,
            pk__in=facts.values("order_id"),
        )
        .annotate(shipment_count=Coalesce(_live_shipments(), Value(0), output_field=IntegerField()))
        .order_by(F("saleor_created_at").desc(), "-pk")
    )
