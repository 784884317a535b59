"""Filling a template copy with order rows for the shipping, metrics and purge tests."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from addin import layout


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
