"""Page setup of the 手紙 sheet in a saved workbook (openpyxl): one letter per A4 portrait page.

Every letter takes exactly LETTER_ROWS rows of LETTER_ROW_HEIGHT points, its text in column A
(aligned with spaces for a monospaced Mincho and overflowing into the empty columns B…); a manual
page break follows each letter, the print area covers exactly the letters, and the page is fitted
to one page wide (never taller), so printing gives one page per letter.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.dimensions import ColumnDimension
from openpyxl.worksheet.pagebreak import Break, RowBreak
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from addin import layout
from addin.core.letters import STYLE_SCALE, Style


def _font(style: Style) -> Font:
    size = round(layout.LETTER_FONT_SIZE * STYLE_SCALE.get(style, 1.0), 1)
    return Font(name=layout.LETTER_FONT, size=size, bold=style is Style.TITLE)


FONTS = {s: _font(s) for s in Style}
ALIGN = Alignment(horizontal="left", vertical="center", wrap_text=False)
RIGHT = Alignment(horizontal="right", vertical="center", wrap_text=False)  # date and signature
_RIGHT_STYLES = (Style.DATE, Style.SIGN)


def apply_letter_format(ws: Worksheet, styles: Sequence[Style], pages: int) -> None:
    """Title and addressee in larger type (STYLE_SCALE), everything else in the body font."""
    rows = pages * layout.LETTER_ROWS
    last_col = get_column_letter(layout.LETTER_COLS)
    _set_columns(ws)
    for r in range(1, max(rows, ws.max_row) + 1):
        ws.row_dimensions[r].height = layout.LETTER_ROW_HEIGHT
        style = styles[r - 1] if r <= len(styles) else Style.BODY
        cell = ws.cell(row=r, column=1)
        cell.font = FONTS[style]
        cell.alignment = ALIGN
        if style in _RIGHT_STYLES:
            right = ws.cell(row=r, column=layout.LETTER_RIGHT_COL)
            right.font = FONTS[style]
            right.alignment = RIGHT

    ws.row_breaks = RowBreak()
    for n in range(1, pages):
        ws.row_breaks.append(Break(id=n * layout.LETTER_ROWS))
    ws.col_breaks.brk = []
    ws.print_area = f"A1:{last_col}{rows}" if rows else None

    ps = ws.page_setup
    ps.paperSize = ws.PAPERSIZE_A4
    ps.orientation = ws.ORIENTATION_PORTRAIT
    ps.fitToWidth = 1
    ps.fitToHeight = 0  # as many pages tall as the manual breaks make
    ps.scale = None
    if ws.sheet_properties.pageSetUpPr is None:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties()
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    m = layout.LETTER_MARGINS
    ws.page_margins.left, ws.page_margins.right = m["left"], m["right"]
    ws.page_margins.top, ws.page_margins.bottom = m["top"], m["bottom"]
    ws.page_margins.header, ws.page_margins.footer = m["header"], m["footer"]
    ws.print_options.horizontalCentered = False  # the margins place the text
    ws.print_options.gridLines = False
    ws.sheet_view.showGridLines = False
    ws.oddHeader.center.text = ws.oddFooter.center.text = None


def _set_columns(ws: Worksheet) -> None:
    """One <col> per letter column. A template may group them (min=1 max=8); setting a width on
    B then would write overlapping ranges, which Excel reports as a damaged file."""
    dims = ws.column_dimensions
    for key in list(dims):
        d = dims[key]
        if (d.min or 0) <= layout.LETTER_COLS:
            del dims[key]
    for c in range(1, layout.LETTER_COLS + 1):
        letter = get_column_letter(c)
        dims[letter] = ColumnDimension(ws, index=letter, width=layout.LETTER_COL_WIDTH,
                                       customWidth=True)
        if c == layout.LETTER_RIGHT_COL:  # as the template: Excel's own writes there stay right-aligned
            dims[letter].font = FONTS[Style.BODY]
            dims[letter].alignment = RIGHT
