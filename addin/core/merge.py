"""Merging parsed report records into the 注文 block: which cells to write, as whole blocks.

Pure: takes the block one read of 注文 returned and the records of every report, returns the
writes (top-left cell, rows, kinds) and the counts. Rows are keyed by (注文番号, 注文商品ID).

- A key not in the sheet: a new row, appended below the last used row.
- A key in the sheet: its report cells are refreshed where they differ.
- Seller and computed columns are never part of any write; rows missing from the report stay.
- Values are compared the way they are stored (a date cell reads back as a datetime, a seller may
  have typed 1 where the report says "1"), so importing the same file twice writes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from addin import layout
from addin.core import values
from addin.core.orders import contiguous_runs, locate
from addin.core.report import ParsedReport
from addin.errors import DomainError
from addin.layout import Column, Kind

Block = list[list[object]]
Key = tuple[str, str]
EXCEL_MAX_ROWS = 1_048_576
_HALF_SECOND = timedelta(microseconds=500_000)


@dataclass(frozen=True)
class Write:
    """One `BookPort.write_block` call: top-left at 1-based (row, col)."""

    row: int
    col: int
    rows: Block
    kinds: list[Kind | None]


@dataclass
class MergeResult:
    writes: list[Write] = field(default_factory=list)
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    missing_columns: list[str] = field(default_factory=list)  # carried by a report, absent from 注文


def combine(reports: Sequence[ParsedReport]) -> list[dict[str, object]]:
    """All records of all reports, one per key, in order of first appearance. A later line or a
    later file wins for every column it carries; columns it does not carry keep earlier values."""
    merged: dict[Key, dict[str, object]] = {}
    for report in reports:
        for rec in report.records:
            key = (str(rec["order_id"]), str(rec["order_item_id"]))
            if key in merged:
                merged[key].update(rec)
            else:
                merged[key] = dict(rec)
    return list(merged.values())


def _canon(value: object, kind: Kind) -> object:
    """A value as the sheet holds it, for comparison."""
    if values.is_blank(value):
        return None
    try:
        if kind in (Kind.TEXT, Kind.ID):
            return values.text(value)
        if kind is Kind.DATE:
            return values.to_date(value)
        if kind is Kind.DATETIME:
            dt = values.to_datetime(value)
            if dt is None:
                return None
            # Excel stores times as fractions of a day: compare to the second.
            dt = dt.replace(tzinfo=None)
            return (dt + timedelta(microseconds=500_000)).replace(microsecond=0)
        if kind is Kind.INT:
            return values.to_int(value)
    except values.ValueProblem:
        pass
    return ("unreadable", type(value).__name__, str(value))


def same(old: object, new: object, kind: Kind) -> bool:
    """Would writing `new` leave the cell holding `old` as it is (in value)?"""
    if new is None or new == "":
        return old is None or (isinstance(old, str) and not old.strip())
    if old is None:
        return False
    t_old = type(old)
    if t_old is type(new):  # the common cases, without the slower general path
        if t_old is str:
            return old == new or old.strip() == new.strip()  # type: ignore[union-attr]
        if t_old is datetime:
            if kind is Kind.DATETIME:
                return abs(old - new) < _HALF_SECOND  # type: ignore[operator]
            if kind is Kind.DATE:
                return old.date() == new.date()  # type: ignore[union-attr]
        if t_old is int or t_old is date:
            return old == new
    elif t_old is datetime and type(new) is date and kind is Kind.DATE:
        return old.date() == new  # type: ignore[union-attr]  # a date cell reads back as datetime
    return _canon(old, kind) == _canon(new, kind)


def _last_used(block: Block, header_index: int) -> int:
    for i in range(len(block) - 1, header_index, -1):
        if any(not values.is_blank(v) for v in block[i]):
            return i
    return header_index


def _cell(row: list[object], p: int) -> object:
    return row[p] if p < len(row) else None


def _existing_rows(block: Block, header_index: int, id_pos: int, item_pos: int, width: int
                   ) -> tuple[dict[Key, list[int]], dict[int, list[object]]]:
    """Block rows by (注文番号, 注文商品ID), and those rows padded to `width` (a short row reads as
    blanks)."""
    existing: dict[Key, list[int]] = {}
    rows_of: dict[int, list[object]] = {}
    for i in range(header_index + 1, len(block)):
        row = block[i]
        oid, iid = values.text(_cell(row, id_pos)), values.text(_cell(row, item_pos))
        if oid and iid:
            existing.setdefault((oid, iid), []).append(i)
            rows_of[i] = row if len(row) >= width else row + [None] * (width - len(row))
    return existing, rows_of


def _row_changes(row: list[object], rec: dict[str, object], plan: list[tuple[int, str, Kind]]) -> dict[int, object]:
    return {p: rec[k] for p, k, kind in plan if k in rec and not same(row[p], rec[k], kind)}


def _update_writes(block: Block, updates: dict[int, dict[int, object]], kind_of: dict[int, Kind]) -> list[Write]:
    """Existing rows: one block per run of neighbouring changed columns, spanning the changed
    rows. Cells inside the span that do not change get their current value back."""
    writes = []
    for run in contiguous_runs(sorted({p for u in updates.values() for p in u})):
        in_run = [i for i, u in updates.items() if any(p in u for p in run)]
        first, last = min(in_run), max(in_run)
        rows_out: Block = []
        for i in range(first, last + 1):
            u = updates.get(i, {})
            rows_out.append([u[p] if p in u else _cell(block[i], p) for p in run])
        writes.append(Write(first + 1, run[0] + 1, rows_out, [kind_of[p] for p in run]))
    return writes


def _append_writes(block: Block, header_index: int, positions: dict[str, int], new_rows: list[dict[str, object]],
                   sheet: str) -> list[Write]:
    """New rows below the last used one, in every report column, carried or not: those rows are
    blank, and fewer, wider blocks mean fewer round trips to Excel."""
    start = _last_used(block, header_index) + 1  # 0-based block index of the first new row
    if start + len(new_rows) > EXCEL_MAX_ROWS:
        raise DomainError(
            f"シート「{sheet}」に {len(new_rows):,} 行を追加すると Excel の上限"
            f"（{EXCEL_MAX_ROWS:,} 行）を超えます。古い注文を別のブックに移してください。"
        )
    col_at = {positions[c.header]: c for c in layout.REPORT_COLUMNS if c.header in positions}
    writes = []
    for run in contiguous_runs(list(col_at)):
        keys = [col_at[p].key for p in run]
        rows_out = [[rec.get(k) for k in keys] for rec in new_rows]
        writes.append(Write(start + 1, run[0] + 1, rows_out, [col_at[p].kind for p in run]))
    return writes


def merge(block: Block, records: Sequence[dict[str, object]], sheet: str = layout.ORDERS) -> MergeResult:
    header_index, positions = locate(block, sheet)
    carried = {k for rec in records for k in rec}
    result = MergeResult()
    result.missing_columns = [c.header for c in layout.REPORT_COLUMNS
                              if c.key in carried and c.header not in positions]
    cols: list[tuple[int, Column]] = sorted(
        (positions[c.header], c) for c in layout.REPORT_COLUMNS if c.header in positions and c.key in carried
    )
    id_pos, item_pos = (positions[h] for h in layout.KEY_HEADERS)
    width = max(p for p in positions.values()) + 1
    existing, rows_of = _existing_rows(block, header_index, id_pos, item_pos, width)

    updates: dict[int, dict[int, object]] = {}  # block row index → {column index: new value}
    new_rows: list[dict[str, object]] = []
    plan = [(p, col.key, col.kind) for p, col in cols]
    for rec in records:
        found = existing.get((str(rec["order_id"]), str(rec["order_item_id"])))
        if found is None:
            new_rows.append(rec)
            continue
        changed = {i: u for i in found if (u := _row_changes(rows_of[i], rec, plan))}
        for i, u in changed.items():  # a key twice in the report: both records' changes count
            updates.setdefault(i, {}).update(u)
        if changed:
            result.updated += 1
        else:
            result.unchanged += 1
    result.added = len(new_rows)
    result.writes.extend(_update_writes(block, updates, {p: c.kind for p, c in cols}))
    if new_rows:
        result.writes.extend(_append_writes(block, header_index, positions, new_rows, sheet))
    return result
