"""Row locks of inventory: stock levels, write-back intents, reservations, channels, feed
sources and transfers.

Several stock levels are always locked in one query, in primary-key order (``core.locks``):
every multi-row writer of the ledger (reservations, feeds, the Saleor sync, short picks, the
write-back) takes them that way, so none of them can deadlock another on those rows."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from saleor_oms_plugin.core.locks import lock_each, lock_in_pk_order
from saleor_oms_plugin.inventory.models import (
    Channel,
    FeedSource,
    Reservation,
    StockLevel,
    StockWriteBack,
    Transfer,
)


def lock_stock_level(stock_id: int) -> StockLevel:
    """Stock level ``stock_id``, locked FOR UPDATE. Raises StockLevel.DoesNotExist if missing."""
    return StockLevel.objects.select_for_update().get(pk=stock_id)


def lock_stock_levels(stock_ids: Iterable[int]) -> list[StockLevel]:
    """Stock levels ``stock_ids``, locked, in primary-key order. Raises StockLevel.DoesNotExist
    if one of them is missing."""
    return lock_each(StockLevel.objects.all(), stock_ids)


def lock_stock_levels_of(rows: QuerySet[StockLevel]) -> list[StockLevel]:
    """The stock levels ``rows`` selects, locked, in primary-key order (with the rows of any
    table ``rows`` joins to filter them)."""
    return lock_in_pk_order(rows)


def lock_pending_write_backs(intent_ids: Iterable[int]) -> list[StockWriteBack]:
    """The intents among ``intent_ids`` still PENDING, with their stock levels and locations,
    locked in primary-key order; those another transaction holds are skipped (a concurrent
    sender has them)."""
    return lock_in_pk_order(
        StockWriteBack.objects.select_related("stock__location").filter(
            pk__in=intent_ids, state=StockWriteBack.State.PENDING
        ),
        skip_locked=True,
    )


def lock_write_backs(intent_ids: Iterable[int]) -> list[StockWriteBack]:
    """Write-back intents ``intent_ids``, locked, in primary-key order. Raises
    StockWriteBack.DoesNotExist if one of them is missing."""
    return lock_each(StockWriteBack.objects.all(), intent_ids)


def lock_reservation(tenant_id: int, reservation_id: int) -> Reservation | None:
    """The tenant's reservation ``reservation_id``, locked FOR UPDATE; None if there is none."""
    return (
        Reservation.objects.select_for_update()
        .filter(tenant_id=tenant_id, pk=reservation_id)
        .first()
    )


def lock_channel(tenant_id: int, slug: str) -> Channel | None:
    """The tenant's channel ``slug``, locked FOR UPDATE; None if there is none."""
    return Channel.objects.select_for_update().filter(tenant_id=tenant_id, slug=slug).first()


def lock_or_create_channel(
    tenant_id: int, slug: str, *, defaults: dict[str, Any]
) -> tuple[Channel, bool]:
    """The tenant's channel ``slug``, locked, created from ``defaults`` if missing; and whether
    it was created."""
    return Channel.objects.select_for_update().get_or_create(
        tenant_id=tenant_id, slug=slug, defaults=defaults
    )


def lock_feed_source(source_id: int) -> FeedSource:
    """Feed source ``source_id``, locked FOR UPDATE. Raises FeedSource.DoesNotExist if missing."""
    return FeedSource.objects.select_for_update().get(pk=source_id)


def lock_or_create_feed_source(
    tenant_id: int, name: str, *, defaults: dict[str, Any]
) -> tuple[FeedSource, bool]:
    """The tenant's feed source ``name``, locked, created from ``defaults`` if missing; and
    whether it was created."""
    return FeedSource.objects.select_for_update().get_or_create(
        tenant_id=tenant_id, name=name, defaults=defaults
    )


def lock_transfer(tenant_id: int, transfer_id: int) -> Transfer | None:
    """The tenant's transfer ``transfer_id`` with its two locations, all three locked FOR
    UPDATE; None if there is none."""
    return (
        Transfer.objects.select_for_update()
        .select_related("from_location", "to_location")
        .filter(tenant_id=tenant_id, pk=transfer_id)
        .first()
    )
