"""Return policies: what a channel takes back, for how long and on which terms.

Every field of a policy is validated before anything is stored; the policy row is written under
its lock and the change audited.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.returns.error_codes import ReturnErrorCode
from saleor_oms_plugin.returns.errors import ReturnError
from saleor_oms_plugin.returns.events import ReturnEvent
from saleor_oms_plugin.returns.locks import lock_policy
from saleor_oms_plugin.returns.models import Resolution, ReturnPolicy

MAX_WINDOW_DAYS = 3650
MAX_INSTRUCTIONS = 4000


def _strings(value: Any, field: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list | tuple) or not all(
        isinstance(item, str) and item.strip() for item in value
    ):
        raise ReturnError(
            ReturnErrorCode.INVALID_POLICY, "Expected a list of non-empty texts.", field=field
        )
    cleaned = [item.strip() for item in value]
    if len(set(cleaned)) != len(cleaned):
        raise ReturnError(ReturnErrorCode.INVALID_POLICY, "The list has duplicates.", field=field)
    return cleaned


def _money(value: Any, field: str, *, maximum: Decimal | None = None) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ReturnError(
            ReturnErrorCode.INVALID_POLICY, "Expected a number.", field=field
        ) from None
    if not amount.is_finite() or amount < 0 or (maximum is not None and amount > maximum):
        bound = f" and at most {maximum}" if maximum is not None else ""
        raise ReturnError(ReturnErrorCode.INVALID_POLICY, f"Must be 0 or more{bound}.", field=field)
    return amount


def return_policy_set(
    *, tenant_id: int, channel: str | None, values: Mapping[str, Any], actor: Actor
) -> ReturnPolicy:
    """Create or replace the return policy of a channel (None or "": the tenant default).

    Every field is validated before anything is stored; the first problem is raised with the
    field it is about.
    """
    window = values.get("window_days", 30)
    if (
        not isinstance(window, int)
        or isinstance(window, bool)
        or not 0 <= window <= MAX_WINDOW_DAYS
    ):
        raise ReturnError(
            ReturnErrorCode.INVALID_POLICY,
            f"The window is a whole number of days from 0 to {MAX_WINDOW_DAYS}.",
            field="windowDays",
        )
    reasons = _strings(values.get("reasons"), "reasons")
    if not reasons:
        raise ReturnError(
            ReturnErrorCode.INVALID_POLICY, "Give at least one reason.", field="reasons"
        )
    resolutions = _strings(values.get("resolutions") or [Resolution.REFUND], "resolutions")
    unknown = sorted(set(resolutions) - set(Resolution.values))
    if unknown:
        raise ReturnError(
            ReturnErrorCode.INVALID_POLICY,
            f"Unknown resolutions {unknown}; allowed: {sorted(Resolution.values)}.",
            field="resolutions",
        )
    auto_reasons = _strings(values.get("auto_approve_reasons"), "autoApproveReasons")
    if set(auto_reasons) - set(reasons):
        raise ReturnError(
            ReturnErrorCode.INVALID_POLICY,
            "Auto-approve reasons must be among the policy's reasons.",
            field="autoApproveReasons",
        )
    raw_max = values.get("auto_approve_max_value")
    instructions = values.get("instructions") or ""
    if not isinstance(instructions, str) or len(instructions) > MAX_INSTRUCTIONS:
        raise ReturnError(
            ReturnErrorCode.INVALID_POLICY,
            f"Instructions are a text of at most {MAX_INSTRUCTIONS} characters.",
            field="instructions",
        )
    return_location_id = values.get("return_location_id")
    if (
        return_location_id is not None
        and not Location.objects.filter(
            tenant_id=tenant_id, pk=return_location_id, is_deleted=False
        ).exists()
    ):
        raise ReturnError(
            ReturnErrorCode.LOCATION_NOT_FOUND, "No such location.", field="returnLocationId"
        )
    fields = {
        "window_days": window,
        "reasons": reasons,
        "resolutions": resolutions,
        "final_sale_product_types": _strings(
            values.get("final_sale_product_types"), "finalSaleProductTypes"
        ),
        "final_sale_skus": _strings(values.get("final_sale_skus"), "finalSaleSkus"),
        "restocking_fee_percent": _money(
            values.get("restocking_fee_percent", 0), "restockingFeePercent", maximum=Decimal(100)
        ),
        "return_shipping_fee": _money(values.get("return_shipping_fee", 0), "returnShippingFee"),
        "auto_approve_max_value": None
        if raw_max is None
        else _money(raw_max, "autoApproveMaxValue"),
        "auto_approve_reasons": auto_reasons,
        "instructions": instructions.strip(),
        "return_location_id": return_location_id,
    }
    channel = (channel or "").strip() or None
    with transaction.atomic():
        policy = lock_policy(tenant_id, channel)
        created = policy is None
        if policy is None:
            policy = ReturnPolicy(tenant_id=tenant_id, channel=channel)
        for name, value in fields.items():
            setattr(policy, name, value)
        policy.save()
        audit_record(
            tenant_id=tenant_id,
            subject=policy,
            verb=ReturnEvent.POLICY_CREATED if created else ReturnEvent.POLICY_UPDATED,
            actor=actor,
            data={k: str(v) if isinstance(v, Decimal) else v for k, v in fields.items()},
        )
    return policy
