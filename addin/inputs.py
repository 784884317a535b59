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
    """The bytes of one report file. Raises UserError (Japanese, names the file)."""
    name = path.name
    try:
        if not path.exists():
            raise UserError(f"レポートファイル「{path}」が見つかりません。")
        if path.is_dir():
            raise UserError(f"「{path}」はフォルダです。レポートファイル（.txt）を指定してください。")
        size = path.stat().st_size
        if size > MAX_REPORT_BYTES:
            raise UserError(_too_big(name, size))
        with open(path, "rb") as f:
            data = f.read(MAX_REPORT_BYTES + 1)  # the file may have grown since stat()
    except PermissionError:
        raise UserError(f"「{name}」を読む権限がありません。") from None
    except OSError as e:
        raise UserError(f"「{name}」を読めません（{type(e).__name__}）。") from None
    if len(data) > MAX_REPORT_BYTES:
        raise UserError(_too_big(name, len(data)))
    return data
