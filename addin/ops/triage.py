"""The トリアージ button: read 設定 and 注文 once, triage in the core, write the computed columns.

Only computed columns are written, each run of neighbouring computed columns as one block.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from addin import layout
from addin.core.model import Order, Settings, Triage
from addin.core.orders import OrderTable, contiguous_runs, missing_columns
from addin.core.triage import json_record, summary_lines, triage_all
from addin.ops.book import read_book
from addin.ops.messages import MessagesResult, compose, write_messages
from addin.ops.today import write_today
from addin.ports import BookPort


@dataclass
class TriageRun:
    settings: Settings
    table: OrderTable
    results: list[Triage]
    today: date
    messages: MessagesResult = field(default_factory=MessagesResult)

    @property
    def orders(self) -> list[Order]:
        return self.table.orders

    def summary_lines(self) -> list[str]:
        lines = summary_lines(self.orders, self.results) + self.messages.summary_lines()
        missing = missing_columns(self.table.positions, layout.COMPUTED_COLUMNS)
        if missing:
            lines.append(f"注意: 列「{'」「'.join(missing)}」が見つからないため、書き込んでいません。"
                         "見出しを元に戻すと表示されます。")
        return lines

    lines = summary_lines  # what every button and command prints

    def json_records(self) -> list[dict[str, object]]:
        """One record per order row; `messages` holds the texts of the row's order (the same
        list on every row of a multi-item order)."""
        return [{**json_record(o, t), "messages": [m.json() for m in self.messages.for_order(o.order_id)]}
                for o, t in zip(self.orders, self.results, strict=True)]


def computed_cells(t: Triage) -> dict[str, object]:
    """The values of the computed columns of one row, by Order/layout key."""
    return {
        "status": t.status.label,
        "todo": t.todo,
        "action": t.action,
        "deadline": t.deadline,
        "business_days_left": t.business_days_left,
        "reason": " / ".join(t.reasons),
        "letter": "・".join(p.label for p in t.letter),
    }


def triage_book(book: BookPort, today: date | None = None) -> TriageRun:
    start = read_book(book, today)
    results = triage_all(start.table.orders, start.settings, start.today)
    write_computed(book, start.table, results)
    messages = compose(book, start.table.orders, results, start.settings, start.today)
    write_messages(book, messages, start.table.orders)
    write_today(book, start.table.orders, results, start.today)  # last: it activates 今日
    return TriageRun(start.settings, start.table, results, start.today, messages)


def write_computed(book: BookPort, table: OrderTable, results: list[Triage]) -> None:
    first = table.header_index + 1
    n = table.last_index - table.header_index
    if n <= 0:
        return
    rows: list[dict[str, object]] = [{} for _ in range(n)]
    for i, t in zip(table.row_indices, results, strict=True):
        rows[i - first] = computed_cells(t)
    cols = {table.positions[c.header]: c for c in layout.COMPUTED_COLUMNS if c.header in table.positions}
    for run in contiguous_runs(list(cols)):
        block = [[r.get(cols[j].key) for j in run] for r in rows]
        book.write_block(layout.ORDERS, first + 1, run[0] + 1, block, [cols[j].kind for j in run])
