"""Daily rollups of the orders: the figures the insights read, kept on the server.

One row per tenant, day (in the tenant's reporting time zone, ``insights.time_zone``, of the
order's creation in Saleor), channel, currency and location. The row with a blank
``warehouse_id`` holds the order-level figures of its bucket; the rows with a warehouse
(Saleor's warehouse id of the fulfilments and plan shipments) hold what that location shipped,
cost and short-picked for the bucket's orders. Money is kept per currency and never summed
across currencies.

Cycle times are kept as histograms (counts per fixed log-spaced bin, ``histograms.BINS``) so
that the percentiles of any range come from the summed counts of its rows. They are JSON lists,
so the same schema runs on the embedded SQLite and on PostgreSQL; the reads sum them bin by bin
(``selectors``).
"""

from __future__ import annotations

from django.db import models

from saleor_oms_plugin.insights.histograms import empty_histogram


def _histogram() -> models.JSONField:
    return models.JSONField(default=empty_histogram)


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


class ReportingCurrency(models.Model):
    """The currency a tenant reads its money figures in, converted at its exchange rates."""

    tenant = models.OneToOneField("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    currency = models.CharField(max_length=3)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.currency


class ExchangeRate(models.Model):
    """1 unit of ``currency`` is worth ``rate`` units of ``reporting_currency``, from
    ``valid_from`` until the day before the next rate of the same pair."""

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    currency = models.CharField(max_length=3)
    reporting_currency = models.CharField(max_length=3)
    rate = models.DecimalField(max_digits=20, decimal_places=10)
    valid_from = models.DateField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-valid_from", "currency"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "currency", "reporting_currency", "valid_from"],
                name="insights_exchange_rate_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(rate__gt=0), name="insights_exchange_rate_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"1 {self.currency} = {self.rate} {self.reporting_currency} from {self.valid_from}"


class ReportSchedule(models.Model):
    """An e-mail report sent every period (the previous day, week or month) to its recipients."""

    class Frequency(models.TextChoices):
        DAILY = "daily"
        WEEKLY = "weekly"
        MONTHLY = "monthly"

    class Format(models.TextChoices):
        CSV = "csv"
        XLSX = "xlsx"

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=255)
    recipients = models.JSONField(default=list)
    frequency = models.CharField(max_length=16, choices=Frequency.choices)
    format = models.CharField(max_length=8, choices=Format.choices)
    channel_slug = models.CharField(max_length=255, blank=True, default="")
    # The first day of the last period whose report went out.
    last_period_start = models.DateField(null=True, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "name"], name="insights_schedule_name")
        ]

    def __str__(self) -> str:
        return self.name


class ReportDelivery(models.Model):
    """One period's report of a schedule: claimed by the one run that inserted it (or that
    took it over once its claim grew stale), marked sent once the mail went out."""

    schedule = models.ForeignKey(ReportSchedule, on_delete=models.CASCADE, related_name="+")
    # A day and a week can start on the same date: the period is its frequency and start.
    frequency = models.CharField(max_length=16, choices=ReportSchedule.Frequency.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    claimed_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "frequency", "period_start"],
                name="insights_report_once_per_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.schedule_id}@{self.period_start}"


# -- returns and refunds (``returns_figures``) -------------------------------------------------


class ReturnRollup(models.Model):
    """Per tenant, day (UTC), channel and variant: units sold (order lines of the orders created
    that day, as ``DailyRollup`` counts orders) and units returned (return lines of the returns
    requested that day and not rejected or cancelled). ``sku`` and ``product_name`` are the
    order lines' (the greatest seen in the bucket), so a read needs no join."""

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    channel_slug = models.CharField(max_length=255)
    variant_id = models.CharField(max_length=255)
    sku = models.CharField(max_length=255, blank=True)
    product_name = models.CharField(max_length=255, blank=True)
    units_sold = models.PositiveIntegerField(default=0)
    units_returned = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["day", "channel_slug", "variant_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "day", "channel_slug", "variant_id"],
                name="insights_return_rollup_unique",
            )
        ]
        indexes = [models.Index(fields=["tenant", "variant_id", "day"])]


class ReturnReasonRollup(models.Model):
    """Units returned per reason, on the same key as :class:`ReturnRollup`; a variant's reasons
    add up to its ``units_returned``."""

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    channel_slug = models.CharField(max_length=255)
    variant_id = models.CharField(max_length=255)
    reason = models.CharField(max_length=120)
    units = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["day", "channel_slug", "variant_id", "reason"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "day", "channel_slug", "variant_id", "reason"],
                name="insights_return_reason_unique",
            )
        ]


class RefundRollup(models.Model):
    """Completed refund returns per tenant, day (UTC, the day the return was requested),
    channel and currency: how many and what was refunded. Never summed across currencies."""

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    channel_slug = models.CharField(max_length=255)
    currency = models.CharField(max_length=3)
    refunds = models.PositiveIntegerField(default=0)
    amount = models.DecimalField(max_digits=18, decimal_places=4, default=0)

    class Meta:
        ordering = ["day", "channel_slug", "currency"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "day", "channel_slug", "currency"],
                name="insights_refund_rollup_unique",
            )
        ]


# -- stock health (``stock_snapshots``) --------------------------------------------------------


class StockSnapshot(models.Model):
    """One stock level (variant × location) on one UTC day, as beat saw it: the latest on hand
    and available, and the lowest available of the day's snapshots. A day whose lowest
    available was 0 is a stock-out day."""

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    stock = models.ForeignKey(
        "oms_inventory.StockLevel", on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField()
    on_hand = models.IntegerField()
    available = models.IntegerField()
    min_available = models.IntegerField()
    taken_at = models.DateTimeField()

    class Meta:
        ordering = ["day", "stock_id"]
        constraints = [
            models.UniqueConstraint(fields=["stock", "day"], name="insights_stock_snapshot_unique")
        ]
        indexes = [models.Index(fields=["tenant", "day"], name="insights_snapshot_day")]


# -- order facts (``facts``): what each order adds to its bucket --------------------------------
#
# The facts are derived rows, replaced from the read model by every update and by the rebuild,
# so their foreign keys are kept by Django alone (``db_constraint=False``; the ORM's cascade
# deletes them with their order or tenant). A database constraint checked each inserted row at
# commit and locked its order row (a write to every order page): most of a rebuild's time at a
# million orders.


class OrderFact(models.Model):
    """One order's share of its bucket's order-level rollup row: its bucket key, counts, money,
    flags and the histogram bin of each cycle time (None: a leg with an end unknown). Written
    for the one order that changed; a bucket is the sum of its orders' facts. Draft and
    expired orders have none."""

    # No database constraints or tenant index (see the module's note on facts below): Django's
    # cascade deletes an order's facts with it, and the bucket index leads with the tenant.
    tenant = models.ForeignKey(
        "oms_tenants.Tenant",
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    order = models.OneToOneField(
        "oms_orders.Order", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    day = models.DateField()
    channel_slug = models.CharField(max_length=255)
    currency = models.CharField(max_length=3)
    live = models.BooleanField()
    lines = models.PositiveIntegerField()
    units = models.PositiveIntegerField()
    gross_total = models.DecimalField(max_digits=18, decimal_places=4)
    net_total = models.DecimalField(max_digits=18, decimal_places=4)
    shipments = models.PositiveIntegerField()
    first_plan_complete = models.BooleanField()
    routed = models.BooleanField()
    routing_cost = models.DecimalField(max_digits=18, decimal_places=4)
    routing_baseline_cost = models.DecimalField(max_digits=18, decimal_places=4)
    ship_judged = models.BooleanField()
    shipped_with_promise = models.BooleanField()
    shipped_on_time = models.BooleanField()
    backordered_units = models.PositiveIntegerField()
    short_picks = models.PositiveIntegerField()
    paid_to_routed_bin = models.SmallIntegerField(null=True)
    routed_to_shipped_bin = models.SmallIntegerField(null=True)
    paid_to_shipped_bin = models.SmallIntegerField(null=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["tenant", "day", "channel_slug", "currency"], name="insights_fact_bucket"
            )
        ]


class OrderLocationFact(models.Model):
    """One live order's share of a location's rollup row of its bucket: what that location
    shipped of it, was sent of it by its plans (and their cost) and short-picked."""

    # As on ``OrderFact``; the unique (order, warehouse) index serves the lookups by order.
    tenant = models.ForeignKey(
        "oms_tenants.Tenant",
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    order = models.ForeignKey(
        "oms_orders.Order",
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    day = models.DateField()
    channel_slug = models.CharField(max_length=255)
    currency = models.CharField(max_length=3)
    warehouse_id = models.CharField(max_length=255)
    shipments = models.PositiveIntegerField()
    units_shipped = models.PositiveIntegerField()
    routed = models.BooleanField()
    routing_cost = models.DecimalField(max_digits=18, decimal_places=4)
    short_picks = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["order", "warehouse_id"], name="insights_location_fact_unique"
            )
        ]
        indexes = [
            models.Index(
                fields=["tenant", "day", "channel_slug", "currency"],
                name="insights_location_fact_bucket",
            )
        ]
