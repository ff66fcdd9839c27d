"""Delivery services, location calendars and delivery promises."""

from __future__ import annotations

import datetime as dt
from typing import Any

import graphene
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.delivery.error_codes import DeliveryErrorCode
from saleor_oms_plugin.delivery.models import DeliveryService, LocationDeliveryCalendar
from saleor_oms_plugin.graphql.core.mutations import error_type
from saleor_oms_plugin.graphql.locations.types import OmsLocation

OmsDeliveryErrorCode = graphene.Enum(
    "OmsDeliveryErrorCode", [(code.name, code.value) for code in DeliveryErrorCode]
)
OmsDeliveryError: Any = error_type("OmsDeliveryError", OmsDeliveryErrorCode)


class OmsTransitBand(graphene.ObjectType):
    up_to_km = graphene.Float(description="Null: the open-ended last band.")
    min_days = graphene.Int(required=True)
    max_days = graphene.Int(required=True)

    @staticmethod
    def resolve_up_to_km(root: dict[str, Any], info: GraphQLResolveInfo) -> float | None:
        return root.get("upToKm")

    @staticmethod
    def resolve_min_days(root: dict[str, Any], info: GraphQLResolveInfo) -> int:
        return int(root["minDays"])

    @staticmethod
    def resolve_max_days(root: dict[str, Any], info: GraphQLResolveInfo) -> int:
        return int(root["maxDays"])


class OmsDeliveryRate(graphene.ObjectType):
    currency = graphene.String(required=True)
    up_to_kg = graphene.Float(description="Null: the open-ended last band of the currency.")
    amount = graphene.Decimal(required=True)

    @staticmethod
    def resolve_up_to_kg(root: dict[str, Any], info: GraphQLResolveInfo) -> float | None:
        return root.get("upToKg")


class OmsDeliveryService(graphene.ObjectType):
    code = graphene.String(required=True, description="The method id Saleor gets.")
    name = graphene.String(required=True)
    carrier = graphene.String(required=True)
    is_active = graphene.Boolean(required=True)
    channels = graphene.List(
        graphene.NonNull(graphene.String), required=True, description="Empty: every channel."
    )
    transit_bands = graphene.List(graphene.NonNull(OmsTransitBand), required=True)
    delivery_weekdays = graphene.List(
        graphene.NonNull(graphene.Int), required=True, description="0 Monday … 6 Sunday."
    )
    holidays = graphene.List(graphene.NonNull(graphene.Date), required=True)
    rates = graphene.List(graphene.NonNull(OmsDeliveryRate), required=True)
    saleor_method_ids = graphene.List(
        graphene.NonNull(graphene.ID),
        required=True,
        description="Saleor shipping methods this service carries: the checkout filter holds "
        "them to their maximum delivery days.",
    )
    position = graphene.Int(required=True)
    updated_at = graphene.DateTime(required=True)

    @staticmethod
    def resolve_holidays(root: DeliveryService, info: GraphQLResolveInfo) -> list[dt.date]:
        return [dt.date.fromisoformat(day) for day in root.holidays]


class OmsLocationDeliveryCalendar(graphene.ObjectType):
    location = graphene.Field(graphene.NonNull(OmsLocation))
    working_weekdays = graphene.List(
        graphene.NonNull(graphene.Int), required=True, description="0 Monday … 6 Sunday."
    )
    holidays = graphene.List(graphene.NonNull(graphene.Date), required=True)
    handling_amount = graphene.Int(required=True)
    handling_unit = graphene.String(required=True, description="business_days or hours.")

    @staticmethod
    def resolve_holidays(root: LocationDeliveryCalendar, info: GraphQLResolveInfo) -> list[dt.date]:
        return [dt.date.fromisoformat(day) for day in root.holidays]


class OmsPromiseKeeping(graphene.ObjectType):
    location_name = graphene.String(required=True)
    service_code = graphene.String(
        required=True, description="Empty: orders whose shipping method no service carries."
    )
    promised = graphene.Int(required=True, description="Orders promised (not cancelled).")
    kept = graphene.Int(required=True, description="Every parcel left by the ship date.")
    broken = graphene.Int(required=True, description="Left later, or the day passed.")
    open = graphene.Int(required=True, description="Not decided yet.")
    kept_rate = graphene.Float(description="kept / (kept + broken); null while none decided.")
    delivered = graphene.Int(required=True, description="Arrivals recorded.")
    delivered_in_time = graphene.Int(
        required=True, description="Arrivals on or before the promised window's last day."
    )
    delivery_kept_rate = graphene.Float(
        description="deliveredInTime / delivered; null while no arrival is recorded."
    )
