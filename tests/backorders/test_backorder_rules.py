"""A rule on ``backorder.promised`` tells the customer the new ship date, end to end: stock
arrives, the backorder is routed and promised, and the rule reads the event's data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.fulfilment.backorder_routing import backorders_route, backorders_wake
from saleor_oms_plugin.fulfilment.models import Backorder
from saleor_oms_plugin.fulfilment.rule_triggers import BACKORDER_EVENT_FIELDS
from saleor_oms_plugin.fulfilment.services import order_route
from saleor_oms_plugin.rules.models import RuleFiring
from saleor_oms_plugin.rules.services import rule_create
from tests.fixtures.deliveries import LocalSigner
from tests.fixtures.fulfilment import MOMENT, SaleorStock, import_order, make_routing_tenant

pytestmark = pytest.mark.django_db
STAFF = Actor("staff", "VXNlcjox")
SLUGS = ("oms-nyc", "oms-chi", "oms-dal", "oms-lax", "oms-sea")
SKU = "OMS-SKU-013"


def test_stock_arriving_emails_the_customer_the_promised_date_of_the_backordered_units(
    fake_saleor, django_capture_on_commit_callbacks
):
    # given a rule that emails the customer when backordered units are promised
    stock = SaleorStock(fake_saleor)
    tenant = make_routing_tenant(fake_saleor, LocalSigner.generate())
    rule_create(
        tenant_id=tenant.pk,
        definition={
            "name": "Backorder promised",
            "trigger": "backorder.promised",
            "conditions": {
                "all": [
                    {"field": "event.promised_ship_date", "op": "ne", "value": ""},
                    {"field": "event.skus", "op": "contains_any", "value": [SKU]},
                ]
            },
            "actions": [
                {
                    "type": "email",
                    "to": "customer",
                    "subject": "Order #{{ number }} ships on {{ event.promised_ship_date }}",
                    "body": "{% for b in event.backorders %}{{ b.sku }}{% endfor %}: "
                    "{{ event.routed_units }} unit(s) ship on {{ event.promised_ship_date }}.",
                }
            ],
        },
        actor=Actor.operator("tests"),
    )
    # and an order of two units of a SKU no location holds: they wait as a backorder
    for slug in SLUGS:
        stock.set_on_hand(SKU, slug, 0)
    saleor_order = stock.add_order({SKU: 2}, number=140)
    order = import_order(tenant, saleor_order)
    with django_capture_on_commit_callbacks(execute=True):
        order_route(tenant_id=tenant.pk, order_id=order.pk, trigger="manual", actor=STAFF)
    assert Backorder.objects.get(order=order).quantity == 2
    assert mail.outbox == []  # waiting is not promised

    # when two units arrive and the backorder is routed and promised
    stock.set_on_hand(SKU, "oms-lax", 2)
    later = MOMENT + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        backorders_wake(tenant_id=tenant.pk, variant_ids=[stock.variant_id(SKU)], now=later)
        backorders_route(tenant_id=tenant.pk, now=later)

    # then the customer is emailed the promised date the row holds
    promised = Backorder.objects.get(order=order).promised_ship_date
    assert promised is not None
    [sent] = mail.outbox
    assert sent.to == [order.user_email.lower()]
    assert sent.subject == f"Order #{order.number} ships on {promised.isoformat()}"
    assert sent.body == f"{SKU}: 2 unit(s) ship on {promised.isoformat()}.\n"
    # and what the event published is exactly what backorder.promised declares
    firing = RuleFiring.objects.get(trigger="backorder.promised")
    declared = {f.key for f in BACKORDER_EVENT_FIELDS[firing.rule.trigger]}
    assert set(firing.facts["event"]) == declared
