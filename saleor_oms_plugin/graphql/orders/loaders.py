"""Batch loaders for what hangs off an order (keyed by the order's primary key).

Whatever lists orders (a page of ``orders``, ``myOrders``, the ``Order`` entities of one
``_entities`` call) calls :func:`prime_orders`; each relation below is then one query for the
whole list, however many orders it holds. The order rows' own relations (lines, fulfilments)
are prefetched with the list: :func:`order_prefetches` names those the selection reads.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.fulfilment.models import Backorder, PlanShipment, RoutingPlan
from saleor_oms_plugin.graphql.core.dataloaders import BatchLoader, loader
from saleor_oms_plugin.graphql.core.selection import selected_fields
from saleor_oms_plugin.graphql.returns.types import lines_prefetch
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


def _backorders(order_ids: list[int]) -> dict[int, list[Any]]:
    rows = Backorder.objects.filter(order_id__in=order_ids).select_related("plan", "routed_plan")
    return _grouped(rows.order_by("created_at", "pk"))


def _tasks(order_ids: list[int]) -> dict[int, list[Any]]:
    tasks = StaffTask.objects.filter(order_id__in=order_ids).select_related("order")
    return _grouped(tasks.order_by("due_at", "pk"))


def _return_requests(order_ids: list[int]) -> QuerySet[ReturnRequest]:
    requests = ReturnRequest.objects.filter(order_id__in=order_ids).select_related("order")
    return requests.order_by("-created_at", "-pk")


def _returns(order_ids: list[int]) -> dict[int, list[Any]]:
    return _grouped(_return_requests(order_ids))


def _returns_with_lines(order_ids: list[int]) -> dict[int, list[Any]]:
    return _grouped(_return_requests(order_ids).prefetch_related(lines_prefetch()))


def _fulfillments(order_ids: list[int]) -> dict[int, list[Any]]:
    fulfillments = Fulfillment.objects.filter(order_id__in=order_ids)
    return _grouped(fulfillments.order_by("fulfillment_order", "pk"))


_BATCHES = {
    "order_flags": _flags,
    "order_plans": _plans,
    "order_backorders": _backorders,
    "order_tasks": _tasks,
    "order_returns": _returns,
    "order_fulfillments": _fulfillments,
}


def order_loader(info: GraphQLResolveInfo, name: str) -> BatchLoader[int, list[Any]]:
    return loader(info, name, _BATCHES[name], default=list)


def prime_orders(
    info: GraphQLResolveInfo, orders: Iterable[Order], *, return_lines: bool = False
) -> None:
    """Announce ``orders`` so each relation above loads for all of them at once.

    ``return_lines``: the selection reads their returns' lines, which then come with the
    returns (in one more query) unless this request's returns loader was made without them.
    """
    ids = [order.pk for order in orders]
    if return_lines:
        loader(info, "order_returns", _returns_with_lines, default=list)
    for name in _BATCHES:
        order_loader(info, name).prime(ids)


def order_prefetches(info: GraphQLResolveInfo, *path: str) -> list[str]:
    """The relations of the order rows that the selection at ``path`` (below the current
    field) reads, to prefetch with the list so that it costs a fixed number of queries."""
    wanted = selected_fields(info, *path)
    prefetch = []
    if "lines" in wanted:
        prefetch.append("lines")
    if "fulfillments" in wanted:
        with_lines = "lines" in selected_fields(info, *path, "fulfillments")
        prefetch.append("fulfillments__lines" if with_lines else "fulfillments")
    return prefetch


def order_with_relations(info: GraphQLResolveInfo, order: Order | None) -> Order | None:
    """One order (of ``order`` or ``node``) with the relations its selection reads, so that,
    say, its fulfilments' lines are one query and not one per fulfilment."""
    if order is not None:
        prefetch_related_objects([order], *order_prefetches(info))
    return order


def prime_orders_of(info: GraphQLResolveInfo, rows: Iterable[Any], *path: str) -> None:
    """The orders of a list's rows (plans, tasks, firings), if the selection of the rows at
    ``path`` reads their ``order``: what it reads of them, for all of them at once. The rows
    come with their order joined (``select_related``)."""
    if "order" not in selected_fields(info, *path):
        return
    orders = [row.order for row in rows if row.order_id is not None]
    prefetch_related_objects(orders, *order_prefetches(info, *path, "order"))
    prime_orders(info, orders)
