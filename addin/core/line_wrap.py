"""Wrapping Japanese text for a monospaced font: widths (full-width = 2 columns) and the line
breaking rules (禁則処理) a reader expects."""

from __future__ import annotations

import unicodedata

NO_LINE_START = set("、。，．,.・：；:;？！?!ー）」』】〕〉》］｝)]}’”"
                    "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々〜")
NO_LINE_END = set("（「『【〔〈《［｛([{‘“")


def char_width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in ("F", "W", "A") else 1


def text_width(text: str) -> int:
    return sum(char_width(c) for c in text)


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """Split `text` into lines of at most `width` columns (full-width = 2), keeping Japanese
    line-breaking rules: closing marks and 。、 never start a line (they hang one character over
    the width instead); opening brackets never end one. Latin words are not split when a space
    is near. Continuation lines start with `indent`."""
    if width < 4:
        raise ValueError("width too small")
    lines: list[str] = []
    cur, cur_w = "", 0
    for ch in text:
        w = char_width(ch)
        if cur_w + w > width and cur.strip():
            if ch in NO_LINE_START:
                cur += ch  # hang it
                lines.append(cur)
                cur, cur_w = indent, text_width(indent)
                continue
            keep, carry = _split_point(cur, indent)
            lines.append(keep)
            cur = indent + carry
            cur_w = text_width(cur)
        cur += ch
        cur_w += w
    if cur.strip() or not lines:
        lines.append(cur)
    return [ln.rstrip() for ln in lines]


def _split_point(line: str, indent: str) -> tuple[str, str]:
    """Where to break a full line: not after an opening bracket, not inside a Latin word."""
    body_start = len(indent) if line.startswith(indent) else 0
    cut = len(line)
    while cut - 1 > body_start and line[cut - 1] in NO_LINE_END:
        cut -= 1
    if cut < len(line):
        return line[:cut], line[cut:]
    last = line[-1]
    if last.isascii() and last.isalnum():
        space = line.rfind(" ", body_start + 1)
        if space > 0 and len(line) - space <= 16:
            return line[:space], line[space + 1:]
    return line, ""
