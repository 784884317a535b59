"""`addin upgrade-workbook`: a workbook of an earlier release (tests/data/workbooks) carried into the
current template without losing an order row, a seller cell, a setting or an edited 文面 text."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from addin import __version__, layout
from addin.cli import main
from addin.core.letters import default_template_rows
from addin.core.releases import RELEASE_TEMPLATES
from addin.ops.triage import triage_book
from addin.versions import MARKER, upgrade_message, workbook_notes, workbook_version
from addin.xlsx.book import XlsxBook
from addin.xlsx.workbook import TEMPLATE_NAME, template_resource

DATA = Path(__file__).parent / "data" / "workbooks"
RELEASES = sorted(DATA.glob("release-*.xlsm"))
TODAY = "2026-11-26"


def _table(path: Path) -> tuple[list[str], list[tuple[object, ...]]]:
    ws = openpyxl.load_workbook(path)[layout.ORDERS]
    block = [list(r) for r in ws.iter_rows(values_only=True)]
    i = layout.find_header_row(block)
    assert i is not None
    header = [str(v).strip() if v is not None else "" for v in block[i]]
    return header, [tuple(r) for r in block[i + 1:] if any(v not in (None, "") for v in r)]


def _records(path: Path) -> dict[tuple[object, object], dict[str, object]]:
    header, rows = _table(path)
    out = {}
    for r in rows:
        rec = {h: v for h, v in zip(header, r, strict=False) if h}
        out[(rec["注文番号"], rec["注文商品ID"])] = rec
    return out


def _labelled(path: Path, sheet: str) -> dict[str, object]:
    ws = openpyxl.load_workbook(path)[sheet]
    return {str(r[0]).strip(): r[1] for r in ws.iter_rows(min_row=2, values_only=True) if r and r[0]}


def _upgrade(*args: str) -> int:
    return main(["upgrade-workbook", *args, "--today", TODAY])


@pytest.fixture
def old_book(tmp_path: Path) -> Path:
    path = tmp_path / "注文.xlsm"
    shutil.copyfile(DATA / "release-0.1.0.xlsm", path)
    return path


def test_one_fixture_per_release_and_each_release_has_its_default_wording() -> None:
    versions = [p.stem.removeprefix("release-") for p in RELEASES]
    assert "0.1.0" in versions
    assert set(versions) <= set(RELEASE_TEMPLATES)


@pytest.mark.parametrize("fixture", RELEASES, ids=lambda p: p.stem)
def test_upgrade_loses_nothing(fixture: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = tmp_path / fixture.name
    shutil.copyfile(fixture, old)
    new = tmp_path / "新.xlsm"
    assert _upgrade(str(old), "-o", str(new)) == 0
    out = capsys.readouterr().out
    assert old.read_bytes() == fixture.read_bytes()  # -o: the old book is only read

    # Exactly the sheets of a new workbook, and the marker of this release.
    wb = openpyxl.load_workbook(new, keep_vba=True)
    template = openpyxl.load_workbook(template_resource().open("rb"), keep_vba=True)
    assert wb.sheetnames == template.sheetnames, TEMPLATE_NAME
    assert workbook_version(new) == __version__
    assert wb.vba_archive is not None

    # Every order row, every report and seller cell (computed ones are recomputed).
    before, after = _records(old), _records(new)
    assert before.keys() == after.keys()
    carried = [c.header for c in layout.ORDER_COLUMNS if c.owner is not layout.Owner.COMPUTED]
    for key, rec in before.items():
        for h in carried:
            if h in rec:
                assert after[key][h] == rec[h], (key, h)
    # Columns the seller added keep their header and cells, after all of ours.
    old_header, _ = _table(old)
    new_header, _ = _table(new)
    own = [h for h in old_header if h and h not in layout.COLUMNS_BY_HEADER]
    assert new_header[-len(own):] == own if own else True
    assert max(new_header.index(c.header) for c in layout.ORDER_COLUMNS) < len(new_header) - len(own)
    for key, rec in before.items():
        for h in own:
            assert after[key][h] == rec[h]
    for h in own:
        assert f"「{h}」" in out

    # Every setting by label.
    old_settings, new_settings = _labelled(old, layout.SETTINGS), _labelled(new, layout.SETTINGS)
    for label, value in old_settings.items():
        assert new_settings[label] == value, label

    # Edited 文面 texts carried; untouched ones are this release's defaults; no row missing.
    version = workbook_version(old)
    defaults = dict(RELEASE_TEMPLATES[version])
    old_texts, new_texts = _labelled(old, layout.TEMPLATES), _labelled(new, layout.TEMPLATES)
    current = dict(default_template_rows())
    assert set(new_texts) == set(current)
    edited = [k for k, t in old_texts.items() if defaults.get(k) != t]
    assert edited  # the fixture has an edited row (README.md)
    for key, text in old_texts.items():
        assert new_texts[key] == (text if key in edited else current[key]), key

    # Triages cleanly: every computed column is there, nothing is reported missing.
    run = triage_book(XlsxBook.open(new), date.fromisoformat(TODAY))
    assert len(run.orders) == len(before)
    assert not any("見つからない" in line for line in run.lines())


def test_extra_column_value_and_fixture_facts(old_book: Path, tmp_path: Path) -> None:
    new = tmp_path / "新.xlsm"
    assert _upgrade(str(old_book), "-o", str(new)) == 0
    header, rows = _table(new)
    assert header[-1] == "仕入れ先"
    first = dict(zip(header, rows[0], strict=False))
    assert first["仕入れ先"] == "ブックオフ"
    assert _labelled(new, layout.SETTINGS)["発送までの営業日数"] == 3
    assert _labelled(new, layout.TEMPLATES)["表題"] == "商品発送のお知らせ（みどり堂）"


def test_unknown_setting_is_kept_and_listed(old_book: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    wb = openpyxl.load_workbook(old_book, keep_vba=True)
    ws = wb[layout.SETTINGS]
    ws.append(["梱包資材の発注先", "アスクル", "自分用のメモ"])
    wb.save(old_book)
    new = tmp_path / "新.xlsm"
    assert _upgrade(str(old_book), "-o", str(new)) == 0
    out = capsys.readouterr().out
    assert "「梱包資材の発注先」" in out
    ws = openpyxl.load_workbook(new)[layout.SETTINGS]
    rows = [r for r in ws.iter_rows(values_only=True) if r and r[0] == "梱包資材の発注先"]
    assert rows == [("梱包資材の発注先", "アスクル", "自分用のメモ")]


def test_in_place_keeps_a_backup_then_an_up_to_date_book_is_not_touched(
        old_book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    original = old_book.read_bytes()
    assert _upgrade(str(old_book)) == 0
    out = capsys.readouterr().out
    backups = list((old_book.parent / ".addin-backup").glob("注文.*.xlsm"))
    assert len(backups) == 1 and backups[0].read_bytes() == original
    assert str(backups[0]) in out
    assert workbook_version(old_book) == __version__

    data, stat = old_book.read_bytes(), old_book.stat()
    assert _upgrade(str(old_book)) == 0
    assert "変更していません" in capsys.readouterr().out
    assert old_book.read_bytes() == data
    assert old_book.stat().st_mtime_ns == stat.st_mtime_ns
    assert len(list((old_book.parent / ".addin-backup").glob("注文.*.xlsm"))) == 1


def test_locked_workbook_is_refused_and_unchanged(old_book: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    original = old_book.read_bytes()
    (old_book.parent / f"~${old_book.name}").write_bytes(b"owner")  # Excel's lock file
    assert _upgrade(str(old_book)) == 1
    assert "開かれています" in capsys.readouterr().err
    assert old_book.read_bytes() == original
    assert not (old_book.parent / ".addin-backup").exists()
    assert _upgrade(str(old_book), "-o", str(tmp_path / "新.xlsm")) == 1
    assert not (tmp_path / "新.xlsm").exists()


def test_marker_survives_openpyxl_saves(tmp_path: Path) -> None:
    path = tmp_path / "注文.xlsm"
    assert main(["new-workbook", str(path)]) == 0
    assert workbook_version(path) == __version__
    book = XlsxBook.open(path)
    triage_book(book, date.fromisoformat(TODAY))
    book.save()
    wb = openpyxl.load_workbook(path, keep_vba=True)
    assert wb.custom_doc_props[MARKER].value == __version__
    assert workbook_notes(path) == [] or all("xlwings" in n for n in workbook_notes(path))


def test_messages_say_which_way_to_update(old_book: Path) -> None:
    assert upgrade_message(__version__, "注文.xlsm") is None
    older = upgrade_message("0.1.0", "注文.xlsm", installed="0.2.0")
    assert older and "upgrade-workbook" in older
    newer = upgrade_message("0.3.0", "注文.xlsm", installed="0.2.0")
    assert newer and "ツールを更新" in newer
    notes = workbook_notes(old_book)
    assert notes and "upgrade-workbook" in notes[0] and "0.1.0" in notes[0]


def test_doctor_and_commands_say_when_the_workbook_needs_an_upgrade(
        old_book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from addin.doctor import diagnose

    checks = diagnose(workbook=old_book)
    release = [c for c in checks if "版 0.1.0" in c.line]
    assert len(release) == 1 and not release[0].ok and release[0].required
    assert "upgrade-workbook" in release[0].line

    main(["metrics", str(old_book), "--today", TODAY])
    err = capsys.readouterr().err
    assert "注意:" in err and "upgrade-workbook" in err and "0.1.0" in err

    fresh = tmp_path / "新.xlsm"
    assert main(["new-workbook", str(fresh)]) == 0
    assert [c.ok for c in diagnose(workbook=fresh) if "の形:" in c.line] == [True]
    capsys.readouterr()
    assert main(["metrics", str(fresh), "--today", TODAY]) == 0
    assert "upgrade-workbook" not in capsys.readouterr().err


def test_buttons_put_the_upgrade_hint_first(old_book: Path) -> None:
    from types import SimpleNamespace

    from addin.excel.session import version_notes

    assert version_notes(SimpleNamespace(fullname=str(old_book)))[0].startswith("このブック「注文.xlsm」は版 0.1.0")
    assert version_notes(SimpleNamespace(fullname="https://d.docs.live.net/x/注文.xlsm")) == []
    assert version_notes(SimpleNamespace(fullname="注文.xlsm")) == []  # never saved


def test_letters_fill_the_rows_a_later_release_added_and_say_so(
        old_book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["letters", str(old_book), "--today", TODAY]) == 0
    out = capsys.readouterr().out
    assert "初期の文面で下に加えました" in out and "手紙を" in out
    texts = _labelled(old_book, layout.TEMPLATES)
    assert set(texts) == {k for k, _ in default_template_rows()}
    assert texts["表題"] == "商品発送のお知らせ（みどり堂）"  # the seller's row untouched
    assert main(["letters", str(old_book), "--today", TODAY]) == 0
    assert "初期の文面で下に加えました" not in capsys.readouterr().out  # said once
