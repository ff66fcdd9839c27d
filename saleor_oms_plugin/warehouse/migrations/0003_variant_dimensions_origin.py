from django.db import migrations, models


def _entered_here(apps, schema_editor):
    # Before the import existed every row was entered here: the import must keep them.
    apps.get_model("oms_warehouse", "VariantDimensions").objects.update(edited_here=True)


class Migration(migrations.Migration):
    dependencies = [
        ("oms_warehouse", "0002_pack_ship"),
    ]

    operations = [
        migrations.AddField(
            model_name="variantdimensions",
            name="edited_here",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="variantdimensions",
            name="imported_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(_entered_here, migrations.RunPython.noop),
    ]
