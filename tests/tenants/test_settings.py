"""Tenant settings: one validated schema, partial audited updates, and the readers honouring it."""

from __future__ import annotations

import re

import pytest
from django_celery_beat.models import PeriodicTask

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.availability.delivery import max_attempts as availability_attempts
from saleor_oms_plugin.fulfilment.selectors import tenant_routing_settings
from saleor_oms_plugin.replenishment.policy import tenant_default
from saleor_oms_plugin.rules.actions.webhook import max_attempts as webhook_attempts
from saleor_oms_plugin.rules.scheduling import interval_seconds
from saleor_oms_plugin.tenants.errors import TenantSettingsError
from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.tenants.selectors import tenant_settings_get
from saleor_oms_plugin.tenants.services import tenant_settings_update
from saleor_oms_plugin.tenants.settings_schema import (
    SECTION_TYPES,
    SECTIONS,
    settings_all,
    settings_parse,
    settings_table_markdown,
)
from tests.fixtures.contract import REPO_ROOT
from tests.fixtures.rules import rule_make

STAFF = Actor("staff", "VXNlcjox")


def _update(tenant: Tenant, changes: dict) -> object:
    return tenant_settings_update(tenant_id=tenant.pk, changes=changes, actor=STAFF)


def _codes(excinfo: pytest.ExceptionInfo[TenantSettingsError]) -> dict[str, str]:
    return {problem.field: problem.code.value for problem in excinfo.value.problems}


def test_every_section_has_a_typed_view_with_one_field_per_setting():
    for section in SECTIONS:
        fields = list(SECTION_TYPES[section.name].__dataclass_fields__)
        assert fields == [spec.key for spec in section.settings]


def test_the_readme_settings_table_is_generated_from_the_schema():
    readme = (REPO_ROOT / "README.md").read_text()
    found = re.search(
        r"<!-- settings-table:start -->\n(.*?)\n<!-- settings-table:end -->", readme, flags=re.S
    )
    assert found is not None, "README.md has the settings table between its markers"
    # On failure, paste settings_table_markdown() between the markers.
    assert found.group(1) == settings_table_markdown()


@pytest.mark.django_db
def test_an_empty_tenant_reads_the_documented_defaults(capture_tenant):
    settings = tenant_settings_get(tenant=capture_tenant)
    for spec in settings_all():
        assert getattr(getattr(settings, spec.section), spec.key) == spec.default
    assert settings.routing.trigger == "manual"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"routing": {"trigger": "on_a_whim"}}, "routing.trigger", "INVALID_CHOICE"),
        ({"routing": {"trigger": 3}}, "routing.trigger", "INVALID_TYPE"),
        ({"routing": {"require_approval": "yes"}}, "routing.require_approval", "INVALID_TYPE"),
        ({"routing": {"max_attempts": 0}}, "routing.max_attempts", "OUT_OF_RANGE"),
        ({"routing": {"max_attempts": 21}}, "routing.max_attempts", "OUT_OF_RANGE"),
        ({"routing": {"max_attempts": True}}, "routing.max_attempts", "INVALID_TYPE"),
        ({"routing": {"max_attempts": 2.5}}, "routing.max_attempts", "INVALID_TYPE"),
        ({"rules": {"interval_seconds": 29}}, "rules.interval_seconds", "OUT_OF_RANGE"),
        ({"rules": {"actions_per_minute": 0}}, "rules.actions_per_minute", "OUT_OF_RANGE"),
        ({"rules": {"webhook_max_attempts": 50}}, "rules.webhook_max_attempts", "OUT_OF_RANGE"),
        ({"rules": {"email_from": "not an address"}}, "rules.email_from", "INVALID_EMAIL"),
        ({"rules": {"email_from": 7}}, "rules.email_from", "INVALID_TYPE"),
        ({"replenishment": {"lead_time_days": -1}}, "replenishment.lead_time_days", "OUT_OF_RANGE"),
        ({"availability": {"max_attempts": "5"}}, "availability.max_attempts", "INVALID_TYPE"),
        ({"routing": {"colour": "red"}}, "routing.colour", "UNKNOWN_SETTING"),
        ({"shipping": {"carrier": "dhl"}}, "shipping", "UNKNOWN_SETTING"),
        ({"installation": {"permissions": ["MANAGE_APPS"]}}, "installation", "UNKNOWN_SETTING"),
        (
            {"replenishment": {"reorder_point": 5}},
            "replenishment.target_level",
            "INCONSISTENT",
        ),
        (
            {"replenishment": {"reorder_point": 10, "target_level": 5}},
            "replenishment.target_level",
            "INCONSISTENT",
        ),
    ],
)
def test_a_bad_value_is_refused_with_its_code_and_nothing_is_written(
    capture_tenant, changes, field, code
):
    # given a tenant with a setting of its own
    _update(capture_tenant, {"routing": {"trigger": "created"}})
    before = Tenant.objects.get(pk=capture_tenant.pk).settings
    events = AuditEvent.objects.count()
    # when an update carries a bad value (beside a good one)
    with pytest.raises(TenantSettingsError) as excinfo:
        _update(capture_tenant, {"availability": {"max_attempts": 7}, **changes})
    # then the field is named with its code, and nothing changed
    assert _codes(excinfo) == {field: code}
    assert Tenant.objects.get(pk=capture_tenant.pk).settings == before
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_every_bad_field_is_reported_at_once(capture_tenant):
    with pytest.raises(TenantSettingsError) as excinfo:
        _update(
            capture_tenant,
            {"routing": {"trigger": "soon", "max_attempts": -1}, "rules": {"email_from": "x"}},
        )
    assert _codes(excinfo) == {
        "routing.trigger": "INVALID_CHOICE",
        "routing.max_attempts": "OUT_OF_RANGE",
        "rules.email_from": "INVALID_EMAIL",
    }
    assert Tenant.objects.get(pk=capture_tenant.pk).settings == capture_tenant.settings


@pytest.mark.django_db
def test_an_update_is_partial_and_null_resets_a_setting_to_its_default(capture_tenant):
    # given routing set, and a key the app records at installation
    Tenant.objects.filter(pk=capture_tenant.pk).update(
        settings={"installation": {"permissions": ["MANAGE_ORDERS"]}}
    )
    _update(capture_tenant, {"routing": {"trigger": "fully_paid", "require_approval": True}})
    # when only the approval and a rules key change
    settings = _update(
        capture_tenant, {"routing": {"require_approval": None}, "rules": {"interval_seconds": 60}}
    )
    # then the trigger is kept, approval is back to its default, the rest untouched
    stored = Tenant.objects.get(pk=capture_tenant.pk).settings
    assert stored == {
        "installation": {"permissions": ["MANAGE_ORDERS"]},
        "routing": {"trigger": "fully_paid"},
        "rules": {"interval_seconds": 60},
    }
    assert settings.routing.trigger == "fully_paid"
    assert settings.routing.require_approval is False
    assert settings.rules.interval_seconds == 60


@pytest.mark.django_db
def test_a_change_is_audited_with_before_and_after_of_the_changed_keys_only(capture_tenant):
    _update(capture_tenant, {"routing": {"max_attempts": 4}})
    # when the trigger changes and max_attempts is sent again unchanged
    _update(capture_tenant, {"routing": {"trigger": "confirmed", "max_attempts": 4}})
    event = AuditEvent.objects.filter(verb="tenant.settings_updated").latest("pk")
    assert event.data == {
        "changes": {"routing.trigger": {"before": "manual", "after": "confirmed"}}
    }
    assert (event.actor_type, event.actor_id) == ("staff", "VXNlcjox")
    assert (event.subject_type, event.subject_id) == ("oms_tenants.tenant", str(capture_tenant.pk))


@pytest.mark.django_db
def test_an_update_that_changes_nothing_writes_no_event(capture_tenant):
    _update(capture_tenant, {"rules": {"email_from": "orders@example.com"}})
    events = AuditEvent.objects.count()
    _update(capture_tenant, {"rules": {"email_from": "orders@example.com"}})
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_the_readers_honour_updated_settings(capture_tenant):
    # when every reader's setting is changed through the service
    _update(
        capture_tenant,
        {
            "routing": {"trigger": "created", "require_approval": True, "max_attempts": 5},
            "rules": {"interval_seconds": 90, "webhook_max_attempts": 2},
            "replenishment": {"reorder_point": 4, "target_level": 12, "lead_time_days": 6},
            "availability": {"max_attempts": 9},
        },
    )
    tenant = Tenant.objects.get(pk=capture_tenant.pk)
    # then each domain reads the new values
    routing = tenant_routing_settings(tenant=tenant)
    assert (routing.trigger, routing.require_approval, routing.max_attempts) == ("created", True, 5)
    assert interval_seconds(tenant) == 90
    assert webhook_attempts(tenant) == 2
    assert availability_attempts(tenant) == 9
    policy = tenant_default(tenant)
    assert policy is not None
    assert (policy.reorder_point, policy.target_level, policy.lead_time_days) == (4, 12, 6)


@pytest.mark.django_db
def test_a_new_rule_interval_reschedules_the_tenant_after_commit(
    capture_tenant, django_capture_on_commit_callbacks
):
    # given a tenant with a time rule, evaluated every 300 s
    rule_make(
        capture_tenant,
        trigger="schedule",
        conditions={"all": [{"field": "hours_since_paid", "op": "gt", "value": 48}]},
    )
    assert PeriodicTask.objects.get().interval.every == 300
    # when the interval is changed
    with django_capture_on_commit_callbacks(execute=True):
        _update(capture_tenant, {"rules": {"interval_seconds": 45}})
    # then beat's task follows at once
    assert PeriodicTask.objects.get().interval.every == 45


def test_stored_values_that_no_longer_validate_read_leniently():
    settings = settings_parse(
        {
            "routing": {"trigger": "whenever", "max_attempts": 0, "require_approval": "yes"},
            "rules": {"interval_seconds": 1, "webhook_max_attempts": 10_000},
            "replenishment": "nonsense",
        }
    )
    assert settings.routing.trigger == "manual"  # never routes what nobody meant to route
    assert settings.routing.max_attempts == 3
    assert settings.routing.require_approval is False
    assert settings.rules.interval_seconds == 30  # a floor protects the workers
    assert settings.rules.webhook_max_attempts == 20
    assert settings.replenishment.reorder_point is None
