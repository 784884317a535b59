"""`addin doctor`: what this computer still needs before the buttons and cell functions work.

Each check is a `Check`: ok, one Japanese line, and whether the buttons need it (required) or
only an extra does (optional: cell functions, PDF from the command line). Only a failed required
check is 要対応 and makes the exit code 1. Lookups of the outside world (registry, files, PATH)
go through `Env`, so the Windows and Mac checks are tested on any system.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from xml.etree import ElementTree


@dataclass(frozen=True)
class Check:
    ok: bool
    line: str
    required: bool = True  # False: only an extra needs it (cell functions, PDF from a command)

    @property
    def label(self) -> str:
        return "OK    " if self.ok else ("要対応 " if self.required else "任意  ")


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


def pip_install(spec: str, platform: str | None = None, executable: str | None = None,
                in_venv: bool | None = None) -> str:
    """The install command in the form the README uses: `py -m pip …` (Windows) or `python3 -m pip …`
    (Mac) for a Python of one's own; the exact interpreter for the private environment that
    setup.bat / setup.command made (there `py` would install somewhere else)."""
    platform = platform or sys.platform
    in_venv = sys.prefix != sys.base_prefix if in_venv is None else in_venv
    own = "py" if platform.startswith("win") else "python3"
    python = f'"{executable or sys.executable}"' if in_venv else own
    return f"{python} -m pip install {spec}"


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


def workbook_xlwings_version(path: Path | IO[bytes]) -> str | None:
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


def _template_version() -> str | None:
    from addin.xlsx.workbook import template_resource

    with template_resource().open("rb") as f:
        return workbook_xlwings_version(f)


def _xlwings_checks(workbook: Path | None) -> list[Check]:
    try:
        import xlwings
    except ImportError:
        return [Check(False, "xlwings が入っていません。setup.bat（Mac は setup.command）をもう一度実行するか、"
                             f"{pip_install('jiko-hasso-triage')} を実行してください。")]
    installed = xlwings.__version__
    out: list[Check] = []
    pinned = pinned_xlwings()
    if pinned and pinned != installed:
        out.append(Check(False, f"xlwings {installed} が入っていますが、このツールは xlwings {pinned} 用です。"
                                f"{pip_install(f'xlwings=={pinned}')} を実行してください。"))
    try:
        in_template = _template_version()
    except (ModuleNotFoundError, FileNotFoundError):
        out.append(Check(False, "ブックのテンプレートがありません。インストールをやり直してください。"))
        return out
    if in_template is None:
        out.append(Check(False, "テンプレートの VBA の xlwings のバージョンが分かりません。"
                                "インストールをやり直してください。"))
    elif in_template != installed:
        out.append(Check(False, f"テンプレートの VBA は xlwings {in_template} 用ですが、入っている xlwings は "
                                f"{installed} です。{pip_install(f'xlwings=={in_template}')} で合わせてください"
                                "（違うとボタンが動きません）。"))
    else:
        out.append(Check(True, f"xlwings {installed}（テンプレートの VBA と同じバージョン）"))
    if workbook is not None:
        out.append(_workbook_check(workbook, installed))
        if workbook.is_file():
            out.append(_release_check(workbook))
    return out


def _release_check(workbook: Path) -> Check:
    """The layout release of the workbook (its addin_version marker) against this package."""
    from addin import __version__
    from addin.versions import upgrade_message, workbook_version

    made = workbook_version(workbook)
    note = upgrade_message(made, workbook.name)
    if note is None:
        return Check(True, f"ブック「{workbook.name}」の形: 版 {made}（このツールと同じ）")
    return Check(False, note + f"（このツール: addin {__version__}）")


def _workbook_check(workbook: Path, installed: str) -> Check:
    """The seller's own workbook keeps the VBA it was made with; after an update it can lag."""
    if not workbook.is_file():
        return Check(False, f"ブック「{workbook}」がありません。")
    in_book = workbook_xlwings_version(workbook)
    if in_book == installed:
        return Check(True, f"ブック「{workbook.name}」の VBA: xlwings {installed}（同じバージョン）")
    was = f"xlwings {in_book}" if in_book else "バージョン不明の xlwings"
    return Check(False, f"ブック「{workbook.name}」の VBA は {was} 用で、入っている xlwings {installed} と"
                        "違います（このままではボタンが動きません）。addin upgrade-workbook "
                        f"「{workbook}」でブックを新しくしてください。")


def _python_line() -> Check:
    return Check(True, f"ボタンが使う Python: {sys.executable}（addin new-workbook で作るブックに設定されます）")


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
        out.append(Check(False, "Excel が見つかりません。Microsoft 365 または Excel 2016 以降を入れてください。"))
    else:
        out.append(Check(True, f"Excel（バージョン {version}）"))
    if not env.has_module("win32com"):
        out.append(Check(False, f"pywin32 が入っていません。{pip_install('pywin32', 'win32')} を実行してください"
                                "（Excel との連携に必要）。"))
    if version is not None:
        warnings = _excel_setting(env, version, "VBAWarnings")
        if warnings in (3, 4):
            out.append(Check(False, f"マクロが無効になっています。{TRUST_CENTER}で"
                                    "「警告を表示してすべてのマクロを無効にする」を選んでください。"))
        else:
            out.append(Check(True, "マクロ: ブックを開いて「コンテンツの有効化」を押せばボタンが使えます。"))
        # Only ImportPythonUDFs (the 関数の読込 button) needs this; the buttons never do, so a
        # seller who does not use the cell functions should leave the setting as it is.
        if _excel_setting(env, version, "AccessVBOM") == 1:
            out.append(Check(True, f"セル関数の読込: {TRUST_VBOM}が有効です。"))
        else:
            out.append(Check(False, f"セル関数（SHIP_BY など）を使うときだけ: {TRUST_CENTER}で"
                                    f"{TRUST_VBOM}にチェックを入れます。ボタンだけなら不要です。",
                             required=False))
    out.append(_python_line())
    return out


def _mac_checks(env: Env) -> list[Check]:
    out: list[Check] = []
    if env.exists(Path("/Applications/Microsoft Excel.app")):
        out.append(Check(True, "Excel（/Applications/Microsoft Excel.app）"))
    else:
        out.append(Check(False, "Excel が見つかりません（/Applications/Microsoft Excel.app）。"
                           "Microsoft 365 または Excel 2016 以降を入れてください。"))
    try:
        import xlwings

        version = xlwings.__version__
    except ImportError:
        version = "?"
    script = env.home / MAC_SCRIPTS / f"xlwings-{version}.applescript"
    if env.exists(script):
        out.append(Check(True, f"RunPython 用の AppleScript（{script.name}）"))
    else:
        out.append(Check(False, "ボタンを動かす AppleScript がありません。setup.command をもう一度実行するか、"
                                f"ターミナルで {_xlwings_cli()} runpython install を実行してください。"))
    out.append(Check(True, "Mac ではセル関数（SHIP_BY など）は使えません（xlwings の制限）。"
                      "ボタンはすべて使えます。"))
    out.append(_python_line())
    return out


def _pdf_check(env: Env, has_excel: bool) -> Check:
    soffice = env.soffice()
    if soffice:
        return Check(True, f"LibreOffice（addin letters --pdf 用）: {soffice}")
    if has_excel:
        return Check(True, "LibreOffice はありません（Excel の「手紙を印刷」ボタンを使えば不要です）。")
    return Check(False, "addin letters --pdf には LibreOffice が必要です。"
                        "sudo apt install libreoffice-calc などで入れてください。", required=False)


def _xlwings_cli() -> str:
    """`xlwings` of this Python: the private environment's is not on PATH."""
    if sys.prefix != sys.base_prefix:
        return f'"{Path(sys.executable).with_name("xlwings")}"'
    return "python3 -m xlwings.cli"


def diagnose(env: Env | None = None, workbook: Path | None = None) -> list[Check]:
    """Every check, required first-class and optional ones marked; `workbook` also compares the
    VBA of the seller's own workbook with the installed xlwings."""
    env = env or Env.current()
    from addin import __version__

    ok_python = sys.version_info >= (3, 11)
    out: list[Check] = [
        Check(ok_python, f"Python {sys.version.split()[0]}（{sys.executable}）" if ok_python
              else f"Python {sys.version.split()[0]} は古すぎます。3.11 以降を入れてください。"),
        Check(True, f"addin {__version__}"),
    ]
    out += _xlwings_checks(workbook)
    if env.platform.startswith("win"):
        out += _windows_checks(env)
        has_excel = _office_version(env) is not None
    elif env.platform == "darwin":
        out += _mac_checks(env)
        has_excel = env.exists(Path("/Applications/Microsoft Excel.app"))
    else:
        out.append(Check(True, "この OS では Excel は使えません。ボタンと同じ操作は addin コマンドでできます。"))
        has_excel = False
    out.append(_pdf_check(env, has_excel))
    return out


def report(checks: Iterable[Check], write: Callable[[str], None]) -> int:
    """Print one line per check and a summary; exit code 1 only when a required check failed."""
    checks = list(checks)
    for c in checks:
        write(c.label + c.line)
    required = sum(not c.ok and c.required for c in checks)
    optional = sum(not c.ok and not c.required for c in checks)
    if required:
        write(f"要対応が {required} 件あります。上の「要対応」の行の指示に従ってください。")
    else:
        write("ボタンを使う準備はできています。" + ("「任意」の行は、その機能を使うときだけ対応してください。"
                                              if optional else ""))
    return 1 if required else 0
