"""Storing a wave's planned pick list lines and their per-tote splits: one statement per
table, whatever the size of the wave.

A wave of 2,000 releases has thousands of lines and splits; built as model instances and
inserted with ``bulk_create`` they cost seconds of Python alone. Here the rows go in as
arrays (``INSERT … SELECT FROM unnest(…)``) and the new lines' ids come back keyed by
(pick list, position), which is unique, so every split finds its line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection

from saleor_oms_plugin.warehouse.models import PickListLine, PickSplit


@dataclass(frozen=True)
class LineRow:
    pick_list_id: int
    position: int
    bin_id: int
    sku: str
    quantity: int


@dataclass(frozen=True)
class SplitRow:
    line: tuple[int, int]  # (pick list id, position) of its line
    release_id: int
    tote: int
    quantity: int


def pick_rows_insert(
    *, tenant_id: int, lines: Sequence[LineRow], splits: Sequence[SplitRow]
) -> None:
    """Insert the lines, then the splits of each, in the caller's transaction."""
    if not lines:
        return
    line_table = connection.ops.quote_name(PickListLine._meta.db_table)
    split_table = connection.ops.quote_name(PickSplit._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {line_table} "  # noqa: S608 (table names from the models)
            '(tenant_id, pick_list_id, position, bin_id, sku, quantity, picked, "short") '
            "SELECT %s, l, p, b, s, q, 0, 0 "
            "FROM unnest(%s::bigint[], %s::int[], %s::bigint[], %s::text[], %s::int[]) "
            "AS t(l, p, b, s, q) RETURNING id, pick_list_id, position",
            [
                tenant_id,
                [row.pick_list_id for row in lines],
                [row.position for row in lines],
                [row.bin_id for row in lines],
                [row.sku for row in lines],
                [row.quantity for row in lines],
            ],
        )
        ids = {(pick_list_id, position): pk for pk, pick_list_id, position in cursor.fetchall()}
        if not splits:
            return
        cursor.execute(
            f"INSERT INTO {split_table} "  # noqa: S608
            '(tenant_id, line_id, release_id, tote, quantity, picked, "short") '
            "SELECT %s, l, r, t, q, 0, 0 "
            "FROM unnest(%s::bigint[], %s::bigint[], %s::int[], %s::int[]) AS x(l, r, t, q)",
            [
                tenant_id,
                [ids[row.line] for row in splits],
                [row.release_id for row in splits],
                [row.tote for row in splits],
                [row.quantity for row in splits],
            ],
        )
