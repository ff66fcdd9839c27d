"""Batch loaders for what hangs off an order (keyed by the order's primary key).

Whatever lists orders (a page of ``orders``, ``myOrders``, the ``Order`` entities of one
``_entities`` call) calls :func:`prime_orders`; each relation below is then one query for the
whole list, however many orders it holds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.fulfilment.models import PlanShipment, RoutingPlan
from saleor_oms_plugin.graphql.core.dataloaders import BatchLoader, loader
from saleor_oms_plugin.orders.models import Fulfillment, Order
from saleor_oms_plugin.returns.models import ReturnRequest
from saleor_oms_plugin.rules.models import OrderFlag, StaffTask


def _grouped(rows: Iterable[Any]) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[row.order_id].append(row)
    return grouped


def _flags(order_ids: list[int]) -> dict[int, list[Any]]:
    flags = OrderFlag.objects.filter(order_id__in=order_ids, cleared_at__isnull=True)
    return _grouped(flags.order_by("created_at", "pk"))


def _plans(order_ids: list[int]) -> dict[int, list[Any]]:
    shipments = Prefetch("shipments", queryset=PlanShipment.objects.select_related("location"))
    plans = RoutingPlan.objects.filter(order_id__in=order_ids).select_related("order")
    return _grouped(plans.prefetch_related(shipments).order_by("-created_at", "-pk"))


def _tasks(order_ids: list[int]) -> dict[int, list[Any]]:
    return _grouped(StaffTask.objects.filter(order_id__in=order_ids).order_by("due_at", "pk"))


def _returns(order_ids: list[int]) -> dict[int, list[Any]]:
    requests = ReturnRequest.objects.filter(order_id__in=order_ids).select_related("order")
    return _grouped(requests.order_by("-created_at", "-pk"))


def _fulfillments(order_ids: list[int]) -> dict[int, list[Any]]:
    fulfillments = Fulfillment.objects.filter(order_id__in=order_ids)
    return _grouped(fulfillments.order_by("fulfillment_order", "pk"))


_BATCHES = {
    "order_flags": _flags,
    "order_plans": _plans,
    "order_tasks": _tasks,
    "order_returns": _returns,
    "order_fulfillments": _fulfillments,
}


def order_loader(info: GraphQLResolveInfo, name: str) -> BatchLoader[int, list[Any]]:
    return loader(info, name, _BATCHES[name], default=list)


def prime_orders(info: GraphQLResolveInfo, orders: Iterable[Order]) -> None:
    """Announce ``orders`` so each relation above loads for all of them at once."""
    ids = [order.pk for order in orders]
    for name in _BATCHES:
        order_loader(info, name).prime(ids)
