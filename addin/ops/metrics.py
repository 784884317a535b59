"""The 成績 button: seller metrics computed from the 注文 sheet, written to 成績 in one block.

The chart (daily late-shipment rate against the 4 % line) reads a fixed range of 成績
(`addin.core.metrics.CHART`): in live Excel it stays in place and redraws when the block changes;
the template build draws it with XlsxWriter and the openpyxl shell redraws it on every save.
A workbook made before 成績 existed gets the sheet from a shell that can add sheets (`SheetAdder`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from addin import layout
from addin.core.metrics import Metrics, compute, sheet_rows, summary_lines
from addin.errors import UserError
from addin.ops.book import read_book
from addin.ports import BookPort, SheetAdder


@dataclass
class MetricsResult:
    metrics: Metrics
    created: bool = False

    def lines(self) -> list[str]:
        out = summary_lines(self.metrics)
        if self.created:
            out.append(f"シート「{layout.METRICS}」を追加しました。")
        return out


def update_metrics(book: BookPort, today: date | None = None) -> MetricsResult:
    start = read_book(book, today)
    metrics = compute(start.table.orders, start.settings, start.today)
    created = False
    if not book.has_sheet(layout.METRICS):
        if not isinstance(book, SheetAdder):
            raise UserError(f"シート「{layout.METRICS}」がありません。"
                            "新しいテンプレートのブックを使ってください。")
        book.add_sheet(layout.METRICS, before=layout.XLWINGS_CONF)
        created = True
    rows, kinds = sheet_rows(metrics)
    book.replace_sheet(layout.METRICS, rows, kinds)
    return MetricsResult(metrics, created)
