"""``orders`` and ``order``: the order read model, for viewers holding MANAGE_ORDERS."""

from __future__ import annotations

from typing import Any

import graphene
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.graphql.core.enums import enum_value
from saleor_oms_plugin.graphql.core.pagination import connection_args, connection_from_queryset
from saleor_oms_plugin.graphql.core.relay import pk_from_global_id
from saleor_oms_plugin.graphql.core.shared_enums import OmsRoutingPlanState
from saleor_oms_plugin.graphql.errors import OmsGraphQLError, OmsGraphQLErrorCode
from saleor_oms_plugin.graphql.orders.filters import FLAG_COLOURS, orders_filter
from saleor_oms_plugin.graphql.orders.loaders import (
    order_prefetches,
    order_with_relations,
    prime_orders,
)
from saleor_oms_plugin.graphql.orders.types import OmsOrder, OmsOrderConnection
from saleor_oms_plugin.graphql.permissions import MANAGE_ORDERS, require_any
from saleor_oms_plugin.orders.models import Order
from saleor_oms_plugin.orders.selectors import order_get, order_list


class OrderQueries(graphene.ObjectType):
    orders = graphene.Field(
        graphene.NonNull(OmsOrderConnection),
        description="Orders of the viewer's Saleor, newest first. Requires MANAGE_ORDERS.",
        **connection_args(
            status=graphene.String(description="Only orders with this Saleor OrderStatus."),
            search=graphene.String(description="An order number, with or without '#'."),
            flag_colours=graphene.List(
                graphene.NonNull(graphene.String),
                description="Only orders with an active flag of one of these colours ("
                + ", ".join(FLAG_COLOURS)
                + "); amber is orange and yellow.",
            ),
            flagged=graphene.Boolean(
                description="true: orders with an active flag; false: orders without."
            ),
            has_open_tasks=graphene.Boolean(
                description="true: orders with an open staff task; false: orders without."
            ),
            needs_routing=graphene.Boolean(
                description="true: open orders (UNCONFIRMED, UNFULFILLED, "
                "PARTIALLY_FULFILLED) with shippable units left and no plan proposed, "
                "applying or applied (none yet, or the last one failed); false: the others."
            ),
            routing_state=OmsRoutingPlanState(
                description="Only orders whose newest routing plan is in this state."
            ),
        ),
    )
    order = graphene.Field(
        OmsOrder,
        id=graphene.ID(),
        saleor_id=graphene.String(),
        number=graphene.String(),
        description="One order by exactly one of: id, saleorId, number. Requires MANAGE_ORDERS.",
    )

    @staticmethod
    def resolve_orders(
        root: Any,
        info: GraphQLResolveInfo,
        first: int | None = None,
        after: str | None = None,
        status: str | None = None,
        search: str | None = None,
        flag_colours: list[str] | None = None,
        flagged: bool | None = None,
        has_open_tasks: bool | None = None,
        needs_routing: bool | None = None,
        routing_state: Any = None,
    ) -> OmsOrderConnection:
        _, tenant = require_any(info, [MANAGE_ORDERS])
        orders = order_list(tenant_id=tenant.pk, status=status, number=search)
        orders = orders_filter(
            orders,
            tenant_id=tenant.pk,
            flag_colours=flag_colours,
            flagged=flagged,
            has_open_tasks=has_open_tasks,
            needs_routing=needs_routing,
            # graphene hands input enums over as their Python enum members
            routing_state=enum_value(routing_state),
        )
        orders = orders.prefetch_related(*order_prefetches(info, "edges", "node"))
        page = connection_from_queryset(orders, OmsOrderConnection, first=first, after=after)
        prime_orders(info, (edge.node for edge in page.edges))
        return page

    @staticmethod
    def resolve_order(
        root: Any,
        info: GraphQLResolveInfo,
        id: str | None = None,
        saleor_id: str | None = None,
        number: str | None = None,
    ) -> Order | None:
        _, tenant = require_any(info, [MANAGE_ORDERS])
        given = [value for value in (id, saleor_id, number) if value is not None]
        if len(given) != 1:
            raise OmsGraphQLError(
                OmsGraphQLErrorCode.INVALID_ARGUMENTS,
                "Give exactly one of id, saleorId and number.",
            )
        pk = pk_from_global_id(id, expected_type="OmsOrder") if id is not None else None
        order = order_get(tenant_id=tenant.pk, pk=pk, saleor_id=saleor_id, number=number)
        return order_with_relations(info, order)
