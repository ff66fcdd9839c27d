"""The local read model of Saleor orders, kept current from webhooks.

Rows are versioned by the Saleor payload that last wrote them so a delivery that arrives late
never overwrites newer state (Saleor delivers out of order).
"""

from __future__ import annotations

from django.db import models


class Order(models.Model):
    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    saleor_id = models.CharField(max_length=255)
    number = models.CharField(max_length=32)
    channel_id = models.CharField(max_length=255)
    channel_slug = models.CharField(max_length=255)
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=32)
    origin = models.CharField(max_length=32, blank=True)
    charge_status = models.CharField(max_length=32, blank=True)
    authorize_status = models.CharField(max_length=32, blank=True)
    is_paid = models.BooleanField(default=False)
    user_email = models.EmailField(max_length=254, blank=True)
    user_id = models.CharField(max_length=255, blank=True)
    customer_note = models.TextField(blank=True)
    shipping_address = models.JSONField(null=True, blank=True)
    billing_address = models.JSONField(null=True, blank=True)
    delivery_method_type = models.CharField(max_length=32, blank=True)
    delivery_method_id = models.CharField(max_length=255, blank=True)
    delivery_method_name = models.CharField(max_length=255, blank=True)
    total_gross = models.DecimalField(max_digits=14, decimal_places=4)
    total_net = models.DecimalField(max_digits=14, decimal_places=4)
    total_charged = models.DecimalField(max_digits=14, decimal_places=4)
    weight_grams = models.DecimalField(max_digits=14, decimal_places=3, default=0)
    metadata = models.JSONField(default=dict, blank=True)
    private_metadata = models.JSONField(default=dict, blank=True)
    saleor_created_at = models.DateTimeField()
    saleor_updated_at = models.DateTimeField()
    # issuedAt of the payload that last wrote the row: breaks ties between payloads that carry
    # the same updatedAt.
    source_issued_at = models.DateTimeField()
    # issuedAt of the newest payload whose fulfilment list was applied: a fulfilment event
    # older than that, for a fulfilment the list did not hold, is about a deleted fulfilment.
    fulfillments_synced_at = models.DateTimeField(null=True, blank=True)
    # The earliest `updatedAt` at which Saleor reported the order paid (Saleor sends no paid time).
    paid_at = models.DateTimeField(null=True, blank=True)
    synced_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-saleor_created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "saleor_id"], name="order_unique_per_tenant")
        ]
        indexes = [
            models.Index(fields=["tenant", "number"]),
            models.Index(fields=["tenant", "status", "saleor_created_at"]),
            models.Index(fields=["tenant", "user_email"]),
            # A day's orders (the insights rollups recompute one day at a time).
            models.Index(fields=["tenant", "saleor_created_at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.number}"


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    saleor_id = models.CharField(max_length=255)
    product_name = models.CharField(max_length=255)
    variant_name = models.CharField(max_length=255, blank=True)
    sku = models.CharField(max_length=255, blank=True)
    variant_id = models.CharField(max_length=255, blank=True)
    product_id = models.CharField(max_length=255, blank=True)
    product_type = models.CharField(max_length=255, blank=True)
    quantity = models.PositiveIntegerField()
    quantity_fulfilled = models.PositiveIntegerField(default=0)
    quantity_to_fulfill = models.PositiveIntegerField(default=0)
    is_shipping_required = models.BooleanField(default=True)
    unit_price_gross = models.DecimalField(max_digits=14, decimal_places=4)
    # Saleor reports variant weight in the shop's unit; it is stored here in kilograms.
    unit_weight_kg = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    allocations = models.JSONField(default=list, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["order", "saleor_id"], name="order_line_unique")
        ]


class Fulfillment(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="fulfillments")
    saleor_id = models.CharField(max_length=255)
    fulfillment_order = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(max_length=32)
    tracking_number = models.CharField(max_length=255, blank=True)
    warehouse_id = models.CharField(max_length=255, blank=True)
    warehouse_name = models.CharField(max_length=255, blank=True)
    saleor_created_at = models.DateTimeField(null=True, blank=True)
    source_issued_at = models.DateTimeField()

    class Meta:
        ordering = ["fulfillment_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["order", "saleor_id"], name="fulfillment_unique")
        ]


class FulfillmentLine(models.Model):
    fulfillment = models.ForeignKey(Fulfillment, on_delete=models.CASCADE, related_name="lines")
    saleor_id = models.CharField(max_length=255)
    order_line_saleor_id = models.CharField(max_length=255)
    quantity = models.PositiveIntegerField()

    class Meta:
        ordering = ["pk"]
