"""Property-based fuzzing of the schema (hypothesis-graphql) as the kinds of caller of tenant
ALPHA (Dashboard staff, a customer, an anonymous storefront, a storefront API key) while tenant
BRAVO holds the same kinds of data. Every query field, and every mutation for the callers who
may change little:

- no server error: never HTTP 500, every error carries a code, none is INTERNAL_ERROR;
- nothing of BRAVO: every string BRAVO owns contains ``BRAVO`` and never appears;
- nothing a caller may not see: ALPHA's internal markers (flags, tasks, routing reasons, customer
  notes, other customers' emails) never reach customers or anonymous storefronts;
- mutations leave BRAVO exactly as it was.
"""

from __future__ import annotations

import json

import pytest
from freezegun import freeze_time
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLUnionType,
    NameNode,
    ObjectFieldNode,
    ObjectValueNode,
    StringValueNode,
    get_named_type,
)
from graphql_relay import to_global_id
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis_graphql import mutations, nodes, queries

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.graphql.schema import schema
from saleor_oms_plugin.inventory.models import StockLevel
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.orders.models import Order
from saleor_oms_plugin.tenants.models import ApiKey
from tests.fixtures.contract import CAPTURE_API_URL, tokens
from tests.fixtures.federation import CHANNEL, seed_two_tenants
from tests.fixtures.graphql import valid_moment

# Seen only by staff of ALPHA (and never by anybody when it says BRAVO).
STAFF_ONLY_MARKERS = (
    "ALPHA VIP",
    "ALPHA call the customer",
    "ALPHA nearest stocked location",
    "ALPHA rules",
    "ALPHA note",
    "alpha-1@example.com",
)
FIELDS = sorted(schema.graphql_schema.query_type.fields)
# Scalars hypothesis-graphql cannot draw by itself, drawn whenever the sampling reaches a field
# that takes one (insights' date range, JSON documents such as screeningConfigSet's).
EXTRA_SCALARS = {
    "Date": st.dates().map(lambda day: nodes.String(day.isoformat())),
    "JSONString": st.sampled_from(["{}", '{"enabled": true}', "[1]", "not json"]).map(nodes.String),
}


def _representation(typename: str, key: str, channel: str | None = None) -> ObjectValueNode:
    fields = [("__typename", typename), ("id", key)]
    if channel is not None:
        fields.append(("channel", channel))
    return ObjectValueNode(
        fields=tuple(
            ObjectFieldNode(name=NameNode(value=name), value=StringValueNode(value=value))
            for name, value in fields
        )
    )


def _representations(alpha, bravo) -> st.SearchStrategy:
    order_ids = [o.saleor_id for o in alpha.orders + bravo.orders]
    variant_ids = alpha.variants + bravo.variants
    return st.one_of(
        st.sampled_from(order_ids).map(lambda key: _representation("Order", key)),
        st.sampled_from(variant_ids).map(
            lambda key: _representation("ProductVariant", key, CHANNEL)
        ),
    )


def _strings(alpha, bravo) -> st.SearchStrategy:
    """Strings that mean something here (IDs, numbers, channels, SKUs) or nothing."""
    relay_ids = [
        to_global_id(type_name, row.pk)
        for seeded in (alpha, bravo)
        for type_name, rows in (("OmsOrder", seeded.orders), ("OmsLocation", seeded.locations))
        for row in rows
    ]
    meaningful = [
        *relay_ids,
        CHANNEL,
        "100",
        "1",
        "ALPHA-SKU",
        "BRAVO-SKU",
        *[o.saleor_id for o in alpha.orders + bravo.orders],
        *alpha.variants,
        *bravo.variants,
    ]
    return st.one_of(st.sampled_from(meaningful), st.text(max_size=12))


def _echoes(bravo) -> list[str]:
    """BRAVO's keys as a caller may send them: answering with the key asked about is no leak."""
    return [
        *bravo.variants,
        *(order.saleor_id for order in bravo.orders),
        *(to_global_id("OmsOrder", order.pk) for order in bravo.orders),
        *(to_global_id("OmsLocation", location.pk) for location in bravo.locations),
        "BRAVO-SKU",
    ]


def _leaks(body: dict, forbidden: list[str], echoes: list[str]) -> list[str]:
    text = json.dumps(body.get("data"))
    for echo in echoes:
        text = text.replace(echo, "")
    return [marker for marker in forbidden if marker in text]


CALLERS = ("dashboard_staff", "customer", "anonymous_storefront", "storefront_api_key")


def _headers(caller: str, alpha) -> dict[str, str]:
    if caller == "dashboard_staff":
        return {"Authorization": f"Bearer {tokens()['app_extension_access']}"}
    if caller == "customer":
        return {"Authorization": f"Bearer {tokens()['customer_access']}"}
    if caller == "storefront_api_key":
        return {"X-Api-Key": alpha.plain_key}
    return {"Saleor-Api-Url": CAPTURE_API_URL}


def _moment(caller: str) -> str:
    token = {"dashboard_staff": "app_extension_access", "customer": "customer_access"}
    return valid_moment(token.get(caller, "customer_access")).isoformat()


NEVER_RESOLVED = {
    "GRAPHQL_PARSE_FAILED",
    "GRAPHQL_VALIDATION_FAILED",
    "QUERY_TOO_DEEP",
    "QUERY_TOO_COMPLEX",
    "PERMISSION_DENIED",
}


@pytest.mark.parametrize("caller", CALLERS)
def test_fuzzed_queries_never_fail_nor_leak(client, db, caller):
    alpha, bravo = seed_two_tenants()
    headers = _headers(caller, alpha)
    forbidden = ["BRAVO", *(() if caller == "dashboard_staff" else STAFF_ONLY_MARKERS)]
    echoes = _echoes(bravo)
    custom_scalars = {
        "_Any": _representations(alpha, bravo),
        "ID": _strings(alpha, bravo).map(nodes.String),
        "String": _strings(alpha, bravo).map(nodes.String),
        **EXTRA_SCALARS,
    }

    # One root field per document: the fuzzer then goes deep into it instead of wide.
    documents = st.sampled_from(FIELDS).flatmap(
        lambda field: queries(schema.graphql_schema, fields=[field], custom_scalars=custom_scalars)
    )
    seen_data: list[bool] = []

    @hypothesis_settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        database=None,
        derandomize=True,  # the same documents on every run: CI stays reproducible
    )
    @given(query=documents)
    def check(query: str) -> None:
        with freeze_time(_moment(caller)):
            response = client.post(
                "/graphql/",
                data=json.dumps({"query": query}),
                content_type="application/json",
                headers=headers,
            )
        assert response.status_code in {200, 400}, (response.status_code, query)
        body = response.json()
        for error in body.get("errors", []):
            code = (error.get("extensions") or {}).get("code")
            assert code and code != "INTERNAL_ERROR", (query, error)
        # A resolver ran when it answered, or refused the arguments after reading them (an ID
        # of another tenant's object, a bad cursor): not when the document or the caller's
        # permissions stopped the request before any resolver looked at the data.
        codes = {(e.get("extensions") or {}).get("code") for e in body.get("errors", [])}
        seen_data.append(body.get("data") is not None and not codes & NEVER_RESOLVED)
        assert _leaks(body, forbidden, echoes) == [], (caller, query, body)

    check()
    if caller == "dashboard_staff":  # the properties mean little if nothing ever executed
        assert sum(seen_data) >= len(seen_data) // 10, f"{sum(seen_data)} of {len(seen_data)} ran"


# -- every field, selected in full -------------------------------------------------------------
# Random documents rarely select deep fields; this companion asks every root query field for
# everything below it (to a fixed depth), with arguments naming both tenants' objects.

FULL_DEPTH = 5


def _literal(value: object) -> str:
    return json.dumps(value)


def _argument_values(alpha, bravo) -> dict[str, str]:
    bravo_order = to_global_id("OmsOrder", bravo.orders[0].pk)
    representations = [
        {"__typename": "Order", "id": order.saleor_id} for order in alpha.orders + bravo.orders
    ] + [
        {"__typename": "ProductVariant", "id": vid, "channel": CHANNEL}
        for vid in alpha.variants + bravo.variants
    ]
    reps = (
        "["
        + ", ".join(
            "{" + ", ".join(f"{k}: {_literal(v)}" for k, v in rep.items()) + "}"
            for rep in representations
        )
        + "]"
    )
    return {
        "representations": reps,
        "variantIds": _literal(alpha.variants + bravo.variants),
        "channel": _literal(CHANNEL),
        "number": _literal("100"),
        "orderNumber": _literal("100"),
        "email": _literal("grace@example.com"),
        "ID": _literal(bravo_order),
        "String": _literal("100"),
        "Int": "10",
        "Float": "1.5",
        "Boolean": "true",
        "Date": _literal("2026-11-20"),
    }


def _value(type_, name: str, values: dict[str, str], depth: int = 0) -> str | None:
    if isinstance(type_, GraphQLNonNull):
        return _value(type_.of_type, name, values, depth)
    if name in values:
        return values[name]
    if isinstance(type_, GraphQLList):
        inner = _value(type_.of_type, name, values, depth)
        return None if inner is None else f"[{inner}]"
    if isinstance(type_, GraphQLEnumType):
        return next(iter(type_.values))
    if isinstance(type_, GraphQLScalarType):
        return values.get(type_.name)
    if isinstance(type_, GraphQLInputObjectType) and depth < 3:
        parts = []
        for field_name, field in type_.fields.items():
            if isinstance(field.type, GraphQLNonNull):
                inner = _value(field.type, field_name, values, depth + 1)
                if inner is None:
                    return None
                parts.append(f"{field_name}: {inner}")
        return "{" + ", ".join(parts) + "}"
    return None


def _selection(type_, depth: int, alias: str = "") -> str:
    named = get_named_type(type_)
    if isinstance(named, GraphQLUnionType | GraphQLInterfaceType):
        if depth >= FULL_DEPTH:
            return "{ __typename }"
        possible = schema.graphql_schema.get_possible_types(named)
        # aliased per type: fields of one name may have different types on different types
        fragments = " ".join(
            f"... on {t.name} {_selection(t, depth + 1, alias=t.name + '_')}" for t in possible
        )
        return "{ __typename " + fragments + " }"
    if not isinstance(named, GraphQLObjectType):
        return ""
    parts = ["__typename"]
    for field_name, field in named.fields.items():
        if any(isinstance(arg.type, GraphQLNonNull) for arg in field.args.values()):
            continue
        inner = get_named_type(field.type)
        selected = f"{alias}{field_name}: {field_name}" if alias else field_name
        if isinstance(inner, GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType):
            if depth < FULL_DEPTH:
                parts.append(f"{selected} {_selection(inner, depth + 1)}")
        else:
            parts.append(selected)
    return "{ " + " ".join(parts) + " }"


def _full_documents(alpha, bravo) -> list[str]:
    values = _argument_values(alpha, bravo)
    documents = []
    for name, field in schema.graphql_schema.query_type.fields.items():
        if name == "_service":
            continue
        arguments = []
        for arg_name, arg in field.args.items():
            value = _value(arg.type, arg_name, values)
            if value is not None:
                arguments.append(f"{arg_name}: {value}")
        args = f"({', '.join(arguments)})" if arguments else ""
        documents.append(f"{{ {name}{args} {_selection(field.type, 1)} }}")
    return documents


@pytest.mark.parametrize("caller", CALLERS)
def test_every_field_selected_in_full_shows_nothing_forbidden(client, db, caller, settings):
    settings.GRAPHQL_MAX_DEPTH = 50
    settings.GRAPHQL_MAX_COMPLEXITY = 10**9
    alpha, bravo = seed_two_tenants()
    headers = _headers(caller, alpha)
    forbidden = ["BRAVO", *(() if caller == "dashboard_staff" else STAFF_ONLY_MARKERS)]
    echoes = _echoes(bravo)
    seen = ""
    for document in _full_documents(alpha, bravo):
        with freeze_time(_moment(caller)):
            response = client.post(
                "/graphql/",
                data=json.dumps({"query": document}),
                content_type="application/json",
                headers=headers,
            )
        body = response.json()
        assert response.status_code == 200, (document, body)
        for error in body.get("errors", []):
            code = (error.get("extensions") or {}).get("code")
            assert code and code != "INTERNAL_ERROR", (document, error)
        assert _leaks(body, forbidden, echoes) == [], (caller, document, body)
        seen += json.dumps(body.get("data"))
    # The documents reach the data: staff see ALPHA's internals, everybody its pickup stores.
    assert "ALPHA Los Angeles" in seen
    if caller == "dashboard_staff":
        assert all(marker in seen for marker in ("ALPHA VIP", "ALPHA call the customer"))


# -- mutations by callers who may change little ---------------------------------------------------

MUTATION_FIELDS = sorted(schema.graphql_schema.mutation_type.fields)


def _bravo_state(bravo) -> tuple:
    """What a change to BRAVO would show: its audit trail, orders, keys, locations and stock."""
    tenant_id = bravo.tenant.pk
    return (
        AuditEvent.objects.filter(tenant_id=tenant_id).count(),
        list(Order.objects.filter(tenant_id=tenant_id).order_by("pk").values()),
        list(ApiKey.objects.filter(tenant_id=tenant_id).order_by("pk").values()),
        list(Location.objects.filter(tenant_id=tenant_id).order_by("pk").values()),
        list(StockLevel.objects.filter(tenant_id=tenant_id).order_by("pk").values()),
    )


@pytest.mark.parametrize("caller", [c for c in CALLERS if c != "dashboard_staff"])
def test_fuzzed_mutations_never_fail_nor_touch_the_other_tenant(client, db, caller):
    alpha, bravo = seed_two_tenants()
    headers = _headers(caller, alpha)
    echoes = _echoes(bravo)
    before = _bravo_state(bravo)
    custom_scalars = {
        "ID": _strings(alpha, bravo).map(nodes.String),
        "String": _strings(alpha, bravo).map(nodes.String),
        # stockFeedSubmit's sequence; drawn whenever the sampling reaches that mutation.
        "BigInt": st.integers(min_value=-(2**63), max_value=2**63 - 1).map(nodes.Int),
        **EXTRA_SCALARS,
    }
    documents = st.sampled_from(MUTATION_FIELDS).flatmap(
        lambda field: mutations(
            schema.graphql_schema, fields=[field], custom_scalars=custom_scalars
        )
    )

    @hypothesis_settings(
        max_examples=30,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        database=None,
        derandomize=True,
    )
    @given(document=documents)
    def check(document: str) -> None:
        with freeze_time(_moment(caller)):
            response = client.post(
                "/graphql/",
                data=json.dumps({"query": document}),
                content_type="application/json",
                headers=headers,
            )
        assert response.status_code in {200, 400}, (response.status_code, document)
        body = response.json()
        for error in body.get("errors", []):
            code = (error.get("extensions") or {}).get("code")
            assert code and code != "INTERNAL_ERROR", (document, error)
        assert _leaks(body, ["BRAVO", *STAFF_ONLY_MARKERS], echoes) == [], (document, body)

    check()
    assert _bravo_state(bravo) == before
