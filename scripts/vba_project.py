"""The VBA half of the template: xlwings' own runtime module and our button module (generated
from addin/commands.py), and the buttons that call them. Used by build_template.py.

Recipe: pyOpenVBA edits a copy of xlwings' quickstart_standalone.xlsm
(which ships the xlwings module of the installed version and a Dictionary class, source only),
we take its vbaProject.bin and XlsxWriter embeds it.
"""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from pathlib import Path

import pyopenvba
import xlwings
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

import addin
from addin.commands import COMMANDS, VBA_MODULE, vba_module

ROOT = Path(__file__).resolve().parent.parent
VBA_DIR = ROOT / "workbook" / "vba"


# Three rows of at most six buttons fit above the table, inside the frozen panes of 注文 (ids and
# what-to-do columns, ~750 px) so they never scroll away; 今日 carries the same buttons.
BUTTON_WIDTH = 118  # px: room for 「出荷通知済みにする」
BUTTON_HEIGHT = 26
BUTTON_GAP = 4
BUTTON_LINE = BUTTON_HEIGHT + 4
BUTTONS_PER_ROW = 6
BUTTON_ROWS = 3
BUTTON_AREA_POINTS = (BUTTON_ROWS * BUTTON_LINE + 6) * 3 / 4  # rows 2-3 of both sheets share it

# The buttons of addin.commands, row by row from the left: (row 1) the day: import, triage,
# letters; (row 2) after shipping.
BUTTONS = sorted((c.button for c in COMMANDS if c.button), key=lambda b: (b.row, b.slot))


def write_button_module() -> Path:
    """workbook/vba/AddinButtons.bas from the registry (committed, so a diff shows what changed)."""
    path = VBA_DIR / f"{VBA_MODULE}.bas"
    path.write_text(vba_module(), encoding="utf-8", newline="\n")
    return path


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


def add_vba(wb: Workbook, sheets: list[Worksheet], named: dict[str, Worksheet] | None = None) -> None:
    """The VBA project, and the buttons: shared ones on every sheet of `sheets` (今日, 注文), a
    button with its own `sheet` only on `named[sheet]` (連絡文's 「本文をコピー」)."""
    write_button_module()
    wb.add_vba_project(io.BytesIO(vba_project_bin()), is_stream=True)
    # Which xlwings the VBA module came from, readable without a VBA parser (addin doctor).
    wb.set_custom_property("xlwings_version", xlwings.__version__)
    # The release the layout belongs to (addin.versions): upgrade-workbook and the buttons compare it.
    wb.set_custom_property("addin_version", addin.__version__)
    for b in BUTTONS:
        for ws in ([named[b.sheet]] if b.sheet and named else [] if b.sheet else sheets):
            # anchored at row 2 (0-based 1); rows 2-3 are tall enough for three lines
            ws.insert_button(1, 0, {
                "macro": b.macro, "caption": b.caption, "width": BUTTON_WIDTH, "height": BUTTON_HEIGHT,
                "x_offset": 4 + b.slot * (BUTTON_WIDTH + BUTTON_GAP),
                "y_offset": 3 + (b.row - 1) * BUTTON_LINE,
            })
