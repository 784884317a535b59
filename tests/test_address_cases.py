"""The address test set (tests/data/addresses.tsv): real postcodes with their real towns from
Japan Post data, written in the shapes buyers type, each with the findings a clerk would give.

Also the helpers the benchmark (benchmarks/bench_address.py) measures with: the set itself,
the same addresses with their 番地 removed, and a wrong postcode from another town.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pytest

from addin.core.checks import _findings
from addin.core.codes import Finding
from addin.core.postcode import gazetteer

DATA = Path(__file__).parent / "data" / "addresses.tsv"


@dataclass(frozen=True)
class Case:
    id: str
    category: str
    postcode: str
    prefecture: str
    lines: tuple[str, ...]
    expected: frozenset[str]
    note: str

    @property
    def has_number(self) -> bool:
        return not self.expected & {"ADDRESS_NO_NUMBER", "ADDRESS_EMPTY"}

    @property
    def postcode_correct(self) -> bool:
        return not any(x.startswith("POSTCODE_") for x in self.expected)


@lru_cache(maxsize=1)
def load_cases() -> tuple[Case, ...]:
    with DATA.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return tuple(
        Case(r["id"], r["category"], r["postcode"], r["prefecture"],
             (r["address1"], r["address2"], r["address3"]),
             frozenset(x for x in r["expected"].split(",") if x), r["note"])
        for r in rows
    )


def codes_of(postcode: str, prefecture: str, lines: tuple[str, ...]) -> set[str]:
    return {f.value for f, _ in _findings(postcode, prefecture, lines, None, "", ())[2]}


# The 番地 as buyers write it: digits of either width, 漢数字 before 丁目/番/号 (not 一番町),
# the words that go with them, the separators between them, and 無番地.
_KNUM = "[〇一二三四五六七八九十百千]+"
_UNIT_END = r"(?:丁目|番地|番|号室|号|階|[FＦ])?(?:の|[-－ー‐−―‑])?"
_NUMBER_EXPR_RE = re.compile(
    rf"無番地|(?:[0-9０-９]+|{_KNUM}(?=丁目|番地|番(?![町丁])|号)){_UNIT_END}"
    # continued: 十二番地一, 3丁目十二の五 (a 漢数字 not followed by another kanji)
    rf"(?:(?:[0-9０-９]+|{_KNUM}(?=丁目|番|号|の|$|[^\u3400-\u9fff])){_UNIT_END})*"
)


def remove_numbers(lines: tuple[str, ...]) -> tuple[str, ...]:
    """The same address with every number expression removed (the 番地 is gone)."""
    return tuple(_NUMBER_EXPR_RE.sub("", x) for x in lines)


@lru_cache(maxsize=1)
def _ordinary_codes() -> dict[str, tuple]:
    return dict(gazetteer().all_codes())


@lru_cache(maxsize=1)
def _codes_by_city() -> dict[tuple[str, str], tuple[tuple[str, frozenset[str]], ...]]:
    by_city: dict[tuple[str, str], dict[str, set[str]]] = {}
    for code, places in _ordinary_codes().items():
        for p in places:
            by_city.setdefault((p.prefecture, p.city), {}).setdefault(code, set()).add(p.town)
    return {k: tuple(sorted((c, frozenset(t)) for c, t in v.items())) for k, v in by_city.items()}


def wrong_postcode(case: Case) -> str | None:
    """A real postcode of another town of the same city (None when the city has no other)."""
    places = _ordinary_codes().get(case.postcode, ())
    if not places:
        return None
    own = {(p.prefecture, p.city, p.town) for p in places}
    first = places[0]
    cands = [c for c, towns in _codes_by_city()[(first.prefecture, first.city)]
             if c != case.postcode and "" not in towns
             and not any((first.prefecture, first.city, t) in own for t in towns)]
    if not cands:
        return None
    return cands[int(case.id) * 7919 % len(cands)]


# --- tests -----------------------------------------------------------------------------------------

CASES = load_cases()


def test_set_is_large_and_covers_the_shapes() -> None:
    assert len(CASES) >= 300
    cats = Counter(c.category for c in CASES)
    for shape in ("line2", "fullwidth", "kanji_chome", "banchi", "building_room", "building_no_room",
                  "rural_oaza", "rural_aza", "kyoto", "hokkaido", "mubanchi", "garbled", "empty",
                  "multi_town", "multi_city", "mismatch", "postcode_invalid", "postcode_unknown"):
        assert cats[shape] >= 1, shape
    assert sum(c.has_number for c in CASES) >= 250
    assert all(set(c.expected) <= {f.value for f in Finding} for c in CASES)


@pytest.mark.parametrize("case", CASES, ids=[f"{c.id}-{c.category}" for c in CASES])
def test_case(case: Case) -> None:
    assert codes_of(case.postcode, case.prefecture, case.lines) == set(case.expected), case.note


def test_number_removed_is_flagged() -> None:
    missed = []
    cases = [c for c in CASES if c.has_number]
    for c in cases:
        stripped = remove_numbers(c.lines)
        if "ADDRESS_NO_NUMBER" not in codes_of(c.postcode, c.prefecture, stripped) and \
                "ADDRESS_EMPTY" not in codes_of(c.postcode, c.prefecture, stripped):
            missed.append((c.id, stripped))
    assert len(missed) <= len(cases) * 0.01, missed


def test_remove_numbers_keeps_town_names() -> None:
    assert remove_numbers(("千代田区一番町5-3 メゾン一番町 201",)) == ("千代田区一番町 メゾン一番町 ",)
    assert remove_numbers(("札幌市中央区北一条西二丁目１番地",)) == ("札幌市中央区北一条西",)
    assert remove_numbers(("雫石町板橋無番地",)) == ("雫石町板橋",)
    assert remove_numbers(("南三条西四丁目十二番地一",)) == ("南三条西",)
    assert remove_numbers(("丸の内1丁目三井ビル",)) == ("丸の内三井ビル",)


def test_wrong_postcode_from_another_town_is_caught() -> None:
    tried, missed = 0, []
    for c in CASES:
        if not (c.postcode_correct and c.has_number) or "ADDRESS_GARBLED" in c.expected:
            continue
        wrong = wrong_postcode(c)
        if wrong is None:
            continue
        tried += 1
        if "POSTCODE_MISMATCH" not in codes_of(wrong, c.prefecture, c.lines):
            missed.append((c.id, wrong))
    assert tried >= 250
    assert len(missed) <= tried * 0.03, missed
