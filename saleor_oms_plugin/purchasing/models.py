"""Purchasing: suppliers, what each supplies (SKU, cost, pack size), purchase orders and their
receipts.

A purchase order brings units of variants from one supplier to one location. Its open
quantities (ordered, not yet received, of orders sent to the supplier) count as inbound for the
purchase suggestions; receiving adds stock through the inventory ledger.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q


class Supplier(models.Model):
    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=255)
    email = models.EmailField(blank=True, help_text="Where purchase orders are sent.")
    currency = models.CharField(max_length=3, help_text="ISO 4217 code of its prices.")
    lead_time_days = models.IntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "name"], name="supplier_name_unique"),
            models.CheckConstraint(condition=Q(lead_time_days__gte=0), name="supplier_lead_gte_0"),
        ]


class SupplierItem(models.Model):
    """One of our SKUs as a supplier sells it: its code there, unit cost and order multiples.

    Several suppliers may sell a SKU; suggestions take the one with the lowest ``priority``.
    """

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="items")
    sku = models.CharField(max_length=255, help_text="Our (Saleor's) variant SKU.")
    supplier_sku = models.CharField(max_length=255, blank=True)
    unit_cost = models.DecimalField(max_digits=12, decimal_places=4, default=0)
    pack_size = models.IntegerField(default=1, help_text="Ordered in multiples of this.")
    min_order_quantity = models.IntegerField(default=0)
    priority = models.IntegerField(default=0, help_text="Lowest wins among suppliers of a SKU.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["sku", "priority", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["supplier", "sku"], name="supplier_item_unique"),
            models.CheckConstraint(condition=Q(pack_size__gte=1), name="supplier_item_pack_gte_1"),
            models.CheckConstraint(
                condition=Q(min_order_quantity__gte=0), name="supplier_item_moq_gte_0"
            ),
            models.CheckConstraint(condition=Q(unit_cost__gte=0), name="supplier_item_cost_gte_0"),
        ]
        indexes = [models.Index(fields=["tenant", "sku"], name="supplier_item_sku")]


class PurchaseOrder(models.Model):
    class State(models.TextChoices):
        DRAFT = "DRAFT"
        SENT = "SENT"
        PARTIALLY_RECEIVED = "PARTIALLY_RECEIVED"
        RECEIVED = "RECEIVED"
        CANCELLED = "CANCELLED"

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    number = models.CharField(max_length=32)
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="orders")
    location = models.ForeignKey(
        "oms_locations.Location", on_delete=models.PROTECT, related_name="+"
    )
    currency = models.CharField(max_length=3)
    expected_on = models.DateField(null=True, blank=True)
    state = models.CharField(max_length=24, choices=State.choices, default=State.DRAFT)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    # When the supplier was e-mailed the order (after the commit that sent it).
    emailed_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # When ``purchase_order.late`` was published: once per order.
    late_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "number"], name="purchase_order_number"),
        ]
        indexes = [
            models.Index(fields=["tenant", "state", "expected_on"], name="purchase_order_state"),
        ]


class PurchaseOrderLine(models.Model):
    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    order = models.ForeignKey(PurchaseOrder, on_delete=models.CASCADE, related_name="lines")
    variant_id = models.CharField(max_length=255, help_text="Saleor ProductVariant ID.")
    sku = models.CharField(max_length=255)
    supplier_sku = models.CharField(max_length=255, blank=True)
    quantity_ordered = models.IntegerField()
    quantity_received = models.IntegerField(default=0)
    unit_cost = models.DecimalField(max_digits=12, decimal_places=4, default=0)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["order", "variant_id"], name="po_line_variant"),
            models.CheckConstraint(
                condition=Q(quantity_ordered__gt=0), name="po_line_ordered_gt_0"
            ),
            models.CheckConstraint(
                condition=Q(quantity_received__gte=0)
                & Q(quantity_received__lte=F("quantity_ordered")),
                name="po_line_received_within_ordered",
            ),
        ]

    @property
    def quantity_open(self) -> int:
        return self.quantity_ordered - self.quantity_received


class PurchaseReceipt(models.Model):
    """One delivery received against an order, under the caller's key: a repeated key changes
    nothing a second time."""

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    order = models.ForeignKey(PurchaseOrder, on_delete=models.CASCADE, related_name="receipts")
    key = models.CharField(max_length=255)
    # {line id (str): units received}
    quantities = models.JSONField(default=dict)
    actor_type = models.CharField(max_length=16)
    actor_id = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["order", "key"], name="purchase_receipt_key"),
        ]


class PurchaseNumbering(models.Model):
    """The last purchase order number given out per tenant (PO-000001, PO-000002, …)."""

    tenant = models.OneToOneField("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    last = models.IntegerField(default=0)
