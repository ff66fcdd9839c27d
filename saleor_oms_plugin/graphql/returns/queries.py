"""Returns for staff (queues and filters) and for signed-in customers (their own)."""

from __future__ import annotations

from typing import Any

import graphene
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.graphql.auth import ViewerKind
from saleor_oms_plugin.graphql.context import viewer_of
from saleor_oms_plugin.graphql.core.enums import enum_value
from saleor_oms_plugin.graphql.core.pagination import connection_args, connection_from_queryset
from saleor_oms_plugin.graphql.core.relay import pk_from_global_id
from saleor_oms_plugin.graphql.errors import PermissionDenied
from saleor_oms_plugin.graphql.permissions import MANAGE_ORDERS, require_any
from saleor_oms_plugin.graphql.returns.access import return_requester
from saleor_oms_plugin.graphql.returns.types import (
    OmsReturnPolicy,
    OmsReturnRequest,
    OmsReturnRequestConnection,
    OmsReturnResolution,
    OmsReturnStatus,
    with_lines,
)
from saleor_oms_plugin.returns.models import ReturnPolicy, ReturnRequest
from saleor_oms_plugin.returns.selectors import (
    policy_list,
    return_get,
    return_list,
    returns_of_customer,
)


class ReturnQueries(graphene.ObjectType):
    return_requests = graphene.Field(
        graphene.NonNull(OmsReturnRequestConnection),
        description="Returns, newest first, filtered into queues. Requires MANAGE_ORDERS.",
        **connection_args(
            status=OmsReturnStatus(),
            channel=graphene.String(),
            resolution=OmsReturnResolution(),
        ),
    )
    return_request = graphene.Field(
        OmsReturnRequest, id=graphene.ID(required=True), description="Requires MANAGE_ORDERS."
    )
    return_policies = graphene.List(
        graphene.NonNull(OmsReturnPolicy), required=True, description="Requires MANAGE_ORDERS."
    )
    my_returns = graphene.List(
        graphene.NonNull(OmsReturnRequest),
        required=True,
        description="The signed-in customer's returns (a Saleor customer access token).",
    )
    order_returns = graphene.List(
        graphene.NonNull(OmsReturnRequest),
        required=True,
        order_number=graphene.String(required=True),
        email=graphene.String(description="Guests: the email the order was placed with."),
        description="The returns of one order, e.g. for a guest to find their label again: "
        "customers (their own orders), guests (order number + email and the Saleor-Api-Url "
        "header), or MANAGE_ORDERS. Another person's order answers an empty list.",
    )

    @staticmethod
    def resolve_return_requests(
        root: Any,
        info: GraphQLResolveInfo,
        first: int | None = None,
        after: str | None = None,
        status: str | None = None,
        channel: str | None = None,
        resolution: str | None = None,
    ) -> OmsReturnRequestConnection:
        _, tenant = require_any(info, [MANAGE_ORDERS])
        # graphene hands input enums over as their Python enum members
        requests = return_list(
            tenant_id=tenant.pk,
            status=enum_value(status),
            channel=channel,
            resolution=enum_value(resolution),
        )
        requests = with_lines(requests, info, "edges", "node")
        return connection_from_queryset(
            requests, OmsReturnRequestConnection, first=first, after=after
        )

    @staticmethod
    def resolve_return_request(
        root: Any, info: GraphQLResolveInfo, id: str
    ) -> ReturnRequest | None:
        _, tenant = require_any(info, [MANAGE_ORDERS])
        return return_get(
            tenant_id=tenant.pk, pk=pk_from_global_id(id, expected_type="OmsReturnRequest")
        )

    @staticmethod
    def resolve_return_policies(root: Any, info: GraphQLResolveInfo) -> list[ReturnPolicy]:
        _, tenant = require_any(info, [MANAGE_ORDERS])
        return list(policy_list(tenant_id=tenant.pk))

    @staticmethod
    def resolve_my_returns(root: Any, info: GraphQLResolveInfo) -> list[ReturnRequest]:
        viewer = viewer_of(info)
        if viewer.kind is not ViewerKind.CUSTOMER or viewer.tenant is None:
            raise PermissionDenied(["a customer access token"])
        requests = returns_of_customer(tenant_id=viewer.tenant.pk, user_id=viewer.user_id)
        return list(with_lines(requests, info))

    @staticmethod
    def resolve_order_returns(
        root: Any, info: GraphQLResolveInfo, order_number: str, email: str | None = None
    ) -> list[ReturnRequest]:
        tenant, order, *_ = return_requester(info, order_number, email or "")
        if order is None:
            return []
        return list(with_lines(return_list(tenant_id=tenant.pk, order_id=order.pk), info))
