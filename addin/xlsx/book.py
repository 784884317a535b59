"""`BookPort` over an openpyxl workbook loaded from a file."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

import openpyxl
from openpyxl.cell.cell import Cell
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from addin import cells
from addin.errors import UserError
from addin.files import atomic_write
from addin.layout import Kind, number_format
from addin.ports import Block

MACRO_SUFFIXES = (".xlsm", ".xltm")


def _holds(c: Cell, v: object, fmt: str | None) -> bool:
    """Does cell `c` already hold exactly what `write_block` would leave in it for value `v`?"""
    old = c._value
    if v is None:
        return old is None
    # A date written earlier reads back as a datetime at midnight: the same cell content.
    same_day = type(v) is date and type(old) is datetime and old == datetime(v.year, v.month, v.day)
    if not same_day and (type(old) is not type(v) or old != v):
        return False
    if isinstance(v, str):
        return c.data_type == "s" and (c.quotePrefix or not cells.looks_like_formula(v))
    return not fmt or c.number_format == fmt


def load(path: Path) -> Workbook:
    """Open a workbook for editing, keeping VBA and buttons of macro-enabled files."""
    if not path.exists():
        raise UserError(f"ファイル「{path}」が見つかりません。")
    if path.suffix.lower() not in (".xlsx", ".xlsm", ".xltx", ".xltm"):
        raise UserError(f"「{path.name}」は Excel ブック（.xlsm / .xlsx）ではありません。")
    try:
        return openpyxl.load_workbook(path, keep_vba=path.suffix.lower() in MACRO_SUFFIXES)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
        raise UserError(f"「{path.name}」を Excel ブックとして読めません（{type(e).__name__}）。") from None


class XlsxBook:
    def __init__(self, wb: Workbook, path: Path) -> None:
        self.wb = wb
        self.path = path

    @classmethod
    def open(cls, path: Path) -> XlsxBook:
        return cls(load(path), path)

    def sheet(self, name: str) -> Worksheet:
        if name not in self.wb.sheetnames:
            raise UserError(f"「{self.path.name}」にシート「{name}」がありません。")
        return self.wb[name]

    def has_sheet(self, sheet: str) -> bool:
        return sheet in self.wb.sheetnames

    def read_block(self, sheet: str) -> Block:
        ws = self.sheet(sheet)
        width, height = ws.max_column, ws.max_row
        # Straight from the cell store: iter_rows() would create a Cell for every empty
        # coordinate, which costs seconds on a 50,000-row sheet and slows the save after it.
        block: Block = [[None] * width for _ in range(height)]
        for (r, c), cell in ws._cells.items():
            block[r - 1][c - 1] = cell.value
        return block

    def write_block(self, sheet: str, row: int, col: int, rows: Block,
                    kinds: Sequence[Kind | None]) -> None:
        ws = self.sheet(sheet)
        self._refuse_merged(ws, row, col, len(rows), len(kinds))
        formats = [number_format(k) if k else None for k in kinds]
        store = ws._cells
        for i, values in enumerate(rows):
            r = row + i
            for j, value in enumerate(values):
                kind = kinds[j]
                v = cells.stored_value(value, kind)
                c = store.get((r, col + j))
                if c is None:
                    if v is None:
                        continue  # nothing there, nothing to write: no empty Cell object
                    c = ws.cell(row=r, column=col + j)
                elif _holds(c, v, formats[j]):
                    continue  # unchanged: blocks that span untouched rows cost almost nothing
                c.value = v
                if kind is Kind.LINK and isinstance(value, int):
                    c.data_type = "f"  # the link formula (layout.link_formula)
                elif isinstance(v, str):
                    c.data_type = "s"  # never a formula, whatever the first character
                    if cells.looks_like_formula(v) and not c.quotePrefix:
                        c.quotePrefix = True  # Excel keeps it text when the seller edits the cell
                elif v is not None and formats[j] and c.number_format != formats[j]:
                    c.number_format = formats[j]

    def _refuse_merged(self, ws: Worksheet, row: int, col: int, height: int, width: int) -> None:
        """Merged cells cannot take values; say where, before anything is written."""
        for m in ws.merged_cells.ranges:
            if (m.min_row < row + height and m.max_row >= row and m.min_col < col + width
                    and m.max_col >= col):
                raise UserError(
                    f"シート「{ws.title}」のセル {m.coord} が結合されていて書き込めません。"
                    "結合を解除してからやり直してください。（ブックは変更していません）"
                )

    def replace_sheet(self, sheet: str, rows: Block, kinds: Sequence[Kind | None],
                      print_rows: int | None = None) -> None:
        ws = self.sheet(sheet)
        for row in ws.iter_rows(min_row=1, max_row=ws.max_row):
            for c in row:
                c.value = None
        self.write_block(sheet, 1, 1, rows, kinds)
        if print_rows is not None:  # 0 clears it: no stale pages get printed
            width = max((len(r) for r in rows), default=1) or 1
            last_col = openpyxl.utils.get_column_letter(width)
            ws.print_area = f"A1:{last_col}{print_rows}" if print_rows else None

    applies_letter_fonts = True  # format_letters prints title and addressee larger

    def format_letters(self, sheet: str, styles: Sequence[object], pages: int) -> None:
        """Fonts, page breaks, print area and page setup of 手紙 (see addin.xlsx.letters)."""
        from addin.xlsx.letters import apply_letter_format

        apply_letter_format(self.sheet(sheet), styles, pages)  # type: ignore[arg-type]

    def activate(self, sheet: str) -> None:
        target = self.sheet(sheet)
        for ws in self.wb.worksheets:  # one selected tab, or Excel opens a grouped selection
            ws.sheet_view.tabSelected = ws is target
        self.wb.active = target

    def add_sheet(self, sheet: str, before: str | None = None) -> None:
        from addin.xlsx.charts import add_sheet

        add_sheet(self.wb, sheet, before)

    def save(self, target: Path | None = None) -> Path:
        from addin.xlsx.charts import redraw_charts

        target = target or self.path
        redraw_charts(self.wb)  # openpyxl does not keep charts faithfully: 成績 redrawn on every save
        atomic_write(target, lambda tmp: self.wb.save(tmp))
        return target
