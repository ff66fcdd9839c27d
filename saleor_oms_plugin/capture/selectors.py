"""Capture's tenant-scoped reads."""

from __future__ import annotations

from django.db.models import QuerySet

from saleor_oms_plugin.capture.models import CapturedOrder, CaptureSource


def sources_list(*, tenant_id: int) -> QuerySet[CaptureSource]:
    return CaptureSource.objects.filter(tenant_id=tenant_id).order_by("code")


def source_get(*, tenant_id: int, source_id: int) -> CaptureSource | None:
    return CaptureSource.objects.filter(tenant_id=tenant_id, pk=source_id).first()


def source_by_code(*, code: str) -> QuerySet[CaptureSource]:
    """Sources of every tenant with this code (the webhook URL names only the code; its
    signature tells the tenant)."""
    return CaptureSource.objects.filter(
        code=code.strip().lower(), is_active=True, tenant__is_active=True
    )


def captured_orders(
    *, tenant_id: int, source_code: str | None = None, state: str | None = None
) -> QuerySet[CapturedOrder]:
    rows = CapturedOrder.objects.filter(tenant_id=tenant_id).select_related("source")
    if source_code:
        rows = rows.filter(source__code=source_code)
    if state:
        rows = rows.filter(state=state)
    return rows.order_by("-pk")
