"""The 出荷通知ファイル button: Amazon's bulk shipping-confirmation file from the 注文 sheet, and
marking 出荷通知日 once the seller says the upload succeeded.

Exporting never changes the workbook. `mark_confirmed_from_file` is the only code that writes the
seller column 出荷通知日, only for the rows listed in the uploaded file, only into blank cells, and
only when the seller asks for it (button / `--mark-confirmed`), never as part of the export.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from addin import layout
from addin.core import values
from addin.core.orders import contiguous_runs
from addin.core.shipping import (
    ConfirmFileError,
    ConfirmPlan,
    ConfirmTemplate,
    confirm_template,
    file_bytes,
    plan_confirmations,
    read_confirm_file,
)
from addin.errors import UserError
from addin.inputs import read_confirm_template
from addin.layout import Kind
from addin.ops.book import read_book
from addin.ports import BookPort

CONFIRMED = layout.COLUMNS_BY_KEY["confirmed_on"].header
MAX_LISTED = 10


@dataclass
class ConfirmExport:
    plan: ConfirmPlan
    today: date
    data: bytes  # the file; empty when no row can be confirmed

    @property
    def keys(self) -> list[tuple[str, str]]:
        return self.plan.keys

    def lines(self) -> list[str]:
        n, bad = len(self.plan.lines), len(self.plan.problems)
        out: list[str] = []
        if n:
            orders = len({x.order_id for x in self.plan.lines})
            out.append(f"出荷通知ファイルに{n}行（注文{orders}件）を書き出します。")
        elif not bad:
            out.append(f"出荷通知する行はありません（「発送日」が入っていて「{CONFIRMED}」が空欄の行が対象です）。")
        if bad:
            out.append(f"次の{bad}行は問題があるため書き出していません。直してからもう一度実行してください:")
            out.extend("  " + p.text() for p in self.plan.problems)
        if n:
            out.append(f"運送会社コード（carrier-code）は{self.plan.code_source}で書きました。")
            out.append("セラーセントラルの「注文 → 注文関連ファイルのアップロード」でアップロードし、"
                       f"処理レポートをダウンロードして「出荷通知の結果」で読み込むと「{CONFIRMED}」を記入します"
                       "（addin confirm-result ブック 出荷通知ファイル 処理レポート）。")
        return out


def load_template(path: Path | str | None) -> ConfirmTemplate | None:
    """The seller's downloaded 出荷通知 template (`--template`, else 設定「出荷通知テンプレート」)."""
    if path is None or not str(path).strip():
        return None
    p = Path(str(path).strip().strip('"'))
    try:
        return confirm_template(read_confirm_template(p), p.name)
    except values.ValueProblem as e:
        raise UserError(f"出荷通知テンプレートを読めません: {e}。") from None


def export_confirm_file(book: BookPort, today: date | None = None,
                        template: Path | None = None) -> ConfirmExport:
    start = read_book(book, today)
    tpl = load_template(template if template is not None else start.settings.confirm_template)
    plan = plan_confirmations(start.table.orders, start.settings, start.today, tpl)
    return ConfirmExport(plan, start.today, file_bytes(plan.lines, tpl) if plan.lines else b"")


def mark_confirmed_from_file(book: BookPort, data: bytes, today: date | None = None) -> list[str]:
    """Write today's date into the blank 出荷通知日 cells of the rows listed in `data` (the
    confirmation file the seller uploaded). Filled cells are never touched."""
    try:
        keys = read_confirm_file(data)
    except ConfirmFileError as e:
        raise UserError(f"出荷通知ファイルを読めません: {e}") from None
    if not keys:
        raise UserError("出荷通知ファイルに注文の行がありません。")
    start = read_book(book, today)
    table, block, day = start.table, start.block, start.today
    if CONFIRMED not in table.positions:
        raise UserError(f"シート「{layout.ORDERS}」に「{CONFIRMED}」列がありません。")
    col = table.positions[CONFIRMED]
    wanted = set(keys)
    whole_orders = {oid for oid, item in keys if not item}  # a line without item id = whole order
    found: set[tuple[str, str]] = set()
    marked: list[int] = []
    already = unshipped = 0
    for o, i in zip(table.orders, table.row_indices, strict=True):
        key = (o.order_id, o.order_item_id)
        if key not in wanted and o.order_id not in whole_orders:
            continue
        found.add(key if key in wanted else (o.order_id, ""))
        raw = block[i][col] if col < len(block[i]) else None
        if o.shipped_on is None:
            unshipped += 1  # not shipped in the sheet: confirming it would hide it from the to-do list
        elif values.is_blank(raw):
            marked.append(i)
        else:
            already += 1
    for run in contiguous_runs(marked):  # each run of neighbouring rows is one block write
        book.write_block(layout.ORDERS, run[0] + 1, col + 1, [[day] for _ in run], [Kind.DATE])
    missing = [k for k in dict.fromkeys(keys) if k not in found]
    return _mark_lines(day, len(marked), already, unshipped, missing)


def _mark_lines(day: date, marked: int, already: int, unshipped: int,
                missing: list[tuple[str, str]]) -> list[str]:
    out = []
    if marked:
        out.append(f"「{CONFIRMED}」に {day:%Y/%m/%d} を記入しました: {marked}行。")
    if already:
        out.append(f"「{CONFIRMED}」がすでに入っていた{already}行はそのままにしました。")
    if unshipped:
        out.append(f"「発送日」が空欄の{unshipped}行には記入しませんでした（発送日を入れてからやり直してください）。")
    if missing:
        shown = "、".join(oid for oid, _ in missing[:MAX_LISTED]) + ("…" if len(missing) > MAX_LISTED else "")
        out.append(f"ブックに見つからなかった行: {len(missing)}行（注文番号 {shown}）。")
    if not marked and not already and not missing and not unshipped:
        out.append("記入する行はありませんでした。")
    return out

