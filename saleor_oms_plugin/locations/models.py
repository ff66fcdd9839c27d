"""The local read model of Saleor warehouses: the locations routing and stock work with."""

from __future__ import annotations

from django.db import models


class Location(models.Model):
    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    saleor_id = models.CharField(max_length=255)
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

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "saleor_id"], name="location_unique_per_tenant"
            )
        ]

    def __str__(self) -> str:
        return self.name
