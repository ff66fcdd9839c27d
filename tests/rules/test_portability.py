"""Dry run, export/import with versions, the template library, ``saleor-oms rules``."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.rules.definitions import definition_validate
from saleor_oms_plugin.rules.dry_run import rule_dry_run
from saleor_oms_plugin.rules.errors import RuleValidationError
from saleor_oms_plugin.rules.library import template_names
from saleor_oms_plugin.rules.models import ActionRun, OrderFlag, Rule, RuleFiring
from saleor_oms_plugin.rules.portability import (
    document_dump,
    rules_export,
    rules_import,
    templates_document,
    yaml_available,
)
from saleor_oms_plugin.rules.services import rule_update
from tests.fixtures.rules import NOW, order_make, rule_make

pytestmark = pytest.mark.django_db

SLA = {
    "name": "SLA",
    "trigger": "schedule",
    "conditions": {
        "all": [
            {"field": "hours_since_paid", "op": "gt", "value": 48},
            {"field": "status", "op": "eq", "value": "UNFULFILLED"},
        ]
    },
    "actions": [{"type": "flag", "colour": "red", "label": "SLA breach"}],
}


def test_a_dry_run_reports_what_would_fire_and_changes_nothing(capture_tenant, fake_saleor):
    # given orders, one of them past the deadline, and a drafted (unsaved) time rule
    late = order_make(capture_tenant, paid_hours_ago=72)
    order_make(capture_tenant, paid_hours_ago=12)
    order_make(capture_tenant, status="FULFILLED", paid_hours_ago=72)
    # when it is dry-run
    report = rule_dry_run(tenant_id=capture_tenant.pk, definition=definition_validate(SLA), now=NOW)
    # then it names the late order with the facts it saw, and nothing was written or sent
    assert (report.evaluated, report.matched) == (3, 1)
    assert [m.number for m in report.matches] == [late.number]
    assert report.matches[0].facts["status"] == "UNFULFILLED"
    assert report.matches[0].already_fired is False
    assert not RuleFiring.objects.exists() and not ActionRun.objects.exists()
    assert not OrderFlag.objects.exists() and fake_saleor.graphql_requests() == []


def test_a_dry_run_of_an_event_rule_replays_past_orders(capture_tenant):
    rule = rule_make(
        capture_tenant,
        conditions={
            "all": [{"field": "total_gross", "op": "gte", "value": 500, "currency": "USD"}]
        },
    )
    big = order_make(capture_tenant, total="900")
    order_make(capture_tenant, total="20")
    RuleFiring.objects.create(
        tenant=capture_tenant,
        rule=rule,
        rule_version=1,
        order=big,
        subject_key=f"order:{big.pk}",
        window_key="once",
        trigger="order.created",
        fired_at=NOW,
    )
    report = rule_dry_run(
        tenant_id=capture_tenant.pk,
        rule=rule,
        now=NOW,
        definition=definition_validate(
            {
                "name": rule.name,
                "trigger": rule.trigger,
                "conditions": rule.conditions,
                "actions": rule.actions,
            }
        ),
    )
    assert (report.evaluated, report.matched) == (2, 1)
    # a real run would skip it: it already fired in this window
    assert report.matches[0].already_fired is True


def test_export_then_import_into_another_tenant_keeps_definitions(capture_tenant):
    from tests.fixtures.tenants import make_capture_tenant

    rule = rule_make(capture_tenant, **SLA)
    rule_update(
        tenant_id=capture_tenant.pk,
        rule_id=rule.pk,
        changes={"priority": 5},
        actor=Actor.operator("tests"),
    )
    document = rules_export(tenant_id=capture_tenant.pk)
    assert document["rules"][0]["version"] == 2
    other = make_capture_tenant(api_url="http://127.0.0.1:8009/graphql/")
    # when imported twice, then changed and imported again
    first = rules_import(tenant_id=other.pk, document=document, actor=Actor.operator("t"))
    again = rules_import(tenant_id=other.pk, document=document, actor=Actor.operator("t"))
    document["rules"][0]["priority"] = 7
    changed = rules_import(tenant_id=other.pk, document=document, actor=Actor.operator("t"))
    # then created, unchanged, updated as a new version
    assert (first.created, again.unchanged, changed.updated) == (["SLA"], ["SLA"], ["SLA"])
    imported = Rule.objects.get(tenant=other)
    assert (imported.priority, imported.version) == (7, 2)
    assert imported.conditions == rule.conditions


def test_an_invalid_document_imports_nothing_and_reports_every_issue(capture_tenant):
    document = templates_document(["paid-packing-task"])
    document["rules"].append({**SLA, "conditions": {"field": "colour", "op": "eq", "value": 1}})
    document["rules"].append({**SLA, "name": "Paid: packing task"})
    with pytest.raises(RuleValidationError) as caught:
        rules_import(tenant_id=capture_tenant.pk, document=document, actor=Actor.operator("t"))
    assert [(i.path, i.code.value) for i in caught.value.issues] == [
        ("rules[1].conditions.field", "UNKNOWN_FIELD"),
        ("rules[2].name", "INVALID_VALUE"),
    ]
    assert not Rule.objects.exists()


def test_every_library_template_is_a_valid_rule(capture_tenant):
    report = rules_import(
        tenant_id=capture_tenant.pk,
        document=templates_document(template_names()),
        actor=Actor.operator("t"),
    )
    assert len(report.created) == len(template_names()) == 6


def test_yaml_needs_pyyaml():
    # PyYAML is not a dependency of the project: without it documents are JSON only
    if yaml_available():
        assert "format: saleor-oms-rules" in document_dump(templates_document([]), fmt="yaml")
    else:
        from saleor_oms_plugin.rules.errors import RuleError

        with pytest.raises(RuleError) as caught:
            document_dump(templates_document([]), fmt="yaml")
        assert caught.value.code.value == "INVALID_DOCUMENT"


def test_the_cli_exports_imports_and_tests(capture_tenant, tmp_path):
    url = capture_tenant.saleor_api_url
    out = StringIO()
    call_command(
        "rules", "import", "--api-url", url, "--template", "sla-breach-red-flag", stdout=out
    )
    assert json.loads(out.getvalue())["created"] == ["SLA breach: paid over 48 h ago, not shipped"]
    path = tmp_path / "rules.json"
    call_command("rules", "export", "--api-url", url, "--output", str(path))
    order_make(capture_tenant, paid_hours_ago=24 * 30, created_hours_ago=24 * 31)
    out = StringIO()
    call_command("rules", "test", str(path), "--api-url", url, stdout=out)
    [result] = json.loads(out.getvalue())["rules"]
    assert result["valid"] is True and result["matched"] == 1
    # and a broken document is refused with its issues
    path.write_text(json.dumps({"format": "saleor-oms-rules", "format_version": 9, "rules": []}))
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("rules", "test", str(path), stderr=err)
    assert "format_version: INVALID_VALUE" in err.getvalue()
