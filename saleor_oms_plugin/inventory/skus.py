"""SKU → Saleor variant id: from our ledger, then a cache, then Saleor (100 SKUs a call).

Saleor's SKUs are unique per installation, and a variant keeps its id, so a mapping once found
is cached for a day. SKUs nobody knows are not cached: they may be created in Saleor any time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable

from django.core.cache import cache

from saleor_oms_plugin.inventory.models import StockLevel
from saleor_oms_plugin.saleor.client import SaleorClient

DOCUMENT = "queries/inventory_variants_by_sku"
BATCH = 100
CACHE_SECONDS = 24 * 3600


def _key(tenant_id: int, sku: str) -> str:
    return f"oms:inventory:sku:{tenant_id}:{hashlib.sha256(sku.encode()).hexdigest()[:32]}"


def skus_resolve(
    *, tenant_id: int, skus: Iterable[str], client: Callable[[], SaleorClient]
) -> dict[str, str]:
    """The variant id of each SKU that exists; ``client`` is called only if Saleor is asked.

    Raises :class:`~saleor_oms_plugin.saleor.errors.SaleorError` when Saleor must be asked and
    cannot answer (the caller refuses the feed rather than call known SKUs unknown).
    """
    wanted = sorted(set(skus) - {""})
    found: dict[str, str] = {}
    for sku, variant_id in (
        StockLevel.objects.filter(tenant_id=tenant_id, sku__in=wanted)
        .values_list("sku", "variant_id")
        .distinct()
    ):
        found.setdefault(sku, variant_id)
    missing = [sku for sku in wanted if sku not in found]
    if missing:
        keys = {_key(tenant_id, sku): sku for sku in missing}
        for key, variant_id in cache.get_many(list(keys)).items():
            found[keys[key]] = variant_id
    missing = [sku for sku in wanted if sku not in found]
    if missing:
        saleor = client()
        learned: dict[str, str] = {}
        for start in range(0, len(missing), BATCH):
            chunk = missing[start : start + BATCH]
            for node in saleor.paginate(DOCUMENT, "productVariants", page_size=BATCH, skus=chunk):
                if node.get("sku") in chunk:
                    learned[node["sku"]] = node["id"]
        cache.set_many(
            {_key(tenant_id, sku): vid for sku, vid in learned.items()}, timeout=CACHE_SECONDS
        )
        found.update(learned)
    return found
