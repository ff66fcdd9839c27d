"""The screening configuration document of a tenant (and of each channel that overrides it),
validated into :class:`ScreeningSettings`. Pure: no ORM.

The document is JSON. A channel's document overrides the tenant's top-level keys it names
(``settings_merge``); what neither names keeps the defaults below::

    {
      "enabled": true,
      "checks": ["stock", "address", "payment", "risk", "marks"],
      "stock": {"partial": "hold", "alternatives": {"<variant id>": ["<variant id>", …]}},
      "address": {"requireHouseNumber": true, "poBoxRefusingCarriers": ["UPS", "DHL Express"]},
      "payment": {"policy": "prepaid", "codMaxTotal": {"EUR": "300"}},
      "risk": {"holdAt": 60, "reviewAt": 30, "highValue": {"USD": "500", "EUR": "450"},
               "windowHours": 24, "maxOrdersPerEmail": 3, "maxOrdersPerAddress": 3,
               "disposableDomains": ["example-throwaway.test"]},
      "marks": {"keys": ["tags"], "vip": ["vip"], "hold": ["fraud-watch"],
                "vipDeliveryMethods": ["Express"]}
    }
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from saleor_oms_plugin.screening.facts import CheckName


class PaymentPolicy(StrEnum):
    PREPAID = "prepaid"  # charged in full before it ships
    AUTHORIZE = "authorize"  # authorised in full (captured on shipping)
    COD = "cod"  # cash on delivery: nothing needed up front


class PartialStock(StrEnum):
    HOLD = "hold"  # an order that cannot be served in full waits for staff
    PASS = "pass"  # routing ships what it can


DEFAULT_HIGH_VALUE = {"USD": Decimal("500"), "EUR": Decimal("450"), "GBP": Decimal("400")}


@dataclass(frozen=True)
class ScreeningSettings:
    enabled: bool = False
    checks: tuple[CheckName, ...] = tuple(CheckName)
    partial_stock: PartialStock = PartialStock.HOLD
    alternatives: dict[str, tuple[str, ...]] = field(default_factory=dict)
    require_house_number: bool = True
    po_box_refusing_carriers: tuple[str, ...] = ()
    payment_policy: PaymentPolicy = PaymentPolicy.PREPAID
    cod_max_total: dict[str, Decimal] = field(default_factory=dict)
    risk_hold_at: int = 60
    risk_review_at: int = 30
    high_value: dict[str, Decimal] = field(default_factory=lambda: dict(DEFAULT_HIGH_VALUE))
    window_hours: int = 24
    max_orders_per_email: int = 3
    max_orders_per_address: int = 3
    disposable_domains: tuple[str, ...] = ()
    mark_keys: tuple[str, ...] = ("tags", "customerTags", "oms.marks")
    vip_marks: tuple[str, ...] = ("vip",)
    hold_marks: tuple[str, ...] = ()
    vip_delivery_methods: tuple[str, ...] = ()


@dataclass(frozen=True)
class Problem:
    path: str  # "risk.highValue.USD"
    message: str


class ConfigInvalid(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(f"{p.path}: {p.message}" for p in problems))
        self.problems = problems


_SECTIONS = {"enabled", "checks", "stock", "address", "payment", "risk", "marks"}
_KEYS = {
    "stock": {"partial", "alternatives"},
    "address": {"requireHouseNumber", "poBoxRefusingCarriers"},
    "payment": {"policy", "codMaxTotal"},
    "risk": {
        "holdAt",
        "reviewAt",
        "highValue",
        "windowHours",
        "maxOrdersPerEmail",
        "maxOrdersPerAddress",
        "disposableDomains",
    },
    "marks": {"keys", "vip", "hold", "vipDeliveryMethods"},
}


def settings_merge(tenant: dict[str, Any] | None, channel: dict[str, Any] | None) -> dict[str, Any]:
    """The channel's document over the tenant's: a section the channel names replaces the
    tenant's keys of that section one by one."""
    merged: dict[str, Any] = {key: value for key, value in (tenant or {}).items()}
    for key, value in (channel or {}).items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged


class _Reader:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def section(self, doc: dict[str, Any], name: str) -> dict[str, Any]:
        value = doc.get(name, {})
        if not isinstance(value, dict):
            self.fail(name, "must be an object")
            return {}
        for key in sorted(set(value) - _KEYS[name]):
            self.fail(f"{name}.{key}", f"unknown key; known: {', '.join(sorted(_KEYS[name]))}")
        return value

    def boolean(self, value: Any, path: str, default: bool) -> bool:
        if value is None:
            return default
        if not isinstance(value, bool):
            self.fail(path, "must be true or false")
            return default
        return value

    def integer(self, value: Any, path: str, default: int, low: int, high: int) -> int:
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(path, f"must be a whole number from {low} to {high}")
            return default
        return value

    def strings(self, value: Any, path: str, default: tuple[str, ...]) -> tuple[str, ...]:
        if value is None:
            return default
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.fail(path, "must be a list of non-empty strings")
            return default
        return tuple(v.strip() for v in value)

    def choice(self, value: Any, path: str, enum: type[StrEnum], default: Any) -> Any:
        if value is None:
            return default
        try:
            return enum(value)
        except ValueError:
            self.fail(path, f"must be one of {', '.join(e.value for e in enum)}")
            return default

    def amounts(self, value: Any, path: str, default: dict[str, Decimal]) -> dict[str, Decimal]:
        """Amounts per currency: {"USD": "500"}; thresholds are never compared across
        currencies, so each currency has its own."""
        if value is None:
            return default
        if not isinstance(value, dict):
            self.fail(path, 'must be an object of amounts per currency, e.g. {"USD": "500"}')
            return default
        amounts: dict[str, Decimal] = {}
        for currency, raw in value.items():
            if not (isinstance(currency, str) and len(currency) == 3 and currency.isalpha()):
                self.fail(f"{path}.{currency}", "is not an ISO 4217 currency code")
                continue
            try:
                number = Decimal(str(raw))
            except InvalidOperation:
                number = Decimal(-1)
            if isinstance(raw, bool) or not number.is_finite() or number < 0:
                self.fail(f"{path}.{currency}", "must be an amount of 0 or more")
                continue
            amounts[currency.upper()] = number
        return amounts


def settings_parse(document: dict[str, Any]) -> ScreeningSettings:
    """Validate a (merged) document; every problem is reported at once, with its path."""
    if not isinstance(document, dict):
        raise ConfigInvalid([Problem("", "the configuration must be a JSON object")])
    r = _Reader()
    for key in sorted(set(document) - _SECTIONS):
        r.fail(key, f"unknown key; known: {', '.join(sorted(_SECTIONS))}")
    d = ScreeningSettings()
    checks = d.checks
    if "checks" in document:
        names = r.strings(document["checks"], "checks", tuple(str(c) for c in d.checks))
        valid = {c.value for c in CheckName}
        for name in names:
            if name not in valid:
                r.fail("checks", f"unknown check {name!r}; known: {', '.join(sorted(valid))}")
        checks = tuple(CheckName(n) for n in dict.fromkeys(names) if n in valid)
    stock, address = r.section(document, "stock"), r.section(document, "address")
    payment, risk, marks = (
        r.section(document, "payment"),
        r.section(document, "risk"),
        r.section(document, "marks"),
    )
    alternatives: dict[str, tuple[str, ...]] = {}
    raw_alternatives = stock.get("alternatives", {})
    if not isinstance(raw_alternatives, dict):
        r.fail("stock.alternatives", "must be an object of variant id → list of variant ids")
    else:
        for variant, others in raw_alternatives.items():
            alternatives[variant] = r.strings(others, f"stock.alternatives.{variant}", ())
    settings = ScreeningSettings(
        enabled=r.boolean(document.get("enabled"), "enabled", d.enabled),
        checks=checks,
        partial_stock=r.choice(
            stock.get("partial"), "stock.partial", PartialStock, d.partial_stock
        ),
        alternatives=alternatives,
        require_house_number=r.boolean(
            address.get("requireHouseNumber"), "address.requireHouseNumber", True
        ),
        po_box_refusing_carriers=r.strings(
            address.get("poBoxRefusingCarriers"), "address.poBoxRefusingCarriers", ()
        ),
        payment_policy=r.choice(
            payment.get("policy"), "payment.policy", PaymentPolicy, d.payment_policy
        ),
        cod_max_total=r.amounts(payment.get("codMaxTotal"), "payment.codMaxTotal", {}),
        risk_hold_at=r.integer(risk.get("holdAt"), "risk.holdAt", d.risk_hold_at, 1, 100),
        risk_review_at=r.integer(risk.get("reviewAt"), "risk.reviewAt", d.risk_review_at, 1, 100),
        high_value=r.amounts(risk.get("highValue"), "risk.highValue", dict(DEFAULT_HIGH_VALUE)),
        window_hours=r.integer(risk.get("windowHours"), "risk.windowHours", 24, 1, 24 * 30),
        max_orders_per_email=r.integer(
            risk.get("maxOrdersPerEmail"), "risk.maxOrdersPerEmail", 3, 1, 1000
        ),
        max_orders_per_address=r.integer(
            risk.get("maxOrdersPerAddress"), "risk.maxOrdersPerAddress", 3, 1, 1000
        ),
        disposable_domains=tuple(
            d.lower()
            for d in r.strings(risk.get("disposableDomains"), "risk.disposableDomains", ())
        ),
        mark_keys=r.strings(marks.get("keys"), "marks.keys", d.mark_keys),
        vip_marks=tuple(m.lower() for m in r.strings(marks.get("vip"), "marks.vip", d.vip_marks)),
        hold_marks=tuple(m.lower() for m in r.strings(marks.get("hold"), "marks.hold", ())),
        vip_delivery_methods=r.strings(
            marks.get("vipDeliveryMethods"), "marks.vipDeliveryMethods", ()
        ),
    )
    if settings.risk_review_at > settings.risk_hold_at:
        r.fail("risk.reviewAt", "must not be above risk.holdAt")
    if r.problems:
        raise ConfigInvalid(r.problems)
    return settings
