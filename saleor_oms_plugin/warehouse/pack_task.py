"""The pack station's view of a release: what was scanned of each line, the parcels,
the box suggestions for what is left, the expected weight.

:func:`pack_lookup` finds the release a scan names at a location: a release id
(its ``OmsWarehouseRelease`` global id), a tote (``W<wave>-T<tote>``) or an order
number. :func:`pack_task_build` reads everything the station shows in a fixed number of
queries.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from decimal import Decimal

from saleor_oms_plugin.orders.models import OrderLine
from saleor_oms_plugin.warehouse.models import (
    BoxType,
    LocationExecution,
    Parcel,
    PickList,
    Release,
    VariantDimensions,
)
from saleor_oms_plugin.warehouse.selectors import VariantProfile, variant_profiles
from saleor_oms_plugin.warehouse_planning import packing
from saleor_oms_plugin.warehouse_planning.errors import PlanningError
from saleor_oms_plugin.warehouse_planning.model import BoxType as PlanBox
from saleor_oms_plugin.warehouse_planning.model import Dimensions, Item, PackingMode

TOTE = re.compile(r"^W(\d+)-T(\d+)$", re.IGNORECASE)
PACKABLE = (Release.State.PICKED, Release.State.PACKED, Release.State.SHIPPED)
MAX_SUGGESTIONS = 3
DEFAULT_TOLERANCE_G = 50
# Parcels whose units count as packed.
HOLDING = (
    Parcel.State.OPEN,
    Parcel.State.CLOSED,
    Parcel.State.LABELLED,
    Parcel.State.SHIPPED,
)


@dataclass(frozen=True)
class PackLine:
    line_id: str
    sku: str
    barcode: str
    product_name: str
    quantity: int
    scanned: int


@dataclass(frozen=True)
class SuggestedBox:
    code: str
    name: str
    items: tuple[str, ...]  # SKUs, one per unit
    weight_g: int  # contents and the box's tare


@dataclass(frozen=True)
class Suggestion:
    boxes: tuple[SuggestedBox, ...]
    empty_volume_cm3: float
    cost: Decimal
    by_volume_only: bool

    @property
    def box_count(self) -> int:
        return len(self.boxes)


@dataclass(frozen=True)
class PackTask:
    release: Release
    order_number: str
    tote: str | None
    lines: tuple[PackLine, ...]
    suggestions: tuple[Suggestion, ...]
    expected_weight_g: int | None
    weight_tolerance_g: int
    parcels: tuple[Parcel, ...]

    @property
    def complete(self) -> bool:
        return all(line.scanned >= line.quantity for line in self.lines)


def _release_pk(scan: str) -> int | None:
    """The release a global id (``OmsWarehouseRelease:<pk>`` in base64) names."""
    try:
        decoded = base64.b64decode(scan, validate=True).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    kind, _, pk = decoded.partition(":")
    return int(pk) if kind == "OmsWarehouseRelease" and pk.isdigit() else None


def _best(releases: list[Release]) -> Release | None:
    """The one to pack: picked first, then packed, then the others (oldest first)."""
    rank: dict[str, int] = {Release.State.PICKED: 0, Release.State.PACKED: 1}
    ordered = sorted(releases, key=lambda r: (rank.get(r.state, 2), r.created_at, r.pk))
    return ordered[0] if ordered else None


def pack_lookup(*, tenant_id: int, location_id: int, scan: str) -> Release | None:
    """The release a scan at the pack station names, or None."""
    text = scan.strip()
    rows = Release.objects.filter(tenant_id=tenant_id, location_id=location_id).select_related(
        "order", "location", "wave"
    )
    tote = TOTE.match(text)
    if tote:
        wave_number, position = int(tote.group(1)), int(tote.group(2))
        lists = PickList.objects.filter(
            tenant_id=tenant_id, wave__location_id=location_id, wave__number=wave_number
        ).values_list("releases", flat=True)
        ids = [ids[position - 1] for ids in lists if 0 < position <= len(ids)]
        return _best(list(rows.filter(pk__in=ids)))
    pk = _release_pk(text)
    if pk is not None:
        found = rows.filter(pk=pk).first()
        if found is not None:
            return found
    return _best(list(rows.filter(order__number=text.lstrip("#"))))


def _tote_of(release: Release) -> str | None:
    if release.wave_id is None or release.wave is None:
        return None
    for releases in PickList.objects.filter(wave_id=release.wave_id).values_list(
        "releases", flat=True
    ):
        if release.pk in releases:
            return f"W{release.wave.number}-T{releases.index(release.pk) + 1}"
    return None


def scanned_per_line(parcels: list[Parcel]) -> dict[str, int]:
    """Units of each Saleor order line in the parcels that hold units (not voided)."""
    scanned: dict[str, int] = {}
    for parcel in parcels:
        if parcel.state in HOLDING:
            for line_id, units in parcel.items.items():
                scanned[line_id] = scanned.get(line_id, 0) + int(units)
    return scanned


def _grams(profiles: dict[str, VariantProfile], variant_id: str) -> int | None:
    profile = profiles.get(variant_id)
    return profile.weight_g if profile else None


def items_weight(
    release: Release, units: dict[str, int], profiles: dict[str, VariantProfile]
) -> int | None:
    """Grams of ``units`` (order line id → units) of the release; None when a weight is
    unknown."""
    variant_of = {line["line_id"]: line["variant_id"] for line in release.lines}
    total = 0
    for line_id, count in units.items():
        grams = _grams(profiles, variant_of.get(line_id, ""))
        if grams is None:
            return None
        total += grams * int(count)
    return total


def _items(
    release: Release, left: dict[str, int], profiles: dict[str, VariantProfile]
) -> tuple[list[Item], dict[str, str]]:
    items: list[Item] = []
    sku_of: dict[str, str] = {}
    for line in release.lines:
        profile = profiles.get(line["variant_id"])
        sides = profile.sides_mm if profile else None
        for n in range(left.get(line["line_id"], 0)):
            item_id = f"{line['line_id']}#{n}"
            sku_of[item_id] = line["sku"]
            items.append(
                Item(
                    item_id=item_id,
                    weight=(profile.weight_g or 0) if profile else 0,
                    dimensions=Dimensions(*sides) if sides else None,
                    keep_upright=bool(profile and profile.keep_upright),
                )
            )
    return items, sku_of


def _plan_box(box: BoxType) -> PlanBox:
    return PlanBox(
        box_id=box.code,
        inner=Dimensions(box.inner_width_mm, box.inner_height_mm, box.inner_depth_mm),
        max_weight=box.max_weight_g,
        cost=float(box.cost),
    )


def box_suggestions(
    items: list[Item], sku_of: dict[str, str], boxes: list[BoxType]
) -> list[Suggestion]:
    """The best packing of ``items`` into the catalogue, then alternatives without each box
    type it uses (best first, at most three, no duplicates)."""
    if not items or not boxes:
        return []
    by_code = {box.code: box for box in boxes}
    found: list[Suggestion] = []
    seen: set[tuple[str, ...]] = set()
    catalogues = [list(boxes)]
    while catalogues and len(found) < MAX_SUGGESTIONS:
        catalogue = catalogues.pop(0)
        try:
            result = packing.suggest_boxes(items, [_plan_box(b) for b in catalogue])
        except PlanningError:
            continue
        codes = tuple(sorted(b.box.box_id for b in result.boxes))
        if codes in seen:
            continue
        seen.add(codes)
        found.append(
            Suggestion(
                boxes=tuple(
                    SuggestedBox(
                        code=packed.box.box_id,
                        name=by_code[packed.box.box_id].name,
                        items=tuple(sku_of[p.item_id] for p in packed.placements),
                        weight_g=packed.weight + by_code[packed.box.box_id].tare_weight_g,
                    )
                    for packed in result.boxes
                ),
                empty_volume_cm3=round(result.empty_volume / 1000, 3),
                cost=sum((by_code[b.box.box_id].cost for b in result.boxes), Decimal(0)),
                by_volume_only=result.mode is PackingMode.VOLUME,
            )
        )
        if len(found) == 1:
            for code in dict.fromkeys(b.box.box_id for b in result.boxes):
                catalogues.append([b for b in catalogue if b.code != code])
    return found


def pack_task_build(release: Release) -> PackTask:
    """Everything the pack station shows of ``release`` (its order and location loaded)."""
    parcels = list(Parcel.objects.filter(release_id=release.pk).select_related("label"))
    scanned = scanned_per_line(parcels)
    variant_ids = [line["variant_id"] for line in release.lines]
    profiles = variant_profiles(tenant_id=release.tenant_id, variant_ids=variant_ids)
    barcodes = dict(
        VariantDimensions.objects.filter(
            tenant_id=release.tenant_id, variant_id__in=variant_ids
        ).values_list("variant_id", "barcode")
    )
    names = dict(
        OrderLine.objects.filter(
            order_id=release.order_id, saleor_id__in=[line["line_id"] for line in release.lines]
        ).values_list("saleor_id", "product_name")
    )
    lines = tuple(
        PackLine(
            line_id=line["line_id"],
            sku=line["sku"],
            barcode=barcodes.get(line["variant_id"], ""),
            product_name=names.get(line["line_id"], line["sku"]),
            quantity=int(line["quantity"]),
            scanned=min(scanned.get(line["line_id"], 0), int(line["quantity"])),
        )
        for line in release.lines
    )
    # Boxes for what is not in a closed parcel yet: the open parcel's units and the unscanned.
    closed = scanned_per_line([p for p in parcels if p.state != Parcel.State.OPEN])
    left = {
        line["line_id"]: int(line["quantity"]) - closed.get(line["line_id"], 0)
        for line in release.lines
    }
    boxes = list(
        BoxType.objects.filter(
            tenant_id=release.tenant_id, location_id=release.location_id, is_active=True
        )
    )
    items, sku_of = _items(release, left, profiles)
    suggestions = box_suggestions(items, sku_of, boxes)
    open_parcel = next((p for p in parcels if p.state == Parcel.State.OPEN), None)
    expected = items_weight(release, open_parcel.items if open_parcel else left, profiles)
    if expected is not None and suggestions and suggestions[0].box_count == 1:
        expected += _tare(boxes, suggestions[0].boxes[0].code)  # the box it will likely go in
    tolerance = (
        LocationExecution.objects.filter(
            tenant_id=release.tenant_id, location_id=release.location_id
        )
        .values_list("weight_tolerance_g", flat=True)
        .first()
    )
    return PackTask(
        release=release,
        order_number=release.order.number,
        tote=_tote_of(release),
        lines=lines,
        suggestions=tuple(suggestions),
        expected_weight_g=expected,
        weight_tolerance_g=DEFAULT_TOLERANCE_G if tolerance is None else tolerance,
        parcels=tuple(parcels),
    )


def _tare(boxes: list[BoxType], code: str) -> int:
    return next((b.tare_weight_g for b in boxes if b.code == code), 0)
