"""XlwingsBook (the live-Excel BookPort) against the in-memory fake of xlwings."""

from __future__ import annotations

import shutil
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest
from fake_xlwings import (
    FakeBook,
    Formula,
    Text,
    excel_parse,
    load_xlsx,
    order_rows,
    orders_book,
    put,
)

from addin import layout
from addin.errors import UserError
from addin.excel.book import XlwingsBook, bounds
from addin.excel.session import Session
from addin.layout import Kind
from addin.ops.triage import triage_book
from addin.xlsx.book import XlsxBook

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "workbook" / "template.xlsm"

# Buyer text that Excel would turn into a formula, a number or a date if typed as is.
RISKY_TEXT = [
    "=1+1",
    '=HYPERLINK("http://example.com","x")',
    "+81 90-1234-5678",
    "-",
    "-山田",
    "@SUM(A1)",
    "0123",
    "1000001",
    "2026/11/26",
    "10:30",
    "'quoted",
    "１２３",
    "1/2",
    "1,234",
    "山田 太郎",
    "東京都千代田区千代田1-1",
]
# Shapes Excel also converts that cells.excel_input lets through today (reported to the lead:
# Excel reads 1-2-3 as 2001/02/03, 3-5 as 3月5日, TRUE as a boolean, 1e5 as 100000 …).
RISKY_TEXT_NOT_YET_PROTECTED = ["1-2-3", "3-5", "TRUE", "#N/A", "1e5", "50%", "(123)", "＝1+1"]


def one_sheet_book(name: str = "S") -> FakeBook:
    return FakeBook("/tmp/b.xlsm", [name])


def test_bounds() -> None:
    assert bounds("$A$1") == (1, 1, 1, 1)
    assert bounds("$B$3:$AO$10005") == (3, 2, 10005, 41)
    assert bounds("A1:C2") == (1, 1, 2, 3)


def test_read_block_is_anchored_at_a1() -> None:
    book = one_sheet_book()
    put(book._sheet("S"), 3, 2, [["x", None, 5], [None, "y", None]])
    block = XlwingsBook(book).read_block("S")
    assert block == [
        [None, None, None, None],
        [None, None, None, None],
        [None, "x", None, 5.0],
        [None, None, "y", None],
    ]


def test_read_block_of_empty_sheet() -> None:
    assert XlwingsBook(one_sheet_book()).read_block("S") == [[None]]


def test_missing_sheet_is_a_user_error() -> None:
    port = XlwingsBook(one_sheet_book())
    assert not port.has_sheet("注文")
    with pytest.raises(UserError, match="注文"):
        port.read_block("注文")


@pytest.mark.parametrize("kind", [Kind.TEXT, None])
def test_text_stays_text(kind: Kind | None) -> None:
    book = one_sheet_book()
    port = XlwingsBook(book)
    port.write_block("S", 2, 3, [[t] for t in RISKY_TEXT], [kind])
    sheet = book._sheet("S")
    for i, text in enumerate(RISKY_TEXT):
        stored = sheet._cells[(2 + i, 3)]
        assert not isinstance(stored, Formula), text
        assert sheet._get(2 + i, 3) == text, text


def test_text_stays_text_for_every_shape_excel_converts() -> None:
    book = one_sheet_book()
    XlwingsBook(book).write_block("S", 1, 1, [[t] for t in RISKY_TEXT_NOT_YET_PROTECTED], [Kind.TEXT])
    assert [book._sheet("S")._get(1 + i, 1) for i in range(len(RISKY_TEXT_NOT_YET_PROTECTED))] \
        == RISKY_TEXT_NOT_YET_PROTECTED


def test_the_fake_would_catch_unprotected_text() -> None:
    # Guards the test above: without protection the fake turns these into non-text.
    for text in [*RISKY_TEXT[:3], "0123", "2026/11/26", *RISKY_TEXT_NOT_YET_PROTECTED]:
        assert not isinstance(excel_parse(text), str), text


def test_ids_stay_text_and_values_keep_their_type() -> None:
    book = one_sheet_book()
    row = ["0123456", 40000000000001, 1.0, datetime(2026, 11, 26, 9, 30), date(2026, 11, 27), 3, None]
    kinds = [Kind.ID, Kind.ID, Kind.ID, Kind.DATETIME, Kind.DATE, Kind.INT, Kind.TEXT]
    XlwingsBook(book).write_block("S", 1, 1, [row], kinds)
    cells = book._sheet("S")._cells
    assert cells[(1, 1)] == Text("0123456")
    assert cells[(1, 2)] == Text("40000000000001")
    assert cells[(1, 3)] == Text("1")
    assert cells[(1, 4)] == datetime(2026, 11, 26, 9, 30)
    assert cells[(1, 5)] == datetime(2026, 11, 27)
    assert cells[(1, 6)] == 3.0
    assert (1, 7) not in cells


def test_write_block_pads_ragged_rows_and_is_one_call() -> None:
    book = one_sheet_book()
    port = XlwingsBook(book)
    port.sheet("S")
    before = book._app._total()
    port.write_block("S", 5, 2, [["a"], ["b", "c", "d"], []], [Kind.TEXT])
    assert book._app._calls["Range.value="] == 1
    assert book._app._total() - before == 2  # Sheet.range + Range.value=
    assert book._sheet("S")._get(6, 4) == "d"


def test_replace_sheet_clears_writes_and_sets_print_area() -> None:
    book = one_sheet_book(layout.LETTERS)
    sheet = book._sheet(layout.LETTERS)
    put(sheet, 1, 1, [["old"] * 3] * 200)
    port = XlwingsBook(book)
    port.replace_sheet(layout.LETTERS, [["拝啓"], ["=1+1"]], [Kind.TEXT], print_rows=92)
    assert sheet._get(1, 1) == "拝啓" and sheet._get(2, 1) == "=1+1"
    assert sheet._get(3, 1) is None and sheet._get(1, 2) is None
    assert sheet._print_area == "$A$1:$A$92"
    port.replace_sheet(layout.LETTERS, [], [Kind.TEXT], print_rows=0)
    assert sheet._cells == {} and sheet._print_area is None


def test_letters_get_the_page_wide_print_area_or_none() -> None:
    """The letters block is LETTER_COLS wide (ops.letters.sheet_rows), so replace_sheet alone
    sets the page-wide print area: no extra call per run."""
    book = one_sheet_book(layout.LETTERS)
    port = XlwingsBook(book)
    page_row = ["拝啓", *[None] * (layout.LETTER_COLS - 1)]
    port.replace_sheet(layout.LETTERS, [page_row] * (3 * layout.LETTER_ROWS), [Kind.TEXT] * layout.LETTER_COLS,
                       print_rows=3 * layout.LETTER_ROWS)
    last = chr(64 + layout.LETTER_COLS)
    assert book._sheet(layout.LETTERS)._print_area == f"$A$1:${last}${3 * layout.LETTER_ROWS}"
    port.replace_sheet(layout.LETTERS, [], [], print_rows=0)
    assert book._sheet(layout.LETTERS)._print_area is None


def test_add_sheet_before_or_at_the_end() -> None:
    book = FakeBook("/tmp/b.xlsm", ["注文", "xlwings.conf"])
    port = XlwingsBook(book)
    port.add_sheet("成績", before="xlwings.conf")
    port.add_sheet("メモ", before="ない")
    assert list(book._sheets) == ["注文", "成績", "xlwings.conf", "メモ"]
    assert port.has_sheet("成績") and port.has_sheet("メモ")


def test_progress_is_reported_before_reads_and_writes() -> None:
    seen: list[str] = []
    book = orders_book(3)
    port = XlwingsBook(book, progress=seen.append)
    triage_book(port)
    assert seen[0] == "ブックを読み込んでいます…"
    assert f"「{layout.ORDERS}」に書き込んでいます…" in seen
    assert seen[-1] == f"「{layout.TODAY}」に書き込んでいます…"  # 今日 is written last


def triage_calls(n: int) -> tuple[int, dict[str, int]]:
    """Cross-application calls of one triage of `n` orders as the button runs it (status-bar
    progress included; Excel's settings around it are counted by test_excel_buttons)."""
    book = orders_book(n)
    app = book._app
    session = Session(book, "トリアージ")
    with session.busy():
        before = Counter(app._calls)
        run = triage_book(session.port)
        used = Counter(app._calls) - before
    assert len(run.orders) == n
    return sum(used.values()), dict(used)


def test_triage_calls_do_not_grow_with_rows() -> None:
    small, small_detail = triage_calls(10)
    large, large_detail = triage_calls(10_000)
    assert small == large, (small_detail, large_detail)
    # 注文 (read + computed block), 文面 (read), 連絡文 (read + 1 block), 今日 (read + 3 blocks)
    assert large <= 40, large_detail


def test_triage_through_excel_matches_the_openpyxl_shell(tmp_path: Path) -> None:
    """Same workbook, same triage: the computed columns agree cell for cell."""
    path = tmp_path / "注文.xlsm"
    shutil.copy(TEMPLATE, path)
    xbook = XlsxBook.open(path)
    xbook.write_block(layout.ORDERS, layout.ORDERS_HEADER_ROW + 1, 1, order_rows(60),
                      [c.kind for c in layout.ORDER_COLUMNS])
    settings = xbook.read_block(layout.SETTINGS)
    today_row = next(i for i, r in enumerate(settings) if r and r[0] == "今日の日付（確認用）")
    xbook.write_block(layout.SETTINGS, today_row + 1, 2, [[date(2026, 11, 18)]], [Kind.DATE])
    xbook.save()

    fake = load_xlsx(path)
    triage_book(XlwingsBook(fake))
    saved = XlsxBook.open(path)
    triage_book(saved)

    expected = saved.read_block(layout.ORDERS)
    got = XlwingsBook(fake).read_block(layout.ORDERS)
    header = layout.ORDERS_HEADER_ROW - 1
    cols = [expected[header].index(c.header) for c in layout.COMPUTED_COLUMNS]

    def norm(v: object) -> object:
        if isinstance(v, datetime):
            return v.date()
        if isinstance(v, float) and v.is_integer():
            return int(v)
        return v

    rows = range(header + 1, header + 61)
    assert [[norm(got[r][c]) for c in cols] for r in rows] == \
        [[norm(expected[r][c]) for c in cols] for r in rows]
    assert any(got[r][cols[0]] for r in rows)
