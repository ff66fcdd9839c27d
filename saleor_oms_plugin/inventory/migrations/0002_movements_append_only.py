"""Stock movements are append-only: PostgreSQL refuses any UPDATE of a movement row.

DELETE stays possible: removing a tenant deletes its data (``saleor-oms tenant remove``).
SQLite (the embedded first-run default) gets no trigger; the services never update movements.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION oms_inventory_movement_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'stock movements are append-only' USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER oms_inventory_movement_no_update BEFORE UPDATE ON oms_inventory_stockmovement
    FOR EACH ROW EXECUTE FUNCTION oms_inventory_movement_immutable();
"""
DROP = """
DROP TRIGGER IF EXISTS oms_inventory_movement_no_update ON oms_inventory_stockmovement;
DROP FUNCTION IF EXISTS oms_inventory_movement_immutable();
"""


def _run(sql):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("oms_inventory", "0001_initial")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
