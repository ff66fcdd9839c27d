"""Services reach their tasks by name, through each domain's scheduling.py.

A name is only checked when it is sent, so a renamed task or a changed signature must fail
here instead: every task a scheduling module names is registered, and every hand-off sends
arguments its task takes. One hand-off then really runs its task, after the commit.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import pkgutil
from collections.abc import Callable
from typing import Any

import pytest
from celery.signals import task_postrun
from django.core.cache import cache

import saleor_oms_plugin
from saleor_oms_plugin.availability import scheduling as availability
from saleor_oms_plugin.capture import scheduling as capture
from saleor_oms_plugin.core import scheduling as core_scheduling
from saleor_oms_plugin.delivery import scheduling as delivery
from saleor_oms_plugin.fulfilment import scheduling as fulfilment
from saleor_oms_plugin.insights import scheduling as insights
from saleor_oms_plugin.inventory import scheduling as inventory
from saleor_oms_plugin.purchasing import scheduling as purchasing
from saleor_oms_plugin.replenishment import scheduling as replenishment
from saleor_oms_plugin.returns import scheduling as returns
from saleor_oms_plugin.rules import scheduling as rules
from saleor_oms_plugin.screening import scheduling as screening
from saleor_oms_plugin.tenants import scheduling as tenants
from saleor_oms_plugin.warehouse import scheduling as warehouse
from saleor_oms_plugin.webhooks import scheduling as webhooks


def _scheduling_modules() -> list[Any]:
    found = []
    for package in pkgutil.iter_modules(saleor_oms_plugin.__path__):
        name = f"saleor_oms_plugin.{package.name}.scheduling"
        if package.ispkg and package.name != "core" and importlib.util.find_spec(name):
            found.append(importlib.import_module(name))
    return found


SCHEDULING_MODULES = _scheduling_modules()
_task_named = core_scheduling.task_named


def _task_names(module: Any) -> set[str]:
    return {
        value
        for key, value in vars(module).items()
        if key.isupper() and isinstance(value, str) and ".tasks." in value
    }


TASK_NAMES = sorted(name for module in SCHEDULING_MODULES for name in _task_names(module))

# Each hand-off with arguments of the right types, and the task it must send.
HANDOFFS: list[tuple[Callable[..., Any], dict[str, Any], str]] = [
    (
        fulfilment.route_order_after_commit,
        {"tenant_id": 1, "order_id": 2, "trigger": "ORDER_CREATED"},
        fulfilment.ROUTE_ORDER,
    ),
    (capture.captured_orders_send_after_commit, {"tenant_id": 1}, capture.SEND_CAPTURED_ORDERS),
    (capture.captured_orders_turn_request, {"tenant_id": 1}, capture.SEND_CAPTURED_ORDERS),
    (
        screening.screen_order_after_commit,
        {"tenant_id": 1, "order_id": 2},
        screening.SCREEN_ORDER,
    ),
    (
        screening.known_variants_backfill_after_commit,
        {"tenant_id": 1},
        screening.BACKFILL_KNOWN_VARIANTS,
    ),
    (
        fulfilment.plan_apply_after_commit,
        {"tenant_id": 1, "plan_id": 2},
        fulfilment.APPLY_ROUTING_PLAN,
    ),
    (
        fulfilment.plan_reroute_after_commit,
        {"tenant_id": 1, "plan_id": 2, "exclude_location_ids": ["W1"], "reason": "cancelled"},
        fulfilment.REROUTE_PLAN,
    ),
    (
        fulfilment.short_pick_process_after_commit,
        {"tenant_id": 1, "shipment_id": 2},
        fulfilment.PROCESS_SHORT_PICK,
    ),
    (
        fulfilment.route_order_at,
        {"tenant_id": 1, "order_id": 2, "trigger": "fully_paid", "countdown": 60.0},
        fulfilment.ROUTE_ORDER,
    ),
    (
        fulfilment.backorders_check_after_commit,
        {"tenant_id": 1, "order_id": 2},
        fulfilment.CHECK_BACKORDERS,
    ),
    (fulfilment.backorders_route_debounced, {"tenant_id": 1}, fulfilment.ROUTE_BACKORDERS),
    (
        inventory.write_back_debounced,
        {"tenant_id": 1, "seconds": 2},
        inventory.INVENTORY_WRITE_BACK,
    ),
    (
        inventory.dirty_variants_resync_debounced,
        {"tenant_id": 1, "seconds": 2},
        inventory.INVENTORY_RESYNC_DIRTY,
    ),
    (availability.push_debounced, {"tenant_id": 1, "seconds": 2}, availability.AVAILABILITY_PUSH),
    (
        availability.subscription_sync_after_commit,
        {"tenant_id": 1, "subscription_id": 2},
        availability.AVAILABILITY_SUBSCRIPTION_SYNC,
    ),
    (availability.delivery_send_now, {"delivery_pk": 1}, availability.AVAILABILITY_DELIVER),
    (
        availability.delivery_send_after_commit,
        {"delivery_pk": 1},
        availability.AVAILABILITY_DELIVER,
    ),
    (availability.tenant_sweep_now, {"tenant_id": 1}, availability.AVAILABILITY_SWEEP_TENANT),
    (
        replenishment.refresh_debounced,
        {"tenant_id": 1, "seconds": 2},
        replenishment.REPLENISHMENT_REFRESH,
    ),
    (
        replenishment.forecasts_refresh_now,
        {"tenant_id": 1},
        replenishment.REPLENISHMENT_FORECAST_TENANT,
    ),
    (
        purchasing.purchase_order_email_after_commit,
        {"tenant_id": 1, "order_id": 2},
        purchasing.PURCHASE_ORDER_EMAIL,
    ),
    (returns.return_sync_now, {"tenant_id": 1, "request_id": 2}, returns.SYNC_RETURN_TO_SALEOR),
    (
        returns.return_sync_after_commit,
        {"tenant_id": 1, "request_id": 2},
        returns.SYNC_RETURN_TO_SALEOR,
    ),
    (rules.pending_evaluation_run_now, {"pending_id": 1}, rules.RUN_PENDING_EVALUATION),
    (
        rules.pending_evaluation_run_after_commit,
        {"pending_id": 1},
        rules.RUN_PENDING_EVALUATION,
    ),
    (rules.action_execute_now, {"action_run_id": 1}, rules.RUN_ACTION),
    (rules.action_execute_after_commit, {"action_run_id": 1}, rules.RUN_ACTION),
    (
        tenants.import_read_models_after_commit,
        {"tenant_id": 1, "run_id": "r"},
        tenants.TENANT_IMPORT_READ_MODELS,
    ),
    (
        tenants.import_followups_after_commit,
        {"tenant_id": 1, "run_id": "r"},
        tenants.TENANT_IMPORT_FOLLOWUPS,
    ),
    (webhooks.deliveries_process_now, {"delivery_ids": [1, 2]}, webhooks.PROCESS_DELIVERIES),
    (webhooks.deliveries_turn_request, {"tenant_id": 1}, webhooks.TAKE_DELIVERY_TURN),
    (
        insights.rollups_rebuild_after_commit,
        {"tenant_id": 1},
        insights.ROLLUPS_REBUILD,
    ),
    (
        delivery.sold_promise_refresh_after_commit,
        {"tenant_id": 1, "order_id": 2},
        delivery.SOLD_PROMISE_REFRESH,
    ),
    (
        warehouse.auto_wave_after_commit,
        {"tenant_id": 1, "location_id": 2},
        warehouse.AUTO_WAVE,
    ),
    (
        warehouse.ship_in_saleor_after_commit,
        {"tenant_id": 1, "release_id": 2},
        warehouse.SHIP_IN_SALEOR,
    ),
    (
        warehouse.dimensions_import_after_commit,
        {"tenant_id": 1, "actor_type": "staff", "actor_id": "u"},
        warehouse.DIMENSIONS_IMPORT,
    ),
]

# Functions of scheduling modules that hand nothing to a task now (the rules' beat schedule,
# whose task is named in EVALUATE_TIME_RULES and checked for registration above).
NOT_HANDOFFS = {
    rules.interval_seconds,
    rules.periodic_task_name,
    rules.rules_schedule_sync,
    rules.rules_schedule_on_settings_change,
}
PERIODIC_TASKS = {rules.EVALUATE_TIME_RULES}


class _Sent:
    """Stands in for a registered task: records what is sent and checks it against the
    task's own signature."""

    def __init__(self, name: str, sent: list[tuple[str, tuple[Any, ...]]]) -> None:
        self.task = _task_named(name)
        self.name, self.sent = name, sent

    def delay(self, *args: Any) -> None:
        self._send(args)

    def apply_async(self, args: tuple[Any, ...], countdown: float | None = None) -> None:
        self._send(tuple(args))

    def _send(self, args: tuple[Any, ...]) -> None:
        inspect.signature(self.task.run).bind(*args)  # TypeError: not what the task takes
        self.sent.append((self.name, args))


def test_every_domain_that_has_tasks_has_a_scheduling_module():
    domains = {module.__name__.split(".")[1] for module in SCHEDULING_MODULES}
    assert domains == {
        "availability",
        "capture",
        "delivery",
        "fulfilment",
        "insights",
        "inventory",
        "purchasing",
        "replenishment",
        "returns",
        "rules",
        "screening",
        "tenants",
        "warehouse",
        "webhooks",
    }


@pytest.mark.parametrize("name", TASK_NAMES)
def test_every_task_a_scheduling_module_names_is_registered(name):
    assert core_scheduling.task_named(name).name == name


def test_every_hand_off_is_checked_below():
    functions = {
        function
        for module in SCHEDULING_MODULES
        for _, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__
    }
    assert functions - NOT_HANDOFFS == {function for function, _, _ in HANDOFFS}
    assert set(TASK_NAMES) - PERIODIC_TASKS == {name for _, _, name in HANDOFFS}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("handoff", "kwargs", "name"), HANDOFFS, ids=[handoff.__name__ for handoff, _, _ in HANDOFFS]
)
def test_a_hand_off_sends_its_task_arguments_the_task_takes(
    handoff, kwargs, name, monkeypatch, django_capture_on_commit_callbacks
):
    cache.clear()  # the debounce windows
    sent: list[tuple[str, tuple[Any, ...]]] = []
    monkeypatch.setattr(core_scheduling, "task_named", lambda task: _Sent(task, sent))
    with django_capture_on_commit_callbacks(execute=True):
        handoff(**kwargs)
    assert [task for task, _ in sent] == [name]


@pytest.mark.django_db
def test_a_hand_off_after_commit_runs_the_task_once_the_caller_commits(
    django_capture_on_commit_callbacks,
):
    ran: list[tuple[str, tuple[Any, ...]]] = []

    def record(sender: Any = None, args: Any = None, **_: Any) -> None:
        ran.append((sender.name, tuple(args)))

    task_postrun.connect(record, weak=False)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            # no such tenant: the task runs, finds it inactive and returns
            fulfilment.route_order_after_commit(tenant_id=0, order_id=1, trigger="ORDER_CREATED")
            assert ran == []
        assert ran == [(fulfilment.ROUTE_ORDER, (0, 1, "ORDER_CREATED"))]
    finally:
        task_postrun.disconnect(record)
