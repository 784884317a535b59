"""Rebuild the 今日 sheet from a triage: the date, counts per status, one line per open order.

Three block writes whatever the number of orders (rows left over from a longer earlier list are
blanked in the same block). A workbook made before 今日 existed gets the sheet, first, from a
shell that can add sheets.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from addin import layout
from addin.core.model import Order, Triage
from addin.core.today import COUNTED, date_heading, done_order_count, status_counts, today_lines
from addin.layout import Kind
from addin.ports import Activator, BookPort, SheetAdder

TITLE = "今日やること"


def write_today(book: BookPort, orders: Sequence[Order], results: Sequence[Triage], today: date) -> int:
    """Write 今日; returns the number of open orders listed (0 when the sheet cannot exist)."""
    if not book.has_sheet(layout.TODAY):
        if not isinstance(book, SheetAdder):
            return 0
        book.add_sheet(layout.TODAY, before=layout.ORDERS)
    lines = today_lines(orders, results)
    counts = status_counts(lines, done_order_count(orders, results))
    old_height = len(book.read_block(layout.TODAY))

    col = layout.TODAY_DATE_COL
    book.write_block(layout.TODAY, 1, 1, [[TITLE] + [None] * (col - 2) + [date_heading(today)]],
                     [Kind.TEXT] * col)
    book.write_block(layout.TODAY, layout.TODAY_COUNT_ROW - 1, 1,
                     [[s.label for s in COUNTED], [counts[s] for s in COUNTED]],
                     [Kind.TEXT] * len(COUNTED))
    body: list[list[object]] = [[h for h, _, _ in layout.TODAY_COLUMNS]]
    body += [[x.deadline, x.days_left, x.status.label, x.todo, x.order_id, x.product, x.recipient,
              x.reason, x.row] for x in lines]
    stale = old_height - (layout.TODAY_HEADER_ROW - 1) - len(body)
    body += [[None] * len(layout.TODAY_COLUMNS) for _ in range(max(0, stale))]
    book.write_block(layout.TODAY, layout.TODAY_HEADER_ROW, 1, body,
                     [k for _, k, _ in layout.TODAY_COLUMNS])
    if isinstance(book, Activator):
        book.activate(layout.TODAY)
    return len(lines)
