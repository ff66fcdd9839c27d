"""Subscriptions of outside channels and their deliveries (MANAGE_PRODUCTS)."""

from __future__ import annotations

from typing import Any

import graphene
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.availability.models import AvailabilitySubscription
from saleor_oms_plugin.availability.selectors import delivery_list, subscription_list
from saleor_oms_plugin.graphql.availability.types import (
    PERMISSIONS,
    OmsAvailabilityDeliveryConnection,
    OmsAvailabilityDeliveryState,
    OmsAvailabilitySubscription,
)
from saleor_oms_plugin.graphql.core.enums import enum_value
from saleor_oms_plugin.graphql.core.pagination import connection_args, connection_from_queryset
from saleor_oms_plugin.graphql.core.relay import pk_from_global_id
from saleor_oms_plugin.graphql.permissions import require_any


class AvailabilityQueries(graphene.ObjectType):
    availability_subscriptions = graphene.List(
        graphene.NonNull(OmsAvailabilitySubscription),
        required=True,
        description="Outside channels subscribed to available-to-sell. Requires MANAGE_PRODUCTS.",
    )
    availability_deliveries = graphene.Field(
        graphene.NonNull(OmsAvailabilityDeliveryConnection),
        description="Deliveries, newest first (state DEAD: the dead letters). Requires "
        "MANAGE_PRODUCTS.",
        **connection_args(state=OmsAvailabilityDeliveryState(), subscription_id=graphene.ID()),
    )

    @staticmethod
    def resolve_availability_subscriptions(
        root: Any, info: GraphQLResolveInfo
    ) -> list[AvailabilitySubscription]:
        _, tenant = require_any(info, PERMISSIONS)
        return list(subscription_list(tenant_id=tenant.pk))

    @staticmethod
    def resolve_availability_deliveries(
        root: Any,
        info: GraphQLResolveInfo,
        first: int | None = None,
        after: str | None = None,
        state: Any = None,
        subscription_id: str | None = None,
    ) -> OmsAvailabilityDeliveryConnection:
        _, tenant = require_any(info, PERMISSIONS)
        pk = (
            None
            if subscription_id is None
            else pk_from_global_id(subscription_id, expected_type="OmsAvailabilitySubscription")
        )
        deliveries = delivery_list(tenant_id=tenant.pk, state=enum_value(state), subscription_id=pk)
        return connection_from_queryset(
            deliveries, OmsAvailabilityDeliveryConnection, first=first, after=after
        )
