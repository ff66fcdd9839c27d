"""Subscriptions and redelivery: thin edges over the availability services."""

from __future__ import annotations

from typing import Any

import graphene
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.availability.delivery import delivery_redeliver
from saleor_oms_plugin.availability.errors import AvailabilityError
from saleor_oms_plugin.availability.services import (
    subscription_create,
    subscription_delete,
    subscription_update,
)
from saleor_oms_plugin.graphql.availability.types import (
    PERMISSIONS,
    OmsAvailabilityDelivery,
    OmsAvailabilityError,
    OmsAvailabilitySubscription,
)
from saleor_oms_plugin.graphql.core.mutations import errors_from
from saleor_oms_plugin.graphql.core.relay import pk_from_global_id
from saleor_oms_plugin.graphql.inventory.mutations import WRITER_KINDS
from saleor_oms_plugin.graphql.permissions import require_any


class OmsAvailabilitySubscriptionCreateInput(graphene.InputObjectType):
    name = graphene.String(required=True)
    url = graphene.String(required=True, description="An http(s) URL.")
    channels = graphene.List(
        graphene.NonNull(graphene.String), required=True, description="Channel slugs."
    )


class OmsAvailabilitySubscriptionUpdateInput(graphene.InputObjectType):
    name = graphene.String()
    url = graphene.String()
    channels = graphene.List(graphene.NonNull(graphene.String))
    is_active = graphene.Boolean()


class OmsAvailabilitySubscriptionPayload(graphene.ObjectType):
    subscription = graphene.Field(OmsAvailabilitySubscription)
    secret = graphene.String(description="The HMAC secret: returned once, at creation.")
    errors = graphene.List(graphene.NonNull(OmsAvailabilityError), required=True)


class OmsAvailabilitySubscriptionDeletePayload(graphene.ObjectType):
    deleted_id = graphene.ID()
    errors = graphene.List(graphene.NonNull(OmsAvailabilityError), required=True)


class OmsAvailabilityDeliveryPayload(graphene.ObjectType):
    delivery = graphene.Field(OmsAvailabilityDelivery)
    errors = graphene.List(graphene.NonNull(OmsAvailabilityError), required=True)


def _subscription_pk(id: str) -> int:
    return pk_from_global_id(id, expected_type="OmsAvailabilitySubscription")


class AvailabilityMutations(graphene.ObjectType):
    availability_subscription_create = graphene.Field(
        graphene.NonNull(OmsAvailabilitySubscriptionPayload),
        input=OmsAvailabilitySubscriptionCreateInput(required=True),
        description="Subscribe an outside channel; everything it should know is sent at once. "
        "Requires MANAGE_PRODUCTS.",
    )
    availability_subscription_update = graphene.Field(
        graphene.NonNull(OmsAvailabilitySubscriptionPayload),
        id=graphene.ID(required=True),
        input=OmsAvailabilitySubscriptionUpdateInput(required=True),
    )
    availability_subscription_delete = graphene.Field(
        graphene.NonNull(OmsAvailabilitySubscriptionDeletePayload),
        id=graphene.ID(required=True),
    )
    availability_delivery_redeliver = graphene.Field(
        graphene.NonNull(OmsAvailabilityDeliveryPayload),
        id=graphene.ID(required=True),
        description="Send a dead letter again (same delivery id and sequence).",
    )

    @staticmethod
    def resolve_availability_subscription_create(
        root: Any, info: GraphQLResolveInfo, input: dict[str, Any]
    ) -> OmsAvailabilitySubscriptionPayload:
        viewer, tenant = require_any(info, PERMISSIONS, kinds=WRITER_KINDS)
        try:
            subscription, secret = subscription_create(
                tenant_id=tenant.pk,
                name=input["name"],
                url=input["url"],
                channel_slugs=input["channels"],
                actor=viewer.actor(),
            )
        except AvailabilityError as exc:
            return OmsAvailabilitySubscriptionPayload(errors=errors_from(exc, OmsAvailabilityError))
        return OmsAvailabilitySubscriptionPayload(
            subscription=subscription, secret=secret, errors=[]
        )

    @staticmethod
    def resolve_availability_subscription_update(
        root: Any, info: GraphQLResolveInfo, id: str, input: dict[str, Any]
    ) -> OmsAvailabilitySubscriptionPayload:
        viewer, tenant = require_any(info, PERMISSIONS, kinds=WRITER_KINDS)
        try:
            subscription = subscription_update(
                tenant_id=tenant.pk,
                pk=_subscription_pk(id),
                actor=viewer.actor(),
                name=input.get("name"),
                url=input.get("url"),
                channel_slugs=input.get("channels"),
                is_active=input.get("is_active"),
            )
        except AvailabilityError as exc:
            return OmsAvailabilitySubscriptionPayload(errors=errors_from(exc, OmsAvailabilityError))
        return OmsAvailabilitySubscriptionPayload(subscription=subscription, errors=[])

    @staticmethod
    def resolve_availability_subscription_delete(
        root: Any, info: GraphQLResolveInfo, id: str
    ) -> OmsAvailabilitySubscriptionDeletePayload:
        viewer, tenant = require_any(info, PERMISSIONS, kinds=WRITER_KINDS)
        try:
            subscription_delete(tenant_id=tenant.pk, pk=_subscription_pk(id), actor=viewer.actor())
        except AvailabilityError as exc:
            return OmsAvailabilitySubscriptionDeletePayload(
                errors=errors_from(exc, OmsAvailabilityError)
            )
        return OmsAvailabilitySubscriptionDeletePayload(deleted_id=id, errors=[])

    @staticmethod
    def resolve_availability_delivery_redeliver(
        root: Any, info: GraphQLResolveInfo, id: str
    ) -> OmsAvailabilityDeliveryPayload:
        viewer, tenant = require_any(info, PERMISSIONS, kinds=WRITER_KINDS)
        pk = pk_from_global_id(id, expected_type="OmsAvailabilityDelivery")
        try:
            delivery = delivery_redeliver(tenant_id=tenant.pk, pk=pk, actor=viewer.actor())
        except AvailabilityError as exc:
            return OmsAvailabilityDeliveryPayload(errors=errors_from(exc, OmsAvailabilityError))
        return OmsAvailabilityDeliveryPayload(delivery=delivery, errors=[])
