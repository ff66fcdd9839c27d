"""Two stock events at once: two runs racing over one backorder, each on its own database
connection, route it once."""

from __future__ import annotations

import pytest
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.fulfilment.backorder_routing import backorders_route, backorders_wake
from saleor_oms_plugin.fulfilment.models import Backorder, RoutingPlan
from saleor_oms_plugin.fulfilment.services import order_route
from tests.fixtures.deliveries import LocalSigner
from tests.fixtures.fulfilment import SaleorStock, import_order, make_routing_tenant
from tests.fixtures.threads import at_once

pytestmark = pytest.mark.django_db(transaction=True)
SKU = "OMS-SKU-013"


def test_two_runs_at_once_route_one_backorder_once(fake_saleor):
    # given an order waiting for a SKU that is nowhere
    stock = SaleorStock(fake_saleor)
    tenant = make_routing_tenant(fake_saleor, LocalSigner.generate())
    for slug in ("oms-nyc", "oms-chi", "oms-dal", "oms-lax", "oms-sea"):
        stock.set_on_hand(SKU, slug, 0)
    saleor_order = stock.add_order({SKU: 2})
    order = import_order(tenant, saleor_order)
    order_route(tenant_id=tenant.pk, order_id=order.pk, trigger="manual", actor=Actor.system())
    assert Backorder.objects.get(order=order).state == "waiting"
    # and stock for it that two stock events announce at the same moment (Saleor answers
    # slowly, so the second run arrives while the first is still at work)
    stock.set_on_hand(SKU, "oms-lax", 2)
    backorders_wake(tenant_id=tenant.pk, variant_ids=[stock.variant_id(SKU)], now=timezone.now())
    fake_saleor.delay_next(2, seconds=0.5)

    # when two runs route the tenant's backorders at once
    runs = at_once([lambda: backorders_route(tenant_id=tenant.pk)] * 2)

    # then one claimed the backorder and routed it, the other found nothing to claim
    assert sorted(run.claimed for run in runs) == [0, 1]
    assert sorted(len(run.plans) for run in runs) == [0, 1]
    assert RoutingPlan.objects.filter(order=order, trigger="backorder").count() == 1
    # and Saleor got a single fulfilment of the two units
    assert len(fake_saleor.graphql_requests("OmsOrderFulfill")) == 1
    assert stock.live_fulfilments(saleor_order["id"]) == [("oms-lax", {SKU: 2})]
    row = Backorder.objects.get(order=order)
    assert (row.state, row.quantity, row.claim_token) == ("routed", 0, "")
