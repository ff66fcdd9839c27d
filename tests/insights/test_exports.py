"""``insightsExport``: a signed short-lived link, and the CSV or XLSX behind it."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, fields
from datetime import date, timedelta
from decimal import Decimal
from urllib.parse import urlparse

import pytest
from django.utils import timezone
from freezegun import freeze_time
from openpyxl import load_workbook

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.insights import exports
from saleor_oms_plugin.insights.currencies import exchange_rate_set, reporting_currency_set
from saleor_oms_plugin.insights.exports import LINK_MAX_AGE, export_table
from saleor_oms_plugin.insights.histograms import BINS
from saleor_oms_plugin.insights.selectors import Durations, Figures, InsightRow
from tests.fixtures.graphql import error_codes, gql, make_api_key
from tests.fixtures.insights import Shipment, Version, apply_order

pytestmark = pytest.mark.django_db

EXPORT = """
query Export($range: OmsDateRangeInput, $format: OmsExportFormat!, $groupBy: OmsInsightsGroupBy,
             $currency: String) {
  insightsExport(range: $range, format: $format, groupBy: $groupBy, currency: $currency) {
    url filename contentType expiresAt
  }
}
"""
DAY = 24 * 60
WEEK = {"gte": "2026-11-21", "lte": "2026-11-27"}


@pytest.fixture
def key(capture_tenant):
    tenant = capture_tenant.pk
    apply_order(
        tenant, Version(1, created_minutes=120, total="10.50", shipments=(Shipment(1), Shipment(2)))
    )
    apply_order(tenant, Version(2, created_minutes=DAY + 120, total="5.00"))
    apply_order(tenant, Version(3, created_minutes=120, channel="=HYPERLINK(1)", currency="EUR"))
    return make_api_key(capture_tenant, ["MANAGE_ORDERS"])


def _link(client, key, **variables):
    status, body = gql(client, EXPORT, variables, api_key=key)
    assert status == 200 and "errors" not in body, body
    return body["data"]["insightsExport"]


def _fetch(client, url):
    return client.get(urlparse(url).path)


def test_csv_holds_every_figure_per_day_and_currency(client, key):
    link = _link(client, key, range=WEEK, format="CSV")
    assert link["filename"] == "insights-2026-11-21-2026-11-27.csv"
    assert link["contentType"] == "text/csv"

    response = _fetch(client, link["url"])

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{link["filename"]}"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["period"], r["currency"], r["orders"], r["gross_total"]) for r in rows] == [
        ("2026-11-21", "EUR", "1", "10.0000"),
        ("2026-11-21", "USD", "1", "10.5000"),
        ("2026-11-22", "USD", "1", "5.0000"),
    ]
    assert rows[1]["split_rate"] == "1" and rows[1]["shipments"] == "2"


def test_xlsx_cells_are_numbers_dates_and_never_formulas(client, key):
    link = _link(client, key, range=WEEK, format="XLSX", groupBy="CHANNEL")
    response = _fetch(client, link["url"])
    assert response.status_code == 200
    assert response["Content-Type"] == link["contentType"]

    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["period", "channel", "currency", "orders"]
    by_column = [
        dict(zip(header, [c.value for c in row], strict=True)) for row in sheet.iter_rows(min_row=2)
    ]
    assert [(r["channel"], r["currency"], r["orders"]) for r in by_column] == [
        ("=HYPERLINK(1)", "EUR", 1),
        ("oms-us", "USD", 2),
    ]
    assert by_column[1]["gross_total"] == pytest.approx(15.5)
    assert sheet.cell(row=2, column=2).data_type == "s"  # text, not a formula

    by_day = load_workbook(
        io.BytesIO(_fetch(client, _link(client, key, range=WEEK, format="XLSX")["url"]).content)
    ).active
    assert by_day.cell(row=2, column=1).value.date() == date(2026, 11, 21)


def test_every_figure_is_a_column(client, key):
    shipped = Durations(tuple(2 if index == 4 else 0 for index in range(BINS)))
    header, lines = export_table(
        [
            InsightRow(
                date(2026, 1, 1),
                None,
                "USD",
                Figures(orders=2, gross_total=Decimal(3), paid_to_shipped=shipped),
            )
        ]
    )
    # a flat figure is its own column; a cycle time its count and percentiles, as in GraphQL
    for field in fields(Figures):
        if field.type in ("Durations", Durations):
            leaves = {
                f"cycle_times.{field.name}.{leaf}" for leaf in ("count", "p50_hours", "p90_hours")
            }
            assert leaves <= set(header)
        else:
            assert field.name in header
    assert {"split_rate", "shipments_per_order"} <= set(header)
    assert lines[0][header.index("orders")] == 2
    assert lines[0][header.index("cycle_times.paid_to_shipped.count")] == 2
    assert lines[0][header.index("cycle_times.paid_to_shipped.p50_hours")] == shipped.p50_hours
    assert lines[0][header.index("cycle_times.paid_to_routed.p50_hours")] is None


def test_the_link_expires_and_cannot_be_forged(client, key):
    link = _link(client, key, range=WEEK, format="CSV")
    assert _fetch(client, link["url"][:-3] + "abc/").status_code == 403
    with freeze_time(timezone.now() + LINK_MAX_AGE + timedelta(seconds=5)):
        assert _fetch(client, link["url"]).status_code == 410


def test_needs_manage_orders_and_a_valid_range(client, capture_tenant, key):
    _, body = gql(
        client, EXPORT, {"format": "CSV"}, api_key=make_api_key(capture_tenant, ["MANAGE_PRODUCTS"])
    )
    assert error_codes(body) == ["PERMISSION_DENIED"]
    _, body = gql(
        client,
        EXPORT,
        {"format": "CSV", "range": {"gte": "2026-11-27", "lte": "2026-11-21"}},
        api_key=key,
    )
    assert error_codes(body) == ["INVALID_ARGUMENTS"]


def test_a_nested_figure_is_flattened_into_columns():
    @dataclass(frozen=True)
    class Percentiles:
        count: int = 0
        p50_hours: float | None = None

    assert exports._leaves("paid_to_shipped", Percentiles(3, 1.5)) == [
        ("paid_to_shipped.count", 3),
        ("paid_to_shipped.p50_hours", 1.5),
    ]
    assert exports._leaves("odd", [1, 2]) == [("odd", "[1, 2]")]


# -- converted into the reporting currency ----------------------------------------------------
STAFF = Actor("staff", "VXNlcjox")
CONVERTED = ("reporting.currency", "reporting.gross_total", "reporting.missing_rate")


def _rows(client, key, **variables):
    response = _fetch(client, _link(client, key, range=WEEK, format="CSV", **variables)["url"])
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def _rate(tenant_id, currency, rate, valid_from):
    exchange_rate_set(
        tenant_id=tenant_id,
        currency=currency,
        rate=Decimal(rate),
        valid_from=date.fromisoformat(valid_from),
        actor=STAFF,
    )


def test_without_a_reporting_currency_there_are_no_converted_columns(client, key):
    (row, *_) = _rows(client, key)
    assert not [name for name in row if name.startswith("reporting.")]


def test_each_day_converts_at_its_rate_and_a_missing_one_empties_the_row(
    client, capture_tenant, key
):
    tenant = capture_tenant.pk
    reporting_currency_set(tenant_id=tenant, currency="EUR", actor=STAFF)
    _rate(tenant, "USD", "0.9", "2026-11-22")  # none for the 21st yet
    by_day = [(r["period"], r["currency"], *(r[c] for c in CONVERTED)) for r in _rows(client, key)]
    assert by_day == [
        ("2026-11-21", "EUR", "EUR", "10.00", ""),  # its own currency: rate 1
        ("2026-11-21", "USD", "EUR", "", "USD into EUR on 2026-11-21"),  # never unconverted
        ("2026-11-22", "USD", "EUR", "4.50", ""),  # 5.00 at 0.9
    ]
    # a week holding a day without a rate is not converted in part
    usd_week = [r for r in _rows(client, key, groupBy="WEEK") if r["currency"] == "USD"]
    assert [(r["gross_total"], r["reporting.gross_total"]) for r in usd_week] == [("15.5000", "")]
    assert usd_week[0]["reporting.missing_rate"] == "USD into EUR on 2026-11-21"

    # a rate from before the range holds for the 21st (the newest on or before a day)
    _rate(tenant, "USD", "0.8", "2026-11-01")
    by_channel = {r["channel"]: r for r in _rows(client, key, groupBy="CHANNEL")}
    # 10.50 at 0.8 on the 21st plus 5.00 at 0.9 on the 22nd, rounded once
    assert by_channel["oms-us"]["reporting.gross_total"] == "12.90"
    assert by_channel["oms-us"]["reporting.net_total"] == "12.90"
    assert by_channel["oms-us"]["reporting.missing_rate"] == ""


def test_xlsx_converted_cells_are_numbers_and_empty_without_a_rate(client, capture_tenant, key):
    tenant = capture_tenant.pk
    reporting_currency_set(tenant_id=tenant, currency="EUR", actor=STAFF)
    _rate(tenant, "USD", "0.9", "2026-11-22")
    link = _link(client, key, range=WEEK, format="XLSX")
    sheet = load_workbook(io.BytesIO(_fetch(client, link["url"]).content)).active
    header = [cell.value for cell in sheet[1]]
    rows = [
        dict(zip(header, [c.value for c in r], strict=True)) for r in sheet.iter_rows(min_row=2)
    ]
    assert [(r["currency"], r["reporting.gross_total"]) for r in rows] == [
        ("EUR", 10),
        ("USD", None),
        ("USD", pytest.approx(4.5)),
    ]


def test_the_converted_columns_are_in_the_header_without_rows(client, capture_tenant, key):
    reporting_currency_set(tenant_id=capture_tenant.pk, currency="EUR", actor=STAFF)
    response = _fetch(
        client,
        _link(client, key, range={"gte": "2025-01-01", "lte": "2025-01-02"}, format="CSV")["url"],
    )
    header = response.content.decode().splitlines()[0].split(",")
    assert header[-6:] == [
        "reporting.currency",
        "reporting.gross_total",
        "reporting.net_total",
        "reporting.routing_cost",
        "reporting.routing_baseline_cost",
        "reporting.missing_rate",
    ]


def test_without_a_range_the_last_days_end_today_in_the_reporting_time_zone():
    # 12:00 UTC on 1 December is already 2 December in Auckland (UTC+13)
    from types import SimpleNamespace

    from saleor_oms_plugin.graphql.insights.reading import within_of

    auckland = SimpleNamespace(settings={"insights": {"time_zone": "Pacific/Auckland"}})
    utc = SimpleNamespace(settings={})
    with freeze_time("2026-12-01T12:00:00Z"):
        assert within_of(None, auckland).end == date(2026, 12, 2)
        assert within_of(None, utc).end == date(2026, 12, 1)
        assert within_of(None, auckland).days == 30
