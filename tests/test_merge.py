"""Merging report records into 注文 (addin.core.merge) and the import op over a BookPort."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

import pytest
from helpers import MemoryBook
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from addin import cells, layout
from addin.core.merge import EXCEL_MAX_ROWS, combine, merge, same
from addin.core.report import parse_report
from addin.errors import AddinError
from addin.layout import Kind
from addin.ops.importing import ImportResult, LoadedReport, import_reports

HEADERS = [c.header for c in layout.ORDER_COLUMNS]
H = {h: i for i, h in enumerate(HEADERS)}
HEADER_INDEX = layout.ORDERS_HEADER_ROW - 1
REPORT_HEADERS = {c.header for c in layout.REPORT_COLUMNS}
COLUMNS = [
    "order-id", "order-item-id", "purchase-date", "promise-date", "sku", "product-name", "quantity-to-ship",
    "recipient-name", "ship-address-1", "ship-address-2", "ship-city", "ship-state", "ship-postal-code",
    "is-prime",
]


def sheet(rows: Sequence[dict[str, object]] = (), headers: Sequence[str] = HEADERS) -> list[list[object]]:
    block: list[list[object]] = [["自己発送トリアージ"], [], [], list(headers)]
    for values in rows:
        block.append([values.get(h) for h in headers])
    return block


def line(oid: str = "250-0000001-0000001", iid: str = "10000000000001", **over: str) -> dict[str, str]:
    base = {
        "order-id": oid, "order-item-id": iid, "purchase-date": "2026-11-25T10:00:00+09:00",
        "promise-date": "2026-11-27T23:59:59+09:00", "sku": "BK-1", "product-name": "本",
        "quantity-to-ship": "1", "recipient-name": "試験 花子", "ship-address-1": "渋谷区神宮前",
        "ship-address-2": "1-2-3", "ship-city": "--", "ship-state": "東京都", "ship-postal-code": "150-0001",
        "is-prime": "false",
    }
    base.update(over)
    return base


def parsed(lines: Sequence[dict[str, str]], name: str = "r.txt", columns: Sequence[str] = COLUMNS):
    text = "\n".join(["\t".join(columns)] + ["\t".join(x.get(c, "") for c in columns) for x in lines]) + "\n"
    return parse_report(text.encode("utf-8"), name)


def loaded(lines: Sequence[dict[str, str]], name: str = "r.txt", columns: Sequence[str] = COLUMNS):
    return LoadedReport(Path(name), parsed(lines, name, columns))


def run(book: MemoryBook, *reports: LoadedReport) -> ImportResult:
    return import_reports(book, list(reports))


def data_rows(book: MemoryBook) -> list[list[object]]:
    return [r for r in book.block[HEADER_INDEX + 1:] if any(v not in (None, "") for v in r)]


# --- merge ----------------------------------------------------------------------------------------


def test_new_orders_are_appended_with_their_report_values() -> None:
    book = MemoryBook(sheet())
    result = run(book, loaded([line(), line(iid="10000000000002", **{"quantity-to-ship": "2"})]))
    assert (result.added, result.updated, result.unchanged) == (2, 0, 0)
    rows = data_rows(book)
    assert [r[H["注文商品ID"]] for r in rows] == ["10000000000001", "10000000000002"]
    assert rows[0][H["出荷期限"]] == date(2026, 11, 27)
    assert rows[0][H["購入日時"]] == datetime(2026, 11, 25, 10, 0)
    assert rows[1][H["数量"]] == 2
    assert rows[0][H["郵便番号"]] == "150-0001"
    assert all(r[H[c.header]] is None for r in rows for c in layout.SELLER_COLUMNS + layout.COMPUTED_COLUMNS)


def test_new_rows_go_below_the_last_used_row_even_after_gaps() -> None:
    block = sheet([{"注文番号": "A", "注文商品ID": "1"}])
    block += [[None] * len(HEADERS), [None] * len(HEADERS)]
    block.append([None] * len(HEADERS) + ["seller's own note far right"])
    n = len(block)
    book = MemoryBook(block)
    run(book, loaded([line()]))
    assert len(book.block) == n + 1
    assert book.block[-1][H["注文番号"]] == "250-0000001-0000001"
    assert book.block[-2][-1] == "seller's own note far right"


def test_existing_rows_get_report_columns_refreshed_and_nothing_else() -> None:
    seller = {"発送方法": "クリックポスト", "連絡日": datetime(2026, 11, 25), "メモ": "棚B",
              "ステータス": "発送"}
    first = {"注文番号": "250-0000001-0000001", "注文商品ID": "10000000000001", "受取人": "旧姓 花子",
             **seller}
    book = MemoryBook(sheet([first]))
    before = [list(r) for r in book.block]
    result = run(book, loaded([line()]))
    assert (result.added, result.updated, result.unchanged) == (0, 1, 0)
    row = book.block[HEADER_INDEX + 1]
    assert row[H["受取人"]] == "試験 花子"
    for h, v in seller.items():
        assert row[H[h]] == v
    for i, h in enumerate(HEADERS):  # no column a report does not carry changed
        if h not in REPORT_HEADERS:
            assert row[i] == before[HEADER_INDEX + 1][i]


def test_rows_missing_from_the_report_stay() -> None:
    book = MemoryBook(sheet())
    run(book, loaded([line(iid="1"), line(iid="2"), line(iid="3")]))
    result = run(book, loaded([line(iid="2")]))
    assert (result.added, result.updated, result.unchanged) == (0, 0, 1)
    assert [r[H["注文商品ID"]] for r in data_rows(book)] == ["1", "2", "3"]


def test_importing_twice_changes_nothing() -> None:
    book = MemoryBook(sheet())
    rep = loaded([line(iid=str(i), **{"ship-address-2": f"{i}－１"}) for i in range(1, 6)])
    run(book, rep)
    snapshot = [list(r) for r in book.block]
    book.writes.clear()
    result = run(book, rep)
    assert (result.added, result.updated, result.unchanged) == (0, 0, 5)
    assert book.writes == [] and book.block == snapshot


def test_the_same_key_in_several_files_later_file_wins() -> None:
    book = MemoryBook(sheet())
    first = loaded([line(**{"ship-address-2": "1-1-1"})], "a.txt")
    second = loaded([line(**{"ship-address-2": "2-2-2"}), line(iid="9")], "b.txt")
    result = run(book, first, second)
    assert (result.added, result.updated, result.unchanged) == (2, 0, 0)
    assert [r[H["住所2"]] for r in data_rows(book)] == ["2-2-2", "1-2-3"]


def test_a_later_file_without_a_column_keeps_the_earlier_value() -> None:
    order_cols = [*COLUMNS, "item-price"]
    with_price = loaded([line(**{"item-price": "1280.00"})], "order.txt", order_cols)
    book = MemoryBook(sheet())
    run(book, with_price, loaded([line(**{"ship-address-2": "9-9"})], "unshipped.txt"))
    row = data_rows(book)[0]
    assert row[H["金額"]] == 1280 and row[H["住所2"]] == "9-9"
    result = run(book, loaded([line(**{"ship-address-2": "9-9"})]))  # no item-price: 金額 stays
    assert result.unchanged == 1 and data_rows(book)[0][H["金額"]] == 1280


def test_values_are_compared_as_stored() -> None:
    # What openpyxl or a seller's typing leaves in cells: datetimes in date cells, numbers in id and
    # int cells, a datetime with float noise, surrounding spaces.
    stored = {
        "注文番号": "250-0000001-0000001", "注文商品ID": 10000000000001,
        "購入日時": datetime(2026, 11, 25, 10, 0, 0, 3), "出荷期限": datetime(2026, 11, 27), "SKU": "BK-1",
        "商品名": "本", "数量": 1.0, "受取人": "試験 花子 ", "都道府県": "東京都", "住所1": "渋谷区神宮前",
        "住所2": "1-2-3", "郵便番号": "150-0001", "プライム": None,
    }
    book = MemoryBook(sheet([stored]))
    result = run(book, loaded([line()]))
    assert (result.added, result.updated, result.unchanged) == (0, 0, 1)
    assert book.writes == []


@pytest.mark.parametrize(("old", "new", "kind", "expected"), [
    (None, "", Kind.TEXT, True),
    ("  ", None, Kind.TEXT, True),
    ("x", "", Kind.TEXT, False),
    (1, "1", Kind.ID, True),
    (1.0, "1", Kind.ID, True),
    ("0123", "123", Kind.ID, False),
    (datetime(2026, 11, 27), date(2026, 11, 27), Kind.DATE, True),
    (datetime(2026, 11, 27), date(2026, 11, 28), Kind.DATE, False),
    ("2026/11/27", date(2026, 11, 27), Kind.DATE, True),
    (datetime(2026, 11, 25, 10, 0, 0, 400_000), datetime(2026, 11, 25, 10, 0), Kind.DATETIME, True),
    (datetime(2026, 11, 25, 10, 0, 1), datetime(2026, 11, 25, 10, 0), Kind.DATETIME, False),
    ("1", 1, Kind.INT, True),
    (2, 1, Kind.INT, False),
    (True, "はい", Kind.TEXT, False),
    ("=SUM(A1)", "=SUM(A1)", Kind.TEXT, True),
])
def test_same(old: object, new: object, kind: Kind, expected: bool) -> None:
    assert same(old, new, kind) is expected


def test_seller_column_between_report_columns_is_never_written() -> None:
    headers = [*HEADERS[:7], "仕入れ先", *HEADERS[7:]]
    book = MemoryBook(sheet([{"注文番号": "250-0000001-0000001", "注文商品ID": "10000000000001",
                              "仕入れ先": "古書店A",
                              "商品名": "古い名前", "数量": 5}], headers))
    run(book, loaded([line(), line(iid="2")]))
    own = headers.index("仕入れ先")
    assert book.block[HEADER_INDEX + 1][own] == "古書店A"
    assert book.block[HEADER_INDEX + 2][own] is None
    assert book.block[HEADER_INDEX + 1][headers.index("商品名")] == "本"
    for _, col, _, width in book.writes:  # no block covers the seller's column
        assert not col - 1 <= own < col - 1 + width


def test_columns_are_found_by_header_not_position() -> None:
    headers = list(reversed(HEADERS))
    book = MemoryBook(sheet([], headers))
    run(book, loaded([line()]))
    row = book.block[HEADER_INDEX + 1]
    assert row[headers.index("注文商品ID")] == "10000000000001"
    assert row[headers.index("出荷期限")] == date(2026, 11, 27)


def test_blocks_are_whole_runs_not_single_cells() -> None:
    book = MemoryBook(sheet())
    run(book, loaded([line(iid=str(i)) for i in range(50)]))
    # new rows: one block per run of neighbouring report columns (the ids, then the rest after
    # the computed columns that sit next to the ids)
    assert len(book.writes) == 2
    book.writes.clear()
    changed = [line(iid=str(i), **({"ship-address-2": "x"} if i % 7 == 0 else {})) for i in range(50)]
    run(book, loaded(changed))
    assert len(book.writes) == 1  # one changed column → one block spanning the changed rows


def test_missing_report_column_in_the_sheet_is_reported() -> None:
    headers = [h for h in HEADERS if h != "プライム"]
    book = MemoryBook(sheet([], headers))
    result = run(book, loaded([line()]))
    assert any("プライム" in w for w in result.warnings)


def test_sheet_without_header_is_a_user_error() -> None:
    with pytest.raises(AddinError, match="見出し行"):
        run(MemoryBook([["something else"]]), loaded([line()]))


def test_excel_row_limit() -> None:
    filler = ["x"] + [None] * (len(HEADERS) - 1)
    block = sheet() + [filler] * (EXCEL_MAX_ROWS - 5)
    with pytest.raises(AddinError, match="上限"):
        merge(block, combine([parsed([line(iid="1"), line(iid="2")])]))


def test_result_lines_are_japanese_counts_and_warnings() -> None:
    book = MemoryBook(sheet())
    run(book, loaded([line(iid="1")]))
    today = loaded([line(iid="1", **{"ship-address-2": "x"}), line(iid="5.80293E+13")], "今日.txt")
    result = run(book, today)
    lines = result.lines()
    assert "1 件追加、1 件更新、0 件変更なし" in lines
    assert any(x.startswith("注意:") and "今日.txt" in x and "3 行目" in x for x in lines)
    assert any("読み込み: 今日.txt" in x for x in lines)


# --- property: random imports and seller edits -----------------------------------------------------

SELLER_EDITABLE = [c.header for c in layout.SELLER_COLUMNS + layout.COMPUTED_COLUMNS] + ["仕入れ先"]
PROP_HEADERS = [*HEADERS[:5], "仕入れ先", *HEADERS[5:]]
ITEM_IDS = [f"1000000000000{i}" for i in range(6)]

report_line = st.builds(
    lambda iid, addr, ship_by, qty: line(iid=iid, **{"ship-address-2": addr, "promise-date": ship_by,
                                                    "quantity-to-ship": qty}),
    st.sampled_from(ITEM_IDS),
    st.sampled_from(["1-2-3", "１－２－３", "4-5", ""]),
    st.sampled_from(["2026-11-27T23:59:59+09:00", "2026-11-27T14:59:59+00:00", "2026-11-30T23:59:59+09:00"]),
    st.sampled_from(["1", "2"]),
)
seller_value = st.one_of(st.none(), st.sampled_from(["クリックポスト", "欠品", "=1+1", "0123", "メモ"]),
                         st.dates(date(2026, 11, 1), date(2026, 12, 31)), st.integers(0, 99))
step = st.one_of(
    st.tuples(st.just("import"),
              st.lists(st.lists(report_line, min_size=1, max_size=5), min_size=1, max_size=2)),
    st.tuples(st.just("edit"), st.tuples(st.integers(0, 20), st.sampled_from(SELLER_EDITABLE), seller_value)),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(step, min_size=1, max_size=8))
def test_property_seller_cells_never_change_and_no_row_is_lost(steps: list) -> None:
    book = MemoryBook(sheet([], PROP_HEADERS))
    cols = {h: i for i, h in enumerate(PROP_HEADERS)}
    seller_cells: dict[tuple[int, str], object] = {}
    rows_of: dict[tuple[str, str], int] = {}
    for kind, arg in steps:
        if kind == "edit":
            n, header, value = arg
            keys = sorted(rows_of.items(), key=lambda kv: kv[1])
            if not keys:
                continue
            r = keys[n % len(keys)][1]
            book.block[r][cols[header]] = value
            seller_cells[(r, header)] = value
            continue
        files = [loaded(lines, f"f{i}.txt") for i, lines in enumerate(arg)]
        expected_new = {(x.report.records[j]["order_id"], x.report.records[j]["order_item_id"])
                        for x in files for j in range(len(x.report.records))} - set(rows_of)
        result = run(book, *files)
        assert result.added == len(expected_new)
        # no seller-typed (or computed, or own-column) cell changed
        for (r, header), value in seller_cells.items():
            assert book.block[r][cols[header]] == value
        # no row lost or moved; new rows appended below
        for (oid, iid), r in rows_of.items():
            assert (book.block[r][cols["注文番号"]], book.block[r][cols["注文商品ID"]]) == (oid, iid)
        for r in range(HEADER_INDEX + 1, len(book.block)):
            key = (book.block[r][cols["注文番号"]], book.block[r][cols["注文商品ID"]])
            if key[0] is not None:
                assert rows_of.setdefault(key, r) == r  # type: ignore[arg-type]
        # the last file wins for every key it holds
        final = {}
        for x in files:
            for rec in x.report.records:
                final[(rec["order_id"], rec["order_item_id"])] = rec
        for key, rec in final.items():
            r = rows_of[key]  # type: ignore[index]
            assert book.block[r][cols["住所2"]] == cells.stored_value(rec["address2"], Kind.TEXT)
            assert book.block[r][cols["出荷期限"]] == rec["ship_by"]
        # importing the same files again writes nothing
        book.writes.clear()
        again = run(book, *files)
        assert book.writes == [] and again.added == again.updated == 0
