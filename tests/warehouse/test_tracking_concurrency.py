"""Two tracking runs at once, each on its own database connection: every parcel is asked
about by one of them, and a release whose parcels both runs deliver is published once."""

from __future__ import annotations

import base64

import pytest

from saleor_oms_plugin.core.events import Published, listen
from saleor_oms_plugin.warehouse.events import WarehouseEvent
from saleor_oms_plugin.warehouse.models import CarrierAccount, Parcel, Release
from saleor_oms_plugin.warehouse.tracking import tracking_run
from tests.fixtures.carrier_server import CarrierStandIn, Reply
from tests.fixtures.packing import pack_shop, picked_release, ship_packed
from tests.fixtures.tenants import make_capture_tenant
from tests.fixtures.threads import at_once

pytestmark = pytest.mark.django_db(transaction=True)

published: list[Published] = []
listen(published.append)


def test_two_runs_at_once_never_ask_about_one_parcel_twice():
    stand_in = CarrierStandIn()
    try:
        tenant = make_capture_tenant()
        location = pack_shop(tenant)
        CarrierAccount.objects.create(
            tenant=tenant,
            code="acme",
            adapter="http_json",
            config={"base_url": stand_in.url, "api_key": "k", "max_attempts": 1},
        )
        stand_in.reply(
            "POST",
            "/v1/labels",
            *(
                Reply(
                    201,
                    {
                        "tracking_number": f"ACME{n}",
                        "label_format": "pdf",
                        "label_base64": base64.b64encode(b"%PDF-1.4 acme").decode(),
                        "cost": None,
                    },
                )
                for n in range(1, 9)
            ),
        )
        releases = [
            ship_packed(picked_release(tenant, location, n), carrier="acme", parcels=2)
            for n in (1, 2, 3, 4)
        ]
        for n in range(1, 9):
            stand_in.default(
                "GET",
                f"/v1/trackings/ACME{n}",
                Reply(
                    200,
                    {
                        "tracking_number": f"ACME{n}",
                        "status": "delivered",
                        "events": [{"at": "2026-12-04T12:00:00+00:00", "status": "delivered"}],
                    },
                    delay=0.05,  # slow enough for the runs to overlap
                ),
            )

        reports = at_once([lambda: tracking_run(tenant_id=tenant.pk, limit=100)] * 2)

        asked = [r.path for r in stand_in.requests if r.method == "GET"]
        assert sorted(asked) == sorted(f"/v1/trackings/ACME{n}" for n in range(1, 9))
        assert sum(r.parcels for r in reports) == 8
        assert Parcel.objects.filter(delivered_on__isnull=False).count() == 8
        delivered = [
            p.facts["release_id"]
            for p in published
            if p.tenant_id == tenant.pk and p.event is WarehouseEvent.FULFILLMENT_DELIVERED
        ]
        assert sorted(delivered) == sorted(r.pk for r in releases)
        assert Release.objects.filter(delivered_on__isnull=False).count() == 4
    finally:
        stand_in.close()
