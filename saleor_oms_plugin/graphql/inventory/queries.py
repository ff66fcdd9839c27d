"""Stock by location, variant and channel; movements; available-to-sell; reservations;
feeds and transfers (their own modules)."""

from __future__ import annotations

from typing import Any

import graphene
from django.db.models import Prefetch
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.graphql.core.enums import enum_value
from saleor_oms_plugin.graphql.core.location_scope import ByArgument, location_scope_declare
from saleor_oms_plugin.graphql.core.pagination import connection_args, connection_from_queryset
from saleor_oms_plugin.graphql.core.relay import pk_from_global_id
from saleor_oms_plugin.graphql.errors import OmsGraphQLError, OmsGraphQLErrorCode
from saleor_oms_plugin.graphql.inventory.feeds import FeedQueries
from saleor_oms_plugin.graphql.inventory.transfers import TransferQueries
from saleor_oms_plugin.graphql.inventory.types import (
    RESERVATION_PERMISSIONS,
    STOCK_PERMISSIONS,
    OmsChannel,
    OmsChannelAvailability,
    OmsReservation,
    OmsReservationConnection,
    OmsReservationState,
    OmsStockLevelConnection,
    OmsStockMovementConnection,
    OmsStockMovementReason,
)
from saleor_oms_plugin.graphql.locations.types import location_pk_or_none
from saleor_oms_plugin.graphql.permissions import require_any
from saleor_oms_plugin.inventory.models import (
    Channel,
    ChannelLocation,
    Reservation,
    ReservationLine,
)
from saleor_oms_plugin.inventory.selectors import (
    ChannelAvailability,
    channel_availability,
    channel_get,
    channel_list,
    reservation_get,
    reservation_list,
    stock_level_list,
    stock_movement_list,
)

MAX_VARIANTS = 100


class InventoryQueries(FeedQueries, TransferQueries, graphene.ObjectType):
    stock_levels = graphene.Field(
        graphene.NonNull(OmsStockLevelConnection),
        description="Stock levels by variant, then location. Requires MANAGE_PRODUCTS.",
        **connection_args(
            variant_id=graphene.String(description="Saleor ProductVariant ID."),
            location_id=graphene.ID(description="An OmsLocation ID."),
            sku=graphene.String(),
            channel=graphene.String(description="Only locations serving this channel (slug)."),
        ),
    )
    stock_movements = graphene.Field(
        graphene.NonNull(OmsStockMovementConnection),
        description="Stock movements, newest first. Requires MANAGE_PRODUCTS.",
        **connection_args(
            variant_id=graphene.String(),
            location_id=graphene.ID(),
            reason=OmsStockMovementReason(),
        ),
    )
    inventory_channels = graphene.List(
        graphene.NonNull(OmsChannel),
        required=True,
        description="Channels and the locations serving them. MANAGE_PRODUCTS or MANAGE_ORDERS.",
    )
    channel_availability = graphene.List(
        graphene.NonNull(OmsChannelAvailability),
        required=True,
        channel=graphene.String(required=True),
        variant_ids=graphene.List(graphene.NonNull(graphene.String), required=True),
        description=f"Available-to-sell of up to {MAX_VARIANTS} variants in a channel. "
        "MANAGE_PRODUCTS or MANAGE_ORDERS.",
    )
    reservations = graphene.Field(
        graphene.NonNull(OmsReservationConnection),
        description="Reservations, newest first. MANAGE_ORDERS or MANAGE_PRODUCTS.",
        **connection_args(state=OmsReservationState(), channel=graphene.String()),
    )
    reservation = graphene.Field(
        OmsReservation,
        id=graphene.ID(),
        reference=graphene.String(),
        description="One reservation by exactly one of: id, reference.",
    )

    @staticmethod
    def resolve_stock_levels(
        root: Any,
        info: GraphQLResolveInfo,
        first: int | None = None,
        after: str | None = None,
        variant_id: str | None = None,
        location_id: str | None = None,
        sku: str | None = None,
        channel: str | None = None,
    ) -> OmsStockLevelConnection:
        _, tenant = require_any(info, STOCK_PERMISSIONS)
        stocks = stock_level_list(
            tenant_id=tenant.pk,
            variant_ids=[variant_id] if variant_id else None,
            location_id=location_pk_or_none(location_id),
            sku=sku,
            channel_slug=channel,
        )
        return connection_from_queryset(stocks, OmsStockLevelConnection, first=first, after=after)

    @staticmethod
    def resolve_stock_movements(
        root: Any,
        info: GraphQLResolveInfo,
        first: int | None = None,
        after: str | None = None,
        variant_id: str | None = None,
        location_id: str | None = None,
        reason: str | None = None,
    ) -> OmsStockMovementConnection:
        _, tenant = require_any(info, STOCK_PERMISSIONS)
        movements = stock_movement_list(
            tenant_id=tenant.pk,
            variant_id=variant_id,
            location_id=location_pk_or_none(location_id),
            reason=enum_value(reason),
        ).select_related("stock__location")
        return connection_from_queryset(
            movements, OmsStockMovementConnection, first=first, after=after
        )

    @staticmethod
    def resolve_inventory_channels(root: Any, info: GraphQLResolveInfo) -> list[Channel]:
        _, tenant = require_any(info, RESERVATION_PERMISSIONS)
        served = ChannelLocation.objects.select_related("location")
        channels = channel_list(tenant_id=tenant.pk)
        return list(channels.prefetch_related(Prefetch("channel_locations", queryset=served)))

    @staticmethod
    def resolve_channel_availability(
        root: Any, info: GraphQLResolveInfo, channel: str, variant_ids: list[str]
    ) -> list[ChannelAvailability]:
        _, tenant = require_any(info, RESERVATION_PERMISSIONS)
        if len(variant_ids) > MAX_VARIANTS:
            raise OmsGraphQLError(
                OmsGraphQLErrorCode.INVALID_ARGUMENTS, f"At most {MAX_VARIANTS} variants."
            )
        found = channel_get(tenant_id=tenant.pk, slug=channel)
        if found is None:
            raise OmsGraphQLError(OmsGraphQLErrorCode.INVALID_ARGUMENTS, f"No channel {channel!r}.")
        return channel_availability(tenant_id=tenant.pk, channel=found, variant_ids=variant_ids)

    @staticmethod
    def resolve_reservations(
        root: Any,
        info: GraphQLResolveInfo,
        first: int | None = None,
        after: str | None = None,
        state: str | None = None,
        channel: str | None = None,
    ) -> OmsReservationConnection:
        _, tenant = require_any(info, RESERVATION_PERMISSIONS)
        lines = ReservationLine.objects.select_related("stock__location")
        reservations = reservation_list(
            tenant_id=tenant.pk, state=enum_value(state), channel_slug=channel
        ).prefetch_related(Prefetch("lines", queryset=lines))
        return connection_from_queryset(
            reservations, OmsReservationConnection, first=first, after=after
        )

    @staticmethod
    def resolve_reservation(
        root: Any, info: GraphQLResolveInfo, id: str | None = None, reference: str | None = None
    ) -> Reservation | None:
        _, tenant = require_any(info, RESERVATION_PERMISSIONS)
        if (id is None) == (reference is None):
            raise OmsGraphQLError(
                OmsGraphQLErrorCode.INVALID_ARGUMENTS, "Give exactly one of id and reference."
            )
        pk = pk_from_global_id(id, expected_type="OmsReservation") if id is not None else None
        return reservation_get(tenant_id=tenant.pk, pk=pk, reference=reference)


location_scope_declare(InventoryQueries, stock_levels=ByArgument(), stock_movements=ByArgument())
