from django.db import migrations, models
from django.db.models import Q


def place_existing(apps, schema_editor):
    """Outside locations' coordinates were typed by staff: they become manual positions. Every
    other location is placed by its metadata or, failing that, its geocoded address."""
    from saleor_oms_plugin.locations.geocoding import location_address, placement_resolve

    Location = apps.get_model("oms_locations", "Location")
    for location in Location.objects.all().iterator():
        if location.kind != "SALEOR_WAREHOUSE" and location.latitude is not None:
            location.manual_latitude = location.latitude
            location.manual_longitude = location.longitude
        placement = placement_resolve(
            manual_latitude=location.manual_latitude,
            manual_longitude=location.manual_longitude,
            metadata=location.metadata or {},
            address=location_address(
                country=location.country,
                postal_code=location.postal_code,
                city=location.city,
                country_area=location.country_area,
            ),
        )
        location.latitude, location.longitude = placement.latitude, placement.longitude
        location.coordinates_source = placement.source.value
        location.save(
            update_fields=[
                "manual_latitude",
                "manual_longitude",
                "latitude",
                "longitude",
                "coordinates_source",
            ]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("oms_locations", "0002_location_kind"),
    ]

    operations = [
        migrations.AddField(
            model_name="location",
            name="coordinates_source",
            field=models.CharField(
                choices=[
                    ("MANUAL", "Manual"),
                    ("METADATA", "Metadata"),
                    ("GEOCODED_ADDRESS", "Geocoded Address"),
                    ("GEOCODED_POSTAL_CODE", "Geocoded Postal Code"),
                    ("GEOCODED_POSTAL_AREA", "Geocoded Postal Area"),
                    ("GEOCODED_CITY", "Geocoded City"),
                    ("GEOCODED_REGION", "Geocoded Region"),
                    ("GEOCODED_COUNTRY", "Geocoded Country"),
                    ("NONE", "None"),
                ],
                default="NONE",
                max_length=24,
            ),
        ),
        migrations.AddField(
            model_name="location",
            name="manual_latitude",
            field=models.FloatField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="location",
            name="manual_longitude",
            field=models.FloatField(blank=True, null=True),
        ),
        migrations.AddConstraint(
            model_name="location",
            constraint=models.CheckConstraint(
                condition=Q(manual_latitude__isnull=True, manual_longitude__isnull=True)
                | Q(
                    manual_latitude__gte=-90,
                    manual_latitude__lte=90,
                    manual_longitude__gte=-180,
                    manual_longitude__lte=180,
                ),
                name="location_manual_coordinates_valid",
            ),
        ),
        migrations.RunPython(place_existing, migrations.RunPython.noop),
    ]
