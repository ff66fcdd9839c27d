"""Row locks of returns: return policies and return requests. Each lock takes one row; a new
return also locks its order, through ``orders.locks``."""

from __future__ import annotations

from saleor_oms_plugin.returns.error_codes import ReturnErrorCode
from saleor_oms_plugin.returns.errors import ReturnError
from saleor_oms_plugin.returns.models import ReturnPolicy, ReturnRequest


def lock_policy(tenant_id: int, channel: str | None) -> ReturnPolicy | None:
    """The tenant's return policy for ``channel`` (None: the default policy), locked FOR
    UPDATE; None if there is none."""
    return (
        ReturnPolicy.objects.select_for_update()
        .filter(tenant_id=tenant_id, channel=channel)
        .first()
    )


def lock_return(tenant_id: int, request_id: int) -> ReturnRequest | None:
    """The tenant's return ``request_id``, locked FOR UPDATE; None if there is none."""
    return (
        ReturnRequest.objects.select_for_update().filter(tenant_id=tenant_id, pk=request_id).first()
    )


def lock_return_or_not_found(tenant_id: int, request_id: int) -> ReturnRequest:
    """The tenant's return ``request_id``, locked FOR UPDATE, as every step of its lifecycle
    takes it. Refused with NOT_FOUND (field ``id``) if there is none."""
    request = lock_return(tenant_id, request_id)
    if request is None:
        raise ReturnError(ReturnErrorCode.NOT_FOUND, "No such return.", field="id")
    return request


def lock_return_by_id(request_id: int) -> ReturnRequest:
    """Return ``request_id``, locked FOR UPDATE. Raises ReturnRequest.DoesNotExist if missing."""
    return ReturnRequest.objects.select_for_update().get(pk=request_id)


def lock_return_pending_in_saleor(request_id: int) -> ReturnRequest | None:
    """Return ``request_id`` if its Saleor side is still PENDING, locked FOR UPDATE; else None."""
    return (
        ReturnRequest.objects.select_for_update()
        .filter(pk=request_id, saleor_state=ReturnRequest.SaleorState.PENDING)
        .first()
    )
