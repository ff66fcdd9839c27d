"""What the chaos bench checks, and the progress it watches to measure recovery.

The functions named ``django_*`` run in a Django subprocess (``python -m
bench.chaos_kit.checks <name> …``, one JSON object on stdout); the rest are plain.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.chaos_kit.returns_feed import POLICY

DELIVERY_TABLE = "oms_webhooks_delivery"
ACTION_RUN_TABLE = "oms_rules_actionrun"
EVALUATION_TABLE = "oms_rules_pendingevaluation"
PLAN_TABLE = "oms_fulfilment_routingplan"
#: sampled states that mean work is still to be done
WAITING = ("pending", "run:pending", "run:running", "rule:evaluations", "plan:applying")


# --------------------------------------------------------------------------- progress


@dataclass
class ProgressMonitor:
    """Samples, every ``every`` seconds, how many deliveries the inbox holds by status, how
    many rule action runs and routing plans there are by state (``run:<state>``,
    ``plan:<state>``) and how many rule evaluations wait (``rule:evaluations``), straight from
    PostgreSQL (not through the proxy)."""

    database_url: str
    every: float = 0.5
    samples: list[tuple[float, dict[str, int]]] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    def start(self) -> None:
        threading.Thread(target=self._run, daemon=True).start()

    def stop(self) -> None:
        self._stop.set()

    def latest(self) -> dict[str, int]:
        return self.samples[-1][1] if self.samples else {}

    def _run(self) -> None:
        import psycopg

        with psycopg.connect(self.database_url, autocommit=True) as connection:
            while not self._stop.wait(self.every):
                rows = connection.execute(
                    f"SELECT status, count(*) FROM {DELIVERY_TABLE} GROUP BY status "
                    f"UNION ALL SELECT 'run:' || state, count(*) FROM {ACTION_RUN_TABLE} "
                    "GROUP BY state "
                    f"UNION ALL SELECT 'rule:evaluations', count(*) FROM {EVALUATION_TABLE} "
                    f"UNION ALL SELECT 'plan:' || state, count(*) FROM {PLAN_TABLE} "
                    "GROUP BY state"
                ).fetchall()
                self.samples.append((time.monotonic(), dict(rows)))


def processed(counts: dict[str, int]) -> int:
    """Deliveries processed (whatever their outcome)."""
    return sum(n for status, n in counts.items() if status != "pending" and ":" not in status)


def waiting(counts: dict[str, int]) -> int:
    """Deliveries, action runs, rule evaluations and routing plans still to be done."""
    return sum(counts.get(state, 0) for state in WAITING)


def recovery_seconds(
    samples: list[tuple[float, dict[str, int]]], fault_ended_at: float
) -> float | None:
    """Seconds from a fault's end until processing moved again; None when nothing was waiting
    to be processed then (there was nothing to recover)."""
    before = [counts for at, counts in samples if at <= fault_ended_at]
    if not before or not before[-1].get("pending"):
        return None
    done = processed(before[-1])
    for at, counts in samples:
        if at > fault_ended_at and processed(counts) > done:
            return at - fault_ended_at
    return float("inf")


def throughput(samples: list[tuple[float, dict[str, int]]], start: float, end: float) -> float:
    """Deliveries processed per second between ``start`` and ``end``."""
    window = [(at, processed(counts)) for at, counts in samples if start <= at <= end]
    if len(window) < 2 or window[-1][0] == window[0][0]:
        return 0.0
    return (window[-1][1] - window[0][1]) / (window[-1][0] - window[0][0])


# --------------------------------------------------------------------------- comparing


def differences(chaos: dict[str, Any], clean: dict[str, Any], *, limit: int = 5) -> list[str]:
    """Where two read-model snapshots differ (at most ``limit`` places)."""
    found: list[str] = []

    def walk(a: Any, b: Any, path: str) -> None:
        if len(found) >= limit:
            return
        if isinstance(a, dict) and isinstance(b, dict):
            for key in sorted(set(a) | set(b)):
                if len(found) >= limit:
                    return
                if key not in a or key not in b:
                    found.append(f"{path}/{key}: only in {'clean' if key in b else 'chaos'}")
                else:
                    walk(a[key], b[key], f"{path}/{key}")
        elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
            for index, (x, y) in enumerate(zip(a, b, strict=True)):
                walk(x, y, f"{path}[{index}]")
        elif a != b:
            found.append(f"{path}: chaos {str(a)[:80]!r} != clean {str(b)[:80]!r}")

    walk(chaos, clean, "")
    return found


# --------------------------------------------------------------------------- Django side


def _setup() -> None:
    import django

    django.setup()


def django_inbox() -> dict[str, Any]:
    """The inbox: rows, distinct (tenant, dedupe key), rows by status."""
    _setup()
    from django.db.models import Count

    from saleor_oms_plugin.webhooks.models import Delivery

    return {
        "rows": Delivery.objects.count(),
        "distinct": Delivery.objects.values("tenant_id", "dedupe_key").distinct().count(),
        "by_status": dict(
            Delivery.objects.values_list("status").annotate(n=Count("id")).order_by("status")
        ),
    }


def django_snapshot(output: str) -> dict[str, Any]:
    """Write the only tenant's read models to ``output`` (JSON)."""
    _setup()
    from saleor_oms_plugin.tenants.models import Tenant
    from tests.fixtures.deliveries import read_model_snapshot

    snapshot = read_model_snapshot(Tenant.objects.get().pk)
    Path(output).write_text(json.dumps(snapshot, default=str, sort_keys=True))
    return {"orders": len(snapshot["orders"]), "locations": len(snapshot["locations"])}


#: when the bench's tenant's read model got the fake Saleor's warehouses (before every capture)
LOCATIONS_ISSUED_AT = "2020-01-01T00:00:00+00:00"


def django_tenant(
    api_url: str, token: str, jwks_file: str, warehouses_file: str, hook_url: str = ""
) -> dict[str, Any]:
    """The bench's one tenant: ``api_url``, trusting the keys of ``jwks_file``, with the
    warehouses of ``warehouses_file`` (the fake Saleor's) as its locations, orders routed
    automatically when created and a return policy guests can ask under; with a ``hook_url``, a
    rule sending every new order to that endpoint."""
    _setup()
    import datetime as dt

    from saleor_oms_plugin.audit.services import Actor
    from saleor_oms_plugin.locations.payload import parse_location
    from saleor_oms_plugin.locations.services import location_apply_payload
    from saleor_oms_plugin.returns.policies import return_policy_set
    from saleor_oms_plugin.rules.services import outbound_endpoint_create, rule_create
    from saleor_oms_plugin.tenants.services import tenant_add

    jwks = json.loads(Path(jwks_file).read_text())
    tenant = tenant_add(api_url=api_url, token=token, jwks=jwks, run_import=False)
    tenant.settings = {**(tenant.settings or {}), "routing": {"trigger": "created"}}
    tenant.save(update_fields=["settings"])
    issued_at = dt.datetime.fromisoformat(LOCATIONS_ISSUED_AT)
    for warehouse in json.loads(Path(warehouses_file).read_text()):
        location_apply_payload(
            tenant_id=tenant.pk, data=parse_location(warehouse), issued_at=issued_at
        )
    actor = Actor.operator("chaos bench")
    return_policy_set(tenant_id=tenant.pk, channel=None, values=POLICY, actor=actor)
    if hook_url:
        outbound_endpoint_create(tenant_id=tenant.pk, name="chaos", url=hook_url, actor=actor)
        rule_create(
            tenant_id=tenant.pk,
            definition={
                "name": "Every new order to the receiver",
                "trigger": "order.created",
                "conditions": {"all": []},
                "actions": [{"type": "webhook", "endpoint": "chaos", "event": "order.new"}],
            },
            actor=actor,
        )
    return {"tenant": tenant.pk}


def django_rules() -> dict[str, Any]:
    """What the rule did: its firings, their action runs, the outbound deliveries' keys."""
    _setup()
    from django.db.models import Count

    from saleor_oms_plugin.orders.models import Order
    from saleor_oms_plugin.rules.models import ActionRun, OutboundWebhookDelivery, RuleFiring

    firings = RuleFiring.objects.all()
    return {
        "orders": Order.objects.count(),
        "firings": firings.count(),
        "orders_fired": firings.values("order_id").distinct().count(),
        "action_runs": ActionRun.objects.count(),
        "runs_by_state": dict(
            ActionRun.objects.values_list("state").annotate(n=Count("id")).order_by("state")
        ),
        "webhooks": dict(OutboundWebhookDelivery.objects.values_list("idempotency_key", "state")),
    }


def django_returns() -> dict[str, Any]:
    """The return requests: how many, for how many orders, the RMA of each idempotency key,
    and whether the RMA numbers run from 1 without gaps."""
    _setup()
    from saleor_oms_plugin.returns.models import ReturnRequest

    requests = ReturnRequest.objects.all()
    numbers = sorted(requests.values_list("rma_number", flat=True))
    return {
        "requests": requests.count(),
        "orders": requests.values("order_id").distinct().count(),
        "by_key": {
            key: f"RMA-{number:06d}"
            for key, number in requests.values_list("idempotency_key", "rma_number")
        },
        "rma_numbers_without_gaps": numbers == list(range(1, len(numbers) + 1)),
    }


def django_plans() -> dict[str, Any]:
    """The routing plans: how many by state, how many not finished (neither applied nor
    superseded by a re-route: waiting, being applied, or failed — with plenty of stock nothing
    should fail), and the (order, warehouse) of every shipment recorded as applied in Saleor."""
    _setup()
    from django.db.models import Count

    from saleor_oms_plugin.fulfilment.models import PlanShipment, RoutingPlan

    finished = (RoutingPlan.State.APPLIED, RoutingPlan.State.SUPERSEDED)
    applied = PlanShipment.objects.filter(state=PlanShipment.State.APPLIED).exclude(
        saleor_fulfillment_id=""
    )
    return {
        "by_state": dict(
            RoutingPlan.objects.values_list("state").annotate(n=Count("id")).order_by("state")
        ),
        "unfinished": RoutingPlan.objects.exclude(state__in=finished).count(),
        "applied_shipments": list(
            applied.values_list("plan__order__saleor_id", "location__saleor_id")
        ),
    }


def _import_every_tasks_module() -> None:
    """Register every Celery task: the handlers queue some by name after commit, and a process
    that is not a worker has not imported them."""
    import importlib

    from django.apps import apps

    for app_config in apps.get_app_configs():
        try:
            importlib.import_module(f"{app_config.name}.tasks")
        except ModuleNotFoundError:
            pass


def django_replay(
    deliveries_file: str, api_url: str, token: str, jwks_file: str, warehouses_file: str
) -> dict:
    """Into this (fresh, migrated) database: the tenant, then every delivery of the file in
    issue order, each received and processed at once, as a quiet, in-order Saleor would."""
    _setup()
    from saleor_oms_plugin.saleor.subscriptions import WEBHOOK_GROUPS
    from saleor_oms_plugin.webhooks.intake import delivery_receive
    from saleor_oms_plugin.webhooks.processing import delivery_process

    _import_every_tasks_module()
    django_tenant(api_url, token, jwks_file, warehouses_file)
    groups = {event: group for group in WEBHOOK_GROUPS for event in group.events}
    deliveries = json.loads(Path(deliveries_file).read_text())
    for delivery in sorted(deliveries, key=lambda d: (d["issued_at"], d["key"])):
        received = delivery_receive(
            group=groups[delivery["event"]],
            api_url=api_url,
            event=delivery["event"],
            signature=delivery["signature"],
            body=delivery["body"].encode(),
        )
        delivery_process(delivery_id=received.delivery_id)
    return {"replayed": len(deliveries)}


def main(argv: list[str]) -> int:
    name, args = argv[0], argv[1:]
    helpers = {
        "tenant": django_tenant,
        "inbox": django_inbox,
        "rules": django_rules,
        "plans": django_plans,
        "returns": django_returns,
        "snapshot": django_snapshot,
        "replay": django_replay,
    }
    print(json.dumps(helpers[name](*args)))  # type: ignore[operator]
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
