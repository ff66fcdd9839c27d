"""The parcel's way back: on its way (with a tracking number), then received at a location.

The receiving location is where the resellable units are restocked once inspected
(``inspection``). Each move locks the return and goes through ``transitions`` (audited, and
published as the rule trigger ``return.<status>``) in one transaction.
"""

from __future__ import annotations

from django.db import transaction

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.returns.error_codes import ReturnErrorCode
from saleor_oms_plugin.returns.errors import ReturnError
from saleor_oms_plugin.returns.locks import lock_return_or_not_found
from saleor_oms_plugin.returns.models import ReturnRequest
from saleor_oms_plugin.returns.transitions import return_transition

R = ReturnRequest.Status


def return_request_mark_in_transit(
    *, tenant_id: int, request_id: int, actor: Actor, tracking_number: str = ""
) -> ReturnRequest:
    with transaction.atomic():
        request = lock_return_or_not_found(tenant_id, request_id)
        request.tracking_number = tracking_number.strip()
        return_transition(
            request,
            R.IN_TRANSIT,
            actor=actor,
            data={"tracking_number": request.tracking_number},
            fields=["tracking_number"],
        )
    return request


def return_request_mark_received(
    *, tenant_id: int, request_id: int, location_id: int, actor: Actor
) -> ReturnRequest:
    """The parcel arrived at a location; its resellable units are restocked there once
    inspected."""
    location = Location.objects.filter(
        tenant_id=tenant_id, pk=location_id, is_deleted=False
    ).first()
    if location is None:
        raise ReturnError(ReturnErrorCode.LOCATION_NOT_FOUND, "No such location.", field="location")
    with transaction.atomic():
        request = lock_return_or_not_found(tenant_id, request_id)
        request.location = location
        return_transition(
            request,
            R.RECEIVED,
            actor=actor,
            data={"location": location.saleor_id},
            fields=["location"],
        )
    return request
