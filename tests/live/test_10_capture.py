"""Order capture against the real Saleor: an outside order becomes a Saleor order once (by its
external reference), the OMS learns it from Saleor's answer and routes it like any other, and
an order Saleor already holds is found, never created twice (docs/CAPTURE.md)."""

from __future__ import annotations

import base64
import uuid

from tests.live.saleor_live import wait_for
from tests.live.store import CUSTOMER_ADDRESS

TAX_CLASSES = "query TaxClasses { taxClasses(first: 1) { edges { node { id } } } }"
TAX_CLASS_CREATE = """mutation T($input: TaxClassCreateInput!) {
  taxClassCreate(input: $input) { taxClass { id } errors { field message code } } }"""
SOURCE_CREATE = """mutation S($input: OmsCaptureSourceInput!) {
  captureSourceCreate(input: $input) { source { code webhookPath } secret
    errors { field code message } } }"""
ORDER_IMPORT = """mutation I($source: String!, $orders: [OmsOrderImportInput!]!) {
  orderImport(source: $source, orders: $orders) {
    results { externalReference outcome errors { field code message } }
    errors { field code message } } }"""
CAPTURED = """query C($source: String) { capturedOrders(source: $source, first: 50) {
  edges { node { externalReference state saleorOrderId errors { field code message } } } } }"""
SALEOR_ORDER = """query O($ref: String!) { order(externalReference: $ref) {
  id origin status isPaid externalReference metadata { key value }
  lines { productSku quantity allocations { id } }
  fulfillments { status warehouse { id } lines { quantity } } } }"""
BULK_CREATE = """mutation B($orders: [OrderBulkCreateInput!]!) {
  orderBulkCreate(orders: $orders, errorPolicy: REJECT_FAILED_ROWS, stockUpdatePolicy: SKIP) {
    results { order { id externalReference } errors { path code message } } } }"""


def bulk_shipping_method_id(type_id: str) -> str:
    """orderBulkCreate takes a ShippingMethod ID; Saleor's other APIs give the type's."""
    _, pk = base64.b64decode(type_id).decode().split(":", 1)
    return base64.b64encode(f"ShippingMethod:{pk}".encode()).decode()


def _tax_class(saleor) -> str:
    edges = saleor.data(TAX_CLASSES)["taxClasses"]["edges"]
    if edges:
        return edges[0]["node"]["id"]
    created = saleor.mutate(
        TAX_CLASS_CREATE, {"input": {"name": "OMS live capture"}}, field_name="taxClassCreate"
    )
    return created["taxClass"]["id"]


def _source(installation, store) -> tuple[str, str]:
    code = f"phone-{store.run}"
    tax_class = _tax_class(installation.saleor)
    installation.api.mutate(
        SOURCE_CREATE,
        {
            "input": {
                "code": code,
                "name": "Phone orders",
                "channelSlug": store.channel_slug,
                "warehouseId": store.warehouses["New York"],
                # a ShippingMethodType ID, as shippingPriceCreate and the Dashboard give it
                "shippingMethodId": store.shipping_method_id,
                "taxClassId": tax_class,
            }
        },
        field_name="captureSourceCreate",
    )
    return code, tax_class


def _outside_order(reference: str, store, lines: dict[str, int]) -> dict:
    address = {
        "firstName": CUSTOMER_ADDRESS["firstName"],
        "lastName": CUSTOMER_ADDRESS["lastName"],
        "streetAddress1": CUSTOMER_ADDRESS["streetAddress1"],
        "city": CUSTOMER_ADDRESS["city"],
        "postalCode": CUSTOMER_ADDRESS["postalCode"],
        "country": CUSTOMER_ADDRESS["country"],
        "countryArea": CUSTOMER_ADDRESS["countryArea"],
    }
    units = sum(lines.values())
    return {
        "externalReference": reference,
        "customerEmail": f"{uuid.uuid4().hex}@example.com",
        "customerName": "Ada Customer",
        "currency": "USD",
        "billingAddress": address,
        "lines": [
            {
                "sku": f"{sku}-{store.run}",
                "quantity": quantity,
                "unitPriceGross": "10.00",
                "taxRate": "0",
            }
            for sku, quantity in lines.items()
        ],
        "shipping": {"methodName": "Phone courier", "priceGross": "5.00", "taxRate": "0"},
        # paid in full at the phone: 10 a unit and 5 shipping
        "payments": [
            {
                "amount": f"{10 * units + 5}.00",
                "gateway": "phone-card",
                "pspReference": f"card-{reference}",
            }
        ],
        "notes": ["taken by phone"],
    }


def _captured(installation, code: str) -> dict[str, dict]:
    edges = installation.api.data(CAPTURED, {"source": code})["capturedOrders"]["edges"]
    return {edge["node"]["externalReference"]: edge["node"] for edge in edges}


def _settled(installation, code: str, references: set[str]) -> dict[str, dict] | None:
    captured = _captured(installation, code)
    done = {ref: row for ref, row in captured.items() if row["state"] != "RECEIVED"}
    return done if references <= set(done) else None


def test_an_outside_order_becomes_one_saleor_order_routed_like_any_other(installation, store):
    code, _ = _source(installation, store)
    good, unknown = f"PH-{store.run}-1", f"PH-{store.run}-2"
    orders = [
        _outside_order(good, store, {"MUG": 2}),
        {
            **_outside_order(unknown, store, {"MUG": 1}),
            "lines": [
                {"sku": f"NOPE-{store.run}", "quantity": 1, "unitPriceGross": "1", "taxRate": "0"}
            ],
        },
        {"externalReference": f"PH-{store.run}-3", "customerEmail": "nobody"},
        _outside_order(good, store, {"MUG": 2}),
    ]

    # when the phone team's orders are imported
    answer = installation.api.mutate(
        ORDER_IMPORT, {"source": code, "orders": orders}, field_name="orderImport"
    )

    # then each is answered: taken, taken, refused at the door (nothing stored), a duplicate
    assert [r["outcome"] for r in answer["results"]] == [
        "ACCEPTED",
        "ACCEPTED",
        "REFUSED",
        "DUPLICATE",
    ]
    assert {e["field"] for e in answer["results"][2]["errors"]} >= {"customer_email", "lines"}

    # and the batch task created the good one in Saleor, and refused the unknown SKU
    settled = wait_for(
        "the captured orders to reach Saleor",
        lambda: _settled(installation, code, {good, unknown}),
        timeout=180,
    )
    assert settled[good]["state"] == "CREATED", settled[good]
    assert settled[unknown]["state"] == "REFUSED"
    assert [e["code"] for e in settled[unknown]["errors"]] == ["NOT_FOUND"]
    order = installation.saleor.data(SALEOR_ORDER, {"ref": f"{code}:{good}"})["order"]
    assert order["id"] == settled[good]["saleorOrderId"]
    assert order["origin"] == "BULK_CREATE"
    assert order["isPaid"] is True
    metadata = {m["key"]: m["value"] for m in order["metadata"]}
    assert metadata["oms.capture.source"] == code
    assert metadata["oms.capture.reference"] == good
    # Saleor allocated nothing (stock policy SKIP): the OMS routes it
    assert [line["allocations"] for line in order["lines"]] == [[]]
    assert installation.saleor.data(SALEOR_ORDER, {"ref": f"{code}:{unknown}"})["order"] is None

    # when the OMS has heard of it (Saleor sends no ORDER_CREATED for bulk-created orders) and
    # routed it on the store's trigger (FULLY_PAID), it ships from the nearest stocked warehouse
    def fulfilled():
        data = installation.saleor.data(SALEOR_ORDER, {"ref": f"{code}:{good}"})["order"]
        return data if data["status"] == "FULFILLED" else None

    shipped = wait_for("the captured order to be fulfilled in Saleor", fulfilled, timeout=180)
    assert {f["warehouse"]["id"] for f in shipped["fulfillments"]} == {
        store.warehouses["Los Angeles"]
    }


def test_an_order_saleor_already_holds_is_found_not_created_twice(installation, store):
    code = f"phone-{store.run}"
    reference = f"PH-{store.run}-lost"
    # given Saleor already created the order (our earlier call's answer was lost)
    tax_class = _tax_class(installation.saleor)
    earlier = installation.saleor.data(
        BULK_CREATE,
        {
            "orders": [
                {
                    "externalReference": f"{code}:{reference}",
                    "channel": store.channel_slug,
                    "createdAt": "2026-12-01T10:00:00+00:00",
                    # optional in the schema, but Saleor 3.23.28 fails without it (KeyError)
                    "status": "UNFULFILLED",
                    "user": {"email": "lost@example.com"},
                    "billingAddress": {
                        "streetAddress1": CUSTOMER_ADDRESS["streetAddress1"],
                        "city": CUSTOMER_ADDRESS["city"],
                        "postalCode": CUSTOMER_ADDRESS["postalCode"],
                        "country": CUSTOMER_ADDRESS["country"],
                        "countryArea": CUSTOMER_ADDRESS["countryArea"],
                    },
                    "currency": "USD",
                    "languageCode": "EN",
                    "lines": [
                        {
                            "variantId": store.variants["SOCKS"],
                            "createdAt": "2026-12-01T10:00:00+00:00",
                            "isShippingRequired": True,
                            "isGiftCard": False,
                            "quantity": 1,
                            "totalPrice": {"gross": "10.00", "net": "10.00"},
                            "undiscountedTotalPrice": {"gross": "10.00", "net": "10.00"},
                            "taxClassId": tax_class,
                            "warehouse": store.warehouses["New York"],
                        }
                    ],
                    "deliveryMethod": {
                        # orderBulkCreate takes a ShippingMethod ID, the store's is the type's
                        "shippingMethodId": bulk_shipping_method_id(store.shipping_method_id),
                        "shippingTaxClassId": tax_class,
                        "shippingPrice": {"gross": "5.00", "net": "5.00"},
                    },
                }
            ]
        },
    )["orderBulkCreate"]["results"][0]
    assert earlier["errors"] == [], earlier

    # when the OMS captures that reference
    answer = installation.api.mutate(
        ORDER_IMPORT,
        {"source": code, "orders": [_outside_order(reference, store, {"SOCKS": 1})]},
        field_name="orderImport",
    )
    assert [r["outcome"] for r in answer["results"]] == ["ACCEPTED"]

    # then Saleor refused it as not unique, and the OMS recorded the order Saleor holds
    settled = wait_for(
        "the captured order to settle",
        lambda: _settled(installation, code, {reference}),
        timeout=180,
    )
    assert settled[reference]["state"] == "CREATED", settled[reference]
    assert settled[reference]["saleorOrderId"] == earlier["order"]["id"]
    held = installation.saleor.data(SALEOR_ORDER, {"ref": f"{code}:{reference}"})["order"]
    assert held["id"] == earlier["order"]["id"]
