"""Stock changes that start here (adjustments, restocks, safety stock) and channel settings.

The movement log is the audit trail of quantities; channel settings, which have no movement,
write audit events.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.inventory.changes import channel_locations_changed
from saleor_oms_plugin.inventory.error_codes import InventoryErrorCode
from saleor_oms_plugin.inventory.errors import InventoryError
from saleor_oms_plugin.inventory.events import InventoryEvent
from saleor_oms_plugin.inventory.ledger import Change, Origin, stock_change, stock_ensure
from saleor_oms_plugin.inventory.locks import (
    lock_channel,
    lock_or_create_channel,
    lock_stock_level,
)
from saleor_oms_plugin.inventory.models import Channel, ChannelLocation, StockLevel, StockMovement
from saleor_oms_plugin.locations.models import Location

Reason = StockMovement.Reason
# Reasons a caller may give for an on-hand adjustment; the others belong to their own services.
ADJUSTMENT_REASONS = frozenset(
    {Reason.MANUAL_ADJUSTMENT, Reason.RETURN_RESTOCK, Reason.EXTERNAL_FEED, Reason.TRANSFER}
)
MAX_QUANTITY = 1_000_000_000  # far below int4's limit, far above any real stock


def _location(*, tenant_id: int, location_id: int) -> Location:
    location = Location.objects.filter(
        tenant_id=tenant_id, pk=location_id, is_deleted=False
    ).first()
    if location is None:
        raise InventoryError(
            InventoryErrorCode.LOCATION_NOT_FOUND, "No such location.", field="location"
        )
    return location


def stock_adjust(
    *,
    tenant_id: int,
    location_id: int,
    variant_id: str,
    delta: int,
    actor: Actor,
    reason: StockMovement.Reason = Reason.MANUAL_ADJUSTMENT,
    source: str = "oms",
    reference: str = "",
    note: str = "",
    sku: str = "",
) -> StockMovement:
    """Add (or with a negative ``delta`` remove) units on hand; Saleor follows by write-back.

    Refuses, changing nothing, a removal of more than is on hand (NEGATIVE_STOCK).
    """
    if reason not in ADJUSTMENT_REASONS:
        raise InventoryError(
            InventoryErrorCode.INVALID_QUANTITY, f"{reason} is not an adjustment.", field="reason"
        )
    if delta == 0 or abs(delta) > MAX_QUANTITY:
        raise InventoryError(
            InventoryErrorCode.INVALID_QUANTITY,
            "The change must be a non-zero number of units.",
            field="delta",
        )
    if not variant_id:
        raise InventoryError(
            InventoryErrorCode.INVALID_LINES, "A variant is required.", field="variant"
        )
    _location(tenant_id=tenant_id, location_id=location_id)
    with transaction.atomic():
        stock = stock_ensure(
            tenant_id=tenant_id, location_id=location_id, variant_id=variant_id, sku=sku
        )
        return stock_change(
            stock_id=stock.pk,
            change=Change(on_hand=delta),
            origin=Origin(reason, source, actor, reference, note),
            write_back=True,
        )


def safety_stock_set(
    *, tenant_id: int, location_id: int, variant_id: str, quantity: int, actor: Actor
) -> StockLevel:
    """Hold ``quantity`` units of a variant at a location back from every channel."""
    if quantity < 0 or quantity > MAX_QUANTITY:
        raise InventoryError(
            InventoryErrorCode.INVALID_QUANTITY, "Safety stock must be 0 or more.", field="quantity"
        )
    _location(tenant_id=tenant_id, location_id=location_id)
    with transaction.atomic():
        stock = stock_ensure(tenant_id=tenant_id, location_id=location_id, variant_id=variant_id)
        # Setting an absolute value: the row lock makes the delta exact.
        stock = lock_stock_level(stock.pk)
        delta = quantity - stock.safety_stock
        if delta:
            stock_change(
                stock_id=stock.pk,
                change=Change(safety_stock=delta),
                origin=Origin(Reason.SAFETY_STOCK, "oms", actor),
            )
            stock.refresh_from_db()
    return stock


def channel_buffer_set(
    *, tenant_id: int, slug: str, kind: Channel.BufferKind, value: int, actor: Actor
) -> Channel:
    """Hold back part of what a channel is shown: ``value`` units (FIXED) or percent."""
    if value < 0 or (kind == Channel.BufferKind.PERCENT and value > 100):
        raise InventoryError(
            InventoryErrorCode.INVALID_BUFFER,
            "A buffer is 0 or more units, or a percentage from 0 to 100.",
            field="value",
        )
    if kind == Channel.BufferKind.NONE:
        value = 0
    with transaction.atomic():
        channel = lock_channel(tenant_id, slug)
        if channel is None:
            raise InventoryError(
                InventoryErrorCode.CHANNEL_NOT_FOUND, f"No channel {slug!r}.", field="channel"
            )
        before = {"kind": channel.buffer_kind, "value": channel.buffer_value}
        channel.buffer_kind, channel.buffer_value = kind, value
        channel.save(update_fields=["buffer_kind", "buffer_value", "updated_at"])
        audit_record(
            tenant_id=tenant_id,
            subject=channel,
            verb=InventoryEvent.CHANNEL_BUFFER_SET,
            actor=actor,
            data={"before": before, "after": {"kind": kind, "value": value}},
        )
    return channel


def channel_define(
    *,
    tenant_id: int,
    slug: str,
    location_ids: Sequence[int],
    actor: Actor,
    name: str = "",
    saleor_id: str = "",
) -> Channel:
    """Create or update a channel and the locations serving it, in priority order.

    Saleor's channels come from the import (with their ``saleor_id``); outside channels (a
    marketplace) are defined here by the merchant.
    """
    slug = slug.strip()
    if not slug:
        raise InventoryError(
            InventoryErrorCode.CHANNEL_NOT_FOUND, "A slug is required.", field="slug"
        )
    known = set(
        Location.objects.filter(tenant_id=tenant_id, pk__in=location_ids).values_list(
            "pk", flat=True
        )
    )
    if len(known) != len(set(location_ids)):
        raise InventoryError(
            InventoryErrorCode.LOCATION_NOT_FOUND, "Unknown location.", field="locations"
        )
    with transaction.atomic():
        channel, created = lock_or_create_channel(
            tenant_id, slug, defaults={"name": name, "saleor_id": saleor_id}
        )
        if not created and (name, saleor_id) != (channel.name, channel.saleor_id):
            channel.name, channel.saleor_id = name or channel.name, saleor_id or channel.saleor_id
            channel.save(update_fields=["name", "saleor_id", "updated_at"])
        before = list(channel.channel_locations.values_list("location_id", flat=True))
        if before != list(location_ids):
            channel.channel_locations.all().delete()
            ChannelLocation.objects.bulk_create(
                ChannelLocation(channel=channel, location_id=pk, priority=index)
                for index, pk in enumerate(dict.fromkeys(location_ids))
            )
            audit_record(
                tenant_id=tenant_id,
                subject=channel,
                verb=InventoryEvent.CHANNEL_CREATED
                if created
                else InventoryEvent.CHANNEL_LOCATIONS_SET,
                actor=actor,
                data={"locations": list(location_ids), "before": before},
            )
            channel_locations_changed(tenant_id=tenant_id)
    return channel
