"""Sending the scheduled reports: the last complete period's export attached, and its totals
beside the period before's in the body.

Periods are days, weeks and months of the tenant's reporting time zone (``time_zones``), the
days its rollups count orders on: a period is due once it is over there, and its report holds
the orders of its own days.

Exactly once per period and schedule, however often or concurrently the task runs: the run
that inserts the period's :class:`ReportDelivery` (a unique row) sends it; a second run finds
the row and sends nothing. A run that died between its claim and the mail leaves the claim
unsent; once it is older than ``CLAIM_LEASE`` another run takes it over (a conditional update
only one run can win), so a crash delays a report but never loses it. The mail goes out with
no transaction open and no row locked.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.insights.conversion import minor_unit
from saleor_oms_plugin.insights.events import InsightsEvent
from saleor_oms_plugin.insights.exports import ExportFormat, ExportSpec, export_bytes
from saleor_oms_plugin.insights.models import ReportDelivery, ReportSchedule
from saleor_oms_plugin.insights.periods import last_complete_period, period_before
from saleor_oms_plugin.insights.selectors import (
    Comparison,
    DateRange,
    Figures,
    GroupBy,
    insight_comparison,
    insight_reporting,
    money_figures,
)
from saleor_oms_plugin.insights.time_zones import local_date, reporting_time_zone, tenant_time_zone

CLAIM_LEASE = timedelta(minutes=30)
# The figures a report's body compares (every figure is in the attachment).
BODY_FIGURES = ("orders", "cancelled_orders", "units", *money_figures())


def reports_due(*, now: datetime) -> list[tuple[int, int]]:
    """(tenant id, schedule id) of the schedules of active tenants whose last complete period
    was not sent yet and ended on or after the day they were made (days of the tenant's
    reporting time zone)."""
    due = []
    schedules = (
        ReportSchedule.objects.filter(tenant__is_active=True)
        .annotate(tenant_settings=F("tenant__settings"))
        .order_by("pk")
    )
    for schedule in schedules:
        zone = reporting_time_zone(schedule.tenant_settings)
        period = last_complete_period(schedule.frequency, local_date(now, zone))
        if period.end < local_date(schedule.created_at, zone):
            continue
        if schedule.last_period_start is not None and schedule.last_period_start >= period.start:
            continue
        due.append((schedule.tenant_id, schedule.pk))
    return due


def _claim(schedule: ReportSchedule, period: DateRange, now: datetime) -> ReportDelivery | None:
    """The period's delivery if this run may send it; None when another run has it."""
    try:
        with transaction.atomic():
            return ReportDelivery.objects.create(
                schedule=schedule,
                frequency=schedule.frequency,
                period_start=period.start,
                period_end=period.end,
                claimed_at=now,
            )
    except IntegrityError:
        pass
    stale = ReportDelivery.objects.filter(
        schedule=schedule,
        frequency=schedule.frequency,
        period_start=period.start,
        sent_at__isnull=True,
        claimed_at__lt=now - CLAIM_LEASE,
    ).first()
    if stale is None:
        return None
    won = ReportDelivery.objects.filter(
        pk=stale.pk, sent_at__isnull=True, claimed_at=stale.claimed_at
    ).update(claimed_at=now)
    return stale if won else None


def _amount(value: Decimal, currency: str) -> str:
    return f"{value.quantize(minor_unit(currency))}"


def _change(now: Decimal | int, before: Decimal | int) -> str:
    if not before:
        return "new" if now else "="
    percent = (Decimal(now) - Decimal(before)) * 100 / Decimal(before)
    return f"{percent:+.1f} %"


def _lines(comparison: Comparison) -> list[str]:
    money = set(money_figures())
    lines = [f"{comparison.currency}:"]
    for name in BODY_FIGURES:
        now, before = getattr(comparison.current, name), getattr(comparison.previous, name)
        if name in money:
            shown = f"{_amount(now, comparison.currency)} (before {_amount(before, comparison.currency)})"
        else:
            shown = f"{now} (before {before})"
        lines.append(f"  {name.replace('_', ' ')}: {shown}, {_change(now, before)}")
    return lines


def report_body(
    schedule: ReportSchedule,
    period: DateRange,
    previous: DateRange,
    totals: list[Comparison],
    reporting: Comparison | None,
    unconverted: list[str],
) -> str:
    where = f" in channel {schedule.channel_slug}" if schedule.channel_slug else ""
    lines = [
        f"{schedule.name}: orders from {period.start} to {period.end}{where}, "
        f"compared with {previous.start} to {previous.end}.",
        "",
    ]
    if not totals:
        lines.append("No orders in either period.")
    for comparison in totals:
        lines += _lines(comparison)
    if reporting is not None:
        lines += ["", "Converted into the reporting currency:", *_lines(reporting)]
        if unconverted:
            lines.append(f"  (left out, no exchange rate: {', '.join(unconverted)})")
    lines += ["", "Every figure per day is in the attachment."]
    return "\n".join(lines) + "\n"


def _totals(
    tenant_id: int, period: DateRange, previous: DateRange, channel: str | None
) -> list[Comparison]:
    """Each currency's totals of ``period`` beside those of ``previous`` (a month before a
    month, not the same number of days)."""
    now = {
        c.currency: c.current
        for c in insight_comparison(tenant_id=tenant_id, within=period, channel=channel)
    }
    before = {
        c.currency: c.current
        for c in insight_comparison(tenant_id=tenant_id, within=previous, channel=channel)
    }
    return [
        Comparison(
            currency=currency,
            current=now.get(currency, Figures()),
            previous=before.get(currency, Figures()),
        )
        for currency in sorted(now.keys() | before.keys())
    ]


def _reporting(
    tenant_id: int, period: DateRange, previous: DateRange, channel: str | None
) -> tuple[Comparison | None, list[str]]:
    now = insight_reporting(tenant_id=tenant_id, within=period, channel=channel)
    if now.totals is None:
        return None, []
    before = insight_reporting(tenant_id=tenant_id, within=previous, channel=channel)
    assert before.totals is not None
    comparison = Comparison(now.totals.currency, now.totals.current, before.totals.current)
    return comparison, sorted(set(now.unconverted) | set(before.unconverted))


def report_send(*, tenant_id: int, schedule_id: int, now: datetime | None = None) -> bool:
    """Send the schedule's report of its last complete period (in the tenant's reporting time
    zone) unless another run did (or is doing it); whether a mail went out now."""
    now = now or timezone.now()
    schedule = ReportSchedule.objects.filter(tenant_id=tenant_id, pk=schedule_id).first()
    if schedule is None:
        return False
    today = local_date(now, tenant_time_zone(tenant_id))
    period = last_complete_period(schedule.frequency, today)
    delivery = _claim(schedule, period, now)
    if delivery is None:
        return False
    previous = period_before(schedule.frequency, period)
    channel = schedule.channel_slug or None
    spec = ExportSpec(
        tenant_id=tenant_id,
        within=period,
        group_by=GroupBy.DAY,
        format=ExportFormat(schedule.format),
        channel=channel,
    )
    reporting, unconverted = _reporting(tenant_id, period, previous, channel)
    message = EmailMessage(
        subject=f"{schedule.name}: {_period_name(schedule.frequency, period)}",
        body=report_body(
            schedule,
            period,
            previous,
            _totals(tenant_id, period, previous, channel),
            reporting,
            unconverted,
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(schedule.recipients),
    )
    message.attach(spec.filename, export_bytes(spec), spec.content_type)
    try:
        message.send()
    except OSError:
        # Not sent: give the claim back so the task's retry sends it.
        ReportDelivery.objects.filter(pk=delivery.pk, sent_at__isnull=True).delete()
        raise
    with transaction.atomic():
        ReportDelivery.objects.filter(pk=delivery.pk).update(sent_at=timezone.now())
        ReportSchedule.objects.filter(pk=schedule.pk).update(
            last_period_start=period.start, last_sent_at=timezone.now()
        )
        audit_record(
            tenant_id=tenant_id,
            subject=schedule,
            verb=InsightsEvent.REPORT_SENT,
            actor=Actor.system(),
            data={
                "period": [period.start.isoformat(), period.end.isoformat()],
                "to": schedule.recipients,
            },
        )
    return True


def _period_name(frequency: str, period: DateRange) -> str:
    if frequency == ReportSchedule.Frequency.MONTHLY:
        return period.start.strftime("%B %Y")
    if frequency == ReportSchedule.Frequency.WEEKLY:
        return f"week of {period.start}"
    return period.start.isoformat()
