"""One-step setup for sellers, started by setup.bat (Windows) or setup.command (Mac).

    python -m addin.installer          (run from the folder that holds setup.bat)

It makes a private virtual environment in the user's application-data folder, installs this
package into it (from a wheel next to setup.bat, else from the folder itself), on a Mac puts
xlwings' RunPython AppleScript in place, creates 注文.xlsm in the user's real Documents folder
(never overwriting one), clears the downloaded-file mark from what it created, runs doctor and
says in Japanese what to do next.

Standard library only: it runs on the seller's Python before anything is installed. Everything
that touches the operating system goes through `System`, so each decision is tested with the OS
faked (tests/test_installer.py).
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

MIN_PYTHON = (3, 11)  # xlwings 0.37.8 publishes wheels for 3.11 and later only
APP = "jiko-hasso-triage"
WHEEL_GLOB = "jiko_hasso_triage-*.whl"
WORKBOOK = "注文.xlsm"
# `python -m` puts the current folder first on sys.path: run from the download folder, the sources'
# addin/ would shadow the installed package (which alone carries the template). -I leaves it out.
ISOLATED = ("-I", "-m")

# Python's own Windows docs: the Python install manager from python.org/downloads or the Microsoft
# Store (the same package); `py install 3.13` adds a runtime.
# https://docs.python.org/3.14/using/windows.html#python-install-manager
ADVICE_WINDOWS = """Python 3.11 以降が見つかりません。次の手順で入れてから、
setup.bat をもう一度ダブルクリックしてください。
  1. https://www.python.org/downloads/ を開き、「Python install manager」をダウンロードして実行し「Install」を押す
     （Microsoft Store の「Python Install Manager」でも同じです）。
  2. 新しく開いたコマンドプロンプトで  py install 3.13  を実行する。"""
ADVICE_MAC = """Python 3.11 以降が見つかりません。次の手順で入れてから、
setup.command をもう一度ダブルクリックしてください。
  1. https://www.python.org/downloads/macos/ から Python 3.13 の
     「macOS 64-bit universal2 installer」をダウンロードする。
  2. ダウンロードした .pkg を開いて、画面の指示どおりにインストールする。"""


def _run(cmd: Sequence[str]) -> int:
    # The children must not see a PYTHONPATH that setup.bat set to reach this module in a wheel
    # (the Python children also run with -I, which keeps the download folder's addin/ off sys.path).
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    return subprocess.run(list(cmd), env=env).returncode  # output streams to the seller's window


def _writable(folder: Path) -> bool:
    """Can a file be created in `folder` (making it if needed)? Tries for real: on Windows,
    Controlled folder access blocks writes that os.access() reports as allowed."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".{APP}-write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError:
        return False
    return True


def windows_documents() -> Path:
    """The Documents folder as Explorer shows it, also when OneDrive or a policy moved it:
    SHGetKnownFolderPath(FOLDERID_Documents).
    https://learn.microsoft.com/windows/win32/api/shlobj_core/nf-shlobj_core-shgetknownfolderpath
    https://learn.microsoft.com/windows/win32/shell/knownfolderid (FOLDERID_Documents)"""
    import ctypes
    import uuid
    from ctypes import wintypes

    class GUID(ctypes.Structure):
        _fields_ = [("Data1", wintypes.DWORD), ("Data2", wintypes.WORD), ("Data3", wintypes.WORD),
                    ("Data4", ctypes.c_ubyte * 8)]

    guid = GUID.from_buffer_copy(uuid.UUID("FDD39AD0-238F-46AF-ADB4-6C85480369C7").bytes_le)
    out = ctypes.c_wchar_p()
    windll = ctypes.windll  # type: ignore[attr-defined]
    result = windll.shell32.SHGetKnownFolderPath(ctypes.byref(guid), 0, None, ctypes.byref(out))
    try:
        if result != 0:
            raise OSError(f"SHGetKnownFolderPath: 0x{result & 0xFFFFFFFF:08X}")
        return Path(out.value or "")
    finally:
        windll.ole32.CoTaskMemFree(out)


def _documents(platform: str, home: Path) -> Path:
    if platform.startswith("win"):
        try:
            return windows_documents()
        except OSError:
            pass
    return home / "Documents"


def _remove_download_mark(path: Path, platform: str) -> None:
    """Windows: the Zone.Identifier stream (Mark of the Web) makes Office block a file's macros.
    Mac: the com.apple.quarantine attribute. Absent marks are fine."""
    if platform.startswith("win"):
        with contextlib.suppress(OSError):
            os.remove(f"{path}:Zone.Identifier")
    elif platform == "darwin":
        subprocess.run(["xattr", "-d", "com.apple.quarantine", str(path)], capture_output=True)


@dataclass
class System:
    """The operating system as the installer sees it; tests replace any part."""

    platform: str = sys.platform
    version: tuple[int, int] = (sys.version_info.major, sys.version_info.minor)
    python: str = sys.executable
    home: Path = field(default_factory=Path.home)
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    documents: Callable[[], Path] | None = None
    run: Callable[[Sequence[str]], int] = _run
    writable: Callable[[Path], bool] = _writable
    exists: Callable[[Path], bool] = Path.exists
    remove_download_mark: Callable[[Path], None] | None = None
    out: Callable[[str], None] = print

    @property
    def windows(self) -> bool:
        return self.platform.startswith("win")

    @property
    def mac(self) -> bool:
        return self.platform == "darwin"

    def documents_folder(self) -> Path:
        return self.documents() if self.documents else _documents(self.platform, self.home)

    def unmark(self, path: Path) -> None:
        (self.remove_download_mark or (lambda p: _remove_download_mark(p, self.platform)))(path)


def app_folder(s: System) -> Path:
    """Per-user, per-machine application data: %LOCALAPPDATA% (not Roaming: a venv is tied to
    this PC), ~/Library/Application Support on a Mac, XDG data elsewhere."""
    if s.windows:
        base = s.environ.get("LOCALAPPDATA") or str(s.home / "AppData" / "Local")
        return Path(base) / APP
    if s.mac:
        return s.home / "Library" / "Application Support" / APP
    return Path(s.environ.get("XDG_DATA_HOME") or s.home / ".local" / "share") / APP


def venv_bin(venv: Path, s: System, name: str) -> Path:
    return venv / ("Scripts" if s.windows else "bin") / (name + (".exe" if s.windows else ""))


def _wheel_version(path: Path) -> tuple[int, ...]:
    m = re.match(r"jiko_hasso_triage-([\d.]+)", path.name)
    return tuple(int(p) for p in m[1].strip(".").split(".")) if m else ()


def find_source(folder: Path) -> Path | None:
    """What to install: the newest wheel beside setup.bat (or in dist/), else the folder itself
    when it holds the sources."""
    wheels = [*folder.glob(WHEEL_GLOB), *(folder / "dist").glob(WHEEL_GLOB)]
    if wheels:
        return max(wheels, key=_wheel_version)
    if (folder / "pyproject.toml").is_file():
        return folder
    return None


class SetupError(Exception):
    """Setup cannot go on; the message (Japanese) says why and what to do."""


@dataclass
class Result:
    workbook: Path | None = None
    created: bool = False
    doctor_ok: bool = False
    notes: list[str] = field(default_factory=list)


def _check_python(s: System) -> None:
    if s.version < MIN_PYTHON:
        found = f"この Python は {s.version[0]}.{s.version[1]} です（{s.python}）。"
        raise SetupError(found + "\n" + (ADVICE_WINDOWS if s.windows else ADVICE_MAC))


def _step(s: System, n: int, text: str) -> None:
    s.out(f"[{n}/5] {text}")


def _make_venv(s: System, venv: Path) -> Path:
    python = venv_bin(venv, s, "python")
    if s.exists(python) and s.run([str(python), "-c", "import sys"]) == 0:
        return python  # reuse: an update keeps the Python the workbook already points at
    # Missing, or broken (e.g. the Python it was made from was uninstalled): make it afresh.
    if s.run([s.python, "-m", "venv", "--clear", str(venv)]) != 0 or not s.exists(python):
        raise SetupError(f"作業用の Python 環境（{venv}）を作れませんでした。上のメッセージを確認してください。")
    return python


def _choose_workbook(s: System) -> tuple[Path, str | None]:
    """Where 注文.xlsm goes, and a note when it cannot be the Documents folder."""
    docs = s.documents_folder()
    if s.writable(docs):
        return docs / WORKBOOK, None
    if s.writable(s.home):
        return s.home / WORKBOOK, (f"ドキュメント フォルダ（{docs}）に書き込めないため、"
                                   f"ブックは {s.home} に作りました。Windows セキュリティの"
                                   "「コントロールされたフォルダー アクセス」が有効だとこのようになります。")
    raise SetupError(f"ドキュメント フォルダ（{docs}）にもホーム フォルダ（{s.home}）にも書き込めません。"
                     "フォルダのアクセス許可を確認してください。")


def install(folder: Path, s: System | None = None) -> Result:
    """Every step; raises SetupError with the seller's next step when one cannot be done."""
    s = s or System()
    result = Result()
    _check_python(s)
    source = find_source(folder)
    if source is None:
        raise SetupError(f"「{folder}」にインストールするもの（{WHEEL_GLOB} か pyproject.toml）がありません。"
                         "ダウンロードした ZIP を展開したフォルダの setup を実行してください。")
    app = app_folder(s)
    if not s.writable(app):
        raise SetupError(f"フォルダ「{app}」に書き込めません。フォルダのアクセス許可を確認してください。")
    venv = app / "venv"

    _step(s, 1, f"Python {s.version[0]}.{s.version[1]} で作業用の環境を用意します: {venv}")
    python = _make_venv(s, venv)

    _step(s, 2, f"ツールをインストールします（{source.name}）。数分かかることがあります。")
    if s.run([str(python), *ISOLATED, "pip", "install", "--upgrade", "--disable-pip-version-check", str(source)]) != 0:
        raise SetupError("インストールに失敗しました。インターネットにつながっているか確かめて、"
                         "もう一度実行してください。上に英語のエラーが出ています。")
    # RunPython on a Mac goes through an AppleScript named after the xlwings version.
    if s.mac and s.run([str(venv_bin(venv, s, "xlwings")), "runpython", "install"]) != 0:
        raise SetupError("xlwings runpython install に失敗しました。上のメッセージを確認してください。")

    _step(s, 3, "注文ブックを用意します。")
    workbook, note = _choose_workbook(s)
    if note:
        result.notes.append(note)
    result.workbook = workbook
    if s.exists(workbook):
        result.notes.append(f"{workbook} はすでにあるので、そのまま使います（上書きしません）。"
                            "新しい版のボタンや修正をこのブックに入れるには、コマンドで次を実行します:\n  "
                            + _command(s, venv, "upgrade-workbook", workbook))
    else:
        if s.run([str(python), *ISOLATED, "addin", "new-workbook", str(workbook)]) != 0 or not s.exists(workbook):
            raise SetupError(f"注文ブック（{workbook}）を作れませんでした。上のメッセージを確認してください。")
        result.created = True
        s.unmark(workbook)  # our own file: nothing should make Office treat it as downloaded

    _step(s, 4, "準備状況を確認します（addin doctor）。")
    result.doctor_ok = s.run([str(python), *ISOLATED, "addin", "doctor", str(workbook)]) == 0
    _step(s, 5, "完了しました。")
    return result


def _command(s: System, venv: Path, *args: object) -> str:
    exe = venv_bin(venv, s, "addin")
    quoted = " ".join(f'"{a}"' for a in args[1:])
    return f'"{exe}" {args[0]} {quoted}'.rstrip()


def next_steps(s: System, result: Result) -> str:
    lines = ["", "――― これからすること ―――"]
    lines += result.notes
    if not result.doctor_ok:
        lines.append("上の確認で「要対応」の行があります。その指示に従ってから、ブックを開いてください。")
    book = result.workbook
    if s.windows:
        lines += [f"1. エクスプローラーで {book} をダブルクリックして開きます。",
                  "2. 黄色いバーの「コンテンツの有効化」を押します（マクロを有効にする）。",
                  "3. 「今日」シート（今日やることの一覧）が開きます。ボタンは「注文」シートの上にあります。"
                  "「注文取込」から始めてください。"]
    else:
        lines += [f"1. Finder で {book} を開きます（Excel で開きます）。",
                  "2. 「マクロを有効にする」を押します。",
                  "3. 初めてボタンを押したとき「… が \"Microsoft Excel\" を制御しようとしています」と出たら"
                  "「OK」を押します。",
                  "4. 「今日」シート（今日やることの一覧）が開きます。ボタンは「注文」シートの上にあります。"
                  "「注文取込」から始めてください。"]
    lines.append("新しい版が出たら、新しいフォルダで setup をもう一度実行すれば更新できます（ブックはそのままです）。")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None, s: System | None = None) -> int:
    s = s or System()
    folder = Path(argv[0]) if argv else Path.cwd()
    s.out("自己発送トリアージのセットアップを始めます。")
    try:
        result = install(folder.resolve(), s)
    except SetupError as e:
        s.out("")
        s.out("セットアップを中止しました: " + str(e))
        return 1
    s.out(next_steps(s, result))
    return 0 if result.doctor_ok else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
