"""A return is COMPLETED only once Saleor accepted it.

Returns completed before this rule whose recording in Saleor did not finish (refused, or still
waiting) go back to INSPECTED, audited, so staff see them as not settled; retrying them records
them in Saleor and completes them then.
"""

from django.db import migrations, models
from django.utils import timezone


def reopen_unsettled(apps, schema_editor):
    ReturnRequest = apps.get_model("oms_returns", "ReturnRequest")
    AuditEvent = apps.get_model("oms_audit", "AuditEvent")
    unsettled = ReturnRequest.objects.filter(
        status="completed", saleor_state__in=("pending", "failed")
    )
    now = timezone.now()
    events = [
        AuditEvent(
            tenant_id=request.tenant_id,
            subject_type="oms_returns.returnrequest",
            subject_id=str(request.pk),
            verb="return.inspected",
            actor_type="system",
            actor_id="",
            data={
                "from": "completed",
                "to": "inspected",
                "reason": "not accepted by Saleor yet: completed once Saleor accepts it",
                "saleor_state": request.saleor_state,
            },
            created_at=now,
        )
        for request in unsettled
    ]
    AuditEvent.objects.bulk_create(events)
    unsettled.update(status="inspected", updated_at=now)


class Migration(migrations.Migration):
    dependencies = [
        ("oms_audit", "0001_initial"),
        ("oms_returns", "0002_label_exchange_credit"),
    ]

    operations = [
        migrations.AddField(
            model_name="returnrequest",
            name="saleor_error_code",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.RunPython(reopen_unsettled, migrations.RunPython.noop),
    ]
