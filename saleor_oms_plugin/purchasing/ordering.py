"""Purchase orders from the purchase suggestions, edits of a draft, and cancelling.

The suggestions are replenishment's (``purchase_suggestions``): each is given the supplier that
sells its SKU (the supplier item with the lowest priority; failing one, the supplier named in
the reorder setting), rounded up to that supplier's minimum and pack size, and grouped into one
draft per supplier and destination location.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.core.events import publish
from saleor_oms_plugin.inventory.models import StockLevel
from saleor_oms_plugin.purchasing.error_codes import PurchasingErrorCode as Code
from saleor_oms_plugin.purchasing.errors import PurchasingError
from saleor_oms_plugin.purchasing.events import PurchasingEvent
from saleor_oms_plugin.purchasing.locks import lock_purchase_order
from saleor_oms_plugin.purchasing.models import (
    PurchaseNumbering,
    PurchaseOrder,
    PurchaseOrderLine,
    Supplier,
    SupplierItem,
)
from saleor_oms_plugin.purchasing.selectors import supplier_items_for_skus
from saleor_oms_plugin.purchasing.suppliers import MAX_UNITS, unit_cost_check
from saleor_oms_plugin.purchasing.transitions import purchase_order_transition
from saleor_oms_plugin.replenishment.selectors import PurchaseSuggestion, purchase_suggestions
from saleor_oms_plugin.tenants.models import Tenant

MAX_LINES = 500
S = PurchaseOrder.State


def order_quantity(need: int, *, pack_size: int = 1, minimum: int = 0) -> int:
    """Units to order for ``need``: at least the supplier's minimum, in whole packs."""
    wanted = max(need, minimum, 1)
    pack = max(pack_size, 1)
    return math.ceil(wanted / pack) * pack


def subject_key(order: PurchaseOrder) -> str:
    """What the rules call a purchase order (their re-entry windows are per subject)."""
    return f"purchase_order:{order.number}"


def number_next(tenant_id: int) -> str:
    """PO-000001, PO-000002, … per tenant; the counter row is held until the caller commits."""
    PurchaseNumbering.objects.bulk_create(
        [PurchaseNumbering(tenant_id=tenant_id)], ignore_conflicts=True
    )
    PurchaseNumbering.objects.filter(tenant_id=tenant_id).update(last=F("last") + 1)
    last = PurchaseNumbering.objects.values_list("last", flat=True).get(tenant_id=tenant_id)
    return f"PO-{last:06d}"


@dataclass
class Planned:
    """One draft to be: a supplier, a location and the suggestions it covers."""

    supplier: Supplier
    location_id: int
    lead_time_days: int = 0
    lines: list[tuple[PurchaseSuggestion, SupplierItem | None]] = field(default_factory=list)


@dataclass(frozen=True)
class FromSuggestions:
    orders: list[PurchaseOrder]
    # SKUs (or variant ids) suggested but sold by no known supplier.
    unassigned: list[str]


def _plan(
    tenant_id: int, suggestions: Sequence[PurchaseSuggestion]
) -> tuple[list[Planned], list[str]]:
    items = supplier_items_for_skus(tenant_id=tenant_id, skus=(s.stock.sku for s in suggestions))
    # The reorder setting's supplier is free text: matched regardless of case.
    by_name = {
        supplier.name.lower(): supplier
        for supplier in Supplier.objects.annotate(folded=Lower("name")).filter(
            tenant_id=tenant_id, folded__in={s.supplier.lower() for s in suggestions if s.supplier}
        )
    }
    plans: dict[tuple[int, int], Planned] = {}
    unassigned: list[str] = []
    for suggestion in suggestions:
        item = items.get(suggestion.stock.sku)
        supplier = item.supplier if item else by_name.get(suggestion.supplier.lower())
        if supplier is None:
            unassigned.append(suggestion.stock.sku or suggestion.stock.variant_id)
            continue
        key = (supplier.pk, suggestion.stock.location_id)
        plan = plans.setdefault(key, Planned(supplier, suggestion.stock.location_id))
        plan.lead_time_days = max(plan.lead_time_days, suggestion.lead_time_days)
        plan.lines.append((suggestion, item))
    return [plans[key] for key in sorted(plans)], unassigned


def purchase_orders_from_suggestions(
    *,
    tenant: Tenant,
    actor: Actor,
    location_id: int | None = None,
    stock_ids: Iterable[int] | None = None,
) -> FromSuggestions:
    """Drafts for the current purchase suggestions (all, or those of ``stock_ids``): one per
    supplier and location. NOTHING_TO_ORDER if no suggestion has a supplier."""
    suggestions = purchase_suggestions(tenant=tenant, location_id=location_id)
    if stock_ids is not None:
        wanted = set(stock_ids)
        suggestions = [s for s in suggestions if s.stock.pk in wanted]
    plans, unassigned = _plan(tenant.pk, suggestions)
    if not plans:
        message = "Nothing is suggested to buy."
        if unassigned:
            message = f"No supplier sells {', '.join(sorted(unassigned)[:10])}."
        raise PurchasingError(Code.NOTHING_TO_ORDER, message, field="stock_ids")
    today = timezone.now().date()
    orders = []
    with transaction.atomic():
        for plan in plans:
            lead = plan.supplier.lead_time_days or plan.lead_time_days
            order = _create(
                tenant_id=tenant.pk,
                supplier=plan.supplier,
                location_id=plan.location_id,
                expected_on=today + timedelta(days=lead),
                actor=actor,
            )
            lines = [
                PurchaseOrderLine(
                    tenant_id=tenant.pk,
                    order=order,
                    variant_id=suggestion.stock.variant_id,
                    sku=suggestion.stock.sku,
                    supplier_sku=item.supplier_sku if item else "",
                    quantity_ordered=order_quantity(
                        suggestion.quantity,
                        pack_size=item.pack_size if item else 1,
                        minimum=item.min_order_quantity if item else 0,
                    ),
                    unit_cost=item.unit_cost if item else Decimal(0),
                )
                for suggestion, item in plan.lines
            ]
            PurchaseOrderLine.objects.bulk_create(lines)
            audit_record(
                tenant_id=tenant.pk,
                subject=order,
                verb=PurchasingEvent.CREATED,
                actor=actor,
                data={
                    "number": order.number,
                    "supplier": plan.supplier.name,
                    "from": "suggestions",
                    "lines": {line.sku or line.variant_id: line.quantity_ordered for line in lines},
                },
            )
            orders.append(order)
    return FromSuggestions(orders, unassigned)


def _create(
    *, tenant_id: int, supplier: Supplier, location_id: int, expected_on: date, actor: Actor
) -> PurchaseOrder:
    now = timezone.now()
    return PurchaseOrder.objects.create(
        tenant_id=tenant_id,
        number=number_next(tenant_id),
        supplier=supplier,
        location_id=location_id,
        currency=supplier.currency,
        expected_on=expected_on,
        created_at=now,
        updated_at=now,
    )


@dataclass(frozen=True)
class LineInput:
    sku: str
    quantity: int
    unit_cost: Decimal | None = None  # None: the supplier's price (0 if it has none)


_UNSET = object()


def _lines_checked(
    tenant_id: int, order: PurchaseOrder, lines: Sequence[LineInput]
) -> list[PurchaseOrderLine]:
    if not 0 < len(lines) <= MAX_LINES:
        raise PurchasingError(Code.INVALID, f"1 to {MAX_LINES} lines.", field="lines")
    skus = [line.sku.strip() for line in lines]
    for index, (sku, line) in enumerate(zip(skus, lines, strict=True)):
        if not sku:
            raise PurchasingError(Code.UNKNOWN_SKU, "A SKU.", field=f"lines[{index}].sku")
        if skus.index(sku) != index:
            raise PurchasingError(
                Code.INVALID, f"{sku} appears twice.", field=f"lines[{index}].sku"
            )
        if not 0 < line.quantity <= MAX_UNITS:
            raise PurchasingError(
                Code.INVALID_QUANTITY, "1 or more units.", field=f"lines[{index}].quantity"
            )
    variants = dict(
        StockLevel.objects.filter(tenant_id=tenant_id, sku__in=skus)
        .order_by("sku", "pk")
        .values_list("sku", "variant_id")
        .distinct()
    )
    items = {
        item.sku: item
        for item in SupplierItem.objects.filter(supplier_id=order.supplier_id, sku__in=skus)
    }
    built = []
    for index, (sku, line) in enumerate(zip(skus, lines, strict=True)):
        if sku not in variants:
            raise PurchasingError(
                Code.UNKNOWN_SKU, f"No variant has SKU {sku!r}.", field=f"lines[{index}].sku"
            )
        item = items.get(sku)
        cost = (
            unit_cost_check(line.unit_cost, f"lines[{index}].unit_cost")
            if line.unit_cost is not None
            else (item.unit_cost if item else Decimal(0))
        )
        built.append(
            PurchaseOrderLine(
                tenant_id=tenant_id,
                order=order,
                variant_id=variants[sku],
                sku=sku,
                supplier_sku=item.supplier_sku if item else "",
                quantity_ordered=line.quantity,
                unit_cost=cost,
            )
        )
    return built


def purchase_order_update(
    *,
    tenant_id: int,
    pk: int,
    actor: Actor,
    lines: Sequence[LineInput] | None = None,
    expected_on: date | None | object = _UNSET,
    notes: str | None = None,
) -> PurchaseOrder:
    """Change a draft: replace its lines, its expected date or its notes. A sent order is
    the supplier's copy and is not edited (NOT_EDITABLE)."""
    with transaction.atomic():
        order = lock_purchase_order(tenant_id, pk)
        if order.state != S.DRAFT:
            raise PurchasingError(
                Code.NOT_EDITABLE, f"The purchase order is {order.state}; only drafts change."
            )
        changed: dict[str, object] = {}
        if lines is not None:
            built = _lines_checked(tenant_id, order, lines)
            order.lines.all().delete()
            PurchaseOrderLine.objects.bulk_create(built)
            changed["lines"] = {line.sku: line.quantity_ordered for line in built}
        if expected_on is not _UNSET:
            assert expected_on is None or isinstance(expected_on, date)
            order.expected_on = expected_on
            changed["expected_on"] = expected_on.isoformat() if expected_on else None
        if notes is not None:
            order.notes = notes[:5000]
            changed["notes"] = True
        order.updated_at = timezone.now()
        order.save(update_fields=["expected_on", "notes", "updated_at"])
        audit_record(
            tenant_id=tenant_id,
            subject=order,
            verb=PurchasingEvent.UPDATED,
            actor=actor,
            data=changed,
        )
    return order


def purchase_order_cancel(
    *, tenant_id: int, pk: int, actor: Actor, reason: str = ""
) -> PurchaseOrder:
    """A draft or an order the supplier has not delivered against yet; its units stop counting
    as inbound at once."""
    with transaction.atomic():
        order = lock_purchase_order(tenant_id, pk)
        purchase_order_transition(order, S.CANCELLED, actor=actor, data={"reason": reason[:500]})
        if order.late_at is not None:
            publish(
                tenant_id=tenant_id,
                event=PurchasingEvent.LATE,
                subject_key=subject_key(order),
                ended=True,
            )
    return order
