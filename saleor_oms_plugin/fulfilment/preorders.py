"""Which variants are Saleor pre-orders, and when each pre-order ends (``ProductVariant.preorder``).

Asked only for variants whose units routing left backordered (a pre-order variant has no stock
to route from), so a normal order costs no extra call. Saleor's ``preorder`` is null for a
normal variant and for one whose pre-order has ended; ``endDate`` null means the pre-order runs
until staff end it in Saleor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.dateparse import parse_datetime

from saleor_oms_plugin.saleor.client import SaleorClient

PAGE_SIZE = 100


@dataclass(frozen=True)
class Preorder:
    variant_id: str
    end: dt.datetime | None  # None: open-ended, until staff end it


def variant_preorders(*, client: SaleorClient, variant_ids: Iterable[str]) -> dict[str, Preorder]:
    """The variants among ``variant_ids`` that are pre-orders right now, by variant id."""
    ids = sorted(set(variant_ids) - {""})
    found: dict[str, Preorder] = {}
    for start in range(0, len(ids), PAGE_SIZE):
        chunk = ids[start : start + PAGE_SIZE]
        for node in client.paginate(
            "queries/variant_preorders", "productVariants", page_size=PAGE_SIZE, ids=chunk
        ):
            preorder = node.get("preorder")
            if preorder is None:
                continue
            end = parse_datetime(preorder["endDate"]) if preorder.get("endDate") else None
            found[node["id"]] = Preorder(node["id"], end)
    return found


def preorder_active(preorder: Preorder | None, now: dt.datetime) -> bool:
    return preorder is not None and (preorder.end is None or preorder.end > now)
