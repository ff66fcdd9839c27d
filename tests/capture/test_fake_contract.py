"""The fake's orderBulkCreate answers as the live Saleor 3.23.28 did (the captures recorded by
tests/live/test_10_capture.py in contract/saleor/): a created order's shape, and the refusal
of an external reference Saleor holds, word for word."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from freezegun import freeze_time

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.capture.models import CapturedOrder
from saleor_oms_plugin.capture.sending import captured_orders_send
from saleor_oms_plugin.capture.services import capture_source_create, orders_capture
from tests.capture.test_import import NOW, _snake, outside_order
from tests.fixtures.capture import SHIPPING_METHOD_TYPE, TAX_CLASS, SaleorOrderImport
from tests.fixtures.deliveries import LocalSigner
from tests.fixtures.fulfilment import SaleorStock, make_routing_tenant

pytestmark = pytest.mark.django_db
CAPTURE = (
    Path(__file__).resolve().parents[1]
    / "fixtures/contract/saleor/mutations__order_bulk_create.json"
)


def _recorded(kind: str) -> dict[str, Any]:
    path = CAPTURE
    return json.loads(path.read_text())[kind]["answer"]["data"]["orderBulkCreate"]


def _shape(value: Any) -> Any:
    """Keys at every depth (lists by their first item), values by type."""
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_shape(value[0])] if value else []
    return type(value).__name__ if value is not None else None


@freeze_time(NOW)
def test_the_fake_answers_orderbulkcreate_as_the_live_saleor_did(fake_saleor):
    tenant = make_routing_tenant(fake_saleor, LocalSigner.generate())
    saleor = SaleorOrderImport(SaleorStock(fake_saleor))
    source, _ = capture_source_create(
        tenant_id=tenant.pk,
        code="phone",
        name="Phone",
        channel_slug="default-channel",
        warehouse_id=fake_saleor.warehouses[0]["id"],
        shipping_method_id=SHIPPING_METHOD_TYPE,
        tax_class_id=TAX_CLASS,
        actor=Actor.system(),
    )
    orders_capture(source=source, orders=[_snake(outside_order("PH-1"))], door="API",
                   actor=Actor.system())  # fmt: skip
    captured_orders_send(tenant_id=tenant.pk)
    [created] = fake_saleor.graphql_requests("OmsOrderBulkCreate")
    answer = created.response["data"]["orderBulkCreate"]

    live = _recorded("succeeded")
    assert answer["count"] == live["count"] == 1
    assert answer["errors"] == live["errors"] == []
    fake_order, live_order = answer["results"][0]["order"], live["results"][0]["order"]
    assert _shape(fake_order).keys() == _shape(live_order).keys()
    for key in ("origin", "status", "isPaid", "chargeStatus", "authorizeStatus", "user"):
        assert fake_order[key] == live_order[key], key
    assert fake_order["deliveryMethod"]["__typename"] == live_order["deliveryMethod"]["__typename"]
    assert [line["allocations"] for line in fake_order["lines"]] == [[]]
    assert [line["allocations"] for line in live_order["lines"]] == [[]]

    # a reference Saleor holds: the row refused with the live wording
    row = CapturedOrder.objects.get(tenant=tenant)
    CapturedOrder.objects.filter(pk=row.pk).update(state="RECEIVED")
    captured_orders_send(tenant_id=tenant.pk)
    refused = fake_saleor.graphql_requests("OmsOrderBulkCreate")[-1].response
    [error] = refused["data"]["orderBulkCreate"]["results"][0]["errors"]
    [live_error] = _recorded("refused")["results"][0]["errors"]
    reference = "phone:PH-1"
    assert error == {
        **live_error,
        "message": live_error["message"].replace(
            live_error["message"].split(": ")[1].split(" already")[0], reference
        ),
    }
    assert saleor.created == 1
