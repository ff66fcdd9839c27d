"""``evaluate`` (Python, event rules) and ``to_q`` (SQL, time rules) agree on any condition and
any orders: hypothesis draws both, PostgreSQL answers one side."""

from __future__ import annotations

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from saleor_oms_plugin.orders.models import Order
from saleor_oms_plugin.rules import conditions
from saleor_oms_plugin.rules.facts import facts_for_order
from saleor_oms_plugin.rules.fields import FIELDS, OPERATORS, FieldType, Subject
from saleor_oms_plugin.rules.models import OrderFlag
from saleor_oms_plugin.rules.query import to_q
from tests.fixtures.rules import NOW, order_make

NUMBERS = [0, 1, 2, 2.5, 9.99, 10, 100, 250.5]
HOURS = [0, 0.5, 1, 24, 48, 100, 400, 500]
STRINGS = {
    "currency": ["USD", "EUR"],
    "channel": ["oms-us", "oms-eu"],
    "status": ["UNFULFILLED", "FULFILLED", "CANCELED"],
    "charge_status": ["", "FULL"],
    "origin": ["", "CHECKOUT"],
    "delivery_method_type": ["", "shipping"],
    "shipping_country": ["", "US", "DE"],
    "billing_country": ["", "US", "DE"],
    "customer_email": ["a@x.com", "b@example.com", "noat", ""],
    "customer_email_domain": ["x.com", "example.com", "noat", ""],
}
FRAGMENTS = ["", "U", "x", "@", "example", "FUL", "oms-", "com"]
SETS = {"skus": ["A", "B", "C", ""], "product_types": ["Juice", "Shirt"], "flags": ["SLA", "VIP"]}
META = ["yes", "no", ""]


@st.composite
def leaves(draw):
    name = draw(
        st.sampled_from(sorted(n for n, f in FIELDS.items() if Subject.ORDER in f.subjects))
    )
    spec = FIELDS[name]
    op = draw(st.sampled_from(sorted(OPERATORS[spec.type])))
    raw = {"field": name, "op": op}
    if spec.type is FieldType.MAP:
        raw["key"] = draw(st.sampled_from(["vip", "gift"]))
    if spec.money:
        raw["currency"] = draw(st.sampled_from(["USD", "EUR"]))
    if op in {"is_null", "exists"} or spec.type is FieldType.BOOLEAN:
        raw["value"] = draw(st.booleans())
    elif spec.type is FieldType.NUMBER:
        raw["value"] = draw(st.sampled_from(NUMBERS))
    elif spec.type is FieldType.HOURS:
        raw["value"] = draw(st.sampled_from(HOURS))
    elif spec.type is FieldType.SET:
        raw["value"] = draw(st.lists(st.sampled_from(SETS[name]), min_size=1, max_size=3))
    else:
        pool = META if spec.type is FieldType.MAP else STRINGS[name]
        if op in {"in", "not_in"}:
            raw["value"] = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3))
        elif op in {"contains", "starts_with", "ends_with"}:
            raw["value"] = draw(st.sampled_from(FRAGMENTS + pool))
        else:
            raw["value"] = draw(st.sampled_from(pool))
    return raw


raw_conditions = st.recursive(
    leaves(),
    lambda children: st.one_of(
        st.builds(lambda c: {"all": c}, st.lists(children, max_size=3)),
        st.builds(lambda c: {"any": c}, st.lists(children, min_size=1, max_size=3)),
        st.builds(lambda c: {"not": c}, children),
    ),
    max_leaves=6,
)

order_specs = st.fixed_dictionaries(
    {
        "status": st.sampled_from(STRINGS["status"]),
        "total": st.sampled_from(["0", "9.99", "10", "100", "250.5"]),
        "currency": st.sampled_from(["USD", "EUR"]),
        "email": st.sampled_from(["a@x.com", "B@Example.com", "noat", "", "c@x.com@y"]),
        "shipping_country": st.sampled_from([None, "", "US", "DE"]),
        "billing_country": st.sampled_from([None, "", "US", "DE"]),
        "created_hours_ago": st.sampled_from([0.5, 1, 24, 100, 400, 600]),
        "paid_hours_ago": st.sampled_from([None, 0.5, 48, 400]),
        "lines": st.lists(
            st.fixed_dictionaries(
                {
                    "sku": st.sampled_from(SETS["skus"]),
                    "product_type": st.sampled_from(SETS["product_types"]),
                    "quantity": st.integers(1, 3),
                }
            ),
            max_size=3,
        ),
        "fulfilled_hours_ago": st.lists(
            st.tuples(
                st.sampled_from([1, 24, 48, 500]), st.sampled_from(["FULFILLED", "CANCELED"])
            ),
            max_size=2,
        ),
        "metadata": st.dictionaries(st.sampled_from(["vip", "gift"]), st.sampled_from(META)),
        "channel": st.sampled_from(STRINGS["channel"]),
        "flags": st.lists(st.sampled_from(SETS["flags"]), unique=True, max_size=2),
    }
)


@settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(raw=raw_conditions, specs=st.lists(order_specs, min_size=1, max_size=4))
def test_python_and_sql_evaluation_agree(capture_tenant, raw, specs):
    # given a random valid condition and random orders
    node = conditions.parse(raw)
    with transaction.atomic():
        orders = []
        for spec in specs:
            flags = spec.pop("flags")
            order = order_make(capture_tenant, **spec)
            for label in flags:
                OrderFlag.objects.create(
                    tenant=capture_tenant, order=order, label=label, colour="red"
                )
            orders.append(order)
        # when the rule evaluator and the compiled query both decide
        in_python = {
            order.pk
            for order in orders
            if conditions.evaluate(node, facts_for_order(order), now=NOW)
        }
        in_sql = set(
            Order.objects.filter(pk__in=[o.pk for o in orders])
            .filter(to_q(node, NOW))
            .values_list("pk", flat=True)
        )
        transaction.set_rollback(True)
    # then they match exactly the same orders
    assert in_python == in_sql, raw


def test_the_agreement_check_can_fail(capture_tenant):
    # given a condition and an order it holds for in Python
    order = order_make(capture_tenant, total="100")
    node = conditions.parse({"field": "total_gross", "op": "gte", "value": 100, "currency": "USD"})
    assert conditions.evaluate(node, facts_for_order(order), now=NOW)
    # then a different query (strict >) would be caught as a disagreement
    wrong = conditions.parse({"field": "total_gross", "op": "gt", "value": 100, "currency": "USD"})
    assert not Order.objects.filter(pk=order.pk).filter(to_q(wrong, NOW)).exists()
