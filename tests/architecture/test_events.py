"""Domain events: every audit verb and rule trigger is a declared member of one domain's enum."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.core import events
from saleor_oms_plugin.core.events import DomainEvent, Published, domain_events, listen, publish
from saleor_oms_plugin.fulfilment.events import FulfilmentEvent
from saleor_oms_plugin.fulfilment.models import RoutingPlan
from saleor_oms_plugin.fulfilment.transitions import SHIPMENT_TRANSITIONS
from saleor_oms_plugin.inventory import reservations, transfers
from saleor_oms_plugin.inventory.events import InventoryEvent
from saleor_oms_plugin.inventory.models import FeedRun
from saleor_oms_plugin.returns.events import RETURN_TRIGGERS, ReturnEvent
from saleor_oms_plugin.returns.models import ReturnRequest
from saleor_oms_plugin.returns.transitions import RETURN_TRANSITIONS
from saleor_oms_plugin.rules.triggers import SCHEDULE, trigger_names
from saleor_oms_plugin.warehouse import transitions as warehouse_transitions
from saleor_oms_plugin.warehouse.events import WarehouseEvent

DOMAINS = {
    "availability",
    "capture",
    "delivery",
    "checkout",
    "fulfilment",
    "insights",
    "inventory",
    "locations",
    "orders",
    "purchasing",
    "replenishment",
    "returns",
    "rules",
    "screening",
    "tenants",
    "warehouse",
}
WELL_FORMED = re.compile(r"^[a-z]+(_[a-z]+)*\.[a-z]+(_[a-z]+)*$")


def _declared() -> list[DomainEvent]:
    return [member for enum in domain_events() for member in enum]


def test_each_domain_declares_its_events_in_its_events_module():
    modules = {enum.__module__ for enum in domain_events()}
    assert {module.split(".")[1] for module in modules} == DOMAINS
    assert all(module.startswith("saleor_oms_plugin.") for module in modules)


def test_event_names_are_subject_dot_verb_and_unique_across_domains():
    values = [member.value for member in _declared()]
    assert [value for value in values if not WELL_FORMED.match(value)] == []
    assert [value for value, count in Counter(values).items() if count > 1] == []
    # no alias hides a second name for the same value inside one enum either
    assert all(len(enum.__members__) == len(list(enum)) for enum in domain_events())


def test_every_rule_trigger_is_a_declared_event():
    assert set(trigger_names()) - {member.value for member in _declared()} == {SCHEDULE}
    assert {member.value for member in RETURN_TRIGGERS} <= set(trigger_names())


@pytest.mark.parametrize(
    ("names", "enum"),
    [
        # routing_plan.<state>: a plan is audited in whichever state it is created or moved to
        ([f"routing_plan.{state}" for state in RoutingPlan.State], FulfilmentEvent),
        (
            [f"plan_shipment.{s}" for targets in SHIPMENT_TRANSITIONS.values() for s in targets],
            FulfilmentEvent,
        ),
        (
            [f"reservation.{s.lower()}" for t in reservations.TRANSITIONS.values() for s in t],
            InventoryEvent,
        ),
        (
            [f"transfer.{s.lower()}" for t in transfers.TRANSITIONS.values() for s in t],
            InventoryEvent,
        ),
        ([f"feed_run.{status.lower()}" for status in FeedRun.Status], InventoryEvent),
        ([f"return.{status}" for status in ReturnRequest.Status], ReturnEvent),
        ([f"return.{s}" for targets in RETURN_TRANSITIONS.values() for s in targets], ReturnEvent),
        (
            [
                f"warehouse_release.{s}"
                for targets in warehouse_transitions.RELEASE_TRANSITIONS.values()
                for s in targets
            ],
            WarehouseEvent,
        ),
        (
            [f"wave.{s}" for t in warehouse_transitions.WAVE_TRANSITIONS.values() for s in t],
            WarehouseEvent,
        ),
        (
            [
                f"pick_list.{s}"
                for t in warehouse_transitions.PICK_LIST_TRANSITIONS.values()
                for s in t
            ],
            WarehouseEvent,
        ),
    ],
)
def test_every_state_a_move_records_is_a_member(names, enum):
    # the moves look their verb up by name (``FulfilmentEvent(f"routing_plan.{state}")``)
    assert names
    assert [name for name in names if name not in enum._value2member_map_] == []


def test_an_undeclared_name_is_refused():
    with pytest.raises(ValueError):
        ReturnEvent("return.misplaced")
    assert ReturnEvent("return.approved") is ReturnEvent.APPROVED


@pytest.mark.django_db
def test_the_audit_service_refuses_a_free_string(capture_tenant):
    subject = ("oms_tenants.tenant", str(capture_tenant.pk))
    recorded = AuditEvent.objects.count()
    with pytest.raises(TypeError):
        audit_record(
            tenant_id=capture_tenant.pk,
            subject=subject,
            verb="return.approved",  # type: ignore[arg-type]
            actor=Actor.system(),
        )
    assert AuditEvent.objects.count() == recorded
    # a member is stored as its dotted name, and compares equal to it
    event = audit_record(
        tenant_id=capture_tenant.pk,
        subject=subject,
        verb=ReturnEvent.APPROVED,
        actor=Actor.system(),
    )
    assert AuditEvent.objects.get(pk=event.pk).verb == "return.approved" == event.verb


def test_publish_hands_each_listener_the_event_once(monkeypatch):
    monkeypatch.setattr(events, "_listeners", [])
    heard: list[Published] = []
    listen(heard.append)
    listen(heard.append)
    publish(tenant_id=7, event=ReturnEvent.APPROVED, order_id=3)
    publish(tenant_id=7, event=ReturnEvent.APPROVED, subject_key="return:1", ended=True)
    assert heard == [
        Published(7, ReturnEvent.APPROVED, order_id=3),
        Published(7, ReturnEvent.APPROVED, subject_key="return:1", ended=True),
    ]
