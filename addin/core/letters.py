"""Enclosed letters (同封の手紙), the API operations and shells use. The work is split by job:

- `addin.core.templates`      seller-edited templates with {placeholders}: parse, fill (any text kind)
- `addin.core.wording`        the 文面 sheet: 区分 keys, placeholders, the one table of default rows
- `addin.core.letter_compose` one order → one letter as styled lines
- `addin.core.letter_cell`    the 手紙 column: letter parts named in a cell, "… (p.N)" after making
- `addin.core.line_wrap`      Japanese line breaking for a monospaced font
- `addin.core.letter_pages`   one letter as printed rows (alignment, wrapping)
- `addin.core.letter_batch`   every letter of a workbook, checked against Amazon's rules
"""

from __future__ import annotations

from addin.core.codes import LetterPart
from addin.core.letter_batch import Batch, make_batch
from addin.core.letter_cell import has_page, letter_cell, parse_letter_cell
from addin.core.letter_compose import (
    PART_ORDER,
    Letter,
    LetterError,
    Line,
    PartsLike,
    Style,
    compose_letter,
    format_date,
    item_values,
    letter_parts,
    order_values,
)
from addin.core.letter_pages import BODY_INDENT, SIGN_RIGHT_GAP, STYLE_SCALE, PrintedLine, print_lines
from addin.core.line_wrap import NO_LINE_END, NO_LINE_START, char_width, text_width, wrap
from addin.core.templates import (
    Filler,
    Problem,
    TemplateError,
    TemplateRow,
    Templates,
    normalise_template_text,
    placeholders_in,
)
from addin.core.wording import (
    DEFAULT_TEMPLATES,
    KEY_CLOSING,
    KEY_DATE,
    KEY_DETAILS,
    KEY_ITEM,
    KEY_OPENING,
    KEY_PARTS,
    KEY_SIGNATURE,
    KEY_SLIP_TITLE,
    KEY_TITLE,
    KEY_TO,
    KNOWN_KEYS,
    MASKED,
    OPTIONAL_DEFAULTS,
    PART_KEYS,
    PLACEHOLDERS,
    REQUIRED_KEYS,
    SIGNATURE_SETTING,
    TEMPLATE_HEADERS,
    allowed_placeholders,
    default_template_rows,
    default_templates,
    parse_templates,
    text_filler,
)

__all__ = [
    "BODY_INDENT",
    "DEFAULT_TEMPLATES",
    "KEY_CLOSING",
    "KEY_DATE",
    "KEY_DETAILS",
    "KEY_ITEM",
    "KEY_OPENING",
    "KEY_PARTS",
    "KEY_SIGNATURE",
    "KEY_SLIP_TITLE",
    "KEY_TITLE",
    "KEY_TO",
    "KNOWN_KEYS",
    "MASKED",
    "NO_LINE_END",
    "NO_LINE_START",
    "OPTIONAL_DEFAULTS",
    "PART_KEYS",
    "PART_ORDER",
    "PLACEHOLDERS",
    "REQUIRED_KEYS",
    "SIGNATURE_SETTING",
    "SIGN_RIGHT_GAP",
    "STYLE_SCALE",
    "TEMPLATE_HEADERS",
    "Batch",
    "Filler",
    "Letter",
    "LetterError",
    "LetterPart",
    "Line",
    "PartsLike",
    "PrintedLine",
    "Problem",
    "Style",
    "TemplateError",
    "TemplateRow",
    "Templates",
    "allowed_placeholders",
    "char_width",
    "compose_letter",
    "default_template_rows",
    "default_templates",
    "format_date",
    "has_page",
    "item_values",
    "letter_cell",
    "letter_parts",
    "make_batch",
    "normalise_template_text",
    "order_values",
    "parse_letter_cell",
    "parse_templates",
    "placeholders_in",
    "print_lines",
    "text_filler",
    "text_width",
    "wrap",
]
