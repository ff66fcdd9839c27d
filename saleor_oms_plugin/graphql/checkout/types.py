"""Carts for staff: what each open checkout holds, where, and until when. MANAGE_ORDERS (a
cart names its customer)."""

from __future__ import annotations

from typing import Any

import graphene
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.checkout.models import Cart
from saleor_oms_plugin.checkout.selectors import cart_get
from saleor_oms_plugin.graphql.core.pagination import OmsCountableConnection
from saleor_oms_plugin.graphql.core.prefetch import related_rows
from saleor_oms_plugin.graphql.core.relay import Node
from saleor_oms_plugin.graphql.inventory.types import OmsReservationLine
from saleor_oms_plugin.graphql.permissions import MANAGE_ORDERS, require_any
from saleor_oms_plugin.inventory.models import Reservation, ReservationLine

PERMISSIONS = (MANAGE_ORDERS,)

OmsCartState = graphene.Enum("OmsCartState", [(s.name, s.value) for s in Cart.State])


class OmsCartLine(graphene.ObjectType):
    variant_id = graphene.String(required=True, description="Saleor ProductVariant ID.")
    sku = graphene.String(required=True)
    quantity = graphene.Int(required=True)

    @staticmethod
    def resolve_variant_id(root: dict[str, Any], info: GraphQLResolveInfo) -> str:
        return str(root.get("variant_id", ""))

    @staticmethod
    def resolve_sku(root: dict[str, Any], info: GraphQLResolveInfo) -> str:
        return str(root.get("sku") or "")

    @staticmethod
    def resolve_quantity(root: dict[str, Any], info: GraphQLResolveInfo) -> int:
        return int(root.get("quantity", 0))


class OmsCart(graphene.ObjectType):
    checkout_id = graphene.String(required=True, description="Saleor Checkout ID.")
    token = graphene.String(required=True)
    channel = graphene.String(required=True, description="The checkout's channel slug.")
    state = graphene.Field(graphene.NonNull(OmsCartState))
    email = graphene.String(required=True)
    currency = graphene.String(required=True)
    total_gross = graphene.Decimal(required=True)
    lines = graphene.List(
        graphene.NonNull(OmsCartLine), required=True, description="The checkout's lines."
    )
    holding = graphene.Boolean(required=True, description="Whether the cart holds stock now.")
    held = graphene.List(
        graphene.NonNull(OmsReservationLine),
        required=True,
        description="The units it holds, per location (empty when it holds none).",
    )
    hold_problem = graphene.String(
        required=True, description="Why its current lines are not held (short stock…); or empty."
    )
    reservation_reference = graphene.String(description="The reservation holding its lines.")
    order_id = graphene.String(description="The Saleor order placed from it, if any.")
    last_change_at = graphene.DateTime(description="Saleor's last change of the checkout.")
    expires_at = graphene.DateTime(description="When it expires unless it changes again.")
    abandoned_at = graphene.DateTime(description="When checkout.abandoned was published.")
    created_at = graphene.DateTime(required=True)

    class Meta:
        interfaces = (Node,)
        description = "A Saleor checkout followed by the OMS, and the stock it holds."

    @classmethod
    def is_type_of(cls, root: Any, info: GraphQLResolveInfo) -> bool:
        return isinstance(root, Cart)

    @classmethod
    def get_node(cls, info: GraphQLResolveInfo, id: int) -> Cart | None:
        _, tenant = require_any(info, PERMISSIONS)
        return cart_get(tenant_id=tenant.pk, pk=id)

    @staticmethod
    def resolve_channel(root: Cart, info: GraphQLResolveInfo) -> str:
        return root.channel_slug

    @staticmethod
    def resolve_state(root: Cart, info: GraphQLResolveInfo) -> str:
        return str(root.state)

    @staticmethod
    def resolve_lines(root: Cart, info: GraphQLResolveInfo) -> list[dict[str, Any]]:
        return [line for line in root.lines if isinstance(line, dict)]

    @staticmethod
    def resolve_holding(root: Cart, info: GraphQLResolveInfo) -> bool:
        return _holding(root) is not None

    @staticmethod
    def resolve_held(root: Cart, info: GraphQLResolveInfo) -> list[ReservationLine]:
        reservation = _holding(root)
        if reservation is None:
            return []
        return related_rows(
            reservation, "lines", lambda rows: rows.select_related("stock__location")
        )

    @staticmethod
    def resolve_reservation_reference(root: Cart, info: GraphQLResolveInfo) -> str | None:
        return root.reservation.reference if root.reservation is not None else None

    @staticmethod
    def resolve_order_id(root: Cart, info: GraphQLResolveInfo) -> str | None:
        return root.order_saleor_id or None

    @staticmethod
    def resolve_last_change_at(root: Cart, info: GraphQLResolveInfo) -> Any:
        return root.saleor_updated_at


def _holding(cart: Cart) -> Reservation | None:
    reservation = cart.reservation
    if reservation is None or reservation.state != Reservation.State.RESERVED:
        return None
    return reservation


class OmsCartConnection(OmsCountableConnection):
    class Meta:
        node = OmsCart
        strict_types = True
