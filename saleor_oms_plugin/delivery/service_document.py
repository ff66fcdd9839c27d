"""A delivery service's settings, checked as a whole: transit bands, delivery days, holidays
and rates. Plain functions over plain values; one clear error for the first problem found."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from saleor_oms_plugin.delivery.error_codes import DeliveryErrorCode
from saleor_oms_plugin.delivery.errors import DeliveryError

MAX_BANDS = 20
MAX_RATES = 200
MAX_HOLIDAYS = 400
MAX_DAYS = 60


def _invalid(field: str, message: str) -> DeliveryError:
    return DeliveryError(DeliveryErrorCode.INVALID_SERVICE, message, field=field)


def weekdays_clean(value: Any, *, field: str) -> list[int]:
    """Monday 0 … Sunday 6, at least one, each once, sorted."""
    if not isinstance(value, list) or not value:
        raise _invalid(field, "Name at least one weekday (0 Monday … 6 Sunday).")
    if any(isinstance(d, bool) or not isinstance(d, int) or not 0 <= d <= 6 for d in value):
        raise _invalid(field, f"Weekdays are 0 (Monday) to 6 (Sunday), got {value}.")
    return sorted(set(value))


def holidays_clean(value: Any, *, field: str) -> list[str]:
    """ISO dates (YYYY-MM-DD), each once, sorted."""
    if not isinstance(value, list):
        raise _invalid(field, "Holidays are a list of dates (YYYY-MM-DD).")
    if len(value) > MAX_HOLIDAYS:
        raise _invalid(field, f"At most {MAX_HOLIDAYS} holidays.")
    days = set()
    for item in value:
        try:
            days.add(dt.date.fromisoformat(str(item)))
        except ValueError:
            raise _invalid(field, f"{item!r} is not a date (YYYY-MM-DD).") from None
    return [day.isoformat() for day in sorted(days)]


def transit_bands_clean(value: Any) -> list[dict[str, Any]]:
    """Bands going outwards, the last may be open-ended (``upToKm`` null)."""
    field = "transitBands"
    if not isinstance(value, list) or not value:
        raise _invalid(field, "Give at least one transit band.")
    if len(value) > MAX_BANDS:
        raise _invalid(field, f"At most {MAX_BANDS} transit bands.")
    bands: list[dict[str, Any]] = []
    previous = -1.0
    for n, band in enumerate(value, start=1):
        if not isinstance(band, Mapping):
            raise _invalid(field, f"Band {n} is not an object.")
        up_to = band.get("upToKm")
        low, high = band.get("minDays"), band.get("maxDays")
        if not all(isinstance(d, int) and not isinstance(d, bool) for d in (low, high)):
            raise _invalid(field, f"Band {n}: minDays and maxDays are whole numbers.")
        assert isinstance(low, int) and isinstance(high, int)
        if not 0 <= low <= high <= MAX_DAYS:
            raise _invalid(field, f"Band {n}: need 0 ≤ minDays ≤ maxDays ≤ {MAX_DAYS}.")
        if up_to is None:
            if n != len(value):
                raise _invalid(field, f"Band {n}: only the last band may be open-ended.")
        else:
            if isinstance(up_to, bool) or not isinstance(up_to, int | float) or up_to <= previous:
                raise _invalid(field, f"Band {n}: upToKm must grow from band to band.")
            previous = float(up_to)
        bands.append({"upToKm": up_to, "minDays": low, "maxDays": high})
    return bands


def rates_clean(value: Any) -> list[dict[str, Any]]:
    """Per currency, weight bands going upwards; amounts as decimal strings."""
    field = "rates"
    if not isinstance(value, list) or not value:
        raise _invalid(field, "Give at least one rate.")
    if len(value) > MAX_RATES:
        raise _invalid(field, f"At most {MAX_RATES} rates.")
    rates: list[dict[str, Any]] = []
    previous: dict[str, float] = {}
    open_ended: set[str] = set()
    for n, rate in enumerate(value, start=1):
        if not isinstance(rate, Mapping):
            raise _invalid(field, f"Rate {n} is not an object.")
        currency = str(rate.get("currency") or "").strip().upper()
        if len(currency) != 3 or not currency.isalpha():
            raise _invalid(field, f"Rate {n}: currency is a three-letter code.")
        try:
            amount = Decimal(str(rate.get("amount")))
        except InvalidOperation:
            raise _invalid(field, f"Rate {n}: amount is not a number.") from None
        if not amount.is_finite() or amount < 0:
            raise _invalid(field, f"Rate {n}: amount must be 0 or more.")
        up_to = rate.get("upToKg")
        if currency in open_ended:
            raise _invalid(field, f"Rate {n}: {currency} already has an open-ended last band.")
        if up_to is None:
            open_ended.add(currency)
        elif isinstance(up_to, bool) or not isinstance(up_to, int | float) or up_to <= 0:
            raise _invalid(field, f"Rate {n}: upToKg is a weight above 0, or null.")
        elif up_to <= previous.get(currency, 0):
            raise _invalid(field, f"Rate {n}: {currency} weight bands must grow.")
        else:
            previous[currency] = float(up_to)
        rates.append({"currency": currency, "upToKg": up_to, "amount": str(amount)})
    return rates


def channels_clean(value: Any, *, field: str = "channels") -> list[str]:
    if not isinstance(value, list) or any(not isinstance(s, str) or not s for s in value):
        raise _invalid(field, "Channels are a list of channel slugs.")
    return sorted(set(value))


@dataclass(frozen=True)
class Rate:
    currency: str
    up_to_kg: float | None
    amount: Decimal


def rates_parse(rates: Iterable[Mapping[str, Any]]) -> tuple[Rate, ...]:
    return tuple(
        Rate(
            r["currency"],
            None if r.get("upToKg") is None else float(r["upToKg"]),
            Decimal(str(r["amount"])),
        )
        for r in rates
    )


def rate_for(rates: Sequence[Rate], *, currency: str, weight_kg: float) -> Decimal | None:
    """The price of a cart of ``weight_kg`` in ``currency``; None: not offered."""
    for rate in rates:
        if rate.currency == currency and (rate.up_to_kg is None or weight_kg <= rate.up_to_kg):
            return rate.amount
    return None
