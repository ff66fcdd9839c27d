"""GraphQL types of the order read model (``Oms`` prefix: Saleor's schema has ``Order``)."""

from __future__ import annotations

from typing import Any

import graphene
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.graphql.core.pagination import OmsCountableConnection
from saleor_oms_plugin.graphql.core.relay import Node, instances_of
from saleor_oms_plugin.graphql.orders.loaders import order_loader, order_with_relations
from saleor_oms_plugin.graphql.permissions import MANAGE_ORDERS, require_any
from saleor_oms_plugin.orders.models import Fulfillment, FulfillmentLine, Order, OrderLine
from saleor_oms_plugin.orders.selectors import order_get


class OmsAddress(graphene.ObjectType):
    """An address as Saleor sent it (country as its ISO code)."""

    first_name = graphene.String()
    last_name = graphene.String()
    company_name = graphene.String()
    street_address_1 = graphene.String(name="streetAddress1")
    street_address_2 = graphene.String(name="streetAddress2")
    city = graphene.String()
    city_area = graphene.String()
    postal_code = graphene.String()
    country = graphene.String()
    country_area = graphene.String()
    phone = graphene.String()


# Addresses are stored with Saleor's camelCase keys (see orders/payload.py).
_ADDRESS_KEYS = {
    "first_name": "firstName",
    "last_name": "lastName",
    "company_name": "companyName",
    "street_address_1": "streetAddress1",
    "street_address_2": "streetAddress2",
    "city": "city",
    "city_area": "cityArea",
    "postal_code": "postalCode",
    "country": "country",
    "country_area": "countryArea",
    "phone": "phone",
}


def _address_resolver(attribute: str) -> Any:
    def resolve(root: Order, info: GraphQLResolveInfo) -> OmsAddress | None:
        stored = getattr(root, attribute)
        if not stored:
            return None
        return OmsAddress(**{name: stored.get(key) for name, key in _ADDRESS_KEYS.items()})

    return resolve


class OmsOrderLine(graphene.ObjectType):
    saleor_id = graphene.String(required=True)
    product_name = graphene.String(required=True)
    variant_name = graphene.String(required=True)
    sku = graphene.String(required=True)
    variant_id = graphene.String(required=True, description="Saleor's ProductVariant ID.")
    product_id = graphene.String(required=True, description="Saleor's Product ID.")
    quantity = graphene.Int(required=True)
    quantity_fulfilled = graphene.Int(required=True)
    quantity_to_fulfill = graphene.Int(required=True)
    is_shipping_required = graphene.Boolean(required=True)
    unit_price_gross = graphene.Decimal(required=True)
    unit_weight_kg = graphene.Decimal()

    class Meta:
        description = "A line of an order, as last reported by Saleor."


class OmsFulfillmentLine(graphene.ObjectType):
    saleor_id = graphene.String(required=True)
    order_line_saleor_id = graphene.String(required=True)
    quantity = graphene.Int(required=True)


class OmsFulfillment(graphene.ObjectType):
    saleor_id = graphene.String(required=True)
    fulfillment_order = graphene.Int()
    status = graphene.String(required=True, description="Saleor's FulfillmentStatus value.")
    tracking_number = graphene.String(required=True)
    warehouse_id = graphene.String(required=True, description="Saleor's Warehouse ID.")
    warehouse_name = graphene.String(required=True)
    created_at = graphene.DateTime()
    lines = graphene.List(graphene.NonNull(OmsFulfillmentLine), required=True)

    @staticmethod
    def resolve_created_at(root: Fulfillment, info: GraphQLResolveInfo) -> Any:
        return root.saleor_created_at

    @staticmethod
    def resolve_lines(root: Fulfillment, info: GraphQLResolveInfo) -> list[FulfillmentLine]:
        return list(root.lines.all())


_ROUTING_PLAN = "saleor_oms_plugin.graphql.fulfilment.types.OmsRoutingPlan"


class OmsOrder(graphene.ObjectType):
    saleor_id = graphene.String(required=True, description="Saleor's Order ID.")
    number = graphene.String(required=True)
    # Strings, not enums: the read model keeps what Saleor sends, and a value added by a newer
    # Saleor must not make whole pages fail to serialise.
    status = graphene.String(required=True, description="Saleor's OrderStatus value.")
    charge_status = graphene.String(required=True)
    authorize_status = graphene.String(required=True)
    origin = graphene.String(required=True)
    is_paid = graphene.Boolean(required=True)
    channel_slug = graphene.String(required=True)
    currency = graphene.String(required=True)
    total_gross = graphene.Decimal(required=True)
    total_net = graphene.Decimal(required=True)
    total_charged = graphene.Decimal(required=True)
    weight_grams = graphene.Decimal(required=True)
    user_email = graphene.String(required=True)
    user_id = graphene.String(required=True, description="Saleor's User ID; empty for guests.")
    customer_note = graphene.String(required=True)
    delivery_method_type = graphene.String(required=True)
    delivery_method_name = graphene.String(required=True)
    shipping_address = graphene.Field(OmsAddress, resolver=_address_resolver("shipping_address"))
    billing_address = graphene.Field(OmsAddress, resolver=_address_resolver("billing_address"))
    created_at = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    paid_at = graphene.DateTime()
    lines = graphene.List(graphene.NonNull(OmsOrderLine), required=True)
    fulfillments = graphene.List(graphene.NonNull(OmsFulfillment), required=True)
    # By import path: the fulfilment types refer back to OmsOrder.
    routing_plans = graphene.List(
        graphene.NonNull(_ROUTING_PLAN),
        required=True,
        description="Routing plans of this order, newest first (with their reasons).",
    )
    routing_plan = graphene.Field(_ROUTING_PLAN, description="The newest routing plan.")
    backorders = graphene.List(
        graphene.NonNull("saleor_oms_plugin.graphql.fulfilment.types.OmsBackorder"),
        required=True,
        description=(
            "Units routing could place nowhere, per line: waiting for stock, held as a "
            "pre-order, or routed later (with the promise given then), oldest first."
        ),
    )
    flags = graphene.List(
        graphene.NonNull("saleor_oms_plugin.graphql.rules.types.OmsOrderFlag"),
        required=True,
        description="Active OMS flags (set by trigger rules), oldest first.",
    )

    class Meta:
        interfaces = (Node,)
        description = "An order of the viewer's Saleor, from the OMS read model."

    is_type_of = instances_of(Order)

    @classmethod
    def get_node(cls, info: GraphQLResolveInfo, id: int) -> Order | None:
        _, tenant = require_any(info, [MANAGE_ORDERS])
        return order_with_relations(info, order_get(tenant_id=tenant.pk, pk=id))

    @staticmethod
    def resolve_created_at(root: Order, info: GraphQLResolveInfo) -> Any:
        return root.saleor_created_at

    @staticmethod
    def resolve_updated_at(root: Order, info: GraphQLResolveInfo) -> Any:
        return root.saleor_updated_at

    @staticmethod
    def resolve_lines(root: Order, info: GraphQLResolveInfo) -> list[OrderLine]:
        return list(root.lines.all())

    @staticmethod
    def resolve_fulfillments(root: Order, info: GraphQLResolveInfo) -> list[Fulfillment]:
        return list(root.fulfillments.all())

    @staticmethod
    def resolve_routing_plans(root: Order, info: GraphQLResolveInfo) -> list[Any]:
        return order_loader(info, "order_plans").load(root.pk)

    @staticmethod
    def resolve_routing_plan(root: Order, info: GraphQLResolveInfo) -> Any:
        plans = order_loader(info, "order_plans").load(root.pk)
        return plans[0] if plans else None

    @staticmethod
    def resolve_backorders(root: Order, info: GraphQLResolveInfo) -> list[Any]:
        return order_loader(info, "order_backorders").load(root.pk)

    @staticmethod
    def resolve_flags(root: Order, info: GraphQLResolveInfo) -> list[Any]:
        return order_loader(info, "order_flags").load(root.pk)


class OmsOrderConnection(OmsCountableConnection):
    class Meta:
        node = OmsOrder
        strict_types = True
