"""The clerk's reading of an address text: normalisation and the spelling key.

Shared by the address check (core/address) and the Japan Post gazetteer (core/postcode, which keys
town and city names exactly as addresses are keyed), below both so neither imports the other.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kanjize import kanji2number

from addin import text as text_

# --- normalisation -------------------------------------------------------------------------

# Dash forms NFKC leaves alone, plus ー, which is a hyphen only between digits (NFKC made ｰ ー).
_DASH_RE = re.compile(text_.dash_class("ー"))
_SPACE_RE = re.compile(r"\s+")

_KANJI_DIGITS = "〇一二三四五六七八九十百千"
_KANJI_RUN_RE = re.compile(f"[{_KANJI_DIGITS}]+")
# A 漢数字 run is a number when a number word follows. 番町/番丁 are town names (一番町),
# and 条/線 before 市町村区通郡 or a Kyoto direction are names (三条市, 二条通, 二条下ル), not
# Hokkaido block numbers.
_NUMBER_WORD_AFTER_RE = re.compile(
    r"丁目|番地|番(?![町丁])|号|地割|[条線](?![市町村区通郡]|[上下][るル]|[東西]入)"
)
# ... or when it continues a number: 3丁目十二の五, 一番地の三.
_NUMBER_BEFORE_RE = re.compile(f"[0-9{_KANJI_DIGITS}](?:(?:丁目|番地|番|号)[-の]?|[-の])$")
_NOT_KANJI_AFTER_RE = re.compile(r"$|[^\u3400-\u9fff々〆ヶ]|番|号")


def _is_katakana(ch: str) -> bool:
    return "\u30a1" <= ch <= "\u30fa"


def _dash(m: re.Match[str]) -> str:
    s, i = m.string, m.start()
    prev = s[i - 1] if i else ""
    nxt = s[i + 1] if i + 1 < len(s) else ""
    if m.group() == "ー":  # long vowel mark: a hyphen only between digits (商工センター survives)
        return "-" if prev.isdigit() and nxt.isdigit() else "ー"
    if _is_katakana(prev) and not nxt.isdigit():  # センタ― typed with a dash: a long vowel
        return "ー"
    return "-"


@lru_cache(maxsize=4096)
def _kanji_value(run: str) -> str:
    try:
        return str(kanji2number(run))
    except Exception:  # kanjize rejects odd runs such as 十十: leave them as written
        return run


def _kanji_number(m: re.Match[str]) -> str:
    s, start, end = m.string, m.start(), m.end()
    if _NUMBER_WORD_AFTER_RE.match(s, end):
        return _kanji_value(m.group())
    if _NUMBER_BEFORE_RE.search(s[max(0, start - 4) : start]) and _NOT_KANJI_AFTER_RE.match(s, end):
        return _kanji_value(m.group())
    return m.group()


def normalize(text: str) -> str:
    """Clerk's reading of an address: NFKC, one dash, one space, 漢数字 numbers as digits.

    The result is also the display form (CLI output). It keeps building names and 町名 as
    written except for widths, dashes and the numbers of 丁目/番/号/条/線.
    """
    if not text:
        return ""
    s = text_.nfkc(text_.drop_invisible(text))
    if _DASH_RE.search(s):
        s = _DASH_RE.sub(_dash, s)
    s = _SPACE_RE.sub(" ", s).strip()
    if _KANJI_RUN_RE.search(s):
        s = _KANJI_RUN_RE.sub(_kanji_number, s)
    return s


# Length-preserving spelling key for gazetteer matching: ケ/ヶ/が and ノ/の/之 between kanji are
# one sound written many ways (霞ヶ関 / 霞が関, 虎ノ門 / 虎の門); old forms of common kanji.
_KEY_TABLE = str.maketrans({"ヶ": "ケ", "ヵ": "ケ", "﨑": "崎", "髙": "高", "邊": "辺", "邉": "辺",
                            "濵": "浜", "德": "徳", "舘": "館", "嶋": "島", "冨": "富"})
_KEY_CHARS_RE = re.compile("[" + "".join(chr(c) for c in _KEY_TABLE) + "]")
_KEY_BETWEEN_RE = re.compile(r"(?<=[\u3400-\u9fff])[がノ之](?=[\u3400-\u9fff])")
_KEY_BETWEEN = {"が": "ケ", "ノ": "の", "之": "の"}


def match_key(normalized: str) -> str:
    """Spelling key of a normalised string; same length, so offsets carry over."""
    s = normalized.translate(_KEY_TABLE) if _KEY_CHARS_RE.search(normalized) else normalized
    if _KEY_BETWEEN_RE.search(s):
        s = _KEY_BETWEEN_RE.sub(lambda m: _KEY_BETWEEN[m.group()], s)
    return s
