"""Our subgraph against a real federation implementation (Apollo's, from npm).

Composition: Saleor's subgraph SDL (as its `_service` answers) with ours composes without
errors and without hints of conflicts. Runtime: a gateway in front of this Django server and a
Saleor stand-in served from Saleor's own SDL resolves one query across both.

The npm packages come from `scripts/npm-federation` (npm ci in federation/); without them these
tests fail, never skip.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from freezegun import freeze_time

from saleor_oms_plugin.graphql.federation.sdl import subgraph_sdl
from saleor_oms_plugin.graphql.schema import schema
from tests.fixtures.contract import REPO_ROOT, SHARED_SALEOR, tokens
from tests.fixtures.federation import seed_two_tenants
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
    live_server, tmp_path: Path, orders: list, query: str, variables: dict, headers: dict
) -> dict:
    spec = {
        "saleorSdl": str(SALEOR_SDL),
        "omsUrl": f"{live_server.url}/graphql/",
        "orders": orders,
        "query": query,
        "variables": variables,
        "headers": headers,
    }
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
        saleor_orders,
        query,
        {"id": order.saleor_id, "foreign": foreign.saleor_id},
        {"X-Api-Key": alpha.staff_key},
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
            saleor_orders,
            query,
            {"own": own.saleor_id, "other": strangers.saleor_id},
            {"Authorization": f"Bearer {token}"},
        )
    assert "errors" not in body, body
    kinds = [event["kind"] for event in body["data"]["own"]["oms"]["timeline"]]
    assert kinds == ["PLACED", "PAID", "ROUTED", "SHIPPED"]
    assert body["data"]["other"] == {"number": strangers.number, "oms": None}
