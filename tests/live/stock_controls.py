"""Levers the live tests pull on the store's stock: the OMS's safety stock per warehouse, and
whether Saleor tracks a variant's inventory (an untracked variant is never allocated by Saleor,
so an order of it can be placed while the OMS has none to sell)."""

from __future__ import annotations

from tests.live.store import LiveStore

LOCATIONS = """query Locations($search: String) { locations(search: $search, first: 50) {
  edges { node { id saleorId } } } }"""
SAFETY = """mutation Safety($input: OmsSafetyStockSetInput!) {
  safetyStockSet(input: $input) { errors { field message code } } }"""
STOCK_LEVELS = """query Stock($variantId: String!) { stockLevels(variantId: $variantId, first: 20) {
  edges { node { onHand location { saleorId } } } } }"""
TRACK_INVENTORY = """mutation Track($id: ID!, $track: Boolean!) {
  productVariantUpdate(id: $id, input: {trackInventory: $track}) {
    errors { field message code } } }"""


def on_hand(installation, store: LiveStore, sku: str) -> dict[str, int]:
    """What the OMS's ledger holds of ``sku``: Saleor warehouse id → units on hand."""
    edges = installation.api.data(STOCK_LEVELS, {"variantId": store.variants[sku]})
    return {
        edge["node"]["location"]["saleorId"]: edge["node"]["onHand"]
        for edge in edges["stockLevels"]["edges"]
    }


def safety_set(installation, store: LiveStore, sku: str, per_warehouse: dict[str, int]) -> None:
    """The OMS's safety stock of ``sku`` at each Saleor warehouse named."""
    locations = {
        edge["node"]["saleorId"]: edge["node"]["id"]
        # the run's own warehouses (earlier runs left theirs in Saleor)
        for edge in installation.api.data(LOCATIONS, {"search": store.run})["locations"]["edges"]
    }
    for warehouse_id, quantity in per_warehouse.items():
        installation.api.mutate(
            SAFETY,
            {
                "input": {
                    "locationId": locations[warehouse_id],
                    "variantId": store.variants[sku],
                    "quantity": quantity,
                }
            },
            field_name="safetyStockSet",
        )


def inventory_tracked(installation, store: LiveStore, sku: str, tracked: bool) -> None:
    installation.saleor.mutate(
        TRACK_INVENTORY,
        {"id": store.variants[sku], "track": tracked},
        field_name="productVariantUpdate",
    )
