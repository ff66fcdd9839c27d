"""Delivery settings for staff, and delivery promises for storefronts."""

from __future__ import annotations

from typing import Any

import graphene
from django.utils import timezone
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.delivery.models import DeliveryService, LocationDeliveryCalendar
from saleor_oms_plugin.delivery.selectors import (
    PromiseKeeping,
    delivery_calendar_list,
    delivery_service_list,
    promise_keeping,
)
from saleor_oms_plugin.delivery.storefront_promise import (
    ServicePromise,
    pickup_promise,
    shipping_promises,
)
from saleor_oms_plugin.graphql.core.budget import spend_entities
from saleor_oms_plugin.graphql.core.relay import pk_from_global_id
from saleor_oms_plugin.graphql.delivery.promises import (
    OmsDeliveryPromise,
    OmsPromiseDestinationInput,
    OmsPromiseLineInput,
    destination_address,
    wanted_lines,
)
from saleor_oms_plugin.graphql.delivery.types import (
    OmsDeliveryService,
    OmsLocationDeliveryCalendar,
    OmsPromiseKeeping,
)
from saleor_oms_plugin.graphql.errors import OmsGraphQLError, OmsGraphQLErrorCode
from saleor_oms_plugin.graphql.insights.types import OmsDateRangeInput
from saleor_oms_plugin.graphql.permissions import (
    MANAGE_ORDERS,
    MANAGE_PRODUCTS,
    require_any,
    storefront_tenant,
)
from saleor_oms_plugin.locations.selectors import location_get

SETTINGS_PERMISSIONS = (MANAGE_PRODUCTS, MANAGE_ORDERS)
MAX_DAYS = 366


class DeliveryQueries(graphene.ObjectType):
    delivery_services = graphene.List(
        graphene.NonNull(OmsDeliveryService),
        required=True,
        description="The delivery services the OMS offers at checkout, in position order. "
        "Requires MANAGE_PRODUCTS or MANAGE_ORDERS.",
    )
    location_delivery_calendar = graphene.Field(
        graphene.NonNull(OmsLocationDeliveryCalendar),
        location_id=graphene.ID(required=True),
        description="A location's working days, holidays and handling time (defaults until "
        "changed). Requires MANAGE_PRODUCTS or MANAGE_ORDERS.",
    )
    delivery_promise_keeping = graphene.List(
        graphene.NonNull(OmsPromiseKeeping),
        required=True,
        range=OmsDateRangeInput(required=True),
        description="Per location and delivery service, the ship dates promised to the orders "
        "placed in the range (UTC days) and how many were kept. Requires MANAGE_ORDERS.",
    )
    delivery_promise = graphene.List(
        graphene.NonNull(OmsDeliveryPromise),
        required=True,
        channel=graphene.String(required=True),
        lines=graphene.List(graphene.NonNull(OmsPromiseLineInput), required=True),
        address=OmsPromiseDestinationInput(),
        pickup_location_id=graphene.ID(description="Saleor Warehouse ID of a collection point."),
        description="When the lines would arrive: one promise per delivery service for an "
        "address, or the collection promise at a location (give one of the two). Anonymous "
        "callers send Saleor-Api-Url.",
    )

    @staticmethod
    def resolve_delivery_services(root: Any, info: GraphQLResolveInfo) -> list[DeliveryService]:
        _, tenant = require_any(info, SETTINGS_PERMISSIONS)
        return list(delivery_service_list(tenant_id=tenant.pk))

    @staticmethod
    def resolve_location_delivery_calendar(
        root: Any, info: GraphQLResolveInfo, location_id: str
    ) -> LocationDeliveryCalendar:
        _, tenant = require_any(info, SETTINGS_PERMISSIONS)
        pk = pk_from_global_id(location_id, expected_type="OmsLocation")
        location = location_get(tenant_id=tenant.pk, pk=pk)
        if location is None:
            raise OmsGraphQLError(OmsGraphQLErrorCode.INVALID_ID, "No such location.")
        stored = delivery_calendar_list(tenant_id=tenant.pk).filter(location_id=pk).first()
        return stored or LocationDeliveryCalendar(tenant=tenant, location=location)

    @staticmethod
    def resolve_delivery_promise_keeping(
        root: Any, info: GraphQLResolveInfo, range: Any
    ) -> list[PromiseKeeping]:
        _, tenant = require_any(info, (MANAGE_ORDERS,))
        if range.lte < range.gte or (range.lte - range.gte).days > MAX_DAYS:
            raise OmsGraphQLError(
                OmsGraphQLErrorCode.INVALID_ARGUMENTS,
                f"A range of 1 to {MAX_DAYS + 1} days, gte before lte.",
            )
        return promise_keeping(tenant_id=tenant.pk, gte=range.gte, lte=range.lte)

    @staticmethod
    def resolve_delivery_promise(
        root: Any,
        info: GraphQLResolveInfo,
        channel: str,
        lines: list[Any],
        address: Any = None,
        pickup_location_id: str | None = None,
    ) -> list[ServicePromise]:
        tenant = storefront_tenant(info)
        if (address is None) == (pickup_location_id is None):
            raise OmsGraphQLError(
                OmsGraphQLErrorCode.INVALID_ARGUMENTS, "Give an address or a pickup location."
            )
        wanted = wanted_lines(lines)
        spend_entities(info, len(wanted))
        now = timezone.now()
        if pickup_location_id is not None:
            found = pickup_promise(
                tenant_id=tenant.pk,
                channel_slug=channel,
                lines=wanted,
                location_id=pickup_location_id,
                now=now,
            )
            return [found] if found is not None else []
        return shipping_promises(
            tenant_id=tenant.pk,
            channel_slug=channel,
            lines=wanted,
            destination=destination_address(address),
            now=now,
        )
