"""Outside orders from CSV: one row per order line, grouped into orders by external reference.

The header names the columns (any order, unknown ones refused so a typo is not silently
dropped). Order-level columns (customer, addresses, shipping, payment, note) are read from the
first row of an order; a later row of the same order that gives a different value makes the
order refused, with the row number, rather than guessing which one is right. The grouped
dicts go through the same :func:`~saleor_oms_plugin.capture.inbound.inbound_order_parse` as
every other door.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from saleor_oms_plugin.capture.error_codes import CaptureErrorCode
from saleor_oms_plugin.capture.inbound import Problem

MAX_CSV_BYTES = 5 * 1024 * 1024
ADDRESS_FIELDS = (
    "first_name",
    "last_name",
    "company_name",
    "street_address_1",
    "street_address_2",
    "city",
    "city_area",
    "postal_code",
    "country",
    "country_area",
    "phone",
)
LINE_COLUMNS = ("sku", "quantity", "unit_price_gross", "unit_price_net", "tax_rate", "product_name")
ORDER_COLUMNS = (
    "external_reference",
    "customer_email",
    "customer_name",
    "currency",
    "created_at",
    *(f"billing_{name}" for name in ADDRESS_FIELDS),
    *(f"shipping_{name}" for name in ADDRESS_FIELDS),
    "shipping_method_name",
    "shipping_method_id",
    "shipping_price_gross",
    "shipping_price_net",
    "shipping_tax_rate",
    "payment_amount",
    "payment_kind",
    "payment_gateway",
    "payment_psp_reference",
    "note",
)
COLUMNS = frozenset(ORDER_COLUMNS + LINE_COLUMNS)
REQUIRED_COLUMNS = ("external_reference", "sku", "quantity")


class CsvInvalid(ValueError):
    """The file as a whole cannot be read (not its orders: those are refused one by one)."""


@dataclass
class CsvOrders:
    """Orders read from the file, in first-seen order, and those refused while grouping."""

    orders: list[dict[str, Any]] = field(default_factory=list)
    refused: dict[str, list[Problem]] = field(default_factory=dict)


def _order_dict(row: dict[str, str]) -> dict[str, Any]:
    def address(prefix: str) -> dict[str, str] | None:
        values = {name: row.get(f"{prefix}_{name}", "") for name in ADDRESS_FIELDS}
        return values if any(values.values()) else None

    shipping = {
        "method_name": row.get("shipping_method_name", ""),
        "method_id": row.get("shipping_method_id", ""),
        "price_gross": row.get("shipping_price_gross", ""),
        "price_net": row.get("shipping_price_net", ""),
        "tax_rate": row.get("shipping_tax_rate", ""),
    }
    payment = {
        "amount": row.get("payment_amount", ""),
        "kind": row.get("payment_kind", ""),
        "gateway": row.get("payment_gateway", ""),
        "psp_reference": row.get("payment_psp_reference", ""),
    }
    return {
        "external_reference": row.get("external_reference", ""),
        "customer_email": row.get("customer_email", ""),
        "customer_name": row.get("customer_name", ""),
        "currency": row.get("currency", ""),
        "created_at": row.get("created_at", ""),
        "billing_address": address("billing"),
        "shipping_address": address("shipping"),
        "shipping": shipping if any(shipping.values()) else None,
        "payments": [payment] if any(payment.values()) else [],
        "notes": [row["note"]] if row.get("note") else [],
        "lines": [],
    }


def _order_level(row: dict[str, str]) -> dict[str, str]:
    return {name: row.get(name, "") for name in ORDER_COLUMNS}


def orders_from_csv(text: str) -> CsvOrders:
    """The orders of a CSV text; :class:`CsvInvalid` when the file itself is unreadable."""
    if len(text.encode()) > MAX_CSV_BYTES:
        raise CsvInvalid(f"The file is larger than {MAX_CSV_BYTES} bytes.")
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip().lower() for name in reader.fieldnames or []]
    if not header:
        raise CsvInvalid("The file has no header row.")
    unknown = sorted(set(header) - COLUMNS)
    if unknown:
        raise CsvInvalid(f"Unknown columns: {', '.join(unknown)}.")
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise CsvInvalid(f"Missing columns: {', '.join(missing)}.")
    reader.fieldnames = header
    result = CsvOrders()
    by_reference: dict[str, dict[str, Any]] = {}
    first_rows: dict[str, tuple[int, dict[str, str]]] = {}
    try:
        for number, raw in enumerate(reader, start=2):
            if None in raw:
                raise CsvInvalid(f"Row {number} has more cells than the header.")
            row = {key: (value or "").strip() for key, value in raw.items()}
            if not any(row.values()):
                continue
            reference = row["external_reference"]
            if not reference:
                raise CsvInvalid(f"Row {number} has no external_reference.")
            line = {name: row.get(name, "") for name in LINE_COLUMNS}
            if reference not in by_reference:
                by_reference[reference] = _order_dict(row)
                first_rows[reference] = (number, _order_level(row))
                result.orders.append(by_reference[reference])
            else:
                first, values = first_rows[reference]
                for name, value in _order_level(row).items():
                    if value and value != values[name]:
                        result.refused.setdefault(reference, []).append(
                            Problem(
                                name,
                                CaptureErrorCode.INVALID,
                                f"row {number} says {value!r}, row {first} said "
                                f"{values[name]!r}: one order has one {name}",
                            )
                        )
            by_reference[reference]["lines"].append(line)
    except csv.Error as exc:
        raise CsvInvalid(f"The file is not valid CSV: {exc}") from None
    if not result.orders:
        raise CsvInvalid("The file has no orders, only a header row.")
    return result
