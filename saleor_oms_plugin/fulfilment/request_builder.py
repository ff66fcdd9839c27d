"""Read models + routing settings + stock → the engine's ``RoutingRequest``.

Location IDs in the request are Saleor warehouse IDs: they are what ``orderFulfill`` takes and
what stays stable when a location's read-model row is rebuilt.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db.models import Count, QuerySet

from saleor_oms_plugin.fulfilment.models import LocationRoutingSettings, PlanShipment
from saleor_oms_plugin.inventory.models import ChannelLocation
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.orders.models import Order
from saleor_oms_plugin.routing.model import (
    Address,
    CandidateLocation,
    Coordinates,
    CostParameters,
    DeliveryMethod,
    Destination,
    OrderLine,
    RoutingRequest,
)


def order_lines_to_route(order: Order) -> dict[str, int]:
    """Units of each shippable line not yet fulfilled, by Saleor line id.

    Our own applied shipments count even before Saleor's webhook updates the read model.
    """
    applied: dict[str, int] = {}
    for shipment in PlanShipment.objects.filter(
        plan__order=order, state=PlanShipment.State.APPLIED
    ):
        for line in shipment.lines:
            applied[line["line_id"]] = applied.get(line["line_id"], 0) + int(line["quantity"])
    remaining = {}
    for line in order.lines.all():
        if not line.is_shipping_required:
            continue
        left = line.quantity - max(line.quantity_fulfilled, applied.get(line.saleor_id, 0))
        if left > 0:
            remaining[line.saleor_id] = left
    return remaining


def _destination(order: Order) -> Destination:
    address = order.shipping_address or order.billing_address or {}
    return Destination(
        Address(
            country=str(address.get("country") or "").upper(),
            postal_code=str(address.get("postalCode") or ""),
            city=str(address.get("city") or ""),
            country_area=str(address.get("countryArea") or ""),
        )
    )


def _delivery(order: Order) -> DeliveryMethod:
    if order.delivery_method_type == "Warehouse" and order.delivery_method_id:
        return DeliveryMethod.pickup_at(order.delivery_method_id)
    return DeliveryMethod.shipping()


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _shipped_today(locations: Iterable[Location], now: dt.datetime) -> dict[int, int]:
    """Parcels each location has sent today in its own time zone (counted from our plans)."""
    since: dict[int, dt.datetime] = {}
    for location in locations:
        settings = _settings_of(location)
        zone = _zone(settings.time_zone if settings else "UTC")
        local = now.astimezone(zone)
        since[location.pk] = local.replace(hour=0, minute=0, second=0, microsecond=0)
    if not since:
        return {}
    earliest = min(since.values())
    rows = (
        PlanShipment.objects.filter(
            location_id__in=list(since),
            state__in=[PlanShipment.State.APPLIED, PlanShipment.State.SHORT_PICKED],
            applied_at__gte=earliest,
        )
        .values("location_id", "applied_at")
        .annotate(n=Count("pk"))
    )
    counts: dict[int, int] = {}
    for row in rows:
        applied_at = row["applied_at"]
        if applied_at is not None and applied_at >= since[row["location_id"]]:
            counts[row["location_id"]] = counts.get(row["location_id"], 0) + row["n"]
    return counts


def _settings_of(location: Location) -> LocationRoutingSettings | None:
    try:
        return location.routing_settings  # type: ignore[attr-defined, no-any-return]
    except LocationRoutingSettings.DoesNotExist:
        return None


def candidate_location(
    location: Location, stock: Mapping[str, Mapping[str, int]], shipped_today: int
) -> CandidateLocation:
    settings = _settings_of(location)
    pickup_default = location.click_and_collect_option not in ("", "DISABLED")
    capacity = None
    if settings is not None and settings.daily_parcel_capacity is not None:
        capacity = max(0, settings.daily_parcel_capacity - shipped_today)
    placed = location.latitude is not None and location.longitude is not None
    return CandidateLocation(
        location_id=location.saleor_id,
        name=location.name,
        # Unplaced locations stay candidates: the engine counts them as the farthest and says so.
        coordinates=(
            Coordinates(location.latitude, location.longitude)  # type: ignore[arg-type]
            if placed
            else None
        ),
        country=location.country.upper(),
        stock={
            variant_id: per_location.get(location.saleor_id, 0)
            for variant_id, per_location in stock.items()
        },
        tags=frozenset(settings.tags if settings else ()),
        ships=settings.ships if settings else True,
        pickup=pickup_default if settings is None or settings.pickup is None else settings.pickup,
        daily_capacity_left=capacity,
        cutoff=settings.cutoff_time if settings else None,
        timezone=settings.time_zone if settings else "UTC",
        priority=settings.priority if settings else 0,
        cost=CostParameters(
            parcel_fixed_cost=float(settings.parcel_fixed_cost) if settings else 0.0,
            handling_cost_per_unit=float(settings.handling_cost_per_unit) if settings else 0.0,
        ),
    )


@dataclass(frozen=True)
class Candidates:
    """The locations that may ship an order, with the parcels each has sent today."""

    locations: list[Location]
    shipped_today: dict[int, int]


def order_candidates(order: Order, now: dt.datetime) -> Candidates:
    """What :func:`routing_request_build` reads about locations: the same for every order of
    the tenant's channel at the moment ``now``."""
    return channel_candidates(tenant_id=order.tenant_id, channel_slug=order.channel_slug, now=now)


def channel_candidates(*, tenant_id: int, channel_slug: str, now: dt.datetime) -> Candidates:
    """The locations that may ship an order (or a cart) of the channel, with their settings."""
    locations = list(
        _candidates(tenant_id, channel_slug).select_related("routing_settings").order_by("pk")
    )
    return Candidates(locations, _shipped_today(locations, now))


def _candidates(tenant_id: int, channel_slug: str) -> QuerySet[Location]:
    """Saleor warehouses (only they can fulfil in Saleor) that serve the channel.

    A channel whose warehouses are not known yet (the channel import has not run) is served by
    every warehouse, as before channels were imported.
    """
    locations = Location.objects.saleor_warehouses().filter(tenant_id=tenant_id, is_deleted=False)
    serving = ChannelLocation.objects.filter(
        channel__tenant_id=tenant_id, channel__slug=channel_slug
    ).values("location_id")
    if channel_slug and serving.exists():
        locations = locations.filter(pk__in=serving)
    return locations


def routing_request_build(
    *,
    order: Order,
    lines: Mapping[str, int],
    stock: Mapping[str, Mapping[str, int]],
    exclude_location_ids: Iterable[str] = (),
    now: dt.datetime,
    candidates: Candidates | None = None,
) -> RoutingRequest:
    """The request for routing ``lines`` (Saleor line id → units) of ``order``.

    Excluded locations are left out entirely: they refused or failed this order before, and
    so are locations that are not Saleor warehouses or do not serve the order's channel.
    Locations that cannot be placed (no manual position, metadata or geocodable address) are
    kept: the engine counts them as the farthest location and explains it in the plan.
    ``candidates`` are :func:`order_candidates` read before (by whoever routes many orders of
    one channel at the same moment); without them they are read here.
    """
    excluded = set(exclude_location_ids)
    found = candidates if candidates is not None else order_candidates(order, now)
    locations = [location for location in found.locations if location.saleor_id not in excluded]
    shipped = found.shipped_today
    order_lines = tuple(
        OrderLine(
            line_id=line.saleor_id,
            variant_id=line.variant_id,
            sku=line.sku,
            quantity=lines[line.saleor_id],
            weight_kg=float(line.unit_weight_kg or 0),
        )
        for line in order.lines.all()
        if lines.get(line.saleor_id, 0) > 0
    )
    return RoutingRequest(
        order_id=order.saleor_id,
        channel=order.channel_slug,
        lines=order_lines,
        destination=_destination(order),
        locations=tuple(
            candidate_location(location, stock, shipped.get(location.pk, 0))
            for location in locations
        ),
        delivery=_delivery(order),
    )
