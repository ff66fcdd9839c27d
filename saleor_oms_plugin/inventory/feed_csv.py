"""A stock feed as CSV: a header row naming the columns, then one line per SKU.

Columns (by header name, any order, case-insensitive): ``sku`` and ``quantity`` required;
``location`` (a location's slug) and ``mode`` (ABSOLUTE or DELTA) optional. Cells are checked
line by line by the feed service; only a file that is not CSV of this shape is refused here.
"""

from __future__ import annotations

import csv
import io

from saleor_oms_plugin.inventory.feeds import MAX_LINES, FeedLine

REQUIRED = ("sku", "quantity")
KNOWN = frozenset({"sku", "quantity", "location", "mode"})


class CsvFeedError(ValueError):
    """The body is not a CSV feed (the message says why)."""


class CsvFeedTooLarge(CsvFeedError):
    """More lines than a feed may have (reading stopped there)."""


def parse_csv_feed(body: bytes, *, max_lines: int = MAX_LINES) -> list[FeedLine]:
    """The lines of a CSV feed; reading stops after ``max_lines`` lines (``CsvFeedTooLarge``),
    so a huge body of tiny rows costs no more than a full feed."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvFeedError("The body is not UTF-8 text.") from None
    if "\x00" in text:
        # PostgreSQL text cannot hold it: refused here rather than failing in a query.
        raise CsvFeedError("The body holds NUL characters.")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows = (row for row in reader if any(cell.strip() for cell in row))
    try:
        header = [cell.strip().lower() for cell in next(rows, [])]
        if not header:
            raise CsvFeedError("The file is empty.")
        _check_header(header)
        lines: list[FeedLine] = []
        for number, row in enumerate(rows, start=2):
            if len(lines) == max_lines:
                raise CsvFeedTooLarge(f"At most {max_lines} lines.")
            lines.append(_line(number, header, row))
    except csv.Error as exc:
        raise CsvFeedError(f"Malformed CSV at line {reader.line_num}: {exc}.") from None
    if not lines:
        raise CsvFeedError("The file has a header but no lines.")
    return lines


def _check_header(header: list[str]) -> None:
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise CsvFeedError(f"The header row lacks {', '.join(missing)}.")
    unknown = sorted(set(header) - KNOWN)
    if unknown or len(set(header)) != len(header):
        raise CsvFeedError(
            f"Unknown or repeated columns: {', '.join(unknown) or 'repeated'}; "
            f"known: {', '.join(sorted(KNOWN))}."
        )


def _line(number: int, header: list[str], row: list[str]) -> FeedLine:
    if len(row) != len(header):
        raise CsvFeedError(f"Row {number} has {len(row)} cells; the header has {len(header)}.")
    cells = dict(zip(header, row, strict=True))
    return FeedLine(
        sku=cells["sku"],
        quantity=cells["quantity"],
        location=cells.get("location", ""),
        mode=cells.get("mode", ""),
    )
