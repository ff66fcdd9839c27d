"""The data of the event that fired a rule: ``event.<key>`` in conditions, templates and
webhook payloads; refused when its trigger does not declare it; unavailable in dry runs."""

from __future__ import annotations

import io
import json

import pytest
from django.core import mail
from django.core.management import call_command
from graphql_relay import to_global_id

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.capture.events import CaptureEvent
from saleor_oms_plugin.core.events import publish
from saleor_oms_plugin.fulfilment.events import FulfilmentEvent
from saleor_oms_plugin.returns.events import ReturnEvent
from saleor_oms_plugin.rules.definitions import definition_validate
from saleor_oms_plugin.rules.dry_run import rule_dry_run
from saleor_oms_plugin.rules.errors import RuleValidationError
from saleor_oms_plugin.rules.models import OutboundWebhookDelivery, Rule, RuleFiring
from saleor_oms_plugin.rules.services import outbound_endpoint_create
from saleor_oms_plugin.screening.events import ScreeningEvent
from tests.fixtures.graphql import gql, make_api_key
from tests.fixtures.receiver import Receiver
from tests.fixtures.rules import NOW, order_make, rule_make

pytestmark = pytest.mark.django_db

# What fulfilment's backorders_announce publishes with backorder.promised.
PROMISED = {
    "backorders": [
        {
            "backorder_id": 7,
            "line_id": "T3JkZXJMaW5lOjE=",
            "variant_id": "UHJvZHVjdFZhcmlhbnQ6MQ==",
            "sku": "MUG-1",
            "quantity": 0,
            "state": "routed",
            "reason": "MUG-1: 2 units backordered",
            "release_at": None,
        }
    ],
    "units": 0,
    "skus": ["MUG-1"],
    "plan_id": 12,
    "routed_units": 2,
    "still_waiting": 0,
    "promised_ship_date": "2026-11-25",
    "locations": [3],
}
PROMISED_EMAIL = {
    "type": "email",
    "to": "customer",
    "subject": "Order #{{ number }}: new ship date",
    "body": "Good news: your order ships on {{ event.promised_ship_date }}.\n"
    "{% for b in event.backorders %}{{ b.sku }}: {{ event.routed_units }} unit(s)\n{% endfor %}",
}
PROMISE_GIVEN = {
    "all": [
        {"field": "event.promised_ship_date", "op": "ne", "value": ""},
        {"field": "event.skus", "op": "contains_any", "value": ["MUG-1"]},
    ]
}


def _publish_promised(tenant, order, on_commit, facts=PROMISED):
    with on_commit(execute=True):
        publish(
            tenant_id=tenant.pk,
            event=FulfilmentEvent.BACKORDER_PROMISED,
            order_id=order.pk,
            facts=facts,
        )


def test_a_backorder_promise_emails_the_customer_the_new_date(
    capture_tenant, django_capture_on_commit_callbacks
):
    # given a rule on backorder.promised whose condition tests the event's data
    rule_make(
        capture_tenant,
        name="Tell the new date",
        trigger="backorder.promised",
        conditions=PROMISE_GIVEN,
        actions=[PROMISED_EMAIL],
    )
    order = order_make(capture_tenant, email="Grace@Example.com")

    # when fulfilment publishes the promise about the order
    _publish_promised(capture_tenant, order, django_capture_on_commit_callbacks)

    # then the customer is told the promised date, the SKU and the units
    [sent] = mail.outbox
    assert sent.to == ["grace@example.com"]
    assert sent.subject == f"Order #{order.number}: new ship date"
    assert sent.body == "Good news: your order ships on 2026-11-25.\nMUG-1: 2 unit(s)\n"
    # and the firing keeps what the rule saw, the event's data included
    firing = RuleFiring.objects.get()
    assert firing.facts["event"]["promised_ship_date"] == "2026-11-25"
    assert firing.facts["number"] == order.number


def test_an_event_field_that_does_not_hold_keeps_the_rule_quiet(
    capture_tenant, django_capture_on_commit_callbacks
):
    # given the same rule, and a promise for which no date could be given
    rule_make(
        capture_tenant,
        trigger="backorder.promised",
        conditions=PROMISE_GIVEN,
        actions=[PROMISED_EMAIL],
    )
    order = order_make(capture_tenant)
    no_date = {**PROMISED, "promised_ship_date": None}
    _publish_promised(capture_tenant, order, django_capture_on_commit_callbacks, no_date)
    # then nothing fires (None reads as '')
    assert not RuleFiring.objects.exists()
    assert mail.outbox == []
    # and a number comparison over the event's data holds as the data says
    rule_make(
        capture_tenant,
        trigger="backorder.promised",
        conditions={"field": "event.routed_units", "op": "gte", "value": 2},
    )
    _publish_promised(capture_tenant, order, django_capture_on_commit_callbacks, no_date)
    assert RuleFiring.objects.count() == 1


def test_a_webhook_payload_carries_the_events_data(
    capture_tenant, django_capture_on_commit_callbacks
):
    receiver = Receiver("/hooks")
    try:
        outbound_endpoint_create(
            tenant_id=capture_tenant.pk,
            name="erp",
            url=receiver.url,
            secret="s3cret-for-tests",
            actor=Actor.operator("tests"),
        )
        rule_make(
            capture_tenant,
            trigger="backorder.promised",
            actions=[{"type": "webhook", "endpoint": "erp", "event": "order.promise_changed"}],
        )
        order = order_make(capture_tenant)
        _publish_promised(capture_tenant, order, django_capture_on_commit_callbacks)
        [(_, body)] = receiver.requests
    finally:
        receiver.close()
    payload = json.loads(body)
    assert payload["event"] == "order.promise_changed"
    assert payload["order"] == {"number": order.number, "id": order.pk}
    assert payload["facts"]["event"] == PROMISED
    assert OutboundWebhookDelivery.objects.get().state == "delivered"


def test_an_event_without_data_reads_as_empty_and_a_declared_key_left_out_as_none(
    capture_tenant, django_capture_on_commit_callbacks
):
    rule_make(capture_tenant, trigger="backorder.promised")
    order = order_make(capture_tenant)
    _publish_promised(capture_tenant, order, django_capture_on_commit_callbacks, {})
    event = RuleFiring.objects.get().facts["event"]
    assert event["promised_ship_date"] is None
    assert set(event) == {
        "backorders",
        "units",
        "skus",
        "plan_id",
        "routed_units",
        "still_waiting",
        "promised_ship_date",
        "locations",
    }


def _issues(definition):
    with pytest.raises(RuleValidationError) as caught:
        definition_validate(definition)
    return [(issue.path, issue.code.value, issue.message) for issue in caught.value.issues]


def test_a_rule_naming_an_event_field_its_trigger_lacks_is_refused(capture_tenant):
    base = {"name": "R", "trigger": "backorder.promised", "actions": [PROMISED_EMAIL]}
    # a condition on a key backorder.promised does not carry
    [(path, code, message)] = _issues(
        {**base, "conditions": {"field": "event.promised_date", "op": "eq", "value": "x"}}
    )
    assert (path, code) == ("conditions.field", "UNKNOWN_EVENT_FIELD")
    assert "unknown event field 'event.promised_date'" in message
    assert "event.promised_ship_date" in message  # the message lists what it carries
    # a template reading one
    typo = {**PROMISED_EMAIL, "body": "Ships {{ event.promised_date|default:'soon' }}"}
    assert _issues({**base, "actions": [typo]}) == [
        (
            "actions[0].body",
            "UNKNOWN_EVENT_FIELD",
            "unknown event field 'event.promised_date': this trigger's event carries "
            "event.backorders, event.locations, event.plan_id, event.promised_ship_date, "
            "event.routed_units, event.skus, event.still_waiting, event.units",
        )
    ]
    # a trigger whose event carries no data (return.approved) refuses every event field
    [(path, code, message)] = _issues(
        {
            "name": "R",
            "trigger": "return.approved",
            "conditions": {"field": "event.reason", "op": "eq", "value": "x"},
            "actions": [{"type": "flag", "colour": "red", "label": "x"}],
        }
    )
    assert (code, message) == (
        "UNKNOWN_EVENT_FIELD",
        "unknown event field 'event.reason': this trigger's event carries none",
    )
    # a field shown in templates only cannot be compared
    [(path, code, message)] = _issues(
        {**base, "conditions": {"field": "event.backorders", "op": "eq", "value": "x"}}
    )
    assert (code, message) == (
        "FIELD_NOT_AVAILABLE",
        "'event.backorders' can be shown in templates but not compared",
    )
    # and the rule save refuses it the same way, storing nothing
    with pytest.raises(RuleValidationError):
        rule_make(
            capture_tenant,
            **base,
            conditions={"field": "event.promised_date", "op": "eq", "value": "x"},
        )
    assert not Rule.objects.exists()


def test_a_trigger_without_data_fires_with_an_empty_event(
    capture_tenant, django_capture_on_commit_callbacks
):
    rule_make(
        capture_tenant,
        trigger="return.approved",
        actions=[
            {"type": "email", "to": "ops@example.com", "subject": "R", "body": "[{{ event }}]"}
        ],
    )
    order = order_make(capture_tenant)
    with django_capture_on_commit_callbacks(execute=True):
        publish(tenant_id=capture_tenant.pk, event=ReturnEvent.APPROVED, order_id=order.pk)
    assert RuleFiring.objects.get().facts["event"] == {}
    assert mail.outbox[0].body == "[{}]\n"


def test_a_dry_run_over_past_orders_says_which_event_fields_it_could_not_see(capture_tenant):
    # given past orders, and a drafted backorder.promised rule reading the event's data
    order = order_make(capture_tenant)
    reads_event = definition_validate(
        {
            "name": "R",
            "trigger": "backorder.promised",
            "conditions": {"field": "event.promised_ship_date", "op": "eq", "value": ""},
            "actions": [PROMISED_EMAIL],
        }
    )
    # when it is tried on them
    report = rule_dry_run(tenant_id=capture_tenant.pk, definition=reads_event, now=NOW)
    # then the event fields read as empty (a past order has no event) and are named unavailable
    assert (report.evaluated, report.matched) == (1, 1)
    [match] = report.matches
    assert match.order_id == order.pk
    assert match.facts["event"]["promised_ship_date"] is None
    assert report.event_fields_unavailable == [
        "event.backorders",
        "event.promised_ship_date",
        "event.routed_units",
    ]
    # and a rule reading no event field reports none unavailable
    plain = definition_validate(
        {
            "name": "P",
            "trigger": "backorder.promised",
            "actions": [{"type": "flag", "colour": "red", "label": "x"}],
        }
    )
    report = rule_dry_run(tenant_id=capture_tenant.pk, definition=plain, now=NOW)
    assert (report.matched, report.event_fields_unavailable) == (1, [])


def test_rules_test_on_past_orders_names_the_event_fields_it_could_not_see(
    capture_tenant, tmp_path
):
    order_make(capture_tenant)
    document = {
        "format": "saleor-oms-rules",
        "format_version": 1,
        "rules": [
            {
                "name": "Promised",
                "trigger": "backorder.promised",
                "conditions": {"field": "event.promised_ship_date", "op": "eq", "value": ""},
                "actions": [{"type": "flag", "colour": "red", "label": "x"}],
            }
        ],
    }
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(document))
    out = io.StringIO()
    call_command("rules", "test", str(path), "--api-url", capture_tenant.saleor_api_url, stdout=out)
    [entry] = json.loads(out.getvalue())["rules"]
    assert (entry["matched"], entry["event_fields_unavailable"]) == (
        1,
        ["event.promised_ship_date"],
    )


def test_graphql_lists_each_triggers_event_fields_and_the_dry_runs_unavailable_ones(
    client, capture_tenant
):
    key = make_api_key(capture_tenant, ["MANAGE_ORDERS"])
    _, body = gql(
        client,
        "{ ruleTriggers { name eventFields { name type operators } } }",
        api_key=key,
    )
    triggers = {t["name"]: t["eventFields"] for t in body["data"]["ruleTriggers"]}
    promised = {f["name"]: (f["type"], f["operators"]) for f in triggers["backorder.promised"]}
    assert promised["event.promised_ship_date"][0] == "string"
    assert promised["event.backorders"] == ("template", [])
    assert "contains_any" in promised["event.skus"][1]
    assert triggers["order.created"] == []
    order = order_make(capture_tenant)
    rule = rule_make(
        capture_tenant,
        trigger="backorder.promised",
        conditions={"field": "event.units", "op": "eq", "value": 0},
    )
    _, body = gql(
        client,
        """mutation($id: ID!) { ruleDryRun(id: $id) { result { matched eventFieldsUnavailable
        matches { number facts } } errors { code } } }""",
        {"id": to_global_id("OmsRule", rule.pk)},
        api_key=key,
    )
    result = body["data"]["ruleDryRun"]["result"]
    assert result["eventFieldsUnavailable"] == ["event.units"]
    [match] = result["matches"]
    assert match["number"] == order.number
    assert json.loads(match["facts"])["event"]["units"] is None


@pytest.mark.parametrize(
    ("trigger", "condition", "facts"),
    [
        (
            ScreeningEvent.HELD,
            {"field": "event.reasons", "op": "contains_any", "value": ["RISK_HIGH"]},
            {
                "riskScore": 80,
                "reasons": ["RISK_HIGH"],
                "currency": "USD",
                "channel": "web",
                "marks": [],
            },
        ),
        (
            CaptureEvent.CREATED,
            {"field": "event.source", "op": "eq", "value": "phone"},
            {"source": "phone", "externalReference": "P-1"},
        ),
    ],
)
def test_screening_and_capture_outcomes_are_tested_by_their_data(
    capture_tenant, django_capture_on_commit_callbacks, trigger, condition, facts
):
    # given a rule testing what the outcome publishes (a staff task for phone orders, say)
    rule_make(capture_tenant, trigger=trigger.value, conditions=condition)
    order = order_make(capture_tenant)
    # when the outcome is published with other data, nothing fires; with its data, it fires
    other = {key: ([] if isinstance(value, list) else "x") for key, value in facts.items()}
    for published in (other, facts):
        with django_capture_on_commit_callbacks(execute=True):
            publish(tenant_id=capture_tenant.pk, event=trigger, order_id=order.pk, facts=published)
    assert [f.facts["event"] for f in RuleFiring.objects.all()] == [facts]
