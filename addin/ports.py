"""What an operation needs from a workbook, whichever shell provides it.

The openpyxl shell (saved files) and the xlwings shell (live Excel) both implement `BookPort`.
Operations in `addin.ops` read whole sheets as 2-D blocks and write whole blocks back, so the
number of calls to the workbook never grows with the number of rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

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
        `print_rows` rows when given."""
        ...
