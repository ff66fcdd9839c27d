"""A completed return never stays PENDING in Saleor for good: retries that run out, errors
nobody expected and tasks lost on the way (a broker down at commit) all end FAILED or queued
again, and staff may retry a return that has been pending too long."""

from __future__ import annotations

from datetime import timedelta

import pytest
from celery.exceptions import Retry
from django.utils import timezone

from saleor_oms_plugin.returns import tasks
from saleor_oms_plugin.returns.completion import return_request_retry_saleor
from saleor_oms_plugin.returns.errors import ReturnError
from saleor_oms_plugin.returns.models import ReturnRequest
from saleor_oms_plugin.returns.saleor_sync import return_sync, return_sync_give_up
from saleor_oms_plugin.saleor.errors import SaleorTransportError
from tests.fixtures.fake_saleor import APP_ID
from tests.fixtures.returns import (
    STAFF,
    SaleorReturns,
    make_policy,
    return_completed,
    saleor_client,
)
from tests.fixtures.tenants import make_capture_tenant

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_stock_write_back(settings):
    settings.INVENTORY_WRITE_BACK_ENABLED = False


@pytest.fixture
def saleor(fake_saleor):
    return SaleorReturns(fake_saleor)


@pytest.fixture
def shop(fake_saleor):
    tenant = make_capture_tenant(
        api_url=fake_saleor.url, token=fake_saleor.app_token, app_id=APP_ID
    )
    make_policy(tenant, window_days=3650, resolutions=["refund", "exchange", "store_credit"])
    return tenant


def _age(request: ReturnRequest, minutes: int) -> None:
    ReturnRequest.objects.filter(pk=request.pk).update(
        updated_at=timezone.now() - timedelta(minutes=minutes)
    )


def _state(request: ReturnRequest) -> tuple[str, str]:
    request.refresh_from_db()
    return request.saleor_state, request.saleor_error


def test_a_task_out_of_retries_marks_the_return_failed(fake_saleor, saleor, shop, monkeypatch):
    request = return_completed(shop, saleor)

    def unreachable(**_):
        raise SaleorTransportError("connection refused")

    monkeypatch.setattr(tasks, "return_sync", unreachable)
    # the last attempt (retries == max_retries) gives up instead of retrying again
    result = tasks.sync_return_to_saleor.apply(
        args=(shop.pk, request.pk), retries=tasks.MAX_RETRIES
    )
    assert result.get() == "failed"
    state, error = _state(request)
    assert state == "failed"
    assert "could not be reached after 11 attempts" in error and "connection refused" in error


def test_a_task_with_retries_left_retries(fake_saleor, saleor, shop, monkeypatch):
    request = return_completed(shop, saleor)

    def unreachable(**_):
        raise SaleorTransportError("reset")

    monkeypatch.setattr(tasks, "return_sync", unreachable)
    with pytest.raises(Retry):
        tasks.sync_return_to_saleor.apply(args=(shop.pk, request.pk), retries=3)
    assert _state(request) == ("pending", "")


def test_an_unexpected_error_marks_the_return_failed(fake_saleor, saleor, shop, monkeypatch):
    saleor.add_transaction(37)
    request = return_completed(shop, saleor)
    from saleor_oms_plugin.returns import saleor_sync

    def broken(*args, **kwargs):
        raise KeyError("grantedRefunds")

    monkeypatch.setattr(saleor_sync, "_refund", broken)
    assert return_sync(client=saleor_client(fake_saleor), request_id=request.pk) == "failed"
    state, error = _state(request)
    assert state == "failed" and "unexpected error" in error and "grantedRefunds" in error


def test_a_return_pending_too_long_can_be_retried(
    fake_saleor, saleor, shop, django_capture_on_commit_callbacks
):
    saleor.add_transaction(37)
    request = return_completed(shop, saleor)  # its task never ran
    # a fresh PENDING return still has a task coming: no retry yet
    with pytest.raises(ReturnError) as refused:
        return_request_retry_saleor(tenant_id=shop.pk, request_id=request.pk, actor=STAFF)
    assert "pending for 15 minutes" in str(refused.value)
    _age(request, 16)
    with django_capture_on_commit_callbacks(execute=True):
        return_request_retry_saleor(tenant_id=shop.pk, request_id=request.pk, actor=STAFF)
    assert _state(request) == ("done", "")


def test_a_broker_down_at_commit_leaves_it_to_the_sweep(
    fake_saleor, saleor, shop, django_capture_on_commit_callbacks, monkeypatch
):
    saleor.add_transaction(37)

    def broker_down(*args):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(tasks.sync_return_to_saleor, "delay", broker_down)
    # completing still succeeds: the return is committed, only the queueing failed
    with django_capture_on_commit_callbacks(execute=True):
        request = return_completed(shop, saleor)
    assert _state(request)[0] == "pending"
    monkeypatch.undo()
    # a recent one is left to its task; one untouched for 15 minutes is queued again
    assert tasks.requeue_stalled_returns() == 0
    _age(request, 16)
    assert tasks.requeue_stalled_returns() == 1
    assert _state(request) == ("done", "")
    assert tasks.requeue_stalled_returns() == 0


def test_the_sweep_is_scheduled(settings):
    tasks_scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "saleor_oms_plugin.returns.tasks.requeue_stalled_returns" in tasks_scheduled


def test_giving_up_leaves_a_return_saleor_already_recorded_alone(fake_saleor, saleor, shop):
    request = return_completed(shop, saleor)
    ReturnRequest.objects.filter(pk=request.pk).update(saleor_state="done")
    assert return_sync_give_up(request_id=request.pk, reason="too late") is False
    assert _state(request) == ("done", "")
