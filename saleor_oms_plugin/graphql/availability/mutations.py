"""Subscriptions and redelivery: thin edges over the availability services."""

from __future__ import annotations

from typing import Any

import graphene

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
from saleor_oms_plugin.graphql.core.mutations import Caller, PayloadErrors, mutation
from saleor_oms_plugin.graphql.core.relay import pk_from_global_id
from saleor_oms_plugin.graphql.permissions import Requires

AVAILABILITY_ERRORS = PayloadErrors(OmsAvailabilityError, AvailabilityError)
SUBSCRIBERS = Requires(*PERMISSIONS)


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
    errors = AVAILABILITY_ERRORS.field()


class OmsAvailabilitySubscriptionDeletePayload(graphene.ObjectType):
    deleted_id = graphene.ID()
    errors = AVAILABILITY_ERRORS.field()


class OmsAvailabilityDeliveryPayload(graphene.ObjectType):
    delivery = graphene.Field(OmsAvailabilityDelivery)
    errors = AVAILABILITY_ERRORS.field()


def _subscription_pk(id: str) -> int:
    return pk_from_global_id(id, expected_type="OmsAvailabilitySubscription")


class AvailabilityMutations(graphene.ObjectType):
    @mutation(
        OmsAvailabilitySubscriptionPayload,
        access=SUBSCRIBERS,
        errors=AVAILABILITY_ERRORS,
        description="Subscribe an outside channel; everything it should know is sent at once.",
        input=OmsAvailabilitySubscriptionCreateInput(required=True),
    )
    def availability_subscription_create(
        caller: Caller, input: dict[str, Any]
    ) -> OmsAvailabilitySubscriptionPayload:
        subscription, secret = subscription_create(
            tenant_id=caller.tenant.pk,
            name=input["name"],
            url=input["url"],
            channel_slugs=input["channels"],
            actor=caller.actor(),
        )
        return OmsAvailabilitySubscriptionPayload(
            subscription=subscription, secret=secret, errors=[]
        )

    @mutation(
        OmsAvailabilitySubscriptionPayload,
        access=SUBSCRIBERS,
        errors=AVAILABILITY_ERRORS,
        id=graphene.ID(required=True),
        input=OmsAvailabilitySubscriptionUpdateInput(required=True),
    )
    def availability_subscription_update(
        caller: Caller, id: str, input: dict[str, Any]
    ) -> OmsAvailabilitySubscriptionPayload:
        subscription = subscription_update(
            tenant_id=caller.tenant.pk,
            pk=_subscription_pk(id),
            actor=caller.actor(),
            name=input.get("name"),
            url=input.get("url"),
            channel_slugs=input.get("channels"),
            is_active=input.get("is_active"),
        )
        return OmsAvailabilitySubscriptionPayload(subscription=subscription, errors=[])

    @mutation(
        OmsAvailabilitySubscriptionDeletePayload,
        access=SUBSCRIBERS,
        errors=AVAILABILITY_ERRORS,
        id=graphene.ID(required=True),
    )
    def availability_subscription_delete(
        caller: Caller, id: str
    ) -> OmsAvailabilitySubscriptionDeletePayload:
        subscription_delete(
            tenant_id=caller.tenant.pk, pk=_subscription_pk(id), actor=caller.actor()
        )
        return OmsAvailabilitySubscriptionDeletePayload(deleted_id=id, errors=[])

    @mutation(
        OmsAvailabilityDeliveryPayload,
        access=SUBSCRIBERS,
        errors=AVAILABILITY_ERRORS,
        description="Send a dead letter again (same delivery id and sequence).",
        id=graphene.ID(required=True),
    )
    def availability_delivery_redeliver(caller: Caller, id: str) -> OmsAvailabilityDeliveryPayload:
        pk = pk_from_global_id(id, expected_type="OmsAvailabilityDelivery")
        delivery = delivery_redeliver(tenant_id=caller.tenant.pk, pk=pk, actor=caller.actor())
        return OmsAvailabilityDeliveryPayload(delivery=delivery, errors=[])
