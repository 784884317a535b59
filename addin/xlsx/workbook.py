"""Creating a new order workbook from the bundled template (`addin new-workbook`)."""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from openpyxl.workbook.workbook import Workbook

from addin import layout
from addin.errors import UserError
from addin.excel_conf import this_python
from addin.files import atomic_write, shown
from addin.xlsx.book import load
from addin.xlsx.charts import redraw_charts

# The template is package data: `addin.assets` is the repository's workbook/ folder (mapped in
# pyproject.toml), so a wheel carries it and an editable install reads the built file in place.
ASSETS = "addin.assets"
TEMPLATE_NAME = "template.xlsm"


def template_resource() -> Traversable:
    return resources.files(ASSETS) / TEMPLATE_NAME


def template_bytes() -> bytes:
    try:
        return template_resource().read_bytes()
    except (ModuleNotFoundError, FileNotFoundError) as e:
        raise UserError(f"テンプレート（{ASSETS}/{TEMPLATE_NAME}）が見つかりません。"
                        "インストールをやり直してください。") from e


def new_workbook(path: Path, *, force: bool = False) -> Path:
    if path.suffix.lower() != ".xlsm":
        raise UserError(f"「{path.name}」: 注文ブックはマクロ有効ブック（.xlsm）で作ります。"
                        "拡張子を .xlsm にしてください。")
    if path.is_symlink():  # --force replaces a file, never what a link points to
        raise UserError(f"「{shown(path)}」はシンボリックリンクです。リンクではない場所を指定してください。")
    if path.exists() and not force:
        raise UserError(f"「{shown(path)}」はすでにあります。上書きするときは --force を付けてください。")
    if path.exists() and not path.is_file():
        raise UserError(f"「{shown(path)}」はファイルではありません。")
    if not path.parent.exists():
        raise UserError(f"フォルダ「{shown(path.parent)}」がありません。")
    data = template_bytes()
    conf = this_python()  # nothing on systems without Excel: the copy stays byte-identical

    def write(tmp: Path) -> None:
        tmp.write_bytes(data)
        if conf:
            fill_conf(tmp, conf)  # Excel's RunPython finds this Python at once

    # --force over an existing book keeps it in .addin-backup: its orders are not lost.
    atomic_write(path, write, backup=True)
    return path


def fill_conf(path: Path, values: dict[str, str]) -> None:
    """Write `values` into the xlwings.conf sheet of the saved workbook `path` (in place).

    openpyxl with keep_vba keeps the VBA project and the buttons; the 成績 chart, which openpyxl
    cannot round-trip, is redrawn as every openpyxl save does."""
    wb = load(path)
    if layout.XLWINGS_CONF not in wb.sheetnames:
        raise UserError(f"「{path.name}」にシート「{layout.XLWINGS_CONF}」がありません。")
    fill_conf_sheet(wb, values)
    redraw_charts(wb)
    wb.save(path)


def fill_conf_sheet(wb: Workbook, values: dict[str, str]) -> None:
    """Write `values` into the xlwings.conf sheet of a loaded workbook (key rows found by text)."""
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
