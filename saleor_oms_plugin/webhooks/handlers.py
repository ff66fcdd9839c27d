"""The foundation's handlers: keep the order and location read models and the tenant current."""

from __future__ import annotations

from typing import Any

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.core.outcomes import ApplyOutcome
from saleor_oms_plugin.core.payload import PayloadError, parse_datetime
from saleor_oms_plugin.locations.payload import parse_location
from saleor_oms_plugin.locations.services import location_apply_payload, location_mark_deleted
from saleor_oms_plugin.orders.payload import parse_fulfillment, parse_order
from saleor_oms_plugin.orders.services import fulfillment_apply_payload, order_apply_payload
from saleor_oms_plugin.saleor.subscriptions import GROUPS_BY_PATH
from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.tenants.services import tenant_deactivate
from saleor_oms_plugin.webhooks.registry import (
    HandlerResult,
    location_subject,
    order_subject,
    register,
)


def _issued_at(payload: dict[str, Any]):
    return parse_datetime(payload.get("issuedAt"), field="issuedAt")


def _object(payload: dict[str, Any], key: str) -> dict[str, Any]:
    node = payload.get(key)
    if not isinstance(node, dict) or not node.get("id"):
        raise PayloadError(f"the payload has no {key}")
    return node


def handle_order_event(tenant_id: int, payload: dict[str, Any]) -> HandlerResult:
    data = parse_order(_object(payload, "order"))
    outcome = order_apply_payload(tenant_id=tenant_id, data=data, issued_at=_issued_at(payload))
    released = (order_subject(data.saleor_id),) if outcome is ApplyOutcome.CREATED else ()
    return HandlerResult(outcome, released=released)


def handle_fulfillment_event(tenant_id: int, payload: dict[str, Any]) -> HandlerResult:
    order_id = _object(payload, "order")["id"]
    outcome = fulfillment_apply_payload(
        tenant_id=tenant_id,
        order_saleor_id=order_id,
        data=parse_fulfillment(_object(payload, "fulfillment")),
        issued_at=_issued_at(payload),
    )
    waiting_for = order_subject(order_id) if outcome is ApplyOutcome.DEFERRED else ""
    return HandlerResult(outcome, waiting_for=waiting_for)


def handle_warehouse_event(tenant_id: int, payload: dict[str, Any]) -> HandlerResult:
    data = parse_location(_object(payload, "warehouse"))
    outcome = location_apply_payload(tenant_id=tenant_id, data=data, issued_at=_issued_at(payload))
    released = (location_subject(data.saleor_id),) if outcome is ApplyOutcome.CREATED else ()
    return HandlerResult(outcome, released=released)


def handle_warehouse_deleted(tenant_id: int, payload: dict[str, Any]) -> HandlerResult:
    saleor_id = _object(payload, "warehouse")["id"]
    outcome = location_mark_deleted(
        tenant_id=tenant_id, saleor_id=saleor_id, issued_at=_issued_at(payload)
    )
    waiting_for = location_subject(saleor_id) if outcome is ApplyOutcome.DEFERRED else ""
    return HandlerResult(outcome, waiting_for=waiting_for)


def handle_app_deleted(tenant_id: int, payload: dict[str, Any]) -> HandlerResult:
    app = payload.get("app") or {}
    tenant = Tenant.objects.get(pk=tenant_id)
    if app.get("id") and tenant.saleor_app_id and app["id"] != tenant.saleor_app_id:
        # Another app of this Saleor was deleted: not ours, nothing to do.
        return HandlerResult(ApplyOutcome.STALE)
    changed = tenant_deactivate(tenant_id=tenant_id, actor=Actor.saleor(), reason="APP_DELETED")
    return HandlerResult(ApplyOutcome.UPDATED if changed else ApplyOutcome.STALE)


def register_foundation_handlers() -> None:
    for event in GROUPS_BY_PATH["orders"].events:
        register(event, handle_order_event)
    for event in GROUPS_BY_PATH["fulfillments"].events:
        register(event, handle_fulfillment_event)
    register("WAREHOUSE_CREATED", handle_warehouse_event)
    register("WAREHOUSE_UPDATED", handle_warehouse_event)
    register("WAREHOUSE_DELETED", handle_warehouse_deleted)
    register("APP_DELETED", handle_app_deleted)
