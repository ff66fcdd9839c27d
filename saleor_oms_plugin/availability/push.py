"""Finding what changed for each subscription and queueing it as batched deliveries.

The stock change listener marks the changed variants dirty and schedules one debounced task per
tenant. The task compares each subscription's channels' available-to-sell of those variants
with what the subscription was last sent, under a lock on the subscription row, and queues
the differences (at most ``BATCH_ITEMS`` per delivery) in the same transaction as the new
"last sent" values: two racing tasks cannot queue the same state twice. The beat sweep compares
everything (catching a lost task, a new subscription, a dead delivery's values).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from saleor_oms_plugin.availability.locks import lock_active_subscription, lock_dirty_variant_ids
from saleor_oms_plugin.availability.models import (
    AvailabilityDelivery,
    AvailabilitySubscription,
    AvailabilityValue,
    DirtyAvailability,
)
from saleor_oms_plugin.availability.scheduling import (
    delivery_send_now,
    push_debounced,
    tenant_sweep_now,
)
from saleor_oms_plugin.inventory.models import Channel, StockLevel
from saleor_oms_plugin.inventory.selectors import channel_availability, channel_get

DEBOUNCE_SECONDS = 2
BATCH_ITEMS = 500
VARIANT_CHUNK = 1000
EVENT = "availability.changed"


def on_stock_changes(tenant_id: int, stock_ids: frozenset[int]) -> None:
    if not AvailabilitySubscription.objects.filter(tenant_id=tenant_id, is_active=True).exists():
        return
    variants = set(
        StockLevel.objects.filter(tenant_id=tenant_id, pk__in=stock_ids).values_list(
            "variant_id", flat=True
        )
    )
    now = timezone.now()
    DirtyAvailability.objects.bulk_create(
        [
            DirtyAvailability(tenant_id=tenant_id, variant_id=v, marked_at=now)
            for v in sorted(variants)
        ],
        ignore_conflicts=True,
    )
    push_schedule(tenant_id=tenant_id)


def on_channel_changes(tenant_id: int) -> None:
    """The locations serving a channel changed: every subscription is compared in full."""
    if AvailabilitySubscription.objects.filter(tenant_id=tenant_id, is_active=True).exists():
        tenant_sweep_now(tenant_id=tenant_id)


def push_schedule(*, tenant_id: int) -> None:
    push_debounced(tenant_id=tenant_id, seconds=DEBOUNCE_SECONDS)


@dataclass(frozen=True)
class Item:
    channel: str
    variant_id: str
    sku: str
    available_to_sell: int

    def as_json(self) -> dict[str, object]:
        return {
            "channel": self.channel,
            "variantId": self.variant_id,
            "sku": self.sku,
            "availableToSell": self.available_to_sell,
        }


def dirty_push(*, tenant_id: int) -> list[int]:
    """Compare and queue the tenant's dirty variants; the ids of the deliveries queued."""
    queued: list[int] = []
    while True:
        with transaction.atomic():
            claimed = lock_dirty_variant_ids(tenant_id, VARIANT_CHUNK)
            if not claimed:
                return queued
            DirtyAvailability.objects.filter(tenant_id=tenant_id, variant_id__in=claimed).delete()
            for subscription_id in _active_subscriptions(tenant_id):
                queued += subscription_push(subscription_id=subscription_id, variant_ids=claimed)


def full_push(*, tenant_id: int, subscription_id: int | None = None) -> list[int]:
    """Compare every variant stocked in the subscriptions' channels (the sweep)."""
    queued: list[int] = []
    ids = [subscription_id] if subscription_id is not None else _active_subscriptions(tenant_id)
    for pk in ids:
        queued += subscription_push(subscription_id=pk, variant_ids=None)
    return queued


def _active_subscriptions(tenant_id: int) -> list[int]:
    return list(
        AvailabilitySubscription.objects.filter(tenant_id=tenant_id, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def subscription_push(
    *, subscription_id: int, variant_ids: Iterable[str] | None, now: datetime | None = None
) -> list[int]:
    """Queue what changed for one subscription (all its variants when ``variant_ids`` is None);
    the ids of the deliveries queued, sent after commit."""
    now = now or timezone.now()
    with transaction.atomic():
        subscription = lock_active_subscription(subscription_id)
        if subscription is None:
            return []
        items = changed_items(subscription, variant_ids)
        deliveries = [
            _queue(subscription, items[start : start + BATCH_ITEMS], now)
            for start in range(0, len(items), BATCH_ITEMS)
        ]
        ids = [d.pk for d in deliveries]
        if ids:
            transaction.on_commit(lambda: _send(ids))
    return ids


def _send(delivery_ids: list[int]) -> None:
    for pk in delivery_ids:
        delivery_send_now(delivery_pk=pk)


def changed_items(
    subscription: AvailabilitySubscription, variant_ids: Iterable[str] | None
) -> list[Item]:
    """Available-to-sell per channel that differs from what the subscription was sent.

    Looking at everything (``variant_ids`` None) also covers what the receiver may still hold
    as available but left the channel (its location no longer serves the channel): it reads as
    0; and a channel no longer subscribed to (or gone) has its non-zero values sent as 0.
    """
    tenant_id = subscription.tenant_id
    wanted = None if variant_ids is None else sorted(set(variant_ids))
    items: list[Item] = []
    if wanted is None:
        items += _left_channels(subscription)
    for slug in subscription.channel_slugs:
        channel = channel_get(tenant_id=tenant_id, slug=slug)
        if channel is None:
            continue
        stocks = StockLevel.objects.filter(
            tenant_id=tenant_id, location_id__in=channel.channel_locations.values("location_id")
        )
        if wanted is not None:
            stocks = stocks.filter(variant_id__in=wanted)
        skus: dict[str, str] = {}
        for variant_id, sku in stocks.order_by("variant_id", "pk").values_list("variant_id", "sku"):
            if sku or variant_id not in skus:
                skus[variant_id] = sku or skus.get(variant_id, "")
        # A variant asked about, or last sent as available, but no longer stocked in the
        # channel reads as 0.
        asked = _held(subscription, slug) if wanted is None else set(wanted)
        ids = sorted(set(skus) | asked)
        for start in range(0, len(ids), VARIANT_CHUNK):
            chunk = ids[start : start + VARIANT_CHUNK]
            sent = dict(
                AvailabilityValue.objects.filter(
                    subscription=subscription,
                    channel_slug=slug,
                    variant_id__in=chunk,
                ).values_list("variant_id", "value")
            )
            for row in channel_availability(
                tenant_id=tenant_id, channel=channel, variant_ids=chunk
            ):
                if sent.get(row.variant_id) != row.available_to_sell and (
                    row.variant_id in sent or row.variant_id in skus
                ):
                    items.append(
                        Item(
                            slug,
                            row.variant_id,
                            skus.get(row.variant_id, ""),
                            row.available_to_sell,
                        )
                    )
    return items


def _held(subscription: AvailabilitySubscription, slug: str) -> set[str]:
    """Variants the receiver may hold a non-zero value of in channel ``slug``."""
    return set(
        AvailabilityValue.objects.filter(subscription=subscription, channel_slug=slug)
        .exclude(value=0)
        .values_list("variant_id", flat=True)
    )


def _left_channels(subscription: AvailabilitySubscription) -> list[Item]:
    """0 for every non-zero value sent in a channel no longer subscribed to, or gone."""
    current = set(
        Channel.objects.filter(
            tenant_id=subscription.tenant_id, slug__in=subscription.channel_slugs
        ).values_list("slug", flat=True)
    )
    rows = (
        AvailabilityValue.objects.filter(subscription=subscription)
        .exclude(channel_slug__in=current)
        .exclude(value=0)
        .order_by("channel_slug", "variant_id")
        .values_list("channel_slug", "variant_id")
    )
    return [Item(slug, variant_id, "", 0) for slug, variant_id in rows]


def _queue(
    subscription: AvailabilitySubscription, items: list[Item], now: datetime
) -> AvailabilityDelivery:
    subscription.sequence += 1
    subscription.save(update_fields=["sequence", "updated_at"])
    delivery_id = str(uuid.uuid4())
    delivery = AvailabilityDelivery.objects.create(
        tenant_id=subscription.tenant_id,
        subscription=subscription,
        delivery_id=delivery_id,
        sequence=subscription.sequence,
        item_count=len(items),
        payload={
            "event": EVENT,
            "delivery": delivery_id,
            "subscription": subscription.name,
            "sequence": subscription.sequence,
            "generatedAt": now.isoformat(),
            "items": [item.as_json() for item in items],
        },
    )
    AvailabilityValue.objects.bulk_create(
        [
            AvailabilityValue(
                subscription=subscription,
                channel_slug=item.channel,
                variant_id=item.variant_id,
                value=item.available_to_sell,
                delivery=delivery,
                updated_at=now,
            )
            for item in items
        ],
        update_conflicts=True,
        unique_fields=["subscription", "channel_slug", "variant_id"],
        update_fields=["value", "delivery", "updated_at"],
    )
    return delivery
