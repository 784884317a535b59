"""The 手紙 sheet of a saved workbook as a PDF, through LibreOffice (`addin letters --pdf`).

In Excel the 「手紙を印刷」 button uses Excel's own PDF export; on the command line LibreOffice
does it: a copy holding only the 手紙 sheet is converted, so the PDF has exactly the letter pages.
The copy lives in a temporary folder that is removed afterwards (it holds buyer names).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from copy import copy
from pathlib import Path

import openpyxl
from openpyxl.styles import Font
from openpyxl.utils.indexed_list import IndexedList

from addin import layout
from addin.errors import UserError
from addin.files import atomic_write, shown, temp_folder

TIMEOUT_SECONDS = 300
CANDIDATES = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)

INSTALL_HINT = (
    "PDF を作るには LibreOffice が必要ですが、見つかりませんでした。\n"
    "  Ubuntu / Debian: sudo apt install libreoffice-calc-nogui fonts-ipafont-mincho\n"
    "  Mac: brew install --cask libreoffice（または https://ja.libreoffice.org から入手）\n"
    "  Windows: LibreOffice をインストールするか、Excel の「手紙を印刷」ボタンを使ってください。\n"
    f"PDF を作らずに、シート「{layout.LETTERS}」をそのまま印刷することもできます。"
)


# Monospaced Mincho fonts LibreOffice may have where ＭＳ 明朝 is missing (letters are aligned
# with spaces, so the font must give half-width characters exactly half a full-width one).
MINCHO_FALLBACKS = ("IPAMincho", "TakaoMincho", "Noto Serif CJK JP", "Noto Serif JP")


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return next((c for c in CANDIDATES if Path(c).exists()), None)


def installed_families() -> set[str] | None:
    """Font families fontconfig knows (Linux, or LibreOffice's bundled fc on Mac); None when
    fc-list is not there (Windows: ＭＳ 明朝 comes with the system)."""
    fc = shutil.which("fc-list")
    if not fc:
        return None
    try:
        done = subprocess.run([fc, ":", "family"], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    names = done.stdout.decode("utf-8", "replace").replace("\\", "").splitlines()
    return {n.strip() for line in names for n in line.split(",") if n.strip()}


def substitute_font() -> str | None:
    """The font to print the letters with when ＭＳ 明朝 is not installed, else None."""
    families = installed_families()
    if families is None or layout.LETTER_FONT in families or "MS Mincho" in families:
        return None
    return next((f for f in MINCHO_FALLBACKS if f in families), None)


def _letters_only_copy(workbook: Path, target: Path) -> int:
    """Save a copy of `workbook` with only the 手紙 sheet; return how many rows it prints."""
    wb = openpyxl.load_workbook(workbook)  # no VBA: the copy is a plain .xlsx
    if layout.LETTERS not in wb.sheetnames:
        raise UserError(f"「{workbook.name}」にシート「{layout.LETTERS}」がありません。")
    for ws in list(wb.worksheets):
        if ws.title != layout.LETTERS:
            wb.remove(ws)
    ws = wb[layout.LETTERS]
    ws.sheet_state = "visible"
    wb.active = 0
    rows = ws.max_row if any(c.value for row in ws.iter_rows(max_col=1) for c in row) else 0
    font = substitute_font()
    if font:
        # every letter column: date and signature sit right-aligned in LETTER_RIGHT_COL
        for cell in (c for row in ws.iter_rows(max_col=layout.LETTER_COLS) for c in row):
            if cell.font and cell.font.name == layout.LETTER_FONT:
                new = copy(cell.font)
                new.name = font
                cell.font = new
        # Column widths are counted in digits of the workbook's default font: make that the
        # Mincho too, so a width unit is one half-width letter character, as on Windows.
        fonts = list(wb._fonts)
        fonts[0] = Font(name=font, size=layout.LETTER_FONT_SIZE)
        wb._fonts = IndexedList(fonts)
    wb.save(target)
    return rows


def check_pdf_target(out: Path) -> str:
    """Everything that can be known before the letters are made: LibreOffice is there and `out`
    is a .pdf in a folder that exists and is not an existing folder. Returns soffice's path."""
    soffice = find_soffice()
    if soffice is None:
        raise UserError(INSTALL_HINT)
    if out.suffix.lower() != ".pdf":
        raise UserError(f"「{shown(out.name)}」: PDF のファイル名は .pdf で終わるようにしてください。")
    if not out.parent.is_dir():
        raise UserError(f"フォルダ「{shown(out.parent)}」がありません。")
    if out.is_dir():
        raise UserError(f"「{shown(out)}」はフォルダです。PDF のファイル名を指定してください。")
    if not os.access(out.parent, os.W_OK):
        raise UserError(f"フォルダ「{shown(out.parent)}」に書き込む権限がありません。")
    return soffice


def export_letters_pdf(workbook: Path, out: Path) -> Path:
    """Convert the 手紙 sheet of the saved `workbook` to `out` (PDF, one page per letter)."""
    soffice = check_pdf_target(out)
    # Named after this process: if it is killed, the next command removes the copy (buyer names).
    with temp_folder("letters") as tmp:
        folder = Path(tmp)
        src = folder / "letters.xlsx"
        if not _letters_only_copy(workbook, src):
            raise UserError(f"シート「{layout.LETTERS}」に手紙がありません。先に手紙を作ってください。")
        profile = (folder / "profile").as_uri()  # own profile: works while LibreOffice is open
        cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(folder), str(src)]
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_SECONDS, check=False,
                                  env={**os.environ, "HOME": os.environ.get("HOME", tmp)})
        except subprocess.TimeoutExpired:
            raise UserError("LibreOffice での PDF 変換が時間内に終わりませんでした。") from None
        except OSError as e:
            raise UserError(f"LibreOffice を起動できませんでした（{type(e).__name__}）。\n"
                            + INSTALL_HINT) from None
        made = folder / "letters.pdf"
        if done.returncode != 0 or not made.exists():
            detail = done.stderr.decode(sys.getfilesystemencoding(), "replace").strip()[-300:]
            raise UserError(
                f"LibreOffice で PDF を作れませんでした（終了コード {done.returncode}）。{detail}")
        data = made.read_bytes()
    atomic_write(out, lambda t: t.write_bytes(data), backup=False)
    return out
