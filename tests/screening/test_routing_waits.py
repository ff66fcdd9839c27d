"""Routing waits for screening: Saleor's webhooks over HTTP, the real intake, eager tasks."""

from __future__ import annotations

import copy
from datetime import timedelta

import pytest
from freezegun import freeze_time

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.fulfilment.models import RoutingPlan
from saleor_oms_plugin.screening.models import ScreeningResult
from saleor_oms_plugin.screening.services import screening_config_set, screening_release
from tests.fixtures.deliveries import LocalSigner, django_client_headers
from tests.fixtures.fulfilment import (
    MOMENT,
    SAN_FRANCISCO,
    SaleorStock,
    make_routing_tenant,
    order_event_body,
)
from tests.fixtures.screening import ENABLED

pytestmark = pytest.mark.django_db
LINES = {"OMS-SKU-001": 1}
STAFF = Actor("staff", "VXNlcjox")
NOW = MOMENT + timedelta(hours=3)


@pytest.fixture
def signer():
    return LocalSigner.generate()


@pytest.fixture
def stock(fake_saleor):
    return SaleorStock(fake_saleor)


def _deliver(client, fake, signer, event, body):
    headers = {
        "Saleor-Event": event.lower(),
        "Saleor-Signature": signer.sign(body),
        "Saleor-Api-Url": fake.url,
    }
    response = client.post(
        "/api/webhooks/orders/",
        data=body,
        content_type="application/json",
        **django_client_headers(headers),
    )
    assert response.status_code == 200


def _screening_tenant(fake_saleor, signer, document=ENABLED):
    tenant = make_routing_tenant(fake_saleor, signer, trigger="created")
    screening_config_set(tenant_id=tenant.pk, channel_slug="", document=document, actor=STAFF)
    return tenant


@freeze_time(NOW)
def test_a_new_order_that_passes_is_routed_after_its_checks(
    client, fake_saleor, signer, stock, django_capture_on_commit_callbacks
):
    tenant = _screening_tenant(fake_saleor, signer)
    order = stock.add_order(LINES)

    with django_capture_on_commit_callbacks(execute=True):
        _deliver(
            client,
            fake_saleor,
            signer,
            "ORDER_CREATED",
            order_event_body("OrderCreated", order, NOW),
        )

    result = ScreeningResult.objects.get(tenant=tenant)
    assert (result.state, result.reason_codes) == ("PASSED", [])
    plan = RoutingPlan.objects.get(tenant=tenant)
    assert plan.state == "applied"
    assert len(fake_saleor.graphql_requests("OmsOrderFulfill")) == 1


@freeze_time(NOW)
def test_a_held_order_is_not_routed_until_staff_release_it(
    client, fake_saleor, signer, stock, django_capture_on_commit_callbacks
):
    tenant = _screening_tenant(fake_saleor, signer)
    unknown_zip = {**SAN_FRANCISCO, "postalCode": "00000"}
    order = stock.add_order(LINES, address=unknown_zip)

    with django_capture_on_commit_callbacks(execute=True):
        _deliver(
            client,
            fake_saleor,
            signer,
            "ORDER_CREATED",
            order_event_body("OrderCreated", order, NOW),
        )

    result = ScreeningResult.objects.get(tenant=tenant)
    assert (result.state, result.reason_codes) == ("HELD", ["POSTAL_CODE_UNKNOWN"])
    assert not RoutingPlan.objects.filter(tenant=tenant).exists()

    with django_capture_on_commit_callbacks(execute=True):
        screening_release(tenant_id=tenant.pk, order_id=result.order_id, actor=STAFF)

    assert RoutingPlan.objects.get(tenant=tenant).state == "applied"


@freeze_time(NOW)
def test_a_held_order_corrected_in_saleor_is_screened_again_and_routed(
    client, fake_saleor, signer, stock, django_capture_on_commit_callbacks
):
    tenant = _screening_tenant(fake_saleor, signer)
    order = stock.add_order(LINES, address={**SAN_FRANCISCO, "postalCode": "00000"})
    with django_capture_on_commit_callbacks(execute=True):
        _deliver(
            client,
            fake_saleor,
            signer,
            "ORDER_CREATED",
            order_event_body("OrderCreated", order, NOW),
        )
    assert ScreeningResult.objects.get(tenant=tenant).state == "HELD"

    # staff correct the address in Saleor, which sends ORDER_UPDATED
    corrected = copy.deepcopy(order)
    corrected["shippingAddress"] = copy.deepcopy(SAN_FRANCISCO)
    corrected["updatedAt"] = (NOW + timedelta(minutes=5)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        _deliver(
            client,
            fake_saleor,
            signer,
            "ORDER_UPDATED",
            order_event_body("OrderUpdated", corrected, NOW + timedelta(minutes=5)),
        )

    result = ScreeningResult.objects.get(tenant=tenant)
    assert (result.state, result.runs) == ("PASSED", 2)
    assert RoutingPlan.objects.get(tenant=tenant).state == "applied"


@freeze_time(NOW)
def test_without_screening_routing_is_as_before(
    client, fake_saleor, signer, stock, django_capture_on_commit_callbacks
):
    tenant = make_routing_tenant(fake_saleor, signer, trigger="created")
    order = stock.add_order(LINES, address={**SAN_FRANCISCO, "postalCode": "00000"})

    with django_capture_on_commit_callbacks(execute=True):
        _deliver(
            client,
            fake_saleor,
            signer,
            "ORDER_CREATED",
            order_event_body("OrderCreated", order, NOW),
        )

    assert not ScreeningResult.objects.filter(tenant=tenant).exists()
    assert RoutingPlan.objects.get(tenant=tenant).state == "applied"
