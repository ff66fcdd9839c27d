"""The normalised inbound order: what every door (API, CSV, signed webhook) turns its input into.

:func:`inbound_order_parse` reads a plain dict (snake_case keys) and either returns an
:class:`InboundOrder` or raises :class:`InboundInvalid` listing one problem per wrong field
(``lines[1].quantity``), so a refused order says everything that is wrong with it at once.
Nothing here touches the database: a bad row is refused before anything is stored.

Prices are per unit; a line gives its gross and net price, or one of them and its tax rate
(a fraction: 0.2 for 20 %). The stored form (:meth:`InboundOrder.as_json`) keeps decimals as
strings, so the payload sent to Saleor later is exactly the one accepted.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from saleor_oms_plugin.capture.error_codes import CaptureErrorCode

MAX_REFERENCE_LENGTH = 150
MAX_LINES = 250
MAX_NOTE_LENGTH = 255  # Saleor's limit for an order note
MAX_METADATA_ITEMS = 50
# Saleor's GraphQL Int: a quantity beyond it is refused by Saleor, so it is refused here.
SALEOR_INT_MAX = 2**31 - 1
# Saleor refuses an order created in the future; a clock a little ahead is not the client's fault.
CLOCK_SKEW = timedelta(minutes=5)
PAYMENT_KINDS = ("CHARGED", "AUTHORIZED")

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class Problem:
    field: str
    code: CaptureErrorCode
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "code": self.code.value, "message": self.message}


class InboundInvalid(ValueError):
    """The order cannot be captured; ``problems`` says why, one per field."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Address:
    first_name: str = ""
    last_name: str = ""
    company_name: str = ""
    street_address_1: str = ""
    street_address_2: str = ""
    city: str = ""
    city_area: str = ""
    postal_code: str = ""
    country: str = ""
    country_area: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Line:
    sku: str
    quantity: int
    unit_price_gross: Decimal
    unit_price_net: Decimal
    tax_rate: Decimal
    product_name: str = ""


@dataclass(frozen=True)
class Shipping:
    method_name: str = ""
    method_id: str = ""  # a Saleor ShippingMethod ID
    price_gross: Decimal = Decimal("0")
    price_net: Decimal = Decimal("0")
    tax_rate: Decimal = Decimal("0")


@dataclass(frozen=True)
class Payment:
    amount: Decimal
    kind: str  # CHARGED or AUTHORIZED
    gateway: str = ""
    psp_reference: str = ""


@dataclass(frozen=True)
class InboundOrder:
    external_reference: str
    customer_email: str
    currency: str
    created_at: datetime
    billing_address: Address
    shipping_address: Address
    lines: tuple[Line, ...]
    customer_name: str = ""
    shipping: Shipping | None = None
    payments: tuple[Payment, ...] = ()
    notes: tuple[str, ...] = ()
    metadata: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """The stored form: JSON types only (decimals and the time as strings)."""
        return _jsonable(asdict(self))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> InboundOrder:
        """The order back from :meth:`as_json` (it was valid when stored)."""
        return inbound_order_parse(data, now=None)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return value


class _Reader:
    """Collects every problem while reading, so all of them are reported together."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def refuse(
        self, path: str, message: str, code: CaptureErrorCode = CaptureErrorCode.INVALID
    ) -> None:
        """Note a problem; the first one found for a field is the one reported."""
        if all(problem.field != path for problem in self.problems):
            self.problems.append(Problem(path, code, message))

    def text(
        self, data: dict[str, Any], key: str, path: str, *, required: bool = False, limit: int = 255
    ) -> str:
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.refuse(path, "is required", CaptureErrorCode.REQUIRED)
            return ""
        if not isinstance(value, str | int):
            self.refuse(path, "must be text")
            return ""
        text = str(value).strip()
        if len(text) > limit:
            self.refuse(path, f"must be at most {limit} characters")
            return ""
        return text

    def decimal(
        self, data: dict[str, Any], key: str, path: str, *, required: bool = False
    ) -> Decimal | None:
        value = data.get(key)
        if value is None or value == "":
            if required:
                self.refuse(path, "is required", CaptureErrorCode.REQUIRED)
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
            self.refuse(path, "must be a number")
            return None
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            self.refuse(path, f"{value!r} is not a number")
            return None
        if not number.is_finite() or number < 0:
            self.refuse(path, "must be a number of zero or more")
            return None
        return number

    def integer(self, data: dict[str, Any], key: str, path: str) -> int:
        value = data.get(key)
        if value is None or value == "":
            self.refuse(path, "is required", CaptureErrorCode.REQUIRED)
            return 0
        text = str(value).strip()
        try:
            # ASCII digits only: int() also reads other scripts' digits ("١" is 1).
            number = int(text) if text.isascii() else None
        except ValueError:
            number = None
        if number is None:
            self.refuse(path, f"{value!r} is not a whole number")
            return 0
        if number <= 0:
            self.refuse(path, "must be at least 1")
            return 0
        if number > SALEOR_INT_MAX:
            self.refuse(path, f"must be at most {SALEOR_INT_MAX}")
            return 0
        return number

    def mapping(self, data: dict[str, Any], key: str, path: str) -> dict[str, Any] | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.refuse(path, "must be an object")
            return None
        return value

    def items(self, data: dict[str, Any], key: str, path: str) -> list[Any]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list | tuple):
            self.refuse(path, "must be a list")
            return []
        return list(value)


def _money(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _prices(
    reader: _Reader,
    gross: Decimal | None,
    net: Decimal | None,
    rate: Decimal | None,
    path: str,
    names: tuple[str, str, str],
) -> tuple[Decimal, Decimal, Decimal]:
    """Gross, net and rate from any two of them (gross and net win over a rate)."""
    gross_name, net_name, rate_name = names
    if gross is None and net is None:
        reader.refuse(
            f"{path}{gross_name}", "give the gross or the net price", CaptureErrorCode.REQUIRED
        )
        return Decimal(0), Decimal(0), Decimal(0)
    if gross is not None and net is not None:
        if net > gross:
            reader.refuse(f"{path}{net_name}", "the net price cannot exceed the gross price")
        derived = (gross / net - 1) if net else Decimal(0)
        return gross, net, rate if rate is not None else derived.quantize(Decimal("0.0001"))
    if rate is None:
        missing = net_name if net is None else gross_name
        reader.refuse(
            f"{path}{missing}",
            f"give both prices, or one of them and the {rate_name}",
            CaptureErrorCode.REQUIRED,
        )
        return Decimal(0), Decimal(0), Decimal(0)
    if rate >= 1:
        reader.refuse(f"{path}{rate_name}", "is a fraction (0.2 for 20 %), below 1")
        return Decimal(0), Decimal(0), Decimal(0)
    if gross is not None:
        return gross, _money(gross / (1 + rate)), rate
    assert net is not None
    return _money(net * (1 + rate)), net, rate


def _address(reader: _Reader, data: dict[str, Any] | None, path: str) -> Address:
    if data is None:
        return Address()
    values = {
        name: reader.text(data, name, f"{path}.{name}", limit=256)
        for name in Address.__dataclass_fields__
    }
    country = values["country"].upper()
    if not _COUNTRY.match(country):
        reader.refuse(
            f"{path}.country", "is required: a two-letter country code", CaptureErrorCode.REQUIRED
        )
    values["country"] = country
    if not values["street_address_1"]:
        reader.refuse(f"{path}.street_address_1", "is required", CaptureErrorCode.REQUIRED)
    if not values["city"]:
        reader.refuse(f"{path}.city", "is required", CaptureErrorCode.REQUIRED)
    return Address(**values)


def _line(reader: _Reader, data: Any, path: str) -> Line | None:
    if not isinstance(data, dict):
        reader.refuse(path, "must be an object")
        return None
    sku = reader.text(data, "sku", f"{path}.sku", required=True)
    quantity = reader.integer(data, "quantity", f"{path}.quantity")
    gross, net, rate = _prices(
        reader,
        reader.decimal(data, "unit_price_gross", f"{path}.unit_price_gross"),
        reader.decimal(data, "unit_price_net", f"{path}.unit_price_net"),
        reader.decimal(data, "tax_rate", f"{path}.tax_rate"),
        f"{path}.",
        ("unit_price_gross", "unit_price_net", "tax_rate"),
    )
    return Line(
        sku=sku,
        quantity=quantity,
        unit_price_gross=gross,
        unit_price_net=net,
        tax_rate=rate,
        product_name=reader.text(data, "product_name", f"{path}.product_name"),
    )


def _shipping(reader: _Reader, data: dict[str, Any] | None) -> Shipping | None:
    if data is None:
        return None
    name = reader.text(data, "method_name", "shipping.method_name")
    method_id = reader.text(data, "method_id", "shipping.method_id")
    if not name and not method_id:
        reader.refuse(
            "shipping.method_name",
            "give the shipping method's name or its Saleor ID",
            CaptureErrorCode.REQUIRED,
        )
    gross = reader.decimal(data, "price_gross", "shipping.price_gross")
    net = reader.decimal(data, "price_net", "shipping.price_net")
    rate = reader.decimal(data, "tax_rate", "shipping.tax_rate")
    if gross is None and net is None:
        gross, net, rate = Decimal(0), Decimal(0), rate or Decimal(0)
    else:
        gross, net, rate = _prices(
            reader, gross, net, rate, "shipping.", ("price_gross", "price_net", "tax_rate")
        )
    return Shipping(
        method_name=name, method_id=method_id, price_gross=gross, price_net=net, tax_rate=rate
    )


def _payment(reader: _Reader, data: Any, path: str) -> Payment | None:
    if not isinstance(data, dict):
        reader.refuse(path, "must be an object")
        return None
    amount = reader.decimal(data, "amount", f"{path}.amount", required=True)
    kind = reader.text(data, "kind", f"{path}.kind").upper() or "CHARGED"
    if kind not in PAYMENT_KINDS:
        reader.refuse(f"{path}.kind", "must be CHARGED or AUTHORIZED")
    return Payment(
        amount=amount or Decimal(0),
        kind=kind,
        gateway=reader.text(data, "gateway", f"{path}.gateway", limit=100),
        psp_reference=reader.text(data, "psp_reference", f"{path}.psp_reference", limit=200),
    )


def _created_at(reader: _Reader, value: Any, now: datetime | None) -> datetime:
    if value is None or value == "":
        return now or datetime.now(UTC)
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
        except ValueError:
            reader.refuse("created_at", f"{value!r} is not an ISO 8601 date and time")
            return now or datetime.now(UTC)
    if moment.tzinfo is None:
        reader.refuse("created_at", "needs a time zone (e.g. 2026-12-01T10:00:00Z)")
        return now or datetime.now(UTC)
    if now is not None and moment > now + CLOCK_SKEW:
        reader.refuse("created_at", "is in the future")
    return moment


def _notes(reader: _Reader, value: Any) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value or []
    if not isinstance(items, list | tuple):
        reader.refuse("notes", "must be text or a list of texts")
        return ()
    notes: list[str] = []
    for index, note in enumerate(items):
        if not isinstance(note, str):
            reader.refuse(f"notes[{index}]", "must be text")
        elif len(note) > MAX_NOTE_LENGTH:
            reader.refuse(f"notes[{index}]", f"must be at most {MAX_NOTE_LENGTH} characters")
        elif note.strip():
            notes.append(note.strip())
    return tuple(notes)


def _metadata(reader: _Reader, value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, list):  # [{key, value}], as GraphQL sends it
        pairs = {}
        for index, item in enumerate(value):
            if not isinstance(item, dict) or not str(item.get("key") or "").strip():
                reader.refuse(f"metadata[{index}].key", "is required", CaptureErrorCode.REQUIRED)
                continue
            pairs[str(item["key"]).strip()] = str(item.get("value") or "")
        value = pairs
    if not isinstance(value, dict):
        reader.refuse("metadata", "must be an object of texts")
        return {}
    if len(value) > MAX_METADATA_ITEMS:
        reader.refuse("metadata", f"at most {MAX_METADATA_ITEMS} keys")
        return {}
    return {str(key): str(item) for key, item in value.items()}


def inbound_order_parse(data: dict[str, Any], *, now: datetime | None) -> InboundOrder:
    """The order ``data`` describes, or :class:`InboundInvalid` with every problem in it.

    ``now`` is the moment of capture (created-at may not be later); None when reading back a
    stored order.
    """
    reader = _Reader()
    if not isinstance(data, dict):
        raise InboundInvalid([Problem("", CaptureErrorCode.INVALID, "an order must be an object")])
    reference = reader.text(
        data, "external_reference", "external_reference", required=True, limit=MAX_REFERENCE_LENGTH
    )
    email = reader.text(data, "customer_email", "customer_email", required=True, limit=254)
    if email and not _EMAIL.match(email):
        reader.refuse("customer_email", f"{email!r} is not an e-mail address")
    currency = reader.text(data, "currency", "currency", required=True).upper()
    if currency and not _CURRENCY.match(currency):
        reader.refuse("currency", "must be a three-letter currency code")
    billing_data = reader.mapping(data, "billing_address", "billing_address")
    if billing_data is None and "billing_address" not in data:
        reader.refuse("billing_address", "is required", CaptureErrorCode.REQUIRED)
    billing = _address(reader, billing_data, "billing_address")
    shipping_data = reader.mapping(data, "shipping_address", "shipping_address")
    shipping_address = (
        billing if shipping_data is None else _address(reader, shipping_data, "shipping_address")
    )
    raw_lines = reader.items(data, "lines", "lines")
    if not raw_lines:
        reader.refuse("lines", "an order needs at least one line", CaptureErrorCode.REQUIRED)
    elif len(raw_lines) > MAX_LINES:
        reader.refuse("lines", f"at most {MAX_LINES} lines")
    lines = [_line(reader, item, f"lines[{index}]") for index, item in enumerate(raw_lines)]
    payments = [
        _payment(reader, item, f"payments[{index}]")
        for index, item in enumerate(reader.items(data, "payments", "payments"))
    ]
    order = InboundOrder(
        external_reference=reference,
        customer_email=email,
        customer_name=reader.text(data, "customer_name", "customer_name"),
        currency=currency,
        created_at=_created_at(reader, data.get("created_at"), now),
        billing_address=billing,
        shipping_address=shipping_address,
        lines=tuple(line for line in lines if line is not None),
        shipping=_shipping(reader, reader.mapping(data, "shipping", "shipping")),
        payments=tuple(payment for payment in payments if payment is not None),
        notes=_notes(reader, data.get("notes")),
        metadata=_metadata(reader, data.get("metadata")),
    )
    if reader.problems:
        raise InboundInvalid(reader.problems)
    return order
