"""Delivery services (what the OMS offers at checkout) and the calendars of locations.

A location's cut-off time and time zone are routing settings (``fulfilment``); its working
days, holidays and handling time are here.
"""

from __future__ import annotations

from django.db import models

MONDAY_TO_FRIDAY = [0, 1, 2, 3, 4]


def _monday_to_friday() -> list[int]:
    return list(MONDAY_TO_FRIDAY)


class DeliveryService(models.Model):
    """A carrier service the OMS offers as a shipping method of its own.

    ``transit_bands``: ``[{"upToKm": 500, "minDays": 1, "maxDays": 2}, …, {"upToKm": null, …}]``
    counted in the service's delivery days; ``rates``: ``[{"currency": "USD", "upToKg": 1,
    "amount": "5.00"}, …]``, the first band of the checkout's currency that takes the cart's
    weight prices it (no band: the service is not offered in that currency).
    """

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    code = models.SlugField(max_length=64, help_text="The method id Saleor gets.")
    name = models.CharField(max_length=120)
    carrier = models.CharField(max_length=120, blank=True)
    is_active = models.BooleanField(default=True)
    channels = models.JSONField(default=list, blank=True, help_text="Empty: every channel.")
    transit_bands = models.JSONField(default=list)
    delivery_weekdays = models.JSONField(default=_monday_to_friday)
    holidays = models.JSONField(default=list, blank=True)
    rates = models.JSONField(default=list)
    # Saleor shipping methods of the store this service carries: the filter checks their
    # promise (maximum delivery days) with this service's transit times.
    saleor_method_ids = models.JSONField(default=list, blank=True)
    position = models.IntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code"], name="delivery_service_code")
        ]

    def __str__(self) -> str:
        return self.code


class LocationDeliveryCalendar(models.Model):
    class HandlingUnit(models.TextChoices):
        BUSINESS_DAYS = "business_days"
        HOURS = "hours"

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    location = models.OneToOneField(
        "oms_locations.Location", on_delete=models.CASCADE, related_name="delivery_calendar"
    )
    working_weekdays = models.JSONField(default=_monday_to_friday)
    holidays = models.JSONField(default=list, blank=True)
    handling_amount = models.PositiveIntegerField(default=0)
    handling_unit = models.CharField(
        max_length=16, choices=HandlingUnit.choices, default=HandlingUnit.BUSINESS_DAYS
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]


class SoldPromise(models.Model):
    """The promise an order was sold with, and whether it was kept.

    Recorded once, when the OMS first sees the order: the cart routed as at the moment it was
    placed, with the delivery service the customer chose (an OMS option, or the service that
    carries the store method chosen). ``ship_kept``: None while open; True when every parcel
    left by the promised ship date; False once it could not (shipped later, or the day passed).
    """

    tenant = models.ForeignKey("oms_tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    order = models.OneToOneField(
        "oms_orders.Order", on_delete=models.CASCADE, related_name="delivery_promise"
    )
    service_code = models.CharField(max_length=64, blank=True, help_text="Empty: none known.")
    location_id = models.CharField(
        max_length=255, help_text="Saleor warehouse of the first parcel."
    )
    location_name = models.CharField(max_length=255)
    time_zone = models.CharField(max_length=64, default="UTC", help_text="The location's.")
    made_at = models.DateTimeField(help_text="When the order was placed.")
    ship_date = models.DateField()
    ship_deadline = models.DateTimeField(help_text="The promised ship date's cut-off.")
    delivery_earliest = models.DateField(null=True, blank=True)
    delivery_latest = models.DateField(null=True, blank=True)
    sentence = models.CharField(max_length=255, blank=True)
    shipments = models.JSONField(default=list)
    shipped_on = models.DateField(null=True, blank=True)
    ship_kept = models.BooleanField(null=True, blank=True)
    # Saleor has no "delivered": a carrier integration or staff record it.
    delivered_on = models.DateField(null=True, blank=True)
    delivery_kept = models.BooleanField(null=True, blank=True)
    cancelled = models.BooleanField(default=False)
    at_risk_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["tenant", "made_at"], name="sold_promise_made"),
            models.Index(fields=["ship_kept", "ship_deadline"], name="sold_promise_open"),
        ]
