"""The VBA half of the template: xlwings' own runtime module and our button module, and the
buttons that call them. Used by build_template.py.

Recipe (shared/notes/excel.md): pyOpenVBA edits a copy of xlwings' quickstart_standalone.xlsm
(which ships the xlwings module of the installed version and a Dictionary class, source only),
we take its vbaProject.bin and XlsxWriter embeds it.
"""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pyopenvba
import xlwings
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

ROOT = Path(__file__).resolve().parent.parent
VBA_DIR = ROOT / "workbook" / "vba"


@dataclass(frozen=True)
class Button:
    macro: str
    caption: str
    row: int  # 0-based row of the 注文 sheet (rows 2-3 sit above the table's header)
    slot: int  # position from the left


BUTTON_WIDTH = 132  # px: room for 「出荷通知済みにする」
BUTTON_HEIGHT = 26
BUTTON_GAP = 6

BUTTONS = (
    # The day: import, triage, letters.
    Button("ImportReport", "注文取込", 1, 0),
    Button("Triage", "トリアージ", 1, 1),
    Button("MakeLetters", "手紙作成", 1, 2),
    Button("PrintLetters", "手紙を印刷", 1, 3),
    Button("LoadFunctions", "関数の読込", 1, 4),
    # After shipping.
    Button("ConfirmFile", "出荷通知ファイル", 2, 0),
    Button("MarkConfirmed", "出荷通知済みにする", 2, 1),
    Button("Metrics", "成績", 2, 2),
    Button("PurgePii", "個人情報を削除", 2, 3),
)


def our_modules() -> dict[str, str]:
    """Module name → source of every workbook/vba/*.bas (name from its Attribute VB_Name)."""
    modules = {}
    for path in sorted(VBA_DIR.glob("*.bas")):
        source = path.read_text(encoding="utf-8")
        name = source.split('"')[1] if source.startswith("Attribute VB_Name") else path.stem
        modules[name] = source
    return modules


def vba_project_bin() -> bytes:
    quickstart = Path(xlwings.__file__).parent / "quickstart_standalone.xlsm"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "project.xlsm"
        shutil.copy(quickstart, work)
        with pyopenvba.ExcelFile(work) as xl:
            project = xl.vba_project()
            project.delete_module("Module1")  # the quickstart's sample
            for name, source in our_modules().items():
                project.add_module(name, source.replace("\r\n", "\n").replace("\n", "\r\n"))
            xl.save(work)
        with zipfile.ZipFile(work) as z:
            return z.read("xl/vbaProject.bin")


def add_vba(wb: Workbook, orders: Worksheet) -> None:
    wb.add_vba_project(io.BytesIO(vba_project_bin()), is_stream=True)
    # Which xlwings the VBA module came from, readable without a VBA parser (addin doctor).
    wb.set_custom_property("xlwings_version", xlwings.__version__)
    for b in BUTTONS:
        orders.insert_button(b.row, 0, {
            "macro": b.macro, "caption": b.caption, "width": BUTTON_WIDTH, "height": BUTTON_HEIGHT,
            "x_offset": 4 + b.slot * (BUTTON_WIDTH + BUTTON_GAP), "y_offset": 3,
        })
