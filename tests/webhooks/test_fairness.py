"""One tenant's flood of deliveries does not hold up another tenant's few (a real worker)."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.db.models import Max

from saleor_oms_plugin.tenants.services import tenant_add
from saleor_oms_plugin.webhooks import intake
from saleor_oms_plugin.webhooks.dispatch import DeliveryDispatcher
from saleor_oms_plugin.webhooks.models import Delivery
from tests.fixtures.deliveries import LocalSigner, django_client_headers
from tests.fixtures.processes import stop, wait_for
from tests.fixtures.worker import worker_start

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

FLOOD = 2000
FEW = 5


def _tenant(port: int) -> tuple[int, LocalSigner, str]:
    signer = LocalSigner.generate()
    api_url = f"http://127.0.0.1:{port}/graphql/"
    tenant = tenant_add(
        api_url=api_url, token="t", jwks=signer.jwks(), app_id=f"QXBwOj{port}", run_import=False
    )
    return tenant.pk, signer, api_url


def _deliver(client, signer: LocalSigner, api_url: str, number: int) -> None:
    # A warehouse this OMS has not seen yet: the delivery waits for it (status "deferred").
    body = json.dumps(
        {
            "__typename": "WarehouseDeleted",
            "issuedAt": "2026-11-23T08:00:00+00:00",
            "warehouse": {"id": f"V2FyZWhvdXNlOn{number}"},
        }
    ).encode()
    headers = {
        "Saleor-Event": "warehouse_deleted",
        "Saleor-Signature": signer.sign(body),
        "Saleor-Api-Url": api_url,
    }
    response = client.post(
        "/api/webhooks/warehouses/",
        data=body,
        content_type="application/json",
        **django_client_headers(headers),
    )
    assert response.status_code == 200


def _pending(tenant_id: int) -> int:
    return Delivery.objects.filter(tenant_id=tenant_id, status="pending").count()


def test_a_tenants_few_deliveries_are_processed_while_another_tenants_flood_waits(
    client, broker, monkeypatch, tmp_path
):
    # given tenant A's flood of deliveries, and then tenant B's few, all queued for a worker
    # that is not running yet (so the queue holds them in arrival order)
    flooding, flooding_signer, flooding_url = _tenant(8701)
    quiet, quiet_signer, quiet_url = _tenant(8702)
    dispatcher = DeliveryDispatcher(background=False)
    monkeypatch.setattr(intake, "delivery_dispatcher", dispatcher)
    for number in range(FLOOD):
        _deliver(client, flooding_signer, flooding_url, number)
    dispatcher.flush()
    for number in range(FEW):
        _deliver(client, quiet_signer, quiet_url, number)
    dispatcher.flush()
    assert (_pending(flooding), _pending(quiet)) == (FLOOD, FEW)

    # when a worker starts on the queue
    with open(tmp_path / "worker.log", "wb") as log:
        worker = worker_start(broker, output=log)
        try:
            quiet_done = wait_for(lambda: _pending(quiet) == 0, process=worker)
            flood_done = wait_for(lambda: _pending(flooding) == 0, process=worker)
        finally:
            stop(worker)
            connection.close()
    output = (tmp_path / "worker.log").read_text(errors="replace")[-3000:]
    assert quiet_done, f"B's deliveries were not processed:\n{output}"

    # then B's deliveries were all processed while most of A's were still waiting
    quiet_finished_at = Delivery.objects.filter(tenant_id=quiet).aggregate(
        last=Max("processed_at")
    )["last"]
    flood_processed_before = Delivery.objects.filter(
        tenant_id=flooding, processed_at__lte=quiet_finished_at
    ).count()
    assert flood_processed_before < FLOOD // 2
    # and A's flood was processed too, each delivery once
    assert flood_done, f"A's deliveries were not all processed:\n{output}"
    assert set(Delivery.objects.filter(tenant_id=flooding).values_list("status", "attempts")) == {
        ("deferred", 1)
    }
