"""Suppliers and what each supplies: plain writes, each audited."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.purchasing.error_codes import PurchasingErrorCode as Code
from saleor_oms_plugin.purchasing.errors import PurchasingError
from saleor_oms_plugin.purchasing.events import PurchasingEvent
from saleor_oms_plugin.purchasing.locks import lock_supplier
from saleor_oms_plugin.purchasing.models import Supplier, SupplierItem

MAX_LEAD_TIME_DAYS = 3650
MAX_UNITS = 1_000_000_000
MAX_COST = Decimal("99999999")


@dataclass(frozen=True)
class SupplierInput:
    name: str
    currency: str
    email: str = ""
    lead_time_days: int = 0


@dataclass(frozen=True)
class SupplierItemInput:
    sku: str
    supplier_sku: str = ""
    unit_cost: Decimal = Decimal(0)
    pack_size: int = 1
    min_order_quantity: int = 0
    priority: int = 0


def _check_supplier(data: SupplierInput) -> SupplierInput:
    name, currency, email = data.name.strip(), data.currency.strip().upper(), data.email.strip()
    if not name or len(name) > 255:
        raise PurchasingError(Code.INVALID, "A name of 1 to 255 characters.", field="name")
    if len(currency) != 3 or not currency.isalpha():
        raise PurchasingError(Code.INVALID, "A three-letter ISO 4217 code.", field="currency")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise PurchasingError(Code.INVALID, "Not an e-mail address.", field="email") from None
    if not 0 <= data.lead_time_days <= MAX_LEAD_TIME_DAYS:
        raise PurchasingError(Code.INVALID, "Between 0 and 3650 days.", field="lead_time_days")
    return SupplierInput(name, currency, email, data.lead_time_days)


def unit_cost_check(value: Decimal, field: str) -> Decimal:
    if not value.is_finite() or not 0 <= value <= MAX_COST:
        raise PurchasingError(Code.INVALID, "A unit cost of 0 or more.", field=field)
    return value.quantize(Decimal("0.0001"))


def supplier_create(*, tenant_id: int, data: SupplierInput, actor: Actor) -> Supplier:
    data = _check_supplier(data)
    try:
        with transaction.atomic():
            supplier = Supplier.objects.create(
                tenant_id=tenant_id,
                name=data.name,
                email=data.email,
                currency=data.currency,
                lead_time_days=data.lead_time_days,
            )
            audit_record(
                tenant_id=tenant_id,
                subject=supplier,
                verb=PurchasingEvent.SUPPLIER_CREATED,
                actor=actor,
                data={"name": data.name, "currency": data.currency},
            )
    except IntegrityError:
        raise PurchasingError(
            Code.DUPLICATE, f"A supplier named {data.name!r} exists.", field="name"
        ) from None
    return supplier


def supplier_update(*, tenant_id: int, pk: int, data: SupplierInput, actor: Actor) -> Supplier:
    data = _check_supplier(data)
    try:
        with transaction.atomic():
            supplier = lock_supplier(tenant_id, pk)
            before = {
                "name": supplier.name,
                "email": supplier.email,
                "currency": supplier.currency,
                "lead_time_days": supplier.lead_time_days,
            }
            supplier.name, supplier.email = data.name, data.email
            supplier.currency, supplier.lead_time_days = data.currency, data.lead_time_days
            supplier.save()
            audit_record(
                tenant_id=tenant_id,
                subject=supplier,
                verb=PurchasingEvent.SUPPLIER_UPDATED,
                actor=actor,
                data={"before": before},
            )
    except IntegrityError:
        raise PurchasingError(
            Code.DUPLICATE, f"A supplier named {data.name!r} exists.", field="name"
        ) from None
    return supplier


def supplier_item_set(
    *, tenant_id: int, supplier_id: int, data: SupplierItemInput, actor: Actor
) -> SupplierItem:
    """Create or replace what the supplier sells as our ``sku``."""
    sku = data.sku.strip()
    if not sku or len(sku) > 255:
        raise PurchasingError(Code.INVALID, "A SKU of 1 to 255 characters.", field="sku")
    if not 1 <= data.pack_size <= MAX_UNITS:
        raise PurchasingError(Code.INVALID_QUANTITY, "A pack size of 1 or more.", field="pack_size")
    if not 0 <= data.min_order_quantity <= MAX_UNITS:
        raise PurchasingError(
            Code.INVALID_QUANTITY, "A minimum of 0 or more.", field="min_order_quantity"
        )
    cost = unit_cost_check(data.unit_cost, "unit_cost")
    with transaction.atomic():
        supplier = lock_supplier(tenant_id, supplier_id)
        item, created = SupplierItem.objects.update_or_create(
            supplier=supplier,
            sku=sku,
            defaults={
                "tenant_id": tenant_id,
                "supplier_sku": data.supplier_sku.strip()[:255],
                "unit_cost": cost,
                "pack_size": data.pack_size,
                "min_order_quantity": data.min_order_quantity,
                "priority": data.priority,
            },
        )
        audit_record(
            tenant_id=tenant_id,
            subject=supplier,
            verb=PurchasingEvent.SUPPLIER_ITEM_SET,
            actor=actor,
            data={
                "sku": sku,
                "created": created,
                "unit_cost": str(cost),
                "pack_size": data.pack_size,
                "min_order_quantity": data.min_order_quantity,
            },
        )
    return item


def supplier_item_delete(*, tenant_id: int, supplier_id: int, sku: str, actor: Actor) -> None:
    with transaction.atomic():
        supplier = lock_supplier(tenant_id, supplier_id)
        deleted, _ = SupplierItem.objects.filter(supplier=supplier, sku=sku).delete()
        if not deleted:
            raise PurchasingError(Code.NOT_FOUND, f"The supplier has no {sku!r}.", field="sku")
        audit_record(
            tenant_id=tenant_id,
            subject=supplier,
            verb=PurchasingEvent.SUPPLIER_ITEM_DELETED,
            actor=actor,
            data={"sku": sku},
        )
