"""Tenant-scoped reads of the ledger, channels and reservations; available-to-sell."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from saleor_oms_plugin.inventory.models import (
    Channel,
    ChannelLocation,
    FeedRun,
    FeedSource,
    Reservation,
    StockLevel,
    StockMovement,
    Transfer,
)


def stock_level_list(
    *,
    tenant_id: int,
    variant_ids: Iterable[str] | None = None,
    location_id: int | None = None,
    sku: str | None = None,
    channel_slug: str | None = None,
) -> QuerySet[StockLevel]:
    stocks = StockLevel.objects.filter(tenant_id=tenant_id).select_related("location")
    if variant_ids is not None:
        stocks = stocks.filter(variant_id__in=list(variant_ids))
    if location_id is not None:
        stocks = stocks.filter(location_id=location_id)
    if sku:
        stocks = stocks.filter(sku=sku)
    if channel_slug is not None:
        stocks = stocks.filter(
            location_id__in=ChannelLocation.objects.filter(
                channel__tenant_id=tenant_id, channel__slug=channel_slug
            ).values("location_id")
        )
    return stocks.order_by("variant_id", "location__name", "pk")


def stock_level_get(*, tenant_id: int, pk: int) -> StockLevel | None:
    return StockLevel.objects.filter(tenant_id=tenant_id, pk=pk).first()


def stock_movement_list(
    *,
    tenant_id: int,
    stock_id: int | None = None,
    variant_id: str | None = None,
    location_id: int | None = None,
    reason: str | None = None,
) -> QuerySet[StockMovement]:
    movements = StockMovement.objects.filter(tenant_id=tenant_id).select_related("stock")
    if stock_id is not None:
        movements = movements.filter(stock_id=stock_id)
    if variant_id is not None:
        movements = movements.filter(stock__variant_id=variant_id)
    if location_id is not None:
        movements = movements.filter(stock__location_id=location_id)
    if reason is not None:
        movements = movements.filter(reason=reason)
    return movements.order_by("-created_at", "-pk")


def channel_list(*, tenant_id: int) -> QuerySet[Channel]:
    return Channel.objects.filter(tenant_id=tenant_id).order_by("slug")


def channel_get(
    *, tenant_id: int, slug: str | None = None, pk: int | None = None
) -> Channel | None:
    channels = Channel.objects.filter(tenant_id=tenant_id)
    if slug is not None:
        channels = channels.filter(slug=slug)
    if pk is not None:
        channels = channels.filter(pk=pk)
    return channels.first()


def reservation_list(
    *, tenant_id: int, state: str | None = None, channel_slug: str | None = None
) -> QuerySet[Reservation]:
    reservations = Reservation.objects.filter(tenant_id=tenant_id).select_related("channel")
    if state is not None:
        reservations = reservations.filter(state=state)
    if channel_slug is not None:
        reservations = reservations.filter(channel__slug=channel_slug)
    return reservations.order_by("-created_at", "-pk")


def reservation_get(
    *, tenant_id: int, pk: int | None = None, reference: str | None = None
) -> Reservation | None:
    reservations = Reservation.objects.filter(tenant_id=tenant_id)
    if pk is not None:
        reservations = reservations.filter(pk=pk)
    if reference is not None:
        reservations = reservations.filter(reference=reference)
    return reservations.first()


# -- feeds and transfers -----------------------------------------------------------------------


def feed_source_list(*, tenant_id: int) -> QuerySet[FeedSource]:
    return FeedSource.objects.filter(tenant_id=tenant_id).select_related("default_location")


def feed_run_list(
    *, tenant_id: int, source_name: str | None = None, status: str | None = None
) -> QuerySet[FeedRun]:
    runs = FeedRun.objects.filter(tenant_id=tenant_id).select_related("source")
    if source_name is not None:
        runs = runs.filter(source__name=source_name)
    if status is not None:
        runs = runs.filter(status=status)
    return runs.order_by("-created_at", "-pk")


def feed_run_get(
    *, tenant_id: int, pk: int | None = None, idempotency_key: str | None = None
) -> FeedRun | None:
    runs = FeedRun.objects.filter(tenant_id=tenant_id).select_related("source")
    if pk is not None:
        runs = runs.filter(pk=pk)
    if idempotency_key is not None:
        runs = runs.filter(idempotency_key=idempotency_key)
    return runs.first()


def transfer_list(
    *, tenant_id: int, state: str | None = None, location_id: int | None = None
) -> QuerySet[Transfer]:
    transfers = Transfer.objects.filter(tenant_id=tenant_id).select_related(
        "from_location", "to_location"
    )
    if state is not None:
        transfers = transfers.filter(state=state)
    if location_id is not None:
        transfers = transfers.filter(
            Q(from_location_id=location_id) | Q(to_location_id=location_id)
        )
    return transfers.order_by("-created_at", "-pk")


def transfer_get(*, tenant_id: int, pk: int) -> Transfer | None:
    return transfer_list(tenant_id=tenant_id).filter(pk=pk).first()


# -- available to sell ---------------------------------------------------------------------


def buffered(total: int, *, kind: str, value: int) -> int:
    """What a channel is shown of ``total`` available units after its buffer (never < 0).

    A percentage buffer rounds the shown figure down: showing one unit too few is safe, one
    too many is an oversell.
    """
    if kind == Channel.BufferKind.FIXED:
        return max(0, total - value)
    if kind == Channel.BufferKind.PERCENT:
        return max(0, total * (100 - value) // 100)
    return max(0, total)


@dataclass(frozen=True)
class ChannelAvailability:
    variant_id: str
    channel_slug: str
    on_hand: int
    allocated: int
    reserved: int
    safety_stock: int
    available: int  # sum over the channel's locations of what each can still promise
    available_to_sell: int  # ``available`` after the channel's buffer


def channel_availability(
    *, tenant_id: int, channel: Channel, variant_ids: Iterable[str]
) -> list[ChannelAvailability]:
    """Available-to-sell of each variant in ``channel``, in the order asked for.

    Per location ``max(0, on hand − allocated − reserved − safety stock)``, summed over the
    locations serving the channel: a location Saleor over-allocated contributes nothing rather
    than eating into the others' stock.
    """
    ids = list(dict.fromkeys(variant_ids))
    totals = {vid: [0, 0, 0, 0, 0] for vid in ids}
    rows = stock_level_list(tenant_id=tenant_id, variant_ids=ids).filter(
        location__in=channel.channel_locations.values("location_id"), location__is_deleted=False
    )
    for stock in rows:
        total = totals[stock.variant_id]
        total[0] += stock.on_hand
        total[1] += stock.allocated
        total[2] += stock.reserved
        total[3] += stock.safety_stock
        total[4] += stock.available
    return [
        ChannelAvailability(
            variant_id=vid,
            channel_slug=channel.slug,
            on_hand=t[0],
            allocated=t[1],
            reserved=t[2],
            safety_stock=t[3],
            available=t[4],
            available_to_sell=buffered(t[4], kind=channel.buffer_kind, value=channel.buffer_value),
        )
        for vid, t in totals.items()
    ]
