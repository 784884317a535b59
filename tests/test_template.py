"""Structural checks of workbook/template.xlsm, read back with tools independent of the writer
(oletools for the VBA, the zip/XML for buttons, LibreOffice for "does it open")."""

from __future__ import annotations

import importlib
import re
import shutil
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlwings

with warnings.catch_warnings():  # oletools uses pyparsing names deprecated since
    warnings.simplefilter("ignore")
    from oletools.olevba import VBA_Parser

from addin import layout
from addin.commands import BUTTONS
from addin.doctor import workbook_xlwings_version
from addin.excel_conf import read_conf

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "workbook" / "template.xlsm"
VBA_DIR = ROOT / "workbook" / "vba"
MACRO_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
CAPTIONS = [c.button.caption for c in BUTTONS if c.button and not c.button.sheet]  # on 今日 and 注文
OWN_SHEET = {c.button.macro: c.button.sheet for c in BUTTONS if c.button and c.button.sheet}
RUNPYTHON = re.compile(r'^\s*RunPython\s+"([^"]*)"\s*$', re.M)
TARGET = re.compile(r"^import ([\w.]+); ([\w.]+)\.(\w+)\(\)$")


def modules(path: Path) -> dict[str, str]:
    parser = VBA_Parser(str(path))
    try:
        return {name.rsplit(".", 1)[0]: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


def button_macros(path: Path, drawing: str = "") -> list[str]:
    """Macros of the buttons of every sheet, or of one VML drawing (e.g. vmlDrawing1)."""
    with zipfile.ZipFile(path) as z:
        vml = "".join(z.read(n).decode("utf-8") for n in z.namelist()
                      if n.startswith(f"xl/drawings/vml{drawing[3:] if drawing else ''}"))
    return re.findall(r"<x:FmlaMacro>\[0\]!(\w+)</x:FmlaMacro>", vml)


def button_texts(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/drawings/vml"))


def public_subs(code: str) -> list[str]:
    return re.findall(r"^Public Sub (\w+)\(\)", code, re.M)


@pytest.fixture(scope="module")
def vba() -> dict[str, str]:
    return modules(TEMPLATE)


def test_macro_enabled_content_type() -> None:
    with zipfile.ZipFile(TEMPLATE) as z:
        types = z.read("[Content_Types].xml").decode()
        assert "xl/vbaProject.bin" in z.namelist()
    assert f'PartName="/xl/workbook.xml" ContentType="{MACRO_MAIN}"' in types
    assert "application/vnd.ms-office.vbaProject" in types


def test_every_button_runs_a_public_sub(vba: dict[str, str]) -> None:
    """今日 and 注文 carry the same buttons (each sheet its own VML drawing)."""
    macros = button_macros(TEMPLATE, "vmlDrawing1")
    assert len(macros) == len(CAPTIONS) == len(set(macros))
    assert button_macros(TEMPLATE, "vmlDrawing2") == macros
    subs = {s for code in vba.values() for s in public_subs(code)}
    assert set(macros) <= subs
    texts = button_texts(TEMPLATE)
    for caption in CAPTIONS:
        assert caption in texts


def test_buttons_sit_above_the_tables_inside_the_frozen_columns() -> None:
    frozen = 1 + [c.header for c in layout.ORDER_COLUMNS].index(layout.ORDERS_FROZEN_THROUGH)
    with zipfile.ZipFile(TEMPLATE) as z:
        for drawing in ("vmlDrawing1", "vmlDrawing2"):  # 今日, 注文
            vml = z.read(f"xl/drawings/{drawing}.vml").decode()
            anchors = [list(map(int, a.split(","))) for a in re.findall(r"<x:Anchor>([^<]+)</x:Anchor>", vml)]
            assert len(anchors) == len(CAPTIONS)
            for _, _, top_row, _, right_col, _, bottom_row, _ in anchors:
                assert 0 < top_row <= bottom_row < layout.ORDERS_HEADER_ROW - 1  # rows 2-3 (0-based 1-2)
                assert bottom_row < layout.TODAY_COUNT_ROW - 2
                assert right_col < frozen  # never scrolls away on 注文


def test_own_sheet_buttons_sit_only_on_their_sheet() -> None:
    """「本文をコピー」 is above the 連絡文 table (the third sheet with buttons: vmlDrawing3)."""
    assert OWN_SHEET == {"CopyMessage": layout.MESSAGES}
    assert button_macros(TEMPLATE, "vmlDrawing3") == ["CopyMessage"]
    with zipfile.ZipFile(TEMPLATE) as z:
        vml = z.read("xl/drawings/vmlDrawing3.vml").decode()
    (anchor,) = [list(map(int, a.split(","))) for a in re.findall(r"<x:Anchor>([^<]+)</x:Anchor>", vml)]
    assert 0 < anchor[2] <= anchor[6] < layout.MESSAGES_HEADER_ROW - 1


def test_every_runpython_target_imports_and_is_callable(vba: dict[str, str]) -> None:
    ours = modules_from_sources()
    commands = [c for code in ours.values() for c in RUNPYTHON.findall(code)]
    assert len(commands) == len([c for c in BUTTONS if c.button and c.button.entry])  # 関数の読込 runs xlwings' own
    for command in commands:
        assert '"' not in command
        m = TARGET.match(command)
        assert m and m[1] == m[2], command
        target = getattr(importlib.import_module(m[1]), m[3])
        assert callable(target), command
    # What the workbook holds is exactly the source in the repository.
    for name, source in ours.items():
        assert normalise(vba[name]) == normalise(source)


def test_each_button_sub_is_one_line(vba: dict[str, str]) -> None:
    for name, code in modules_from_sources().items():
        for sub, body in re.findall(r"^Public Sub (\w+)\(\)\n(.*?)^End Sub", code, re.M | re.S):
            assert len([line for line in body.splitlines() if line.strip()]) == 1, (name, sub)
    assert "ImportPythonUDFs" in vba["AddinButtons"]
    assert re.search(r"^Sub ImportPythonUDFs\(\)", vba["xlwings"], re.M)


def modules_from_sources() -> dict[str, str]:
    out = {}
    for path in sorted(VBA_DIR.glob("*.bas")):
        raw = path.read_bytes()
        raw.decode("ascii")  # VBA stores source in the system code page: keep it ASCII
        text = raw.decode("ascii")
        out[re.search(r'Attribute VB_Name = "(\w+)"', text)[1]] = text
    return out


def normalise(code: str) -> str:
    lines = [line.rstrip() for line in code.replace("\r\n", "\n").split("\n")
             if not line.startswith("Attribute ")]
    return "\n".join(lines).strip()


def test_embedded_xlwings_module_is_the_installed_version(vba: dict[str, str]) -> None:
    m = re.search(r'XLWINGS_VERSION As String = "([^"]+)"', vba["xlwings"])
    assert m and m[1] == xlwings.__version__
    assert workbook_xlwings_version(TEMPLATE) == xlwings.__version__
    assert "Dictionary" in vba  # needed by xlwings on Mac
    assert "Module1" not in vba  # the quickstart's sample is gone


def test_no_code_in_document_modules(vba: dict[str, str]) -> None:
    wb = openpyxl.load_workbook(TEMPLATE, keep_vba=True)
    document_modules = [n for n in vba if n == "ThisWorkbook" or n.startswith("Sheet")]
    for name in document_modules:
        assert normalise(vba[name]) == "", name
    assert len(document_modules) <= len(wb.sheetnames) + 1


def test_xlwings_conf_sheet() -> None:
    wb = openpyxl.load_workbook(TEMPLATE)
    assert not any(name.lower().endswith(".py") for name in wb.sheetnames)
    ws = wb[layout.XLWINGS_CONF]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    conf = read_conf(rows)
    assert {k.lower() for k in conf} >= {"interpreter_win", "interpreter_mac", "pythonpath", "udf modules"}
    assert conf["UDF Modules"] == "addin.udfs"
    # No blank row among the keys: xlwings stops at the first blank cell of column A.
    keys = [r[0] for r in rows]
    assert None not in keys[: len(conf)] and all(k is None for k in keys[len(conf):])
    # Every key is one that xlwings' VBA actually reads.
    known = {k.upper() for k in re.findall(r'GetConfig\("([^"]+)"', Path(xlwings.__file__)
                                           .with_name("xlwings.bas").read_text(encoding="utf-8"))}
    assert {k.upper() for k in conf} <= known


def test_vba_and_buttons_survive_an_openpyxl_save(tmp_path: Path) -> None:
    copy = tmp_path / "copy.xlsm"
    wb = openpyxl.load_workbook(TEMPLATE, keep_vba=True)
    wb[layout.XLWINGS_CONF]["B1"] = "C:\\Python\\python.exe"
    wb.save(copy)
    with zipfile.ZipFile(TEMPLATE) as a, zipfile.ZipFile(copy) as b:
        assert a.read("xl/vbaProject.bin") == b.read("xl/vbaProject.bin")
        assert MACRO_MAIN in b.read("[Content_Types].xml").decode()
    assert sorted(button_macros(copy)) == sorted(button_macros(TEMPLATE))  # openpyxl renumbers the drawings
    assert set(modules(copy)) == set(modules(TEMPLATE))


def test_template_is_up_to_date(tmp_path: Path) -> None:
    """The committed template is exactly what the build script makes from the sources."""
    out = tmp_path / "template.xlsm"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_template.py"), str(out)], check=True,
                   capture_output=True)
    assert out.read_bytes() == TEMPLATE.read_bytes(), "run: python scripts/build_template.py"


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_template_and_a_filled_copy(tmp_path: Path) -> None:
    from addin.xlsx.workbook import fill_conf

    shutil.copy(TEMPLATE, tmp_path / "template.xlsm")
    filled = tmp_path / "filled.xlsm"
    shutil.copy(TEMPLATE, filled)
    fill_conf(filled, {"Interpreter_Win": "C:\\Python312\\python.exe", "PYTHONPATH": "C:\\addin"})
    subprocess.run([soffice(), f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                    "--norestore", "--convert-to", "ods", "--outdir", str(tmp_path / "out"),
                    str(tmp_path / "template.xlsm"), str(filled)],
                   check=True, capture_output=True, timeout=240)
    for name in ("template", "filled"):
        ods = tmp_path / "out" / f"{name}.ods"
        assert ods.exists(), name
        with zipfile.ZipFile(ods) as z:
            basic = {n for n in z.namelist() if n.startswith("Basic/")}
            content = z.read("content.xml").decode("utf-8")
            ours = z.read("Basic/VBAProject/AddinButtons.xml").decode("utf-8")
        assert "Basic/VBAProject/xlwings.xml" in basic, name
        for sub in public_subs(modules_from_sources()["AddinButtons"]):
            assert f"Public Sub {sub}()" in ours, (name, sub)
        for sheet in layout.SHEETS:
            assert f'table:name="{sheet}"' in content, (name, sheet)
