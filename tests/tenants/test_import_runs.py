"""The import as a run: it survives records Saleor cannot return, retries what may pass, fails
what cannot, and tells its state (service, task, GraphQL, CLI)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from freezegun import freeze_time

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.inventory.models import StockLevel
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.orders.models import Order
from saleor_oms_plugin.saleor.client import SaleorClient
from saleor_oms_plugin.saleor.errors import SaleorGraphQLError, SaleorPermissionDenied
from saleor_oms_plugin.tenants import import_runs
from saleor_oms_plugin.tenants.error_codes import TenantErrorCode
from saleor_oms_plugin.tenants.errors import TenantError
from saleor_oms_plugin.tenants.import_runs import import_step_attempt, tenant_import_start
from saleor_oms_plugin.tenants.models import ImportRun
from saleor_oms_plugin.tenants.services import tenant_add
from saleor_oms_plugin.webhooks import read_model_import
from tests.fixtures.contract import jwks, tokens
from tests.fixtures.fake_saleor import APP_ID
from tests.fixtures.graphql import error_codes, gql, make_api_key, valid_moment
from tests.fixtures.inventory import SaleorStockBook

pytestmark = pytest.mark.django_db

BLANK_ORIGIN = 'Expected a value of type "OrderOriginEnum" but received: '
S = ImportRun.State


@pytest.fixture
def store(fake_saleor, settings):
    """A tenant of the fake Saleor, with the scenario's stock, not imported yet."""
    settings.INVENTORY_WRITE_BACK_ENABLED = False
    settings.SALEOR_MAX_RETRIES = 0  # the run's retries are under test, not the client's
    SaleorStockBook(fake_saleor).seed_scenario()
    return tenant_add(
        api_url=fake_saleor.url,
        token=fake_saleor.app_token,
        jwks=jwks(),
        app_id=APP_ID,
        run_import=False,
    )


def _start(tenant, django_capture_on_commit_callbacks) -> ImportRun:
    """Start a run as the Dashboard would; its tasks run eagerly, one after the other."""
    with django_capture_on_commit_callbacks(execute=True):
        tenant_import_start(tenant_id=tenant.pk, actor=Actor.operator("tests"))
    return ImportRun.objects.get(tenant=tenant)


# -- the fake Saleor behaves as the real one -------------------------------------------------


def test_the_fake_nulls_a_whole_orders_page_that_asks_origin_of_a_blank_one(fake_saleor):
    # given Saleor's sample data: an order whose origin is blank
    fake_saleor.orders[3]["origin"] = ""
    query = "query { orders(first: 30) { edges { node { id origin } } } }"
    # when a page holding it asks for origin
    status, body = fake_saleor.execute(query, token=fake_saleor.app_token)
    # then the whole `orders` field is null, with Saleor's message
    assert status == 200
    assert body["data"] == {"orders": None}
    assert [error["message"] for error in body["errors"]] == [BLANK_ORIGIN]
    # and the same page without origin is served
    _, clean = fake_saleor.execute(
        "query { orders(first: 30) { edges { node { id } } } }", token=fake_saleor.app_token
    )
    assert len(clean["data"]["orders"]["edges"]) == 25


# -- surviving bad records --------------------------------------------------------------------


def test_orders_with_a_blank_origin_are_all_imported_and_stock_follows(
    fake_saleor, store, small_pages, django_capture_on_commit_callbacks
):
    # given a store where some orders have a blank origin (Saleor's sample data)
    blank = {fake_saleor.orders[i]["id"] for i in (0, 5, 6, 24)}
    for order in fake_saleor.orders:
        if order["id"] in blank:
            order["origin"] = ""
    # when the import runs
    run = _start(store, django_capture_on_commit_callbacks)
    # then every order is in, the good ones with their origin, the blank ones without
    assert run.state == S.SUCCEEDED, run.errors
    assert {o.saleor_id: o.origin for o in Order.objects.filter(tenant=store)} == {
        o["id"]: o["origin"] for o in fake_saleor.orders
    }
    assert {o.origin for o in Order.objects.filter(saleor_id__in=blank)} == {""}
    assert Order.objects.exclude(origin="").count() == 21
    # and the stock import ran after it
    assert run.stock_rows == StockLevel.objects.filter(tenant=store).count() > 0
    assert (run.orders, run.locations, run.skipped, run.errors) == (25, 5, [], [])
    assert (run.attempts, run.started_at is not None, run.finished_at is not None) == (
        2,
        True,
        True,
    )


def test_a_record_that_nulls_its_page_is_skipped_listed_and_the_rest_imported(
    fake_saleor, store, django_capture_on_commit_callbacks
):
    # given an order Saleor cannot return even without origin (a status its enum lacks)
    broken = fake_saleor.orders[13]
    broken["status"] = ""
    # when the import runs with full pages
    run = _start(store, django_capture_on_commit_callbacks)
    # then the page was narrowed down to that order, which is skipped and listed
    assert run.state == S.COMPLETED_WITH_SKIPS
    assert [(r["kind"], r["saleor_id"]) for r in run.skipped] == [("ORDER", broken["id"])]
    assert "OrderStatus" in run.skipped[0]["reason"]
    # and the 24 others are imported, and the stock import still ran
    assert set(Order.objects.values_list("saleor_id", flat=True)) == {
        o["id"] for o in fake_saleor.orders if o is not broken
    }
    assert run.orders == 24
    assert run.stock_rows == StockLevel.objects.filter(tenant=store).count() > 0
    event = AuditEvent.objects.get(verb="tenant.import_finished")
    assert event.data["state"] == S.COMPLETED_WITH_SKIPS and event.data["skipped"] == 1


def test_a_skipped_warehouse_is_not_marked_deleted(
    fake_saleor, store, django_capture_on_commit_callbacks
):
    # given an import of the five warehouses
    _start(store, django_capture_on_commit_callbacks)
    # and later one of them Saleor cannot return (a blank country code)
    fake_saleor.warehouses[2]["address"]["country"] = None
    bad = fake_saleor.warehouses[2]["id"]
    # when the import runs again
    run = _start(store, django_capture_on_commit_callbacks)
    # then that warehouse is listed, and kept live
    assert [(r["kind"], r["saleor_id"]) for r in run.skipped] == [("LOCATION", bad)]
    assert Location.objects.get(saleor_id=bad).is_deleted is False
    assert run.locations == 4


def test_halving_needs_few_requests_for_one_bad_order(fake_saleor, store):
    # given 25 orders of which one breaks any page holding it
    fake_saleor.orders[20]["status"] = ""
    client = SaleorClient(fake_saleor.url, fake_saleor.app_token, max_retries=0)
    # when they are paged 100 at a time
    pages = list(
        client.pages_tolerant(
            "queries/orders_page", "orders", ids_document="queries/orders_page_ids"
        )
    )
    # then every good order came, and the bad one is named
    assert sum(len(page.nodes) for page in pages) == 24
    assert [u.saleor_id for page in pages for u in page.unreadable] == [
        fake_saleor.orders[20]["id"]
    ]
    # in a handful of requests, not one per order
    assert len(fake_saleor.graphql_requests("OmsOrdersPage")) <= 12
    assert len(fake_saleor.graphql_requests("OmsOrdersPageIds")) == 1


def test_an_error_in_the_query_itself_is_not_taken_for_a_bad_record(fake_saleor, store):
    # given a request Saleor refuses as a whole (more than 100 records asked for)
    client = SaleorClient(fake_saleor.url, fake_saleor.app_token, max_retries=0)
    # when the import pages with it
    # then the refusal is raised at once: no halving, no record stepped over
    with pytest.raises(SaleorGraphQLError, match="exceeds the `first` limit"):
        list(
            client.pages_tolerant(
                "queries/orders_page",
                "orders",
                ids_document="queries/orders_page_ids",
                page_size=101,
            )
        )
    assert len(fake_saleor.graphql_requests()) == 1


def test_a_token_saleor_refuses_is_not_taken_for_a_bad_record(fake_saleor, store):
    client = SaleorClient(fake_saleor.url, fake_saleor.app_token, max_retries=0)
    fake_saleor.revoke_token(fake_saleor.app_token)
    with pytest.raises(SaleorPermissionDenied):
        list(
            client.pages_tolerant(
                "queries/orders_page", "orders", ids_document="queries/orders_page_ids"
            )
        )
    assert len(fake_saleor.graphql_requests()) == 1


@pytest.mark.parametrize(
    ("errors", "data", "about_records"),
    [
        ([{"message": BLANK_ORIGIN, "path": ["orders", "edges", 3, "node", "origin"]}], {}, True),
        ([{"message": BLANK_ORIGIN}], {"orders": None}, True),  # executed, path not reported
        ([{"message": "Requesting 101 records…", "path": ["orders"]}], {"orders": None}, False),
        ([{"message": "Cannot query field 'routing' on type 'Order'."}], None, False),
        ([], {"orders": None}, False),
    ],
)
def test_only_errors_in_the_records_data_count_as_a_bad_record(errors, data, about_records):
    assert SaleorGraphQLError(errors, data=data).about_records is about_records


# -- retries and failures ---------------------------------------------------------------------


def test_a_transient_failure_is_retried_then_succeeds(
    fake_saleor, store, django_capture_on_commit_callbacks
):
    # given a Saleor that answers 503 once
    fake_saleor.fail_next(1, status=503)
    # when the import runs
    run = _start(store, django_capture_on_commit_callbacks)
    # then the step was tried again and the run succeeded, the failure kept in its errors
    assert run.state == S.SUCCEEDED
    assert run.attempts == 3  # read models twice, then the stock
    assert len(run.errors) == 1 and "HTTP 503" in run.errors[0]
    assert Order.objects.filter(tenant=store).count() == 25
    assert AuditEvent.objects.filter(verb="tenant.import_retrying").count() == 1


def test_retries_end_with_a_failed_run(
    fake_saleor, store, monkeypatch, django_capture_on_commit_callbacks
):
    # given a Saleor that stays down, and two attempts per step
    monkeypatch.setattr(import_runs, "IMPORT_MAX_ATTEMPTS", 2)
    fake_saleor.fail_next(5, status=502)
    # when the import runs
    run = _start(store, django_capture_on_commit_callbacks)
    # then after two attempts it is FAILED with both failures shown, the stock import not run
    assert run.state == S.FAILED
    assert run.attempts == 2
    assert len(run.errors) == 2 and all("HTTP 502" in e for e in run.errors)
    assert run.finished_at is not None
    assert not StockLevel.objects.exists()


def test_a_permanent_failure_is_not_retried_and_shows_its_error(
    fake_saleor, store, django_capture_on_commit_callbacks
):
    # given a Saleor that no longer accepts the app's token
    fake_saleor.revoke_token(fake_saleor.app_token)
    # when the import runs
    run = _start(store, django_capture_on_commit_callbacks)
    # then it failed at the first attempt, saying why
    assert run.state == S.FAILED
    assert run.attempts == 1
    assert len(run.errors) == 1 and "permission" in run.errors[0].lower()
    assert len(fake_saleor.graphql_requests()) == 1
    assert AuditEvent.objects.filter(verb="tenant.import_failed").count() == 1


def test_a_stock_import_failure_is_retried_without_repeating_the_orders(
    fake_saleor, store, django_capture_on_commit_callbacks
):
    # given step 1 done
    with django_capture_on_commit_callbacks(execute=False):
        run = tenant_import_start(tenant_id=store.pk, actor=Actor.system())
    outcome = import_step_attempt(
        tenant_id=store.pk, run_id=str(run.run_id), step="READ_MODELS", attempt=1
    )
    assert outcome.next_step == "FOLLOWUPS"
    pages = len(fake_saleor.graphql_requests("OmsOrdersPage"))
    # when the stock step meets a 503, then runs again
    fake_saleor.fail_next(1, status=503)
    first = import_step_attempt(
        tenant_id=store.pk, run_id=str(run.run_id), step="FOLLOWUPS", attempt=1
    )
    assert (first.state, first.retry_in) == (S.RETRYING, 10)
    second = import_step_attempt(
        tenant_id=store.pk, run_id=str(run.run_id), step="FOLLOWUPS", attempt=2
    )
    # then it succeeds and the orders were not read again
    assert second.state == S.SUCCEEDED
    assert len(fake_saleor.graphql_requests("OmsOrdersPage")) == pages
    assert ImportRun.objects.get().stock_rows > 0


# -- starting, refusing, superseding ----------------------------------------------------------


def test_a_second_start_is_refused_while_one_runs_and_changes_nothing(store):
    # given a run in flight
    run = tenant_import_start(tenant_id=store.pk, actor=Actor.system(), queue=False)
    before = ImportRun.objects.filter(pk=run.pk).values().get()
    # when another start is asked for
    with pytest.raises(TenantError) as refused:
        tenant_import_start(tenant_id=store.pk, actor=Actor.system(), queue=False)
    # then it is refused with its code and the run is untouched
    assert refused.value.code is TenantErrorCode.IMPORT_ALREADY_RUNNING
    assert ImportRun.objects.filter(pk=run.pk).values().get() == before
    assert AuditEvent.objects.filter(verb="tenant.import_started").count() == 1


def test_a_stalled_run_may_be_started_again_and_the_old_one_stops(store):
    # given a run whose worker vanished an hour ago
    with freeze_time(timezone.now() - timedelta(hours=1)):
        old = tenant_import_start(tenant_id=store.pk, actor=Actor.system(), queue=False)
    # when it is started again
    new = tenant_import_start(tenant_id=store.pk, actor=Actor.system(), queue=False)
    # then a new run replaces it, and a late task of the old one does nothing
    assert new.run_id != old.run_id and new.state == S.RUNNING
    late = import_step_attempt(
        tenant_id=store.pk, run_id=str(old.run_id), step="READ_MODELS", attempt=1
    )
    assert late.state is None
    assert ImportRun.objects.get().attempts == 0


def test_an_uninstalled_tenant_cannot_import(store):
    store.is_active = False
    store.save()
    with pytest.raises(TenantError) as refused:
        tenant_import_start(tenant_id=store.pk, actor=Actor.system(), queue=False)
    assert refused.value.code is TenantErrorCode.TENANT_INACTIVE
    assert not ImportRun.objects.exists()


def test_installing_starts_the_import(fake_saleor, settings, django_capture_on_commit_callbacks):
    settings.INVENTORY_WRITE_BACK_ENABLED = False
    fake_saleor.orders[0]["origin"] = ""
    with django_capture_on_commit_callbacks(execute=True):
        tenant = tenant_add(
            api_url=fake_saleor.url, token=fake_saleor.app_token, jwks=jwks(), app_id=APP_ID
        )
    run = ImportRun.objects.get(tenant=tenant)
    assert run.state == S.SUCCEEDED
    assert Order.objects.filter(tenant=tenant).count() == 25


# -- GraphQL ----------------------------------------------------------------------------------

IMPORT_QUERY = """
query { tenant { import {
  state startedAt finishedAt attempts orders locations stockRows
  skipped { kind saleorId reason } errors
} } }
"""
IMPORT_START = """
mutation { tenantImportStart {
  import { state attempts orders skipped { kind saleorId reason } errors }
  errors { field message code }
} }
"""


def test_graphql_shows_a_tenant_that_never_imported_as_not_started(client, capture_tenant):
    with freeze_time(valid_moment("app_extension_access")):
        status, body = gql(client, IMPORT_QUERY, token=tokens()["app_extension_access"])
    assert status == 200, body
    assert body["data"]["tenant"]["import"] == {
        "state": "NOT_STARTED",
        "startedAt": None,
        "finishedAt": None,
        "attempts": 0,
        "orders": 0,
        "locations": 0,
        "stockRows": 0,
        "skipped": [],
        "errors": [],
    }


def test_graphql_shows_the_last_run_with_its_skipped_records(client, capture_tenant):
    # given a run that completed with a skipped order
    ImportRun.objects.create(
        tenant=capture_tenant,
        run_id=uuid.uuid4(),
        state=S.COMPLETED_WITH_SKIPS,
        step="FOLLOWUPS",
        started_at=timezone.now(),
        finished_at=timezone.now(),
        attempts=2,
        orders=24,
        locations=5,
        stock_rows=60,
        skipped=[{"kind": "ORDER", "saleor_id": "T3JkZXI6MQ==", "reason": BLANK_ORIGIN}],
        errors=["read models: Saleor answered HTTP 503 (after 1 attempts)"],
        updated_at=timezone.now(),
    )
    with freeze_time(valid_moment("app_extension_access")):
        _, body = gql(client, IMPORT_QUERY, token=tokens()["app_extension_access"])
    shown = body["data"]["tenant"]["import"]
    assert (shown["state"], shown["attempts"], shown["orders"], shown["stockRows"]) == (
        "COMPLETED_WITH_SKIPS",
        2,
        24,
        60,
    )
    assert shown["skipped"] == [
        {"kind": "ORDER", "saleorId": "T3JkZXI6MQ==", "reason": BLANK_ORIGIN}
    ]
    assert shown["errors"] == ["read models: Saleor answered HTTP 503 (after 1 attempts)"]


def test_graphql_start_queues_a_run_then_refuses_a_second(
    client, capture_tenant, django_capture_on_commit_callbacks
):
    # when staff start the import (its task is captured, not run)
    with (
        freeze_time(valid_moment("app_extension_access")),
        django_capture_on_commit_callbacks(execute=False) as queued,
    ):
        _, started = gql(client, IMPORT_START, token=tokens()["app_extension_access"])
        _, again = gql(client, IMPORT_START, token=tokens()["app_extension_access"])
    # then the first is RUNNING with a task queued
    assert started["data"]["tenantImportStart"] == {
        "import": {"state": "RUNNING", "attempts": 0, "orders": 0, "skipped": [], "errors": []},
        "errors": [],
    }
    assert len(queued) == 1
    # and the second is refused with its code, the run unchanged
    payload = again["data"]["tenantImportStart"]
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [
        (None, "IMPORT_ALREADY_RUNNING")
    ]
    assert payload["import"]["state"] == "RUNNING"
    assert ImportRun.objects.count() == 1
    assert AuditEvent.objects.filter(verb="tenant.import_started").count() == 1


def test_graphql_refuses_the_import_to_keys_and_viewers_without_permission(client, capture_tenant):
    # given an integration key with MANAGE_ORDERS, and one with stock rights only
    orders_key = make_api_key(capture_tenant, ["MANAGE_ORDERS"])
    stock_key = make_api_key(capture_tenant, ["MANAGE_PRODUCTS"])
    # when the key starts an import, then it is refused: staff only
    _, body = gql(client, IMPORT_START, api_key=orders_key)
    assert error_codes(body) == ["PERMISSION_DENIED"]
    assert body["data"] is None
    # when a viewer without MANAGE_ORDERS / MANAGE_APPS reads the state, then it is refused
    _, read = gql(client, IMPORT_QUERY, api_key=stock_key)
    assert error_codes(read) == ["PERMISSION_DENIED"]
    assert read["data"]["tenant"]["import"] is None
    # and nothing was started
    assert not ImportRun.objects.exists()


# -- CLI --------------------------------------------------------------------------------------


def test_cli_runs_the_import_again_and_reports_it(fake_saleor, store, capsys):
    # given an order Saleor cannot return
    fake_saleor.orders[2]["status"] = ""
    # when the operator re-runs the import
    call_command("tenant", "import", "--api-url", fake_saleor.url)
    # then it ran here, to the end, and says what it did
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("COMPLETED_WITH_SKIPS: 24 orders, 5 locations, ")
    assert out[1].startswith(f"skipped ORDER {fake_saleor.orders[2]['id']}: ")
    assert ImportRun.objects.get().state == S.COMPLETED_WITH_SKIPS


def test_cli_fails_with_one_line_for_an_unknown_tenant(db):
    with pytest.raises(CommandError) as failed:
        call_command("tenant", "import", "--api-url", "https://nowhere.example/graphql/")
    assert str(failed.value) == "NOT_FOUND: no tenant for https://nowhere.example/graphql/"
    assert "\n" not in str(failed.value)


def test_cli_exits_non_zero_when_the_import_fails(fake_saleor, store):
    fake_saleor.revoke_token(fake_saleor.app_token)
    with pytest.raises(CommandError) as failed:
        call_command("tenant", "import", "--api-url", fake_saleor.url)
    assert str(failed.value).startswith("import failed: read models: ")
    assert ImportRun.objects.get().state == S.FAILED


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(read_model_import, "PAGE_SIZE", 4)


def test_an_unexpected_error_ends_the_run_failed_and_is_raised(
    store, monkeypatch, django_capture_on_commit_callbacks
):
    # given a defect in the import itself
    def broken(**_):
        raise RuntimeError("boom")

    monkeypatch.setattr(import_runs, "read_models_import_run", broken)
    # when the import runs, then the error reaches the worker
    with pytest.raises(RuntimeError, match="boom"):
        _start(store, django_capture_on_commit_callbacks)
    # and the run is not left RUNNING: it failed at its first attempt, saying why
    run = ImportRun.objects.get(tenant=store)
    assert (run.state, run.attempts) == (S.FAILED, 1)
    assert "boom" in run.errors[-1]
    audit = AuditEvent.objects.get(verb="tenant.import_failed")
    assert audit.data["attempt"] == 1


def test_the_webhooks_app_registers_the_read_model_import_as_step_one():
    # the run reaches the sync side's import only through the registration
    from saleor_oms_plugin.tenants import read_models_step
    from saleor_oms_plugin.webhooks.read_model_import import tenant_import_read_models_run

    assert read_models_step._registered == [tenant_import_read_models_run]


def test_without_a_registered_read_model_import_step_one_fails_plainly(monkeypatch):
    from saleor_oms_plugin.tenants import read_models_step

    monkeypatch.setattr(read_models_step, "_registered", [])
    with pytest.raises(RuntimeError, match="no read-model import is registered"):
        read_models_step.read_models_import_run(tenant_id=1)
