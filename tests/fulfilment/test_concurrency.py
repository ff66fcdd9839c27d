"""Two workers applying one plan at the same moment, each on its own database connection."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis
from django.conf import settings
from django.db import connection

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.celery_app import app as celery_app
from saleor_oms_plugin.fulfilment.models import RoutingPlan
from saleor_oms_plugin.fulfilment.services import order_route
from saleor_oms_plugin.fulfilment.tasks import apply_routing_plan
from tests.fixtures.deliveries import LocalSigner
from tests.fixtures.fulfilment import SaleorStock, import_order, make_routing_tenant

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_workers_applying_one_plan_send_it_to_saleor_once(fake_saleor):
    # given a plan stored but not yet sent, and a Saleor that answers slowly
    stock = SaleorStock(fake_saleor)
    tenant = make_routing_tenant(fake_saleor, LocalSigner.generate())
    order = import_order(tenant, stock.add_order({"OMS-SKU-001": 1, "OMS-SKU-016": 2}))
    # (its apply task goes to the real broker, where no worker takes it)
    celery_app.conf.task_always_eager = False
    try:
        plan = order_route(
            tenant_id=tenant.pk, order_id=order.pk, trigger="manual", actor=Actor("staff", "x")
        )
    finally:
        celery_app.conf.task_always_eager = True
        redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()
    assert RoutingPlan.objects.get(pk=plan.pk).state == "applying"
    # (slow enough that the second worker arrives while the first holds the plan, even on a
    # busy machine)
    fake_saleor.delay_next(4, seconds=1.0)
    barrier = threading.Barrier(2)

    def apply() -> str:
        barrier.wait()
        try:
            return apply_routing_plan.apply(args=[tenant.pk, plan.pk]).get()
        finally:
            connection.close()

    # when two workers apply it at the same moment
    with ThreadPoolExecutor(2) as pool:
        results = sorted(pool.map(lambda _: apply(), range(2)))
    # then one applied it, the other stood back, and Saleor got a single fulfilment
    assert results == ["applied", "busy"]
    assert len(fake_saleor.graphql_requests("OmsOrderFulfill")) == 1
    assert RoutingPlan.objects.get(pk=plan.pk).state == "applied"
