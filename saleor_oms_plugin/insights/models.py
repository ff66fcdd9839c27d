"""Daily rollups of the orders: the figures the insights read, kept on the server.

One row per tenant, day (in the tenant's reporting time zone, ``insights.time_zone``, of the
order's creation in Saleor), channel, currency and location. The row with a blank
``warehouse_id`` holds the order-level figures of its bucket; the rows with a warehouse
(Saleor's warehouse id of the fulfilments and plan shipments) hold what that location shipped,
cost and short-picked for the bucket's orders. Money is kept per currency and never summed
across currencies.

Cycle times are kept as histograms (counts per fixed log-spaced bin, ``histograms.BINS``) so
that the percentiles of any range come from the summed counts of its rows.
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models

from saleor_oms_plugin.insights.histograms import empty_histogram


def _histogram() -> ArrayField:
    return ArrayField(models.PositiveIntegerField(), default=empty_histogram)


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
    # Shipped orders whose first routing plan was their only one, applied, placing every unit
    # with no shipment short-picked, cancelled or refused.
    first_plan_complete_orders = models.PositiveIntegerField(default=0)
    # Orders with a plan shipment sent to Saleor (on a location row: sent from there); the
    # cost of those shipments under the routing rate table, and what Saleor's own allocation
    # of their first plan would have cost (the plan decision's ``baseline_cost``).
    routed_orders = models.PositiveIntegerField(default=0)
    routing_cost = models.DecimalField(max_digits=18, decimal_places=4, default=0)
    routing_baseline_cost = models.DecimalField(max_digits=18, decimal_places=4, default=0)
    # Orders judged for shipping on time: against their sold promise (kept or broken) or,
    # without one, against the handling time of the location they shipped from.
    ship_judged_orders = models.PositiveIntegerField(default=0)
    shipped_with_promise = models.PositiveIntegerField(default=0)
    shipped_on_time = models.PositiveIntegerField(default=0)
    # Orders whose newest plan left units unplaced, and those units.
    backordered_orders = models.PositiveIntegerField(default=0)
    backordered_units = models.PositiveIntegerField(default=0)
    # Plan shipments the location could not pick in full.
    short_picks = models.PositiveIntegerField(default=0)
    # Cycle times of the orders (histograms): paid → first routed, routed → first shipment,
    # paid → first shipment.
    paid_to_routed = _histogram()
    routed_to_shipped = _histogram()
    paid_to_shipped = _histogram()
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
