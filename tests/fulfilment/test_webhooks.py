"""Routing triggered by Saleor's webhooks, delivered over HTTP to the real intake."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.fulfilment.errors import FulfilmentError
from saleor_oms_plugin.fulfilment.models import PlanShipment, RoutingPlan
from saleor_oms_plugin.fulfilment.services import order_route, short_pick_report
from saleor_oms_plugin.webhooks.models import Delivery
from tests.fixtures.deliveries import LocalSigner, django_client_headers
from tests.fixtures.fulfilment import (
    MOMENT,
    SaleorStock,
    import_order,
    make_routing_tenant,
    order_event_body,
)

pytestmark = pytest.mark.django_db
SF_LINES = {"OMS-SKU-001": 1, "OMS-SKU-011": 1, "OMS-SKU-016": 2}
STAFF = Actor("staff", "VXNlcjox")


@pytest.fixture
def signer():
    return LocalSigner.generate()


@pytest.fixture
def stock(fake_saleor):
    return SaleorStock(fake_saleor)


def _deliver(client, fake, signer, event, body, path="orders"):
    headers = {
        "Saleor-Event": event.lower(),
        "Saleor-Signature": signer.sign(body),
        "Saleor-Api-Url": fake.url,
    }
    return client.post(
        f"/api/webhooks/{path}/",
        data=body,
        content_type="application/json",
        **django_client_headers(headers),
    )


def test_the_same_order_fully_paid_delivered_twice_fulfils_once(
    client, fake_saleor, signer, stock, django_capture_on_commit_callbacks
):
    # given a tenant that routes orders once they are fully paid
    tenant = make_routing_tenant(fake_saleor, signer, trigger="fully_paid")
    order = stock.add_order(SF_LINES)
    body = order_event_body("OrderFullyPaid", order, MOMENT)
    # and the same event issued again later (Saleor fires it per payment that completes it)
    again = order_event_body("OrderFullyPaid", order, MOMENT + timedelta(seconds=30))

    # when Saleor delivers the event, retries the same bytes, then sends the later copy
    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            _deliver(client, fake_saleor, signer, "ORDER_FULLY_PAID", payload).status_code
            for payload in (body, body, again)
        ]

    # then each is acknowledged, two distinct deliveries are stored, and one plan fulfils once
    assert answers == [200, 200, 200]
    assert Delivery.objects.filter(tenant=tenant).count() == 2
    plan = RoutingPlan.objects.get(tenant=tenant)
    assert (plan.state, plan.trigger) == ("applied", "fully_paid")
    assert len(fake_saleor.graphql_requests("OmsOrderFulfill")) == 1
    assert stock.live_fulfilments(order["id"]) == [("oms-lax", SF_LINES)]


def test_events_other_than_the_tenants_trigger_do_not_route(
    client, fake_saleor, signer, stock, django_capture_on_commit_callbacks
):
    # given a tenant that routes on confirmation only
    tenant = make_routing_tenant(fake_saleor, signer, trigger="confirmed")
    order = stock.add_order(SF_LINES)
    # when the order is created and paid
    with django_capture_on_commit_callbacks(execute=True):
        for event, type_name in (
            ("ORDER_CREATED", "OrderCreated"),
            ("ORDER_FULLY_PAID", "OrderFullyPaid"),
        ):
            _deliver(client, fake_saleor, signer, event, order_event_body(type_name, order, MOMENT))
    # then nothing is routed
    assert not RoutingPlan.objects.filter(tenant=tenant).exists()
    # when it is confirmed
    with django_capture_on_commit_callbacks(execute=True):
        _deliver(
            client,
            fake_saleor,
            signer,
            "ORDER_CONFIRMED",
            order_event_body("OrderConfirmed", order, MOMENT + timedelta(seconds=1)),
        )
    # then it is routed and applied
    assert RoutingPlan.objects.get(tenant=tenant).state == "applied"


def test_manual_tenants_are_never_routed_by_webhooks(
    client, fake_saleor, signer, stock, django_capture_on_commit_callbacks
):
    tenant = make_routing_tenant(fake_saleor, signer, trigger="manual")
    order = stock.add_order(SF_LINES)
    with django_capture_on_commit_callbacks(execute=True):
        _deliver(
            client,
            fake_saleor,
            signer,
            "ORDER_FULLY_PAID",
            order_event_body("OrderFullyPaid", order, MOMENT),
        )
    assert not RoutingPlan.objects.filter(tenant=tenant).exists()
    assert fake_saleor.graphql_requests("OmsVariantStocks") == []


def test_a_cancelled_fulfilment_is_rerouted_without_its_location(
    client, fake_saleor, signer, stock, django_capture_on_commit_callbacks
):
    # given an order applied from Los Angeles
    tenant = make_routing_tenant(fake_saleor, signer, trigger="manual")
    saleor_order = stock.add_order(SF_LINES)
    order = import_order(tenant, saleor_order)
    with django_capture_on_commit_callbacks(execute=True):
        first = order_route(tenant_id=tenant.pk, order_id=order.pk, trigger="manual", actor=STAFF)
    fulfilment = saleor_order["fulfillments"][0]

    # when staff cancel that fulfilment in the Dashboard and Saleor tells us
    fulfilment["status"] = "CANCELED"
    for line in saleor_order["lines"]:
        line["quantityFulfilled"], line["quantityToFulfill"] = 0, line["quantity"]
    saleor_order["status"] = "UNFULFILLED"
    body = json.dumps(
        {
            "__typename": "FulfillmentCanceled",
            "issuedAt": (MOMENT + timedelta(hours=1)).isoformat(),
            "version": "3.23.28",
            "fulfillment": {**fulfilment, "lines": []},
            "order": {"id": saleor_order["id"], "number": "100", "status": "UNFULFILLED"},
        }
    ).encode()
    with django_capture_on_commit_callbacks(execute=True):
        answer = _deliver(client, fake_saleor, signer, "FULFILLMENT_CANCELED", body, "fulfillments")

    # then the units go out again, from Chicago, and the first plan is superseded
    assert answer.status_code == 200
    first.refresh_from_db()
    assert first.state == "superseded"
    assert first.shipments.get().state == "cancelled"
    second = RoutingPlan.objects.get(parent=first)
    assert (second.state, second.attempt) == ("applied", 2)
    assert stock.live_fulfilments(saleor_order["id"]) == [("oms-chi", SF_LINES)]


def test_a_short_pick_keeps_the_picked_units_and_reroutes_the_missing_ones(
    fake_saleor, signer, stock, django_capture_on_commit_callbacks
):
    # given an order applied from Los Angeles
    tenant = make_routing_tenant(fake_saleor, signer, trigger="manual")
    saleor_order = stock.add_order(SF_LINES)
    order = import_order(tenant, saleor_order)
    with django_capture_on_commit_callbacks(execute=True):
        first = order_route(tenant_id=tenant.pk, order_id=order.pk, trigger="manual", actor=STAFF)
    shipment = first.shipments.get()
    headphones = next(x["line_id"] for x in shipment.lines if x["sku"] == "OMS-SKU-016")

    # when Los Angeles reports one pair of headphones missing
    with django_capture_on_commit_callbacks(execute=True):
        short_pick_report(
            tenant_id=tenant.pk, shipment_id=shipment.pk, missing={headphones: 1}, actor=STAFF
        )

    # then Saleor's fulfilment is replaced: Los Angeles ships what it picked, Chicago the rest
    shipment.refresh_from_db()
    assert (shipment.state, shipment.short_lines) == ("short_picked", {headphones: 1})
    assert stock.live_fulfilments(saleor_order["id"]) == [
        ("oms-lax", {"OMS-SKU-001": 1, "OMS-SKU-011": 1, "OMS-SKU-016": 1}),
        ("oms-chi", {"OMS-SKU-016": 1}),
    ]
    second = RoutingPlan.objects.get(parent=first)
    assert second.state == "applied"
    assert sorted(s.location.name for s in second.shipments.all()) == [
        "OMS Chicago",
        "OMS Los Angeles",
    ]
    assert stock.order(saleor_order["id"])["status"] == "FULFILLED"
    short = AuditEvent.objects.get(verb="plan_shipment.short_picked")
    assert (short.actor_type, short.data["missing"]) == ("staff", {headphones: 1})


def test_short_picks_are_refused_for_shipments_not_applied_or_impossible_quantities(
    fake_saleor, signer, stock, django_capture_on_commit_callbacks
):
    tenant = make_routing_tenant(fake_saleor, signer, trigger="manual")
    order = import_order(tenant, stock.add_order(SF_LINES))
    with django_capture_on_commit_callbacks(execute=False):
        plan = order_route(tenant_id=tenant.pk, order_id=order.pk, trigger="manual", actor=STAFF)
    pending = plan.shipments.get()
    line = pending.lines[0]["line_id"]
    # a shipment not in Saleor yet
    with pytest.raises(FulfilmentError) as refused:
        short_pick_report(
            tenant_id=tenant.pk, shipment_id=pending.pk, missing={line: 1}, actor=STAFF
        )
    assert refused.value.code.value == "SHIPMENT_NOT_APPLIED"
    # more missing than shipped
    PlanShipment.objects.filter(pk=pending.pk).update(state="applied", saleor_fulfillment_id="F")
    with pytest.raises(FulfilmentError) as refused:
        short_pick_report(
            tenant_id=tenant.pk, shipment_id=pending.pk, missing={line: 5}, actor=STAFF
        )
    assert (refused.value.code.value, refused.value.field) == ("INVALID_QUANTITY", "lines")
    pending.refresh_from_db()
    assert (pending.state, pending.short_lines) == ("applied", {})
    assert not AuditEvent.objects.filter(verb="plan_shipment.short_picked").exists()
