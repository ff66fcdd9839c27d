import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("oms_locations", "0003_location_coordinates_source"),
        ("oms_tenants", "0002_import_run"),
    ]

    operations = [
        migrations.AddField(
            model_name="apikey",
            name="location",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="oms_locations.location",
            ),
        ),
    ]
