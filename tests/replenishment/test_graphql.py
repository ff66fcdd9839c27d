"""The replenishment GraphQL API: settings, alerts, cover, suggestions; permission; tenants."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from graphql_relay import to_global_id

from saleor_oms_plugin.replenishment import refresh
from saleor_oms_plugin.replenishment.models import StockAlert
from tests.fixtures.graphql import error_codes, gql, make_api_key, make_location
from tests.fixtures.inventory import make_stock
from tests.fixtures.stock_watch import adjust
from tests.fixtures.tenants import make_capture_tenant

pytestmark = pytest.mark.django_db
MUG = "UHJvZHVjdFZhcmlhbnQ6NDAx"

SET = """
mutation Set($input: OmsReplenishmentSettingInput!) {
  replenishmentSettingSet(input: $input) {
    setting { id variantId reorderPoint targetLevel leadTimeDays onOrder location { name } }
    errors { field message code }
  }
}
"""
ALERTS = """
query Alerts($states: [OmsStockAlertState!]) {
  stockAlerts(first: 10, states: $states) {
    totalCount
    edges { node { id kind state facts stock { variantId location { name } } } }
  }
}
"""
ACK = """
mutation Ack($id: ID!) {
  stockAlertAcknowledge(id: $id) { alert { state acknowledgedBy } errors { field code } }
}
"""
SUGGESTIONS = """
query Suggestions {
  purchaseSuggestions { quantity inbound leadTimeDays arrivesOn runOutOn
                        runsOutBeforeRestock stock { variantId } }
  purchaseSuggestionsCsv
  stockCover(variantId: "UHJvZHVjdFZhcmlhbnQ6NDAx") { unitsPerDay daysOfCover
                                                      stock { location { name } } }
}
"""


@pytest.fixture(autouse=True)
def _setup(settings, monkeypatch):
    settings.INVENTORY_WRITE_BACK_ENABLED = False
    monkeypatch.setattr(refresh, "DEBOUNCE_SECONDS", 0)
    cache.clear()


@pytest.fixture
def shop(capture_tenant):
    la = make_location(capture_tenant, "LA")
    stock = make_stock(capture_tenant, la, MUG, on_hand=12)
    return capture_tenant, la, stock, make_api_key(capture_tenant, ["MANAGE_PRODUCTS"])


def _set(client, key, location, **extra):
    variables = {
        "input": {
            "locationId": to_global_id("OmsLocation", location.pk),
            "variantId": MUG,
            "reorderPoint": 5,
            "targetLevel": 20,
            "leadTimeDays": 10,
            **extra,
        }
    }
    return gql(client, SET, variables, api_key=key)


def test_staff_set_thresholds_see_alerts_and_suggestions(
    client, shop, django_capture_on_commit_callbacks
):
    tenant, la, stock, key = shop
    with django_capture_on_commit_callbacks(execute=True):
        status, body = _set(client, key, la, onOrder=2)
    assert status == 200, body
    payload = body["data"]["replenishmentSettingSet"]
    assert payload["errors"] == []
    assert payload["setting"]["reorderPoint"] == 5
    # when stock drops to 3
    with django_capture_on_commit_callbacks(execute=True):
        adjust(stock, -9)
    _, body = gql(client, ALERTS, api_key=key)
    [edge] = body["data"]["stockAlerts"]["edges"]
    alert = edge["node"]
    assert (alert["kind"], alert["state"]) == ("LOW_STOCK", "OPEN")
    assert alert["stock"]["location"]["name"] == "LA"
    assert '"quantity": 3' in alert["facts"]
    # then the suggestion tops up to 20 minus 3 available minus 2 on order
    _, body = gql(client, SUGGESTIONS, api_key=key)
    [suggestion] = body["data"]["purchaseSuggestions"]
    assert (suggestion["quantity"], suggestion["inbound"], suggestion["leadTimeDays"]) == (
        15,
        2,
        10,
    )
    assert suggestion["runsOutBeforeRestock"] is False
    assert body["data"]["purchaseSuggestionsCsv"].splitlines()[1].startswith(f"{MUG},,LA,3,")
    [cover] = body["data"]["stockCover"]
    assert (cover["unitsPerDay"], cover["daysOfCover"]) == (None, None)
    # and acknowledging keeps it listed as unresolved
    _, body = gql(client, ACK, {"id": alert["id"]}, api_key=key)
    assert body["data"]["stockAlertAcknowledge"]["alert"]["state"] == "ACKNOWLEDGED"
    _, body = gql(client, ALERTS, api_key=key)
    assert body["data"]["stockAlerts"]["totalCount"] == 1


def test_bad_input_is_an_error_in_the_payload_and_changes_nothing(client, shop):
    _, la, _, key = shop
    _, body = _set(client, key, la, reorderPoint=30)
    payload = body["data"]["replenishmentSettingSet"]
    assert payload["setting"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [
        ("target_level", "INVALID_TARGET")
    ]
    _, body = _set(client, key, la, leadTimeDays=-1)
    assert body["data"]["replenishmentSettingSet"]["errors"][0]["code"] == "INVALID_QUANTITY"


def test_manage_products_is_required(client, shop):
    tenant, la, _, _ = shop
    orders_only = make_api_key(tenant, ["MANAGE_ORDERS"], name="orders")
    _, body = gql(client, ALERTS, api_key=orders_only)
    assert error_codes(body) == ["PERMISSION_DENIED"]
    _, body = _set(client, orders_only, la)
    assert error_codes(body) == ["PERMISSION_DENIED"]


def test_another_tenant_sees_and_touches_nothing(client, shop, django_capture_on_commit_callbacks):
    tenant, la, stock, key = shop
    with django_capture_on_commit_callbacks(execute=True):
        _set(client, key, la)
    with django_capture_on_commit_callbacks(execute=True):
        adjust(stock, -9)
    alert_id = to_global_id("OmsStockAlert", StockAlert.objects.get().pk)
    other = make_capture_tenant(api_url="http://127.0.0.1:9/graphql/")
    other_key = make_api_key(other, ["MANAGE_PRODUCTS"])
    _, body = gql(client, ALERTS, api_key=other_key)
    assert body["data"]["stockAlerts"]["totalCount"] == 0
    _, body = gql(client, SUGGESTIONS, api_key=other_key)
    assert body["data"]["purchaseSuggestions"] == []
    assert body["data"]["stockCover"] == []
    _, body = gql(
        client, "query($id: ID!) { node(id: $id) { id } }", {"id": alert_id}, api_key=other_key
    )
    assert body["data"]["node"] is None
    _, body = gql(client, ACK, {"id": alert_id}, api_key=other_key)
    assert body["data"]["stockAlertAcknowledge"]["errors"] == [
        {"field": "id", "code": "ALERT_NOT_FOUND"}
    ]
    # and its setting cannot target the first tenant's location
    _, body = _set(client, other_key, la)
    assert body["data"]["replenishmentSettingSet"]["errors"][0]["code"] == "LOCATION_NOT_FOUND"
    assert StockAlert.objects.get().state == "OPEN"


def test_alerts_and_suggestions_cost_the_same_queries_for_one_or_many(
    client, shop, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    tenant, la, stock, key = shop
    tenant.settings = {"replenishment": {"reorder_point": 5, "target_level": 20}}
    tenant.save()
    ny = make_location(tenant, "NY")

    def cost() -> int:
        with CaptureQueriesContext(connection) as queries:
            _, body = gql(client, ALERTS, api_key=key)
            _, body = gql(client, SUGGESTIONS, api_key=key)
        # the API key's last-used stamp is written at most once a minute: not counted
        return sum(1 for q in queries.captured_queries if not q["sql"].startswith("UPDATE"))

    with django_capture_on_commit_callbacks(execute=True):
        adjust(stock, -10)
    one = cost()
    for number in range(5):
        other = make_stock(tenant, ny if number % 2 else la, f"variant-{number}", on_hand=3)
        with django_capture_on_commit_callbacks(execute=True):
            adjust(other, -1)
    assert cost() == one


FORECAST = """
query Forecast($days: Int!) {
  stockCover(variantId: "UHJvZHVjdFZhcmlhbnQ6NDAx") {
    source unitsPerDay daysOfCover leadTimeDemand
    forecast { method demandClass startsOn daily nextDaysDemand(days: $days) historyDays
               backtestWindows wape mase ewmaWape naiveWape wapeVsEwma computedAt }
  }
}
"""


def test_stock_cover_shows_the_demand_forecast_it_used(client, shop):
    from django.utils import timezone

    from saleor_oms_plugin.replenishment.models import DemandForecast

    tenant, _, stock, key = shop
    _, body = gql(client, FORECAST, {"days": 7}, api_key=key)
    [cover] = body["data"]["stockCover"]
    assert (cover["source"], cover["forecast"]) == ("VELOCITY", None)

    DemandForecast.objects.create(
        tenant=tenant,
        stock=stock,
        method="ets",
        demand_class="smooth",
        starts_on=timezone.now().date(),
        daily=[1.0, 2.0, 3.0] + [2.0] * 25,
        history_days=200,
        backtest_windows=3,
        wape=0.2,
        mase=0.7,
        ewma_wape=0.25,
        naive_wape=0.3,
        computed_at=timezone.now(),
    )
    _, body = gql(client, FORECAST, {"days": 3}, api_key=key)
    [cover] = body["data"]["stockCover"]
    forecast = cover["forecast"]
    assert cover["source"] == "FORECAST"
    assert cover["unitsPerDay"] == pytest.approx(2.0)
    assert cover["daysOfCover"] == pytest.approx(6.0)  # 12 units: 1+2+3, then 2 a day
    assert (forecast["method"], forecast["nextDaysDemand"]) == ("ets", 6.0)
    assert forecast["wapeVsEwma"] == pytest.approx(0.8)
    assert len(forecast["daily"]) == 28

    # a number of days out of range is an error
    _, body = gql(client, FORECAST, {"days": 0}, api_key=key)
    assert "between 1 and 366" in body["errors"][0]["message"]


def test_another_tenant_sees_no_forecast(client, shop):
    from django.utils import timezone

    from saleor_oms_plugin.replenishment.models import DemandForecast

    tenant, _, stock, _ = shop
    DemandForecast.objects.create(
        tenant=tenant,
        stock=stock,
        method="ets",
        demand_class="smooth",
        starts_on=timezone.now().date(),
        daily=[1.0] * 28,
        computed_at=timezone.now(),
    )
    other = make_capture_tenant(api_url="http://127.0.0.1:1/graphql/", app_id="QXBwOjM=")
    other_key = make_api_key(other, ["MANAGE_PRODUCTS"])
    make_stock(other, make_location(other, "NY"), MUG, on_hand=3)

    _, body = gql(client, FORECAST, {"days": 7}, api_key=other_key)

    [cover] = body["data"]["stockCover"]
    assert (cover["source"], cover["forecast"]) == ("VELOCITY", None)
