"""Choosing files from a button: Excel's own dialog on Windows, the system one on Mac.

A cancelled dialog returns an empty list; the button then does nothing at all.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from addin.errors import UserError

TEXT_FILTER = "テキストファイル (*.txt;*.tsv;*.csv),*.txt;*.tsv;*.csv,すべてのファイル (*.*),*.*"

# `choose file` from AppleScript; arguments come in through argv so no text is spliced into
# the script. Output: one POSIX path per line.
_MAC_SCRIPT = """
on run argv
    set thePrompt to item 1 of argv
    set multi to (item 2 of argv) is "1"
    activate
    if multi then
        set picked to choose file with prompt thePrompt with multiple selections allowed
    else
        set picked to {choose file with prompt thePrompt}
    end if
    set out to ""
    repeat with f in picked
        set out to out & POSIX path of f & linefeed
    end repeat
    return out
end run
"""
_MAC_CANCELLED = "-128"

Runner = Callable[..., "subprocess.CompletedProcess[str]"]


def pick_files(app: Any, title: str, *, multi: bool, platform: str | None = None,
               run: Runner = subprocess.run) -> list[Path]:
    platform = platform or sys.platform
    if platform.startswith("win"):
        return _pick_windows(app, title, multi)
    if platform == "darwin":
        return _pick_mac(title, multi, run)
    raise UserError("この OS では Excel からファイルを選べません。コマンド（addin …）を使ってください。")


def _pick_windows(app: Any, title: str, multi: bool) -> list[Path]:
    # Application.GetOpenFilename(FileFilter, FilterIndex, Title, ButtonText, MultiSelect):
    # False when cancelled, a path, or (MultiSelect) a tuple of paths.
    picked = app.api.GetOpenFilename(TEXT_FILTER, 1, title, "", multi)
    if picked is False or picked is None:
        return []
    if isinstance(picked, str):
        return [Path(picked)]
    return [Path(str(p)) for p in picked]


def _pick_mac(title: str, multi: bool, run: Runner) -> list[Path]:
    try:
        done = run(["osascript", "-e", _MAC_SCRIPT, title, "1" if multi else "0"],
                   capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired):
        done = None
    if done is not None and done.returncode == 0:
        return [Path(line) for line in done.stdout.splitlines() if line.strip()]
    if done is not None and _MAC_CANCELLED in (done.stderr or ""):
        return []
    raise UserError(
        "ファイルを選ぶ画面を開けませんでした。ターミナルで addin コマンドを使ってください"
        "（例: addin import-report レポート.txt 注文.xlsm。ブックは閉じてから実行）。"
    )
