"""`addin new-workbook` fills xlwings.conf with this Python, keeping VBA, buttons and the rest."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from addin import layout
from addin.cli import main
from addin.doctor import workbook_xlwings_version
from addin.excel_conf import package_root, read_conf, this_python
from addin.xlsx import workbook as xlsx_workbook
from addin.xlsx.workbook import fill_conf

TEMPLATE = Path(__file__).resolve().parent.parent / "workbook" / "template.xlsm"


def conf_of(path: Path) -> dict[str, str]:
    wb = openpyxl.load_workbook(path)
    return read_conf([list(r) for r in wb[layout.XLWINGS_CONF].iter_rows(values_only=True)])


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def test_this_python_per_system() -> None:
    assert this_python("win32", "C:\\Py\\python.exe") == {
        "Interpreter_Win": "C:\\Py\\python.exe", "PYTHONPATH": str(package_root())}
    assert this_python("darwin", "/usr/local/bin/python3") == {
        "Interpreter_Mac": "/usr/local/bin/python3", "PYTHONPATH": str(package_root())}
    assert this_python("linux", "/usr/bin/python3") == {}
    assert (package_root() / "addin" / "__init__.py").exists()


def test_new_workbook_without_excel_is_the_template(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_workbook, "this_python", lambda: {})
    target = tmp_path / "注文.xlsm"
    assert main(["new-workbook", str(target)]) == 0
    assert target.read_bytes() == TEMPLATE.read_bytes()


@pytest.mark.parametrize("system", ["win32", "darwin"])
def test_new_workbook_points_xlwings_at_this_python(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    system: str) -> None:
    exe = "C:\\Users\\山田\\py\\python.exe" if system == "win32" else "/Users/yamada/.venv/bin/python"
    monkeypatch.setattr(xlsx_workbook, "this_python", lambda: this_python(system, exe))
    target = tmp_path / "注文.xlsm"
    assert main(["new-workbook", str(target)]) == 0
    conf = conf_of(target)
    key = "Interpreter_Win" if system == "win32" else "Interpreter_Mac"
    assert conf[key] == exe and conf["PYTHONPATH"] == str(package_root())
    assert conf["UDF Modules"] == "addin.udfs"
    assert list(conf)[:4] == ["Interpreter_Win", "Interpreter_Mac", "PYTHONPATH", "UDF Modules"]

    new, old = parts(target), parts(TEMPLATE)
    assert new["xl/vbaProject.bin"] == old["xl/vbaProject.bin"]
    assert "macroEnabled" in new["[Content_Types].xml"].decode()
    macros = r"<x:FmlaMacro>\[0\]!(\w+)</x:FmlaMacro>"

    def all_macros(files: dict[str, bytes]) -> list[str]:  # one VML drawing per sheet with buttons
        return sorted(m for n, data in files.items() if n.startswith("xl/drawings/vml")
                      for m in re.findall(macros, data.decode()))

    assert all_macros(new) and all_macros(new) == all_macros(old)
    assert workbook_xlwings_version(target) == workbook_xlwings_version(TEMPLATE)
    assert any(n.startswith("xl/charts/chart") for n in new)  # the 成績 chart is still there

    wb = openpyxl.load_workbook(target, keep_vba=True)
    tpl = openpyxl.load_workbook(TEMPLATE, keep_vba=True)
    assert wb.sheetnames == tpl.sheetnames
    for name in (layout.ORDERS, layout.LETTERS):
        a, b = wb[name], tpl[name]
        assert len(a.data_validations.dataValidation) == len(b.data_validations.dataValidation)
        assert len(a.conditional_formatting) == len(b.conditional_formatting)
        assert len(a.row_breaks.brk) == len(b.row_breaks.brk)
        assert a.freeze_panes == b.freeze_panes
        assert a.page_setup.paperSize == b.page_setup.paperSize
    assert wb[layout.ORDERS].cell(layout.ORDERS_HEADER_ROW, 1).value == "注文番号"


def test_fill_conf_appends_missing_keys_without_blank_rows(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsm"
    path.write_bytes(TEMPLATE.read_bytes())
    fill_conf(path, {"interpreter_win": "C:\\p.exe", "Conda Env": ""})
    conf = conf_of(path)
    assert conf["Interpreter_Win"] == "C:\\p.exe"  # keys match case-insensitively
    assert list(conf)[-1] == "Conda Env"
