"""Reading a variant's size and weight from Saleor's answer: plain functions over one
``productVariants`` node of ``queries/variant_dimensions_page``.

Weight: the variant's, else its product's, else its product type's (Saleor's own order).
Sides: the merchant names where they live (``DimensionSource``): attribute slugs (the
variant's attributes, then the product's; a numeric value is the value's ``name``, a text one
its ``plainText``) or metadata keys (the variant's, then the product's), in mm, cm or inches;
an attribute's own unit wins. All three sides or none: a variant with a missing or unreadable
side gets no size (and says why).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from saleor_oms_plugin.core.payload import PayloadError, weight_in_grams

MM_PER_UNIT = {"mm": Decimal(1), "cm": Decimal(10), "in": Decimal("25.4")}
# Saleor's MeasurementUnitsEnum lengths.
MM_PER_ATTRIBUTE_UNIT = {
    "MM": Decimal(1),
    "CM": Decimal(10),
    "DM": Decimal(100),
    "M": Decimal(1000),
    "INCH": Decimal("25.4"),
    "FT": Decimal("304.8"),
    "YD": Decimal("914.4"),
}
MAX_MM = 100_000
MAX_G = 10_000_000
SIDES = ("width", "height", "depth")


@dataclass(frozen=True)
class DimensionSource:
    """Where the merchant keeps the sides: ``source`` "attributes" or "metadata"; a key per
    side (empty: not configured); the values' ``unit`` (mm, cm, in)."""

    source: str = "attributes"
    width_key: str = ""
    height_key: str = ""
    depth_key: str = ""
    unit: str = "cm"

    @property
    def keys(self) -> tuple[str, str, str]:
        return (self.width_key.strip(), self.height_key.strip(), self.depth_key.strip())

    @property
    def configured(self) -> bool:
        return all(self.keys)


@dataclass(frozen=True)
class SaleorDimensions:
    """What Saleor says of one variant: sides in mm (None: not known), weight in grams."""

    variant_id: str
    sku: str
    sides_mm: tuple[int, int, int] | None
    weight_g: int | None
    problem: str = ""  # why the sides (or weight) could not be read, if they could not


def _number(text: Any) -> Decimal | None:
    if text is None:
        return None
    cleaned = str(text).strip().replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _attribute_value(node: dict[str, Any], slug: str) -> tuple[Any, str | None] | None:
    """The first value of the attribute ``slug`` (the variant's, then the product's) and its
    unit; None when neither has it."""
    for owner in (node, node.get("product") or {}):
        for selected in owner.get("attributes") or []:
            attribute = selected.get("attribute") or {}
            if attribute.get("slug") != slug:
                continue
            values = selected.get("values") or []
            if not values:
                return None
            first = values[0]
            text = first.get("name") if first.get("name") not in (None, "") else None
            return (text if text is not None else first.get("plainText"), attribute.get("unit"))
    return None


def _metadata_value(node: dict[str, Any], key: str) -> tuple[Any, str | None] | None:
    for owner in (node, node.get("product") or {}):
        for item in owner.get("metadata") or []:
            if item.get("key") == key:
                return item.get("value"), None
    return None


def _to_mm(value: Decimal, unit: str | None, source: DimensionSource) -> int | None:
    factor = MM_PER_ATTRIBUTE_UNIT.get(unit or "") or MM_PER_UNIT.get(source.unit)
    if factor is None:
        return None
    mm = int((value * factor).to_integral_value(rounding=ROUND_HALF_UP))
    return mm if 1 <= mm <= MAX_MM else None


def sides_of(
    node: dict[str, Any], source: DimensionSource
) -> tuple[tuple[int, int, int] | None, str]:
    """The variant's three sides in mm, or None and why not ("" when not configured)."""
    if not source.configured:
        return None, ""
    read = _attribute_value if source.source == "attributes" else _metadata_value
    sides: list[int] = []
    for side, key in zip(SIDES, source.keys, strict=True):
        found = read(node, key)
        if found is None:
            return None, f"no {side} ({key})"
        raw, unit = found
        number = _number(raw)
        mm = _to_mm(number, unit, source) if number is not None else None
        if mm is None:
            return None, f"the {side} ({key}) is not a size: {str(raw)[:40]!r}"
        sides.append(mm)
    return (sides[0], sides[1], sides[2]), ""


def weight_of(node: dict[str, Any]) -> tuple[int | None, str]:
    """Grams: the variant's weight, else its product's, else its product type's."""
    product = node.get("product") or {}
    for weight in (
        node.get("weight"),
        product.get("weight"),
        (product.get("productType") or {}).get("weight"),
    ):
        try:
            grams = weight_in_grams(weight)
        except PayloadError as exc:
            return None, str(exc)
        if grams is None:
            continue
        rounded = int(grams.to_integral_value(rounding=ROUND_HALF_UP))
        return (rounded, "") if 0 < rounded <= MAX_G else (None, f"weight out of range: {grams} g")
    return None, ""


def dimensions_of_variant(node: dict[str, Any], source: DimensionSource) -> SaleorDimensions:
    sides, side_problem = sides_of(node, source)
    weight, weight_problem = weight_of(node)
    return SaleorDimensions(
        variant_id=str(node["id"]),
        sku=str(node.get("sku") or ""),
        sides_mm=sides,
        weight_g=weight,
        problem="; ".join(p for p in (side_problem, weight_problem) if p),
    )
