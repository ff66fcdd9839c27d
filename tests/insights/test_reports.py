"""Scheduled e-mail reports: the schedules on the staff API, when a report is due, and that a
period's report goes out once, however often or concurrently the task runs."""

from __future__ import annotations

import io
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.db import connection
from freezegun import freeze_time
from openpyxl import load_workbook

from saleor_oms_plugin.insights.models import ReportDelivery, ReportSchedule
from saleor_oms_plugin.insights.periods import last_complete_period, period_containing
from saleor_oms_plugin.insights.rebuild import rollups_rebuild
from saleor_oms_plugin.insights.reports import report_send, reports_due
from saleor_oms_plugin.insights.schedules import next_send_at
from saleor_oms_plugin.insights.selectors import DateRange
from saleor_oms_plugin.insights.tasks import insights_reports_sweep
from saleor_oms_plugin.tenants.models import Tenant
from tests.fixtures.graphql import error_codes, gql, make_api_key
from tests.fixtures.insights import EPOCH, Version, apply_order
from tests.fixtures.tenants import make_capture_tenant

SAVE = """
mutation Save($input: OmsInsightsReportScheduleInput!) {
  insightsReportScheduleSave(input: $input) {
    schedule { id name recipients frequency format channel lastSentAt nextSendAt }
    errors { field code }
  }
}
"""
DELETE = """
mutation Delete($id: ID!) { insightsReportScheduleDelete(id: $id) { schedule { id } errors { code } } }
"""
LIST = "{ insightsReportSchedules { name frequency nextSendAt } }"
DAY = 24 * 60
# EPOCH is 2026-11-20 23:00 UTC, a Friday: the orders below fall in the week of 2026-11-16
# (one) and the week of 2026-11-23 (two).
MONDAY = datetime(2026, 11, 30, 6, 0, tzinfo=UTC)


def _input(**changes):
    return {
        "name": "Weekly figures",
        "recipients": ["ops@example.com", "CEO@example.com"],
        "frequency": "WEEKLY",
        "format": "XLSX",
        **changes,
    }


def test_periods():
    friday = date(2026, 11, 20)
    assert period_containing("weekly", friday) == DateRange(date(2026, 11, 16), date(2026, 11, 22))
    assert last_complete_period("weekly", friday) == DateRange(
        date(2026, 11, 9), date(2026, 11, 15)
    )
    assert last_complete_period("monthly", date(2026, 3, 1)) == DateRange(
        date(2026, 2, 1), date(2026, 2, 28)
    )
    assert last_complete_period("daily", friday) == DateRange(
        date(2026, 11, 19), date(2026, 11, 19)
    )


@pytest.mark.django_db
def test_schedules_are_saved_listed_checked_and_deleted(client, capture_tenant):
    key = make_api_key(capture_tenant, ["MANAGE_ORDERS"])
    with freeze_time(EPOCH):
        _, body = gql(client, SAVE, {"input": _input(channel="oms-us")}, api_key=key)
    saved = body["data"]["insightsReportScheduleSave"]
    assert saved["errors"] == []
    schedule = saved["schedule"]
    assert schedule["recipients"] == ["ops@example.com", "CEO@example.com"]
    assert (schedule["frequency"], schedule["format"], schedule["channel"]) == (
        "WEEKLY",
        "XLSX",
        "oms-us",
    )
    assert schedule["lastSentAt"] is None
    assert schedule["nextSendAt"] == "2026-11-23T00:00:00+00:00"  # after the week it was made in

    bad = [
        (_input(recipients=["ops@example.com", "not an address"]), "INVALID_EMAIL"),
        (_input(recipients=[]), "INVALID"),
        (_input(name=" "), "INVALID"),
        (_input(), "DUPLICATE"),
    ]
    for value, code in bad:
        _, body = gql(client, SAVE, {"input": value}, api_key=key)
        assert [e["code"] for e in body["data"]["insightsReportScheduleSave"]["errors"]] == [code]
    assert ReportSchedule.objects.count() == 1

    _, body = gql(
        client,
        SAVE,
        {"input": _input(id=schedule["id"], frequency="DAILY", channel=None)},
        api_key=key,
    )
    assert body["data"]["insightsReportScheduleSave"]["schedule"]["channel"] is None
    _, body = gql(client, LIST, api_key=key)
    assert [s["frequency"] for s in body["data"]["insightsReportSchedules"]] == ["DAILY"]

    _, body = gql(client, DELETE, {"id": schedule["id"]}, api_key=key)
    assert body["data"]["insightsReportScheduleDelete"] == {"schedule": None, "errors": []}
    assert not ReportSchedule.objects.exists()

    _, body = gql(client, LIST, api_key=make_api_key(capture_tenant, ["MANAGE_PRODUCTS"]))
    assert error_codes(body) == ["PERMISSION_DENIED"]


def _weekly(tenant, **extra):
    with freeze_time(EPOCH):
        return ReportSchedule.objects.create(
            tenant=tenant,
            name="Weekly",
            recipients=["ops@example.com"],
            frequency="weekly",
            format=extra.pop("format", "xlsx"),
            **extra,
        )


def _orders(tenant):
    apply_order(tenant.pk, Version(1, created_minutes=-DAY, total="4.00"))  # 2026-11-19
    apply_order(
        tenant.pk, Version(2, created_minutes=2 * DAY, total="10.00")
    )  # 2026-11-22... Sunday
    apply_order(tenant.pk, Version(3, created_minutes=3 * DAY, total="6.00"))  # 2026-11-23 Monday


@pytest.mark.django_db
def test_a_report_is_due_once_its_period_ended(capture_tenant):
    schedule = _weekly(capture_tenant)
    # the week it was made in is not over on Sunday
    assert reports_due(now=datetime(2026, 11, 22, 23, 0, tzinfo=UTC)) == []
    assert reports_due(now=datetime(2026, 11, 23, 0, 1, tzinfo=UTC)) == [
        (capture_tenant.pk, schedule.pk)
    ]
    ReportSchedule.objects.filter(pk=schedule.pk).update(last_period_start=date(2026, 11, 16))
    assert reports_due(now=datetime(2026, 11, 29, 0, 1, tzinfo=UTC)) == []


@pytest.mark.django_db
def test_the_report_carries_the_export_and_the_totals_beside_the_period_before(capture_tenant):
    _orders(capture_tenant)
    schedule = _weekly(capture_tenant)

    assert report_send(tenant_id=capture_tenant.pk, schedule_id=schedule.pk, now=MONDAY) is True

    (message,) = mail.outbox
    assert message.to == ["ops@example.com"]
    assert message.subject == "Weekly: week of 2026-11-23"
    assert "from 2026-11-23 to 2026-11-29" in message.body
    assert "compared with 2026-11-16 to 2026-11-22" in message.body
    assert "orders: 1 (before 2), -50.0 %" in message.body
    assert "gross total: 6.00 (before 14.00), -57.1 %" in message.body
    (name, content, content_type) = message.attachments[0]
    assert name == "insights-2026-11-23-2026-11-29.xlsx"
    sheet = load_workbook(io.BytesIO(content)).active
    assert [cell.value for cell in sheet[2]][2:4] == ["USD", 1]
    schedule.refresh_from_db()
    assert schedule.last_period_start == date(2026, 11, 23) and schedule.last_sent_at is not None


@pytest.mark.django_db
def test_the_task_run_twice_sends_each_period_once(capture_tenant, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    _orders(capture_tenant)
    _weekly(capture_tenant)
    with freeze_time(MONDAY):
        assert insights_reports_sweep.apply().get() == 1
        assert insights_reports_sweep.apply().get() == 0
    assert len(mail.outbox) == 1
    with freeze_time(MONDAY + timedelta(days=7)):
        insights_reports_sweep.apply()
    assert len(mail.outbox) == 2  # the next week


@pytest.mark.django_db
def test_a_claim_left_by_a_crash_is_taken_over_after_its_lease(capture_tenant):
    schedule = _weekly(capture_tenant, format="csv")
    ReportDelivery.objects.create(
        schedule=schedule,
        frequency="weekly",
        period_start=date(2026, 11, 23),
        period_end=date(2026, 11, 29),
        claimed_at=MONDAY - timedelta(minutes=5),
    )
    assert report_send(tenant_id=capture_tenant.pk, schedule_id=schedule.pk, now=MONDAY) is False
    later = MONDAY + timedelta(hours=1)
    assert report_send(tenant_id=capture_tenant.pk, schedule_id=schedule.pk, now=later) is True
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_failed_mail_gives_the_claim_back(capture_tenant, monkeypatch):
    schedule = _weekly(capture_tenant, format="csv")

    def broken(self, fail_silently=False):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    with pytest.raises(ConnectionRefusedError):
        report_send(tenant_id=capture_tenant.pk, schedule_id=schedule.pk, now=MONDAY)
    assert not ReportDelivery.objects.exists()
    monkeypatch.undo()
    assert report_send(tenant_id=capture_tenant.pk, schedule_id=schedule.pk, now=MONDAY) is True


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_the_report_once():
    tenant = make_capture_tenant()
    schedule = _weekly(tenant, format="csv")
    barrier = threading.Barrier(2)

    def run(_):
        barrier.wait()
        try:
            return report_send(tenant_id=tenant.pk, schedule_id=schedule.pk, now=MONDAY)
        finally:
            connection.close()

    with ThreadPoolExecutor(2) as pool:
        results = sorted(pool.map(run, range(2)))

    assert results == [False, True]
    assert len(mail.outbox) == 1
    assert ReportDelivery.objects.get().sent_at is not None


@pytest.mark.django_db
def test_a_day_starting_like_a_week_already_sent_is_sent_after_a_switch_to_daily(capture_tenant):
    schedule = _weekly(capture_tenant, format="csv")
    assert report_send(tenant_id=capture_tenant.pk, schedule_id=schedule.pk, now=MONDAY)
    # the week of Monday 2026-11-23 went out; now daily, Monday 2026-11-23 itself is due
    ReportSchedule.objects.filter(pk=schedule.pk).update(frequency="daily", last_period_start=None)
    tuesday = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
    assert reports_due(now=tuesday) == [(capture_tenant.pk, schedule.pk)]
    assert report_send(tenant_id=capture_tenant.pk, schedule_id=schedule.pk, now=tuesday)
    assert mail.outbox[-1].subject == "Weekly: 2026-11-23"


# -- periods of the reporting time zone ------------------------------------------------------
AUCKLAND, LOS_ANGELES = "Pacific/Auckland", "America/Los_Angeles"


def _reporting_in(tenant, zone):
    Tenant.objects.filter(pk=tenant.pk).update(settings={"insights": {"time_zone": zone}})
    rollups_rebuild(tenant_id=tenant.pk)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("zone", "before", "after"),
    [
        # Monday 2026-11-30 starts at 11:00 UTC on the 29th in Auckland (UTC+13)...
        (
            AUCKLAND,
            datetime(2026, 11, 29, 10, 59, tzinfo=UTC),
            datetime(2026, 11, 29, 11, 0, tzinfo=UTC),
        ),
        # ... and at 08:00 UTC on the 30th in Los Angeles (UTC-8)
        (
            LOS_ANGELES,
            datetime(2026, 11, 30, 7, 59, tzinfo=UTC),
            datetime(2026, 11, 30, 8, 0, tzinfo=UTC),
        ),
    ],
)
def test_a_week_is_due_once_it_is_over_in_the_reporting_time_zone(
    capture_tenant, zone, before, after
):
    # given a weekly report whose first week (16-22 November there) went out
    schedule = _weekly(capture_tenant)
    ReportSchedule.objects.filter(pk=schedule.pk).update(last_period_start=date(2026, 11, 16))
    _reporting_in(capture_tenant, zone)
    # then the week of 23-29 November is due at midnight there, not a minute before
    assert reports_due(now=before) == []
    assert reports_due(now=after) == [(capture_tenant.pk, schedule.pk)]
    assert report_send(tenant_id=capture_tenant.pk, schedule_id=schedule.pk, now=after) is True
    assert mail.outbox[-1].subject == "Weekly: week of 2026-11-23"


@pytest.mark.django_db
def test_a_monthly_report_covers_the_days_of_its_reporting_time_zone(capture_tenant):
    tenant = capture_tenant.pk
    # 2026-12-01 03:00 UTC is still 30 November in Los Angeles, 2026-11-01 06:30 UTC still
    # 31 October (PDT, UTC-7), EPOCH (2026-11-20 23:00 UTC) 20 November
    apply_order(tenant, Version(1, created_minutes=10 * DAY + 240, total="5.00"))
    apply_order(tenant, Version(2, created_minutes=-(19 * DAY + 990), total="7.00"))
    apply_order(tenant, Version(3, total="3.00"))
    schedule = _weekly(capture_tenant, format="csv")
    ReportSchedule.objects.filter(pk=schedule.pk).update(frequency="monthly", name="Monthly")
    _reporting_in(capture_tenant, LOS_ANGELES)
    # November is not over in Los Angeles at 07:59 UTC on 1 December, but is at 08:00
    assert reports_due(now=datetime(2026, 12, 1, 7, 59, tzinfo=UTC)) == []
    assert report_send(
        tenant_id=tenant, schedule_id=schedule.pk, now=datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    )
    (message,) = mail.outbox
    assert message.subject == "Monthly: November 2026"
    assert "orders: 2 (before 1), +100.0 %" in message.body
    assert "gross total: 8.00 (before 7.00), +14.3 %" in message.body
    name, content, _ = message.attachments[0]
    assert name == "insights-2026-11-01-2026-11-30.csv"
    days = [line.split(",")[0] for line in content.splitlines()[1:]]
    assert days == ["2026-11-20", "2026-11-30"]


@pytest.mark.django_db
def test_the_next_report_goes_out_at_midnight_of_the_reporting_time_zone(client, capture_tenant):
    schedule = _weekly(capture_tenant)  # made on Saturday 21 November in Auckland
    # the week of 16-22 November there ends at 11:00 UTC on the 22nd
    assert next_send_at(schedule, AUCKLAND) == datetime(2026, 11, 22, 11, 0, tzinfo=UTC)
    assert next_send_at(schedule, LOS_ANGELES) == datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    assert next_send_at(schedule) == datetime(2026, 11, 23, 0, 0, tzinfo=UTC)
    _reporting_in(capture_tenant, AUCKLAND)
    _, body = gql(client, LIST, api_key=make_api_key(capture_tenant, ["MANAGE_ORDERS"]))
    assert body["data"]["insightsReportSchedules"][0]["nextSendAt"] == "2026-11-22T11:00:00+00:00"
