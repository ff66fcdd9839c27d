"""Replenishment: per-stock reorder settings, sales velocity, and low-stock alerts.

Everything is keyed by a stock level (tenant × location × variant) of the inventory ledger.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q


class ReplenishmentSetting(models.Model):
    """Reorder point, target level and lead time of one variant at one location."""

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    location = models.ForeignKey(
        "oms_locations.Location", on_delete=models.CASCADE, related_name="+"
    )
    variant_id = models.CharField(max_length=255, help_text="Saleor ProductVariant ID.")
    reorder_point = models.IntegerField(help_text="Low stock at or below this many available.")
    target_level = models.IntegerField(help_text="What a purchase should bring stock up to.")
    lead_time_days = models.IntegerField(default=0)
    # Units already ordered from the supplier and not yet received (entered by staff).
    on_order = models.IntegerField(default=0)
    supplier = models.CharField(max_length=255, blank=True)
    notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["variant_id", "location_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "location", "variant_id"], name="replenishment_setting_unique"
            ),
            models.CheckConstraint(condition=Q(reorder_point__gte=0), name="repl_reorder_gte_0"),
            models.CheckConstraint(
                condition=Q(target_level__gte=F("reorder_point")), name="repl_target_gte_reorder"
            ),
            models.CheckConstraint(condition=Q(lead_time_days__gte=0), name="repl_lead_gte_0"),
            models.CheckConstraint(condition=Q(on_order__gte=0), name="repl_on_order_gte_0"),
        ]


class SalesVelocity(models.Model):
    """Exponentially weighted units sold per day at one stock level (see velocity.py).

    ``ew_units``/``ew_days`` are the decayed sums over *closed* day buckets; ``bucket_day`` is
    the open bucket (today, as of the last update) holding ``bucket_units``. The movements
    up to ``last_movement_id`` are counted.
    """

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    stock = models.OneToOneField(
        "oms_inventory.StockLevel", on_delete=models.CASCADE, related_name="+"
    )
    ew_units = models.FloatField(default=0.0)
    ew_days = models.FloatField(default=0.0)
    bucket_day = models.DateField()
    bucket_units = models.IntegerField(default=0)
    last_movement_id = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)


class StockAlert(models.Model):
    """A stock level in a worrying state: open until the state ends (resolved by itself)."""

    class Kind(models.TextChoices):
        LOW_STOCK = "LOW_STOCK"
        OUT_OF_STOCK = "OUT_OF_STOCK"
        RUN_OUT_BEFORE_RESTOCK = "RUN_OUT_BEFORE_RESTOCK"

    class State(models.TextChoices):
        OPEN = "OPEN"
        ACKNOWLEDGED = "ACKNOWLEDGED"  # staff saw it; still unresolved
        RESOLVED = "RESOLVED"

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    stock = models.ForeignKey(
        "oms_inventory.StockLevel", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=32, choices=Kind.choices)
    state = models.CharField(max_length=16, choices=State.choices, default=State.OPEN)
    # What was seen when it opened: available, reorder point, days of cover, lead time…
    facts = models.JSONField(default=dict)
    opened_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.CharField(max_length=255, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["stock", "kind"],
                condition=Q(state__in=["OPEN", "ACKNOWLEDGED"]),
                name="stock_alert_one_unresolved",
            ),
        ]
        indexes = [models.Index(fields=["tenant", "state", "opened_at"], name="alert_state")]


class DirtyStock(models.Model):
    """A stock level changed since replenishment last looked at it."""

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    stock = models.OneToOneField(
        "oms_inventory.StockLevel", on_delete=models.CASCADE, related_name="+"
    )
    marked_at = models.DateTimeField()


class DemandForecast(models.Model):
    """The daily demand forecast of one stock level (variant × location), recomputed daily.

    ``daily[0]`` is the forecast of ``starts_on`` (the day after the last closed day of
    history). ``method`` won the backtest (see ``forecasting.engine``); ``wape`` is its backtest
    error, ``ewma_wape`` the velocity's over the same windows.
    """

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    stock = models.OneToOneField(
        "oms_inventory.StockLevel", on_delete=models.CASCADE, related_name="+"
    )
    method = models.CharField(max_length=32)
    demand_class = models.CharField(max_length=16)
    starts_on = models.DateField()
    daily = models.JSONField(default=list, help_text="Units per day from starts_on on.")
    history_days = models.IntegerField(default=0)
    backtest_windows = models.IntegerField(default=0)
    wape = models.FloatField(null=True, blank=True)
    mase = models.FloatField(null=True, blank=True)
    ewma_wape = models.FloatField(null=True, blank=True)
    naive_wape = models.FloatField(null=True, blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["tenant", "method"], name="forecast_tenant_method")]
