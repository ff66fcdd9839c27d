"""Scheduled e-mail reports: what the merchant keeps (name, recipients, frequency, format,
channel), validated before anything is written; one transaction and audit event each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.insights.error_codes import InsightsErrorCode as Code
from saleor_oms_plugin.insights.errors import InsightsError
from saleor_oms_plugin.insights.events import InsightsEvent
from saleor_oms_plugin.insights.models import ReportSchedule
from saleor_oms_plugin.insights.periods import next_period_to_report
from saleor_oms_plugin.insights.time_zones import local_date, local_midnight

MAX_RECIPIENTS = 20


@dataclass(frozen=True)
class ScheduleInput:
    name: str
    recipients: list[str]
    frequency: str
    format: str
    channel: str = ""


def _clean(data: ScheduleInput) -> ScheduleInput:
    name = data.name.strip()
    if not name or len(name) > 255:
        raise InsightsError(Code.INVALID, "A name of 1 to 255 characters.", field="name")
    recipients: list[str] = []
    for address in data.recipients:
        address = address.strip()
        try:
            validate_email(address)
        except ValidationError:
            raise InsightsError(
                Code.INVALID_EMAIL, f"{address!r} is not an e-mail address.", field="recipients"
            ) from None
        if address.lower() not in {kept.lower() for kept in recipients}:
            recipients.append(address)
    if not 1 <= len(recipients) <= MAX_RECIPIENTS:
        raise InsightsError(Code.INVALID, f"1 to {MAX_RECIPIENTS} recipients.", field="recipients")
    if data.frequency not in ReportSchedule.Frequency.values:
        raise InsightsError(Code.INVALID, "Unknown frequency.", field="frequency")
    if data.format not in ReportSchedule.Format.values:
        raise InsightsError(Code.INVALID, "Unknown format.", field="format")
    return ScheduleInput(name, recipients, data.frequency, data.format, data.channel.strip())


def report_schedule_save(
    *, tenant_id: int, pk: int | None, data: ScheduleInput, actor: Actor
) -> ReportSchedule:
    """Create a schedule (``pk`` None) or replace one's settings. A changed frequency starts
    afresh: its next report is of the last complete period of the new frequency."""
    clean = _clean(data)
    try:
        with transaction.atomic():
            if pk is None:
                schedule = ReportSchedule(tenant_id=tenant_id)
            else:
                found = ReportSchedule.objects.filter(tenant_id=tenant_id, pk=pk).first()
                if found is None:
                    raise InsightsError(Code.NOT_FOUND, "No such report schedule.", field="id")
                schedule = found
                if schedule.frequency != clean.frequency:
                    schedule.last_period_start = None
            schedule.name = clean.name
            schedule.recipients = clean.recipients
            schedule.frequency = clean.frequency
            schedule.format = clean.format
            schedule.channel_slug = clean.channel
            schedule.save()
            audit_record(
                tenant_id=tenant_id,
                subject=schedule,
                verb=InsightsEvent.REPORT_SCHEDULE_SAVED,
                actor=actor,
                data={
                    "name": clean.name,
                    "recipients": clean.recipients,
                    "frequency": clean.frequency,
                    "format": clean.format,
                    "channel": clean.channel,
                },
            )
    except IntegrityError:
        raise InsightsError(
            Code.DUPLICATE, f"A schedule named {clean.name!r} exists.", field="name"
        ) from None
    return schedule


def report_schedule_delete(*, tenant_id: int, pk: int, actor: Actor) -> ReportSchedule:
    with transaction.atomic():
        schedule = ReportSchedule.objects.filter(tenant_id=tenant_id, pk=pk).first()
        if schedule is None:
            raise InsightsError(Code.NOT_FOUND, "No such report schedule.", field="id")
        audit_record(
            tenant_id=tenant_id,
            subject=schedule,
            verb=InsightsEvent.REPORT_SCHEDULE_DELETED,
            actor=actor,
            data={"name": schedule.name},
        )
        schedule.delete()
    return schedule


def report_schedules_list(*, tenant_id: int) -> list[ReportSchedule]:
    return list(ReportSchedule.objects.filter(tenant_id=tenant_id).order_by("name", "pk"))


def next_send_at(schedule: ReportSchedule, time_zone: str = "UTC") -> datetime:
    """When the next report goes out (in UTC): the start of the day after its period ends, in
    the tenant's reporting time zone ``time_zone``, whose days the periods are."""
    created_on = local_date(schedule.created_at or datetime.now(UTC), time_zone)
    period = next_period_to_report(
        schedule.frequency, created_on=created_on, last_reported_start=schedule.last_period_start
    )
    return local_midnight(period.end + timedelta(days=1), time_zone).astimezone(UTC)
