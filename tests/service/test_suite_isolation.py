"""The suite's own machinery: parallel workers apart, and the database emptied after a test."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection
from django.utils import timezone

from saleor_oms_plugin.celery_app import app as celery_app
from saleor_oms_plugin.inventory.models import StockLevel, StockMovement
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.tenants.models import Tenant
from tests.fixtures.inventory import make_stock
from tests.fixtures.tenants import make_capture_tenant
from tests.settings import first_broker_url, worker_broker_url

BROKER = "redis://127.0.0.1:6379/15"


@pytest.mark.parametrize(
    ("worker", "url"),
    [
        ("", BROKER),
        ("gw0", BROKER),
        ("gw1", "redis://127.0.0.1:6379/14"),
        ("gw15", "redis://127.0.0.1:6379/0"),
    ],
)
def test_each_xdist_worker_has_a_redis_database_of_its_own(worker, url):
    assert worker_broker_url(BROKER, worker) == url


def test_a_worker_with_no_redis_database_left_says_what_to_do():
    with pytest.raises(RuntimeError, match="run fewer workers"):
        worker_broker_url("redis://127.0.0.1:6379/1", "gw2")


def test_this_worker_runs_on_databases_of_its_own(db, worker_id):
    # worker_id is pytest-xdist's: "master" when the suite runs in one process
    worker = "" if worker_id == "master" else worker_id
    assert settings.CELERY_BROKER_URL == worker_broker_url(first_broker_url, worker)
    assert celery_app.conf.broker_url == settings.CELERY_BROKER_URL
    if worker:
        assert connection.settings_dict["NAME"].endswith(f"_{worker}")


def test_the_flush_after_a_test_deletes_rather_than_truncates():
    statements = connection.ops.sql_flush(no_style(), ["oms_a", "oms_b"])
    assert statements == ['DELETE FROM "oms_a";', 'DELETE FROM "oms_b";']
    # a flush that resets sequences keeps Django's own statement
    reset = connection.ops.sql_flush(no_style(), ["oms_a"], reset_sequences=True)
    assert reset == ['TRUNCATE "oms_a" RESTART IDENTITY;']


@pytest.mark.django_db(transaction=True)
def test_the_flush_after_a_committing_test_empties_related_tables():
    # given committed rows that refer to each other, and an append-only stock movement
    tenant = make_capture_tenant()
    location = Location.objects.create(
        tenant=tenant, saleor_id="V2FyZWhvdXNlOjE=", name="A", source_issued_at=timezone.now()
    )
    stock = make_stock(tenant, location, "UHJvZHVjdFZhcmlhbnQ6MQ==", on_hand=1)
    StockMovement.objects.create(
        tenant=tenant,
        stock=stock,
        reason=StockMovement.Reason.MANUAL_ADJUSTMENT,
        source="tests",
        on_hand_delta=1,
        on_hand_after=1,
        allocated_after=0,
        reserved_after=0,
        safety_stock_after=0,
        actor_type="operator",
        created_at=timezone.now(),
    )
    # when the database is flushed as after a committing test
    call_command(
        "flush",
        verbosity=0,
        interactive=False,
        reset_sequences=False,
        allow_cascade=False,
        inhibit_post_migrate=False,
    )
    # then every table is empty
    for model in (Tenant, Location, StockLevel, StockMovement):
        assert not model.objects.exists(), model
