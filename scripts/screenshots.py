"""Pictures of what a seller sees first: the first screen of 今日 and 注文 as PNG (LibreOffice).

Usage: python scripts/screenshots.py WORKBOOK OUTDIR

LibreOffice has no "screenshot of a sheet" export, so each picture is a print of the first screen
(the rows and columns a 1366 × 768 window shows) of one sheet, on one page with gridlines and the
sheet's own colours, turned into a 1366 px wide PNG by pdftoppm. The workbook is not changed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl
from openpyxl.worksheet.properties import PageSetupProperties

from addin import layout

# What a 1366 × 768 Excel window shows at 100 %: about 1,250 px of columns and 28 rows.
SCREEN_PX = 1250
SCREEN_ROWS = 28
FIRST_SCREENS = {"今日": layout.TODAY, "注文": layout.ORDERS}


def _last_col(ws: openpyxl.worksheet.worksheet.Worksheet) -> int:
    px = 0
    for c in range(1, ws.max_column + 1):
        width = ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width or 8.43
        px += round(width * 7 + 5)
        if px > SCREEN_PX:
            return max(1, c - 1)
    return ws.max_column


def shoot(workbook: Path, outdir: Path) -> list[Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    made = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, sheet in FIRST_SCREENS.items():
            wb = openpyxl.load_workbook(workbook, keep_vba=True)
            for ws in wb.worksheets:
                ws.sheet_state = "visible" if ws.title == sheet else "hidden"
            ws = wb[sheet]
            wb.active = ws
            last = openpyxl.utils.get_column_letter(_last_col(ws))
            ws.print_area = f"A1:{last}{SCREEN_ROWS}"
            ws.print_title_rows = None
            ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
            ws.page_setup.fitToWidth = ws.page_setup.fitToHeight = 1
            ws.page_setup.orientation = "landscape"
            ws.print_options.gridLines = True
            ws.oddFooter.center.text = None
            src = Path(tmp) / f"{name}.xlsx"  # LibreOffice prints an .xlsx copy; VBA is irrelevant here
            wb.save(src)
            subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/lo",
                            "--convert-to", "pdf", "--outdir", tmp, str(src)],
                           check=True, capture_output=True, timeout=180)
            png = outdir / f"画面_{name}"
            subprocess.run(["pdftoppm", "-png", "-singlefile", "-scale-to-x", "1366", "-scale-to-y", "-1",
                            str(Path(tmp) / f"{name}.pdf"), str(png)], check=True, timeout=60)
            made.append(png.with_suffix(".png"))
    return made


if __name__ == "__main__":
    if not (shutil.which("soffice") and shutil.which("pdftoppm")):
        sys.exit("LibreOffice (soffice) と pdftoppm (poppler-utils) が必要です。")
    for p in shoot(Path(sys.argv[1]), Path(sys.argv[2])):
        print(p)
