"""Outbound availability: outside channels subscribed to available-to-sell, and deliveries.

``AvailabilityValue`` is what each subscription has been sent (or has on its way) per channel
and variant: a value is queued only when it differs, so one state is never sent twice.
``AvailabilityDelivery`` is the outbox and delivery log; DEAD rows are the dead letters.
"""

from __future__ import annotations

from django.db import models


class AvailabilitySubscription(models.Model):
    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=120)
    url = models.URLField(max_length=1000)
    # The HMAC key, Fernet-encrypted like app tokens; shown in plain text once, at creation.
    secret_encrypted = models.TextField()
    channel_slugs = models.JSONField(default=list)
    is_active = models.BooleanField(default=True)
    # Numbers the deliveries: receivers apply an item only if it is newer than what they hold.
    sequence = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "name"], name="availability_sub_unique")
        ]


class AvailabilityDelivery(models.Model):
    class State(models.TextChoices):
        PENDING = "PENDING"
        DELIVERED = "DELIVERED"
        DEAD = "DEAD"

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    subscription = models.ForeignKey(
        AvailabilitySubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    # Sent as X-OMS-Delivery: the same on every attempt, so receivers can drop repeats.
    delivery_id = models.CharField(max_length=64, unique=True)
    sequence = models.BigIntegerField()
    item_count = models.PositiveIntegerField()
    payload = models.JSONField()
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_status = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    # An attempt in flight holds the delivery until then (longer than any HTTP timeout), so
    # no other worker sends it meanwhile; no row lock is held while the POST is out.
    leased_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-pk"]
        indexes = [
            models.Index(
                fields=["tenant", "state", "updated_at"], name="availability_delivery_state"
            )
        ]


class AvailabilityValue(models.Model):
    subscription = models.ForeignKey(
        AvailabilitySubscription, on_delete=models.CASCADE, related_name="values"
    )
    channel_slug = models.CharField(max_length=255)
    variant_id = models.CharField(max_length=255)
    # Null: unknown to the receiver (never sent, or its delivery died): sent at the next look.
    value = models.IntegerField(null=True)
    delivery = models.ForeignKey(
        AvailabilityDelivery, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "channel_slug", "variant_id"],
                name="availability_value_unique",
            )
        ]


class DirtyAvailability(models.Model):
    """A variant whose available-to-sell may have changed since it was last compared."""

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    variant_id = models.CharField(max_length=255)
    marked_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "variant_id"], name="dirty_availability_unique"
            )
        ]
