"""The xlwings.conf sheet: keys xlwings reads from the workbook (no blank rows between keys).

xlwings reads column A from A1 down to the first blank cell (keys are case-insensitive) and the
value next to each key in column B. `addin new-workbook` fills in this computer's Python so a
new workbook works at once (`addin.xlsx.workbook.fill_conf`). Shell-neutral: no workbook here.
"""

from __future__ import annotations

import sys
from pathlib import Path

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

