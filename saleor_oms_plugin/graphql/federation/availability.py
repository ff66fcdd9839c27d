"""Variant availability for storefronts: per channel and per click & collect location.

Read-only over the inventory ledger (``inventory.selectors``). One batch per request answers
every (variant, channel) asked for: per channel, one query for the channel's totals and one for
its pickup locations' stock, however many variants.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from graphql import GraphQLResolveInfo

from saleor_oms_plugin.graphql.core.dataloaders import BatchLoader, loader
from saleor_oms_plugin.inventory.models import Channel
from saleor_oms_plugin.inventory.selectors import channel_availability, stock_level_list
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.routing.geo import haversine_km
from saleor_oms_plugin.routing.model import Coordinates
from saleor_oms_plugin.tenants.models import Tenant

# Saleor's WarehouseClickAndCollectOption: DISABLED, LOCAL (own stock only), ALL.
PICKUP_DISABLED = "DISABLED"


@dataclass(frozen=True)
class PickupStock:
    location: Location
    available: int
    distance_km: float | None = None


@dataclass(frozen=True)
class VariantStock:
    variant_id: str
    channel: str
    available_to_sell: int
    pickups: list[PickupStock] = field(default_factory=list)


Key = tuple[str, str]  # (Saleor ProductVariant ID, channel slug)


def variant_stock(*, tenant_id: int, keys: list[Key]) -> dict[Key, VariantStock]:
    """Availability of each (variant, channel); channels the tenant does not have are absent."""
    variants_by_channel: dict[str, list[str]] = defaultdict(list)
    for variant_id, slug in keys:
        variants_by_channel[slug].append(variant_id)
    channels = Channel.objects.filter(tenant_id=tenant_id, slug__in=list(variants_by_channel))
    found: dict[Key, VariantStock] = {}
    for channel in channels:
        variant_ids = variants_by_channel[channel.slug]
        pickups: dict[str, list[PickupStock]] = defaultdict(list)
        stocks = stock_level_list(
            tenant_id=tenant_id, variant_ids=variant_ids, channel_slug=channel.slug
        ).filter(location__is_deleted=False)
        for stock in stocks.exclude(location__click_and_collect_option=PICKUP_DISABLED):
            pickups[stock.variant_id].append(PickupStock(stock.location, stock.available))
        for row in channel_availability(
            tenant_id=tenant_id, channel=channel, variant_ids=variant_ids
        ):
            found[(row.variant_id, channel.slug)] = VariantStock(
                variant_id=row.variant_id,
                channel=channel.slug,
                available_to_sell=row.available_to_sell,
                pickups=pickups[row.variant_id],
            )
    return found


def variant_stock_loader(
    info: GraphQLResolveInfo, tenant: Tenant
) -> BatchLoader[Key, VariantStock]:
    return loader(
        info,
        f"variant_stock:{tenant.pk}",
        lambda keys: variant_stock(tenant_id=tenant.pk, keys=keys),
    )


def sorted_by_distance(pickups: list[PickupStock], lat: float, lng: float) -> list[PickupStock]:
    """Nearest first; locations without coordinates last, by name."""
    origin = Coordinates(lat=lat, lng=lng)
    measured = [
        PickupStock(
            p.location,
            p.available,
            (
                round(
                    haversine_km(origin, Coordinates(p.location.latitude, p.location.longitude)), 1
                )
                if p.location.latitude is not None and p.location.longitude is not None
                else None
            ),
        )
        for p in pickups
    ]
    return sorted(
        measured,
        key=lambda p: (p.distance_km is None, p.distance_km or 0.0, p.location.name),
    )
