"""Storefront reads: availability for shoppers, and a signed-in customer's own orders.

Availability needs no credentials: an anonymous caller names its shop with the
``Saleor-Api-Url`` header (a customer token or an API key carries its tenant already). Orders
are a customer's own only, by their Saleor user ID (never by email: see ``customer_owns``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import graphene
from django.conf import settings
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.graphql.auth import ViewerKind
from saleor_oms_plugin.graphql.context import viewer_of
from saleor_oms_plugin.graphql.core.budget import spend_entities
from saleor_oms_plugin.graphql.core.pagination import (
    OmsCountableConnection,
    connection_args,
    connection_from_queryset,
)
from saleor_oms_plugin.graphql.errors import OmsGraphQLError, OmsGraphQLErrorCode, PermissionDenied
from saleor_oms_plugin.graphql.federation.availability import (
    PickupStock,
    VariantStock,
    sorted_by_distance,
    variant_stock_loader,
)
from saleor_oms_plugin.graphql.federation.types import (
    OmsGeoPointInput,
    OmsPickupLocation,
    OmsTimelineEvent,
    OmsVariantAvailability,
    OrderEntity,
)
from saleor_oms_plugin.graphql.federation.types import OmsOrderExtension as _Extension
from saleor_oms_plugin.graphql.orders.loaders import prime_orders
from saleor_oms_plugin.graphql.permissions import storefront_tenant
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.orders.models import Order


def _capped(ids: list[str], what: str) -> list[str]:
    limit: int = settings.GRAPHQL_MAX_PAGE_SIZE
    if len(ids) > limit:
        raise OmsGraphQLError(
            OmsGraphQLErrorCode.INVALID_ARGUMENTS, f"At most {limit} {what} per request."
        )
    return ids


class OmsPickupLineInput(graphene.InputObjectType):
    variant_id = graphene.ID(required=True, description="Saleor's ProductVariant ID.")
    quantity = graphene.Int(required=True)


class OmsPickupLine(graphene.ObjectType):
    variant_id = graphene.String(required=True)
    quantity = graphene.Int(required=True, description="Units asked for.")
    available = graphene.Int(required=True, description="Units the location has.")


@dataclass(frozen=True)
class PickupOption:
    location: Location
    distance_km: float | None
    lines: list[OmsPickupLine]

    @property
    def complete(self) -> bool:
        return all(line.available >= line.quantity for line in self.lines)


class OmsPickupOption(graphene.ObjectType):
    location = graphene.Field(graphene.NonNull(OmsPickupLocation))
    distance_km = graphene.Float(description="From the point asked about; null without one.")
    complete = graphene.Boolean(
        required=True, description="Every line can be collected here in full."
    )
    lines = graphene.List(graphene.NonNull(OmsPickupLine), required=True)

    @staticmethod
    def resolve_complete(root: PickupOption, info: GraphQLResolveInfo) -> bool:
        return root.complete


def pickup_options(stocks: list[VariantStock], wanted: dict[str, int]) -> list[PickupOption]:
    """Per click & collect location, what it holds of each wanted line."""
    by_location: dict[int, dict[str, int]] = {}
    locations: dict[int, Location] = {}
    for stock in stocks:
        for pickup in stock.pickups:
            locations[pickup.location.pk] = pickup.location
            by_location.setdefault(pickup.location.pk, {})[stock.variant_id] = pickup.available
    return [
        PickupOption(
            location=locations[pk],
            distance_km=None,
            lines=[
                OmsPickupLine(variant_id=vid, quantity=qty, available=held.get(vid, 0))
                for vid, qty in wanted.items()
            ],
        )
        for pk, held in by_location.items()
    ]


def _ordered(options: list[PickupOption], near: Any) -> list[PickupOption]:
    distances: dict[int, float | None] = {}
    if near is not None:
        probes = [PickupStock(option.location, 0) for option in options]
        for probe in sorted_by_distance(probes, near.latitude, near.longitude):
            distances[probe.location.pk] = probe.distance_km
    placed = [
        PickupOption(option.location, distances.get(option.location.pk), option.lines)
        for option in options
    ]
    return sorted(
        placed,
        key=lambda o: (
            not o.complete,
            o.distance_km is None,
            o.distance_km or 0.0,
            o.location.name,
        ),
    )


class OmsCustomerOrder(graphene.ObjectType):
    """One of the signed-in customer's orders, as the OMS follows it."""

    saleor_id = graphene.String(required=True, description="Saleor's Order ID.")
    number = graphene.String(required=True)
    status = graphene.String(required=True)
    created_at = graphene.DateTime(required=True)
    currency = graphene.String(required=True)
    total_gross = graphene.Decimal(required=True)
    timeline = graphene.List(graphene.NonNull(OmsTimelineEvent), required=True)

    @staticmethod
    def resolve_created_at(root: Order, info: GraphQLResolveInfo) -> Any:
        return root.saleor_created_at

    @staticmethod
    def resolve_timeline(root: Order, info: GraphQLResolveInfo) -> Any:
        entity = OrderEntity(root.saleor_id, root, viewer_of(info))
        return _Extension.resolve_timeline(entity, info)


class OmsCustomerOrderConnection(OmsCountableConnection):
    class Meta:
        node = OmsCustomerOrder


class StorefrontQueries(graphene.ObjectType):
    variant_availability = graphene.List(
        OmsVariantAvailability,
        required=True,
        channel=graphene.String(required=True, description="The channel slug."),
        variant_ids=graphene.List(graphene.NonNull(graphene.ID), required=True),
        description="Availability of each variant in the channel, in the order asked (null "
        "for an unknown channel). Anonymous callers send Saleor-Api-Url.",
    )
    pickup_availability = graphene.List(
        graphene.NonNull(OmsPickupOption),
        required=True,
        channel=graphene.String(required=True),
        lines=graphene.List(graphene.NonNull(OmsPickupLineInput), required=True),
        near=OmsGeoPointInput(),
        first=graphene.Int(),
        description="Where a cart can be collected: click & collect locations of the channel, "
        "those holding every line first, then nearest first. Anonymous callers send "
        "Saleor-Api-Url.",
    )
    my_orders = graphene.Field(
        graphene.NonNull(OmsCustomerOrderConnection),
        description="The signed-in customer's orders, newest first, with their timelines.",
        **connection_args(),
    )

    @staticmethod
    def resolve_variant_availability(
        root: Any, info: GraphQLResolveInfo, channel: str, variant_ids: list[str]
    ) -> list[VariantStock | None]:
        tenant = storefront_tenant(info)
        ids = _capped(list(variant_ids), "variants")
        spend_entities(info, len(ids))
        loader = variant_stock_loader(info, tenant)
        loader.prime((vid, channel) for vid in ids)
        return [loader.load((vid, channel)) for vid in ids]

    @staticmethod
    def resolve_pickup_availability(
        root: Any,
        info: GraphQLResolveInfo,
        channel: str,
        lines: list[Any],
        near: Any = None,
        first: int | None = None,
    ) -> list[PickupOption]:
        tenant = storefront_tenant(info)
        wanted: dict[str, int] = {}
        for line in lines:
            if line.quantity < 1:
                raise OmsGraphQLError(
                    OmsGraphQLErrorCode.INVALID_ARGUMENTS, "Quantities must be at least 1."
                )
            wanted[line.variant_id] = wanted.get(line.variant_id, 0) + line.quantity
        _capped(list(wanted), "lines")
        spend_entities(info, len(wanted))
        loader = variant_stock_loader(info, tenant)
        loader.prime((vid, channel) for vid in wanted)
        stocks = [loader.load((vid, channel)) for vid in wanted]
        options = _ordered(pickup_options([s for s in stocks if s is not None], wanted), near)
        return options[: max(first, 0)] if first is not None else options

    @staticmethod
    def resolve_my_orders(
        root: Any, info: GraphQLResolveInfo, first: int | None = None, after: str | None = None
    ) -> OmsCustomerOrderConnection:
        viewer = viewer_of(info)
        if viewer.kind is not ViewerKind.CUSTOMER or viewer.tenant is None:
            raise PermissionDenied(["a customer access token"])
        owned = Order.objects.none()
        if viewer.user_id:
            owned = Order.objects.filter(tenant_id=viewer.tenant.pk, user_id=viewer.user_id)
        page = connection_from_queryset(
            owned.order_by("-saleor_created_at", "-pk"),
            OmsCustomerOrderConnection,
            first=first,
            after=after,
        )
        prime_orders(info, (edge.node for edge in page.edges))
        return page
