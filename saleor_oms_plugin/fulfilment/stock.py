"""Stock for routing, as Saleor's ``Stock`` rows say (not the inventory ledger's ``StockLevel``).

Everything routing knows about stock comes through :func:`saleor_variant_stocks`; the inventory
domain replaces this one function with a read of its ledger.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from saleor_oms_plugin.orders.models import Order
from saleor_oms_plugin.saleor.client import SaleorClient
from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.tenants.services import tenant_saleor_client

PAGE_SIZE = 100  # Saleor's cap on `first`, and on the ids we send per query

# variant id -> warehouse id -> Saleor's stock row
SaleorStocks = dict[str, dict[str, "SaleorStock"]]


@dataclass(frozen=True)
class SaleorStock:
    """One of Saleor's ``Stock`` rows: a variant's units in one warehouse (``quantity``) and how
    many of them Saleor allocated to orders (``quantityAllocated``)."""

    quantity: int
    allocated: int


def saleor_variant_stocks(
    *, tenant: Tenant, variant_ids: Iterable[str], client: SaleorClient | None = None
) -> SaleorStocks:
    """Saleor's stock of each variant per warehouse (on hand and allocated to orders)."""
    ids = sorted(set(variant_ids) - {""})
    client = client or tenant_saleor_client(tenant=tenant)
    stocks: SaleorStocks = {}
    for start in range(0, len(ids), PAGE_SIZE):
        chunk = ids[start : start + PAGE_SIZE]
        for node in client.paginate(
            "queries/variant_stocks", "productVariants", page_size=PAGE_SIZE, ids=chunk
        ):
            stocks[node["id"]] = {
                stock["warehouse"]["id"]: SaleorStock(
                    int(stock.get("quantity") or 0), int(stock.get("quantityAllocated") or 0)
                )
                for stock in node.get("stocks") or []
            }
    return stocks


def available_to_order(
    saleor_stocks: Mapping[str, Mapping[str, SaleorStock]], order: Order
) -> dict[str, dict[str, int]]:
    """Units each warehouse can promise to ``order``: on hand minus allocated, where Saleor's
    allocations for this very order count as available to it (fulfilling releases them)."""
    return available_to_orders(saleor_stocks, [order])


def available_to_orders(
    saleor_stocks: Mapping[str, Mapping[str, SaleorStock]], orders: Iterable[Order]
) -> dict[str, dict[str, int]]:
    """:func:`available_to_order` for orders routed together (a merged group): each one's
    own allocations count as available to the group."""
    own: dict[tuple[str, str], int] = {}
    for order in orders:
        for line in order.lines.all():
            for allocation in line.allocations or []:
                key = (line.variant_id, allocation.get("warehouse_id") or "")
                own[key] = own.get(key, 0) + int(allocation.get("quantity") or 0)
    available: dict[str, dict[str, int]] = {}
    for variant_id, per_warehouse in saleor_stocks.items():
        available[variant_id] = {
            warehouse_id: max(
                0, stock.quantity - stock.allocated + own.get((variant_id, warehouse_id), 0)
            )
            for warehouse_id, stock in per_warehouse.items()
        }
    return available


def stock_for_order(
    *,
    tenant: Tenant,
    order: Order,
    saleor_stocks: Mapping[str, Mapping[str, SaleorStock]] | None = None,
) -> dict[str, dict[str, int]]:
    variant_ids = [line.variant_id for line in order.lines.all()]
    if saleor_stocks is None:
        saleor_stocks = saleor_variant_stocks(tenant=tenant, variant_ids=variant_ids)
    return available_to_order(saleor_stocks, order)
