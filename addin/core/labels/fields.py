"""Carrier file layouts as data, and the text rules every layout shares (issue 20).

A layout is a table of columns (name, width limit, required, character class); the per-carrier
modules (clickpost, b2cloud, ehiden3) hold only such tables and cite where each comes from. How
an order becomes a row lives in `rules`; this module only measures, escapes, writes and reads.

Width is counted the way the carriers count it: 全角 = 2, 半角 = 1, which for Shift_JIS text is its
byte length in cp932 (half-width katakana are one byte). "全角16文字" is a limit of 32.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

from addin import text as text_
from addin.errors import DomainError

ENCODING = "cp932"
NEWLINE = "\r\n"


class Chars(str, Enum):
    TEXT = "text"  # 全角/半角 mixed
    ZEN = "zen"  # 全角 only: half-width input is converted (the carrier would do it and double the width)
    DIGITS = "digits"  # 半角数字
    PHONE = "phone"  # 半角数字 and hyphens
    ALNUM = "alnum"  # 半角英数字


@dataclass(frozen=True)
class Field:
    name: str
    width: int  # display width limit (全角 2, 半角 1); 0 = not written by us, no limit checked
    required: bool = False
    chars: Chars = Chars.TEXT


@dataclass(frozen=True)
class Layout:
    key: str  # FORMAT on the command line
    title: str  # what the seller sees
    fields: tuple[Field, ...]
    header: bool  # the file starts with a header row of the field names
    max_rows: int | None = None  # data rows per file; more are split into numbered files
    source: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def index(self, name: str) -> int:
        return self.names.index(name)


def char_width(ch: str) -> int:
    try:
        return len(ch.encode(ENCODING))
    except UnicodeEncodeError:
        return 2


def width(text: str) -> int:
    return sum(char_width(c) for c in text)


def cut(text: str, limit: int) -> str:
    """The longest prefix of `text` that fits `limit` (for fields where a cut is harmless)."""
    out, used = [], 0
    for ch in text:
        w = char_width(ch)
        if used + w > limit:
            break
        out.append(ch)
        used += w
    return "".join(out)


def unencodable(text: str) -> str:
    """The characters of `text` that Shift_JIS (cp932) cannot carry, in order, without repeats."""
    bad: list[str] = []
    for ch in text:
        try:
            ch.encode(ENCODING)
        except UnicodeEncodeError:
            if ch not in bad:
                bad.append(ch)
    return "".join(bad)


_HALF_KANA = re.compile(r"[\uff61-\uff9f]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def to_zenkaku(text: str) -> str:
    """ASCII → full-width, half-width katakana → full-width (NFKC joins the voiced marks)."""
    text = _HALF_KANA.sub(lambda m: text_.nfkc(m[0]), text)
    return "".join("\u3000" if c == " " else chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


# A cell a spreadsheet would run as a formula: = + - @ and their full-width forms (COMMON.md).
FORMULA_START = tuple("=+-@＝＋－＠")


def clean_text(text: str) -> str:
    """Buyer text made safe for a carrier CSV: no control characters or line breaks; commas and
    double quotes as their full-width forms (e飛伝III reads files without quoting: a comma would
    shift every later column); a leading formula character behind a full-width space, which
    every 全角 field accepts and which no spreadsheet reads as a formula."""
    text = _CONTROL.sub(" ", text).replace(",", "，").replace('"', "”").strip()
    if text.startswith(FORMULA_START):
        text = "\u3000" + text
    return text


def render(fld: Field, value: str) -> str:
    """The value as it goes into the file for this field's character class."""
    if not value:
        return ""
    if fld.chars is Chars.ZEN:
        return clean_text(to_zenkaku(value))
    if fld.chars is Chars.TEXT:
        return clean_text(value)
    return value


_SHAPES = {Chars.DIGITS: (r"[0-9]+", "数字"), Chars.PHONE: (r"[0-9][0-9\-]*", "数字とハイフン"),
           Chars.ALNUM: (r"[0-9A-Za-z]+", "英数字")}


def field_problem(fld: Field, value: str) -> str | None:
    """Why `value` (already rendered) cannot go into `fld`, in Japanese; None when it can."""
    if not value:
        return f"「{fld.name}」が空欄です" if fld.required else None
    bad = unencodable(value)
    if bad:
        return f"「{fld.name}」に送り状ファイル（Shift_JIS）で使えない文字「{bad}」があります"
    shape = _SHAPES.get(fld.chars)
    if shape and not re.fullmatch(shape[0], value):
        return f"「{fld.name}」は半角の{shape[1]}だけです（「{value}」）"
    if fld.chars is Chars.ZEN and any(char_width(c) != 2 for c in value):
        return f"「{fld.name}」は全角だけです（「{value}」）"
    if fld.width and width(value) > fld.width:
        return f"「{fld.name}」が長すぎます（全角{fld.width // 2}文字・半角{fld.width}文字まで、「{value}」）"
    return None


def file_bytes(layout: Layout, rows: Sequence[Sequence[str]]) -> bytes:
    """Comma-separated, cp932, CRLF. Values are cleaned first, so no cell needs quoting."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator=NEWLINE, quoting=csv.QUOTE_MINIMAL)
    if layout.header:
        writer.writerow(layout.names)
    for row in rows:
        assert len(row) == len(layout.fields), (layout.key, len(row))
        writer.writerow(row)
    return buf.getvalue().encode(ENCODING)


class FileReadError(DomainError):
    """A carrier or Amazon file that cannot be read (encoding, header, column count)."""


def decode(data: bytes) -> str:
    """Text of a carrier or Amazon file: UTF-8 (with or without BOM) or Shift_JIS (cp932)."""
    text = text_.decode_japanese(data)
    if text is None:
        raise FileReadError("文字コードが読めません（Shift_JIS か UTF-8 のテキストではありません）")
    return text


def read_rows(data: bytes, delimiter: str = ",") -> list[list[str]]:
    return [list(r) for r in csv.reader(io.StringIO(decode(data), newline=""), delimiter=delimiter)]


def read_back(layout: Layout, data: bytes) -> list[tuple[str, ...]]:
    """A file we wrote, read with the layout table: one tuple per record, aligned with
    `layout.fields` (B2's layout repeats the name 予備, so records are not dicts)."""
    rows = [r for r in read_rows(data) if any(c.strip() for c in r)]
    if layout.header:
        if tuple(rows[0]) != layout.names:
            raise FileReadError(f"{layout.title}: 見出し行がレイアウトと違います")
        rows = rows[1:]
    out = []
    for r in rows:
        if len(r) != len(layout.fields):
            raise FileReadError(f"{layout.title}: 列の数が{len(r)}です（{len(layout.fields)}列のはず）")
        out.append(tuple(r))
    return out


def problems_in(layout: Layout, records: Iterable[Sequence[str]]) -> list[str]:
    """Every field of every record checked against the layout (a file read back)."""
    out = []
    for n, rec in enumerate(records, 1):
        for fld, value in zip(layout.fields, rec, strict=True):
            p = field_problem(fld, value)
            if p:
                out.append(f"{n}件目: {p}")
    return out
