"""Capture's tables: the outside channels a tenant takes orders from, and every order taken.

A :class:`CapturedOrder` is written before its door answers "accepted", once per tenant, source
and external reference (the unique constraint is what makes two concurrent imports of the same
reference one order); the batch task sends it to Saleor and records what Saleor made of it.
"""

from __future__ import annotations

from django.db import models


class CaptureSource(models.Model):
    """An outside channel (a phone line, a marketplace, a shop till) orders come from."""

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    code = models.SlugField(max_length=50)
    name = models.CharField(max_length=200)
    # The Saleor channel its orders are created in (its currency, its warehouses).
    channel_slug = models.CharField(max_length=100)
    # The Saleor warehouse an order line names (orderBulkCreate requires one per line); routing
    # picks the warehouse that ships it afterwards.
    warehouse_id = models.CharField(max_length=200)
    # Saleor 3.23's orderBulkCreate needs a shipping method ID (a name alone is refused) and a
    # tax class ID on every line and on the shipping (refused without one): the source's
    # defaults; an order may name its own shipping method.
    shipping_method_id = models.CharField(max_length=200)
    tax_class_id = models.CharField(max_length=200)
    # The HMAC secret of its signed webhook, encrypted like the tenants' Saleor tokens.
    secret_encrypted = models.TextField()
    replay_window_seconds = models.PositiveIntegerField(default=300)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    secret_rotated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code"], name="capture_source_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.name})"


class CapturedOrder(models.Model):
    """One outside order, stored before it is acknowledged; sent to Saleor once."""

    class State(models.TextChoices):
        RECEIVED = "RECEIVED"  # stored, not yet created in Saleor
        CREATED = "CREATED"  # Saleor holds the order (saleor_order_id)
        REFUSED = "REFUSED"  # Saleor refused it (errors); never retried as it was
        DISCARDED = "DISCARDED"  # refused, and staff gave up on it (never sent again)

    class Door(models.TextChoices):
        API = "API"
        CSV = "CSV"
        WEBHOOK = "WEBHOOK"

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    source = models.ForeignKey(CaptureSource, on_delete=models.PROTECT, related_name="orders")
    external_reference = models.CharField(max_length=200)
    door = models.CharField(max_length=16, choices=Door.choices)
    # The normalised order (capture.inbound.InboundOrder as JSON), the input of the Saleor call.
    payload = models.JSONField()
    state = models.CharField(max_length=16, choices=State.choices, default=State.RECEIVED)
    saleor_order_id = models.CharField(max_length=200, blank=True)
    saleor_order_number = models.CharField(max_length=50, blank=True)
    # The read model's order, once the OMS learned it (what rules are evaluated about).
    order = models.ForeignKey(
        "oms_orders.Order", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    errors = models.JSONField(default=list, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    # A batch task holds the row until then while it asks Saleor (see sending.py).
    claimed_until = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField()
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "source", "external_reference"],
                name="captured_order_reference_unique",
            )
        ]
        indexes = [
            models.Index(
                fields=["received_at"],
                name="captured_order_received_idx",
                condition=models.Q(state="RECEIVED"),
            ),
            models.Index(
                fields=["tenant", "saleor_order_id"],
                name="captured_order_unlinked_idx",
                condition=models.Q(state="CREATED", order__isnull=True),
            ),
        ]


class WebhookSignatureSeen(models.Model):
    """A signature a source's webhook already used: the same signed request twice is a replay.

    Kept for as long as the source's replay window accepts its timestamp (pruned after)."""

    source = models.ForeignKey(CaptureSource, on_delete=models.CASCADE, related_name="+")
    signature = models.CharField(max_length=128)
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "signature"], name="capture_signature_once")
        ]
