"""Reading the files a seller hands in (Amazon reports), the same for the command line and the
Excel buttons: a size limit and Japanese messages that name the file. Shell-neutral: no workbook.
"""

from __future__ import annotations

from pathlib import Path

from addin.errors import UserError

MAX_REPORT_BYTES = 100 * 1024 * 1024  # a busy seller's 30-day order report is a few MB


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):,.0f} MB"


def _too_big(name: str, size: int) -> str:
    return (
        f"「{name}」は {_mb(size)} あり、大きすぎます（取り込めるのは {_mb(MAX_REPORT_BYTES)} まで）。"
        "注文レポートかどうか確認し、期間を短くしてダウンロードし直してください。"
    )


def read_report_bytes(path: Path) -> bytes:
    """The bytes of one report file. Raises UserError (Japanese, names the file). A FIFO or
    device is refused before it is opened for reading (that would wait forever)."""
    from addin.files import read_regular_file, shown

    if not path.exists():
        raise UserError(f"レポートファイル「{shown(path)}」が見つかりません。")
    if path.is_dir():
        raise UserError(f"「{shown(path)}」はフォルダです。レポートファイル（.txt）を指定してください。")
    return read_regular_file(path, MAX_REPORT_BYTES, lambda size: _too_big(shown(path.name), size))
