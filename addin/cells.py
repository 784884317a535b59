"""Cell-writing rules, in one place for both shells.

- Text (buyer text above all) lands as text, never as a formula: a value starting with `=`,
  `+`, `-`, `@` (or their full-width forms `＝＋－＠`, which Japanese Excel also takes for a
  formula when the cell is edited), tab or CR/LF is stored as a string cell (openpyxl) or behind Excel's text
  prefix `'` (live Excel, where assigning a string is the same as typing it).
- Ids, postcodes, phone and tracking numbers are text: `0123` keeps its zero, a 14-digit id
  never becomes `5.80293E+13`.
- Dates are real dates with a date format; integers are integers.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from addin.layout import Kind, link_formula

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# Characters an xlsx file cannot hold at all: everything outside XML 1.0's Char production
# (https://www.w3.org/TR/xml/#charsets): C0 controls but tab/LF/CR, lone surrogates, U+FFFE and
# U+FFFF. One of them makes the saved part invalid XML and the workbook unreadable, so they
# are dropped (not escaped) here, where every text enters a cell.
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def looks_like_formula(s: str) -> bool:
    return s.startswith(FORMULA_TRIGGERS)


def stored_value(value: object, kind: Kind | None) -> object:
    """The Python value a cell of `kind` should hold (before shell-specific protection)."""
    if value is None or value == "":
        return None
    if kind is Kind.LINK:
        if isinstance(value, int):  # our own row number, never buyer text
            return link_formula(value)
        kind = Kind.TEXT  # a header or label in a link column
    if kind in (Kind.TEXT, Kind.ID):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return _UNSTORABLE.sub("", value if isinstance(value, str) else str(value))
    if isinstance(value, str):
        return _UNSTORABLE.sub("", value)
    if kind in (Kind.DATE, Kind.DAY) and isinstance(value, datetime):
        return value.date()
    return value


def excel_input(value: object, kind: Kind | None) -> object:
    """Value to assign through Excel's object model (xlwings), where strings are parsed as if
    typed. Every string gets Excel's `'` text prefix: guessing which text Excel would turn into a
    formula, number, date, boolean or error (`1-2-3`, `TRUE`, `50%`, `＝1+1`, `#N/A` …) is a game
    one loses; Excel drops the prefix and stores the text as is."""
    v = stored_value(value, kind)
    if isinstance(v, str) and not (kind is Kind.LINK and isinstance(value, int)):
        return "'" + v
    if isinstance(v, date) and not isinstance(v, datetime):
        return datetime(v.year, v.month, v.day)  # COM takes datetimes
    return v
