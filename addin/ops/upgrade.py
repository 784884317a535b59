"""`addin upgrade-workbook`: the seller's data from an old workbook into a fresh one built from the
current template (`new`), then triage, letters and metrics recomputed there.

Reads each sheet of both books once and writes each carried table as one block.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from addin import __version__, layout
from addin.core import values
from addin.core.letters import TEMPLATE_HEADERS
from addin.core.upgrade import (
    TemplatesCarry,
    carry_orders,
    carry_settings,
    carry_templates,
    release_labels,
)
from addin.errors import UserError
from addin.layout import Kind
from addin.ops.letters import make_letters, template_rows
from addin.ops.metrics import update_metrics
from addin.ops.triage import triage_book
from addin.ports import BookPort


@dataclass
class UpgradeResult:
    old_version: str
    orders: int = 0
    extra_columns: list[str] = field(default_factory=list)
    settings: int = 0
    unknown_settings: list[str] = field(default_factory=list)
    templates: TemplatesCarry | None = None
    letters: list[str] = field(default_factory=list)
    triage: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"ブックを版 {self.old_version} から {__version__} の形にしました。",
               f"注文 {self.orders}行、設定 {self.settings}項目を移しました。"]
        if self.extra_columns:
            named = "」「".join(h or "（見出しなし）" for h in self.extra_columns)
            out.append(f"ご自分で追加した列「{named}」は、{layout.ORDERS}シートの右端に移しました。")
        if self.unknown_settings:
            out.append(f"{layout.SETTINGS}シートの「{'」「'.join(self.unknown_settings)}」はこの版では使わない"
                       "項目です。消さずに表の下に残しました。")
        t = self.templates
        if t:
            if t.kept:
                out.append(f"書き換えた文面（{'・'.join(t.kept)}）はそのまま移しました。")
            if t.renewed:
                out.append(f"書き換えていない文面のうち {'・'.join(t.renewed)} は新しい版の文面になりました。")
            if t.added:
                out.append(f"新しい文面 {len(t.added)}行（{'・'.join(t.added[:5])}"
                           f"{' ほか' if len(t.added) > 5 else ''}）を初期の文面で加えました。")
            if t.unknown:
                out.append(f"この版にない文面の区分「{'」「'.join(k for k, _ in t.unknown)}」は移していません"
                           "（元のブックのバックアップに残っています）。")
        out += self.triage + self.letters
        return out


def upgrade_book(old: BookPort, new: BookPort, old_version: str, today: date | None = None) -> UpgradeResult:
    """Carry 注文, 設定 and 文面 from `old` into `new` (a fresh template book), then recompute
    everything the buttons compute. `old` is only read."""
    result = UpgradeResult(old_version)
    _carry_settings(old, new, result, old_version)
    _carry_orders(old, new, result)
    if old.has_sheet(layout.TEMPLATES):
        rows, _ = template_rows(old.read_block(layout.TEMPLATES))
        result.templates = carry_templates(rows, old_version)
        block = new.read_block(layout.TEMPLATES)
        i = layout.find_header_row(block, TEMPLATE_HEADERS)
        head = 0 if i is None else i
        new.write_block(layout.TEMPLATES, head + 1, 1,
                        [list(TEMPLATE_HEADERS), *(list(r) for r in result.templates.rows)],
                        [Kind.TEXT, Kind.TEXT])
    run = triage_book(new, today)
    result.triage = run.lines()
    if _has_letters(old):  # 手紙 held letters: make them again in the new layout
        try:
            result.letters = make_letters(new, today).lines()
        except UserError as e:
            result.letters = ["手紙は作り直せませんでした: " + e.message]
    update_metrics(new, today)
    return result


def _carry_orders(old: BookPort, new: BookPort, result: UpgradeResult) -> None:
    new_block = new.read_block(layout.ORDERS)
    carry = carry_orders(old.read_block(layout.ORDERS), new_block)
    header = layout.find_header_row(new_block)
    assert header is not None  # carry_orders checked it
    if carry.extra_headers:
        new.write_block(layout.ORDERS, header + 1, carry.first_col + 1, [list(carry.extra_headers)],
                        [Kind.TEXT] * len(carry.extra_headers))
    if carry.rows:
        new.write_block(layout.ORDERS, header + 2, 1, carry.rows, carry.kinds)
    result.orders = len(carry.rows)
    result.extra_columns = carry.extra_headers


def _carry_settings(old: BookPort, new: BookPort, result: UpgradeResult, old_version: str) -> None:
    if not old.has_sheet(layout.SETTINGS):
        return
    new_block = new.read_block(layout.SETTINGS)
    carry = carry_settings(old.read_block(layout.SETTINGS), new_block)
    if carry.values:
        lo, hi = min(carry.values), max(carry.values)
        column = [[carry.values[i] if i in carry.values else _cell(new_block, i, carry.value_col)]
                  for i in range(lo, hi + 1)]
        new.write_block(layout.SETTINGS, lo + 1, carry.value_col + 1, column, [None])
    if carry.unknown:
        ours = set(release_labels(old_version))
        rows = [[label, value, note if note is not None else
                 ("以前の版の項目（この版では使いません）" if label in ours else "ご自分で追加した行")]
                for label, value, note in carry.unknown]
        new.write_block(layout.SETTINGS, carry.first_free + 2, 1, rows, [Kind.TEXT, None, Kind.TEXT])
    result.settings = carry.carried
    result.unknown_settings = [label for label, _, _ in carry.unknown]


def _cell(block: list[list[object]], i: int, j: int) -> object:
    return block[i][j] if i < len(block) and j < len(block[i]) else None


def _has_letters(book: BookPort) -> bool:
    return book.has_sheet(layout.LETTERS) and any(
        not values.is_blank(v) for row in book.read_block(layout.LETTERS) for v in row)
