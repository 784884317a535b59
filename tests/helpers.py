"""Helpers shared by the tests: an in-memory BookPort, Order rows, running the command line, and
filling a template copy with order rows (shipping, metrics, purge, buttons)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from addin import cells, layout
from addin.cli import main
from addin.core.model import Order
from addin.layout import Kind

ROOT = Path(__file__).resolve().parent.parent


# The columns of Amazon.co.jp's reports, in their order (samples in tests/data/amazon-samples).
UNSHIPPED_COLUMNS = [
    "order-id", "order-item-id", "purchase-date", "payments-date", "reporting-date", "promise-date",
    "days-past-promise", "buyer-email", "buyer-name", "buyer-phone-number", "sku", "product-name",
    "quantity-purchased", "quantity-shipped", "quantity-to-ship", "ship-service-level",
    "recipient-name", "ship-address-1", "ship-address-2", "ship-address-3", "ship-city", "ship-state",
    "ship-postal-code", "ship-country", "is-business-order", "purchase-order-number",
    "price-designation", "is-prime", "is-buyer-requested-cancellation", "buyer-requested-cancel-reason",
    "verge-of-cancellation", "verge-of-lateShipment",
]
ORDER_COLUMNS = [
    "order-id", "order-item-id", "purchase-date", "payments-date", "buyer-email", "buyer-name",
    "buyer-phone-number", "sku", "product-name", "quantity-purchased", "currency", "item-price",
    "item-tax", "shipping-price", "shipping-tax", "ship-service-level", "recipient-name",
    "ship-address-1", "ship-address-2", "ship-address-3", "ship-city", "ship-state", "ship-postal-code",
    "ship-country", "ship-phone-number", "delivery-start-date", "delivery-end-date",
    "delivery-time-zone", "delivery-Instructions", "earliest-ship-date", "latest-ship-date",
]


def make_order(**fields: Any) -> Order:
    """An order row with an id, one item and quantity 1; `fields` add or override any Order field."""
    base: dict[str, Any] = dict(row=5, order_id="503-1234567-7654321", order_item_id="11111111111111", quantity=1)
    base.update(fields)
    return Order(**base)


def run_addin(*args: object, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m addin ARGS` in a child process: exit code, stdout and stderr as a seller sees them."""
    return subprocess.run([sys.executable, "-m", "addin", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd)


def run_main(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    """`addin ARGS` in this process (faster; monkeypatches apply): exit code, stdout, stderr."""
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


class MemoryBook:
    """BookPort over plain lists, storing values the way cells.py says a cell holds them."""

    def __init__(self, block: list[list[object]]) -> None:
        self.block = block
        self.writes: list[tuple[int, int, int, int]] = []

    def has_sheet(self, sheet: str) -> bool:
        return sheet == layout.ORDERS

    def read_block(self, sheet: str) -> list[list[object]]:
        width = max(len(r) for r in self.block)
        return [list(r) + [None] * (width - len(r)) for r in self.block]

    def write_block(self, sheet: str, row: int, col: int, rows: list[list[object]],
                    kinds: Sequence[Kind | None]) -> None:
        self.writes.append((row, col, len(rows), len(rows[0]) if rows else 0))
        width = max(len(r) for r in self.block)
        for i, values in enumerate(rows):
            while len(self.block) < row + i:
                self.block.append([None] * width)
            r = self.block[row + i - 1]
            r.extend([None] * (col + len(values) - 1 - len(r)))
            for j, v in enumerate(values):
                r[col + j - 1] = cells.stored_value(v, kinds[j])

    def replace_sheet(self, *a: object, **k: object) -> None:
        raise AssertionError("import never replaces a sheet")


def header_columns(ws) -> dict[str, int]:
    row = layout.ORDERS_HEADER_ROW
    return {str(c.value).strip(): c.column for c in ws[row] if c.value}


def fill_orders(path: Path, rows: list[dict[str, object]], settings: dict[str, object] | None = None,
                extra_header: str | None = None) -> dict[str, int]:
    """Write `rows` (Order keys → values) under the 注文 header, from the first data row down;
    optionally a seller's own column `extra_header` right of the table, and 設定 values by label.
    Returns header → 1-based column."""
    wb = openpyxl.load_workbook(path, keep_vba=True)
    ws = wb[layout.ORDERS]
    cols = header_columns(ws)
    if extra_header:
        extra = max(cols.values()) + 1
        ws.cell(row=layout.ORDERS_HEADER_ROW, column=extra, value=extra_header)
        cols[extra_header] = extra
    for i, values in enumerate(rows):
        r = layout.ORDERS_HEADER_ROW + 1 + i
        for key, v in values.items():
            header = layout.COLUMNS_BY_KEY[key].header if key in layout.COLUMNS_BY_KEY else key
            ws.cell(row=r, column=cols[header], value=v)
    if settings:
        st = wb[layout.SETTINGS]
        for row in st.iter_rows(min_row=1):
            if row[0].value in settings:
                row[1].value = settings[row[0].value]
    wb.save(path)
    return cols


def first_row() -> int:
    return layout.ORDERS_HEADER_ROW + 1


def all_cells(path: Path) -> dict[tuple[str, str], tuple[object, str]]:
    """(sheet, coordinate) → (value, data type) of every cell that holds a value."""
    wb = openpyxl.load_workbook(path, keep_vba=True)
    out = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    out[(ws.title, c.coordinate)] = (c.value, c.data_type)
    return out


def touched(path: Path) -> None:
    """Save the workbook through the openpyxl shell as if something had changed (a real rewrite,
    which keeps a backup: a save of an unchanged book writes nothing)."""
    from addin.xlsx.book import XlsxBook

    book = XlsxBook.open(path)
    book.changed = True
    book.save()
