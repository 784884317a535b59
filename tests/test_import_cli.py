"""`addin import-report` end to end on a copy of the template: output, exit codes, untouched files."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from helpers import ORDER_COLUMNS, UNSHIPPED_COLUMNS, run_main
from test_report import REFERENCE, SAMPLE_SJIS, SAMPLE_UTF8, report, row

from addin import layout
from addin.core.orders import read_orders
from addin.xlsx.book import XlsxBook
from addin.xlsx.workbook import new_workbook

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return new_workbook(tmp_path / "注文.xlsm")


def cli(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    return run_main(capsys, "import-report", *args)


def orders_block(path: Path) -> list[list[object]]:
    return XlsxBook.open(path).read_block(layout.ORDERS)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def test_sample_report_lands_in_the_sheet(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, SAMPLE_UTF8, book)
    assert code == 0 and err == ""
    assert "21 件追加、0 件更新、0 件変更なし" in out.splitlines()
    table = read_orders(orders_block(book))
    assert len(table.orders) == 21
    assert all(not o.problems for o in table.orders)
    sapporo = next(o for o in table.orders if o.postcode == "060-0001")  # leading zero kept
    assert sapporo.ship_by == date(2026, 11, 25)
    assert sapporo.address1.startswith("札幌市中央区")
    assert any(o.is_business for o in table.orders)
    assert all(isinstance(o.purchased_at, datetime) for o in table.orders)
    ws = openpyxl.load_workbook(book)[layout.ORDERS]
    first = layout.ORDERS_HEADER_ROW + 1
    header = {c.value: c.column for c in ws[layout.ORDERS_HEADER_ROW]}
    for h in ("注文番号", "注文商品ID", "郵便番号"):  # ids are text cells, never numbers
        assert ws.cell(first, header[h]).data_type == "s"
    assert ws.cell(first, header["出荷期限"]).is_date


def test_cp932_sample_after_utf8_changes_nothing(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cli(capsys, SAMPLE_UTF8, book)
    before = orders_block(book)
    code, out, _ = cli(capsys, SAMPLE_SJIS, book)
    assert code == 0
    assert "0 件追加、0 件更新、21 件変更なし" in out
    assert "Shift_JIS" in out
    assert orders_block(book) == before


def test_seller_input_survives_a_changed_report(tmp_path: Path, book: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    first = [row(**{"order-item-id": f"{i:014d}"}) for i in range(1, 5)]
    cli(capsys, write(tmp_path, "day1.txt", report(first)), book)
    wb = openpyxl.load_workbook(book, keep_vba=True)
    ws = wb[layout.ORDERS]
    header = {c.value: c.column for c in ws[layout.ORDERS_HEADER_ROW]}
    r0 = layout.ORDERS_HEADER_ROW + 1
    typed = {"発送方法": "クリックポスト", "連絡日": datetime(2026, 11, 26), "メモ": "=棚B",
             "追跡番号": "0123",
             "ステータス": "発送"}
    for i in range(4):
        for h, v in typed.items():
            ws.cell(r0 + i, header[h], v)
    wb.save(book)
    seller_before = {(r, h): ws.cell(r, header[h]).value for r in range(r0, r0 + 4) for h in typed}

    second = [row(**{"order-item-id": f"{i:014d}"}) for i in (2, 3, 4, 5)]
    second[0]["ship-address-2"] = "９－９－９"
    code, out, _ = cli(capsys, write(tmp_path, "day2.txt", report(second)), book)
    assert code == 0 and "1 件追加、1 件更新、2 件変更なし" in out
    ws = openpyxl.load_workbook(book, keep_vba=True)[layout.ORDERS]
    assert {(r, h): ws.cell(r, header[h]).value for r in range(r0, r0 + 4) for h in typed} == seller_before
    ids = [ws.cell(r, header["注文商品ID"]).value for r in range(r0, r0 + 5)]
    assert ids == [f"{i:014d}" for i in (1, 2, 3, 4, 5)]  # order 1 left the report but stays
    assert ws.cell(r0 + 1, header["住所2"]).value == "９－９－９"
    assert ws.cell(r0 + 4, header["発送方法"]).value is None


def test_output_option_writes_elsewhere(tmp_path: Path, book: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    original = book.read_bytes()
    out = tmp_path / "結果.xlsm"
    code, _, _ = cli(capsys, SAMPLE_UTF8, book, "-o", out)
    assert code == 0 and book.read_bytes() == original
    assert len(read_orders(orders_block(out)).orders) == 21


def test_several_reports_at_once_later_file_wins(tmp_path: Path, book: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    a = write(tmp_path, "a.txt", report([row(**{"ship-address-2": "1-1"})]))
    b = write(tmp_path, "b.txt", report([row(**{"ship-address-2": "2-2"}), row(**{"order-item-id": "7"})],
                                        ORDER_COLUMNS))
    code, out, _ = cli(capsys, a, b, book)
    assert code == 0 and "2 件追加" in out and "a.txt" in out and "b.txt" in out
    table = read_orders(orders_block(book))
    assert [o.address2 for o in table.orders] == ["2-2", "４－１２－１０"]
    assert table.orders[0].price == 1280  # item-price from the order report


def test_buyer_text_that_looks_like_a_formula_stays_text(tmp_path: Path, book: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    evil = '=HYPERLINK("http://example.com","x")'
    data = report([row(**{"recipient-name": evil, "ship-address-3": "+81"})])
    cli(capsys, write(tmp_path, "r.txt", data), book)
    ws = openpyxl.load_workbook(book)[layout.ORDERS]
    header = {c.value: c.column for c in ws[layout.ORDERS_HEADER_ROW]}
    cell = ws.cell(layout.ORDERS_HEADER_ROW + 1, header["受取人"])
    assert cell.value == evil and cell.data_type == "s"


def test_warnings_name_file_and_line(tmp_path: Path, book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [row(), row(**{"order-item-id": "5.80293E+13"})]
    code, out, _ = cli(capsys, write(tmp_path, "excel.txt", report(rows)), book)
    assert code == 0
    assert any(x.startswith("注意:") and "excel.txt" in x and "3 行目" in x for x in out.splitlines())
    assert "5.80293E+13" in [o.order_item_id for o in read_orders(orders_block(book)).orders]


def _cols_without(c: str) -> list[str]:

    return [x for x in UNSHIPPED_COLUMNS if x != c]


BAD_REPORTS = {
    "empty": (b"", "空"),
    "header_only": (report([]), "見出し行しかありません"),
    "missing_column": (report([row()], _cols_without("recipient-name")), "recipient-name"),
    "too_few_fields": (report([row()]).replace(b"\t--\t", b"\t", 1), "2 行目"),
    "too_many_fields": (report([row()]).replace(b"\r\n", b"\tx\r\n").replace(b"\tx\r\n", b"\r\n", 1),
                        "多すぎます"),
    "bad_date": (report([row(**{"promise-date": "2026-11-31T23:59:59+09:00"})]), "promise-date"),
    "binary": (b"\x00\x01\x02\x03" * 100, "テキストファイルではありません"),
    "undecodable": (b"order-id\torder-item-id\n\x81\x20\xa0\xfd\n", "文字コード"),
}


@pytest.mark.parametrize("case", sorted(BAD_REPORTS))
def test_bad_report_fails_cleanly_and_leaves_the_workbook(case: str, tmp_path: Path, book: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    cli(capsys, SAMPLE_UTF8, book)
    original = book.read_bytes()
    data, words = BAD_REPORTS[case]
    bad = write(tmp_path, f"{case}.txt", data)
    code, out, err = cli(capsys, SAMPLE_SJIS, bad, book)  # a good file first: still nothing written
    assert code == 1 and out == ""
    assert err.startswith("エラー: ") and err.count("\n") == 1
    assert f"{case}.txt" in err and words in err
    assert book.read_bytes() == original


def test_huge_file_is_refused_before_reading(tmp_path: Path, book: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as f:  # sparse: 200 MB on paper, nothing on disk
        f.truncate(200 * 1024 * 1024)
    original = book.read_bytes()
    code, _, err = cli(capsys, huge, book)
    assert code == 1 and "huge.txt" in err and "200 MB" in err and "100 MB" in err
    assert book.read_bytes() == original


@pytest.mark.parametrize("kind", ["missing", "folder", "workbook_first", "fba"])
def test_wrong_files_are_named(kind: str, tmp_path: Path, book: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    original = book.read_bytes()
    if kind == "missing":
        args, words = [tmp_path / "nothing.txt", book], "見つかりません"
    elif kind == "folder":
        args, words = [tmp_path, book], "フォルダ"
    elif kind == "workbook_first":
        args, words = [book, SAMPLE_UTF8], "Excel"
    else:
        fba = next(REFERENCE.glob("jp_fba_*.tsv"), None)
        if fba is None:
            pytest.skip("reference samples are not available here")
        args, words = [fba, book], "FBA"
    code, _, err = cli(capsys, *args)
    assert code == 1 and words in err and err.count("\n") == 1
    assert book.read_bytes() == original


def test_workbook_without_order_sheet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "other.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Sheet1"
    wb.save(other)
    original = other.read_bytes()
    code, _, err = cli(capsys, SAMPLE_UTF8, other)
    assert code == 1 and layout.ORDERS in err
    assert other.read_bytes() == original


def test_no_traceback_and_no_buyer_text_reach_the_seller(tmp_path: Path, book: Path) -> None:
    secret = "秘密 花子"
    bad = write(tmp_path, "bad.txt", report([row(**{"recipient-name": secret, "purchase-date": "きのう"})]))
    original = book.read_bytes()
    r = subprocess.run([sys.executable, "-m", "addin", "import-report", str(bad), str(book)],
                       capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 1
    assert r.stderr.startswith("エラー: ") and "Traceback" not in r.stderr
    assert "bad.txt" in r.stderr and "2 行目" in r.stderr and "purchase-date" in r.stderr
    assert secret not in r.stderr + r.stdout
    assert book.read_bytes() == original


def test_write_block_over_equal_cells_leaves_them_as_a_fresh_write_would(tmp_path: Path) -> None:
    """XlsxBook.write_block skips cells that already hold the value; the result must not differ."""
    from addin.layout import Kind

    path = new_workbook(tmp_path / "b.xlsm")
    rows = [["=1+1", "0123", date(2026, 11, 27), datetime(2026, 11, 25, 9, 30), 2, None]]
    kinds = [Kind.TEXT, Kind.ID, Kind.DATE, Kind.DATETIME, Kind.INT, Kind.TEXT]
    xb = XlsxBook.open(path)
    ws = xb.sheet(layout.ORDERS)
    ws.cell(10, 1).value = "=1+1"  # a real formula: must become text
    ws.cell(10, 2).value = 123  # a number where an id goes: must become text
    ws.cell(10, 3).value = datetime(2026, 11, 27)  # what a date cell reads back as
    ws.cell(10, 6).value = "old"  # cleared by None
    xb.write_block(layout.ORDERS, 10, 1, rows, kinds)
    xb.write_block(layout.ORDERS, 11, 1, rows, kinds)
    xb.save()
    ws = openpyxl.load_workbook(path)[layout.ORDERS]

    def state(r: int) -> list[tuple[object, ...]]:
        return [(c.value, c.data_type, c.number_format, c.quotePrefix) for c in ws[r][:6]]

    assert state(10) == state(11)
    assert state(10)[0][:2] == ("=1+1", "s") and state(10)[1][0] == "0123" and state(10)[5][0] is None
