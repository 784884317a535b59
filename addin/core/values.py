"""Reading seller-typed cell values: dates, integers, closed-set choices and flags.

Cells arrive from openpyxl or xlwings as str, int, float, datetime, date or None. A seller may
type `2026/11/26`, `２０２６－１１－２６`, `11/26`, an Excel serial number or a real date.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from addin import text as text_
from addin.errors import DomainError

_EXCEL_EPOCH = datetime(1899, 12, 30)
_DATE_RE = re.compile(r"^(\d{4})[/\-.年](\d{1,2})[/\-.月](\d{1,2})日?(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_DATE_DASH_RE = re.compile(text_.dash_class(text_.LONG_VOWELS))  # ２０２６ー１１ー２６ too


class ValueProblem(DomainError):
    """A cell value that cannot be read; the message is Japanese and says what was expected."""


def norm(value: object) -> str:
    """Text of a cell as a seller means it: NFKC (full-width → half-width), trimmed."""
    return text_.clean(value)


def text(value: object) -> str:
    """Cell text kept exactly (buyer text), only trimmed of surrounding whitespace."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def to_datetime(value: object) -> datetime | None:
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=None) if value.tzinfo is None else value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # Excel serials 1900-01-01 .. 9999-12-31
            return _EXCEL_EPOCH + timedelta(days=float(value))
        raise ValueProblem("日付として読めません")
    s = _DATE_DASH_RE.sub("-", norm(value))
    m = _DATE_RE.match(s)
    if not m:
        raise ValueProblem("日付として読めません（例: 2026/11/26）")
    y, mo, d, hh, mm, ss = m.groups()
    try:
        return datetime(int(y), int(mo), int(d), int(hh or 0), int(mm or 0), int(ss or 0))
    except ValueError:
        raise ValueProblem("存在しない日付です") from None


def to_date(value: object) -> date | None:
    dt = to_datetime(value)
    return dt.date() if dt else None


def to_int(value: object) -> int | None:
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise ValueProblem("整数として読めません")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValueProblem("整数として読めません")
    s = norm(value).replace(",", "")
    if re.fullmatch(r"[+-]?\d+", s):
        return int(s)
    raise ValueProblem("整数として読めません")


def choice(value: object, choices: tuple[str, ...]) -> str:
    """A closed-set value; surrounding spaces and full-width forms accepted. Blank → ""."""
    s = norm(value)
    if not s:
        return ""
    for c in choices:
        if s == text_.nfkc(c):
            return c
    raise ValueProblem("選択肢にない値です（" + "、".join(choices) + "）")


_TRUE = {"true", "yes", "y", "1", "はい", "○", "〇", "◯", "あり", "法人", "プライム"}
_FALSE = {"", "false", "no", "n", "0", "いいえ", "×", "なし"}


def flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    s = norm(value).lower()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise ValueProblem("「はい」か空欄で入力してください")
