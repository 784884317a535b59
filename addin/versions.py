"""The version marker every workbook carries, and what to tell the seller when it lags.

The marker is a custom document property `addin_version` (docProps/custom.xml), next to the
`xlwings_version` property the template build writes. openpyxl reads and writes custom document
properties (`Workbook.custom_doc_props`, openpyxl ≥ 3.1:
https://openpyxl.readthedocs.io/en/stable/api/openpyxl.packaging.custom.html) and Excel keeps them
on every save (ファイル → 情報 → プロパティ → 詳細プロパティ → ユーザー設定), so the marker survives
both shells; tests/test_upgrade.py checks the openpyxl round trip. It is read straight from the
file (no Excel call), so a button can check it on any platform.

A workbook without the marker was made by the first release (0.1.0).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import IO
from xml.etree import ElementTree

from addin import __version__

MARKER = "addin_version"
XLWINGS_MARKER = "xlwings_version"
FIRST_RELEASE = "0.1.0"


def custom_property(source: Path | IO[bytes], name: str) -> str | None:
    """A custom document property of a saved workbook (None when absent or unreadable)."""
    try:
        with zipfile.ZipFile(source) as z:
            xml = z.read("docProps/custom.xml")
        root = ElementTree.fromstring(xml)
    except (OSError, KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return None
    for prop in root:
        if prop.get("name") == name:
            return "".join(prop.itertext()).strip() or None
    return None


def workbook_version(source: Path | IO[bytes]) -> str:
    """The release that made (or last upgraded) the workbook."""
    return custom_property(source, MARKER) or FIRST_RELEASE


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", version)[:3])


def upgrade_message(book_version: str, name: str, installed: str = __version__) -> str | None:
    """One Japanese line when the workbook and the installed package differ; None when equal."""
    if _key(book_version) == _key(installed):
        return None
    if _key(book_version) < _key(installed):
        return (f"このブック「{name}」は版 {book_version} で作られていて、入っている addin {installed} より"
                f"古い形です。ブックを閉じてから addin upgrade-workbook 「{name}」で新しくしてください"
                "（注文・入力・設定・書き換えた文面はそのまま移ります）。")
    return (f"このブック「{name}」は版 {book_version} 用で、入っている addin {installed} より新しい形です。"
            "ツールを更新してください（README「更新するとき」）。")


def installed_xlwings() -> str | None:
    try:
        from importlib import metadata

        return metadata.version("xlwings")
    except Exception:  # not installed (or no metadata): nothing to compare
        return None


def xlwings_message(book_xlwings: str | None, name: str, installed: str | None) -> str | None:
    """The VBA module inside a workbook calls one xlwings version; another installed one makes
    every button fail, so say so (upgrade-workbook puts the template's VBA in)."""
    if installed is None or book_xlwings == installed:
        return None
    was = f"xlwings {book_xlwings}" if book_xlwings else "バージョン不明の xlwings"
    return (f"ブック「{name}」の VBA は {was} 用で、入っている xlwings {installed} と違います"
            "（VBA の xlwings とパッケージの xlwings は同じバージョンでないとボタンが動きません）。"
            f"ブックを閉じてから addin upgrade-workbook 「{name}」を実行してください。")


def workbook_notes(path: Path) -> list[str]:
    """What the seller must do before this saved workbook fits the installed package: nothing
    (an empty list), an upgrade of the workbook, or an update of the package. A file that is not
    a readable workbook gives no note (the command then says what is wrong with it)."""
    try:
        if not path.is_file() or not zipfile.is_zipfile(path):
            return []
    except OSError:
        return []
    notes = [upgrade_message(workbook_version(path), path.name)]
    if not notes[0]:  # an older book's note already asks for the upgrade, which brings the VBA
        notes.append(xlwings_message(custom_property(path, XLWINGS_MARKER), path.name,
                                     installed_xlwings()))
    return [n for n in notes if n]
