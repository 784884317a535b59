"""The 個人情報を削除 button: blank the buyer's personal data of orders finished long ago.

Which rows qualify is core.retention's rule (N from 設定「個人情報の保存日数」 unless given).
Exactly the cells of `layout.PII_KEYS` (name, e-mail, recipient, postcode, prefecture, address
lines, phone, delivery request) are blanked; order id, dates, status, quantities, amounts and
tracking stay, so the metrics keep their history. Blanks are written only over qualifying rows and
rows whose PII cells are blank already (writing a blank there changes nothing): each run of such
rows × each run of neighbouring PII columns is one rectangle, and no other cell (not even another
row's PII) is rewritten. The buyer's own words in 注文状況 (the reason of a cancellation request)
go too; the flag itself stays.

Letters print name and address: the 手紙 sheet is cleared when it shows the order number of any
order past the retention period (read from the sheet itself, not from the 手紙 column's page
marks, which triage rewrites). Both are decided on expired orders, not only on rows that still
held PII, so a purge interrupted after its save finishes on the next run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from addin import layout
from addin.core import retention, values
from addin.core.orders import contiguous_runs
from addin.core.report import FLAG_BUYER_CANCEL, FLAG_SEPARATOR
from addin.errors import UserError
from addin.ops.book import load_settings, read_book
from addin.ports import BookPort, CellBlanker, Rect

PII_COLUMNS = tuple(layout.COLUMNS_BY_KEY[k] for k in layout.PII_KEYS)
FLAGS = layout.COLUMNS_BY_KEY["order_flags"]
_TOKEN_RE = re.compile(r"[0-9A-Za-z]+(?:-[0-9A-Za-z]+)*")  # order numbers as printed on 手紙


def _without_reason(flags: object) -> object:
    """注文状況 with the buyer's cancellation reason 「…（理由）」 removed, the flag kept."""
    if not isinstance(flags, str) or FLAG_BUYER_CANCEL + "（" not in flags:
        return flags
    parts = [FLAG_BUYER_CANCEL if p.startswith(FLAG_BUYER_CANCEL + "（") else p
             for p in flags.split(FLAG_SEPARATOR)]
    return FLAG_SEPARATOR.join(parts)
MAX_DAYS = retention.MAX_DAYS


@dataclass
class PurgeResult:
    days: int
    cutoff: date  # rows finished on or before this day are purged
    rows: list[int] = field(default_factory=list)  # sheet rows (1-based) cleared / to clear
    dry_run: bool = True
    backups_removed: int = 0
    letters_cleared: bool = False

    @property
    def count(self) -> int:
        return len(self.rows)

    def lines(self) -> list[str]:
        when = (f"発送・キャンセル（記録のない注文は購入30日後の自動キャンセル）から{self.days}日を過ぎた注文"
                f"（{self.cutoff:%Y/%m/%d} 以前に完了）")
        if not self.rows:
            out = [f"個人情報を消す行はありません（{when}）。"]
            if self.letters_cleared:
                out.append(f"シート「{layout.LETTERS}」の手紙（購入者名を含む）は消しました。")
            if not self.dry_run:
                out.append(f"古いバックアップ（個人情報を含む）を{self.backups_removed}個消しました。")
            return out
        verb = "消します（確認のみ: まだ何も変えていません）" if self.dry_run else "消しました"
        out = [f"{when}の購入者名・メール・電話・受取人・住所など: {self.count}行分を{verb}。"]
        out.append("対象の行: " + _row_ranges(self.rows))
        if self.letters_cleared:
            out.append(f"シート「{layout.LETTERS}」の手紙（購入者名を含む）も消しました。必要なら手紙を作り直してください。")
        if not self.dry_run:
            out.append(f"古いバックアップ（個人情報を含む）を{self.backups_removed}個消しました。")
        return out


def _row_ranges(rows: list[int], limit: int = 10) -> str:
    runs = contiguous_runs(rows)
    parts = [f"{r[0]}行目" if len(r) == 1 else f"{r[0]}〜{r[-1]}行目" for r in runs[:limit]]
    if len(runs) > limit:
        parts.append(f"ほか{sum(len(r) for r in runs[limit:])}行")
    return "、".join(parts)


def purge_pii(book: BookPort, today: date | None = None, days: int | None = None,
              dry_run: bool = True) -> PurgeResult:
    settings = load_settings(book)
    n = settings.pii_retention_days if days is None else days
    if not 0 <= n <= MAX_DAYS:
        raise UserError(f"日数は0〜{MAX_DAYS}で指定してください（指定: {n}）。")
    start = read_book(book, today, settings)
    block, table = start.block, start.table
    last_day = retention.cutoff(start.today, n)
    cols = sorted(table.positions[c.header] for c in PII_COLUMNS if c.header in table.positions)
    result = PurgeResult(n, last_day, dry_run=dry_run)
    flags_col = table.positions.get(FLAGS.header)
    targets: list[int] = []  # 0-based block rows
    expired_ids: set[str] = set()
    reasons: list[int] = []  # rows whose 注文状況 still holds the buyer's cancellation reason
    for o, i in zip(table.orders, table.row_indices, strict=True):
        if not retention.pii_expired(o, last_day):
            continue
        expired_ids.add(o.order_id.strip())
        row = block[i]
        has_reason = (flags_col is not None and flags_col < len(row)
                      and _without_reason(row[flags_col]) != row[flags_col])
        if has_reason:
            reasons.append(i)
        if has_reason or any(not values.is_blank(row[c]) for c in cols if c < len(row)):
            targets.append(i)
    result.rows = [i + 1 for i in targets]
    letters = _letters_show(book, expired_ids)
    if dry_run:
        return result
    if letters:
        book.replace_sheet(layout.LETTERS, [], [], print_rows=0)
        result.letters_cleared = True
    for run in contiguous_runs(reasons):
        assert flags_col is not None
        book.write_block(layout.ORDERS, run[0] + 1, flags_col + 1,
                         [[_without_reason(block[i][flags_col])] for i in run], [FLAGS.kind])
    if not targets:
        return result
    first = table.header_index + 1
    blank = [i for i in range(first, targets[-1] + 1)
             if all(values.is_blank(block[i][c]) for c in cols if c < len(block[i]))]
    runs = [r for r in contiguous_runs(sorted(set(targets) | set(blank))) if not set(r).isdisjoint(targets)]
    rects = [Rect(rr[0] + 1, cr[0] + 1, len(rr), len(cr)) for cr in contiguous_runs(cols) for rr in runs]
    if isinstance(book, CellBlanker):
        book.blank_cells(layout.ORDERS, rects)  # e.g. live Excel: a few unions instead of many writes
    else:
        for r in rects:
            kinds = [layout.COLUMNS_BY_HEADER[str(block[table.header_index][c]).strip()].kind
                     for c in range(r.col - 1, r.col - 1 + r.cols)]
            book.write_block(layout.ORDERS, r.row, r.col, [[None] * r.cols for _ in range(r.rows)], kinds)
    return result


def _letters_show(book: BookPort, order_ids: set[str]) -> bool:
    """Does the 手紙 sheet print any of these order numbers? (A letter can be made again for an
    open order at any time, so the whole sheet goes.)"""
    if not order_ids or not book.has_sheet(layout.LETTERS):
        return False
    for r in book.read_block(layout.LETTERS):
        for v in r:
            if isinstance(v, str) and not order_ids.isdisjoint(_TOKEN_RE.findall(v)):
                return True
    return False

