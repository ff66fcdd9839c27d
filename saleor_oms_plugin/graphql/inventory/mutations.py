"""Stock adjustments, safety stock, channel buffers and reservations: thin edges over services."""

from __future__ import annotations

from typing import Any

import graphene
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.graphql.auth import ViewerKind
from saleor_oms_plugin.graphql.core.enums import enum_value
from saleor_oms_plugin.graphql.core.mutations import errors_from
from saleor_oms_plugin.graphql.core.relay import pk_from_global_id
from saleor_oms_plugin.graphql.inventory.feeds import FeedMutations
from saleor_oms_plugin.graphql.inventory.transfers import TransferMutations
from saleor_oms_plugin.graphql.inventory.types import (
    RESERVATION_PERMISSIONS,
    STOCK_PERMISSIONS,
    OmsChannel,
    OmsChannelBufferKind,
    OmsInventoryError,
    OmsReservation,
    OmsStockLevel,
    OmsStockMovement,
)
from saleor_oms_plugin.graphql.locations.types import location_pk
from saleor_oms_plugin.graphql.permissions import require_any
from saleor_oms_plugin.inventory.errors import InventoryError
from saleor_oms_plugin.inventory.models import Channel, StockMovement
from saleor_oms_plugin.inventory.reservations import (
    RequestedLine,
    reservation_convert,
    reservation_create,
    reservation_link_order,
    reservation_release,
)
from saleor_oms_plugin.inventory.services import (
    channel_buffer_set,
    channel_define,
    safety_stock_set,
    stock_adjust,
)

# Who may change stock or hold it: staff, Dashboard users and integrations; never customers.
WRITER_KINDS = (ViewerKind.STAFF, ViewerKind.APP_EXTENSION, ViewerKind.API_KEY)

OmsStockAdjustmentReason = graphene.Enum(
    "OmsStockAdjustmentReason",
    [
        (reason.name, reason.value)
        for reason in (
            StockMovement.Reason.MANUAL_ADJUSTMENT,
            StockMovement.Reason.RETURN_RESTOCK,
            StockMovement.Reason.EXTERNAL_FEED,
        )
    ],
)


class OmsStockAdjustInput(graphene.InputObjectType):
    location_id = graphene.ID(required=True, description="An OmsLocation ID.")
    variant_id = graphene.String(required=True, description="Saleor ProductVariant ID.")
    delta = graphene.Int(required=True, description="Units added (negative: removed).")
    reason = OmsStockAdjustmentReason(default_value=StockMovement.Reason.MANUAL_ADJUSTMENT.value)
    reference = graphene.String(default_value="")
    note = graphene.String(default_value="")


class OmsStockAdjustPayload(graphene.ObjectType):
    stock_level = graphene.Field(OmsStockLevel)
    movement = graphene.Field(OmsStockMovement)
    errors = graphene.List(graphene.NonNull(OmsInventoryError), required=True)


class OmsSafetyStockSetInput(graphene.InputObjectType):
    location_id = graphene.ID(required=True)
    variant_id = graphene.String(required=True)
    quantity = graphene.Int(required=True)


class OmsSafetyStockSetPayload(graphene.ObjectType):
    stock_level = graphene.Field(OmsStockLevel)
    errors = graphene.List(graphene.NonNull(OmsInventoryError), required=True)


class OmsChannelBufferSetInput(graphene.InputObjectType):
    channel = graphene.String(required=True, description="The channel's slug.")
    kind = OmsChannelBufferKind(required=True)
    value = graphene.Int(required=True, description="Units (FIXED) or percent (PERCENT).")


class OmsChannelBufferSetPayload(graphene.ObjectType):
    channel = graphene.Field(OmsChannel)
    errors = graphene.List(graphene.NonNull(OmsInventoryError), required=True)


class OmsChannelDefineInput(graphene.InputObjectType):
    slug = graphene.String(required=True)
    name = graphene.String(default_value="")
    location_ids = graphene.List(
        graphene.NonNull(graphene.ID),
        required=True,
        description="OmsLocation IDs in priority order (outside locations included).",
    )


class OmsChannelDefinePayload(graphene.ObjectType):
    channel = graphene.Field(OmsChannel)
    errors = graphene.List(graphene.NonNull(OmsInventoryError), required=True)


class OmsReservationLineInput(graphene.InputObjectType):
    variant_id = graphene.String(required=True)
    quantity = graphene.Int(required=True)


class OmsReservationCreateInput(graphene.InputObjectType):
    channel = graphene.String(required=True, description="The channel's slug.")
    reference = graphene.String(
        required=True, description="Idempotency key, e.g. the outside order's number."
    )
    lines = graphene.List(graphene.NonNull(OmsReservationLineInput), required=True)
    expires_at = graphene.DateTime(description="Released by itself then (at most 30 days).")
    order_id = graphene.String(
        description="The Saleor order it is held for: that order's fulfilment converts it."
    )


class OmsReservationPayload(graphene.ObjectType):
    reservation = graphene.Field(OmsReservation)
    errors = graphene.List(graphene.NonNull(OmsInventoryError), required=True)


class InventoryMutations(FeedMutations, TransferMutations, graphene.ObjectType):
    stock_adjust = graphene.Field(
        graphene.NonNull(OmsStockAdjustPayload),
        input=OmsStockAdjustInput(required=True),
        description="Add or remove units on hand; Saleor follows. Requires MANAGE_PRODUCTS.",
    )
    safety_stock_set = graphene.Field(
        graphene.NonNull(OmsSafetyStockSetPayload),
        input=OmsSafetyStockSetInput(required=True),
        description="Units never offered for sale. Requires MANAGE_PRODUCTS.",
    )
    channel_buffer_set = graphene.Field(
        graphene.NonNull(OmsChannelBufferSetPayload),
        input=OmsChannelBufferSetInput(required=True),
        description="Hold back part of what a channel is shown. Requires MANAGE_PRODUCTS.",
    )
    channel_define = graphene.Field(
        graphene.NonNull(OmsChannelDefinePayload),
        input=OmsChannelDefineInput(required=True),
        description="Create a channel or set the locations serving it, in priority order; "
        "Saleor's channel import keeps outside locations mapped here. Requires MANAGE_PRODUCTS.",
    )
    reservation_create = graphene.Field(
        graphene.NonNull(OmsReservationPayload),
        input=OmsReservationCreateInput(required=True),
        description="Reserve every line or none (INSUFFICIENT_STOCK). MANAGE_ORDERS or "
        "MANAGE_PRODUCTS.",
    )
    reservation_release = graphene.Field(
        graphene.NonNull(OmsReservationPayload),
        id=graphene.ID(required=True),
        reason=graphene.String(default_value=""),
        description="The order was cancelled: give the units back.",
    )
    reservation_convert = graphene.Field(
        graphene.NonNull(OmsReservationPayload),
        id=graphene.ID(required=True),
        description="The order was fulfilled: the units leave on hand.",
    )
    reservation_link_order = graphene.Field(
        graphene.NonNull(OmsReservationPayload),
        id=graphene.ID(required=True),
        order_id=graphene.String(required=True, description="Saleor's Order ID."),
        description="Name the Saleor order a held reservation is for; its fulfilment then "
        "converts the reservation. MANAGE_ORDERS or MANAGE_PRODUCTS.",
    )

    @staticmethod
    def resolve_stock_adjust(
        root: Any, info: GraphQLResolveInfo, input: dict[str, Any]
    ) -> OmsStockAdjustPayload:
        viewer, tenant = require_any(info, STOCK_PERMISSIONS, kinds=WRITER_KINDS)
        try:
            movement = stock_adjust(
                tenant_id=tenant.pk,
                location_id=location_pk(input["location_id"]),
                variant_id=input["variant_id"],
                delta=input["delta"],
                actor=viewer.actor(),
                reason=StockMovement.Reason(enum_value(input["reason"])),
                source="api" if viewer.kind is ViewerKind.API_KEY else "oms",
                reference=input["reference"],
                note=input["note"],
            )
        except InventoryError as exc:
            return OmsStockAdjustPayload(errors=errors_from(exc, OmsInventoryError))
        return OmsStockAdjustPayload(stock_level=movement.stock, movement=movement, errors=[])

    @staticmethod
    def resolve_safety_stock_set(
        root: Any, info: GraphQLResolveInfo, input: dict[str, Any]
    ) -> OmsSafetyStockSetPayload:
        viewer, tenant = require_any(info, STOCK_PERMISSIONS, kinds=WRITER_KINDS)
        try:
            stock = safety_stock_set(
                tenant_id=tenant.pk,
                location_id=location_pk(input["location_id"]),
                variant_id=input["variant_id"],
                quantity=input["quantity"],
                actor=viewer.actor(),
            )
        except InventoryError as exc:
            return OmsSafetyStockSetPayload(errors=errors_from(exc, OmsInventoryError))
        return OmsSafetyStockSetPayload(stock_level=stock, errors=[])

    @staticmethod
    def resolve_channel_buffer_set(
        root: Any, info: GraphQLResolveInfo, input: dict[str, Any]
    ) -> OmsChannelBufferSetPayload:
        viewer, tenant = require_any(info, STOCK_PERMISSIONS, kinds=WRITER_KINDS)
        try:
            channel = channel_buffer_set(
                tenant_id=tenant.pk,
                slug=input["channel"],
                kind=Channel.BufferKind(enum_value(input["kind"])),
                value=input["value"],
                actor=viewer.actor(),
            )
        except InventoryError as exc:
            return OmsChannelBufferSetPayload(errors=errors_from(exc, OmsInventoryError))
        return OmsChannelBufferSetPayload(channel=channel, errors=[])

    @staticmethod
    def resolve_reservation_create(
        root: Any, info: GraphQLResolveInfo, input: dict[str, Any]
    ) -> OmsReservationPayload:
        viewer, tenant = require_any(info, RESERVATION_PERMISSIONS, kinds=WRITER_KINDS)
        try:
            reservation = reservation_create(
                tenant_id=tenant.pk,
                channel_slug=input["channel"],
                reference=input["reference"],
                lines=[
                    RequestedLine(line["variant_id"], line["quantity"]) for line in input["lines"]
                ],
                actor=viewer.actor(),
                expires_at=input.get("expires_at"),
                order_saleor_id=input.get("order_id") or "",
            )
        except InventoryError as exc:
            return OmsReservationPayload(errors=errors_from(exc, OmsInventoryError))
        return OmsReservationPayload(reservation=reservation, errors=[])

    @staticmethod
    def resolve_reservation_release(
        root: Any, info: GraphQLResolveInfo, id: str, reason: str = ""
    ) -> OmsReservationPayload:
        viewer, tenant = require_any(info, RESERVATION_PERMISSIONS, kinds=WRITER_KINDS)
        pk = pk_from_global_id(id, expected_type="OmsReservation")
        try:
            reservation = reservation_release(
                tenant_id=tenant.pk, reservation_id=pk, actor=viewer.actor(), reason=reason
            )
        except InventoryError as exc:
            return OmsReservationPayload(errors=errors_from(exc, OmsInventoryError))
        return OmsReservationPayload(reservation=reservation, errors=[])

    @staticmethod
    def resolve_reservation_convert(
        root: Any, info: GraphQLResolveInfo, id: str
    ) -> OmsReservationPayload:
        viewer, tenant = require_any(info, RESERVATION_PERMISSIONS, kinds=WRITER_KINDS)
        pk = pk_from_global_id(id, expected_type="OmsReservation")
        try:
            reservation = reservation_convert(
                tenant_id=tenant.pk, reservation_id=pk, actor=viewer.actor()
            )
        except InventoryError as exc:
            return OmsReservationPayload(errors=errors_from(exc, OmsInventoryError))
        return OmsReservationPayload(reservation=reservation, errors=[])

    @staticmethod
    def resolve_reservation_link_order(
        root: Any, info: GraphQLResolveInfo, id: str, order_id: str
    ) -> OmsReservationPayload:
        viewer, tenant = require_any(info, RESERVATION_PERMISSIONS, kinds=WRITER_KINDS)
        pk = pk_from_global_id(id, expected_type="OmsReservation")
        try:
            reservation = reservation_link_order(
                tenant_id=tenant.pk,
                reservation_id=pk,
                order_saleor_id=order_id,
                actor=viewer.actor(),
            )
        except InventoryError as exc:
            return OmsReservationPayload(errors=errors_from(exc, OmsInventoryError))
        return OmsReservationPayload(reservation=reservation, errors=[])

    @staticmethod
    def resolve_channel_define(
        root: Any, info: GraphQLResolveInfo, input: dict[str, Any]
    ) -> OmsChannelDefinePayload:
        viewer, tenant = require_any(info, STOCK_PERMISSIONS, kinds=WRITER_KINDS)
        try:
            channel = channel_define(
                tenant_id=tenant.pk,
                slug=input["slug"],
                name=input["name"],
                location_ids=[location_pk(gid) for gid in input["location_ids"]],
                actor=viewer.actor(),
            )
        except InventoryError as exc:
            return OmsChannelDefinePayload(errors=errors_from(exc, OmsInventoryError))
        return OmsChannelDefinePayload(channel=channel, errors=[])
