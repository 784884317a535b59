"""The xlwings.conf sheet: keys xlwings reads from the workbook (no blank rows between keys).

xlwings reads column A from A1 down to the first blank cell (keys are case-insensitive) and the
value next to each key in column B. `addin new-workbook` fills in this computer's Python so a
new workbook works at once.
"""

from __future__ import annotations

import sys
from pathlib import Path

from addin import layout
from addin.errors import UserError

UDF_MODULE = "addin.udfs"
INTERPRETER_WIN = "Interpreter_Win"
INTERPRETER_MAC = "Interpreter_Mac"
PYTHONPATH = "PYTHONPATH"


def conf_rows(interpreter_win: str = "", interpreter_mac: str = "", pythonpath: str = ""
              ) -> list[tuple[str, str]]:
    return [
        (INTERPRETER_WIN, interpreter_win),
        (INTERPRETER_MAC, interpreter_mac),
        (PYTHONPATH, pythonpath),
        ("UDF Modules", UDF_MODULE),
        ("Show Console", "False"),
    ]


def package_root() -> Path:
    """The folder that holds the `addin` package (what PYTHONPATH needs)."""
    return Path(__file__).resolve().parent.parent


def this_python(platform: str | None = None, executable: str | None = None) -> dict[str, str]:
    """xlwings.conf values that point RunPython at this Python on this kind of computer.
    Other systems get nothing: a Linux path would not help Excel anywhere."""
    platform = platform or sys.platform
    exe = executable or sys.executable
    if platform.startswith("win"):
        return {INTERPRETER_WIN: exe, PYTHONPATH: str(package_root())}
    if platform == "darwin":
        return {INTERPRETER_MAC: exe, PYTHONPATH: str(package_root())}
    return {}


def read_conf(rows: list[list[object]]) -> dict[str, str]:
    """Key → value as xlwings reads them: from A1 down to the first blank key."""
    conf: dict[str, str] = {}
    for row in rows:
        key = row[0] if row else None
        if key is None or str(key).strip() == "":
            break
        value = row[1] if len(row) > 1 else None
        conf[str(key).strip()] = "" if value is None else str(value)
    return conf


def fill_conf(path: Path, values: dict[str, str]) -> None:
    """Write `values` into the xlwings.conf sheet of the saved workbook `path` (in place).

    openpyxl with keep_vba keeps the VBA project and the buttons; the 成績 chart, which openpyxl
    cannot round-trip, is redrawn as every openpyxl save does."""
    from addin.xlsx.book import load
    from addin.xlsx.charts import redraw_charts

    wb = load(path)
    if layout.XLWINGS_CONF not in wb.sheetnames:
        raise UserError(f"「{path.name}」にシート「{layout.XLWINGS_CONF}」がありません。")
    ws = wb[layout.XLWINGS_CONF]
    rows: dict[str, int] = {}
    r = 1
    while (key := ws.cell(row=r, column=1).value) is not None and str(key).strip():
        rows.setdefault(str(key).strip().lower(), r)
        r += 1
    for key, value in values.items():
        row = rows.get(key.lower())
        if row is None:  # append right under the last key: no blank row in between
            row = rows[key.lower()] = r
            ws.cell(row=row, column=1).value = key
            r += 1
        ws.cell(row=row, column=2).value = value
        ws.cell(row=row, column=2).data_type = "s"
    redraw_charts(wb)
    wb.save(path)
