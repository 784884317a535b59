"""個人情報の削除: exactly the PII cells of the right rows change; backups go."""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

import openpyxl
import pytest
from helpers import all_cells, fill_orders, first_row, touched

from addin import layout
from addin.cli import main
from addin.core.orders import contiguous_runs
from addin.files import backup_dir, backups_of, purge_backups
from addin.ops.purge import purge_pii
from addin.xlsx.book import XlsxBook

TODAY = date(2026, 5, 1)
PII = {
    "buyer_name": "山田 太郎", "buyer_email": "abc@marketplace.amazon.co.jp", "recipient": "山田 花子",
    "postcode": "0010010", "prefecture": "北海道", "address1": "札幌市北区北十条西1-2-3",
    "address2": "メゾン101", "address3": "", "phone": "09012345678", "delivery_request": "午前中",
}


def row(n: int, **kw) -> dict[str, object]:
    base: dict[str, object] = dict(
        order_id=f"503-{n:07d}-{n:07d}", order_item_id=f"{n:014d}", purchased_at=datetime(2026, 2, 1, 9),
        ship_by=datetime(2026, 2, 3), sku=f"SKU-{n}", product_name="本", quantity=1, price=1200,
        ship_method="ネコポス", tracking_number="444413758703", memo="メモ", status="完了", **PII)
    base.update(kw)
    return base


# 30 days (設定 default): finished on 3/31 or earlier is purged (more than 30 days before 5/1).
ROWS = [
    row(1, shipped_on=datetime(2026, 3, 20)),  # purge
    row(2, shipped_on=datetime(2026, 4, 1), confirmed_on=datetime(2026, 4, 1)),  # exactly 30 days: keep
    row(3, shipped_on=datetime(2026, 3, 31)),  # 31 days: purge
    row(4, cancelled_on=datetime(2026, 3, 1)),  # cancelled long ago: purge
    row(5, purchased_at=datetime(2026, 4, 20, 9)),  # open order: keep
    row(6, confirmed_on=datetime(2026, 3, 2)),  # confirmed only: purge
    row(7, shipped_on=datetime(2026, 3, 1), confirmed_on=datetime(2026, 4, 15)),  # latest date counts: keep
    row(8, shipped_on=datetime(2026, 3, 1), **dict.fromkeys(PII, None)),  # already blank: not counted
    row(9, shipped_on=datetime(2026, 2, 2), buyer_name="=HYPERLINK(\"x\")"),  # purge, formula-like text
    row(10),  # never closed in the sheet, bought 2/1: Amazon auto-cancelled it on 3/3 → purge
]
PURGED = {1, 3, 4, 6, 9, 10}


def pii_headers() -> set[str]:
    return {layout.COLUMNS_BY_KEY[k].header for k in layout.PII_KEYS}


def test_purge_changes_exactly_the_pii_cells_of_the_right_rows(workbook):
    rows = [dict(r, **{"自分用メモ": f"常連 {i}"}) for i, r in enumerate(ROWS)]  # a seller's own column
    cols = fill_orders(workbook, rows, extra_header="自分用メモ")

    before = all_cells(workbook)
    book = XlsxBook.open(workbook)
    result = purge_pii(book, TODAY, dry_run=False)
    book.save()
    after = all_cells(workbook)

    assert result.count == len(PURGED)
    assert result.rows == sorted(first_row() + n - 1 for n in PURGED)
    letters = {openpyxl.utils.get_column_letter(cols[h]) for h in pii_headers()}
    expected_gone = {(layout.ORDERS, f"{c}{first_row() + n - 1}") for n in PURGED for c in letters}
    expected_gone = {k for k in expected_gone if k in before}  # blank cells stay blank
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    assert changed == expected_gone
    assert all(k not in after for k in expected_gone)
    text = "\n".join(result.lines())
    assert "6行分を消しました" in text and "山田" not in text


def test_dry_run_counts_and_changes_nothing(workbook):
    fill_orders(workbook, ROWS)
    before = workbook.read_bytes()
    book = XlsxBook.open(workbook)
    result = purge_pii(book, TODAY, dry_run=True)
    assert result.count == len(PURGED)
    assert "確認のみ" in "\n".join(result.lines())
    assert workbook.read_bytes() == before


@pytest.mark.parametrize(("days", "settings_days", "count"), [
    (None, 60, 2),  # 設定 60 days: rows 4 (3/1, 61 days ago) and 9 (2/2); row 6 (3/2) is exactly 60
    (0, 30, 8),  # 0 days: everything finished before today (rows 1, 2, 3, 4, 6, 7, 9, 10)
    (45, 30, 4),  # rows 4 (3/1), 6 (3/2), 9 and 10 (3/3); row 1 (3/20) is only 42 days ago
])
def test_days_from_settings_or_argument(workbook, days, settings_days, count):
    fill_orders(workbook, ROWS, settings={"個人情報の保存日数": settings_days})
    result = purge_pii(XlsxBook.open(workbook), TODAY, days, dry_run=True)
    assert result.count == count and result.days == (settings_days if days is None else days)


def test_purge_backups_removes_only_this_books_backups(tmp_path):
    book = tmp_path / "注文.xlsm"
    other = tmp_path / "注文.old.xlsm"
    folder = backup_dir(book)
    folder.mkdir()
    mine = [folder / f"注文.2026010{i}-120000-000000.xlsm" for i in range(1, 4)]
    theirs = folder / "注文.old.20260101-120000-000000.xlsm"
    for p in (*mine, theirs):
        p.write_bytes(b"x")
    assert purge_backups(book) == 3
    assert not any(p.exists() for p in mine) and theirs.exists() and folder.is_dir()
    assert purge_backups(other) == 1 and not folder.exists()  # empty folder removed
    assert purge_backups(book) == 0


def test_cli_purge_saves_and_removes_backups(workbook, capsys):
    fill_orders(workbook, ROWS)
    for _ in range(2):  # earlier saves left backups holding the buyer data
        touched(workbook)
    assert len(backups_of(workbook.resolve())) == 2

    assert main(["purge-pii", str(workbook), "--dry-run", "--today", "2026-05-01"]) == 0
    assert "6行分を消します" in capsys.readouterr().out
    assert len(backups_of(workbook.resolve())) == 2  # a dry run deletes nothing

    assert main(["purge-pii", str(workbook), "--today", "2026-05-01"]) == 0
    out = capsys.readouterr().out
    assert "6行分を消しました" in out and "バックアップ" in out and ".addin-backup" in out
    assert backups_of(workbook.resolve()) == [] and not backup_dir(workbook.resolve()).exists()
    ws = openpyxl.load_workbook(workbook, keep_vba=True)[layout.ORDERS]
    name_col = {c.value: c.column for c in ws[layout.ORDERS_HEADER_ROW]}["購入者名"]
    assert ws.cell(first_row(), name_col).value is None
    assert ws.cell(first_row() + 1, name_col).value == "山田 太郎"


def test_negative_days_is_a_user_error(workbook, capsys):
    assert main(["purge-pii", str(workbook), "--days", "-1"]) == 1
    assert "日数" in capsys.readouterr().err


class CountingBook(XlsxBook):
    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.writes: list[tuple[int, int, int]] = []

    def write_block(self, sheet, row, col, rows, kinds):  # type: ignore[no-untyped-def]
        self.writes.append((row, col, len(rows)))
        super().write_block(sheet, row, col, rows, kinds)


def test_rows_already_blank_join_the_runs(workbook):
    # rows: purge, already blank (joinable), purge, open (kept), purge
    rows = [ROWS[0], ROWS[7], ROWS[2], ROWS[4], ROWS[8]]
    fill_orders(workbook, rows)
    book = CountingBook.open(workbook)
    result = purge_pii(book, TODAY, dry_run=False)
    assert result.count == 3
    pii_columns = [i for i, c in enumerate(layout.ORDER_COLUMNS) if c.key in layout.PII_KEYS]
    pii_runs = len(contiguous_runs(pii_columns))
    assert len(book.writes) == 2 * pii_runs
    assert sorted({(r, n) for r, _, n in book.writes}) == [(first_row(), 3), (first_row() + 4, 1)]


class BlankingBook(XlsxBook):
    calls: ClassVar[list[list[object]]] = []

    def blank_cells(self, sheet, rects):  # type: ignore[no-untyped-def]
        BlankingBook.calls.append(list(rects))
        for r in rects:
            self.write_block(sheet, r.row, r.col, [[None] * r.cols for _ in range(r.rows)], [None] * r.cols)


def test_a_shell_that_blanks_many_rectangles_gets_one_call(workbook, tmp_path):
    fill_orders(workbook, ROWS)
    copy = tmp_path / "copy.xlsm"
    copy.write_bytes(workbook.read_bytes())
    plain = XlsxBook.open(workbook)
    purge_pii(plain, TODAY, dry_run=False)
    plain.save()
    BlankingBook.calls = []
    fancy = BlankingBook.open(copy)
    purge_pii(fancy, TODAY, dry_run=False)
    fancy.save()
    assert len(BlankingBook.calls) == 1 and len(BlankingBook.calls[0]) > 1
    assert all_cells(copy) == all_cells(workbook)


def test_letters_of_purged_orders_are_cleared_too(workbook):
    rows = [dict(r) for r in ROWS]
    rows[0]["letter"] = "返信なし"  # triage rewrote the 手紙 column: no "(p.N)" mark any more …
    fill_orders(workbook, rows)
    book = XlsxBook.open(workbook)
    letter = [["山田 太郎 様"], [f"ご注文番号：{ROWS[0]['order_id']}"]]  # … but 手紙 prints row 1's order
    book.replace_sheet(layout.LETTERS, letter, [layout.Kind.TEXT], print_rows=layout.LETTER_ROWS)
    book.save()

    book = XlsxBook.open(workbook)
    result = purge_pii(book, TODAY, dry_run=False)
    book.save()
    assert result.letters_cleared and any("手紙" in line for line in result.lines())
    ws = openpyxl.load_workbook(workbook, keep_vba=True)[layout.LETTERS]
    assert all(c.value is None for r in ws.iter_rows() for c in r)


def test_letters_of_open_orders_stay(workbook):
    rows = [dict(r) for r in ROWS]
    rows[4]["letter"] = "返信なし (p.1)"  # row 5 is an open order
    fill_orders(workbook, rows)
    book = XlsxBook.open(workbook)
    letter = [["山田 太郎 様"], [f"ご注文番号：{ROWS[4]['order_id']}"]]
    book.replace_sheet(layout.LETTERS, letter, [layout.Kind.TEXT], print_rows=layout.LETTER_ROWS)
    result = purge_pii(book, TODAY, dry_run=False)
    assert not result.letters_cleared
    assert book.read_block(layout.LETTERS)[0][0] == "山田 太郎 様"
