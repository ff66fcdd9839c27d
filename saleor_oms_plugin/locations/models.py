"""Locations stock is held at: Saleor's warehouses (a read model) and the merchant's others.

A ``SALEOR_WAREHOUSE`` mirrors a Saleor ``Warehouse`` (``saleor_id`` set, kept current by sync).
The other kinds (stores, 3PLs, marketplace-held stock) exist only here: no Saleor id, created
and archived by staff, never written back to Saleor, and never touched by Saleor's sync.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class LocationQuerySet(models.QuerySet["Location"]):
    def saleor_warehouses(self) -> LocationQuerySet:
        """Only locations that are Saleor warehouses (what Saleor can allocate and fulfil from)."""
        return self.filter(kind=Location.Kind.SALEOR_WAREHOUSE)

    def outside(self) -> LocationQuerySet:
        return self.exclude(kind=Location.Kind.SALEOR_WAREHOUSE)


class Location(models.Model):
    class Kind(models.TextChoices):
        SALEOR_WAREHOUSE = "SALEOR_WAREHOUSE"
        STORE = "STORE"
        THIRD_PARTY_LOGISTICS = "THIRD_PARTY_LOGISTICS"
        MARKETPLACE = "MARKETPLACE"

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=24, choices=Kind.choices, default=Kind.SALEOR_WAREHOUSE)
    # Saleor's Warehouse ID; empty for outside locations.
    saleor_id = models.CharField(max_length=255, blank=True)
    name = models.CharField(max_length=255)
    slug = models.CharField(max_length=255, blank=True)
    email = models.CharField(max_length=254, blank=True)
    company_name = models.CharField(max_length=255, blank=True)
    street_address_1 = models.CharField(max_length=255, blank=True)
    street_address_2 = models.CharField(max_length=255, blank=True)
    city = models.CharField(max_length=255, blank=True)
    postal_code = models.CharField(max_length=32, blank=True)
    country = models.CharField(max_length=2, blank=True)
    country_area = models.CharField(max_length=128, blank=True)
    phone = models.CharField(max_length=64, blank=True)
    click_and_collect_option = models.CharField(max_length=16, default="DISABLED")
    is_private = models.BooleanField(default=True)
    # From the warehouse metadata keys `oms.lat` / `oms.lng`; null when absent or malformed.
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    is_deleted = models.BooleanField(default=False)
    source_issued_at = models.DateTimeField()
    synced_at = models.DateTimeField(auto_now=True)

    objects = LocationQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "saleor_id"],
                condition=~Q(saleor_id=""),
                name="location_unique_per_tenant",
            ),
            models.CheckConstraint(
                condition=Q(kind="SALEOR_WAREHOUSE", saleor_id__gt="")
                | (~Q(kind="SALEOR_WAREHOUSE") & Q(saleor_id="")),
                name="location_saleor_id_iff_warehouse",
            ),
            # Outside locations are addressed by slug in feeds: one per tenant.
            models.UniqueConstraint(
                fields=["tenant", "slug"],
                condition=~Q(kind="SALEOR_WAREHOUSE"),
                name="location_outside_slug_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_saleor_warehouse(self) -> bool:
        return self.kind == self.Kind.SALEOR_WAREHOUSE
