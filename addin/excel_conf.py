"""The xlwings.conf sheet: keys xlwings reads from the workbook (no blank rows between keys)."""

from __future__ import annotations

UDF_MODULE = "addin.udfs"


def conf_rows(interpreter_win: str = "", interpreter_mac: str = "", pythonpath: str = ""
              ) -> list[tuple[str, str]]:
    return [
        ("Interpreter_Win", interpreter_win),
        ("Interpreter_Mac", interpreter_mac),
        ("PYTHONPATH", pythonpath),
        ("UDF Modules", UDF_MODULE),
        ("Show Console", "False"),
    ]
