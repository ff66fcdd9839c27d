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

    class CoordinatesSource(models.TextChoices):
        """Where ``latitude`` / ``longitude`` come from, strongest first."""

        MANUAL = "MANUAL"  # set by staff in the OMS
        METADATA = "METADATA"  # the warehouse metadata keys oms.lat / oms.lng
        GEOCODED_ADDRESS = "GEOCODED_ADDRESS"  # a geocoder that places street addresses
        GEOCODED_POSTAL_CODE = "GEOCODED_POSTAL_CODE"
        GEOCODED_POSTAL_AREA = "GEOCODED_POSTAL_AREA"  # nearest known code of the same area
        GEOCODED_CITY = "GEOCODED_CITY"
        GEOCODED_REGION = "GEOCODED_REGION"
        GEOCODED_COUNTRY = "GEOCODED_COUNTRY"
        NONE = "NONE"  # cannot be placed: routing counts it as the farthest location

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
    # Where the location is, as routing and storefronts use it: the manual position, else the
    # warehouse metadata keys `oms.lat` / `oms.lng`, else the address geocoded offline; null
    # when none of them places it. ``coordinates_source`` says which (see locations.geocoding).
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    coordinates_source = models.CharField(
        max_length=24, choices=CoordinatesSource.choices, default=CoordinatesSource.NONE
    )
    # Set by staff (GraphQL); overrides metadata and geocoding. Null: not set.
    manual_latitude = models.FloatField(null=True, blank=True)
    manual_longitude = models.FloatField(null=True, blank=True)
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
            models.CheckConstraint(
                condition=Q(manual_latitude__isnull=True, manual_longitude__isnull=True)
                | Q(
                    manual_latitude__gte=-90,
                    manual_latitude__lte=90,
                    manual_longitude__gte=-180,
                    manual_longitude__lte=180,
                ),
                name="location_manual_coordinates_valid",
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
