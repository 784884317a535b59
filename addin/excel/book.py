"""`BookPort` over a live Excel workbook through xlwings.

Every property read or write through xlwings is a round trip to Excel (COM on Windows,
AppleScript on Mac), so this shell never touches single cells: a sheet is read with one `.value`
over A1 to the last used cell, and each block is written with one `.value = rows`. The number of
calls is the same for 10 rows and for 10,000 (xlwings itself splits a transfer only beyond its
cell budgets: 100,000 cells per write, 4,000,000 per read, 1,500,000 per read on Mac).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from addin import cells
from addin.errors import UserError, cell_name
from addin.layout import Kind
from addin.ports import Block

_A1 = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)")


def _a1(ref: str) -> tuple[int, int]:
    m = _A1.fullmatch(ref)
    if not m:
        raise ValueError(f"not an A1 reference: {ref}")
    col = 0
    for ch in m[1]:
        col = col * 26 + ord(ch) - 64
    return int(m[2]), col


def bounds(address: str) -> tuple[int, int, int, int]:
    """`$B$2:$H$10` (or `'Sheet'!$B$2`) → (first_row, first_col, last_row, last_col), 1-based.
    (Parsed here: importing openpyxl for it would double the start-up of every button.)"""
    first, _, last = address.replace("'", "").split("!")[-1].partition(":")
    (r1, c1), (r2, c2) = _a1(first), _a1(last or first)
    return r1, c1, r2, c2


def get_column_letter(col: int) -> str:
    return cell_name(1, col)[:-1]


class XlwingsBook:
    """The open workbook `book` (an `xlwings.Book`) as a BookPort.

    `progress(text)` is called before each read and write (the buttons show it on the status
    bar), so a long run says what it is doing.
    """

    def __init__(self, book: Any, progress: Callable[[str], None] | None = None) -> None:
        self.book = book
        self.progress = progress or (lambda _text: None)
        self._names: list[str] | None = None
        self._collection: Any = None
        self._sheets: dict[str, Any] = {}

    @property
    def name(self) -> str:
        return str(self.book.name)

    def sheet_names(self) -> list[str]:
        if self._names is None:
            self._names = list(self.book.sheet_names)  # one call, kept (add_sheet resets it)
        return self._names

    def has_sheet(self, sheet: str) -> bool:
        return sheet in self.sheet_names()

    def sheet(self, name: str) -> Any:
        if name not in self._sheets:
            if not self.has_sheet(name):
                raise UserError(f"ブック「{self.name}」にシート「{name}」がありません。")
            if self._collection is None:
                self._collection = self.book.sheets
            self._sheets[name] = self._collection[name]
        return self._sheets[name]

    def read_block(self, sheet: str) -> Block:
        ws = self.sheet(sheet)
        self.progress("ブックを読み込んでいます…")
        used = ws.used_range
        r1, c1, _, c2 = bounds(used.address)
        values = used.options(ndim=2).value
        # The used range may start below or right of A1 (a seller deleted the title): pad so
        # that block[i][j] is always cell (i+1, j+1), as with the openpyxl shell.
        block: Block = [[None] * c2 for _ in range(r1 - 1)]
        pad = [None] * (c1 - 1)
        block.extend(pad + list(row) for row in values)
        return block

    def write_block(self, sheet: str, row: int, col: int, rows: Block,
                    kinds: Sequence[Kind | None]) -> None:
        if not rows:
            return
        width = max(len(r) for r in rows)
        if width == 0:
            return
        kinds = list(kinds) + [None] * (width - len(kinds))
        # Strings assigned through Excel's object model are parsed as if typed: excel_input
        # keeps text text (never a formula, ids with their zeros).
        data = [
            [cells.excel_input(r[j] if j < len(r) else None, kinds[j]) for j in range(width)]
            for r in rows
        ]
        ws = self.sheet(sheet)
        self.progress(f"「{sheet}」に書き込んでいます…")
        ws.range((row, col)).value = data

    def replace_sheet(self, sheet: str, rows: Block, kinds: Sequence[Kind | None],
                      print_rows: int | None = None) -> None:
        ws = self.sheet(sheet)
        ws.clear_contents()  # values only: the template's fonts, row heights and breaks stay
        self.write_block(sheet, 1, 1, rows, kinds)
        if print_rows is not None:
            width = max((len(r) for r in rows), default=1) or 1
            # No rows (no letters) clears the print area, so no stale pages get printed.
            ws.page_setup.print_area = f"$A$1:${get_column_letter(width)}${print_rows}" if print_rows else None

    def activate(self, sheet: str) -> None:
        self.sheet(sheet).activate()

    def add_sheet(self, sheet: str, before: str | None = None) -> None:
        """A new empty sheet (成績 in a workbook made before it existed), before `before` when
        that sheet exists, else at the end."""
        if self.has_sheet(sheet):
            return
        collection = self.book.sheets
        if before and self.has_sheet(before):
            collection.add(name=sheet, before=self.sheet(before))
        else:
            collection.add(name=sheet, after=collection[-1])
        self._names = None  # read the names again
