"""Carts: Saleor checkouts as the OMS follows them, and the stock each one holds.

A cart is created by the first checkout event (or by its order, when that arrives first) and
kept current from newer events only (``saleor_updated_at`` orders them). While ACTIVE it may
hold its lines through an inventory reservation (``reservation``), replaced whenever the lines
change; ``expires_at`` is the last activity plus the tenant's time to live.

States: ACTIVE → ORDERED (its order arrived: the hold was converted; final) or EXPIRED (the
time ran out: the hold was released, ``checkout.abandoned`` published once); an EXPIRED cart
with newer activity is ACTIVE again (it is never announced as abandoned twice).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class Cart(models.Model):
    class State(models.TextChoices):
        ACTIVE = "ACTIVE"
        ORDERED = "ORDERED"
        EXPIRED = "EXPIRED"

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    checkout_id = models.CharField(max_length=255, help_text="Saleor Checkout ID.")
    token = models.CharField(max_length=64, blank=True)
    channel_slug = models.CharField(max_length=255, blank=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.ACTIVE)
    email = models.CharField(max_length=254, blank=True)
    user_id = models.CharField(max_length=255, blank=True, help_text="Saleor User ID.")
    currency = models.CharField(max_length=3, blank=True)
    total_gross = models.DecimalField(max_digits=14, decimal_places=3, default=0)
    lines = models.JSONField(default=list, help_text='[{"variant_id", "sku", "quantity"}]')
    reservation = models.ForeignKey(
        "oms_inventory.Reservation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The reservation holding the lines; null: nothing held.",
    )
    hold_sequence = models.PositiveIntegerField(default=0)
    hold_problem = models.CharField(max_length=500, blank=True)
    order_saleor_id = models.CharField(max_length=255, blank=True)
    saleor_created_at = models.DateTimeField(null=True, blank=True)
    saleor_updated_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    abandoned_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-saleor_updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "checkout_id"], name="cart_unique_checkout"),
            models.CheckConstraint(condition=Q(total_gross__gte=0), name="cart_total_gross_gte_0"),
        ]
        indexes = [
            models.Index(fields=["state", "expires_at"], name="cart_expiry"),
            models.Index(fields=["tenant", "state", "channel_slug"], name="cart_state_channel"),
        ]

    def __str__(self) -> str:
        return f"cart {self.checkout_id}"
