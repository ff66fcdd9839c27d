"""How screening hands work to its Celery tasks: by name, after the caller commits."""

from __future__ import annotations

from saleor_oms_plugin.core.scheduling import enqueue_after_commit

SCREEN_ORDER = "saleor_oms_plugin.screening.tasks.screen_order"
BACKFILL_KNOWN_VARIANTS = "saleor_oms_plugin.screening.tasks.backfill_known_variants"


def screen_order_after_commit(*, tenant_id: int, order_id: int) -> None:
    enqueue_after_commit(SCREEN_ORDER, tenant_id, order_id)


def known_variants_backfill_after_commit(*, tenant_id: int) -> None:
    enqueue_after_commit(BACKFILL_KNOWN_VARIANTS, tenant_id)
