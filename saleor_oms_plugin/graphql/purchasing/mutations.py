"""Suppliers and purchase orders: thin edges over the purchasing services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import graphene

from saleor_oms_plugin.graphql.core.mutations import Caller, PayloadErrors, mutation
from saleor_oms_plugin.graphql.core.relay import pk_from_global_id
from saleor_oms_plugin.graphql.locations.types import location_pk_or_none
from saleor_oms_plugin.graphql.permissions import Requires
from saleor_oms_plugin.graphql.purchasing.types import (
    LINE_TYPE,
    PERMISSIONS,
    OmsPurchaseOrder,
    OmsPurchasingError,
    OmsSupplier,
)
from saleor_oms_plugin.purchasing.errors import PurchasingError
from saleor_oms_plugin.purchasing.ordering import (
    LineInput,
    purchase_order_cancel,
    purchase_order_update,
    purchase_orders_from_suggestions,
)
from saleor_oms_plugin.purchasing.receiving import purchase_order_receive
from saleor_oms_plugin.purchasing.selectors import purchase_order_get, supplier_get
from saleor_oms_plugin.purchasing.sending import purchase_order_send
from saleor_oms_plugin.purchasing.suppliers import (
    SupplierInput,
    SupplierItemInput,
    supplier_create,
    supplier_item_delete,
    supplier_item_set,
    supplier_update,
)

PURCHASING_ERRORS = PayloadErrors(OmsPurchasingError, PurchasingError)
BUYERS = Requires(*PERMISSIONS)


class OmsSupplierInput(graphene.InputObjectType):
    name = graphene.String(required=True)
    currency = graphene.String(required=True, description="ISO 4217, e.g. EUR.")
    email = graphene.String(default_value="", description="Where purchase orders are sent.")
    lead_time_days = graphene.Int(default_value=0)


class OmsSupplierItemInput(graphene.InputObjectType):
    sku = graphene.String(required=True, description="Our (Saleor's) variant SKU.")
    supplier_sku = graphene.String(default_value="")
    unit_cost = graphene.Decimal(default_value=Decimal(0))
    pack_size = graphene.Int(default_value=1)
    min_order_quantity = graphene.Int(default_value=0)
    priority = graphene.Int(default_value=0, description="Lowest wins among a SKU's suppliers.")


class OmsPurchaseOrderLineInput(graphene.InputObjectType):
    sku = graphene.String(required=True)
    quantity = graphene.Int(required=True)
    unit_cost = graphene.Decimal(description="Null: the supplier's price for the SKU.")


class OmsPurchaseOrderUpdateInput(graphene.InputObjectType):
    lines = graphene.List(
        graphene.NonNull(OmsPurchaseOrderLineInput), description="Replaces every line."
    )
    expected_on = graphene.Date()
    notes = graphene.String()


class OmsPurchaseOrderReceiptLineInput(graphene.InputObjectType):
    line_id = graphene.ID(required=True, description="An OmsPurchaseOrderLine ID.")
    quantity = graphene.Int(required=True, description="Units received now (0 or more).")


class OmsSupplierPayload(graphene.ObjectType):
    supplier = graphene.Field(OmsSupplier)
    errors = PURCHASING_ERRORS.field()


class OmsPurchaseOrderPayload(graphene.ObjectType):
    purchase_order = graphene.Field(OmsPurchaseOrder)
    errors = PURCHASING_ERRORS.field()


class OmsPurchaseOrdersFromSuggestionsPayload(graphene.ObjectType):
    purchase_orders = graphene.List(
        graphene.NonNull(OmsPurchaseOrder), description="The drafts made; null when refused."
    )
    unassigned_skus = graphene.List(
        graphene.NonNull(graphene.String),
        description="Suggested, but no supplier sells them: left out.",
    )
    errors = PURCHASING_ERRORS.field()


def _supplier_input(input: dict[str, Any]) -> SupplierInput:
    return SupplierInput(
        name=input["name"],
        currency=input["currency"],
        email=input["email"],
        lead_time_days=input["lead_time_days"],
    )


def _supplier_pk(id: str) -> int:
    return pk_from_global_id(id, expected_type="OmsSupplier")


def _order_pk(id: str) -> int:
    return pk_from_global_id(id, expected_type="OmsPurchaseOrder")


def _order(caller: Caller, pk: int) -> OmsPurchaseOrderPayload:
    """The payload with the order as it now is (lines prefetched)."""
    return OmsPurchaseOrderPayload(
        purchase_order=purchase_order_get(tenant_id=caller.tenant.pk, pk=pk), errors=[]
    )


class PurchasingMutations(graphene.ObjectType):
    @mutation(
        OmsSupplierPayload,
        access=BUYERS,
        errors=PURCHASING_ERRORS,
        description="Add a supplier (names are unique per installation).",
        input=OmsSupplierInput(required=True),
    )
    def supplier_create(caller: Caller, input: dict[str, Any]) -> OmsSupplierPayload:
        supplier = supplier_create(
            tenant_id=caller.tenant.pk, data=_supplier_input(input), actor=caller.actor()
        )
        return OmsSupplierPayload(supplier=supplier, errors=[])

    @mutation(
        OmsSupplierPayload,
        access=BUYERS,
        errors=PURCHASING_ERRORS,
        description="Change a supplier's name, e-mail, currency or lead time.",
        id=graphene.ID(required=True),
        input=OmsSupplierInput(required=True),
    )
    def supplier_update(caller: Caller, id: str, input: dict[str, Any]) -> OmsSupplierPayload:
        supplier = supplier_update(
            tenant_id=caller.tenant.pk,
            pk=_supplier_pk(id),
            data=_supplier_input(input),
            actor=caller.actor(),
        )
        return OmsSupplierPayload(supplier=supplier, errors=[])

    @mutation(
        OmsSupplierPayload,
        access=BUYERS,
        errors=PURCHASING_ERRORS,
        description="Create or replace what a supplier sells as one of our SKUs: its code, "
        "unit cost, pack size and minimum order.",
        supplier_id=graphene.ID(required=True),
        input=OmsSupplierItemInput(required=True),
    )
    def supplier_item_set(
        caller: Caller, supplier_id: str, input: dict[str, Any]
    ) -> OmsSupplierPayload:
        pk = _supplier_pk(supplier_id)
        supplier_item_set(
            tenant_id=caller.tenant.pk,
            supplier_id=pk,
            data=SupplierItemInput(
                sku=input["sku"],
                supplier_sku=input["supplier_sku"],
                unit_cost=Decimal(input["unit_cost"]),
                pack_size=input["pack_size"],
                min_order_quantity=input["min_order_quantity"],
                priority=input["priority"],
            ),
            actor=caller.actor(),
        )
        return OmsSupplierPayload(
            supplier=supplier_get(tenant_id=caller.tenant.pk, pk=pk), errors=[]
        )

    @mutation(
        OmsSupplierPayload,
        access=BUYERS,
        errors=PURCHASING_ERRORS,
        description="The supplier no longer sells this SKU.",
        supplier_id=graphene.ID(required=True),
        sku=graphene.String(required=True),
    )
    def supplier_item_delete(caller: Caller, supplier_id: str, sku: str) -> OmsSupplierPayload:
        pk = _supplier_pk(supplier_id)
        supplier_item_delete(
            tenant_id=caller.tenant.pk, supplier_id=pk, sku=sku, actor=caller.actor()
        )
        return OmsSupplierPayload(
            supplier=supplier_get(tenant_id=caller.tenant.pk, pk=pk), errors=[]
        )

    @mutation(
        OmsPurchaseOrdersFromSuggestionsPayload,
        access=BUYERS,
        errors=PURCHASING_ERRORS,
        description="Turn the purchase suggestions (all, those of a location, or those of the "
        "given stock levels) into drafts: one per supplier and location, quantities rounded "
        "up to the supplier's minimum and pack size.",
        location_id=graphene.ID(description="An OmsLocation ID."),
        stock_ids=graphene.List(
            graphene.NonNull(graphene.ID), description="OmsStockLevel IDs of suggestions."
        ),
    )
    def purchase_orders_create_from_suggestions(
        caller: Caller, location_id: str | None = None, stock_ids: list[str] | None = None
    ) -> OmsPurchaseOrdersFromSuggestionsPayload:
        result = purchase_orders_from_suggestions(
            tenant=caller.tenant,
            actor=caller.actor(),
            location_id=location_pk_or_none(location_id),
            stock_ids=None
            if stock_ids is None
            else [pk_from_global_id(s, expected_type="OmsStockLevel") for s in stock_ids],
        )
        orders = [
            purchase_order_get(tenant_id=caller.tenant.pk, pk=order.pk) for order in result.orders
        ]
        return OmsPurchaseOrdersFromSuggestionsPayload(
            purchase_orders=orders, unassigned_skus=result.unassigned, errors=[]
        )

    @mutation(
        OmsPurchaseOrderPayload,
        access=BUYERS,
        errors=PURCHASING_ERRORS,
        description="Change a draft: its lines (replaced as a whole), expected date or notes.",
        id=graphene.ID(required=True),
        input=OmsPurchaseOrderUpdateInput(required=True),
    )
    def purchase_order_update(
        caller: Caller, id: str, input: dict[str, Any]
    ) -> OmsPurchaseOrderPayload:
        pk = _order_pk(id)
        extra: dict[str, Any] = {}
        if "expected_on" in input:
            extra["expected_on"] = input["expected_on"]
        lines = input.get("lines")
        purchase_order_update(
            tenant_id=caller.tenant.pk,
            pk=pk,
            actor=caller.actor(),
            lines=None
            if lines is None
            else [
                LineInput(
                    sku=line["sku"],
                    quantity=line["quantity"],
                    unit_cost=None if line.get("unit_cost") is None else Decimal(line["unit_cost"]),
                )
                for line in lines
            ],
            notes=input.get("notes"),
            **extra,
        )
        return _order(caller, pk)

    @mutation(
        OmsPurchaseOrderPayload,
        access=BUYERS,
        errors=PURCHASING_ERRORS,
        description="Send a draft to its supplier: e-mailed with the PDF and CSV attached "
        "(unless email is false); its units count as inbound from now on.",
        id=graphene.ID(required=True),
        email=graphene.Boolean(default_value=True),
    )
    def purchase_order_send(caller: Caller, id: str, email: bool) -> OmsPurchaseOrderPayload:
        pk = _order_pk(id)
        purchase_order_send(tenant_id=caller.tenant.pk, pk=pk, actor=caller.actor(), email=email)
        return _order(caller, pk)

    @mutation(
        OmsPurchaseOrderPayload,
        access=BUYERS,
        errors=PURCHASING_ERRORS,
        description="Receive a delivery: units per line into stock at the order's location. "
        "Partial deliveries are fine, more than is open is refused; a repeated key changes "
        "nothing again.",
        id=graphene.ID(required=True),
        key=graphene.String(required=True, description="Names this delivery (idempotency)."),
        lines=graphene.List(graphene.NonNull(OmsPurchaseOrderReceiptLineInput), required=True),
    )
    def purchase_order_receive(
        caller: Caller, id: str, key: str, lines: list[dict[str, Any]]
    ) -> OmsPurchaseOrderPayload:
        pk = _order_pk(id)
        quantities: dict[int, int] = {}
        for line in lines:
            line_pk = pk_from_global_id(line["line_id"], expected_type=LINE_TYPE)
            quantities[line_pk] = quantities.get(line_pk, 0) + line["quantity"]
        purchase_order_receive(
            tenant_id=caller.tenant.pk, pk=pk, key=key, quantities=quantities, actor=caller.actor()
        )
        return _order(caller, pk)

    @mutation(
        OmsPurchaseOrderPayload,
        access=BUYERS,
        errors=PURCHASING_ERRORS,
        description="Cancel a draft, or a sent order nothing was received against.",
        id=graphene.ID(required=True),
        reason=graphene.String(default_value=""),
    )
    def purchase_order_cancel(caller: Caller, id: str, reason: str) -> OmsPurchaseOrderPayload:
        pk = _order_pk(id)
        purchase_order_cancel(
            tenant_id=caller.tenant.pk, pk=pk, actor=caller.actor(), reason=reason
        )
        return _order(caller, pk)
