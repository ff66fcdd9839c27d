from django.db import migrations, models
from django.db.models import F


def backfill(apps, schema_editor):
    # Plans stored before the field existed were created in the same request that decided them.
    RoutingPlan = apps.get_model("oms_fulfilment", "RoutingPlan")
    RoutingPlan.objects.filter(decided_at__isnull=True).update(decided_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("oms_fulfilment", "0003_routing_hold"),
    ]

    operations = [
        migrations.AddField(
            model_name="routingplan",
            name="decided_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
