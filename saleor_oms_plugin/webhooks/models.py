from __future__ import annotations

from django.db import models


class Delivery(models.Model):
    """One accepted webhook delivery: stored before it is acknowledged, processed once."""

    class Status(models.TextChoices):
        PENDING = "pending"
        DONE = "done"
        DEFERRED = "deferred"  # waits for the subject named in `waiting_for` to arrive
        SKIPPED = "skipped"  # no domain handles this event
        FAILED = "failed"  # the payload cannot be applied; kept for inspection

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    event = models.CharField(max_length=64)
    # SHA-256 of event and exact body: Saleor retries a delivery with the same body.
    dedupe_key = models.CharField(max_length=64)
    payload = models.JSONField()
    issued_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    waiting_for = models.CharField(max_length=300, blank=True)
    outcome = models.CharField(max_length=32, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "dedupe_key"], name="delivery_dedupe")
        ]
        indexes = [
            models.Index(
                fields=["received_at"],
                name="delivery_pending_idx",
                condition=models.Q(status="pending"),
            ),
            # A tenant's turn takes its pending deliveries by attempts, then oldest first.
            models.Index(
                fields=["tenant", "attempts", "id"],
                name="delivery_tenant_pending_idx",
                condition=models.Q(status="pending"),
            ),
            models.Index(
                fields=["tenant", "waiting_for"],
                name="delivery_deferred_idx",
                condition=models.Q(status="deferred"),
            ),
        ]
