"""The initial import of warehouses and orders, paged from a fake Saleor over real HTTP."""

from __future__ import annotations

import copy
import json
from datetime import datetime

import pytest
from graphql import parse, print_ast

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.core.outcomes import ApplyOutcome
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.orders.models import Fulfillment, FulfillmentLine, Order, OrderLine
from saleor_oms_plugin.orders.payload import parse_order
from saleor_oms_plugin.orders.services import order_apply_payload
from saleor_oms_plugin.saleor.errors import SaleorTransportError
from saleor_oms_plugin.tenants.services import tenant_add
from saleor_oms_plugin.webhooks import read_model_import
from saleor_oms_plugin.webhooks.read_model_import import tenant_import_read_models_run
from tests.fixtures.contract import captures, jwks, scenario
from tests.fixtures.deliveries import read_model_snapshot
from tests.fixtures.fake_saleor import (
    APP_ID,
    warehouse_dict,
)


@pytest.fixture
def tenant(db, fake_saleor):
    return tenant_add(
        api_url=fake_saleor.url,
        token=fake_saleor.app_token,
        jwks=jwks(),
        app_id=APP_ID,
        run_import=False,
    )


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(read_model_import, "PAGE_SIZE", 2)


def _row_counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Location, Order, OrderLine, Fulfillment, FulfillmentLine)
    }


def test_the_import_pages_through_everything(fake_saleor, tenant, small_pages):
    # given a Saleor with 5 warehouses and 25 orders, read 2 at a time
    # when the import runs
    summary = tenant_import_read_models_run(tenant_id=tenant.pk)
    # then it followed the cursors to the last page of each
    assert len(fake_saleor.graphql_requests("OmsWarehousesPage")) == 3
    assert len(fake_saleor.graphql_requests("OmsOrdersPage")) == 13
    pages = [
        *fake_saleor.graphql_requests("OmsWarehousesPage"),
        *fake_saleor.graphql_requests("OmsOrdersPage"),
    ]
    assert all(r.variables["first"] == 2 for r in pages)
    assert all(r.status == 200 for r in fake_saleor.requests)
    # and every warehouse and order is in the read models, once
    assert (
        summary.locations,
        summary.locations_removed,
        summary.orders,
        summary.orders_unchanged,
    ) == (
        5,
        0,
        25,
        0,
    )
    assert set(Location.objects.values_list("saleor_id", flat=True)) == {
        w["id"] for w in fake_saleor.warehouses
    }
    assert set(Order.objects.values_list("saleor_id", flat=True)) == {
        o["id"] for o in fake_saleor.orders
    }
    # and what was imported is what Saleor holds
    for order in fake_saleor.orders:
        row = Order.objects.get(tenant=tenant, saleor_id=order["id"])
        assert row.number == order["number"]
        assert row.status == order["status"]
        assert row.saleor_updated_at == datetime.fromisoformat(order["updatedAt"])
        assert sorted(row.lines.values_list("saleor_id", flat=True)) == sorted(
            line["id"] for line in order["lines"]
        )
        assert sorted(row.fulfillments.values_list("saleor_id", flat=True)) == sorted(
            f["id"] for f in order["fulfillments"]
        )
    coordinates = {w["slug"]: (w["lat"], w["lng"]) for w in scenario()["warehouses"]}
    assert {
        loc.slug: (loc.latitude, loc.longitude) for loc in Location.objects.all()
    } == coordinates
    assert AuditEvent.objects.get(verb="tenant.imported").data == {
        "locations": 5,
        "locations_removed": 0,
        "orders": 25,
        "orders_unchanged": 0,
        "orders_origin_unknown": 0,
        "skipped": 0,
        "skipped_records": [],
    }
    # and every order's origin came from Saleor, though the pages never asked for it
    assert not any(
        "origin" in print_ast(parse(r.query)) for r in fake_saleor.graphql_requests("OmsOrdersPage")
    )
    assert {row.saleor_id: row.origin for row in Order.objects.all()} == {
        o["id"]: o["origin"] for o in fake_saleor.orders
    }


def test_the_import_asks_for_orders_oldest_first(fake_saleor, tenant, small_pages):
    tenant_import_read_models_run(tenant_id=tenant.pk)
    numbers = [
        int(edge["node"]["number"])
        for request in fake_saleor.graphql_requests("OmsOrdersPage")
        for edge in request.response["data"]["orders"]["edges"]
    ]
    created = {o["number"]: o["created"] for o in fake_saleor.orders}
    assert [created[str(n)] for n in numbers] == sorted(created.values())


def test_running_the_import_twice_changes_nothing(fake_saleor, tenant, small_pages):
    # given a completed import
    tenant_import_read_models_run(tenant_id=tenant.pk)
    before, counts = read_model_snapshot(tenant.pk), _row_counts()
    audits = AuditEvent.objects.exclude(verb="tenant.imported").count()
    # when it runs again over the same Saleor data
    summary = tenant_import_read_models_run(tenant_id=tenant.pk)
    # then no row was added and no order changed; locations only learnt they were seen again
    after = read_model_snapshot(tenant.pk)
    assert _row_counts() == counts
    assert after["orders"] == before["orders"]
    for snapshot in (before, after):
        for location in snapshot["locations"].values():
            location.pop("source_issued_at")
    assert after["locations"] == before["locations"]
    assert (summary.orders, summary.orders_unchanged, summary.locations_removed) == (0, 25, 0)
    assert AuditEvent.objects.exclude(verb="tenant.imported").count() == audits


def _captured_states(order_id: str) -> list[tuple[str, dict]]:
    """Every captured payload of one order as (issuedAt, order), oldest state first."""
    states = []
    for capture in captures():
        body = json.loads(capture.body)
        if (body.get("order") or {}).get("id") == order_id and "updatedAt" in body["order"]:
            states.append((body["issuedAt"], body["order"]))
    return sorted(states, key=lambda state: (state[1]["updatedAt"], state[0]))


def test_the_import_never_overwrites_a_newer_webhook(fake_saleor, tenant):
    # given an order that was later cancelled in Saleor
    cancelled = next(o for o in fake_saleor.orders if o["status"] == "CANCELED")
    states = _captured_states(cancelled["id"])
    older, (newest_issued, newest) = states[0][1], states[-1]
    assert older["status"] != "CANCELED" and older["updatedAt"] < newest["updatedAt"]
    # and the webhook of the cancellation already applied
    outcome = order_apply_payload(
        tenant_id=tenant.pk,
        data=parse_order(newest),
        issued_at=datetime.fromisoformat(newest_issued),
    )
    assert outcome is ApplyOutcome.CREATED
    webhook_state = read_model_snapshot(tenant.pk)["orders"][cancelled["id"]]
    # when the import reads a page that still holds the order as it was before
    position = fake_saleor.orders.index(cancelled)
    fake_saleor.orders[position] = copy.deepcopy(older) | {"__typename": "Order"}
    for fulfillment in fake_saleor.orders[position]["fulfillments"]:
        fulfillment.setdefault("created", older["updatedAt"])
    summary = tenant_import_read_models_run(tenant_id=tenant.pk)
    # then the order keeps the newer, cancelled state, lines and fulfilments
    after = read_model_snapshot(tenant.pk)["orders"][cancelled["id"]]
    paid_at = after["fields"].pop("paid_at"), webhook_state["fields"].pop("paid_at")
    assert after == webhook_state
    # except that the older payload, already paid, tells when payment happened at the latest
    assert older["isPaid"] is True
    assert paid_at == (
        datetime.fromisoformat(older["updatedAt"]),
        datetime.fromisoformat(newest["updatedAt"]),
    )
    assert Order.objects.get(saleor_id=cancelled["id"]).status == "CANCELED"
    assert summary.orders_unchanged == 1
    assert summary.orders == 24


def test_the_import_updates_an_order_that_changed_since(fake_saleor, tenant):
    # given an order the app holds in an older state (the reverse of the test above)
    cancelled = next(o for o in fake_saleor.orders if o["status"] == "CANCELED")
    (older_issued, older) = _captured_states(cancelled["id"])[0]
    order_apply_payload(
        tenant_id=tenant.pk, data=parse_order(older), issued_at=datetime.fromisoformat(older_issued)
    )
    # when the import reads Saleor's newer state
    summary = tenant_import_read_models_run(tenant_id=tenant.pk)
    # then it is taken
    assert Order.objects.get(saleor_id=cancelled["id"]).status == "CANCELED"
    assert (summary.orders, summary.orders_unchanged) == (25, 0)


def test_warehouses_missing_from_saleor_are_marked_deleted(fake_saleor, tenant):
    # given an import of the five warehouses
    tenant_import_read_models_run(tenant_id=tenant.pk)
    # and Saleor then losing one and gaining another
    gone = fake_saleor.warehouses.pop(0)
    fake_saleor.warehouses.append(
        warehouse_dict(
            id="V2FyZWhvdXNlOm5ldw==",
            name="OMS Denver",
            slug="oms-den",
            city="Denver",
            lat=39.74,
            lng=-104.99,
        )
    )
    # when the import runs again
    summary = tenant_import_read_models_run(tenant_id=tenant.pk)
    # then the lost one is kept but marked deleted, the others are live, the new one is added
    assert summary.locations_removed == 1
    deleted = Location.objects.get(saleor_id=gone["id"])
    assert deleted.is_deleted is True
    live = set(Location.objects.filter(is_deleted=False).values_list("saleor_id", flat=True))
    assert live == {w["id"] for w in fake_saleor.warehouses}
    assert Location.objects.get(slug="oms-den").latitude == 39.74


def test_a_warehouse_that_returns_is_live_again(fake_saleor, tenant):
    # given a warehouse marked deleted because Saleor stopped listing it
    tenant_import_read_models_run(tenant_id=tenant.pk)
    gone = fake_saleor.warehouses.pop(0)
    tenant_import_read_models_run(tenant_id=tenant.pk)
    assert Location.objects.get(saleor_id=gone["id"]).is_deleted is True
    # when Saleor lists it again
    fake_saleor.warehouses.append(gone)
    tenant_import_read_models_run(tenant_id=tenant.pk)
    # then it is live again
    assert Location.objects.get(saleor_id=gone["id"]).is_deleted is False
    assert Location.objects.filter(is_deleted=True).count() == 0


def test_a_saleor_that_stays_down_fails_the_import_for_a_retry(fake_saleor, tenant, settings):
    # given a Saleor that answers 503 to everything for a while
    settings.SALEOR_MAX_RETRIES = 0
    fake_saleor.fail_next(3, status=503)
    # when the import runs
    with pytest.raises(SaleorTransportError):
        tenant_import_read_models_run(tenant_id=tenant.pk)
    # then it stored nothing and recorded no completed import (the task retries it)
    assert _row_counts() == {name: 0 for name in _row_counts()}
    assert not AuditEvent.objects.filter(verb="tenant.imported").exists()
