"""The merchant's reporting currency, exchange rates and report schedules: thin edges over
the insights services. They are settings of the insights, which are order figures: MANAGE_ORDERS,
as the settings sections about orders (routing, rules) ask for."""

from __future__ import annotations

from typing import Any

import graphene

from saleor_oms_plugin.graphql.core.enums import enum_value
from saleor_oms_plugin.graphql.core.mutations import Caller, PayloadErrors, mutation
from saleor_oms_plugin.graphql.core.relay import pk_from_global_id
from saleor_oms_plugin.graphql.insights.reading_types import (
    OmsExchangeRate,
    OmsExportFormat,
    OmsInsightsError,
    OmsInsightsReportSchedule,
    OmsReportFrequency,
)
from saleor_oms_plugin.graphql.permissions import MANAGE_ORDERS, Requires
from saleor_oms_plugin.insights.currencies import (
    exchange_rate_delete,
    exchange_rate_set,
    reporting_currency_set,
)
from saleor_oms_plugin.insights.errors import InsightsError
from saleor_oms_plugin.insights.schedules import (
    ScheduleInput,
    report_schedule_delete,
    report_schedule_save,
)

INSIGHTS_ERRORS = PayloadErrors(OmsInsightsError, InsightsError)
MANAGERS = Requires(MANAGE_ORDERS)


class OmsExchangeRateInput(graphene.InputObjectType):
    currency = graphene.String(required=True, description="ISO 4217, e.g. EUR.")
    rate = graphene.Decimal(
        required=True, description="1 unit of currency in the reporting currency (above 0)."
    )
    valid_from = graphene.Date(required=True, description="The first day (UTC) it holds.")


class OmsInsightsReportScheduleInput(graphene.InputObjectType):
    id = graphene.ID(description="The schedule to change; a new one when left out.")
    name = graphene.String(required=True)
    recipients = graphene.List(graphene.NonNull(graphene.String), required=True)
    frequency = graphene.Field(OmsReportFrequency, required=True)
    format = graphene.Field(OmsExportFormat, required=True)
    channel = graphene.String(description="Only this channel (slug); all when left out.")


class OmsExchangeRatePayload(graphene.ObjectType):
    rate = graphene.Field(OmsExchangeRate)
    errors = INSIGHTS_ERRORS.field()


class OmsReportingCurrencyPayload(graphene.ObjectType):
    reporting_currency = graphene.String()
    errors = INSIGHTS_ERRORS.field()


class OmsInsightsReportSchedulePayload(graphene.ObjectType):
    schedule = graphene.Field(OmsInsightsReportSchedule)
    errors = INSIGHTS_ERRORS.field()


def _schedule_pk(id: str) -> int:
    return pk_from_global_id(id, expected_type="OmsInsightsReportSchedule")


class InsightsMutations(graphene.ObjectType):
    @mutation(
        OmsReportingCurrencyPayload,
        access=MANAGERS,
        errors=INSIGHTS_ERRORS,
        description="Set the currency money figures are converted into (null clears it).",
        currency=graphene.String(),
    )
    def insights_reporting_currency_set(
        caller: Caller, currency: str | None = None
    ) -> OmsReportingCurrencyPayload:
        code = reporting_currency_set(
            tenant_id=caller.tenant.pk, currency=currency, actor=caller.actor()
        )
        return OmsReportingCurrencyPayload(reporting_currency=code, errors=[])

    @mutation(
        OmsExchangeRatePayload,
        access=MANAGERS,
        errors=INSIGHTS_ERRORS,
        description="Keep a currency's rate into the reporting currency from a day on "
        "(replaces the rate kept for that day).",
        input=OmsExchangeRateInput(required=True),
    )
    def exchange_rate_set(caller: Caller, input: dict[str, Any]) -> OmsExchangeRatePayload:
        row = exchange_rate_set(
            tenant_id=caller.tenant.pk,
            currency=input["currency"],
            rate=input["rate"],
            valid_from=input["valid_from"],
            actor=caller.actor(),
        )
        return OmsExchangeRatePayload(rate=row, errors=[])

    @mutation(
        OmsExchangeRatePayload,
        access=MANAGERS,
        errors=INSIGHTS_ERRORS,
        description="Forget an exchange rate.",
        id=graphene.ID(required=True),
    )
    def exchange_rate_delete(caller: Caller, id: str) -> OmsExchangeRatePayload:
        exchange_rate_delete(
            tenant_id=caller.tenant.pk,
            pk=pk_from_global_id(id, expected_type="OmsExchangeRate"),
            actor=caller.actor(),
        )
        return OmsExchangeRatePayload(rate=None, errors=[])

    @mutation(
        OmsInsightsReportSchedulePayload,
        access=MANAGERS,
        errors=INSIGHTS_ERRORS,
        description="Create or change a scheduled e-mail report.",
        input=OmsInsightsReportScheduleInput(required=True),
    )
    def insights_report_schedule_save(
        caller: Caller, input: dict[str, Any]
    ) -> OmsInsightsReportSchedulePayload:
        schedule = report_schedule_save(
            tenant_id=caller.tenant.pk,
            pk=_schedule_pk(input["id"]) if input.get("id") else None,
            data=ScheduleInput(
                name=input["name"],
                recipients=list(input["recipients"]),
                frequency=enum_value(input["frequency"]),
                format=enum_value(input["format"]),
                channel=input.get("channel") or "",
            ),
            actor=caller.actor(),
        )
        return OmsInsightsReportSchedulePayload(schedule=schedule, errors=[])

    @mutation(
        OmsInsightsReportSchedulePayload,
        access=MANAGERS,
        errors=INSIGHTS_ERRORS,
        description="Delete a scheduled e-mail report.",
        id=graphene.ID(required=True),
    )
    def insights_report_schedule_delete(
        caller: Caller, id: str
    ) -> OmsInsightsReportSchedulePayload:
        report_schedule_delete(
            tenant_id=caller.tenant.pk, pk=_schedule_pk(id), actor=caller.actor()
        )
        return OmsInsightsReportSchedulePayload(schedule=None, errors=[])
