"""Put plain text on the system clipboard, without xlwings PRO and without Excel's copy.

Copying a cell that holds line breaks from Excel pastes it wrapped in double quotes (Excel puts
the cell on the clipboard as a quoted CSV field; shared/notes/excel.md), so the 「本文をコピー」
button sets the clipboard itself:

- Windows: pywin32's win32clipboard (installed with xlwings on Windows) with CF_UNICODETEXT, so
  Japanese survives whatever the system code page; CRLF line ends, as Windows text expects.
  https://mhammond.github.io/pywin32/win32clipboard__SetClipboardText_meth.html
- macOS: `pbcopy`, fed UTF-8 with a UTF-8 LANG (pbcopy decodes its input by the locale; Excel's
  RunPython may start Python without one).
- Elsewhere, or when those are missing: tkinter's clipboard (part of the standard library).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

from addin.errors import UserError

FAILED = "クリップボードにコピーできませんでした。本文のセルを選び、数式バーの文字を選んでコピーしてください。"


def set_text(text: str) -> None:
    """Replace the clipboard's content with `text` (plain text). Raises UserError on failure."""
    try:
        if sys.platform == "win32":
            try:
                import win32clipboard  # noqa: F401  (pywin32)
            except ImportError:
                _tk(text.replace("\n", "\r\n"))
            else:
                _windows(text)
        elif sys.platform == "darwin":
            _mac(text)
        else:
            _tk(text)
    except UserError:
        raise
    except Exception as e:  # the clipboard is a shared OS resource: say what to do instead
        raise UserError(f"{FAILED}（{type(e).__name__}）") from None


def _windows(text: str, tries: int = 5) -> None:
    import win32clipboard
    import win32con

    for attempt in range(tries):
        try:
            win32clipboard.OpenClipboard()
            break
        except Exception:  # another program holds the clipboard for a moment
            if attempt == tries - 1:
                raise
            time.sleep(0.1)
    try:
        win32clipboard.EmptyClipboard()
        win32clipboard.SetClipboardText(text.replace("\r\n", "\n").replace("\n", "\r\n"),
                                        win32con.CF_UNICODETEXT)
    finally:
        win32clipboard.CloseClipboard()


def _mac(text: str) -> None:
    env = {**os.environ, "LANG": "ja_JP.UTF-8", "LC_ALL": "ja_JP.UTF-8"}
    subprocess.run(["pbcopy"], input=text.encode("utf-8"), env=env, check=True, timeout=10)


def _tk(text: str) -> None:
    import tkinter

    root = tkinter.Tk()
    try:
        root.withdraw()
        root.clipboard_clear()
        root.clipboard_append(text)
        root.update()  # hand the text to the system before the window goes
    finally:
        root.destroy()
