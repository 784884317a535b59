"""Reading the files a seller hands in (Amazon reports), the same for the command line and the
Excel buttons: a size limit and Japanese messages that name the file. Shell-neutral: no workbook.
"""

from __future__ import annotations

from pathlib import Path

from addin.errors import UserError
from addin.text import decode_japanese

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


MAX_TEMPLATE_BYTES = 20 * 1024 * 1024
MAX_TEMPLATE_ROWS = 5000  # per sheet: a template's valid-values lists are a few hundred rows


def read_confirm_template(path: Path) -> list[tuple[str, list[list[object]]]]:
    """The sheets of a shipping-confirmation template the seller downloaded from Seller Central,
    as (sheet name, rows): an Excel workbook (.xlsx/.xlsm) or tab-separated text (UTF-8 or
    Shift_JIS). Raises UserError (Japanese, names the file)."""
    name = path.name
    from addin.files import read_regular_file, shown

    if not path.exists() or path.is_dir():
        raise UserError(f"出荷通知テンプレート「{shown(path)}」が見つかりません"
                        "（設定「出荷通知テンプレート」か --template で指定した場所）。")
    data = read_regular_file(path, MAX_TEMPLATE_BYTES,
                             lambda size: f"「{shown(name)}」は大きすぎます。出荷通知テンプレートを指定してください。")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UserError(f"「{name}」は古い形式の Excel ブック（.xls）です。Excel で開き、"
                        "「Excel ブック（.xlsx）」で保存し直してから指定してください。")
    if data.startswith(b"PK\x03\x04"):
        return _xlsx_sheets(data, name)
    text = decode_japanese(data)
    if text is None:
        raise UserError(f"「{name}」の文字コードが読めません（UTF-8 か Shift_JIS のテキストではありません）。")
    rows: list[list[object]] = [line.split("\t") for line in text.splitlines()[:MAX_TEMPLATE_ROWS]]
    return [(name, rows)]


def _xlsx_sheets(data: bytes, name: str) -> list[tuple[str, list[list[object]]]]:
    import io
    import zipfile

    import openpyxl  # only for this reader: the template is a file the seller hands in

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, ValueError, KeyError) as e:
        raise UserError(f"「{name}」を Excel ブックとして読めません（{type(e).__name__}）。") from None
    try:
        return [(ws.title, [list(r) for r in ws.iter_rows(max_row=MAX_TEMPLATE_ROWS, values_only=True)])
                for ws in wb.worksheets]
    finally:
        wb.close()
