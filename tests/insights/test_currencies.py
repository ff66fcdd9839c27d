"""The reporting currency and the exchange rates on the staff API, and ``insights`` totals in
the reporting currency."""

from __future__ import annotations

import pytest

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.insights.models import ExchangeRate, ReportingCurrency
from tests.fixtures.graphql import error_codes, gql, make_api_key
from tests.fixtures.insights import Version, apply_order

pytestmark = pytest.mark.django_db

SET_CURRENCY = """
mutation Set($currency: String) {
  insightsReportingCurrencySet(currency: $currency) { reportingCurrency errors { field code } }
}
"""
SET_RATE = """
mutation Rate($input: OmsExchangeRateInput!) {
  exchangeRateSet(input: $input) {
    rate { id currency reportingCurrency rate validFrom }
    errors { field code message }
  }
}
"""
DELETE_RATE = """
mutation Delete($id: ID!) { exchangeRateDelete(id: $id) { rate { id } errors { code } } }
"""
RATES = """
query Rates($currency: String) { exchangeRates(currency: $currency) { currency rate validFrom } }
"""
INSIGHTS = """
query Insights($range: OmsDateRangeInput!) {
  insights(range: $range) {
    totals { currency current { orders grossTotal } }
    reportingCurrency
    reportingTotals { currency current { orders grossTotal netTotal } previous { orders grossTotal } }
    unconvertedCurrencies
  }
}
"""
DAY = 24 * 60
WEEK = {"gte": "2026-11-21", "lte": "2026-11-27"}


@pytest.fixture
def key(capture_tenant):
    return make_api_key(capture_tenant, ["MANAGE_ORDERS"])


def _run(client, key, query, **variables):
    status, body = gql(client, query, variables, api_key=key)
    assert status == 200, body
    return body


def _rate(client, key, currency, rate, valid_from):
    body = _run(
        client, key, SET_RATE, input={"currency": currency, "rate": rate, "validFrom": valid_from}
    )
    return body["data"]["exchangeRateSet"]


def test_reporting_currency_is_set_cleared_and_checked(client, capture_tenant, key):
    data = _run(client, key, SET_CURRENCY, currency="eur")["data"]["insightsReportingCurrencySet"]
    assert data == {"reportingCurrency": "EUR", "errors": []}

    refused = _run(client, key, SET_CURRENCY, currency="EURO")["data"][
        "insightsReportingCurrencySet"
    ]
    assert refused["errors"] == [{"field": "currency", "code": "INVALID_CURRENCY"}]
    assert ReportingCurrency.objects.get(tenant=capture_tenant).currency == "EUR"

    cleared = _run(client, key, SET_CURRENCY, currency=None)["data"]["insightsReportingCurrencySet"]
    assert cleared == {"reportingCurrency": None, "errors": []}
    assert not ReportingCurrency.objects.exists()
    assert AuditEvent.objects.filter(verb="insights.reporting_currency_set").count() == 2


def test_rates_are_refused_when_bad_and_nothing_is_written(client, capture_tenant, key):
    assert _rate(client, key, "USD", "0.9", "2026-11-01")["errors"][0]["code"] == (
        "NO_REPORTING_CURRENCY"
    )
    _run(client, key, SET_CURRENCY, currency="EUR")
    cases = [
        ("USD", "-0.9", "INVALID_RATE"),
        ("USD", "0", "INVALID_RATE"),
        ("US", "0.9", "INVALID_CURRENCY"),
        ("12$", "0.9", "INVALID_CURRENCY"),
        ("EUR", "1.1", "SAME_CURRENCY"),
    ]
    for currency, rate, code in cases:
        data = _rate(client, key, currency, rate, "2026-11-01")
        assert (data["rate"], [e["code"] for e in data["errors"]]) == (None, [code]), currency
    assert not ExchangeRate.objects.exists()


def test_rates_are_kept_listed_replaced_and_deleted(client, capture_tenant, key):
    _run(client, key, SET_CURRENCY, currency="EUR")
    first = _rate(client, key, "usd", "0.9", "2026-11-01")["rate"]
    assert first["currency"] == "USD" and first["reportingCurrency"] == "EUR"
    assert first["rate"] == "0.9"
    _rate(client, key, "USD", "0.95", "2026-11-01")  # the same day: replaced
    _rate(client, key, "USD", "0.8", "2026-11-10")
    _rate(client, key, "GBP", "1.2", "2026-11-05")

    rates = _run(client, key, RATES)["data"]["exchangeRates"]
    assert [(r["currency"], r["rate"], r["validFrom"]) for r in rates] == [
        ("USD", "0.8", "2026-11-10"),
        ("GBP", "1.2", "2026-11-05"),
        ("USD", "0.95", "2026-11-01"),
    ]
    assert len(_run(client, key, RATES, currency="gbp")["data"]["exchangeRates"]) == 1

    deleted = _run(client, key, DELETE_RATE, id=first["id"])["data"]["exchangeRateDelete"]
    assert deleted == {"rate": None, "errors": []}
    again = _run(client, key, DELETE_RATE, id=first["id"])["data"]["exchangeRateDelete"]
    assert again["errors"] == [{"code": "NOT_FOUND"}]


def test_changing_rates_needs_manage_orders(client, capture_tenant):
    key = make_api_key(capture_tenant, ["MANAGE_PRODUCTS"])
    _, body = gql(client, SET_CURRENCY, {"currency": "EUR"}, api_key=key)
    assert error_codes(body) == ["PERMISSION_DENIED"]
    assert not ReportingCurrency.objects.exists()


def test_insights_convert_each_day_at_its_rate_and_name_what_they_cannot(
    client, capture_tenant, key
):
    tenant = capture_tenant.pk
    apply_order(tenant, Version(1, created_minutes=120, currency="USD", total="10.00"))
    apply_order(tenant, Version(2, created_minutes=3 * DAY + 120, currency="USD", total="10.00"))
    apply_order(tenant, Version(3, created_minutes=120, currency="EUR", total="5.00"))
    apply_order(tenant, Version(4, created_minutes=120, currency="GBP", total="7.00"))
    apply_order(tenant, Version(5, created_minutes=-3 * DAY, currency="EUR", total="2.00"))

    before = _run(client, key, INSIGHTS, range=WEEK)["data"]["insights"]
    assert before["reportingCurrency"] is None and before["reportingTotals"] is None
    assert before["unconvertedCurrencies"] == []

    _run(client, key, SET_CURRENCY, currency="EUR")
    _rate(client, key, "USD", "0.9", "2026-11-01")
    _rate(client, key, "USD", "0.5", "2026-11-24")  # the second USD order's day
    data = _run(client, key, INSIGHTS, range=WEEK)["data"]["insights"]

    assert data["reportingCurrency"] == "EUR"
    assert data["unconvertedCurrencies"] == ["GBP"]
    reporting = data["reportingTotals"]
    assert reporting["currency"] == "EUR"
    # 10 USD × 0.9 + 10 USD × 0.5 + 5 EUR; GBP (no rate) left out, orders counted alike
    assert reporting["current"] == {"orders": 3, "grossTotal": "19.00", "netTotal": "19.00"}
    assert reporting["previous"] == {"orders": 1, "grossTotal": "2.00"}
    # the per-currency totals are untouched
    assert {t["currency"] for t in data["totals"]} == {"USD", "EUR", "GBP"}
