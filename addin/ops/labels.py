"""The shipping round trip (issue 20): 送り状ファイル, 追跡番号取込 and 出荷通知の結果.

- `label_files` reads 設定 and 注文 once, triages in memory (the sheet is not changed) and returns
  the carrier files as bytes; the shell names and writes them.
- `import_tracking` fills the seller columns 追跡番号 (as text) and 発送日, only into blank cells.
- `confirm_result` fills 出荷通知日, only into blank cells, only for the lines of the uploaded
  confirmation file that Amazon's processing report did not reject.
Each column is written in runs of neighbouring rows, one block per run.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from addin import layout
from addin.core import values
from addin.core.labels.amazon_result import ResultPlan, plan_result
from addin.core.labels.rules import FORMATS, LAYOUTS, LabelRun, build_labels, sender_from
from addin.core.labels.tracking import TrackingPlan, plan_tracking
from addin.core.orders import contiguous_runs
from addin.core.triage import triage_all
from addin.errors import AddinError, UserError
from addin.layout import Kind
from addin.ops.book import Opened, read_book
from addin.ports import BookPort

TRACKING = layout.COLUMNS_BY_KEY["tracking_number"].header
SHIPPED = layout.COLUMNS_BY_KEY["shipped_on"].header
CONFIRMED = layout.COLUMNS_BY_KEY["confirmed_on"].header
MAX_LISTED = 20

HOW_TO_UPLOAD = {
    "clickpost": "クリックポストの「まとめ申込」で、ファイルを1つずつアップロードしてください（1ファイル40件まで）。",
    "b2cloud": "B2クラウドの「外部データから発行」で取り込んでください（1行目は見出しです。取込み開始行を2に）。",
    "ehiden3": "e飛伝IIIの「送り状データ取込」で、ヘッダなし・74項目の取込レイアウトを選んで取り込んでください。",
}
SHORT_NAMES = {"clickpost": "クリックポスト", "b2cloud": "B2クラウド", "ehiden3": "e飛伝III"}


def _listed(items: list[str], indent: str = "  ") -> list[str]:
    shown = [indent + x for x in items[:MAX_LISTED]]
    if len(items) > MAX_LISTED:
        shown.append(f"{indent}…ほか{len(items) - MAX_LISTED}件")
    return shown


@dataclass
class LabelFile:
    fmt: str
    run: LabelRun
    files: list[bytes]

    def names(self, base: Path) -> list[Path]:
        """`base` for one file; `stem_1.csv`, `stem_2.csv` … when split."""
        if len(self.files) == 1:
            return [base]
        return [base.with_name(f"{base.stem}_{i}{base.suffix}") for i in range(1, len(self.files) + 1)]

    def lines(self) -> list[str]:
        title = LAYOUTS[self.fmt].title
        run = self.run
        out: list[str] = []
        if run.labels:
            split = f"（ファイル{len(self.files)}個）" if len(self.files) > 1 else ""
            out.append(f"{title}: 送り状{len(run.labels)}件{split}。{HOW_TO_UPLOAD[self.fmt]}")
        if run.refused:
            out.append(f"{title}: 次の{len(run.refused)}件は送り状に入れていません。"
                       "直してからもう一度実行してください:")
            out.extend(_listed([r.text() for r in run.refused]))
        if run.not_ready:
            rows = "、".join(f"{r}行目（{s}）" for r, s in run.not_ready[:MAX_LISTED])
            out.append(f"{title}: まだ発送できないステータスの行は入れていません: {rows}")
        return out


@dataclass
class LabelFiles:
    made: list[LabelFile] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # a format refused as a whole (e.g. a blank 設定 row)

    def lines(self) -> list[str]:
        out = [line for f in self.made for line in f.lines()]
        out += self.errors
        if not any(f.run.labels for f in self.made) and not self.errors and not any(
                f.run.refused or f.run.not_ready for f in self.made):
            out.append("送り状にする注文はありません（ステータスが発送・手紙同封で発送・期限超過で、発送方法が"
                       "クリックポスト・宅急便・宅急便コンパクト・ネコポス・佐川急便のどれかで、発送日が空欄の行が対象です）。")
        if any(f.run.labels for f in self.made):
            out.append("発行したら、送り状ソフトの履歴（発行済みデータ・出荷履歴・発送履歴）をダウンロードして"
                       "「追跡番号取込」で追跡番号と発送日を記入できます。")
        return out


def label_files(book: BookPort, format: str | None = None, today: date | None = None) -> LabelFiles:
    """The label file of `format`, or of every format that has orders (the Excel button). The
    workbook is not changed: triage runs in memory so the files follow today's rules."""
    start = read_book(book, today)
    results = triage_all(start.table.orders, start.settings, start.today)
    entries = list(zip(start.table.orders, results, strict=True))
    sender = sender_from(start.settings)
    out = LabelFiles()
    for fmt in [format] if format else [f for f in FORMATS if f in LAYOUTS]:
        try:
            run = build_labels(fmt, entries, sender, start.today)
        except AddinError as e:
            if format:
                raise
            out.errors.append(f"{SHORT_NAMES.get(fmt, fmt)}: {e.message}")
            continue
        if format or run.labels or run.refused:
            out.made.append(LabelFile(fmt, run, run.files()))
    return out


# --- writing seller columns -------------------------------------------------------------------------


def _write_column(book: BookPort, start: Opened, header: str, kind: Kind, cells: dict[int, object]) -> int:
    """Write `cells` (block row index → value) into the blank cells of column `header`; returns
    how many were written. A filled cell is never touched."""
    table, block = start.table, start.block
    if header not in table.positions:
        raise UserError(f"シート「{layout.ORDERS}」に「{header}」列がありません。")
    col = table.positions[header]
    todo = {i: v for i, v in cells.items() if values.is_blank(block[i][col] if col < len(block[i]) else None)}
    for run in contiguous_runs(list(todo)):
        book.write_block(layout.ORDERS, run[0] + 1, col + 1, [[todo[i]] for i in run], [kind])
    return len(todo)


@dataclass
class TrackingResult:
    plan: TrackingPlan
    filled: int
    dated: int

    def lines(self) -> list[str]:
        p = self.plan
        out = [f"{p.source.title}を読みました（{p.lines}件）。"]
        if self.filled:
            out.append(f"「{TRACKING}」を{self.filled}行に記入しました。")
        if self.dated:
            out.append(f"「{SHIPPED}」を{self.dated}行に記入しました。")
        if p.already:
            out.append(f"同じ追跡番号がすでに入っていた行: {p.already}行。")
        if not (self.filled or self.dated or p.already):
            out.append("記入した行はありません。")
        for title, items in (("追跡番号が違うため書き込まなかった行（手で確かめてください）", p.conflicts),
                             ("注文を1つに決められなかった行", p.ambiguous),
                             ("ブックに見つからなかった行", p.unmatched),
                             ("追跡番号の形が正しくない行", p.invalid)):
            if items:
                out.append(f"{title}: {len(items)}件")
                out.extend(_listed(items))
        if self.filled:
            out.append("次は「出荷通知ファイル」で出荷通知ファイルを作り、セラーセントラルにアップロードしてください。")
        return out


def import_tracking(book: BookPort, data: bytes, today: date | None = None) -> TrackingResult:
    start = read_book(book, today)
    plan = plan_tracking(data, start.table.orders, start.today)
    index = {o.row: i for o, i in zip(start.table.orders, start.table.row_indices, strict=True)}
    numbers = {index[f.row]: f.tracking for f in plan.fills if f.tracking}
    dates = {index[f.row]: f.shipped for f in plan.fills if f.shipped}
    filled = _write_column(book, start, TRACKING, Kind.ID, numbers) if numbers else 0
    dated = _write_column(book, start, SHIPPED, Kind.DATE, dates) if dates else 0
    return TrackingResult(plan, filled, dated)


@dataclass
class ConfirmResult:
    plan: ResultPlan
    day: date
    marked: int
    already: int
    missing: list[str]

    def lines(self) -> list[str]:
        p = self.plan
        out = []
        if self.marked:
            out.append(f"Amazonが受け付けた{len(p.accepted)}行のうち、{self.marked}行の「{CONFIRMED}」に"
                       f" {self.day:%Y/%m/%d} を記入しました。")
        if self.already:
            out.append(f"「{CONFIRMED}」がすでに入っていた{self.already}行はそのままにしました。")
        if p.errors:
            out.append(f"Amazonがエラーにした行: {len(p.errors)}件（「{CONFIRMED}」は空欄のままです。"
                       "直して出荷通知をやり直してください。出荷通知がない注文は遅延になり、30日で自動キャンセルされます）:")
            out.extend(_listed(p.errors))
        if p.warnings:
            out.append(f"警告つきで受け付けられた行: {len(p.warnings)}件:")
            out.extend(_listed(p.warnings))
        out.extend(p.notes)
        if self.missing:
            shown = "、".join(self.missing[:10])
            out.append(f"ブックに見つからなかった行: {len(self.missing)}件（注文番号 {shown}）。")
        if not (self.marked or self.already or p.errors):
            out.append("記入する行はありませんでした。")
        return out


def _mark_keys(book: BookPort, start: Opened, keys: Iterable[tuple[str, str]]) -> tuple[int, int, list[str]]:
    """出荷通知日 = today on the rows of `keys` (a key without item id = the whole order)."""
    wanted = set(keys)
    whole = {oid for oid, item in wanted if not item}
    rows: dict[int, object] = {}
    found: set[str] = set()
    for o, i in zip(start.table.orders, start.table.row_indices, strict=True):
        if (o.order_id, o.order_item_id) in wanted or o.order_id in whole:
            rows[i] = start.today
            found.add(o.order_id)
    marked = _write_column(book, start, CONFIRMED, Kind.DATE, rows) if rows else 0
    missing = sorted({oid for oid, _ in wanted} - found)
    return marked, len(rows) - marked, missing


def confirm_result(book: BookPort, uploaded: bytes, report: bytes, today: date | None = None) -> ConfirmResult:
    plan = plan_result(uploaded, report)  # refuses a report of another upload before the book is read
    start = read_book(book, today)
    marked, already, missing = _mark_keys(book, start, plan.accepted)
    return ConfirmResult(plan, start.today, marked, already, missing)
