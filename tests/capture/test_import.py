"""orderImport end to end: the GraphQL door, the stored order, the batch task creating it in the
fake Saleor with orderBulkCreate, the read model learning it, routing it like any order."""

from __future__ import annotations

from datetime import timedelta

import pytest
from freezegun import freeze_time

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.capture.models import CapturedOrder
from saleor_oms_plugin.capture.sending import captured_orders_send
from saleor_oms_plugin.capture.services import capture_source_create, orders_capture
from saleor_oms_plugin.capture.webhook import snake_keys
from saleor_oms_plugin.core import events
from saleor_oms_plugin.fulfilment.models import RoutingPlan
from saleor_oms_plugin.orders.models import Order
from saleor_oms_plugin.saleor.errors import SaleorTransportError
from tests.fixtures.capture import (
    SHIPPING_METHOD,
    SHIPPING_METHOD_TYPE,
    TAX_CLASS,
    SaleorOrderImport,
)
from tests.fixtures.deliveries import LocalSigner
from tests.fixtures.fulfilment import MOMENT, SaleorStock, make_routing_tenant
from tests.fixtures.graphql import gql, make_api_key

pytestmark = pytest.mark.django_db
NOW = MOMENT + timedelta(hours=1)
STAFF = Actor("staff", "VXNlcjox")

ORDER_IMPORT = """
mutation Import($source: String!, $orders: [OmsOrderImportInput!]!) {
  orderImport(source: $source, orders: $orders) {
    results {
      externalReference outcome
      errors { field code message }
      capturedOrder { state door }
    }
    errors { field code message }
  }
}
"""
ADDRESS = {
    "firstName": "Ada",
    "lastName": "Lovelace",
    "streetAddress1": "1 Market St",
    "city": "San Francisco",
    "postalCode": "94103",
    "country": "US",
    "countryArea": "CA",
}


def outside_order(reference, *, sku="OMS-SKU-001", quantity=1):
    return {
        "externalReference": reference,
        "customerEmail": "ada@example.com",
        "customerName": "Ada Lovelace",
        "currency": "USD",
        "createdAt": (NOW - timedelta(minutes=5)).isoformat(),
        "billingAddress": ADDRESS,
        "lines": [{"sku": sku, "quantity": quantity, "unitPriceGross": "20.00", "taxRate": "0"}],
        "shipping": {"methodName": "Phone courier", "priceGross": "5.00", "taxRate": "0"},
        "payments": [
            {"amount": "25.00", "gateway": "phone-card", "pspReference": f"p-{reference}"}
        ],
        "notes": ["ordered by phone"],
    }


@pytest.fixture
def signer():
    return LocalSigner.generate()


def _shop(fake_saleor, signer, **routing):
    tenant = make_routing_tenant(fake_saleor, signer, **routing)
    stock = SaleorStock(fake_saleor)
    saleor = SaleorOrderImport(stock)
    source, _ = capture_source_create(
        tenant_id=tenant.pk,
        code="phone",
        name="Phone orders",
        channel_slug="default-channel",
        warehouse_id=fake_saleor.warehouses[0]["id"],
        # as the Dashboard shows it: orderBulkCreate wants the ShippingMethod ID
        shipping_method_id=SHIPPING_METHOD_TYPE,
        tax_class_id=TAX_CLASS,
        actor=STAFF,
    )
    return tenant, stock, saleor, source


@pytest.fixture
def shop(fake_saleor, signer):
    return _shop(fake_saleor, signer, trigger="created")


@pytest.fixture
def quiet_shop(fake_saleor, signer):
    """A shop that routes by hand only: nothing but capture talks to Saleor."""
    return _shop(fake_saleor, signer)


@pytest.fixture
def published(monkeypatch):
    seen: list[events.Published] = []
    monkeypatch.setattr(events, "_listeners", [*events._listeners, seen.append])
    return seen


def _import(client, tenant, orders, source="phone"):
    key = make_api_key(tenant, ["MANAGE_ORDERS"])
    status, body = gql(client, ORDER_IMPORT, {"source": source, "orders": orders}, api_key=key)
    assert status == 200, body
    return body["data"]["orderImport"]


@freeze_time(NOW)
def test_an_outside_order_becomes_a_saleor_order_routed_like_any_other(
    client, fake_saleor, shop, published, django_capture_on_commit_callbacks
):
    tenant, stock, saleor, source = shop
    bad = {**outside_order("PH-2"), "customerEmail": "nobody", "lines": []}

    with django_capture_on_commit_callbacks(execute=True):
        answer = _import(client, tenant, [outside_order("PH-1"), bad, outside_order("PH-1")])

    # each order is answered: taken, refused with one error per field, a duplicate
    assert answer["errors"] == []
    outcomes = [(r["externalReference"], r["outcome"]) for r in answer["results"]]
    assert outcomes == [("PH-1", "ACCEPTED"), ("PH-2", "REFUSED"), ("PH-1", "DUPLICATE")]
    assert {(e["field"], e["code"]) for e in answer["results"][1]["errors"]} == {
        ("customer_email", "INVALID"),
        ("lines", "REQUIRED"),
    }
    # the refused order left nothing behind; the accepted one was created in Saleor once
    captured = CapturedOrder.objects.get(tenant=tenant)
    assert (captured.external_reference, captured.state) == ("PH-1", "CREATED")
    [request] = fake_saleor.graphql_requests("OmsOrderBulkCreate")
    assert request.variables["errorPolicy"] == "REJECT_FAILED_ROWS"
    [sent] = request.variables["orders"]
    assert sent["externalReference"] == "phone:PH-1"
    assert sent["lines"][0]["warehouse"] == source.warehouse_id
    assert sent["deliveryMethod"]["shippingMethodId"] == SHIPPING_METHOD
    saleor_order = stock.order(captured.saleor_order_id)
    assert saleor_order["externalReference"] == "phone:PH-1"
    # the OMS learned the order from Saleor's answer, keeping where it came from
    order = Order.objects.get(tenant=tenant, saleor_id=captured.saleor_order_id)
    assert order.metadata["oms.capture.source"] == "phone"
    assert order.metadata["oms.capture.reference"] == "PH-1"
    assert order.origin == "BULK_CREATE"
    captured.refresh_from_db()
    assert captured.order_id == order.pk
    # rules hear of it about the order; routing fulfilled it from the fake's stock
    created = [p for p in published if p.event.value == "capture.created"]
    assert [(p.order_id, p.facts["source"]) for p in created] == [(order.pk, "phone")]
    plan = RoutingPlan.objects.get(tenant=tenant, order=order)
    assert plan.state == "applied"
    assert len(fake_saleor.graphql_requests("OmsOrderFulfill")) == 1
    assert AuditEvent.objects.filter(tenant=tenant, verb="capture.created").count() == 1


@freeze_time(NOW)
def test_importing_the_same_reference_again_changes_nothing(
    client, fake_saleor, shop, django_capture_on_commit_callbacks
):
    tenant, *_ = shop
    with django_capture_on_commit_callbacks(execute=True):
        _import(client, tenant, [outside_order("PH-1")])
    with django_capture_on_commit_callbacks(execute=True):
        again = _import(client, tenant, [outside_order("PH-1", quantity=5)])

    assert [r["outcome"] for r in again["results"]] == ["DUPLICATE"]
    assert again["results"][0]["capturedOrder"]["state"] == "CREATED"
    assert len(fake_saleor.graphql_requests("OmsOrderBulkCreate")) == 1
    assert sum(o.get("externalReference") == "phone:PH-1" for o in fake_saleor.orders) == 1


@freeze_time(NOW)
def test_an_order_saleor_already_holds_is_recorded_as_created_not_made_twice(
    fake_saleor, shop, django_capture_on_commit_callbacks
):
    tenant, stock, saleor, source = shop
    # an earlier attempt created the order in Saleor, and its answer was lost
    data = {"external_reference": "PH-9", **_snake(outside_order("PH-9"))}
    orders_capture(source=source, orders=[data], door="API", actor=STAFF)
    row = CapturedOrder.objects.get(tenant=tenant)
    CapturedOrder.objects.filter(pk=row.pk).update(state="RECEIVED")
    earlier = saleor.create_as_saleor_did(CapturedOrder.objects.get(pk=row.pk))

    with django_capture_on_commit_callbacks(execute=True):
        summary = captured_orders_send(tenant_id=tenant.pk)

    assert (summary.created, summary.refused) == (1, 0)
    row.refresh_from_db()
    assert (row.state, row.saleor_order_id) == ("CREATED", earlier["id"])
    assert sum(o.get("externalReference") == "phone:PH-9" for o in fake_saleor.orders) == 1
    assert len(fake_saleor.graphql_requests("OmsOrderByExternalReference")) == 1
    assert Order.objects.filter(tenant=tenant, saleor_id=earlier["id"]).exists()


@freeze_time(NOW)
def test_an_order_saleor_refuses_is_kept_refused_with_saleors_errors(
    client, fake_saleor, shop, published, django_capture_on_commit_callbacks
):
    tenant, *_ = shop
    with django_capture_on_commit_callbacks(execute=True):
        _import(client, tenant, [outside_order("PH-1"), outside_order("PH-3", sku="NO-SUCH")])

    states = dict(CapturedOrder.objects.values_list("external_reference", "state"))
    assert states == {"PH-1": "CREATED", "PH-3": "REFUSED"}
    refused = CapturedOrder.objects.get(external_reference="PH-3")
    assert [e["code"] for e in refused.errors] == ["NOT_FOUND"]
    assert refused.errors[0]["field"] == "lines.0.variant_sku"
    assert not any(o.get("externalReference") == "phone:PH-3" for o in fake_saleor.orders)
    assert [
        p.facts["externalReference"] for p in published if p.event.value == "capture.refused"
    ] == ["PH-3"]


@freeze_time(NOW)
def test_orders_go_to_saleor_in_batches_of_at_most_fifty(
    fake_saleor, quiet_shop, django_capture_on_commit_callbacks
):
    tenant, _, _, source = quiet_shop
    orders = [_snake(outside_order(f"PH-{n}")) for n in range(120)]

    with django_capture_on_commit_callbacks(execute=True):
        orders_capture(source=source, orders=orders, door="API", actor=STAFF)

    sizes = [len(r.variables["orders"]) for r in fake_saleor.graphql_requests("OmsOrderBulkCreate")]
    assert sizes == [50, 50, 20]
    assert CapturedOrder.objects.filter(tenant=tenant, state="CREATED").count() == 120


@freeze_time(NOW)
def test_a_batch_saleor_fails_stays_received_and_is_sent_again(
    fake_saleor, shop, settings, django_capture_on_commit_callbacks
):
    tenant, _, _, source = shop
    settings.SALEOR_MAX_RETRIES = 0
    orders_capture(source=source, orders=[_snake(outside_order("PH-1"))], door="API", actor=STAFF)
    fake_saleor.fail_next(1, status=503)

    with pytest.raises(SaleorTransportError):
        captured_orders_send(tenant_id=tenant.pk)

    row = CapturedOrder.objects.get(tenant=tenant)
    assert (row.state, row.claimed_until, row.attempts) == ("RECEIVED", None, 1)
    with django_capture_on_commit_callbacks(execute=True):
        summary = captured_orders_send(tenant_id=tenant.pk)
    assert summary.created == 1
    row.refresh_from_db()
    assert (row.state, row.attempts) == ("CREATED", 2)


def test_an_unknown_source_is_refused(client, fake_saleor, shop):
    tenant, *_ = shop
    answer = _import(client, tenant, [outside_order("X-1")], source="fax")
    assert answer["results"] == []
    assert [(e["field"], e["code"]) for e in answer["errors"]] == [("source", "NOT_FOUND")]
    assert not CapturedOrder.objects.exists()


def _snake(order):
    return snake_keys(order)


@freeze_time(NOW)
@pytest.mark.parametrize(("trigger", "paid"), [("fully_paid", "25.00"), ("confirmed", "0")])
def test_a_captured_order_is_routed_on_the_tenants_trigger_like_a_checkout_order(
    client, fake_saleor, signer, django_capture_on_commit_callbacks, trigger, paid
):
    # Saleor sends no ORDER_CONFIRMED or ORDER_FULLY_PAID for orders it bulk-creates; the OMS
    # hears them as it would for a checkout order in the same state
    tenant, *_ = _shop(fake_saleor, signer, trigger=trigger)
    order = outside_order("PH-7")
    order["payments"] = [{"amount": paid, "gateway": "phone-card"}]

    with django_capture_on_commit_callbacks(execute=True):
        _import(client, tenant, [order])

    captured = CapturedOrder.objects.get(tenant=tenant)
    assert RoutingPlan.objects.get(order__saleor_id=captured.saleor_order_id).state == "applied"
    assert len(fake_saleor.graphql_requests("OmsOrderFulfill")) == 1
