"""Tenant-scoped reads of order screening: results, the review queue, the configuration."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from django.db.models import QuerySet

from saleor_oms_plugin.screening.config import (
    ConfigInvalid,
    ScreeningSettings,
    settings_merge,
    settings_parse,
)
from saleor_oms_plugin.screening.models import ScreeningConfig, ScreeningResult

logger = logging.getLogger(__name__)


def result_list(
    *,
    tenant_id: int,
    states: Iterable[str] | None = None,
    reason: str | None = None,
    channel_slug: str | None = None,
) -> QuerySet[ScreeningResult]:
    """Newest first; ``reason`` keeps those held (among others) for that reason code."""
    results = ScreeningResult.objects.filter(tenant_id=tenant_id)
    if states is not None:
        results = results.filter(state__in=list(states))
    if reason:
        results = results.filter(reason_codes__contains=[reason])
    if channel_slug:
        results = results.filter(channel_slug=channel_slug)
    return results


def review_queue(
    *, tenant_id: int, reason: str | None = None, channel_slug: str | None = None
) -> QuerySet[ScreeningResult]:
    """The orders screening holds, oldest first (first come, first reviewed)."""
    return result_list(
        tenant_id=tenant_id,
        states=[ScreeningResult.State.HELD],
        reason=reason,
        channel_slug=channel_slug,
    ).order_by("created_at", "pk")


def result_get(
    *, tenant_id: int, order_id: int | None = None, pk: int | None = None
) -> ScreeningResult | None:
    results = ScreeningResult.objects.filter(tenant_id=tenant_id)
    if order_id is not None:
        results = results.filter(order_id=order_id)
    if pk is not None:
        results = results.filter(pk=pk)
    return results.first()


def config_documents(*, tenant_id: int, channel_slug: str) -> tuple[dict, dict | None]:
    """The tenant's document and the channel's (None when the channel has none)."""
    rows = dict(
        ScreeningConfig.objects.filter(
            tenant_id=tenant_id, channel_slug__in=["", channel_slug]
        ).values_list("channel_slug", "document")
    )
    return rows.get("", {}), rows.get(channel_slug) if channel_slug else None


def screening_settings(*, tenant_id: int, channel_slug: str) -> ScreeningSettings:
    """The settings in force for a channel of the tenant (screening is off until enabled).

    Stored documents were validated when written; one that no longer validates (a newer
    release refusing an old value) switches screening off for the channel rather than
    holding every order, and says so in the log."""
    tenant, channel = config_documents(tenant_id=tenant_id, channel_slug=channel_slug)
    return settings_of_documents(
        tenant_id=tenant_id,
        channel_slug=channel_slug,
        tenant_document=tenant,
        channel_document=channel,
    )


def settings_of_documents(
    *,
    tenant_id: int,
    channel_slug: str,
    tenant_document: dict[str, Any] | None,
    channel_document: dict[str, Any] | None,
) -> ScreeningSettings:
    """:func:`screening_settings` of documents read already (read with the order;
    a channel slug that is empty names the tenant's own document, which merges over itself
    unchanged). Parsed once per process for each distinct document."""
    merged = settings_merge(tenant_document or {}, channel_document if channel_slug else None)
    try:
        return _parsed(json.dumps(merged, sort_keys=True))
    except ConfigInvalid as exc:
        logger.error("screening of tenant %s, channel %r is off: %s", tenant_id, channel_slug, exc)
        return ScreeningSettings(enabled=False)


@lru_cache(maxsize=256)
def _parsed(document: str) -> ScreeningSettings:
    # Keyed by the document's text: a saved change is a new key, never a stale answer.
    return settings_parse(json.loads(document))


def config_list(*, tenant_id: int) -> QuerySet[ScreeningConfig]:
    return ScreeningConfig.objects.filter(tenant_id=tenant_id)
