"""Daily rollups of the orders: the figures the insights read, kept on the server.

One row per tenant, day (UTC, of the order's creation in Saleor), channel, currency and
location. The row with a blank ``warehouse_id`` holds the order-level figures of its bucket;
the rows with a warehouse (Saleor's warehouse id of the fulfilments) hold what that location
shipped for the bucket's orders. Money is kept per currency and never summed across currencies.
"""

from __future__ import annotations

from django.db import models


class DailyRollup(models.Model):
    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    channel_slug = models.CharField(max_length=255)
    currency = models.CharField(max_length=3)
    # Blank: the order-level figures of the bucket; else what this warehouse shipped.
    warehouse_id = models.CharField(max_length=255, blank=True, default="")
    # Orders neither cancelled, draft nor expired; the figures below count only those.
    orders = models.PositiveIntegerField(default=0)
    cancelled_orders = models.PositiveIntegerField(default=0)
    lines = models.PositiveIntegerField(default=0)
    units = models.PositiveIntegerField(default=0)
    gross_total = models.DecimalField(max_digits=18, decimal_places=4, default=0)
    net_total = models.DecimalField(max_digits=18, decimal_places=4, default=0)
    # Orders with at least one fulfilment that is not cancelled, and with more than one.
    shipped_orders = models.PositiveIntegerField(default=0)
    split_orders = models.PositiveIntegerField(default=0)
    # Fulfilments that are not cancelled; the units they hold (on the location rows only).
    shipments = models.PositiveIntegerField(default=0)
    units_shipped = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["day", "channel_slug", "currency", "warehouse_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "day", "channel_slug", "currency", "warehouse_id"],
                name="insights_daily_rollup_unique",
            )
        ]
        indexes = [models.Index(fields=["tenant", "warehouse_id", "day"])]

    def __str__(self) -> str:
        where = f"@{self.warehouse_id}" if self.warehouse_id else ""
        return f"{self.day} {self.channel_slug} {self.currency}{where}"
