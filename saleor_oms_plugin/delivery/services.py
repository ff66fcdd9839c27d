"""Writes of the delivery settings: one transaction each, with its audit event.

Every value is checked before anything is written (``service_document``); a refused change
changes nothing. This process forgets its cached delivery context at once; other processes
within ``DELIVERY_CONTEXT_SECONDS``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.delivery.context import delivery_context_forget
from saleor_oms_plugin.delivery.error_codes import DeliveryErrorCode
from saleor_oms_plugin.delivery.errors import DeliveryError
from saleor_oms_plugin.delivery.events import DeliveryEvent
from saleor_oms_plugin.delivery.locks import (
    lock_or_create_calendar,
    lock_or_create_service,
    lock_service,
)
from saleor_oms_plugin.delivery.models import DeliveryService, LocationDeliveryCalendar
from saleor_oms_plugin.delivery.service_document import (
    channels_clean,
    holidays_clean,
    rates_clean,
    transit_bands_clean,
    weekdays_clean,
)
from saleor_oms_plugin.locations.models import Location

CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
MAX_HANDLING = {"business_days": 30, "hours": 720}


def _service_fields(changes: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    if "name" in changes or creating:
        name = str(changes.get("name") or "").strip()
        if not name or len(name) > 120:
            raise DeliveryError(
                DeliveryErrorCode.INVALID_SERVICE, "A name of 1 to 120 characters.", field="name"
            )
        cleaned["name"] = name
    if "carrier" in changes:
        cleaned["carrier"] = str(changes["carrier"] or "").strip()[:120]
    if "is_active" in changes:
        cleaned["is_active"] = bool(changes["is_active"])
    if "position" in changes:
        cleaned["position"] = int(changes["position"] or 0)
    if "channels" in changes:
        cleaned["channels"] = channels_clean(changes["channels"] or [])
    if "saleor_method_ids" in changes:
        cleaned["saleor_method_ids"] = channels_clean(
            changes["saleor_method_ids"] or [], field="saleorMethodIds"
        )
    if "transit_bands" in changes or creating:
        cleaned["transit_bands"] = transit_bands_clean(changes.get("transit_bands"))
    if "rates" in changes or creating:
        cleaned["rates"] = rates_clean(changes.get("rates"))
    if "delivery_weekdays" in changes:
        cleaned["delivery_weekdays"] = weekdays_clean(
            changes["delivery_weekdays"], field="deliveryWeekdays"
        )
    if "holidays" in changes:
        cleaned["holidays"] = holidays_clean(changes["holidays"] or [], field="holidays")
    return cleaned


def delivery_service_save(
    *, tenant_id: int, code: str, changes: Mapping[str, Any], actor: Actor
) -> DeliveryService:
    """Create the service ``code`` or change some of its settings (the others keep theirs)."""
    code = (code or "").strip().lower()
    if not CODE.match(code):
        raise DeliveryError(
            DeliveryErrorCode.INVALID_SERVICE,
            "A code of lower-case letters, digits and dashes (at most 64).",
            field="code",
        )
    with transaction.atomic():
        service, created = lock_or_create_service(tenant_id, code)
        cleaned = _service_fields(changes, creating=created)
        for name, value in cleaned.items():
            setattr(service, name, value)
        service.save()
        audit_record(
            tenant_id=tenant_id,
            subject=service,
            verb=DeliveryEvent.SERVICE_SAVED,
            actor=actor,
            data={"code": code, "created": created, "changed": sorted(cleaned)},
        )
        transaction.on_commit(lambda: delivery_context_forget(tenant_id=tenant_id))
    return service


def delivery_service_delete(*, tenant_id: int, code: str, actor: Actor) -> None:
    with transaction.atomic():
        service = lock_service(tenant_id, code)
        if service is None:
            raise DeliveryError(
                DeliveryErrorCode.NOT_FOUND, "No such delivery service.", field="code"
            )
        audit_record(
            tenant_id=tenant_id,
            subject=service,
            verb=DeliveryEvent.SERVICE_DELETED,
            actor=actor,
            data={"code": code},
        )
        service.delete()
        transaction.on_commit(lambda: delivery_context_forget(tenant_id=tenant_id))


def location_delivery_calendar_update(
    *, tenant_id: int, location_id: int, changes: Mapping[str, Any], actor: Actor
) -> LocationDeliveryCalendar:
    """Set some of a location's working days, holidays and handling time."""
    cleaned: dict[str, Any] = {}
    if "working_weekdays" in changes:
        cleaned["working_weekdays"] = weekdays_clean(
            changes["working_weekdays"], field="workingWeekdays"
        )
    if "holidays" in changes:
        cleaned["holidays"] = holidays_clean(changes["holidays"] or [], field="holidays")
    if "handling_unit" in changes:
        unit = str(changes["handling_unit"] or "")
        if unit not in LocationDeliveryCalendar.HandlingUnit.values:
            raise DeliveryError(
                DeliveryErrorCode.INVALID_CALENDAR,
                "Handling is counted in business_days or hours.",
                field="handlingUnit",
            )
        cleaned["handling_unit"] = unit
    with transaction.atomic():
        location = Location.objects.filter(tenant_id=tenant_id, pk=location_id).first()
        if location is None:
            raise DeliveryError(DeliveryErrorCode.NOT_FOUND, "No such location.", field="id")
        calendar, _ = lock_or_create_calendar(tenant_id, location)
        if "handling_amount" in changes:
            amount = changes["handling_amount"]
            unit = cleaned.get("handling_unit", calendar.handling_unit)
            if (
                not isinstance(amount, int)
                or isinstance(amount, bool)
                or not (0 <= amount <= MAX_HANDLING[unit])
            ):
                raise DeliveryError(
                    DeliveryErrorCode.INVALID_CALENDAR,
                    f"Handling time is 0 to {MAX_HANDLING[unit]} {unit.replace('_', ' ')}.",
                    field="handlingAmount",
                )
            cleaned["handling_amount"] = amount
        for name, value in cleaned.items():
            setattr(calendar, name, value)
        calendar.save()
        audit_record(
            tenant_id=tenant_id,
            subject=location,
            verb=DeliveryEvent.CALENDAR_UPDATED,
            actor=actor,
            data={"changed": sorted(cleaned)},
        )
        transaction.on_commit(lambda: delivery_context_forget(tenant_id=tenant_id))
    return calendar
