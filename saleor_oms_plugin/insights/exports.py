"""The insights as a spreadsheet: CSV or XLSX bytes, and the signed short-lived links to them.

The columns are the group's keys, then every figure of :class:`selectors.Figures` (its fields,
then its rates), in the order the dataclass declares them: a figure added there is exported
without a change here. A nested figure (a dataclass) becomes one column per leaf,
``parent.leaf``; a cycle time (:class:`selectors.Durations`) becomes the figures read from its
histogram, grouped as the GraphQL ``cycleTimes`` groups them:
``cycle_times.paid_to_routed.count``, ``….p50_hours``, ``….p90_hours``.

With a reporting currency set, every row also carries its money converted into it
(``reporting.currency``, ``reporting.gross_total``, …: the money figures of
``selectors.money_figures``) by the rules of the GraphQL reporting totals: each day of the row
at the rate valid that day (the rate of the day or the newest before it), summed exactly and
rounded once (``conversion.convert``). A row with a day lacking a rate is never converted in
part: its converted cells are empty and ``reporting.missing_rate`` names the rate wanted (the
currency and the first day without one).

A link carries the export's parameters signed with a ``TimestampSigner`` (salted for this use);
whoever holds it gets that one export of that one tenant, computed when fetched, for
``LINK_MAX_AGE`` and nothing else.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.urls import reverse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from saleor_oms_plugin.core.signed_links import LinkInvalid, link_dumps, link_loads
from saleor_oms_plugin.insights.conversion import DayAmounts, RateTable, convert
from saleor_oms_plugin.insights.currencies import reporting_currency_of
from saleor_oms_plugin.insights.selectors import (
    DateRange,
    Durations,
    Figures,
    GroupBy,
    InsightRow,
    insight_money_by_day,
    insight_rows,
    money_figures,
    reporting_rate_table,
)

SALT = "oms.insights.export"
LINK_MAX_AGE = timedelta(minutes=15)
SHEET_TITLE = "Insights"


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


CONTENT_TYPES = {
    ExportFormat.CSV: "text/csv",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
Cell = str | int | float | Decimal | date | None


@dataclass(frozen=True)
class ExportSpec:
    """What one export holds: one tenant's rows of a range, grouped and filtered."""

    tenant_id: int
    within: DateRange
    group_by: GroupBy
    format: ExportFormat
    channel: str | None = None
    currency: str | None = None

    @property
    def filename(self) -> str:
        return f"insights-{self.within.start}-{self.within.end}.{self.format.value}"

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]


# ---- columns -------------------------------------------------------------------------------


def _rate_names() -> list[str]:
    return [
        name
        for name, value in vars(Figures).items()
        if isinstance(value, property) and not name.startswith("_")
    ]


CYCLE_TIMES = "cycle_times"
DURATION_FIGURES = ("count", "p50_hours", "p90_hours")


def _leaves(name: str, value: Any) -> list[tuple[str, Cell]]:
    if isinstance(value, Durations):
        return [
            (f"{CYCLE_TIMES}.{name}.{figure}", getattr(value, figure))
            for figure in DURATION_FIGURES
        ]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [
            leaf
            for field in dataclasses.fields(value)
            for leaf in _leaves(f"{name}.{field.name}", getattr(value, field.name))
        ]
    if value is None or isinstance(value, str | int | float | Decimal | date):
        return [(name, value)]
    return [(name, str(value))]  # anything else a spreadsheet cannot hold, as text


def figure_cells(figures: Figures) -> list[tuple[str, Cell]]:
    """(column, value) of every figure: the fields, flattened, then the rates."""
    cells = [
        leaf
        for field in dataclasses.fields(figures)
        for leaf in _leaves(field.name, getattr(figures, field.name))
    ]
    return cells + [(name, getattr(figures, name)) for name in _rate_names()]


def _keys(row: InsightRow) -> list[tuple[str, Cell]]:
    return [("period", row.period), ("channel", row.channel_slug), ("currency", row.currency)]


REPORTING = "reporting"


@dataclass(frozen=True)
class Converter:
    """The reporting currency, its rates and the rows' money day by day
    (``selectors.insight_money_by_day``): what the converted columns are computed from."""

    currency: str
    table: RateTable
    days: dict[tuple[Any, str], list[DayAmounts]]

    def cells(self, row: InsightRow | None) -> list[tuple[str, Cell]]:
        """The converted columns of ``row`` (None: of no row, for the header)."""
        days = self.days.get(_group_key(row), []) if row is not None else []
        money = money_figures()
        converted = convert(days, self.table, money)
        missing = [
            f"{day.currency} into {self.currency} on {day.day.isoformat()}"
            for day in days
            if self.table.rate_on(day.currency, day.day) is None
        ][:1]
        return [
            (f"{REPORTING}.currency", self.currency),
            *(
                (f"{REPORTING}.{name}", None if missing else converted.totals[name])
                for name in money
            ),
            (f"{REPORTING}.missing_rate", missing[0] if missing else None),
        ]


def _group_key(row: InsightRow) -> tuple[Any, str]:
    if row.location is not None:
        return row.location, row.currency
    if row.channel_slug is not None:
        return row.channel_slug, row.currency
    return row.period, row.currency


def export_table(
    rows: list[InsightRow], converter: Converter | None = None
) -> tuple[list[str], list[list[Cell]]]:
    """The header and one line per row (with ``converter``, its converted columns last). The
    header holds every column even with no rows (those of empty figures), then any a row adds
    (a nested figure left empty by default); a row without a column leaves its cell empty."""

    def converted(row: InsightRow | None) -> list[tuple[str, Cell]]:
        return converter.cells(row) if converter is not None else []

    cells = [dict(_keys(row) + figure_cells(row.figures) + converted(row)) for row in rows]
    header = list(
        dict(
            _keys(InsightRow(None, None, "", Figures())) + figure_cells(Figures()) + converted(None)
        )
    )
    for line in cells:
        header += [name for name in line if name not in header]
    return header, [[line.get(name) for name in header] for line in cells]


# ---- files ---------------------------------------------------------------------------------


def _text_cell(text: str) -> str:
    """A text cell a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv_value(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return _text_cell(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def table_csv(header: list[str], lines: list[list[Cell]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([_csv_value(value) for value in line] for line in lines)
    return out.getvalue().encode()


def table_xlsx(header: list[str], lines: list[list[Cell]]) -> bytes:
    """One sheet: the header in bold and frozen, numbers as numbers, days as dates."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET_TITLE
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for line in lines:
        sheet.append(line)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
            elif isinstance(cell.value, datetime | date):
                cell.number_format = "yyyy-mm-dd"
    for index, name in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, len(name) + 2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_converter(spec: ExportSpec) -> Converter | None:
    """What converts the export's rows into the tenant's reporting currency (None without
    one): two more queries."""
    reporting = reporting_currency_of(tenant_id=spec.tenant_id)
    if reporting is None:
        return None
    return Converter(
        currency=reporting,
        table=reporting_rate_table(
            tenant_id=spec.tenant_id, reporting=reporting, until=spec.within.end
        ),
        days=insight_money_by_day(
            tenant_id=spec.tenant_id,
            within=spec.within,
            group_by=spec.group_by,
            channel=spec.channel,
            currency=spec.currency,
        ),
    )


def export_bytes(spec: ExportSpec) -> bytes:
    """The export's file, computed from the rollups now."""
    rows = insight_rows(
        tenant_id=spec.tenant_id,
        within=spec.within,
        group_by=spec.group_by,
        channel=spec.channel,
        currency=spec.currency,
    )
    header, lines = export_table(rows, export_converter(spec))
    if spec.format is ExportFormat.XLSX:
        return table_xlsx(header, lines)
    return table_csv(header, lines)


# ---- links ---------------------------------------------------------------------------------


def export_token(spec: ExportSpec) -> str:
    return link_dumps(
        SALT,
        {
            "t": spec.tenant_id,
            "s": spec.within.start.isoformat(),
            "e": spec.within.end.isoformat(),
            "g": spec.group_by.value,
            "f": spec.format.value,
            "c": spec.channel,
            "k": spec.currency,
        },
    )


def export_url(spec: ExportSpec) -> str:
    path = reverse("insights-export", args=[export_token(spec)])
    return f"{settings.APP_URL.rstrip('/')}{path}"


def export_of_token(token: str) -> ExportSpec:
    """The export a link was signed for; raises ``core.signed_links.LinkExpired`` /
    ``LinkInvalid`` if expired or tampered with."""
    value = link_loads(SALT, token, max_age=LINK_MAX_AGE)
    try:
        return ExportSpec(
            tenant_id=int(value["t"]),
            within=DateRange(date.fromisoformat(value["s"]), date.fromisoformat(value["e"])),
            group_by=GroupBy(value["g"]),
            format=ExportFormat(value["f"]),
            channel=value["c"],
            currency=value["k"],
        )
    except (KeyError, TypeError, ValueError):
        raise LinkInvalid from None
