"""GraphQL types of outbound availability: subscriptions and their deliveries.

Everything needs MANAGE_PRODUCTS. The HMAC secret is never readable: it is returned once, by
the mutation that created the subscription.
"""

from __future__ import annotations

from typing import Any

import graphene
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.availability.error_codes import AvailabilityErrorCode
from saleor_oms_plugin.availability.models import AvailabilityDelivery, AvailabilitySubscription
from saleor_oms_plugin.availability.selectors import delivery_get, subscription_get
from saleor_oms_plugin.graphql.core.mutations import error_type
from saleor_oms_plugin.graphql.core.pagination import OmsCountableConnection
from saleor_oms_plugin.graphql.core.relay import Node, instances_of
from saleor_oms_plugin.graphql.permissions import MANAGE_PRODUCTS, require_any

PERMISSIONS = (MANAGE_PRODUCTS,)

OmsAvailabilityErrorCode = graphene.Enum(
    "OmsAvailabilityErrorCode", [(code.name, code.value) for code in AvailabilityErrorCode]
)
OmsAvailabilityError: Any = error_type("OmsAvailabilityError", OmsAvailabilityErrorCode)
OmsAvailabilityDeliveryState = graphene.Enum(
    "OmsAvailabilityDeliveryState", [(s.name, s.value) for s in AvailabilityDelivery.State]
)


class OmsAvailabilitySubscription(graphene.ObjectType):
    name = graphene.String(required=True)
    url = graphene.String(required=True, description="Where signed deliveries are POSTed.")
    channels = graphene.List(
        graphene.NonNull(graphene.String),
        required=True,
        description="Slugs of the channels whose availability is sent.",
    )
    is_active = graphene.Boolean(required=True)
    created_at = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)

    class Meta:
        interfaces = (Node,)
        description = "An outside channel told about available-to-sell changes."

    is_type_of = instances_of(AvailabilitySubscription)

    @classmethod
    def get_node(cls, info: GraphQLResolveInfo, id: int) -> AvailabilitySubscription | None:
        _, tenant = require_any(info, PERMISSIONS)
        return subscription_get(tenant_id=tenant.pk, pk=id)

    @staticmethod
    def resolve_channels(root: AvailabilitySubscription, info: GraphQLResolveInfo) -> list[str]:
        return list(root.channel_slugs)


class OmsAvailabilityDelivery(graphene.ObjectType):
    subscription = graphene.Field(graphene.NonNull(OmsAvailabilitySubscription))
    delivery_id = graphene.String(required=True, description="Sent as X-OMS-Delivery.")
    sequence = graphene.Int(required=True, description="Newer deliveries have higher numbers.")
    item_count = graphene.Int(required=True)
    payload = graphene.JSONString(required=True, description="The JSON body sent.")
    state = graphene.Field(graphene.NonNull(OmsAvailabilityDeliveryState))
    attempts = graphene.Int(required=True)
    last_status = graphene.Int(description="The receiver's last HTTP status; null: no answer.")
    last_error = graphene.String(required=True)
    created_at = graphene.DateTime(required=True)
    finished_at = graphene.DateTime()

    class Meta:
        interfaces = (Node,)
        description = "One batch of availability changes sent to a subscription; DEAD ones "
        "are the dead letters."

    is_type_of = instances_of(AvailabilityDelivery)

    @classmethod
    def get_node(cls, info: GraphQLResolveInfo, id: int) -> AvailabilityDelivery | None:
        _, tenant = require_any(info, PERMISSIONS)
        return delivery_get(tenant_id=tenant.pk, pk=id)

    @staticmethod
    def resolve_state(root: AvailabilityDelivery, info: GraphQLResolveInfo) -> str:
        return str(root.state)


class OmsAvailabilityDeliveryConnection(OmsCountableConnection):
    class Meta:
        node = OmsAvailabilityDelivery
        strict_types = True
