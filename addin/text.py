"""Text and date normalisation shared by the whole add-in: the one place that knows which
characters are the same for a seller (widths, dashes, invisible marks), Japan time, how dates
are written for the seller, and the years the add-in supports.

Callers choose what a dash means in their context (a long vowel mark ー is a hyphen in a date,
only between digits in an address or a letter, a separator in a tracking number); the sets of
characters come from here so they cannot drift apart again.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta, timezone

# --- widths ------------------------------------------------------------------------------------


def nfkc(text: str) -> str:
    """Compatibility forms folded: full-width ＡＢＣ１２３ and half-width ｶﾅ become ABC123 and カナ."""
    return unicodedata.normalize("NFKC", text)


def clean(value: object) -> str:
    """A cell value as a seller means it: NFKC and trimmed; None → "", 12.0 → "12"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfkc(str(value)).strip()


def fold(text: str) -> str:
    """Comparison key of a name or code: NFKC, trimmed, lower case."""
    return nfkc(text).strip().lower()


# --- invisible characters ---------------------------------------------------------------------

# Characters that carry nothing a reader sees: variation selectors (they survive NFKC), zero-width
# space/joiners, word joiner, BOM, soft hyphen. Buyers paste them in from phones and web forms.
_INVISIBLE_RANGES = ((0xFE00, 0xFE0F), (0xE0100, 0xE01EF), (0x200B, 0x200D))
_INVISIBLE_SINGLES = (0x2060, 0xFEFF, 0x00AD)
_INVISIBLE: dict[int, None] = {
    **{cp: None for lo, hi in _INVISIBLE_RANGES for cp in range(lo, hi + 1)},
    **dict.fromkeys(_INVISIBLE_SINGLES),
}
_INVISIBLE_RE = re.compile(
    "[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _INVISIBLE_RANGES)
    + "".join(map(chr, _INVISIBLE_SINGLES)) + "]"
)


def drop_invisible(text: str) -> str:
    """`text` without invisible characters (str.translate is slow: only when there are some)."""
    return text.translate(_INVISIBLE) if _INVISIBLE_RE.search(text) else text


# --- dashes ------------------------------------------------------------------------------------

# Every character typed for "-" that NFKC leaves alone (‐ ‑ ‒ – — ― ⁃ − ─ ━ ╴ ➖ ﹘), plus the
# full-width forms NFKC folds (－ ﹣) for callers that do not fold first.
HYPHENS = "\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\u2500\u2501\u2574\u2796\ufe58\ufe63\uff0d"
# Katakana long vowel marks: a hyphen in 1ー2ー3 but a letter in センター.
LONG_VOWELS = "\u30fc\uff70"
# Wave dash and tildes: 14〜16時.
TILDES = "\u301c\uff5e~"
_HYPHEN_RE = re.compile(f"[{HYPHENS}]")
_LONG_VOWEL_BETWEEN_DIGITS_RE = re.compile(f"(?<=\\d)[{LONG_VOWELS}](?=\\d)")


def dash_class(extra: str = "") -> str:
    """A regex character class of HYPHENS plus `extra` characters (e.g. LONG_VOWELS)."""
    return "[" + re.escape(HYPHENS + extra) + "]"


def unify_hyphens(text: str) -> str:
    """Every hyphen form as "-" (long vowel marks kept)."""
    return _HYPHEN_RE.sub("-", text)


def digit_long_vowels_to_hyphens(text: str) -> str:
    """ー between two digits as "-" (０９０ー1234: typed with the IME's long vowel key)."""
    return _LONG_VOWEL_BETWEEN_DIGITS_RE.sub("-", text)


# --- Japan time -------------------------------------------------------------------------------

# Japan has had no daylight saving time since 1951, so within SUPPORTED years a fixed +09:00 is
# exactly Asia/Tokyo and needs no time-zone database.
JST = timezone(timedelta(hours=9), "JST")


def to_japan_time(when: datetime) -> datetime:
    """Naive Japan time: a timestamp with an offset (report: +00:00) is converted; a naive one is
    taken as Japan time already (a file saved by Excel drops offsets)."""
    if when.tzinfo is None:
        return when
    return when.astimezone(JST).replace(tzinfo=None)


def japan_now() -> datetime:
    """The current time in Japan, naive."""
    return datetime.now(JST).replace(tzinfo=None)


# --- supported years --------------------------------------------------------------------------

# One range for every date the add-in reads (report, cells, settings, today) and computes with.
# 1990: Amazon.co.jp opened in 2000, so an earlier date is a typo; and the Japanese holiday data
# (python-holidays `Japan.start_year` = 1949) covers every supported year, so no year gets a
# calendar silently without holidays. 2199: far beyond any order, and keeps calendars small.
MIN_YEAR = 1990
MAX_YEAR = 2199
YEAR_RANGE = f"{MIN_YEAR}〜{MAX_YEAR}年"


def supported_year(d: date | int) -> bool:
    """Whether a date (or a year) is inside MIN_YEAR..MAX_YEAR."""
    year = d if isinstance(d, int) else d.year
    return MIN_YEAR <= year <= MAX_YEAR


# --- dates as the seller reads them -----------------------------------------------------------

WEEKDAYS = "月火水木金土日"  # Monday = 0, as date.weekday()


def weekday(d: date) -> str:
    """月 … 日."""
    return WEEKDAYS[d.weekday()]


def date_long(d: date | None) -> str:
    """2026年11月26日 (letters); None → ""."""
    return "" if d is None else f"{d.year}年{d.month}月{d.day}日"


def date_md(d: date) -> str:
    """11月26日(木) (action texts)."""
    return f"{d.month}月{d.day}日({weekday(d)})"


def date_short(d: date) -> str:
    """11/26(木) (compact tables)."""
    return f"{d.month}/{d.day}({weekday(d)})"


def date_ymd(d: date) -> str:
    """2026/11/26（木） (a heading)."""
    return f"{d:%Y/%m/%d}（{weekday(d)}）"


def decode_japanese(data: bytes) -> str | None:
    """Text of a file from Amazon, a carrier or Excel: UTF-8 (with or without BOM) or Shift_JIS
    (cp932, Windows' Japanese code page); None when it is neither."""
    for enc in ("utf-8-sig", "cp932"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return None
