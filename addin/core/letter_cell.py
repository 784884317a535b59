"""The 手紙 column of 注文: which letter parts a cell names, and the cell text once a letter is made
("返信なし・状態相違 (p.3)")."""

from __future__ import annotations

import re

from addin import text as text_
from addin.core.codes import LetterPart
from addin.core.letter_compose import PART_ORDER, Letter
from addin.core.wording import KEY_PARTS

_PAGE_SUFFIX = re.compile(r"\s*[（(]\s*p\.?\s*\d+\s*[)）]\s*$", re.IGNORECASE)


def letter_cell(letter: Letter, page: int) -> str:
    """Text of an order's 手紙 cell after the letter was made."""
    return f"{letter.kind_label} (p.{page})"


def has_page(value: object) -> bool:
    """Whether a 手紙 cell says its letter is on the 手紙 sheet ("… (p.N)")."""
    return value is not None and bool(_PAGE_SUFFIX.search(text_.nfkc(str(value))))


def parse_letter_cell(value: object) -> tuple[LetterPart, ...]:
    """Letter parts named in a 手紙 cell: labels (返信なし・状態相違, with or without a page
    suffix) or codes (NO_REPLY+CONDITION). Unknown words are ignored; blank -> ()."""
    if value is None:
        return ()
    text = _PAGE_SUFFIX.sub("", text_.nfkc(str(value))).strip()
    found: set[LetterPart] = set()
    for word in re.split(r"[・+,、/\s]+", text):
        if word in KEY_PARTS:
            found.add(KEY_PARTS[word])
        elif word.upper() in LetterPart.__members__:
            found.add(LetterPart[word.upper()])
    return tuple(p for p in PART_ORDER if p in found)
