"""`addin doctor`: what this computer still needs before the buttons and cell functions work.

Each check gives (ok, one Japanese line). Lookups of the outside world (registry, files, PATH)
go through `Env`, so the Windows and Mac checks are tested on any system.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

Check = tuple[bool, str]
DIST = "jiko-hasso-triage"
MAC_SCRIPTS = Path("Library") / "Application Scripts" / "com.microsoft.Excel"
TRUST_CENTER = ("Excel の「ファイル → オプション → トラスト センター → トラスト センターの設定"
                " → マクロの設定」")
TRUST_VBOM = "「VBA プロジェクト オブジェクト モデルへのアクセスを信頼する」"


def _no_registry(path: str, name: str) -> object | None:
    return None


def windows_registry(path: str, name: str) -> object | None:
    """Value `name` under `path` (`HKCU\\…`, `HKCR\\…`, `HKLM\\…`); None when absent."""
    import winreg  # Windows only

    hive, _, sub = path.partition("\\")
    roots = {"HKCU": winreg.HKEY_CURRENT_USER, "HKCR": winreg.HKEY_CLASSES_ROOT,
             "HKLM": winreg.HKEY_LOCAL_MACHINE}
    try:
        with winreg.OpenKey(roots[hive], sub) as key:
            return winreg.QueryValueEx(key, name)[0]
    except OSError:
        return None


def _find_soffice() -> str | None:
    try:
        from addin.xlsx.pdf import find_soffice
    except ImportError:
        import shutil

        return shutil.which("soffice")
    return find_soffice()


@dataclass
class Env:
    platform: str = field(default_factory=lambda: sys.platform)
    home: Path = field(default_factory=Path.home)
    exists: Callable[[Path], bool] = Path.exists
    registry: Callable[[str, str], object | None] = _no_registry
    has_module: Callable[[str], bool] = lambda name: importlib.util.find_spec(name) is not None
    soffice: Callable[[], str | None] = _find_soffice

    @classmethod
    def current(cls) -> Env:
        return cls(registry=windows_registry) if sys.platform.startswith("win") else cls()


def pinned_xlwings() -> str | None:
    """The xlwings version this package pins (None when run from sources without metadata)."""
    from importlib import metadata

    try:
        requires = metadata.requires(DIST) or []
    except metadata.PackageNotFoundError:
        return None
    for req in requires:
        m = re.fullmatch(r"xlwings\s*==\s*([\w.]+)", req.split(";")[0].strip())
        if m:
            return m[1]
    return None


def workbook_xlwings_version(path: Path) -> str | None:
    """The xlwings version of the VBA module in a workbook built by scripts/build_template.py
    (a custom document property written next to the VBA project)."""
    try:
        with zipfile.ZipFile(path) as z:
            xml = z.read("docProps/custom.xml")
    except (OSError, KeyError, zipfile.BadZipFile):
        return None
    for prop in ElementTree.fromstring(xml):
        if prop.get("name") == "xlwings_version":
            return "".join(prop.itertext()).strip() or None
    return None


def _xlwings_checks() -> list[Check]:
    try:
        import xlwings
    except ImportError:
        return [(False, "xlwings が入っていません。pip install -e . をやり直してください。")]
    installed = xlwings.__version__
    out: list[Check] = []
    pinned = pinned_xlwings()
    if pinned and pinned != installed:
        out.append((False, f"xlwings {installed} が入っていますが、このツールは xlwings {pinned} 用です。"
                           f"pip install xlwings=={pinned} を実行してください。"))
    from addin.ops.workbook import TEMPLATE

    if not TEMPLATE.exists():
        out.append((False, f"テンプレート「{TEMPLATE}」がありません。インストールをやり直してください。"))
        return out
    in_template = workbook_xlwings_version(TEMPLATE)
    if in_template is None:
        out.append((False, "テンプレートの VBA の xlwings のバージョンが分かりません。"
                           "python scripts/build_template.py で作り直してください。"))
    elif in_template != installed:
        out.append((False, f"テンプレートの VBA は xlwings {in_template} 用ですが、入っている xlwings は "
                           f"{installed} です。pip install xlwings=={in_template} で合わせてください"
                           "（違うとボタンが動きません）。"))
    else:
        out.append((True, f"xlwings {installed}（テンプレートの VBA と同じバージョン）"))
    return out


def _python_line() -> Check:
    return True, f"ボタンが使う Python: {sys.executable}（addin new-workbook で作るブックに設定されます）"


def _office_version(env: Env) -> str | None:
    cur = env.registry("HKCR\\Excel.Application\\CurVer", "")
    m = re.search(r"(\d+)$", str(cur or ""))
    return f"{m[1]}.0" if m else None


def _excel_setting(env: Env, version: str, name: str) -> object | None:
    for root in (f"HKCU\\Software\\Policies\\Microsoft\\Office\\{version}\\Excel\\Security",
                 f"HKCU\\Software\\Microsoft\\Office\\{version}\\Excel\\Security"):
        value = env.registry(root, name)
        if value is not None:
            return value  # a group policy wins over the user's own setting
    return None


def _windows_checks(env: Env) -> list[Check]:
    out: list[Check] = []
    version = _office_version(env)
    if version is None:
        out.append((False, "Excel が見つかりません。Microsoft 365 または Excel 2016 以降を入れてください。"))
    else:
        out.append((True, f"Excel（バージョン {version}）"))
    if not env.has_module("win32com"):
        out.append((False, "pywin32 が入っていません。pip install pywin32 を実行してください"
                           "（Excel との連携に必要）。"))
    if version is not None:
        warnings = _excel_setting(env, version, "VBAWarnings")
        if warnings in (3, 4):
            out.append((False, f"マクロが無効になっています。{TRUST_CENTER}で"
                               "「警告を表示してすべてのマクロを無効にする」を選んでください。"))
        else:
            out.append((True, "マクロ: ブックを開いて「コンテンツの有効化」を押せばボタンが使えます。"))
        if _excel_setting(env, version, "AccessVBOM") == 1:
            out.append((True, f"セル関数の読込: {TRUST_VBOM}が有効です。"))
        else:
            out.append((False, f"セル関数（SHIP_BY など）を使うには、{TRUST_CENTER}で"
                               f"{TRUST_VBOM}にチェックを入れてください。"))
    out.append(_python_line())
    return out


def _mac_checks(env: Env) -> list[Check]:
    out: list[Check] = []
    if env.exists(Path("/Applications/Microsoft Excel.app")):
        out.append((True, "Excel（/Applications/Microsoft Excel.app）"))
    else:
        out.append((False, "Excel が見つかりません（/Applications/Microsoft Excel.app）。"
                           "Microsoft 365 または Excel 2016 以降を入れてください。"))
    try:
        import xlwings

        version = xlwings.__version__
    except ImportError:
        version = "?"
    script = env.home / MAC_SCRIPTS / f"xlwings-{version}.applescript"
    if env.exists(script):
        out.append((True, f"RunPython 用の AppleScript（{script.name}）"))
    else:
        out.append((False, "ボタンを動かす AppleScript がありません。ターミナルで "
                           "xlwings runpython install を一度実行してください。"))
    out.append((True, "Mac ではセル関数（SHIP_BY など）は使えません（xlwings の制限）。"
                      "ボタンはすべて使えます。"))
    out.append(_python_line())
    return out


def _pdf_check(env: Env, has_excel: bool) -> Check:
    soffice = env.soffice()
    if soffice:
        return True, f"LibreOffice（addin letters --pdf 用）: {soffice}"
    if has_excel:
        return True, "LibreOffice はありません（Excel の「手紙を印刷」ボタンを使えば不要です）。"
    return False, ("addin letters --pdf には LibreOffice が必要です。"
                   "sudo apt install libreoffice-calc などで入れてください。")


def diagnose(env: Env | None = None) -> list[Check]:
    env = env or Env.current()
    from addin import __version__

    out: list[Check] = [
        (sys.version_info >= (3, 10),
         f"Python {sys.version.split()[0]}（{sys.executable}）" if sys.version_info >= (3, 10)
         else f"Python {sys.version.split()[0]} は古すぎます。3.10 以降を入れてください。"),
        (True, f"addin {__version__}"),
    ]
    out += _xlwings_checks()
    if env.platform.startswith("win"):
        out += _windows_checks(env)
        has_excel = _office_version(env) is not None
    elif env.platform == "darwin":
        out += _mac_checks(env)
        has_excel = env.exists(Path("/Applications/Microsoft Excel.app"))
    else:
        out.append((True, "この OS では Excel は使えません。ボタンと同じ操作は addin コマンドでできます。"))
        has_excel = False
    out.append(_pdf_check(env, has_excel))
    return out
