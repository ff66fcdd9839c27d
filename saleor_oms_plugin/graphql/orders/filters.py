"""The ``orders`` queue filters: flags, staff tasks and routing, as SQL over the order rows.

Each filter is an ``EXISTS`` correlated on the order's primary key, which PostgreSQL runs as a
semi-join (``NOT EXISTS``: an anti-join), hashed over the related table or through its
``order_id`` index: a page stays one query however many filters are combined, ``totalCount``
one ``COUNT``. Subqueries also name the tenant, like every read of the API.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from saleor_oms_plugin.fulfilment.models import RoutingPlan
from saleor_oms_plugin.graphql.errors import OmsGraphQLError, OmsGraphQLErrorCode
from saleor_oms_plugin.orders.models import Order, OrderLine
from saleor_oms_plugin.rules.models import OrderFlag, StaffTask

# The statuses fulfilment routes (fulfilment.handlers): not drafts, cancelled or shipped orders.
ROUTABLE_STATUSES = ("UNCONFIRMED", "UNFULFILLED", "PARTIALLY_FULFILLED")
# Plans that ship (or will ship) the order: a failed plan, or superseded plans without a live
# successor, leave the order to route again.
COVERING_PLAN_STATES = (
    RoutingPlan.State.PROPOSED,
    RoutingPlan.State.APPLYING,
    RoutingPlan.State.APPLIED,
)
FLAG_COLOURS = tuple(OrderFlag.Colour.values)


def _active_flags(tenant_id: int) -> QuerySet[OrderFlag]:
    return OrderFlag.objects.filter(
        tenant_id=tenant_id, order_id=OuterRef("pk"), cleared_at__isnull=True
    )


def flag_colours_q(tenant_id: int, colours: Iterable[str]) -> Q:
    """Orders with an active flag of any of ``colours``; an unknown colour is refused."""
    wanted = sorted(set(colours))
    unknown = [colour for colour in wanted if colour not in FLAG_COLOURS]
    if unknown:
        raise OmsGraphQLError(
            OmsGraphQLErrorCode.INVALID_ARGUMENTS,
            f"Unknown flag colour {', '.join(unknown)}; use {', '.join(FLAG_COLOURS)}.",
        )
    return Q(Exists(_active_flags(tenant_id).filter(colour__in=wanted)))


def flagged_q(tenant_id: int) -> Q:
    return Q(Exists(_active_flags(tenant_id)))


def open_tasks_q(tenant_id: int) -> Q:
    tasks = StaffTask.objects.filter(
        tenant_id=tenant_id, order_id=OuterRef("pk"), status=StaffTask.Status.OPEN
    )
    return Q(Exists(tasks))


def needs_routing_q(tenant_id: int) -> Q:
    """Open orders with shippable units not yet fulfilled and no plan that ships them.

    The query counterpart of what fulfilment routes (routable status, something left to send)
    and of the Overview's "To route".
    """
    unshipped = OrderLine.objects.filter(
        order_id=OuterRef("pk"), is_shipping_required=True, quantity__gt=F("quantity_fulfilled")
    )
    covering = RoutingPlan.objects.filter(
        tenant_id=tenant_id, order_id=OuterRef("pk"), state__in=COVERING_PLAN_STATES
    )
    return Q(status__in=ROUTABLE_STATUSES) & Q(Exists(unshipped)) & ~Q(Exists(covering))


def newest_plan_state_q(tenant_id: int, state: str) -> Q:
    """Orders whose newest routing plan is in ``state``: a plan in that state with no newer
    plan beside it (a semi-join and an anti-join, which PostgreSQL estimates and hashes well,
    unlike a per-row "newest plan" subquery)."""
    newer = RoutingPlan.objects.filter(order_id=OuterRef("order_id")).filter(
        Q(created_at__gt=OuterRef("created_at"))
        | Q(created_at=OuterRef("created_at"), pk__gt=OuterRef("pk"))
    )
    newest_in_state = RoutingPlan.objects.filter(
        tenant_id=tenant_id, order_id=OuterRef("pk"), state=state
    ).filter(~Exists(newer))
    return Q(Exists(newest_in_state))


def orders_filter(
    orders: QuerySet[Order],
    *,
    tenant_id: int,
    flag_colours: Iterable[str] | None = None,
    flagged: bool | None = None,
    has_open_tasks: bool | None = None,
    needs_routing: bool | None = None,
    routing_state: str | None = None,
) -> QuerySet[Order]:
    """``orders`` narrowed by every filter given (None or empty: not filtered; False: the
    orders the filter would leave out)."""
    if flag_colours:
        orders = orders.filter(flag_colours_q(tenant_id, flag_colours))
    for wanted, condition in (
        (flagged, flagged_q),
        (has_open_tasks, open_tasks_q),
        (needs_routing, needs_routing_q),
    ):
        if wanted is not None:
            q = condition(tenant_id)
            orders = orders.filter(q if wanted else ~q)
    if routing_state:
        orders = orders.filter(newest_plan_state_q(tenant_id, routing_state))
    return orders
