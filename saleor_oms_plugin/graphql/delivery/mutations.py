"""Mutations of the delivery settings: thin edges over ``delivery.services``."""

from __future__ import annotations

import datetime as dt
from typing import Any

import graphene
from django.utils import timezone

from saleor_oms_plugin.delivery import services
from saleor_oms_plugin.delivery.errors import DeliveryError
from saleor_oms_plugin.delivery.sold_promises import sold_promise_delivered
from saleor_oms_plugin.graphql.core.mutations import Caller, PayloadErrors, mutation
from saleor_oms_plugin.graphql.core.relay import pk_from_global_id
from saleor_oms_plugin.graphql.delivery.queries import SETTINGS_PERMISSIONS
from saleor_oms_plugin.graphql.delivery.types import (
    OmsDeliveryError,
    OmsDeliveryService,
    OmsLocationDeliveryCalendar,
)
from saleor_oms_plugin.graphql.permissions import MANAGE_ORDERS, Requires

DELIVERY_ERRORS = PayloadErrors(OmsDeliveryError, DeliveryError)
SETTINGS = Requires(*SETTINGS_PERMISSIONS)


class OmsDeliveryServicePayload(graphene.ObjectType):
    errors = DELIVERY_ERRORS.field()
    service = graphene.Field(OmsDeliveryService)


class OmsDeliveryServiceDeletePayload(graphene.ObjectType):
    errors = DELIVERY_ERRORS.field()
    code = graphene.String()


class OmsLocationDeliveryCalendarPayload(graphene.ObjectType):
    errors = DELIVERY_ERRORS.field()
    calendar = graphene.Field(OmsLocationDeliveryCalendar)


class OmsDeliveryServiceInput(graphene.InputObjectType):
    name = graphene.String(description="Required when creating.")
    carrier = graphene.String()
    is_active = graphene.Boolean()
    channels = graphene.List(graphene.NonNull(graphene.String), description="Empty: all.")
    transit_bands = graphene.JSONString(
        description='Required when creating: [{"upToKm": 500, "minDays": 1, "maxDays": 2}, …, '
        '{"upToKm": null, …}], in the service\'s delivery days.'
    )
    delivery_weekdays = graphene.List(graphene.NonNull(graphene.Int), description="0 Monday.")
    holidays = graphene.List(graphene.NonNull(graphene.String), description="YYYY-MM-DD.")
    rates = graphene.JSONString(
        description='Required when creating: [{"currency": "USD", "upToKg": 1, "amount": '
        '"5.00"}, …]; the first band of the currency that takes the cart\'s weight applies.'
    )
    saleor_method_ids = graphene.List(
        graphene.NonNull(graphene.ID), description="Store shipping methods it carries."
    )
    position = graphene.Int()


class OmsOrderDeliveredPayload(graphene.ObjectType):
    errors = DELIVERY_ERRORS.field()
    delivered_on = graphene.Date()
    delivery_kept = graphene.Boolean(
        description="Within the promised window (null: the promise had no window)."
    )


class OmsLocationDeliveryCalendarInput(graphene.InputObjectType):
    working_weekdays = graphene.List(graphene.NonNull(graphene.Int), description="0 Monday.")
    holidays = graphene.List(graphene.NonNull(graphene.String), description="YYYY-MM-DD.")
    handling_amount = graphene.Int()
    handling_unit = graphene.String(description="business_days or hours.")


class DeliveryMutations(graphene.ObjectType):
    @mutation(
        OmsDeliveryServicePayload,
        access=SETTINGS,
        errors=DELIVERY_ERRORS,
        description="Create a delivery service or change some of its settings.",
        code=graphene.String(required=True),
        input=OmsDeliveryServiceInput(required=True),
    )
    def delivery_service_save(
        caller: Caller, code: str, input: dict[str, Any]
    ) -> OmsDeliveryServicePayload:
        service = services.delivery_service_save(
            tenant_id=caller.tenant.pk, code=code, changes=dict(input), actor=caller.actor()
        )
        return OmsDeliveryServicePayload(service=service, errors=[])

    @mutation(
        OmsDeliveryServiceDeletePayload,
        access=SETTINGS,
        errors=DELIVERY_ERRORS,
        description="Stop offering a delivery service and forget it.",
        code=graphene.String(required=True),
    )
    def delivery_service_delete(caller: Caller, code: str) -> OmsDeliveryServiceDeletePayload:
        services.delivery_service_delete(
            tenant_id=caller.tenant.pk, code=code, actor=caller.actor()
        )
        return OmsDeliveryServiceDeletePayload(code=code, errors=[])

    @mutation(
        OmsLocationDeliveryCalendarPayload,
        access=SETTINGS,
        errors=DELIVERY_ERRORS,
        description="Change a location's working days, holidays or handling time.",
        location_id=graphene.ID(required=True),
        input=OmsLocationDeliveryCalendarInput(required=True),
    )
    def location_delivery_calendar_update(
        caller: Caller, location_id: str, input: dict[str, Any]
    ) -> OmsLocationDeliveryCalendarPayload:
        pk = pk_from_global_id(location_id, expected_type="OmsLocation")
        calendar = services.location_delivery_calendar_update(
            tenant_id=caller.tenant.pk, location_id=pk, changes=dict(input), actor=caller.actor()
        )
        return OmsLocationDeliveryCalendarPayload(calendar=calendar, errors=[])

    @mutation(
        OmsOrderDeliveredPayload,
        access=Requires(MANAGE_ORDERS),
        errors=DELIVERY_ERRORS,
        description="Record the day an order arrived (Saleor has no such state): what a "
        "carrier's tracking or a 3PL reports. It is held against the order's promise; "
        "recording again corrects it.",
        order_id=graphene.ID(required=True, description="An OmsOrder ID."),
        delivered_on=graphene.Date(required=True),
    )
    def order_delivered_record(
        caller: Caller, order_id: str, delivered_on: dt.date
    ) -> OmsOrderDeliveredPayload:
        promise = sold_promise_delivered(
            tenant_id=caller.tenant.pk,
            order_id=pk_from_global_id(order_id, expected_type="OmsOrder"),
            delivered_on=delivered_on,
            actor=caller.actor(),
            today=timezone.now().date(),
        )
        return OmsOrderDeliveredPayload(
            delivered_on=promise.delivered_on, delivery_kept=promise.delivery_kept, errors=[]
        )
