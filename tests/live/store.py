"""A small multi-location US store the live suite builds in Saleor for itself.

Warehouses get real addresses and **no** coordinates in metadata: the OMS must place them from
their address. Every name carries the run's suffix, so runs never collide with each other or
with Saleor's sample data.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from tests.live.saleor_live import GraphQLEndpoint

CUSTOMER_ADDRESS = {
    "firstName": "Ada",
    "lastName": "Customer",
    "streetAddress1": "1 Dr Carlton B Goodlett Pl",
    "city": "San Francisco",
    "postalCode": "94102",
    "country": "US",
    "countryArea": "CA",
}
WAREHOUSES = [  # name, street, city, state, ZIP: the scenario's cities
    ("New York", "450 W 33rd St", "New York", "NY", "10001"),
    ("Chicago", "200 E Randolph St", "Chicago", "IL", "60601"),
    ("Dallas", "2200 Ross Ave", "Dallas", "TX", "75201"),
    ("Los Angeles", "350 S Grand Ave", "Los Angeles", "CA", "90071"),
    ("Seattle", "1201 3rd Ave", "Seattle", "WA", "98101"),
]


@dataclass
class LiveStore:
    channel_id: str
    channel_slug: str
    shipping_method_id: str
    warehouses: dict[str, str]  # city -> Saleor warehouse id
    run: str = ""  # in every name the run created: a search finds this run's objects
    variants: dict[str, str] = field(default_factory=dict)  # sku -> Saleor variant id


def _one(endpoint: GraphQLEndpoint, mutation: str, variables: dict[str, Any], name: str) -> Any:
    return endpoint.mutate(mutation, variables, field_name=name)


def store_build(saleor: GraphQLEndpoint, *, stock: dict[str, dict[str, int]]) -> LiveStore:
    """Channel (first warehouse in channel order wins, as merchants leave it), five warehouses
    in one US zone with one shipping method, and one product whose variants have ``stock``:
    ``{sku: {city: quantity}}``."""
    run = uuid.uuid4().hex[:6]
    warehouses = {}
    for name, street, city, area, zip_code in WAREHOUSES:
        created = _one(
            saleor,
            """mutation W($input: WarehouseCreateInput!) {
          createWarehouse(input: $input) { warehouse { id } errors { field message code } } }""",
            {
                "input": {
                    "name": f"Live {name} {run}",
                    "slug": f"live-{run}-{zip_code}",
                    "email": "ops@example.com",
                    "address": {
                        "streetAddress1": street,
                        "city": city,
                        "countryArea": area,
                        "postalCode": zip_code,
                        "country": "US",
                        "companyName": "OMS live",
                    },
                }
            },
            "createWarehouse",
        )
        warehouses[name] = created["warehouse"]["id"]
    channel = _one(
        saleor,
        """mutation C($input: ChannelCreateInput!) {
      channelCreate(input: $input) { channel { id slug } errors { field message code } } }""",
        {
            "input": {
                "name": f"Live US {run}",
                "slug": f"live-us-{run}",
                "currencyCode": "USD",
                "defaultCountry": "US",
                "isActive": True,  # Saleor creates channels inactive
                "addWarehouses": list(warehouses.values()),
                "stockSettings": {"allocationStrategy": "PRIORITIZE_SORTING_ORDER"},
                "orderSettings": {
                    "automaticallyConfirmAllNewOrders": True,
                    "automaticallyFulfillNonShippableGiftCard": True,
                    "markAsPaidStrategy": "TRANSACTION_FLOW",
                },
            }
        },
        "channelCreate",
    )["channel"]
    zone = _one(
        saleor,
        """mutation Z($input: ShippingZoneCreateInput!) {
      shippingZoneCreate(input: $input) { shippingZone { id } errors { field message code } } }""",
        {
            "input": {
                "name": f"Live US {run}",
                "countries": ["US"],
                "addWarehouses": list(warehouses.values()),
                "addChannels": [channel["id"]],
            }
        },
        "shippingZoneCreate",
    )["shippingZone"]
    method = _one(
        saleor,
        """mutation M($input: ShippingPriceInput!) {
      shippingPriceCreate(input: $input) { shippingMethod { id } errors { field message code } } }""",
        {"input": {"name": "Ground", "type": "PRICE", "shippingZone": zone["id"]}},
        "shippingPriceCreate",
    )["shippingMethod"]
    _one(
        saleor,
        """mutation L($id: ID!, $input: ShippingMethodChannelListingInput!) {
      shippingMethodChannelListingUpdate(id: $id, input: $input) { errors { field message code } } }""",
        {
            "id": method["id"],
            "input": {"addChannels": [{"channelId": channel["id"], "price": "5"}]},
        },
        "shippingMethodChannelListingUpdate",
    )
    store = LiveStore(channel["id"], channel["slug"], method["id"], warehouses, run)
    _product_create(saleor, store, run, stock)
    return store


def _product_create(
    saleor: GraphQLEndpoint, store: LiveStore, run: str, stock: dict[str, dict[str, int]]
) -> None:
    product_type = _one(
        saleor,
        """mutation T($input: ProductTypeInput!) {
      productTypeCreate(input: $input) { productType { id } errors { field message code } } }""",
        {
            "input": {
                "name": f"Live gear {run}",
                "kind": "NORMAL",
                "isShippingRequired": True,
                "weight": 0.5,
            }
        },
        "productTypeCreate",
    )["productType"]
    category = _one(
        saleor,
        """mutation K($input: CategoryInput!) {
      categoryCreate(input: $input) { category { id } errors { field message code } } }""",
        {"input": {"name": f"Live gear {run}"}},
        "categoryCreate",
    )["category"]
    product = _one(
        saleor,
        """mutation P($input: ProductCreateInput!) {
      productCreate(input: $input) { product { id } errors { field message code } } }""",
        {
            "input": {
                "productType": product_type["id"],
                "category": category["id"],
                "name": f"Live camp kit {run}",
            }
        },
        "productCreate",
    )["product"]
    # Saleor lists a variant in a channel only once its product is in that channel.
    _product_list(saleor, store, product["id"])
    for sku, per_city in stock.items():
        variant = _one(
            saleor,
            """mutation V($input: ProductVariantCreateInput!) {
          productVariantCreate(input: $input) { productVariant { id } errors { field message code } } }""",
            {
                "input": {
                    "product": product["id"],
                    "sku": f"{sku}-{run}",
                    "name": sku,
                    "attributes": [],
                    "trackInventory": True,
                    "weight": 0.5,
                }
            },
            "productVariantCreate",
        )["productVariant"]
        # Stock set on its own, as merchants do: Saleor sends PRODUCT_VARIANT_STOCK_UPDATED for
        # it (stock given inside productVariantCreate sends no stock event).
        _one(
            saleor,
            """mutation S($id: ID!, $stocks: [StockInput!]!) {
          productVariantStocksUpdate(variantId: $id, stocks: $stocks) { errors { field message code } } }""",
            {
                "id": variant["id"],
                "stocks": [
                    {"warehouse": store.warehouses[city], "quantity": quantity}
                    for city, quantity in per_city.items()
                ],
            },
            "productVariantStocksUpdate",
        )
        _one(
            saleor,
            """mutation VL($id: ID!, $input: [ProductVariantChannelListingAddInput!]!) {
          productVariantChannelListingUpdate(id: $id, input: $input) { errors { field message code } } }""",
            {"id": variant["id"], "input": [{"channelId": store.channel_id, "price": "20"}]},
            "productVariantChannelListingUpdate",
        )
        store.variants[sku] = variant["id"]


def _product_list(saleor: GraphQLEndpoint, store: LiveStore, product_id: str) -> None:
    _one(
        saleor,
        """mutation PL($id: ID!, $input: ProductChannelListingUpdateInput!) {
      productChannelListingUpdate(id: $id, input: $input) { errors { field message code } } }""",
        {
            "id": product_id,
            "input": {
                "updateChannels": [
                    {
                        "channelId": store.channel_id,
                        "isPublished": True,
                        "visibleInListings": True,
                        "isAvailableForPurchase": True,
                    }
                ]
            },
        },
        "productChannelListingUpdate",
    )


def order_place(
    saleor: GraphQLEndpoint,
    store: LiveStore,
    lines: dict[str, int],
    *,
    email: str,
    address: dict[str, str] | None = None,
    paid: bool = True,
    user_id: str | None = None,
) -> dict[str, Any]:
    """A draft order completed and marked as paid, as staff take a phone order."""
    address = address or CUSTOMER_ADDRESS
    draft = _one(
        saleor,
        """mutation D($input: DraftOrderCreateInput!) {
      draftOrderCreate(input: $input) { order { id } errors { field message code } } }""",
        {
            "input": {
                "channelId": store.channel_id,
                "userEmail": email,
                **({"user": user_id} if user_id else {}),
                "lines": [
                    {"variantId": store.variants[sku], "quantity": quantity}
                    for sku, quantity in lines.items()
                ],
                "shippingAddress": address,
                "billingAddress": address,
                "shippingMethod": store.shipping_method_id,
            }
        },
        "draftOrderCreate",
    )["order"]
    order = _one(
        saleor,
        """mutation F($id: ID!) {
      draftOrderComplete(id: $id) { order { id number status
        total { gross { amount currency } } } errors { field message code } } }""",
        {"id": draft["id"]},
        "draftOrderComplete",
    )["order"]
    if paid:
        _one(
            saleor,
            """mutation Pay($id: ID!) {
          orderMarkAsPaid(id: $id, transactionReference: "live-suite") {
            order { id isPaid } errors { field message code } } }""",
            {"id": order["id"]},
            "orderMarkAsPaid",
        )
    return order
