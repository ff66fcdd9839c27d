"""Small readers for Saleor payload values: timestamps, money, weights, metadata."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

_GRAMS_PER_UNIT = {
    "G": Decimal("1"),
    "KG": Decimal("1000"),
    "LB": Decimal("453.59237"),
    "OZ": Decimal("28.349523125"),
    "TONNE": Decimal("1000000"),
}


class PayloadError(ValueError):
    """A Saleor payload lacks a field we need or holds a value of the wrong shape."""


def parse_datetime(value: Any, *, field: str) -> datetime:
    if not isinstance(value, str):
        raise PayloadError(f"{field} is missing")
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise PayloadError(f"{field} is not an ISO 8601 time: {value!r}") from None
    if moment.tzinfo is None:
        raise PayloadError(f"{field} has no time zone: {value!r}")
    return moment


def amount(money: dict[str, Any] | None) -> Decimal:
    if not money or money.get("amount") is None:
        return Decimal("0")
    return Decimal(str(money["amount"]))


def weight_in_grams(weight: dict[str, Any] | None) -> Decimal | None:
    if not weight or weight.get("value") is None:
        return None
    factor = _GRAMS_PER_UNIT.get(str(weight.get("unit", "")).upper())
    if factor is None:
        raise PayloadError(f"unknown weight unit {weight.get('unit')!r}")
    return Decimal(str(weight["value"])) * factor


def metadata_dict(items: list[dict[str, Any]] | None) -> dict[str, str]:
    return {item["key"]: item["value"] for item in items or [] if "key" in item}
