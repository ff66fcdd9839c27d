"""Tenant-scoped reads of the warehouse: the switch, the layout, releases, waves, pick lists."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Model, QuerySet

from saleor_oms_plugin.orders.models import OrderLine
from saleor_oms_plugin.warehouse.models import (
    Bin,
    BoxType,
    LocationExecution,
    Parcel,
    PickList,
    PickListLine,
    Release,
    Slot,
    VariantDimensions,
    Wave,
    Zone,
)


def execution_get(*, tenant_id: int, location_id: int) -> LocationExecution | None:
    return (
        LocationExecution.objects.filter(tenant_id=tenant_id, location_id=location_id)
        .select_related("location")
        .first()
    )


def execution_enabled(*, tenant_id: int, location_id: int) -> bool:
    """Whether warehouse execution is on for the location (off unless switched on)."""
    return LocationExecution.objects.filter(
        tenant_id=tenant_id, location_id=location_id, enabled=True
    ).exists()


def execution_list(*, tenant_id: int) -> QuerySet[LocationExecution]:
    return LocationExecution.objects.filter(tenant_id=tenant_id).select_related("location")


def zone_list(*, tenant_id: int, location_id: int) -> QuerySet[Zone]:
    return Zone.objects.filter(tenant_id=tenant_id, location_id=location_id)


def bin_list(*, tenant_id: int, location_id: int) -> QuerySet[Bin]:
    return Bin.objects.filter(tenant_id=tenant_id, location_id=location_id).select_related("zone")


def slot_list(*, tenant_id: int, location_id: int) -> QuerySet[Slot]:
    return Slot.objects.filter(tenant_id=tenant_id, location_id=location_id).select_related(
        "bin__zone"
    )


def box_type_list(*, tenant_id: int, location_id: int) -> QuerySet[BoxType]:
    return BoxType.objects.filter(tenant_id=tenant_id, location_id=location_id)


def dimensions_list(*, tenant_id: int, variant_ids: Iterable[str] | None = None):
    rows = VariantDimensions.objects.filter(tenant_id=tenant_id)
    if variant_ids is not None:
        rows = rows.filter(variant_id__in=list(variant_ids))
    return rows


def variant_weights_from_orders(*, tenant_id: int, variant_ids: Iterable[str]) -> dict[str, int]:
    """Grams per unit as Saleor last sent them on order lines (stored in kg on the read
    model), for the variants that have one: the default when no weight is entered here."""
    weights: dict[str, int] = {}
    rows = (
        OrderLine.objects.filter(
            order__tenant_id=tenant_id,
            variant_id__in=list(variant_ids),
            unit_weight_kg__isnull=False,
        )
        .order_by("variant_id", "-order__saleor_updated_at", "-pk")
        .distinct("variant_id")
        .values_list("variant_id", "unit_weight_kg")
    )
    for variant_id, kg in rows:
        if kg is not None:
            weights[variant_id] = int((Decimal(kg) * 1000).to_integral_value())
    return weights


@dataclass(frozen=True)
class VariantProfile:
    """What packing uses of a variant: its sides in mm (None: unknown), weight in grams (None:
    unknown), whether it ships upright. Weight: entered here, else Saleor's from order lines."""

    variant_id: str
    sides_mm: tuple[int, int, int] | None
    weight_g: int | None
    keep_upright: bool


def variant_profiles(*, tenant_id: int, variant_ids: Iterable[str]) -> dict[str, VariantProfile]:
    """A profile for every variant asked for (two queries, whatever their number)."""
    wanted = sorted(set(variant_ids))
    entered = {d.variant_id: d for d in dimensions_list(tenant_id=tenant_id, variant_ids=wanted)}
    missing_weight = [v for v in wanted if v not in entered or entered[v].weight_g is None]
    from_orders = (
        variant_weights_from_orders(tenant_id=tenant_id, variant_ids=missing_weight)
        if missing_weight
        else {}
    )
    profiles = {}
    for variant_id in wanted:
        row = entered.get(variant_id)
        sides = (
            (row.width_mm, row.height_mm, row.depth_mm)
            if row and row.width_mm and row.height_mm and row.depth_mm
            else None
        )
        weight = row.weight_g if row and row.weight_g is not None else from_orders.get(variant_id)
        profiles[variant_id] = VariantProfile(
            variant_id, sides, weight, bool(row and row.keep_upright)
        )
    return profiles


def release_list(
    *, tenant_id: int, location_id: int | None = None, states: Iterable[str] | None = None
) -> QuerySet[Release]:
    rows = Release.objects.filter(tenant_id=tenant_id)
    if location_id is not None:
        rows = rows.filter(location_id=location_id)
    if states:
        rows = rows.filter(state__in=list(states))
    return rows


def release_get(*, tenant_id: int, pk: int) -> Release | None:
    return Release.objects.filter(tenant_id=tenant_id, pk=pk).first()


def wave_list(
    *, tenant_id: int, location_id: int | None = None, states: Iterable[str] | None = None
) -> QuerySet[Wave]:
    rows = Wave.objects.filter(tenant_id=tenant_id)
    if location_id is not None:
        rows = rows.filter(location_id=location_id)
    if states:
        rows = rows.filter(state__in=list(states))
    return rows


def wave_get(*, tenant_id: int, pk: int) -> Wave | None:
    return Wave.objects.filter(tenant_id=tenant_id, pk=pk).first()


def pick_list_get(*, tenant_id: int, pk: int) -> PickList | None:
    return PickList.objects.filter(tenant_id=tenant_id, pk=pk).first()


def pick_list_line_get(*, tenant_id: int, pk: int) -> PickListLine | None:
    return PickListLine.objects.filter(tenant_id=tenant_id, pk=pk).first()


# Where each kind of row records its location (pick list lines through their wave).
_LOCATION_PATHS: dict[type[Model], str] = {
    Zone: "location_id",
    Bin: "location_id",
    Slot: "location_id",
    BoxType: "location_id",
    Wave: "location_id",
    Release: "location_id",
    PickList: "wave__location_id",
    PickListLine: "pick_list__wave__location_id",
    Parcel: "release__location_id",
}


def row_location_id(*, tenant_id: int, model: type[Model], pk: int) -> int | None:
    """The location a warehouse row belongs to; None when the tenant has no such row."""
    path = _LOCATION_PATHS[model]
    rows = model._default_manager.filter(tenant_id=tenant_id, pk=pk)
    return rows.values_list(path, flat=True).first()
