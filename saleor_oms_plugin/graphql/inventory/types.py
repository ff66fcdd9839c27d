"""GraphQL types of the stock ledger, channels and reservations (``Oms`` prefix, Relay nodes).

Stock and movements need MANAGE_PRODUCTS (Saleor's permission for stock). Reservations and
available-to-sell are also open to MANAGE_ORDERS: the integrations that take orders of outside
channels hold that one.
"""

from __future__ import annotations

from typing import Any

import graphene
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.graphql.core.mutations import PayloadErrors, error_type
from saleor_oms_plugin.graphql.core.pagination import OmsCountableConnection
from saleor_oms_plugin.graphql.core.prefetch import related_rows
from saleor_oms_plugin.graphql.core.relay import Node
from saleor_oms_plugin.graphql.locations.types import OmsLocation
from saleor_oms_plugin.graphql.permissions import MANAGE_ORDERS, MANAGE_PRODUCTS, require_any
from saleor_oms_plugin.inventory.error_codes import InventoryErrorCode
from saleor_oms_plugin.inventory.errors import InventoryError
from saleor_oms_plugin.inventory.models import (
    Channel,
    Reservation,
    ReservationLine,
    StockLevel,
    StockMovement,
)
from saleor_oms_plugin.inventory.selectors import reservation_get, stock_level_get

STOCK_PERMISSIONS = (MANAGE_PRODUCTS,)
RESERVATION_PERMISSIONS = (MANAGE_ORDERS, MANAGE_PRODUCTS)

OmsInventoryErrorCode = graphene.Enum(
    "OmsInventoryErrorCode", [(code.name, code.value) for code in InventoryErrorCode]
)
OmsInventoryError: Any = error_type("OmsInventoryError", OmsInventoryErrorCode)
INVENTORY_ERRORS = PayloadErrors(OmsInventoryError, InventoryError)
OmsStockMovementReason = graphene.Enum(
    "OmsStockMovementReason", [(r.name, r.value) for r in StockMovement.Reason]
)
OmsReservationState = graphene.Enum(
    "OmsReservationState", [(s.name, s.value) for s in Reservation.State]
)
OmsChannelBufferKind = graphene.Enum(
    "OmsChannelBufferKind", [(k.name, k.value) for k in Channel.BufferKind]
)


class OmsStockLevel(graphene.ObjectType):
    location = graphene.Field(graphene.NonNull(OmsLocation))
    variant_id = graphene.String(required=True, description="Saleor ProductVariant ID.")
    sku = graphene.String(required=True)
    on_hand = graphene.Int(required=True, description="Physically there, allocated included.")
    allocated = graphene.Int(required=True, description="Allocated by Saleor to its orders.")
    reserved = graphene.Int(required=True, description="Held by OMS reservations.")
    held = graphene.Int(required=True, description="Held by carts (not written back to Saleor).")
    safety_stock = graphene.Int(required=True)
    available = graphene.Int(
        required=True, description="max(0, onHand - allocated - reserved - held - safetyStock)."
    )
    saleor_quantity = graphene.Int(description="Saleor's quantity as last agreed; null: none.")
    version = graphene.Int(required=True)
    updated_at = graphene.DateTime(required=True)

    class Meta:
        interfaces = (Node,)
        description = "Stock of one variant at one location."

    @classmethod
    def is_type_of(cls, root: Any, info: GraphQLResolveInfo) -> bool:
        return isinstance(root, StockLevel)

    @classmethod
    def get_node(cls, info: GraphQLResolveInfo, id: int) -> StockLevel | None:
        _, tenant = require_any(info, STOCK_PERMISSIONS)
        return stock_level_get(tenant_id=tenant.pk, pk=id)


class OmsStockLevelConnection(OmsCountableConnection):
    class Meta:
        node = OmsStockLevel
        strict_types = True


class OmsStockMovement(graphene.ObjectType):
    stock = graphene.Field(graphene.NonNull(OmsStockLevel))
    reason = graphene.Field(graphene.NonNull(OmsStockMovementReason))
    source = graphene.String(required=True, description="Where it started: saleor, oms, api…")
    reference = graphene.String(required=True)
    note = graphene.String(required=True)
    on_hand_delta = graphene.Int(required=True)
    allocated_delta = graphene.Int(required=True)
    reserved_delta = graphene.Int(required=True)
    held_delta = graphene.Int(required=True)
    safety_stock_delta = graphene.Int(required=True)
    on_hand_after = graphene.Int(required=True)
    allocated_after = graphene.Int(required=True)
    reserved_after = graphene.Int(required=True)
    held_after = graphene.Int(required=True)
    safety_stock_after = graphene.Int(required=True)
    actor_type = graphene.String(required=True)
    actor_id = graphene.String(required=True)
    created_at = graphene.DateTime(required=True)

    class Meta:
        interfaces = (Node,)
        description = "One change of a stock level (append-only)."

    @staticmethod
    def resolve_reason(root: StockMovement, info: GraphQLResolveInfo) -> str:
        # Model fields may hold Django choice members; graphene's enums want the plain value.
        return str(root.reason)

    @classmethod
    def is_type_of(cls, root: Any, info: GraphQLResolveInfo) -> bool:
        return isinstance(root, StockMovement)

    @classmethod
    def get_node(cls, info: GraphQLResolveInfo, id: int) -> StockMovement | None:
        _, tenant = require_any(info, STOCK_PERMISSIONS)
        return StockMovement.objects.filter(tenant_id=tenant.pk, pk=id).first()


class OmsStockMovementConnection(OmsCountableConnection):
    class Meta:
        node = OmsStockMovement
        strict_types = True


class OmsChannel(graphene.ObjectType):
    slug = graphene.String(required=True)
    name = graphene.String(required=True)
    saleor_id = graphene.String(description="Saleor's Channel ID; null for outside channels.")
    buffer_kind = graphene.Field(graphene.NonNull(OmsChannelBufferKind))
    buffer_value = graphene.Int(required=True, description="Units (FIXED) or percent.")
    locations = graphene.List(
        graphene.NonNull(OmsLocation), required=True, description="In priority order."
    )

    @staticmethod
    def resolve_buffer_kind(root: Channel, info: GraphQLResolveInfo) -> str:
        return str(root.buffer_kind)

    @staticmethod
    def resolve_saleor_id(root: Channel, info: GraphQLResolveInfo) -> str | None:
        return root.saleor_id or None

    @staticmethod
    def resolve_locations(root: Channel, info: GraphQLResolveInfo) -> list[Any]:
        served = related_rows(
            root, "channel_locations", lambda rows: rows.select_related("location")
        )
        return [channel_location.location for channel_location in served]


class OmsChannelAvailability(graphene.ObjectType):
    variant_id = graphene.String(required=True)
    channel = graphene.String(required=True, description="The channel's slug.")
    on_hand = graphene.Int(required=True)
    allocated = graphene.Int(required=True)
    reserved = graphene.Int(required=True)
    safety_stock = graphene.Int(required=True)
    available = graphene.Int(required=True, description="Summed over the channel's locations.")
    available_to_sell = graphene.Int(required=True, description="After the channel's buffer.")

    @staticmethod
    def resolve_channel(root: Any, info: GraphQLResolveInfo) -> str:
        return str(root.channel_slug)


class OmsReservationLine(graphene.ObjectType):
    variant_id = graphene.String(required=True)
    quantity = graphene.Int(required=True)
    location = graphene.Field(graphene.NonNull(OmsLocation))

    @staticmethod
    def resolve_location(root: ReservationLine, info: GraphQLResolveInfo) -> Any:
        return root.stock.location


class OmsReservation(graphene.ObjectType):
    reference = graphene.String(required=True, description="The caller's idempotency key.")
    channel = graphene.String(required=True, description="The channel's slug.")
    state = graphene.Field(graphene.NonNull(OmsReservationState))
    expires_at = graphene.DateTime()
    order_id = graphene.String(description="The Saleor order it is held for, if any.")
    created_at = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    lines = graphene.List(graphene.NonNull(OmsReservationLine), required=True)

    class Meta:
        interfaces = (Node,)
        description = "Units held for an order of an outside channel."

    @classmethod
    def is_type_of(cls, root: Any, info: GraphQLResolveInfo) -> bool:
        return isinstance(root, Reservation)

    @classmethod
    def get_node(cls, info: GraphQLResolveInfo, id: int) -> Reservation | None:
        _, tenant = require_any(info, RESERVATION_PERMISSIONS)
        return reservation_get(tenant_id=tenant.pk, pk=id)

    @staticmethod
    def resolve_state(root: Reservation, info: GraphQLResolveInfo) -> str:
        return str(root.state)

    @staticmethod
    def resolve_channel(root: Reservation, info: GraphQLResolveInfo) -> str:
        return root.channel.slug

    @staticmethod
    def resolve_order_id(root: Reservation, info: GraphQLResolveInfo) -> str | None:
        return root.order_saleor_id or None

    @staticmethod
    def resolve_lines(root: Reservation, info: GraphQLResolveInfo) -> list[ReservationLine]:
        return related_rows(root, "lines", lambda rows: rows.select_related("stock__location"))


class OmsReservationConnection(OmsCountableConnection):
    class Meta:
        node = OmsReservation
        strict_types = True
