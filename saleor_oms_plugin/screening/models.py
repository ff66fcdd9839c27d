"""Order screening: the configuration per tenant and channel, and each order's result (the
review queue is the results on hold)."""

from __future__ import annotations

from django.db import models


class ScreeningConfig(models.Model):
    """A tenant's screening document (``channel_slug`` empty) or a channel's override of it;
    see ``config.py`` for the document."""

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    channel_slug = models.CharField(max_length=255, blank=True)
    document = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["channel_slug", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "channel_slug"], name="screening_config_unique_channel"
            )
        ]


class ScreeningResult(models.Model):
    class State(models.TextChoices):
        PENDING = "PENDING"  # the checks have not run yet: routing waits
        PASSED = "PASSED"  # every check passed: routed
        HELD = "HELD"  # in the review queue: routing waits for staff
        RELEASED = "RELEASED"  # staff let it through despite its reasons: routed
        CANCELLED = "CANCELLED"  # staff decided not to ship it: never routed automatically

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    order = models.OneToOneField(
        "oms_orders.Order", on_delete=models.CASCADE, related_name="screening"
    )
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    # Every check's result (facts.CheckResult.as_json) of the last run.
    checks = models.JSONField(default=list, blank=True)
    # The codes of the checks that did not pass (filterable: ``reason_codes__contains``).
    reason_codes = models.JSONField(default=list, blank=True)
    risk_score = models.PositiveSmallIntegerField(null=True, blank=True)
    marks = models.JSONField(default=list, blank=True)
    channel_slug = models.CharField(max_length=255)
    currency = models.CharField(max_length=3)
    # The order's Saleor ``updatedAt`` the last run saw: a newer one re-runs a held order.
    order_updated_at = models.DateTimeField(null=True, blank=True)
    runs = models.PositiveIntegerField(default=0)
    screened_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.CharField(max_length=255, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["tenant", "state", "created_at"], name="screening_queue"),
        ]

    def __str__(self) -> str:
        return f"screening of order {self.order_id}: {self.state}"


class KnownVariant(models.Model):
    """Which variants belong to which product, as the tenant's orders show (Saleor's catalogue
    is not copied here): where the stock check looks for another variant of a missing line's
    product. Filled from the order read model when screening is enabled, then by every
    screened order."""

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    product_id = models.CharField(max_length=255)
    variant_id = models.CharField(max_length=255)
    name = models.CharField(max_length=512, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "variant_id"], name="screening_known_variant_unique"
            )
        ]
        indexes = [models.Index(fields=["tenant", "product_id"], name="screening_variant_product")]


class SubstituteIntent(models.Model):
    """Staff's acceptance of a substitute for one line, written before Saleor is asked and
    moved on after each answer, so that an acceptance cut short (a crash, a timeout, a refused
    delete) is resumed where it stopped and never adds the substitute twice.

    ``baseline`` is how many units of the substitute the Saleor order held before it was
    asked: Saleor adds a variant the order already has to its existing line, so "the
    substitute was added" reads as "the order now holds ``baseline + quantity`` or more"."""

    class State(models.TextChoices):
        ASKING = "ASKING"  # written; Saleor may or may not have added the substitute
        ADDED = "ADDED"  # Saleor added it; the line it replaces is still to be deleted
        DONE = "DONE"  # added and the line deleted: the acceptance is complete

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    order = models.ForeignKey("oms_orders.Order", on_delete=models.CASCADE, related_name="+")
    line_id = models.CharField(max_length=255)
    variant_id = models.CharField(max_length=255)
    quantity = models.PositiveIntegerField()
    baseline = models.PositiveIntegerField(null=True, blank=True)
    added_lines = models.JSONField(default=list, blank=True)
    state = models.CharField(max_length=8, choices=State.choices, default=State.ASKING)
    # Who is applying it until when: another acceptance of the line waits until then.
    claimed_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "line_id"], name="screening_substitute_intent_unique_line"
            )
        ]

    def __str__(self) -> str:
        return f"substitute {self.variant_id} for line {self.line_id}: {self.state}"
