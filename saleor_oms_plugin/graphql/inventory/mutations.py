"""Stock adjustments, safety stock, channel buffers and reservations: thin edges over services."""

from __future__ import annotations

from typing import Any

import graphene

from saleor_oms_plugin.graphql.auth import ViewerKind
from saleor_oms_plugin.graphql.core.enums import enum_value
from saleor_oms_plugin.graphql.core.location_scope import ByArgument
from saleor_oms_plugin.graphql.core.mutations import Caller, mutation
from saleor_oms_plugin.graphql.core.relay import pk_from_global_id
from saleor_oms_plugin.graphql.inventory.feeds import FeedMutations
from saleor_oms_plugin.graphql.inventory.transfers import TransferMutations
from saleor_oms_plugin.graphql.inventory.types import (
    INVENTORY_ERRORS,
    RESERVATION_PERMISSIONS,
    STOCK_PERMISSIONS,
    OmsChannel,
    OmsChannelBufferKind,
    OmsReservation,
    OmsStockLevel,
    OmsStockMovement,
)
from saleor_oms_plugin.graphql.locations.types import location_pk
from saleor_oms_plugin.graphql.permissions import Requires
from saleor_oms_plugin.inventory import reservations, services
from saleor_oms_plugin.inventory.models import Channel, StockMovement
from saleor_oms_plugin.inventory.reservations import RequestedLine

STOCK = Requires(*STOCK_PERMISSIONS)
RESERVATIONS = Requires(*RESERVATION_PERMISSIONS)

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
    errors = INVENTORY_ERRORS.field()


class OmsSafetyStockSetInput(graphene.InputObjectType):
    location_id = graphene.ID(required=True)
    variant_id = graphene.String(required=True)
    quantity = graphene.Int(required=True)


class OmsSafetyStockSetPayload(graphene.ObjectType):
    stock_level = graphene.Field(OmsStockLevel)
    errors = INVENTORY_ERRORS.field()


class OmsChannelBufferSetInput(graphene.InputObjectType):
    channel = graphene.String(required=True, description="The channel's slug.")
    kind = OmsChannelBufferKind(required=True)
    value = graphene.Int(required=True, description="Units (FIXED) or percent (PERCENT).")


class OmsChannelBufferSetPayload(graphene.ObjectType):
    channel = graphene.Field(OmsChannel)
    errors = INVENTORY_ERRORS.field()


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
    errors = INVENTORY_ERRORS.field()


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
    errors = INVENTORY_ERRORS.field()


class InventoryMutations(FeedMutations, TransferMutations, graphene.ObjectType):
    @mutation(
        OmsStockAdjustPayload,
        access=STOCK,
        errors=INVENTORY_ERRORS,
        location=ByArgument("input.location_id"),
        description="Add or remove units on hand; Saleor follows.",
        input=OmsStockAdjustInput(required=True),
    )
    def stock_adjust(caller: Caller, input: dict[str, Any]) -> OmsStockAdjustPayload:
        movement = services.stock_adjust(
            tenant_id=caller.tenant.pk,
            location_id=location_pk(input["location_id"]),
            variant_id=input["variant_id"],
            delta=input["delta"],
            actor=caller.actor(),
            reason=StockMovement.Reason(enum_value(input["reason"])),
            source="api" if caller.viewer.kind is ViewerKind.API_KEY else "oms",
            reference=input["reference"],
            note=input["note"],
        )
        return OmsStockAdjustPayload(stock_level=movement.stock, movement=movement, errors=[])

    @mutation(
        OmsSafetyStockSetPayload,
        access=STOCK,
        errors=INVENTORY_ERRORS,
        location=ByArgument("input.location_id"),
        description="Units never offered for sale.",
        input=OmsSafetyStockSetInput(required=True),
    )
    def safety_stock_set(caller: Caller, input: dict[str, Any]) -> OmsSafetyStockSetPayload:
        stock = services.safety_stock_set(
            tenant_id=caller.tenant.pk,
            location_id=location_pk(input["location_id"]),
            variant_id=input["variant_id"],
            quantity=input["quantity"],
            actor=caller.actor(),
        )
        return OmsSafetyStockSetPayload(stock_level=stock, errors=[])

    @mutation(
        OmsChannelBufferSetPayload,
        access=STOCK,
        errors=INVENTORY_ERRORS,
        description="Hold back part of what a channel is shown.",
        input=OmsChannelBufferSetInput(required=True),
    )
    def channel_buffer_set(caller: Caller, input: dict[str, Any]) -> OmsChannelBufferSetPayload:
        channel = services.channel_buffer_set(
            tenant_id=caller.tenant.pk,
            slug=input["channel"],
            kind=Channel.BufferKind(enum_value(input["kind"])),
            value=input["value"],
            actor=caller.actor(),
        )
        return OmsChannelBufferSetPayload(channel=channel, errors=[])

    @mutation(
        OmsChannelDefinePayload,
        access=STOCK,
        errors=INVENTORY_ERRORS,
        description="Create a channel or set the locations serving it, in priority order; "
        "Saleor's channel import keeps outside locations mapped here.",
        input=OmsChannelDefineInput(required=True),
    )
    def channel_define(caller: Caller, input: dict[str, Any]) -> OmsChannelDefinePayload:
        channel = services.channel_define(
            tenant_id=caller.tenant.pk,
            slug=input["slug"],
            name=input["name"],
            location_ids=[location_pk(gid) for gid in input["location_ids"]],
            actor=caller.actor(),
        )
        return OmsChannelDefinePayload(channel=channel, errors=[])

    @mutation(
        OmsReservationPayload,
        access=RESERVATIONS,
        errors=INVENTORY_ERRORS,
        description="Reserve every line or none (INSUFFICIENT_STOCK).",
        input=OmsReservationCreateInput(required=True),
    )
    def reservation_create(caller: Caller, input: dict[str, Any]) -> OmsReservationPayload:
        reservation = reservations.reservation_create(
            tenant_id=caller.tenant.pk,
            channel_slug=input["channel"],
            reference=input["reference"],
            lines=[RequestedLine(line["variant_id"], line["quantity"]) for line in input["lines"]],
            actor=caller.actor(),
            expires_at=input.get("expires_at"),
            order_saleor_id=input.get("order_id") or "",
        )
        return OmsReservationPayload(reservation=reservation, errors=[])

    @mutation(
        OmsReservationPayload,
        access=RESERVATIONS,
        errors=INVENTORY_ERRORS,
        description="The order was cancelled: give the units back.",
        id=graphene.ID(required=True),
        reason=graphene.String(default_value=""),
    )
    def reservation_release(caller: Caller, id: str, reason: str = "") -> OmsReservationPayload:
        pk = pk_from_global_id(id, expected_type="OmsReservation")
        reservation = reservations.reservation_release(
            tenant_id=caller.tenant.pk, reservation_id=pk, actor=caller.actor(), reason=reason
        )
        return OmsReservationPayload(reservation=reservation, errors=[])

    @mutation(
        OmsReservationPayload,
        access=RESERVATIONS,
        errors=INVENTORY_ERRORS,
        description="The order was fulfilled: the units leave on hand.",
        id=graphene.ID(required=True),
    )
    def reservation_convert(caller: Caller, id: str) -> OmsReservationPayload:
        pk = pk_from_global_id(id, expected_type="OmsReservation")
        reservation = reservations.reservation_convert(
            tenant_id=caller.tenant.pk, reservation_id=pk, actor=caller.actor()
        )
        return OmsReservationPayload(reservation=reservation, errors=[])

    @mutation(
        OmsReservationPayload,
        access=RESERVATIONS,
        errors=INVENTORY_ERRORS,
        description="Name the Saleor order a held reservation is for; its fulfilment then "
        "converts the reservation.",
        id=graphene.ID(required=True),
        order_id=graphene.String(required=True, description="Saleor's Order ID."),
    )
    def reservation_link_order(caller: Caller, id: str, order_id: str) -> OmsReservationPayload:
        pk = pk_from_global_id(id, expected_type="OmsReservation")
        reservation = reservations.reservation_link_order(
            tenant_id=caller.tenant.pk,
            reservation_id=pk,
            order_saleor_id=order_id,
            actor=caller.actor(),
        )
        return OmsReservationPayload(reservation=reservation, errors=[])
