"""Federation types: Saleor's ``Order`` and ``ProductVariant`` as extended by the OMS, and the
``_Any`` / ``_Entity`` / ``_Service`` types of the Apollo Federation subgraph spec.

``Order`` and ``ProductVariant`` keep Saleor's names and keys (the gateway joins on them); what
the OMS adds hangs off one field, ``oms``, whose types carry the ``Oms`` prefix.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import graphene
from django.utils import timezone
from graphql import GraphQLResolveInfo, value_from_ast_untyped

from saleor_oms_plugin.delivery.storefront_promise import ServicePromise, shipping_promises
from saleor_oms_plugin.graphql.auth import Viewer
from saleor_oms_plugin.graphql.delivery.promises import (
    OmsDeliveryPromise,
    OmsPromiseDestinationInput,
    destination_address,
)
from saleor_oms_plugin.graphql.errors import OmsGraphQLError, OmsGraphQLErrorCode, PermissionDenied
from saleor_oms_plugin.graphql.federation.availability import (
    PickupStock,
    VariantStock,
    sorted_by_distance,
    variant_stock_loader,
)
from saleor_oms_plugin.graphql.federation.timeline import (
    TimelineEvent,
    TimelineKind,
    order_timeline,
)
from saleor_oms_plugin.graphql.orders.loaders import order_loader
from saleor_oms_plugin.graphql.permissions import (
    MANAGE_ORDERS,
    may_manage_orders,
    storefront_tenant,
)
from saleor_oms_plugin.orders.models import Order
from saleor_oms_plugin.tenants.models import Tenant

_ROUTING_PLAN = "saleor_oms_plugin.graphql.fulfilment.types.OmsRoutingPlan"
_ORDER_FLAG = "saleor_oms_plugin.graphql.rules.types.OmsOrderFlag"
_STAFF_TASK = "saleor_oms_plugin.graphql.rules.types.OmsStaffTask"
_RETURN_REQUEST = "saleor_oms_plugin.graphql.returns.types.OmsReturnRequest"
_OMS_ORDER = "saleor_oms_plugin.graphql.orders.types.OmsOrder"


class FederationAny(graphene.Scalar):
    """Any JSON value (an entity representation: ``__typename`` and the key fields)."""

    class Meta:
        name = "_Any"

    @staticmethod
    def serialize(value: Any) -> Any:
        return value

    @staticmethod
    def parse_value(value: Any) -> Any:
        return value

    @staticmethod
    def parse_literal(node: Any, _variables: Any = None) -> Any:
        return value_from_ast_untyped(node, _variables)


class FederationService(graphene.ObjectType):
    sdl = graphene.String(description="This subgraph's schema with federation directives.")

    class Meta:
        name = "_Service"


# -- Order ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrderEntity:
    """A Saleor order the viewer may see, with our read model of it."""

    id: str
    order: Order
    viewer: Viewer

    @property
    def staff(self) -> bool:
        return may_manage_orders(self.viewer)


OmsTimelineEventKind = graphene.Enum(
    "OmsTimelineEventKind", [(kind.name, kind.value) for kind in TimelineKind]
)


class OmsTimelineEvent(graphene.ObjectType):
    kind = graphene.Field(OmsTimelineEventKind, required=True)
    at = graphene.DateTime(required=True)
    message = graphene.String(required=True)
    location_name = graphene.String(required=True, description="Empty when not about a place.")
    tracking_number = graphene.String(required=True)

    class Meta:
        description = "A step of an order's fulfilment, for customers and staff alike."

    @staticmethod
    def resolve_kind(root: TimelineEvent, info: GraphQLResolveInfo) -> str:
        return root.kind.value


def _staff_only(entity: OrderEntity) -> None:
    if not entity.staff:
        raise PermissionDenied([MANAGE_ORDERS])


class OmsOrderExtension(graphene.ObjectType):
    """What the OMS knows about a Saleor order. Customers see their own order's ``timeline``,
    ``status`` and ``returns``; routing, flags and tasks need MANAGE_ORDERS."""

    status = graphene.String(required=True, description="Saleor's OrderStatus, as last synced.")
    timeline = graphene.List(graphene.NonNull(OmsTimelineEvent), required=True)
    returns = graphene.List(
        graphene.NonNull(_RETURN_REQUEST), required=True, description="Newest first."
    )
    routing_plan = graphene.Field(
        _ROUTING_PLAN, description="The newest routing plan, with its reasons. MANAGE_ORDERS."
    )
    routing_plans = graphene.List(
        graphene.NonNull(_ROUTING_PLAN), description="Every plan, newest first. MANAGE_ORDERS."
    )
    flags = graphene.List(
        graphene.NonNull(_ORDER_FLAG), description="Active flags set by rules. MANAGE_ORDERS."
    )
    staff_tasks = graphene.List(
        graphene.NonNull(_STAFF_TASK), description="Tasks rules opened for it. MANAGE_ORDERS."
    )
    order = graphene.Field(_OMS_ORDER, description="The full read model. MANAGE_ORDERS.")

    @staticmethod
    def resolve_status(root: OrderEntity, info: GraphQLResolveInfo) -> str:
        return root.order.status

    @staticmethod
    def resolve_timeline(root: OrderEntity, info: GraphQLResolveInfo) -> list[TimelineEvent]:
        pk = root.order.pk
        return order_timeline(
            root.order,
            fulfillments=order_loader(info, "order_fulfillments").load(pk),
            plans=order_loader(info, "order_plans").load(pk),
            returns=order_loader(info, "order_returns").load(pk),
        )

    @staticmethod
    def resolve_returns(root: OrderEntity, info: GraphQLResolveInfo) -> list[Any]:
        return order_loader(info, "order_returns").load(root.order.pk)

    @staticmethod
    def resolve_routing_plan(root: OrderEntity, info: GraphQLResolveInfo) -> Any:
        _staff_only(root)
        plans = order_loader(info, "order_plans").load(root.order.pk)
        return plans[0] if plans else None

    @staticmethod
    def resolve_routing_plans(root: OrderEntity, info: GraphQLResolveInfo) -> list[Any]:
        _staff_only(root)
        return order_loader(info, "order_plans").load(root.order.pk)

    @staticmethod
    def resolve_flags(root: OrderEntity, info: GraphQLResolveInfo) -> list[Any]:
        _staff_only(root)
        return order_loader(info, "order_flags").load(root.order.pk)

    @staticmethod
    def resolve_staff_tasks(root: OrderEntity, info: GraphQLResolveInfo) -> list[Any]:
        _staff_only(root)
        return order_loader(info, "order_tasks").load(root.order.pk)

    @staticmethod
    def resolve_order(root: OrderEntity, info: GraphQLResolveInfo) -> Order:
        _staff_only(root)
        return root.order


class OrderEntityType(graphene.ObjectType):
    id = graphene.ID(required=True, description="Saleor's Order ID.")
    oms = graphene.Field(OmsOrderExtension, description="The OMS view of this order.")

    class Meta:
        name = "Order"
        description = "Saleor's order (key: id), extended by the OMS."

    @classmethod
    def is_type_of(cls, root: Any, info: GraphQLResolveInfo) -> bool:
        return isinstance(root, OrderEntity)

    @staticmethod
    def resolve_oms(root: OrderEntity, info: GraphQLResolveInfo) -> OrderEntity:
        return root


# -- ProductVariant ---------------------------------------------------------------------------


@dataclass(frozen=True)
class VariantEntity:
    id: str
    channel: str | None
    tenant: Tenant


class OmsGeoPointInput(graphene.InputObjectType):
    latitude = graphene.Float(required=True)
    longitude = graphene.Float(required=True)


class OmsPickupLocation(graphene.ObjectType):
    """A click & collect location as a storefront may show it (no private details)."""

    saleor_id = graphene.String(required=True, description="Saleor's Warehouse ID.")
    name = graphene.String(required=True)
    street_address_1 = graphene.String(required=True)
    city = graphene.String(required=True)
    postal_code = graphene.String(required=True)
    country = graphene.String(required=True)
    latitude = graphene.Float()
    longitude = graphene.Float()
    click_and_collect_option = graphene.String(required=True, description="LOCAL or ALL.")


class OmsPickupAvailability(graphene.ObjectType):
    location = graphene.Field(graphene.NonNull(OmsPickupLocation))
    available = graphene.Int(required=True, description="Units that can be collected there.")
    in_stock = graphene.Boolean(required=True)
    distance_km = graphene.Float(description="From the point asked about; null without one.")

    @staticmethod
    def resolve_location(root: PickupStock, info: GraphQLResolveInfo) -> Any:
        return root.location

    @staticmethod
    def resolve_in_stock(root: PickupStock, info: GraphQLResolveInfo) -> bool:
        return root.available > 0


class OmsVariantAvailability(graphene.ObjectType):
    variant_id = graphene.String(required=True, description="Saleor's ProductVariant ID.")
    channel = graphene.String(required=True, description="The channel slug.")
    available_to_sell = graphene.Int(
        required=True, description="Units the channel may sell (after its buffer)."
    )
    in_stock = graphene.Boolean(required=True)
    pickup_locations = graphene.List(
        graphene.NonNull(OmsPickupAvailability),
        required=True,
        near=OmsGeoPointInput(description="Sort by distance from this point (nearest first)."),
        in_stock_only=graphene.Boolean(default_value=False),
        first=graphene.Int(description="At most this many locations."),
        description="Click & collect locations of the channel and what each has.",
    )

    delivery_promise = graphene.List(
        graphene.NonNull(OmsDeliveryPromise),
        required=True,
        near=OmsPromiseDestinationInput(required=True),
        quantity=graphene.Int(default_value=1),
        description="When this many units would arrive at that address, one promise per "
        'delivery service: "Order within 2 h 10 min, get it Thursday 3 Dec from Los Angeles".',
    )

    @staticmethod
    def resolve_in_stock(root: VariantStock, info: GraphQLResolveInfo) -> bool:
        return root.available_to_sell > 0

    @staticmethod
    def resolve_delivery_promise(
        root: VariantStock, info: GraphQLResolveInfo, near: Any, quantity: int = 1
    ) -> list[ServicePromise]:
        if quantity < 1:
            raise OmsGraphQLError(
                OmsGraphQLErrorCode.INVALID_ARGUMENTS, "The quantity must be at least 1."
            )
        return shipping_promises(
            tenant_id=storefront_tenant(info).pk,
            channel_slug=root.channel,
            lines={root.variant_id: quantity},
            destination=destination_address(near),
            now=timezone.now(),
        )

    @staticmethod
    def resolve_pickup_locations(
        root: VariantStock,
        info: GraphQLResolveInfo,
        near: Any = None,
        in_stock_only: bool = False,
        first: int | None = None,
    ) -> list[PickupStock]:
        pickups = [p for p in root.pickups if p.available > 0] if in_stock_only else root.pickups
        if near is not None:
            pickups = sorted_by_distance(pickups, near.latitude, near.longitude)
        if first is not None:
            pickups = pickups[: max(first, 0)]
        return pickups


class ProductVariantEntityType(graphene.ObjectType):
    id = graphene.ID(required=True, description="Saleor's ProductVariant ID.")
    channel = graphene.String(description="The channel slug the variant was asked in.")
    oms = graphene.Field(
        OmsVariantAvailability,
        description="Availability in this channel and per pickup location; null for a channel "
        "the OMS does not know.",
    )

    class Meta:
        name = "ProductVariant"
        description = "Saleor's product variant (key: id channel), extended by the OMS."

    @classmethod
    def is_type_of(cls, root: Any, info: GraphQLResolveInfo) -> bool:
        return isinstance(root, VariantEntity)

    @staticmethod
    def resolve_oms(root: VariantEntity, info: GraphQLResolveInfo) -> VariantStock | None:
        if not root.channel:
            return None
        stock: VariantStock | None = variant_stock_loader(info, root.tenant).load(
            (root.id, root.channel)
        )
        return stock


class FederationEntity(graphene.Union):
    class Meta:
        name = "_Entity"
        types = (OrderEntityType, ProductVariantEntityType)
