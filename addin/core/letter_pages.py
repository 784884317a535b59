"""One letter as printed rows for a monospaced font: wrapped, centred title, indented body. Date
and signature rows are not padded: the shells right-align them by the cell (their text goes in
layout.LETTER_RIGHT_COL, see addin.ops.letters.sheet_rows)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from addin.core.letter_compose import Letter, Style
from addin.core.line_wrap import text_width, wrap

# Relative font sizes of the styles (body = 1): the shells print TITLE and TO larger, so their
# centring and wrapping are computed in their own character widths.
STYLE_SCALE: dict[Style, float] = {Style.TITLE: 14 / 10.5, Style.TO: 12 / 10.5}
SIGN_RIGHT_GAP = 2  # columns kept free right of a right-aligned line
BODY_INDENT = "　"  # 字下げ at the start of every body line of a template


@dataclass(frozen=True, slots=True)
class PrintedLine:
    style: Style
    text: str  # a title is centred with spaces (a monospaced Mincho); DATE/SIGN are not padded


def print_lines(letter: Letter, width: int,
                scales: Mapping[Style, float] | None = None) -> list[PrintedLine]:
    """The letter as printed rows for a monospaced font, `width` half-width columns wide:
    wrapped (Japanese rules), centred title, indented body; date and signature wrapped to leave
    SIGN_RIGHT_GAP free, for the shell to right-align.
    `scales`: font size of a style relative to the body, when the shell prints it larger
    (default STYLE_SCALE; pass {} when every row has the body font)."""
    scales = STYLE_SCALE if scales is None else scales
    out: list[PrintedLine] = []
    for line in letter.lines:
        style = line.style
        w = int(width / scales.get(style, 1.0))
        text = line.text.rstrip()
        if style is Style.BLANK or not text.strip():
            out.append(PrintedLine(Style.BLANK, ""))
            continue
        if style is Style.BODY and not text[0].isspace():
            text = BODY_INDENT + text
        indent = "　" if style is Style.DETAIL and text.startswith(("・", "･", "-", "*")) else ""
        pieces = wrap(text, w - (SIGN_RIGHT_GAP if style in (Style.DATE, Style.SIGN) else 0), indent)
        for piece in pieces:
            if style is Style.TITLE:
                piece = " " * max(0, (w - text_width(piece)) // 2) + piece
            out.append(PrintedLine(style, piece))
    while out and out[-1].style is Style.BLANK:
        out.pop()
    return out
