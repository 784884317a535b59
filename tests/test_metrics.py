"""成績: metric formulas on hand-computed examples at the window edges, the marks at the
thresholds, the sheet block, and the chart present in every saved file."""

from __future__ import annotations

import re
import sys
import zipfile
from dataclasses import replace
from datetime import date, datetime
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest
from helpers import fill_orders, make_order, touched

from addin import layout
from addin.cli import main
from addin.core import metrics as M
from addin.core.model import Order, Settings
from addin.ops.metrics import update_metrics
from addin.xlsx.book import XlsxBook

TODAY = date(2026, 3, 20)
D = date


def order(n: int, **kw) -> Order:
    return make_order(**{"row": n + 4, "order_id": f"503-{n:07d}-{n:07d}", "order_item_id": f"{n:014d}", **kw})


# Late shipment: (ship-by, 出荷通知日) → late? Window 10 days = 3/11…3/20, 30 days = 2/19…3/20.
LATE_ORDERS = [
    order(1, ship_by=D(2026, 3, 11), confirmed_on=D(2026, 3, 12)),  # late, first day of 10
    order(2, ship_by=D(2026, 3, 10), confirmed_on=D(2026, 3, 11)),  # late, just outside 10 → 30 only
    order(3, ship_by=D(2026, 2, 19), confirmed_on=D(2026, 2, 19)),  # on time (same day), first day of 30
    order(4, ship_by=D(2026, 2, 18), confirmed_on=D(2026, 2, 25)),  # late but outside 30
    order(5, ship_by=D(2026, 3, 19)),  # not confirmed, past: late already
    order(6, ship_by=TODAY),  # not confirmed, due today: not decided, not counted
    order(7, ship_by=D(2026, 3, 15), confirmed_on=D(2026, 3, 14)),  # on time
    order(8, ship_by=D(2026, 3, 15), cancelled_on=D(2026, 3, 14)),  # cancelled: not counted
    order(9, ship_by=D(2026, 3, 16), confirmed_on=D(2026, 3, 16)),  # item 1 of order 9 on time…
    replace(order(9, ship_by=D(2026, 3, 16), confirmed_on=D(2026, 3, 17)), row=40,
            order_item_id="99999999999999"),  # …item 2 late: the order is late
    order(10, ship_by=D(2026, 3, 18), shipped_on=D(2026, 3, 18)),  # shipped, never confirmed: late
]


def groups(orders):
    return M.group_orders(orders)


def test_late_shipment_rate_10_and_30_days():
    g = groups(LATE_ORDERS)
    r10 = M.late_rate(g, TODAY, 10)
    r30 = M.late_rate(g, TODAY, 30)
    # 10 days: orders 1 (late), 5 (late), 7 (on time), 9 (late), 10 (late)
    assert (r10.hits, r10.total) == (4, 5) and r10.percent == 80
    # 30 days adds 2 (late) and 3 (on time)
    assert (r30.hits, r30.total) == (5, 7) and r30.percent == Fraction(500, 7)


def test_late_shipment_window_moves_with_today():
    g = groups(LATE_ORDERS)
    r = M.late_rate(g, D(2026, 3, 21), 10)  # 3/12…3/21: order 1 drops out, order 6 is now late
    assert (r.hits, r.total) == (4, 5)
    r = M.late_rate(g, D(2026, 3, 24), 10)  # 3/15…3/24: only 5, 6, 7, 9, 10 remain → 4 of 5
    assert (r.hits, r.total) == (4, 5)
    r = M.late_rate(g, D(2026, 3, 25), 10)  # 3/16…3/25: order 7 (3/15, on time) drops out
    assert (r.hits, r.total) == (4, 4)


def test_cancellation_rate_7_days_by_purchase_date():
    orders = [
        order(1, purchased_at=datetime(2026, 3, 14, 0, 0), cancelled_on=D(2026, 3, 14)),  # first day, seller
        order(2, purchased_at=datetime(2026, 3, 13, 23, 59), cancelled_on=D(2026, 3, 14)),  # day before: out
        order(3, purchased_at=datetime(2026, 3, 20, 23, 0), cancelled_on=D(2026, 3, 20),
              contact_result="キャンセル希望"),  # the buyer asked: not a seller cancellation
        order(4, purchased_at=datetime(2026, 3, 17, 12, 0)),
    ]
    r = M.cancel_rate(groups(orders), TODAY)
    assert (r.hits, r.total) == (1, 3)
    assert r.mark == M.ROUGH  # 33 % ≥ 2.5 %, but over 3 orders only a rough figure


def test_valid_tracking_rate_30_days_and_the_blank_amount_rule():
    orders = [
        order(1, confirmed_on=D(2026, 2, 19), price=1000, ship_method="ネコポス",
              tracking_number="444413758703"),
        order(2, confirmed_on=D(2026, 2, 18), price=5000, ship_method="ネコポス"),  # outside the window
        order(3, confirmed_on=TODAY, price=999, ship_method="定形外郵便"),  # under ¥1,000: not counted
        order(4, confirmed_on=D(2026, 3, 1), price=1500, ship_method="クリックポスト"),  # no tracking
        order(5, confirmed_on=D(2026, 3, 1), price=None, ship_method="定形外郵便"),  # amount unknown
        order(6, confirmed_on=D(2026, 3, 2), price=600, ship_method="ネコポス",
              tracking_number="444413758703"),
        replace(order(6, confirmed_on=D(2026, 3, 2), price=600, ship_method="ネコポス",
                      tracking_number="444413758704"), order_item_id="66666666666666"),  # bad check digit
    ]
    main_rate, wide = M.tracking_rates(groups(orders), Settings(), TODAY)
    assert (main_rate.hits, main_rate.total) == (1, 3)  # orders 1 (valid), 4, 6 (¥1,200, one bad number)
    assert (wide.hits, wide.total) == (1, 4)  # + order 5
    assert "1件は含めていません" in main_rate.note


@pytest.mark.parametrize(("hits", "total", "threshold", "higher", "mark"), [
    (1, 25, 4, False, M.DANGER),  # exactly 4 %: not under 4 %
    (24, 625, 4, False, M.CAUTION),  # 3.84 %
    (3, 100, 4, False, M.CAUTION),  # 3 % = three quarters of 4 %
    (29, 1000, 4, False, M.OK),
    (1, 40, Fraction(5, 2), False, M.DANGER),  # exactly 2.5 %
    (3, 160, Fraction(5, 2), False, M.CAUTION),  # 1.875 %
    (1, 100, Fraction(5, 2), False, M.OK),
    (19, 20, 95, True, M.CAUTION),  # exactly 95 %: meets Amazon's bar, but close
    (189, 200, 95, True, M.DANGER),  # 94.5 %
    (97, 100, 95, True, M.OK),
    (0, 0, 4, False, M.NONE),
    # fewer than 10 orders: a rough figure whatever the value, not 「100% 危険」 from one order
    (1, 1, 4, False, M.ROUGH),
    (0, 9, 4, False, M.ROUGH),
    (9, 9, 95, True, M.ROUGH),
    (1, 10, 4, False, M.DANGER),  # 10 orders: judged against the threshold again
    (0, 10, Fraction(5, 2), False, M.OK),
])
def test_marks_at_the_thresholds(hits, total, threshold, higher, mark):
    assert M.Rate("x", "y", hits, total, Fraction(threshold), higher, "").mark == mark


def test_a_rough_rate_says_so_in_the_summary_and_a_full_one_does_not():
    one = M.Rate("出荷遅延率", "過去10日", 1, 1, Fraction(4), False, "")
    assert one.summary().endswith("→ 参考（対象が10件未満のため目安です）") and "危険" not in one.summary()
    many = M.Rate("出荷遅延率", "過去10日", 1, 10, Fraction(4), False, "")
    assert many.summary().endswith("→ 危険")


def test_daily_series_and_due_lists():
    g = groups(LATE_ORDERS)
    daily = dict(M.daily_late(g, TODAY))
    assert len(daily) == 30 and min(daily) == D(2026, 2, 19) and max(daily) == TODAY
    assert daily[D(2026, 3, 19)] == 100 and daily[D(2026, 3, 15)] == 0 and daily[D(2026, 2, 19)] == 0
    assert daily[TODAY] is None and daily[D(2026, 3, 1)] is None
    due, overdue = M.due_today(LATE_ORDERS, TODAY)
    assert [r.order_id for r in due] == ["503-0000006-0000006"]
    assert [r.order_id for r in overdue] == ["503-0000010-0000010", "503-0000005-0000005"]
    assert overdue[0].shipped and not overdue[1].shipped


def test_sheet_block_layout_matches_the_chart_spec():
    m = M.compute(LATE_ORDERS, Settings(), TODAY)
    block, kinds = M.sheet_rows(m)
    assert len(kinds) == len(block[0]) == M.CHART_COL + 2
    assert block[M.HEADER_ROW - 1][:len(M.TABLE_HEADERS)] == list(M.TABLE_HEADERS)
    c = M.CHART.category_col - 1
    assert block[M.CHART.header_row - 1][c:c + 3] == list(M.CHART_HEADERS)
    assert block[M.CHART.first_row - 1][c] == "2/19" and block[M.CHART.last_row - 1][c] == "3/20"
    assert block[M.CHART.last_row - 2][c + 1] == 100.0 and block[M.CHART.last_row - 1][c + 1] is None
    assert all(block[r][c + 2] == 4 for r in range(M.CHART.first_row - 1, M.CHART.last_row))
    first = block[M.HEADER_ROW]
    assert first[:7] == ["出荷遅延率", "過去10日", 80.0, 4.0, M.ROUGH, 5, 4]
    assert first[7].startswith(M.ROUGH_NOTE) and "対象が10件未満のため目安です" in first[7]
    texts = [str(v) for row in block for v in row if v is not None]
    assert any("503-0000006-0000006" in t for t in texts)


# --- the chart in saved files ----------------------------------------------------------------------


def chart_xml(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        return [z.read(n).decode() for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]


def assert_one_metrics_chart(path: Path) -> None:
    charts = chart_xml(path)
    assert len(charts) == 1
    xml = charts[0]
    spec = M.CHART
    for col in spec.value_cols:
        letter = openpyxl.utils.get_column_letter(col)
        ref = rf"'?{layout.METRICS}'?!\${letter}\${spec.first_row}:\${letter}\${spec.last_row}"
        assert re.search(ref, xml), ref  # XlsxWriter writes 成績!…, openpyxl '成績'!…
    wb = openpyxl.load_workbook(path, keep_vba=True)
    assert len(wb[layout.METRICS]._charts) == 1  # and it sits on 成績
    assert all(not ws._charts for ws in wb.worksheets if ws.title != layout.METRICS)


ROWS = [
    dict(order_id="503-1234567-1234567", order_item_id="11111111111111",
         purchased_at=datetime(2026, 3, 17, 9), ship_by=datetime(2026, 3, 19), quantity=1, price=1200,
         ship_method="ネコポス", shipped_on=datetime(2026, 3, 18), confirmed_on=datetime(2026, 3, 20),
         tracking_number="444413758703"),
    dict(order_id="503-2222222-2222222", order_item_id="22222222222222",
         purchased_at=datetime(2026, 3, 18, 9), ship_by=datetime(2026, 3, 20), quantity=1,
         ship_method="定形外郵便"),
]


def test_template_has_the_metrics_sheet_and_chart(workbook):
    assert_one_metrics_chart(workbook)


def test_template_colours_every_verdict(workbook):
    """Each 判定 a rate can show has its own conditional colour on the 判定 column of 成績."""
    ws = openpyxl.load_workbook(workbook, keep_vba=True)[layout.METRICS]
    letter = openpyxl.utils.get_column_letter(M.TABLE_HEADERS.index("判定") + 1)
    colours = {}
    for cf in ws.conditional_formatting:
        if str(cf.sqref).startswith(f"{letter}{M.HEADER_ROW + 1}:"):
            for rule in cf.rules:
                colours[rule.formula[0].strip('"')] = rule.dxf.fill.bgColor.rgb
    assert set(colours) == set(M.MARKS)
    assert len(set(colours.values())) == len(M.MARKS)  # each one its own colour


def test_build_draws_the_chart(tmp_path):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from build_template import build

    out = build(tmp_path / "t.xlsm")
    assert_one_metrics_chart(out)


def test_cli_metrics_writes_the_sheet_and_keeps_one_chart_across_saves(workbook, capsys):
    fill_orders(workbook, ROWS)
    assert main(["metrics", str(workbook), "--today", "2026-03-20"]) == 0
    out = capsys.readouterr().out
    assert "出荷遅延率（過去10日）: 100.00%（1/1件） 基準 4%未満 → 参考（対象が10件未満のため目安です）" in out
    assert "今日中に出荷通知しないと遅延になる注文: 1件" in out
    ws = openpyxl.load_workbook(workbook, keep_vba=True)[layout.METRICS]
    assert ws.cell(M.HEADER_ROW + 1, 1).value == "出荷遅延率" and ws.cell(M.HEADER_ROW + 1, 3).value == 100
    assert ws.cell(M.CHART.last_row, M.CHART.category_col).value == "3/20"
    assert_one_metrics_chart(workbook)
    for _ in range(2):  # any later save by the openpyxl shell keeps exactly one chart
        touched(workbook)
        assert_one_metrics_chart(workbook)


def test_workbook_without_metrics_sheet_gets_it(workbook):
    wb = openpyxl.load_workbook(workbook, keep_vba=True)
    del wb[layout.METRICS]
    wb.save(workbook)
    fill_orders(workbook, ROWS)
    book = XlsxBook.open(workbook)
    result = update_metrics(book, TODAY)
    assert result.created and any("追加しました" in line for line in result.lines())
    book.save()
    names = openpyxl.load_workbook(workbook, keep_vba=True).sheetnames
    assert names.index(layout.METRICS) == names.index(layout.XLWINGS_CONF) - 1
    assert_one_metrics_chart(workbook)
