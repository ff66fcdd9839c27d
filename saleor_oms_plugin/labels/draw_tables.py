"""Pick lists and packing slips: a header, then a table paginated with "page n of m"."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from . import text
from .barcodes import draw_code128
from .layout import paginate
from .model import PackingSlip, PickList
from .validation import tracking_number_problem

MARGIN = 36.0
ROW = 13.0
SIZE = 9.0


@dataclass(frozen=True)
class Column:
    title: str
    width: float
    align: str = "left"


@dataclass(frozen=True)
class Row:
    cells: tuple[tuple[str, ...], ...]  # per column, one or more lines

    @property
    def height(self) -> float:
        return ROW * max(1, *(len(cell) for cell in self.cells)) + 3


def _draw_table(
    canvas: Canvas,
    page_size: tuple[float, float],
    columns: Sequence[Column],
    rows: Sequence[Row],
    header: Callable[[], None],  # draws page 1's header
    first_top: float,  # where the table starts on page 1 (below the header)
    title: str,
    footer_lines: Sequence[str] = (),
) -> None:
    width, height = page_size
    footer = ROW * len(footer_lines)  # kept free on every page: the last one prints it
    room_first = first_top - MARGIN - 30 - footer
    room_rest = height - MARGIN - 40 - MARGIN - 30 - footer
    heights = [row.height for row in rows]
    pages = paginate(heights, room_first, room_rest) if rows else [[]]
    for number, indexes in enumerate(pages, start=1):
        if number == 1:
            header()
            top = first_top
        else:
            top = height - MARGIN - 40
            text.draw(canvas, MARGIN, height - MARGIN - 12, title, size=11, bold=True)
        x = MARGIN
        for column in columns:
            anchor = x + column.width - 10 if column.align == "right" else x
            text.draw(canvas, anchor, top, column.title, size=8, bold=True, align=column.align)
            x += column.width
        canvas.line(MARGIN, top - 4, width - MARGIN, top - 4)
        y = top - 4 - ROW
        for index in indexes:
            row = rows[index]
            x = MARGIN
            for column, cell in zip(columns, row.cells, strict=True):
                anchor = x + column.width - 10 if column.align == "right" else x
                for line_number, line in enumerate(cell):
                    text.draw(
                        canvas,
                        anchor,
                        y - ROW * line_number,
                        line,
                        size=SIZE,
                        align=column.align,
                        max_width=column.width - 6,
                    )
                x += column.width
            y -= row.height
            canvas.setLineWidth(0.3)
            canvas.line(MARGIN, y + ROW - 3, width - MARGIN, y + ROW - 3)
            canvas.setLineWidth(1)
        if number == len(pages):
            for line in footer_lines:
                y -= ROW
                text.draw(canvas, MARGIN, y, line, size=SIZE, max_width=width - 2 * MARGIN)
        text.draw(
            canvas,
            width - MARGIN,
            MARGIN - 12,
            f"page {number} of {len(pages)}",
            size=8,
            align="right",
        )
        canvas.showPage()
        canvas.setPageSize(page_size)


def draw_pick_list(canvas: Canvas, pick: PickList, page_size: tuple[float, float]) -> None:
    width, height = page_size
    lines = sorted(pick.lines, key=lambda line: line.sequence)
    units = sum(line.quantity for line in lines)
    title = f"Pick list {pick.list_id}"

    def header() -> None:
        text.draw(
            canvas,
            MARGIN,
            height - MARGIN - 14,
            title,
            size=16,
            bold=True,
            max_width=width - 2 * MARGIN - 190,
        )
        summary = f"{pick.location} · {pick.strategy} · {len(lines)} lines · {units} units"
        text.draw(
            canvas,
            MARGIN,
            height - MARGIN - 30,
            summary,
            size=10,
            max_width=width - 2 * MARGIN - 190,
        )
        if pick.note:
            text.draw(
                canvas,
                MARGIN,
                height - MARGIN - 44,
                pick.note,
                size=9,
                max_width=width - 2 * MARGIN,
            )
        if tracking_number_problem(pick.list_id) is None:
            draw_code128(
                canvas,
                pick.list_id,
                x=width - MARGIN - 180,
                y=height - MARGIN - 40,
                max_width=180,
                height=36,
            )

    fixed = 30 + 80 + 95 + 45 + 110
    columns = (
        Column("#", 30),
        Column("Bin", 80),
        Column("SKU", 95),
        Column("Name", width - 2 * MARGIN - fixed),
        Column("Qty", 45, "right"),
        Column("Totes", 110),
    )
    rows = [
        Row(
            (
                (str(line.sequence),),
                (line.bin,),
                (line.sku,),
                (line.name,),
                (str(line.quantity),),
                tuple(f"T{s.tote} {s.order} × {s.quantity}" for s in line.splits) or ("",),
            )
        )
        for line in lines
    ]
    _draw_table(canvas, page_size, columns, rows, header, height - MARGIN - 66, title)


def draw_packing_slip(canvas: Canvas, slip: PackingSlip, page_size: tuple[float, float]) -> None:
    width, height = page_size
    title = f"Packing slip · order {slip.order}"

    top = height - MARGIN

    def header() -> None:
        text.draw(canvas, MARGIN, top - 16, "Packing slip", size=18, bold=True)
        text.draw(canvas, MARGIN, top - 32, f"Order {slip.order}", size=11, bold=True)
        if slip.order_date:
            text.draw(canvas, MARGIN, top - 46, slip.order_date, size=9)
        draw_code128(
            canvas, slip.order, x=width - MARGIN - 180, y=top - 44, max_width=180, height=40
        )
        blocks = [("SHIP FROM", slip.ship_from), ("SHIP TO", slip.ship_to)]
        if slip.billing is not None:
            blocks.append(("BILL TO", slip.billing))
        column = (width - 2 * MARGIN) / 3
        for index, (label, address) in enumerate(blocks):
            x = MARGIN + column * index
            text.draw(canvas, x, top - 72, label, size=8, bold=True)
            for n, line in enumerate(address.lines()[:7]):
                text.draw(canvas, x, top - 86 - 12 * n, line, size=9, max_width=column - 8)

    columns = (
        Column("SKU", 120),
        Column("Item", width - 2 * MARGIN - 120 - 60),
        Column("Qty", 60, "right"),
    )
    rows = [Row(((line.sku,), (line.name,), (str(line.quantity),))) for line in slip.lines]
    units = sum(line.quantity for line in slip.lines)
    footer = [f"{len(slip.lines)} lines · {units} units"]
    if slip.note:
        footer.append(slip.note)
    first_top = top - 86 - 12 * 7 - 16  # below the address blocks
    _draw_table(canvas, page_size, columns, rows, header, first_top, title, footer)
