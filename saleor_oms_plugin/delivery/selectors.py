"""Tenant-scoped reads of the delivery settings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from saleor_oms_plugin.delivery.models import (
    DeliveryService,
    LocationDeliveryCalendar,
    SoldPromise,
)


def delivery_service_list(*, tenant_id: int) -> QuerySet[DeliveryService]:
    return DeliveryService.objects.filter(tenant_id=tenant_id)


def delivery_service_get(*, tenant_id: int, code: str) -> DeliveryService | None:
    return delivery_service_list(tenant_id=tenant_id).filter(code=code).first()


def delivery_calendar_list(*, tenant_id: int) -> QuerySet[LocationDeliveryCalendar]:
    return LocationDeliveryCalendar.objects.filter(tenant_id=tenant_id).select_related("location")


@dataclass(frozen=True)
class PromiseKeeping:
    """How often one location kept the ship dates it was promised for one service."""

    location_name: str
    service_code: str  # "" : orders whose shipping method no service carries
    promised: int  # orders promised (cancelled ones aside)
    kept: int
    broken: int
    delivered: int = 0  # arrivals recorded
    delivered_in_time: int = 0

    @property
    def open(self) -> int:
        return self.promised - self.kept - self.broken

    @property
    def kept_rate(self) -> float | None:
        """Kept over decided (kept + broken); None while nothing is decided."""
        decided = self.kept + self.broken
        return round(self.kept / decided, 4) if decided else None

    @property
    def delivery_kept_rate(self) -> float | None:
        """Arrivals within the promised window over arrivals recorded; None without any."""
        return round(self.delivered_in_time / self.delivered, 4) if self.delivered else None


def promise_keeping(*, tenant_id: int, gte: dt.date, lte: dt.date) -> list[PromiseKeeping]:
    """Per location and service, the orders placed between ``gte`` and ``lte`` (UTC days):
    promised, kept and broken ship dates. One query."""
    rows = (
        SoldPromise.objects.filter(
            tenant_id=tenant_id, cancelled=False, made_at__date__gte=gte, made_at__date__lte=lte
        )
        .values("location_name", "service_code")
        .annotate(
            promised=Count("pk"),
            kept=Count("pk", filter=Q(ship_kept=True)),
            broken=Count("pk", filter=Q(ship_kept=False)),
            delivered=Count("pk", filter=Q(delivered_on__isnull=False)),
            delivered_in_time=Count("pk", filter=Q(delivery_kept=True)),
        )
        .order_by("location_name", "service_code")
    )
    return [PromiseKeeping(**row) for row in rows]
