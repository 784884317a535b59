"""連絡文: compose the ready-to-send texts of a triage (addin.core.messages) and rebuild the sheet.

The table is written as one block (rows left over from a longer earlier list are blanked in the
same block). A workbook made before 連絡文 existed gets the sheet
from a shell that can add sheets. `addin messages` prints the same texts for pasting.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from addin import layout
from addin.core.letters import LetterError, default_template_rows, parse_templates
from addin.core.messages import Batch, Message, make_messages, plain_text
from addin.core.model import Order, Settings, Triage
from addin.core.triage import triage_all
from addin.errors import UserError
from addin.layout import Kind
from addin.ops.book import read_book
from addin.ops.letters import template_rows
from addin.ports import Block, BookPort, SheetAdder

NOTE = ("トリアージのたびに作り直します。行を選んで「本文をコピー」を押すと、本文だけをコピーできます"
        "（セルをそのままコピーすると \" で囲まれて貼り付けられます）。")
FAILED = "（連絡文を作れませんでした）"


@dataclass
class MessagesResult:
    batch: Batch = field(default_factory=Batch)
    error: str = ""  # 文面 could not be read: no text was made
    written: bool = False  # the 連絡文 sheet was rebuilt

    @property
    def messages(self) -> list[Message]:
        return self.batch.messages

    def for_order(self, order_id: str) -> list[Message]:
        return [m for m in self.messages if m.order_id == order_id.strip()]

    def summary_lines(self) -> list[str]:
        """Lines added to the triage summary (order numbers and rows only, no buyer text)."""
        if self.error:
            return [f"連絡文: 作れませんでした。{self.error}"]
        lines = []
        if self.messages:
            to_buyer = sum(1 for m in self.messages if m.to == "購入者")
            lines.append(f"連絡文 {len(self.messages)}件（購入者あて {to_buyer}件、"
                         f"カスタマーサポートあて {len(self.messages) - to_buyer}件）"
                         + ("を「連絡文」シートに作りました。" if self.written else "。"))
        lines += [f"連絡文を作れませんでした: {p.message}" for p in self.batch.problems]
        return lines


def compose(book: BookPort, orders: Sequence[Order], results: Sequence[Triage], settings: Settings,
            today: date) -> MessagesResult:
    """Every text of a triage. A 文面 that cannot be read never stops the triage: the result
    carries the reason instead."""
    try:
        rows, first_row = (template_rows(book.read_block(layout.TEMPLATES))
                           if book.has_sheet(layout.TEMPLATES) else ([], 2))
        # An empty or missing 文面 takes the default wording (letters restore it on the sheet).
        templates = parse_templates(rows or _defaults(), first_row)
    except (LetterError, UserError) as e:
        return MessagesResult(error="文面に問題があります。\n" + e.message)
    try:
        return MessagesResult(make_messages(list(zip(orders, results, strict=True)), settings, templates, today))
    except LetterError as e:
        return MessagesResult(error=e.message)


def _defaults() -> list[list[object]]:
    return [list(r) for r in default_template_rows()]


def sheet_rows(result: MessagesResult, orders: Sequence[Order]) -> list[list[object]]:
    """The table of 連絡文 (header included): one row per text, then one per text not made."""
    first_row = {}
    for o in orders:
        first_row.setdefault(o.order_id.strip(), o.row)
    rows: list[list[object]] = [[h for h, _, _ in layout.MESSAGES_COLUMNS]]
    for m in result.messages:
        rows.append([m.order_id, m.to, m.subject, m.body, m.deadline, m.reason, m.after_send,
                     first_row.get(m.order_id) or None])
    for p in result.batch.problems:
        rows.append([p.order_id or None, None, FAILED, p.message, None, None, None,
                     first_row.get(p.order_id) or None])
    if result.error:
        rows.append([None, None, FAILED, result.error, None, None, None, None])
    return rows


def write_messages(book: BookPort, result: MessagesResult, orders: Sequence[Order]) -> None:
    """Rebuild 連絡文: the table as one block write (and the note on a sheet just added)."""
    if not book.has_sheet(layout.MESSAGES):
        if not isinstance(book, SheetAdder):
            return
        book.add_sheet(layout.MESSAGES, before=layout.SETTINGS)
        book.write_block(layout.MESSAGES, 1, 1, [[NOTE]], [Kind.TEXT])  # the template has it
    old_height = len(book.read_block(layout.MESSAGES))
    body = sheet_rows(result, orders)
    stale = old_height - (layout.MESSAGES_HEADER_ROW - 1) - len(body)
    body += [[None] * len(layout.MESSAGES_COLUMNS) for _ in range(max(0, stale))]
    book.write_block(layout.MESSAGES, layout.MESSAGES_HEADER_ROW, 1, body,
                     [k for _, k, _ in layout.MESSAGES_COLUMNS])
    result.written = True


@dataclass(frozen=True)
class SheetText:
    """One row of 連絡文 as read back (for the 「本文をコピー」 button)."""

    order_id: str
    to: str
    body: str
    reason: str


def text_at(block: Block, row: int) -> SheetText:
    """The row `row` (1-based sheet row) of the 連絡文 block, found by header text."""
    headers = ("注文番号", "宛先", layout.MESSAGES_BODY, "問い合わせ内容")
    idx = layout.find_header_row(block, headers)
    if idx is None:
        raise UserError(f"シート「{layout.MESSAGES}」に見出し（{'・'.join(headers)}）が見つかりません。"
                        "トリアージをやり直してください。")
    if row <= idx + 1 or row > len(block):
        raise UserError(f"「{layout.MESSAGES}」シートで、コピーしたい連絡文の行（{idx + 2}行目から下）の"
                        "セルを選んでから押してください。")
    pos = {str(v).strip(): i for i, v in enumerate(block[idx]) if v is not None}
    values = block[row - 1]

    def cell(header: str) -> str:
        i = pos.get(header, len(values))
        v = values[i] if i < len(values) else None
        return "" if v is None else str(v)

    body = cell(layout.MESSAGES_BODY).replace("\r\n", "\n").replace("\r", "\n")
    if not body.strip():
        raise UserError(f"{row}行目の「{layout.MESSAGES_BODY}」が空です。連絡文の行を選んでください。")
    if cell("件名") == FAILED:
        raise UserError(f"{row}行目は作れなかった連絡文の説明です。理由を読んで文面や注文シートを直し、"
                        "トリアージをやり直してください。")
    return SheetText(cell("注文番号").strip(), cell("宛先").strip(), body, cell("問い合わせ内容").strip())


@dataclass
class MessagesRun:
    """`addin messages`: the texts, printed plain for pasting."""

    result: MessagesResult
    order: str = ""

    def lines(self) -> list[str]:
        messages = self.result.for_order(self.order) if self.order else self.result.messages
        problems = [p for p in self.result.batch.problems
                    if not self.order or p.order_id == self.order.strip()]
        out: list[str] = []
        if self.result.error:
            out.append(f"連絡文を作れませんでした。{self.result.error}")
        if messages:
            out.append(plain_text(messages))
        out += [f"連絡文を作れませんでした: {p.message}" for p in problems]
        if not out:
            out.append(f"注文番号 {self.order} に送る連絡文はありません。" if self.order
                       else "送る連絡文はありません。")
        return out


def messages_book(book: BookPort, order: str | None = None, today: date | None = None) -> MessagesRun:
    """The texts of every order (or of `order`) as a トリアージ now would make them; the workbook
    is not changed."""
    start = read_book(book, today)
    results = triage_all(start.table.orders, start.settings, start.today)
    wanted = (order or "").strip()
    if wanted and all(o.order_id.strip() != wanted for o in start.table.orders):
        raise UserError(f"注文番号 {wanted} は注文シートにありません。")
    result = compose(book, start.table.orders, results, start.settings, start.today)
    return MessagesRun(result, wanted)


__all__ = ["MessagesResult", "MessagesRun", "SheetText", "compose", "messages_book", "text_at", "write_messages"]
