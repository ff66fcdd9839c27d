"""The merchant's reporting currency and the dated exchange rates into it.

A rate says that 1 unit of ``currency`` is worth ``rate`` units of the reporting currency from
``valid_from`` on, until the next rate of the same currency. Rates are kept per reporting
currency: changing the reporting currency leaves the old rates stored but unused, so switching
back finds them again. Every write is one transaction with its audit event.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.insights.error_codes import InsightsErrorCode as Code
from saleor_oms_plugin.insights.errors import InsightsError
from saleor_oms_plugin.insights.events import InsightsEvent
from saleor_oms_plugin.insights.models import ExchangeRate, ReportingCurrency

_CODE = re.compile(r"[A-Z]{3}")
# Rates are stored with 10 decimal places, at most 10 digits before the point.
_MAX_RATE = Decimal("1e10")
_RATE_PLACES = Decimal("1e-10")


def currency_code_clean(value: str, *, field: str = "currency") -> str:
    """The ISO 4217 code ``value`` names (upper-cased); refused unless three letters."""
    code = (value or "").strip().upper()
    if not _CODE.fullmatch(code):
        raise InsightsError(
            Code.INVALID_CURRENCY, f"{value!r} is not an ISO 4217 currency code.", field=field
        )
    return code


def reporting_currency_of(*, tenant_id: int) -> str | None:
    return (
        ReportingCurrency.objects.filter(tenant_id=tenant_id)
        .values_list("currency", flat=True)
        .first()
    )


def reporting_currency_set(*, tenant_id: int, currency: str | None, actor: Actor) -> str | None:
    """Set (or, with None or blank, clear) the tenant's reporting currency."""
    code = currency_code_clean(currency) if currency and currency.strip() else None
    with transaction.atomic():
        previous = reporting_currency_of(tenant_id=tenant_id)
        if code is None:
            ReportingCurrency.objects.filter(tenant_id=tenant_id).delete()
        else:
            ReportingCurrency.objects.update_or_create(
                tenant_id=tenant_id, defaults={"currency": code}
            )
        if previous != code:
            audit_record(
                tenant_id=tenant_id,
                subject=("oms_tenants.tenant", str(tenant_id)),
                verb=InsightsEvent.REPORTING_CURRENCY_SET,
                actor=actor,
                data={"from": previous, "to": code},
            )
    return code


def _rate_clean(rate: Decimal) -> Decimal:
    try:
        value = Decimal(rate)
    except (InvalidOperation, TypeError, ValueError):
        raise InsightsError(Code.INVALID_RATE, "The rate must be a number.", field="rate") from None
    if not value.is_finite() or value <= 0:
        raise InsightsError(Code.INVALID_RATE, "The rate must be above zero.", field="rate")
    if value >= _MAX_RATE or value.quantize(_RATE_PLACES) == 0:
        raise InsightsError(
            Code.INVALID_RATE, "The rate must lie between 1e-10 and 1e10.", field="rate"
        )
    return value.quantize(_RATE_PLACES)


def exchange_rate_set(
    *, tenant_id: int, currency: str, rate: Decimal, valid_from: date, actor: Actor
) -> ExchangeRate:
    """Keep the rate of ``currency`` into the reporting currency from ``valid_from`` on
    (replacing the rate already kept for that day)."""
    code = currency_code_clean(currency)
    value = _rate_clean(rate)
    with transaction.atomic():
        reporting = reporting_currency_of(tenant_id=tenant_id)
        if reporting is None:
            raise InsightsError(
                Code.NO_REPORTING_CURRENCY,
                "Set a reporting currency before keeping exchange rates.",
                field="currency",
            )
        if code == reporting:
            raise InsightsError(
                Code.SAME_CURRENCY,
                f"{code} is the reporting currency: its rate is always 1.",
                field="currency",
            )
        row, created = ExchangeRate.objects.update_or_create(
            tenant_id=tenant_id,
            currency=code,
            reporting_currency=reporting,
            valid_from=valid_from,
            defaults={"rate": value},
        )
        audit_record(
            tenant_id=tenant_id,
            subject=row,
            verb=InsightsEvent.EXCHANGE_RATE_SET,
            actor=actor,
            data={
                "currency": code,
                "reporting_currency": reporting,
                "rate": str(value),
                "valid_from": valid_from.isoformat(),
                "created": created,
            },
        )
    return row


def exchange_rate_delete(*, tenant_id: int, pk: int, actor: Actor) -> ExchangeRate:
    """Forget a rate; the rate before it (if any) then holds until the next one."""
    with transaction.atomic():
        row = ExchangeRate.objects.filter(tenant_id=tenant_id, pk=pk).first()
        if row is None:
            raise InsightsError(Code.NOT_FOUND, "No such exchange rate.", field="id")
        audit_record(
            tenant_id=tenant_id,
            subject=row,
            verb=InsightsEvent.EXCHANGE_RATE_DELETED,
            actor=actor,
            data={"currency": row.currency, "valid_from": row.valid_from.isoformat()},
        )
        row.delete()
    return row


def exchange_rates_list(
    *, tenant_id: int, currency: str | None = None, limit: int = 100
) -> list[ExchangeRate]:
    """The tenant's rates, newest first (``currency`` alone when given)."""
    rows = ExchangeRate.objects.filter(tenant_id=tenant_id)
    if currency:
        rows = rows.filter(currency=currency_code_clean(currency))
    return list(rows.order_by("-valid_from", "currency", "pk")[: max(0, limit)])
