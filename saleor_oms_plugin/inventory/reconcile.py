"""Reading Saleor's stock: dirty variants (webhooks), full reconciliation (beat), import.

Saleor's stock webhooks are hints, not data (no quantities, sometimes the wrong warehouse), so
every path here re-reads the variants' complete stock lists and merges them with
:func:`~saleor_oms_plugin.inventory.sync.stocks_apply_from_saleor`. No transaction is open
while Saleor is asked.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.inventory.changes import channel_locations_changed
from saleor_oms_plugin.inventory.events import InventoryEvent
from saleor_oms_plugin.inventory.models import Channel, ChannelLocation, DirtyVariant, StockLevel
from saleor_oms_plugin.inventory.scheduling import dirty_variants_resync_debounced
from saleor_oms_plugin.inventory.sync import (
    SaleorVariant,
    SyncReport,
    location_ids_by_warehouse,
    parse_variant,
    stocks_apply_from_saleor,
)
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.saleor.client import SaleorClient
from saleor_oms_plugin.tenants.import_followups import FollowupResult
from saleor_oms_plugin.tenants.import_results import KIND_VARIANT, SkippedRecord
from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.tenants.services import tenant_saleor_client

logger = logging.getLogger(__name__)

PAGE_SIZE = 100  # Saleor's cap on `first`, and on the ids one query may name
RESYNC_DEBOUNCE_SECONDS = 5
DOCUMENT = "queries/inventory_variant_stocks"
IDS_DOCUMENT = "queries/inventory_variant_ids"


def _client(tenant_id: int, client: SaleorClient | None) -> SaleorClient:
    return client or tenant_saleor_client(tenant=Tenant.objects.get(pk=tenant_id, is_active=True))


def saleor_variants_read(
    *, client: SaleorClient, variant_ids: Iterable[str]
) -> list[SaleorVariant]:
    """The complete stock lists of the given variants (unknown ids are simply absent)."""
    ids = sorted(set(variant_ids) - {""})
    found: list[SaleorVariant] = []
    for start in range(0, len(ids), PAGE_SIZE):
        chunk = ids[start : start + PAGE_SIZE]
        found.extend(
            parse_variant(node)
            for node in client.paginate(DOCUMENT, "productVariants", page_size=PAGE_SIZE, ids=chunk)
        )
    return found


def variants_resync(
    *, tenant_id: int, variant_ids: Iterable[str], client: SaleorClient | None = None
) -> SyncReport:
    """Re-read these variants' stocks from Saleor and merge them into the ledger."""
    ids = sorted(set(variant_ids) - {""})
    if not ids:
        return SyncReport()
    read = {
        v.variant_id: v
        for v in saleor_variants_read(client=_client(tenant_id, client), variant_ids=ids)
    }
    # A variant Saleor no longer returns was deleted there: its stock is gone.
    variants = [read.get(vid) or SaleorVariant(vid, "", ()) for vid in ids]
    return stocks_apply_from_saleor(tenant_id=tenant_id, variants=variants)


# -- dirty variants: debounced, batched re-reads ------------------------------------------


def inventory_started(*, tenant_id: int) -> bool:
    """Whether the tenant's ledger exists (its import ran). Before that, hints are moot: the
    import reads every stock anyway."""
    return (
        Channel.objects.filter(tenant_id=tenant_id).exists()
        or StockLevel.objects.filter(tenant_id=tenant_id).exists()
    )


def dirty_variants_mark(*, tenant_id: int, variant_ids: Iterable[str]) -> int:
    """Note variants to re-read (inside the caller's transaction); the re-read runs after
    commit, at most once per debounce window, for every variant marked by then."""
    now = timezone.now()
    ids = sorted(set(variant_ids) - {""})
    if not ids or not inventory_started(tenant_id=tenant_id):
        return 0
    for start in range(0, len(ids), 1000):
        chunk = ids[start : start + 1000]
        DirtyVariant.objects.bulk_create(
            [DirtyVariant(tenant_id=tenant_id, variant_id=vid, marked_at=now) for vid in chunk],
            ignore_conflicts=True,
        )
        # A mark that already existed moves forward: the variant changed again since.
        DirtyVariant.objects.filter(tenant_id=tenant_id, variant_id__in=chunk).update(marked_at=now)
    transaction.on_commit(lambda: dirty_variants_schedule(tenant_id=tenant_id))
    return len(ids)


def dirty_variants_schedule(*, tenant_id: int) -> None:
    dirty_variants_resync_debounced(tenant_id=tenant_id, seconds=RESYNC_DEBOUNCE_SECONDS)


def dirty_variants_resync(
    *, tenant_id: int, client: SaleorClient | None = None, limit: int = 5000
) -> SyncReport:
    """Re-read the marked variants in batches; a mark made during the read stays for the next."""
    report = SyncReport()
    client = _client(tenant_id, client)
    pending = list(
        DirtyVariant.objects.filter(tenant_id=tenant_id)
        .order_by("marked_at", "pk")
        .values_list("variant_id", "marked_at")[:limit]
    )
    for start in range(0, len(pending), PAGE_SIZE):
        batch = pending[start : start + PAGE_SIZE]
        report.add(
            variants_resync(tenant_id=tenant_id, variant_ids=[v for v, _ in batch], client=client)
        )
        _unmark(tenant_id, batch)
    return report


def _unmark(tenant_id: int, batch: list[tuple[str, datetime]]) -> None:
    condition = Q()
    for variant_id, marked_at in batch:
        condition |= Q(variant_id=variant_id, marked_at__lte=marked_at)
    DirtyVariant.objects.filter(condition, tenant_id=tenant_id).delete()


# -- full reconciliation and import ---------------------------------------------------------


def _pages(client: SaleorClient, report: SyncReport) -> Iterator[list[SaleorVariant]]:
    """Every variant's stocks, a page at a time; a variant Saleor cannot return (it nulls the
    page) is stepped over and noted in ``report.unreadable``."""
    for page in client.pages_tolerant(
        DOCUMENT, "productVariants", ids_document=IDS_DOCUMENT, page_size=PAGE_SIZE, ids=None
    ):
        report.unreadable.extend(
            {"variant_id": node.saleor_id, "reason": node.reason} for node in page.unreadable
        )
        if page.nodes:
            yield [parse_variant(node) for node in page.nodes]


def stock_reconcile(
    *,
    tenant_id: int,
    client: SaleorClient | None = None,
    verb: InventoryEvent = InventoryEvent.RECONCILED,
) -> SyncReport:
    """Compare every stock in Saleor with the ledger, correct drift, and report it.

    Pages through all variants; ledger rows of variants Saleor did not list at all (deleted
    there) are merged as empty afterwards. The report is an audit event (``verb``).
    """
    client = _client(tenant_id, client)
    locations = location_ids_by_warehouse(tenant_id=tenant_id)
    report = SyncReport()
    listed: set[str] = set()
    for page in _pages(client, report):
        listed.update(variant.variant_id for variant in page)
        # Unreadable is not deleted: their ledger rows are left as they are.
        listed.update(item["variant_id"] for item in report.unreadable)
        report.add(
            stocks_apply_from_saleor(tenant_id=tenant_id, variants=page, locations=locations)
        )
    gone = sorted(
        set(
            StockLevel.objects.filter(tenant_id=tenant_id)
            .values_list("variant_id", flat=True)
            .distinct()
        )
        - listed
    )
    for start in range(0, len(gone), PAGE_SIZE):
        chunk = [SaleorVariant(vid, "", ()) for vid in gone[start : start + PAGE_SIZE]]
        report.add(
            stocks_apply_from_saleor(tenant_id=tenant_id, variants=chunk, locations=locations)
        )
    audit_record(
        tenant_id=tenant_id,
        subject=("oms_tenants.tenant", str(tenant_id)),
        verb=verb,
        actor=Actor.system(),
        data={k: v for k, v in report.as_dict().items()},
    )
    if report.rows_corrected:
        logger.warning("tenant %s: stock drift corrected: %s", tenant_id, report.as_dict())
    return report


def channels_import(*, tenant_id: int, client: SaleorClient | None = None) -> int:
    """Saleor's channels and the warehouses serving each, in Saleor's priority order."""
    data = _client(tenant_id, client).execute("queries/inventory_channels")
    locations = location_ids_by_warehouse(tenant_id=tenant_id)
    count = 0
    for node in data.get("channels") or []:
        with transaction.atomic():
            channel, _ = Channel.objects.update_or_create(
                tenant_id=tenant_id,
                slug=node["slug"],
                defaults={"name": node.get("name") or "", "saleor_id": node["id"]},
            )
            ids = [locations[w["id"]] for w in node.get("warehouses") or [] if w["id"] in locations]
            current = list(channel.channel_locations.values_list("location_id", flat=True))
            # Outside locations the merchant mapped to this channel stay, after Saleor's.
            outside = set(
                Location.objects.outside().filter(pk__in=current).values_list("pk", flat=True)
            )
            ids = list(dict.fromkeys(ids + [pk for pk in current if pk in outside]))
            if current != ids:
                channel.channel_locations.all().delete()
                ChannelLocation.objects.bulk_create(
                    ChannelLocation(channel=channel, location_id=pk, priority=index)
                    for index, pk in enumerate(ids)
                )
                channel_locations_changed(tenant_id=tenant_id)
        count += 1
    return count


def inventory_import_run(*, tenant_id: int, client: SaleorClient | None = None) -> SyncReport:
    """The install-time import: channels, then every stock. Needs the locations imported first
    (call it after the warehouses); safe to run again at any time."""
    client = _client(tenant_id, client)
    channels_import(tenant_id=tenant_id, client=client)
    return stock_reconcile(tenant_id=tenant_id, client=client, verb=InventoryEvent.IMPORTED)


def inventory_import_followup(tenant_id: int) -> FollowupResult:
    """The stock import as the second step of a tenant's import run (its state shows
    ``stock_rows`` and the variants Saleor could not return)."""
    report = inventory_import_run(tenant_id=tenant_id)
    return FollowupResult(
        counts={"stock_rows": report.rows_checked},
        skipped=[
            SkippedRecord(KIND_VARIANT, item["variant_id"], item["reason"])
            for item in report.unreadable
        ],
    )
