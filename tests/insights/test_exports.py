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

from saleor_oms_plugin.insights import exports
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
