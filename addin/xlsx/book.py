"""`BookPort` over an openpyxl workbook loaded from a file."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

import openpyxl
from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from addin import cells
from addin.errors import UserError
from addin.files import Fingerprint, atomic_write, ensure_not_running, read_regular_file, remove_leftovers, shown
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


# A busy seller's workbook (50,000 orders, a few years) unpacks to well under 200 MB of XML; more
# is a damaged or hostile file (a 1.6 MB zip can unpack to gigabytes), refused before parsing.
# The sizes declared in the archive bound what is unpacked: zipfile never returns more than an
# entry's declared file_size (CPython Lib/zipfile.py, ZipExtFile._read1: `data[:self._left]`).
MAX_UNPACKED_BYTES = 512 * 1024 * 1024
MAX_ENTRY_BYTES = 256 * 1024 * 1024
MAX_WORKBOOK_BYTES = 200 * 1024 * 1024
# Rows × columns of a sheet's used range: 注文 with 100,000 rows × 100 columns fits; one cell at
# XFD1048576 (17 billion cells) would make every whole-sheet block exhaust memory.
MAX_SHEET_CELLS = 10_000_000
_DIMENSION_RE = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]{1,3}[0-9]{1,7}(?::[A-Z]{1,3}[0-9]{1,7})?)\"")


def _too_large(name: str, what: str) -> UserError:
    return UserError(f"「{name}」は{what}ため開きません（壊れたファイルか、注文ブックではないファイルです）。"
                     "バックアップ（.addin-backup フォルダ）か、新しい注文ブックを使ってください。")


def _area(ref: str) -> int:
    min_col, min_row, max_col, max_row = range_boundaries(ref if ":" in ref else f"{ref}:{ref}")
    return (max_col - min_col + 1) * (max_row - min_row + 1)  # type: ignore[operator]


def _check_archive(data: bytes, name: str) -> None:
    """Refuse, before any XML is parsed, an archive that would unpack to too much or declares a
    sheet too large to hold in memory."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        infos = z.infolist()
        total = sum(i.file_size for i in infos)
        if total > MAX_UNPACKED_BYTES or any(i.file_size > MAX_ENTRY_BYTES for i in infos):
            raise _too_large(name, f"展開すると {total / 2**20:,.0f} MB になる（上限 "
                                   f"{MAX_UNPACKED_BYTES / 2**20:,.0f} MB）")
        for i in infos:
            if not (i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")):
                continue
            with z.open(i) as f:
                head = f.read(4096)  # <dimension> comes right after <sheetPr>
            m = _DIMENSION_RE.search(head)
            if m and _area(m.group(1).decode()) > MAX_SHEET_CELLS:
                raise _too_large(name, f"シートの使用範囲が {m.group(1).decode()} と大きすぎる")


def _check_sheets(wb: Workbook, name: str) -> None:
    """The used range openpyxl found (the file's <dimension> may understate it)."""
    for ws in wb.worksheets:
        if not ws._cells:
            continue
        rows = max(r for r, _ in ws._cells)
        cols = max(c for _, c in ws._cells)
        if rows * cols > MAX_SHEET_CELLS:
            raise _too_large(name, f"シート「{ws.title}」の使用範囲が A1:{get_column_letter(cols)}{rows} "
                                   "と大きすぎる")


def load_bytes(path: Path) -> tuple[Workbook, bytes]:
    """Open a workbook for editing, keeping VBA and buttons of macro-enabled files; also return
    the exact bytes it was parsed from (what a later save checks the file against)."""
    name = shown(path.name)
    if path.suffix.lower() not in (".xlsx", ".xlsm", ".xltx", ".xltm"):
        if not path.exists():
            raise UserError(f"ファイル「{shown(path)}」が見つかりません。")
        raise UserError(f"「{name}」は Excel ブック（.xlsm / .xlsx）ではありません。")
    data = read_regular_file(path, MAX_WORKBOOK_BYTES, lambda n: _too_large(name, f"{n / 2**20:,.0f} MB ある").message)
    try:
        _check_archive(data, name)
        wb = openpyxl.load_workbook(io.BytesIO(data), keep_vba=path.suffix.lower() in MACRO_SUFFIXES)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, ValueError, EOFError,
            SyntaxError) as e:  # SyntaxError: the XML parsers' ParseError / XMLSyntaxError
        raise UserError(f"「{name}」を Excel ブックとして読めません（{type(e).__name__}）。") from None
    _check_sheets(wb, name)
    return wb, data


def load(path: Path) -> Workbook:
    return load_bytes(path)[0]


class XlsxBook:
    def __init__(self, wb: Workbook, path: Path, read: Fingerprint | None = None) -> None:
        self.wb = wb
        self.path = path
        self.read_as = read  # the file as it was when loaded: a save refuses if it has changed
        self.changed = False  # any cell, sheet or format changed since loading

    @classmethod
    def open(cls, path: Path) -> XlsxBook:
        ensure_not_running(path)  # refused at once when another addin run holds the book
        remove_leftovers(path.resolve().parent)  # temp copies of killed runs hold buyer data
        wb, data = load_bytes(path)
        return cls(wb, path, Fingerprint.of(path, data))

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
                self.changed = True
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
        for (r, c), cell in list(ws._cells.items()):  # only cells that exist: no empty Cells made
            if cell.value is not None and (r > len(rows) or c > len(rows[r - 1])):
                cell.value = None
                self.changed = True
        self.write_block(sheet, 1, 1, rows, kinds)
        if print_rows is not None:  # 0 clears it: no stale pages get printed
            width = max((len(r) for r in rows), default=1) or 1
            old = ws.print_area
            ws.print_area = f"A1:{get_column_letter(width)}{print_rows}" if print_rows else None
            self.changed |= ws.print_area != old

    applies_letter_fonts = True  # format_letters prints title and addressee larger

    def format_letters(self, sheet: str, styles: Sequence[object], pages: int) -> None:
        """Fonts, page breaks, print area and page setup of 手紙 (see addin.xlsx.letters)."""
        from addin.xlsx.letters import apply_letter_format

        apply_letter_format(self.sheet(sheet), styles, pages)  # type: ignore[arg-type]
        self.changed = True

    def activate(self, sheet: str) -> None:
        target = self.sheet(sheet)
        if self.wb.active is target and all(ws.sheet_view.tabSelected == (ws is target)
                                            for ws in self.wb.worksheets):
            return  # already so: not a change that needs a save
        for ws in self.wb.worksheets:  # one selected tab, or Excel opens a grouped selection
            ws.sheet_view.tabSelected = ws is target
        self.wb.active = target
        self.changed = True

    def add_sheet(self, sheet: str, before: str | None = None) -> None:
        from addin.xlsx.charts import add_sheet

        add_sheet(self.wb, sheet, before)
        self.changed = True

    def save(self, target: Path | None = None) -> Path:
        """Write the book atomically to `target` (default: where it was read). Nothing is written
        when nothing changed and the target is the file read (no backup is rotated out either);
        the file read is replaced only if it is still exactly what was loaded."""
        from addin.xlsx.charts import redraw_charts

        target = target or self.path
        same = target.resolve() == self.path.resolve()
        if same and not self.changed:
            return target
        redraw_charts(self.wb)  # openpyxl does not keep charts faithfully: 成績 redrawn on every save
        atomic_write(target, lambda tmp: self.wb.save(tmp), expect=self.read_as, check_unchanged=same)
        if same:
            self.read_as = Fingerprint.of(target)
            self.changed = False
        return target
