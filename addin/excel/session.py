"""What every button shares: the calling workbook, Excel's settings during the run, the status
bar, and Japanese message boxes instead of Python tracebacks.

A button function receives a `Session` and returns the lines of its summary (None: show
nothing, e.g. when the seller cancelled a dialog). Messages never quote buyer text: operations
name rows and cells, and an unexpected error shows only its kind.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from addin.errors import AddinError, UserError
from addin.excel.book import XlwingsBook
from addin.text import japan_now

PRODUCT = "自己発送トリアージ"
MAX_ALERT_LINES = 18
MAX_ALERT_CHARS = 900  # Windows' MessageBox stays readable well below its own limits


class Session:
    def __init__(self, book: Any, title: str) -> None:
        self.book = book
        self.title = title
        self.app = book.app
        self.port = XlwingsBook(book, progress=self.status)
        self._busy = False
        self._shown = ""

    @contextmanager
    def busy(self, text: str = "実行中…") -> Iterator[None]:
        """Screen updating and recalculation off while Python works; xlwings restores the
        previous settings (and hands the status bar back to Excel) even after an error."""
        self._shown = f"{self.title}: {text}"
        with self.app.properties(screen_updating=False, calculation="manual", status_bar=self._shown):
            self._busy = True
            try:
                yield
            finally:
                self._busy = False

    def status(self, text: str) -> None:
        """Progress on the status bar (one call; repeated text is not sent again)."""
        shown = f"{self.title}: {text}"
        if self._busy and shown != self._shown:
            self.app.status_bar = self._shown = shown

    def alert(self, lines: Sequence[str], *, error: bool = False) -> None:
        self.app.alert(alert_text(lines), title=f"{PRODUCT} - {self.title}",
                       mode="critical" if error else "info")

    def confirm(self, text: str) -> bool:
        answer = self.app.alert(text, title=f"{PRODUCT} - {self.title}", buttons="ok_cancel",
                                mode="info")
        return answer == "ok"

    def folder(self) -> Path:
        """The folder of the workbook, where files of the buttons go."""
        full = str(self.book.fullname)
        if "://" in full:
            raise UserError("ブックが OneDrive などのオンライン上にあります。PC のフォルダ"
                            "（例: ドキュメント）に保存し直してから、もう一度押してください。")
        path = Path(full)
        if not path.is_absolute() or not path.parent.is_dir():
            raise UserError("ブックがまだ保存されていません。一度保存してから、もう一度押してください。")
        return path.parent


def alert_text(lines: Sequence[str]) -> str:
    shown: list[str] = []
    size = 0
    for i, line in enumerate(lines):
        if len(shown) >= MAX_ALERT_LINES or size + len(line) > MAX_ALERT_CHARS:
            shown.append(f"…ほか {len(lines) - i} 行")
            break
        shown.append(line)
        size += len(line) + 1
    return "\n".join(shown)


def stamp() -> str:
    """Japan time for file names (YYYYMMDD-HHMM); never the machine's zone."""
    return japan_now().strftime("%Y%m%d-%H%M")


def caller() -> Any:
    import xlwings as xw

    return xw.Book.caller()


Work = Callable[[Session], "Sequence[str] | None"]


def version_notes(book: Any) -> list[str]:
    """What the saved file says about its version (addin.versions): a workbook of an older
    release, or with another xlwings in its VBA, gets the upgrade hint first in every message.
    Read from the file on disk (the marker only changes when the book is upgraded, closed)."""
    try:
        full = str(book.fullname)
        if "://" in full:
            return []
        from addin.versions import workbook_notes

        return workbook_notes(Path(full))
    except Exception:  # never let the hint hide the button's own message
        return []


def button(title: str) -> Callable[[Work], Callable[..., None]]:
    """Turn `work(session) -> lines` into an entry point for RunPython."""

    def wrap(work: Work) -> Callable[..., None]:
        @functools.wraps(work)
        def entry(book: Any = None) -> None:
            session = Session(book if book is not None else caller(), title)
            try:
                lines = work(session)
            except AddinError as e:
                session.alert([*version_notes(session.book), e.message], error=True)
                return
            except MemoryError:
                session.alert(["メモリが足りません。ほかのブックやアプリを閉じてから、もう一度押してください。"],
                              error=True)
                return
            except Exception as e:  # a bug: no traceback (it could quote buyer text), just the kind
                if os.environ.get("ADDIN_DEBUG"):
                    raise  # xlwings then shows the traceback, for support
                session.alert([
                    f"予期しない問題が起きました（{type(e).__name__}）。",
                    "ブックの一部だけが書き換わっている可能性があります。保存せずに閉じると、"
                    "最後に保存した状態に戻せます。",
                    "続くときは、コマンドプロンプト（Mac はターミナル）で addin doctor を実行してください。",
                ], error=True)
                return
            if lines:
                session.alert([*version_notes(session.book), *lines])

        return entry

    return wrap
