"""What an operation needs from a workbook, whichever shell provides it.

The openpyxl shell (saved files) and the xlwings shell (live Excel) both implement `BookPort`.
Operations in `addin.ops` read whole sheets as 2-D blocks and write whole blocks back, so the
number of calls to the workbook never grows with the number of rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple, Protocol, runtime_checkable

from addin.layout import Kind

Block = list[list[object]]


class BookPort(Protocol):
    def has_sheet(self, sheet: str) -> bool: ...

    def read_block(self, sheet: str) -> Block:
        """All values from A1 to the last used cell, rows padded to equal length."""
        ...

    def write_block(self, sheet: str, row: int, col: int, rows: Block,
                    kinds: Sequence[Kind | None]) -> None:
        """Write `rows` with its top-left at 1-based (row, col). `kinds[j]` says how column j
        is stored (text stays text, dates as dates); None = as is."""
        ...

    def replace_sheet(self, sheet: str, rows: Block, kinds: Sequence[Kind | None],
                      print_rows: int | None = None) -> None:
        """Clear the sheet's values and write `rows` from A1; set the print area to the first
        `print_rows` rows when given (0 clears the print area)."""
        ...


# Optional capabilities: an operation checks `isinstance(book, X)` and falls back otherwise.

class Rect(NamedTuple):
    row: int  # 1-based top-left
    col: int
    rows: int
    cols: int


@runtime_checkable
class LetterFormatter(Protocol):
    def format_letters(self, sheet: str, styles: Sequence[object], pages: int) -> None:
        """Page setup after the letters were written (fonts, breaks, print area as the shell
        can). A shell that prints the title and addressee larger (STYLE_SCALE) says so with a
        true `applies_letter_fonts` attribute; otherwise every row is laid out in the body
        font, so centring and right alignment stay exact."""
        ...


@runtime_checkable
class SheetAdder(Protocol):
    def add_sheet(self, sheet: str, before: str | None = None) -> None:
        """Add an empty sheet, before `before` when that sheet exists (else at the end)."""
        ...


@runtime_checkable
class CellBlanker(Protocol):
    def blank_cells(self, sheet: str, rects: Sequence[Rect]) -> None:
        """Empty the values of every rectangle (nothing else). A shell where each write is a
        round trip (xlwings) can clear many rectangles per call, e.g. with range unions."""
        ...


@runtime_checkable
class Activator(Protocol):
    def activate(self, sheet: str) -> None:
        """Make `sheet` the one the seller sees (on open, for a saved file)."""
        ...
