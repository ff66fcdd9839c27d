"""Drill-down: the orders behind a figure of the insights, newest first.

Each figure the rollups count from the order read model (orders, cancelled, shipped, split) is
answered here with the same conditions ``figures.py`` counts with, so the list behind a figure
holds as many orders as the figure says. Figures whose facts live in other domains (plans,
promises, backorders) are answered by a source those domains register with
:func:`drill_source_register` in their ``apps.py``; until one is registered, asking for that
figure is refused with ``FIGURE_NOT_AVAILABLE`` rather than answered with a wrong list.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from saleor_oms_plugin.insights.error_codes import InsightsErrorCode as Code
from saleor_oms_plugin.insights.errors import InsightsError
from saleor_oms_plugin.insights.figures import CANCELLED, NOT_ORDERS
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


# A source answers a figure for a tenant with a condition on Order (e.g. ``pk__in`` a subquery).
DrillSource = Callable[[int], Q]
_SOURCES: dict[Drill, DrillSource] = {}


def drill_source_register(figure: Drill, source: DrillSource) -> None:
    """Let the domain that holds a figure's facts say which orders are behind it."""
    _SOURCES[figure] = source


def _live_shipments() -> Subquery:
    return Subquery(
        Fulfillment.objects.filter(order=OuterRef("pk"))
        .exclude(status=CANCELLED)
        .order_by()
        .values("order")
        .annotate(n=Count("pk"))
        .values("n")
    )


def _figure_filter(figure: Drill, tenant_id: int) -> Q:
    live = ~Q(status=CANCELLED)
    if figure is Drill.ORDERS:
        return live
    if figure is Drill.CANCELLED:
        return Q(status=CANCELLED)
    if figure is Drill.SHIPPED:
        return live & Q(shipment_count__gt=0)
    if figure is Drill.SPLIT:
        return live & Q(shipment_count__gt=1)
    source = _SOURCES.get(figure)
    if source is None:
        raise InsightsError(
            Code.FIGURE_NOT_AVAILABLE,
            f"The orders behind {figure.name} are not kept yet.",
            field="figure",
        )
    return live & source(tenant_id)


def insight_orders(
    *,
    tenant_id: int,
    within: DateRange,
    figure: Drill = Drill.ORDERS,
    channel: str | None = None,
    currency: str | None = None,
    location_id: int | None = None,
) -> QuerySet[Order]:
    """The orders behind ``figure`` created in the range (UTC days, as the rollups count
    them), newest first, annotated with ``shipment_count`` (fulfilments not cancelled).
    ``location_id`` keeps the orders that location shipped some of."""
    start = datetime.combine(within.start, time.min, tzinfo=UTC)
    orders = (
        Order.objects.filter(
            tenant_id=tenant_id,
            saleor_created_at__gte=start,
            saleor_created_at__lt=start + timedelta(days=within.days),
        )
        .exclude(status__in=NOT_ORDERS)
        .annotate(shipment_count=Coalesce(_live_shipments(), Value(0), output_field=IntegerField()))
    )
    if channel:
        orders = orders.filter(channel_slug=channel)
    if currency:
        orders = orders.filter(currency=currency.strip().upper())
    if location_id is not None:
        warehouse = (
            Location.objects.filter(tenant_id=tenant_id, pk=location_id)
            .values_list("saleor_id", flat=True)
            .first()
        )
        if not warehouse:
            raise InsightsError(Code.NOT_FOUND, "No such Saleor warehouse.", field="locationId")
        shipped_there = Fulfillment.objects.filter(warehouse_id=warehouse).exclude(status=CANCELLED)
        orders = orders.filter(pk__in=shipped_there.values("order"))
    return orders.filter(_figure_filter(figure, tenant_id)).order_by("-saleor_created_at", "-pk")
