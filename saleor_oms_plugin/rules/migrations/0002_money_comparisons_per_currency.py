"""Comparisons of money fields name their currency now. A stored comparison without one held
for an amount in any currency; it becomes one comparison per currency the tenant's orders are
in (an ``any`` group), which holds exactly where the old one did for those currencies and
makes each threshold visible, and editable, per currency."""

from django.db import migrations

MONEY = {"total_gross", "total_net", "total_charged", "open_value"}
# A tenant without orders yet: the threshold stays meaningful for the commonest case.
FALLBACK = ["USD"]


def _rewrite(node, currencies):
    if not isinstance(node, dict):
        return node
    for group in ("all", "any"):
        if isinstance(node.get(group), list):
            return {group: [_rewrite(child, currencies) for child in node[group]]}
    if "not" in node:
        return {"not": _rewrite(node["not"], currencies)}
    if node.get("field") in MONEY and "currency" not in node:
        copies = [{**node, "currency": currency} for currency in currencies]
        return copies[0] if len(copies) == 1 else {"any": copies}
    return node


def forwards(apps, schema_editor):
    Rule = apps.get_model("oms_rules", "Rule")
    Order = apps.get_model("oms_orders", "Order")
    currencies_of = {}
    for rule in Rule.objects.all().iterator():
        if rule.tenant_id not in currencies_of:
            found = sorted(
                set(
                    Order.objects.filter(tenant_id=rule.tenant_id)
                    .values_list("currency", flat=True)
                    .distinct()
                )
            )
            currencies_of[rule.tenant_id] = found or FALLBACK
        rewritten = _rewrite(rule.conditions, currencies_of[rule.tenant_id])
        if rewritten != rule.conditions:
            rule.conditions = rewritten
            rule.save(update_fields=["conditions"])


class Migration(migrations.Migration):
    dependencies = [
        ("oms_orders", "0001_initial"),
        ("oms_rules", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
