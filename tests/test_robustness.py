"""Issue 9 robustness: everything a seller controls, wrong in every way we can think of, ends in a
Japanese message that says where — or in a NEEDS_INPUT row — and never in a traceback or a
half-written workbook."""

from __future__ import annotations

import re
import subprocess
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from helpers import run_addin
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from addin import layout
from addin.core.letters import default_template_rows
from addin.core.settings import ITEMS, default_rows, read_settings
from addin.errors import AddinError
from addin.ops.letters import make_letters
from addin.ops.triage import triage_book
from addin.xlsx.book import XlsxBook
from addin.xlsx.workbook import new_workbook

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "未出荷の注文レポート_サンプル.txt"
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
TODAY = "2026-11-26"

# Values a seller (or Excel) can put into any cell.
cell_values = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.sampled_from(["abc", "２", "-1", "12:00", "はい", "いいえ", "=1+1", "#N/A", "月火", "12/29-1/3",
                     "2026/13/40", "  ", "１４時", "0.5"]),
    st.integers(min_value=-10**6, max_value=10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 1, 1)),
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1)),
)


def cli(*args: object) -> subprocess.CompletedProcess[str]:
    return run_addin(*args, cwd=ROOT)


def assert_clean_error(r: subprocess.CompletedProcess[str], *must_name: str) -> None:
    assert r.returncode == 1, r.stderr
    err = r.stderr.strip()
    assert "Traceback" not in err and len(err.splitlines()) == 1, err
    assert JAPANESE.search(err), err
    for name in must_name:
        assert name in err, (name, err)


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("robust") / "注文.xlsm"
    new_workbook(path)
    assert cli("import-report", SAMPLE, path).returncode == 0
    return path


def copy_of(src: Path, tmp_path: Path) -> Path:
    dst = tmp_path / "注文.xlsm"
    dst.write_bytes(src.read_bytes())
    return dst


# ---- 設定 -------------------------------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([i.label for i in ITEMS] + ["", "謎の項目"]), cell_values), max_size=8))
def test_settings_fuzz_only_user_errors(edits: list[tuple[str, object]]) -> None:
    block = [list(r) for r in default_rows()]
    for label, value in edits:
        block.append([label, value])
    try:
        read_settings(block)
    except AddinError as e:
        assert "設定" in e.message and re.search(r"セル[A-Z]+\d+", e.message), e.message


# ---- seller columns with wrong types --------------------------------------------------------

def test_wrong_types_in_seller_columns(imported: Path, tmp_path: Path) -> None:
    path = copy_of(imported, tmp_path)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    ws = wb[layout.ORDERS]
    head = {c.value: c.column for c in ws[layout.ORDERS_HEADER_ROW] if c.value}
    first = layout.ORDERS_HEADER_ROW + 1
    ws.cell(first, head["発送日"]).value = "きのう"  # text in a date column
    ws.cell(first + 1, head["連絡日"]).value = 46351  # an Excel serial number (2026-11-24)
    ws.cell(first + 2, head["在庫"]).value = datetime(2026, 1, 1)  # a date in a choice column
    ws.cell(first + 3, head["連絡結果"]).value = "　送信エラー　"  # full-width spaces around
    ws.cell(first + 4, head["数量"]).value = "たくさん"
    wb.save(path)
    r = cli("triage", path, "--today", TODAY, "--json")
    assert r.returncode == 0, r.stderr
    import json

    rows = json.loads(r.stdout)
    assert rows[0]["status"] == "NEEDS_INPUT"
    assert rows[2]["status"] == "NEEDS_INPUT"
    assert rows[4]["status"] == "NEEDS_INPUT"
    assert rows[1]["status"] != "NEEDS_INPUT"  # the serial number is a date
    assert rows[3]["status"] != "NEEDS_INPUT"  # spaces are accepted
    assert cli("triage", path, "--today", TODAY).returncode == 0
    ws = openpyxl.load_workbook(path, keep_vba=True)[layout.ORDERS]
    reason = ws.cell(first, head["理由"]).value
    col = openpyxl.utils.get_column_letter(head["発送日"])
    assert "発送日" in reason and f"{col}{first}" in reason


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from([c.header for c in layout.SELLER_COLUMNS]),
                          st.integers(0, 20), cell_values), min_size=1, max_size=12))
def test_seller_column_fuzz_triage_never_crashes(imported: Path, edits) -> None:
    book = XlsxBook.open(imported)  # in memory only: never saved
    block = book.read_block(layout.ORDERS)
    head = layout.find_header_row(block)
    pos = layout.header_positions(block[head])
    for header, row, value in edits:
        book.write_block(layout.ORDERS, head + 2 + row, pos[header] + 1, [[value]], [None])
    run = triage_book(book, date(2026, 11, 26))
    assert len(run.results) >= 21


def test_merged_cells_blank_headers_extra_sheets_and_inserted_columns(imported: Path, tmp_path: Path) -> None:
    path = copy_of(imported, tmp_path)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    ws = wb[layout.ORDERS]
    ws.insert_cols(3)  # a column of the seller's own, without a header
    wb.create_sheet("自分のメモ")
    wb.create_sheet("注文 (2)")
    wb.save(path)
    assert cli("triage", path, "--today", TODAY).returncode == 0

    wb = openpyxl.load_workbook(path, keep_vba=True)
    wb[layout.ORDERS].merge_cells("E6:F7")  # across computed columns (期限, 残り営業日)
    wb.save(path)
    before = path.read_bytes()
    r = cli("triage", path, "--today", TODAY)
    assert_clean_error(r, "結合", "E6:F7")
    assert path.read_bytes() == before


def test_deleted_columns(imported: Path, tmp_path: Path) -> None:
    path = copy_of(imported, tmp_path)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    ws = wb[layout.ORDERS]
    head = {c.value: c.column for c in ws[layout.ORDERS_HEADER_ROW] if c.value}
    ws.delete_cols(head["ステータス"])
    ws.delete_cols(head["在庫"])
    wb.save(path)
    r = cli("triage", path, "--today", TODAY)
    assert r.returncode == 0 and "ステータス" in r.stdout  # said, not silently skipped

    wb = openpyxl.load_workbook(path, keep_vba=True)
    wb[layout.ORDERS].delete_cols(1)  # 注文番号 gone: the table cannot be found
    wb.save(path)
    assert_clean_error(cli("triage", path, "--today", TODAY), "注文番号", "注文")


# ---- letter templates ---------------------------------------------------------------------------

@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 20), st.one_of(
    st.text(max_size=30),
    st.sampled_from(["{宛名}", "{お客様名}", "{", "}", "{{}}", "https://x.example", "★5をお願いします",
                     "クーポン", "{ショップ名}", "", None, 12, "＝1+1"]),
)), min_size=1, max_size=6))
def test_letter_template_fuzz(imported: Path, edits) -> None:
    book = XlsxBook.open(imported)  # in memory only
    triage_book(book, date(2026, 11, 26))
    block = book.read_block(layout.ORDERS)
    head = layout.find_header_row(block)
    pos = layout.header_positions(block[head])
    book.write_block(layout.ORDERS, head + 2, pos["手紙"] + 1, [["返信なし・状態相違"]] * 3, [None])
    rows = [list(r) for r in default_template_rows()]
    for i, text in edits:
        if i < len(rows):
            rows[i][1] = text
    book.replace_sheet(layout.TEMPLATES, [["区分", "文面"], *rows], [None, None])
    try:
        result = make_letters(book, date(2026, 11, 26))
    except AddinError as e:
        assert JAPANESE.search(e.message) and "文面" in e.message, e.message
    else:
        assert all(JAPANESE.search(line) for line in result.lines())


# ---- every error: Japanese, names the place, no traceback ---------------------------------------

def test_error_messages(tmp_path: Path, imported: Path) -> None:
    wb = copy_of(imported, tmp_path)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    assert_clean_error(cli("import-report", bad, wb), "bad.txt")
    fba = tmp_path / "fba.txt"  # the FBA shipments report picked by mistake
    fba.write_text("amazon-order-id\tmerchant-order-id\tshipment-id\tshipment-item-id\tamazon-order-item-id\t"
                   "purchase-date\tfulfillment-channel\n249-1\t\tD1\tD2\t1\t2017-06-05T06:57:28+09:00\tAFN\n")
    assert_clean_error(cli("import-report", fba, wb), "fba.txt")
    assert_clean_error(cli("triage", tmp_path / "nai.xlsm"), "nai.xlsm")
    (tmp_path / "x.xlsm").write_text("not a zip")
    assert_clean_error(cli("triage", tmp_path / "x.xlsm"), "x.xlsm")
    book = openpyxl.load_workbook(wb, keep_vba=True)
    book[layout.SETTINGS]["B4"] = "abc"
    book.save(wb)
    assert_clean_error(cli("triage", wb), "設定", "B4")
    book[layout.SETTINGS]["B4"] = 2
    book.save(wb)
    (tmp_path / "~$注文.xlsm").write_text("lock")
    assert_clean_error(cli("triage", wb, "--today", TODAY), "開かれています")
