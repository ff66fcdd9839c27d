"""Returns (RMAs): the per-channel return policy, return requests and their lines.

A request moves through the transition table in ``transitions``; every move is audited. RMA
numbers are sequential per tenant, drawn from :class:`RmaCounter` inside the request's
transaction so two concurrent requests never share a number and none is skipped on rollback.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce


class Resolution(models.TextChoices):
    REFUND = "refund"
    EXCHANGE = "exchange"
    STORE_CREDIT = "store_credit"


class ReturnPolicy(models.Model):
    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    # Saleor channel slug; null: the tenant's default for channels without a policy of their own.
    channel = models.CharField(max_length=255, null=True, blank=True)  # noqa: DJ001
    window_days = models.PositiveIntegerField(default=30)
    final_sale_product_types = models.JSONField(default=list, blank=True)
    final_sale_skus = models.JSONField(default=list, blank=True)
    reasons = models.JSONField(default=list)
    resolutions = models.JSONField(default=list)
    restocking_fee_percent = models.DecimalField(
        max_digits=5, decimal_places=2, default=Decimal("0")
    )
    return_shipping_fee = models.DecimalField(max_digits=14, decimal_places=4, default=Decimal("0"))
    # Auto-approval: a request is approved at once when every condition that is set holds; with
    # neither set, every request waits for staff.
    auto_approve_max_value = models.DecimalField(
        max_digits=14, decimal_places=4, null=True, blank=True
    )
    auto_approve_reasons = models.JSONField(default=list, blank=True)
    # Printed on the return label: where parcels go (else the location the order shipped
    # from) and what the customer should do.
    return_location = models.ForeignKey(
        "oms_locations.Location",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    instructions = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                models.F("tenant"),
                Coalesce("channel", Value("")),
                name="return_policy_one_per_channel",
            )
        ]


class RmaCounter(models.Model):
    """The last RMA number handed out per tenant (one row, bumped with an F() update)."""

    tenant = models.OneToOneField(
        "oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    last_number = models.PositiveIntegerField(default=0)


class ReturnRequest(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested"
        APPROVED = "approved"
        REJECTED = "rejected"
        IN_TRANSIT = "in_transit"
        RECEIVED = "received"
        INSPECTED = "inspected"
        COMPLETED = "completed"
        CANCELLED = "cancelled"

    class SaleorState(models.TextChoices):
        NONE = "none"  # nothing sent yet (not asked to complete)
        PENDING = "pending"  # a task records it in Saleor; the return completes on acceptance
        DONE = "done"
        FAILED = "failed"  # Saleor refused (or we could not ask): staff must look

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    order = models.ForeignKey(
        "oms_orders.Order", on_delete=models.PROTECT, related_name="return_requests"
    )
    rma_number = models.PositiveIntegerField()
    # The requester's key for this request (blank: none): asking again with the same key, as a
    # client retrying after a timeout does, answers the request it already opened.
    idempotency_key = models.CharField(max_length=64, blank=True, default="")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.REQUESTED)
    resolution = models.CharField(max_length=16, choices=Resolution.choices)
    customer_user_id = models.CharField(max_length=255, blank=True)
    customer_email = models.EmailField(max_length=254, blank=True)
    note = models.TextField(blank=True)
    decision_reason = models.TextField(blank=True)
    tracking_number = models.CharField(max_length=255, blank=True)
    # Where the parcel arrived; resellable units go back to stock there.
    location = models.ForeignKey(
        "oms_locations.Location", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    currency = models.CharField(max_length=3)
    # Frozen from the policy when requested, so a later policy change never moves a refund.
    restocking_fee_percent = models.DecimalField(max_digits=5, decimal_places=2)
    return_shipping_fee = models.DecimalField(max_digits=14, decimal_places=4)
    refund_amount = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    auto_approved = models.BooleanField(default=False)
    saleor_state = models.CharField(
        max_length=16, choices=SaleorState.choices, default=SaleorState.NONE
    )
    saleor_return_fulfillment_id = models.CharField(max_length=255, blank=True)
    saleor_granted_refund_id = models.CharField(max_length=255, blank=True)
    # The granted refund was sent through the payment transaction (the PSP refunds).
    saleor_refund_requested = models.BooleanField(default=False)
    saleor_exchange_order_id = models.CharField(max_length=255, blank=True)  # a draft order
    saleor_gift_card_id = models.CharField(max_length=255, blank=True)
    saleor_error = models.TextField(blank=True)
    # Saleor's error code of the refusal (e.g. INVALID_QUANTITY), or ours when we could not ask
    # (``returns.error_codes.SaleorSyncErrorCode``); blank unless FAILED.
    saleor_error_code = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "rma_number"], name="return_rma_unique"),
            models.UniqueConstraint(
                fields=["tenant", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="return_request_idempotency_key_unique",
            ),
            models.UniqueConstraint(
                fields=["saleor_return_fulfillment_id"],
                condition=~Q(saleor_return_fulfillment_id=""),
                name="return_saleor_fulfillment_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "status", "created_at"]),
            models.Index(fields=["tenant", "customer_user_id"]),
        ]

    def __str__(self) -> str:
        return self.rma

    @property
    def rma(self) -> str:
        return f"RMA-{self.rma_number:06d}"


class ReturnLine(models.Model):
    request = models.ForeignKey(ReturnRequest, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey(
        "oms_orders.OrderLine", on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.PositiveIntegerField()
    reason = models.CharField(max_length=120)
    note = models.TextField(blank=True)
    unit_price = models.DecimalField(max_digits=14, decimal_places=4)
    # Exchanges: the Saleor ProductVariant wanted instead (blank: the same variant again).
    replacement_variant_id = models.CharField(max_length=255, blank=True)
    # Set on inspection; they add up to ``quantity``.
    quantity_resellable = models.PositiveIntegerField(null=True, blank=True)
    quantity_damaged = models.PositiveIntegerField(null=True, blank=True)
    quantity_missing = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="return_line_quantity_positive"
            )
        ]

    @property
    def quantity_received(self) -> int:
        return (self.quantity_resellable or 0) + (self.quantity_damaged or 0)
