"""Our subgraph against a real federation implementation (Apollo's, from npm).

Composition: Saleor's subgraph SDL (as its `_service` answers) with ours composes without
errors and without hints of conflicts, and the README's gateway examples validate against the
result. Runtime: a gateway in front of this Django server and a Saleor stand-in served from
Saleor's own SDL resolves queries across both: `Order.oms` for staff and customers,
`ProductVariant.oms` for storefronts, with the caller's headers forwarded as the README says.

The npm packages come from `scripts/npm-federation` (npm ci in federation/); without them these
tests fail, never skip.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from freezegun import freeze_time
from graphql import build_schema, parse, validate

from saleor_oms_plugin.graphql.federation.sdl import subgraph_sdl
from saleor_oms_plugin.graphql.schema import schema
from tests.fixtures.contract import CAPTURE_API_URL, REPO_ROOT, SHARED_SALEOR, tokens
from tests.fixtures.federation import CHANNEL, SeededTenant, seed_two_tenants
from tests.fixtures.graphql import valid_moment

FEDERATION = REPO_ROOT / "federation"
SALEOR_SDL = SHARED_SALEOR / "service-sdl.graphql"
# Saleor's documentation directives (@doc, @webhookEventsInfo) are declared executable, so
# composition notes that they leave the supergraph; they are Saleor's alone, not a conflict.
SALEOR_ONLY_DIRECTIVES = ("@doc", "@webhookEventsInfo")


def _node(script: str, *args: str, timeout: float) -> subprocess.CompletedProcess[str]:
    node = shutil.which("node")
    if node is None or not (FEDERATION / "node_modules" / "@apollo" / "gateway").is_dir():
        pytest.fail(
            "The federation tests need Node.js and federation/node_modules: run "
            "scripts/npm-federation (npm ci) first.",
            pytrace=False,
        )
    return subprocess.run(
        [node, script, *args],
        cwd=FEDERATION,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _conflicting(hint: dict) -> bool:
    if hint["level"] not in {"WARN", "ERROR"}:
        return False  # DEBUG/INFO hints (e.g. Saleor's unused enums) are notes, not conflicts
    if hint["code"] == "INCONSISTENT_EXECUTABLE_DIRECTIVE_PRESENCE":
        return not any(f'"{name}"' in hint["message"] for name in SALEOR_ONLY_DIRECTIVES)
    return True


def _through_gateway(
    live_server,
    tmp_path: Path,
    query: str,
    variables: dict,
    headers: dict,
    *,
    orders: list | None = None,
    variants: list | None = None,
    forwarded_headers: list[str] | None = None,
) -> dict:
    """Runs ``query`` through a gateway whose Saleor stand-in knows ``orders`` and ``variants``;
    the gateway forwards runtime.mjs's FORWARDED_HEADERS unless ``forwarded_headers`` is given."""
    spec = {
        "saleorSdl": str(SALEOR_SDL),
        "omsUrl": f"{live_server.url}/graphql/",
        "orders": orders or [],
        "variants": variants or [],
        "query": query,
        "variables": variables,
        "headers": headers,
    }
    if forwarded_headers is not None:
        spec["forwardedHeaders"] = forwarded_headers
    spec_path = tmp_path / "spec.json"
    spec_path.write_text(json.dumps(spec))
    result = _node("runtime.mjs", str(spec_path), timeout=120)
    assert result.returncode == 0, result.stderr
    response = json.loads(result.stdout)
    assert response["status"] == 200, response
    return response["body"]


def test_our_subgraph_composes_with_saleors_without_errors_or_conflicts(tmp_path: Path):
    ours = tmp_path / "oms.graphql"
    ours.write_text(subgraph_sdl(schema.graphql_schema))
    result = _node("compose.mjs", str(SALEOR_SDL), str(ours), timeout=120)
    assert result.stdout, result.stderr
    report = json.loads(result.stdout)
    assert report["errors"] == [], report["errors"]
    conflicts = [hint for hint in report["hints"] if _conflicting(hint)]
    assert conflicts == [], conflicts
    assert report["supergraphBytes"] > 0
    assert result.returncode == 0


def test_the_readmes_supergraph_examples_validate_against_the_composed_api(tmp_path: Path):
    ours, api = tmp_path / "oms.graphql", tmp_path / "api.graphql"
    ours.write_text(subgraph_sdl(schema.graphql_schema))
    result = _node("compose.mjs", str(SALEOR_SDL), str(ours), str(api), timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    supergraph = build_schema(api.read_text())
    readme = (REPO_ROOT / "README.md").read_text()
    examples = re.findall(r"```graphql-supergraph\n(.*?)```", readme, flags=re.S)
    operations = [
        operation
        for example in examples
        for operation in re.split(r"\n(?=query|mutation)", example.strip())
    ]
    assert len(operations) >= 2, "the README shows queries through a gateway"
    for operation in operations:
        assert validate(supergraph, parse(operation)) == [], operation
    # Our fields are only reachable through Saleor's types in the supergraph.
    assert "oms" in supergraph.get_type("ProductVariant").fields


@pytest.mark.django_db(transaction=True)
def test_a_gateway_resolves_an_order_across_saleor_and_the_oms(live_server, tmp_path: Path):
    alpha, bravo = seed_two_tenants()
    order, foreign = alpha.orders[0], bravo.orders[0]
    saleor_orders = [
        {"id": order.saleor_id, "number": order.number, "created": "2026-11-20T12:01:00+00:00"},
        {"id": foreign.saleor_id, "number": "B-1", "created": "2026-11-20T12:01:00+00:00"},
    ]
    query = """
    query Across($id: ID!, $foreign: ID!) {
      order(id: $id) {
        id
        number
        oms {
          status
          timeline { kind message }
          routingPlan { state reasons { message } }
          flags { label }
        }
      }
      foreign: order(id: $foreign) { id number oms { status } }
    }
    """
    body = _through_gateway(
        live_server,
        tmp_path,
        query,
        {"id": order.saleor_id, "foreign": foreign.saleor_id},
        {"X-Api-Key": alpha.staff_key},
        orders=saleor_orders,
    )
    assert "errors" not in body, body
    resolved = body["data"]["order"]
    assert resolved["id"] == order.saleor_id
    assert resolved["number"] == order.number  # from Saleor
    oms = resolved["oms"]  # from the OMS
    assert oms["status"] == "UNFULFILLED"
    assert [event["kind"] for event in oms["timeline"]] == ["PLACED", "ROUTED", "SHIPPED"]
    assert oms["routingPlan"]["reasons"] == [{"message": "ALPHA nearest stocked location"}]
    assert oms["flags"] == [{"label": "ALPHA VIP"}]
    # Saleor knows the other tenant's order; the OMS shows nothing of it to this caller.
    assert body["data"]["foreign"] == {"id": foreign.saleor_id, "number": "B-1", "oms": None}


@pytest.mark.django_db(transaction=True)
def test_a_customer_reads_their_own_orders_timeline_through_the_gateway(
    live_server, tmp_path: Path
):
    alpha, _ = seed_two_tenants()
    own, strangers = alpha.orders[-1], alpha.orders[0]
    saleor_orders = [{"id": order.saleor_id, "number": order.number} for order in (own, strangers)]
    query = """
    query Mine($own: ID!, $other: ID!) {
      own: order(id: $own) { number oms { timeline { kind message } } }
      other: order(id: $other) { number oms { status } }
    }
    """
    token = tokens()["customer_access"]
    # The live server runs in this process, so the frozen clock applies to its token checks.
    with freeze_time(valid_moment("customer_access")):
        body = _through_gateway(
            live_server,
            tmp_path,
            query,
            {"own": own.saleor_id, "other": strangers.saleor_id},
            {"Authorization": f"Bearer {token}"},
            orders=saleor_orders,
        )
    assert "errors" not in body, body
    kinds = [event["kind"] for event in body["data"]["own"]["oms"]["timeline"]]
    assert kinds == ["PLACED", "PAID", "ROUTED", "SHIPPED"]
    assert body["data"]["other"] == {"number": strangers.number, "oms": None}


# -- ProductVariant: a storefront's availability through the gateway -----------------------------

STOREFRONT_VARIANTS = """
query Storefront(
  $id: ID!, $other: ID!, $foreign: ID!, $channel: String!, $near: OmsGeoPointInput
) {
  productVariant(id: $id, channel: $channel) {
    id
    name
    channel
    oms {
      availableToSell
      inStock
      pickupLocations(near: $near) { location { name city } available inStock distanceKm }
    }
  }
  other: productVariant(id: $other, channel: $channel) {
    name
    oms { availableToSell pickupLocations { location { name } available } }
  }
  foreign: productVariant(id: $foreign, channel: $channel) { id name oms { availableToSell } }
}
"""
NEAR_NEW_YORK = {"latitude": 40.73, "longitude": -73.99}


def _saleor_variants(*seeded: SeededTenant) -> list[dict]:
    """What Saleor answers for each seeded variant (the name is Saleor's, not ours)."""
    return [
        {"id": vid, "name": f"{tenant.marker} Juice {number}"}
        for tenant in seeded
        for number, vid in enumerate(tenant.variants, start=1)
    ]


def _storefront_variables(alpha: SeededTenant, bravo: SeededTenant) -> dict:
    return {
        "id": alpha.variants[0],
        "other": alpha.variants[1],
        "foreign": bravo.variants[0],
        "channel": CHANNEL,
        "near": NEAR_NEW_YORK,
    }


@pytest.mark.parametrize("caller", ["anonymous with Saleor-Api-Url", "storefront API key"])
@pytest.mark.django_db(transaction=True)
def test_a_storefront_reads_variant_availability_across_saleor_and_the_oms(
    live_server, tmp_path: Path, caller: str
):
    alpha, bravo = seed_two_tenants()
    headers = (
        {"Saleor-Api-Url": CAPTURE_API_URL}
        if caller.startswith("anonymous")
        else {"X-Api-Key": alpha.plain_key}
    )
    body = _through_gateway(
        live_server,
        tmp_path,
        STOREFRONT_VARIANTS,
        _storefront_variables(alpha, bravo),
        headers,
        variants=_saleor_variants(alpha, bravo),
    )
    assert "errors" not in body, body
    variant = body["data"]["productVariant"]
    # id, name and channel from Saleor; the key (id, channel) handed to the OMS for `oms`.
    assert (variant["id"], variant["name"], variant["channel"]) == (
        alpha.variants[0],
        "ALPHA Juice 1",
        CHANNEL,
    )
    oms = variant["oms"]
    # 5 - 1 allocated in Los Angeles, 2 in New York, 10 in Reno (no click & collect there)
    assert oms["availableToSell"] == 16
    assert oms["inStock"] is True
    pickups = oms["pickupLocations"]
    assert [(p["location"]["name"], p["location"]["city"]) for p in pickups] == [
        ("ALPHA New York", "NEW YORK"),
        ("ALPHA Los Angeles", "LOS ANGELES"),
    ]
    assert [(p["available"], p["inStock"]) for p in pickups] == [(2, True), (4, True)]
    assert pickups[0]["distanceKm"] < 5 < 3000 < pickups[1]["distanceKm"]
    assert body["data"]["other"] == {
        "name": "ALPHA Juice 2",
        "oms": {
            "availableToSell": 3,
            "pickupLocations": [{"location": {"name": "ALPHA New York"}, "available": 3}],
        },
    }
    # Saleor answers for the other installation's variant; the OMS adds nothing to it.
    assert body["data"]["foreign"] == {
        "id": bravo.variants[0],
        "name": "BRAVO Juice 1",
        "oms": None,
    }


@pytest.mark.django_db(transaction=True)
def test_a_variant_asked_without_a_channel_has_no_oms_availability(live_server, tmp_path: Path):
    """Saleor's key is (id, channel) and its `channel` is null when a variant is asked for
    without one: the OMS resolves such a key, with no availability (stock is per channel)."""
    alpha, _ = seed_two_tenants()
    query = """
    query Variant($id: ID!) {
      productVariant(id: $id) { id name channel oms { availableToSell } }
      elsewhere: productVariant(id: $id, channel: "elsewhere") { channel oms { inStock } }
      inChannel: productVariant(id: $id, channel: "oms-us") { channel oms { inStock } }
    }
    """
    body = _through_gateway(
        live_server,
        tmp_path,
        query,
        {"id": alpha.variants[0]},
        {"Saleor-Api-Url": CAPTURE_API_URL},
        variants=_saleor_variants(alpha),
    )
    assert "errors" not in body, body
    assert body["data"] == {
        "productVariant": {
            "id": alpha.variants[0],
            "name": "ALPHA Juice 1",
            "channel": None,
            "oms": None,
        },
        "elsewhere": {"channel": "elsewhere", "oms": None},
        "inChannel": {"channel": CHANNEL, "oms": {"inStock": True}},
    }


@pytest.mark.django_db(transaction=True)
def test_a_gateway_that_drops_saleor_api_url_leaves_anonymous_storefronts_without_availability(
    live_server, tmp_path: Path
):
    """Why the gateway must forward Saleor-Api-Url: without it an anonymous caller names no
    installation, and the OMS has nothing to add (null, not an error)."""
    alpha, bravo = seed_two_tenants()
    body = _through_gateway(
        live_server,
        tmp_path,
        STOREFRONT_VARIANTS,
        _storefront_variables(alpha, bravo),
        {"Saleor-Api-Url": CAPTURE_API_URL},
        variants=_saleor_variants(alpha, bravo),
        forwarded_headers=["authorization", "x-api-key"],
    )
    assert "errors" not in body, body
    assert body["data"]["productVariant"]["name"] == "ALPHA Juice 1"
    assert [body["data"][name]["oms"] for name in ("productVariant", "other", "foreign")] == [
        None,
        None,
        None,
    ]
