"""`addin upgrade-workbook OLD.xlsm [-o NEW.xlsm]`: a fresh workbook from the bundled template with
the seller's data carried over (addin.ops.upgrade), saved atomically; in place, the old file stays
as a backup (addin.files). A workbook that already has the current version and layout is left
alone: not even rewritten.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import openpyxl
from openpyxl.packaging.custom import StringProperty
from openpyxl.workbook.workbook import Workbook

from addin import __version__, layout
from addin.errors import UserError
from addin.excel_conf import this_python
from addin.files import atomic_write, backup_dir, ensure_not_open
from addin.ops.upgrade import UpgradeResult, upgrade_book
from addin.versions import MARKER, workbook_version
from addin.xlsx.book import XlsxBook, load
from addin.xlsx.charts import redraw_charts
from addin.xlsx.workbook import fill_conf_sheet, template_bytes


def set_marker(wb: Workbook, version: str = __version__) -> None:
    """Write the version marker (a custom document property, see addin.versions)."""
    props = wb.custom_doc_props
    if MARKER in props.names:
        props[MARKER].value = version  # type: ignore[index]
    else:
        props.append(StringProperty(name=MARKER, value=version))


@dataclass
class Upgraded:
    result: UpgradeResult | None  # None: already current, nothing written
    target: Path
    backup: Path | None = None

    def lines(self) -> list[str]:
        if self.result is None:
            return [f"「{self.target.name}」はすでに版 {__version__} の形です。変更していません。"]
        out = self.result.lines()
        out.append(f"保存しました: {self.target}")
        if self.backup:
            out.append(f"元のブックはバックアップとして残しています: {self.backup}")
        return out


def is_current(path: Path) -> bool:
    """Made by this release, with every sheet and column of the current layout."""
    if workbook_version(path) != __version__:
        return False
    wb = load(path)
    if set(wb.sheetnames) != set(layout.SHEETS):
        return False
    ws = wb[layout.ORDERS]
    block = [list(r) for r in ws.iter_rows(max_row=min(ws.max_row, 30), values_only=True)]
    i = layout.find_header_row(block)
    return i is not None and set(layout.header_positions(block[i])) == set(layout.COLUMNS_BY_HEADER)


def upgrade_workbook(path: Path, output: Path | None = None, today: date | None = None) -> Upgraded:
    path = path.resolve()
    target = (output or path).resolve()
    if target.suffix.lower() != ".xlsm":
        raise UserError(f"「{target.name}」: 注文ブックはマクロ有効ブック（.xlsm）で保存します。")
    if not path.is_file():
        raise UserError(f"ファイル「{path}」が見つかりません。")
    ensure_not_open(path)
    if target != path:
        ensure_not_open(target)
        if not target.parent.is_dir():
            raise UserError(f"フォルダ「{target.parent}」がありません。")
    if target == path and is_current(path):
        return Upgraded(None, path)
    old_version = workbook_version(path)
    old = XlsxBook.open(path)
    new_wb = openpyxl.load_workbook(io.BytesIO(template_bytes()), keep_vba=True)
    new = XlsxBook(new_wb, target)
    result = upgrade_book(old, new, old_version, today)
    conf = this_python()
    if conf:
        fill_conf_sheet(new_wb, conf)
    set_marker(new_wb)
    redraw_charts(new_wb)
    # In place: replaced only if the file is still exactly what was read (addin.files).
    atomic_write(target, lambda tmp: new_wb.save(tmp), backup=target == path,
                 expect=old.read_as, check_unchanged=target == path)
    backup = None
    if target == path:
        from addin.files import backups_of

        kept = backups_of(path)
        backup = kept[-1] if kept else backup_dir(path)
    return Upgraded(result, target, backup)
