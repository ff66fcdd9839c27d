"""Delivery promises as the API shows them: dates, the countdown, where from, the sentence."""

from __future__ import annotations

import datetime as dt
from typing import Any

import graphene
from django.conf import settings
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.delivery.storefront_promise import ServicePromise
from saleor_oms_plugin.graphql.errors import OmsGraphQLError, OmsGraphQLErrorCode
from saleor_oms_plugin.routing.model import Address


class OmsPromiseLineInput(graphene.InputObjectType):
    variant_id = graphene.ID(required=True, description="Saleor's ProductVariant ID.")
    quantity = graphene.Int(required=True)


class OmsPromiseDestinationInput(graphene.InputObjectType):
    country = graphene.String(required=True, description="ISO 3166-1 alpha-2 code.")
    postal_code = graphene.String()
    city = graphene.String()
    country_area = graphene.String(description="State or province code, as Saleor's.")


class OmsDeliveryPromise(graphene.ObjectType):
    service_code = graphene.String(description="Null: collection at the location.")
    service_name = graphene.String(required=True)
    complete = graphene.Boolean(
        required=True, description="Every line has a promise (in stock and within reach)."
    )
    ship_date = graphene.Date(description="The day the last parcel leaves (location's date).")
    earliest = graphene.Date(description="The earliest day the whole order arrives.")
    latest = graphene.Date(description="The latest day the whole order arrives.")
    order_by = graphene.DateTime(description="Ordering before this keeps the promise.")
    countdown_minutes = graphene.Int(description="Minutes left until ``orderBy``.")
    ships_from = graphene.List(
        graphene.NonNull(graphene.String), required=True, description="Location names."
    )
    sentence = graphene.String(
        description='In English: "Order within 2 h 10 min, get it Thursday 3 Dec from Los '
        'Angeles". Null when the promise is not complete.'
    )

    @staticmethod
    def resolve_complete(root: ServicePromise, info: GraphQLResolveInfo) -> bool:
        return root.promise.complete

    @staticmethod
    def resolve_ship_date(root: ServicePromise, info: GraphQLResolveInfo) -> dt.date | None:
        return root.promise.ship_date if root.promise.complete else None

    @staticmethod
    def resolve_earliest(root: ServicePromise, info: GraphQLResolveInfo) -> dt.date | None:
        delivery = root.promise.delivery
        return delivery.earliest if delivery and root.promise.complete else None

    @staticmethod
    def resolve_latest(root: ServicePromise, info: GraphQLResolveInfo) -> dt.date | None:
        delivery = root.promise.delivery
        return delivery.latest if delivery and root.promise.complete else None

    @staticmethod
    def resolve_order_by(root: ServicePromise, info: GraphQLResolveInfo) -> dt.datetime | None:
        return root.promise.order_by if root.promise.complete else None

    @staticmethod
    def resolve_countdown_minutes(root: ServicePromise, info: GraphQLResolveInfo) -> int | None:
        countdown = root.promise.countdown
        return countdown.total_minutes if countdown and root.promise.complete else None

    @staticmethod
    def resolve_ships_from(root: ServicePromise, info: GraphQLResolveInfo) -> list[str]:
        return list(dict.fromkeys(s.location_name for s in root.promise.shipments))


def wanted_lines(lines: list[Any]) -> dict[str, int]:
    """Units per variant (repeated variants add up); at least one line, each at least 1."""
    wanted: dict[str, int] = {}
    for line in lines:
        if line.quantity < 1:
            raise OmsGraphQLError(
                OmsGraphQLErrorCode.INVALID_ARGUMENTS, "Quantities must be at least 1."
            )
        wanted[line.variant_id] = wanted.get(line.variant_id, 0) + line.quantity
    if not wanted:
        raise OmsGraphQLError(OmsGraphQLErrorCode.INVALID_ARGUMENTS, "Give at least one line.")
    if len(wanted) > settings.GRAPHQL_MAX_PAGE_SIZE:
        raise OmsGraphQLError(
            OmsGraphQLErrorCode.INVALID_ARGUMENTS,
            f"At most {settings.GRAPHQL_MAX_PAGE_SIZE} lines per request.",
        )
    return wanted


def destination_address(address: Any) -> Address:
    country = str(address.country or "").strip().upper()
    if len(country) != 2 or not country.isalpha():
        raise OmsGraphQLError(
            OmsGraphQLErrorCode.INVALID_ARGUMENTS, "country is a two-letter ISO code."
        )
    return Address(
        country=country,
        postal_code=str(address.postal_code or "").strip()[:20],
        city=str(address.city or "").strip()[:100],
        country_area=str(address.country_area or "").strip()[:50],
    )
