"""The 今日 lines: one per open order, most urgent first."""

from __future__ import annotations

from datetime import date

from addin.core.codes import Status
from addin.core.model import Order, Triage
from addin.core.today import COUNTED, done_order_count, status_counts, today_lines

D = date


def t(status: Status, deadline: date | None, left: int | None = 0, todo: str = "x") -> Triage:
    return Triage(status, "long", deadline, left, reasons=("why",), todo=todo)


def o(row: int, oid: str, name: str = "本") -> Order:
    return Order(row=row, order_id=oid, product_name=name, recipient="山田 太郎")


def test_sorted_by_deadline_then_urgency_then_row_and_done_left_out() -> None:
    orders = [o(5, "A"), o(6, "B"), o(7, "C"), o(8, "D"), o(9, "E")]
    results = [
        t(Status.SHIP, D(2026, 11, 27), 1),
        t(Status.LATE, D(2026, 11, 25), -1),
        t(Status.SHIP, D(2026, 11, 26), 0),
        t(Status.CONFIRM_NOW, D(2026, 11, 26), 0),
        t(Status.DONE, None, None),
    ]
    lines = today_lines(orders, results)
    assert [x.order_id for x in lines] == ["B", "D", "C", "A"]
    assert lines[0].days_left == -1 and lines[0].row == 6


def test_one_line_per_order_from_its_most_urgent_open_item() -> None:
    orders = [o(5, "A", "一冊目"), o(6, "A", "二冊目"), o(7, "A", "三冊目")]
    results = [t(Status.DONE, None, None), t(Status.SHIP, D(2026, 11, 27), 1),
               t(Status.CONTACT_BUYER, D(2026, 11, 26), 0, "今日中に購入者へ連絡→連絡日を入力")]
    (line,) = today_lines(orders, results)
    assert line.status is Status.CONTACT_BUYER and line.row == 7
    assert line.product == "三冊目 ほか2点" and line.todo.startswith("今日中に")


def test_counts_orders_not_items() -> None:
    orders = [o(5, "A"), o(6, "A"), o(7, "B"), o(8, "C")]
    results = [t(Status.SHIP, D(2026, 11, 27)), t(Status.SHIP, D(2026, 11, 27)),
               t(Status.DONE, None, None), t(Status.LATE, D(2026, 11, 20), -4)]
    lines = today_lines(orders, results)
    counts = status_counts(lines, done_order_count(orders, results))
    assert counts[Status.SHIP] == 1 and counts[Status.LATE] == 1 and counts[Status.DONE] == 1
    assert list(counts) == list(COUNTED) and COUNTED[0] is Status.CONFIRM_NOW


def test_triage_writes_today_first_and_active_in_the_saved_workbook(tmp_path) -> None:
    """Both shells go through write_today; here the openpyxl one, end to end on the sample."""
    import subprocess
    import sys
    from pathlib import Path

    import openpyxl

    from addin import layout

    root = Path(__file__).resolve().parent.parent
    path = tmp_path / "注文.xlsm"
    run = [sys.executable, "-m", "addin"]
    assert subprocess.run([*run, "new-workbook", str(path)], capture_output=True).returncode == 0
    sample = root / "samples" / "未出荷の注文レポート_サンプル.txt"
    assert subprocess.run([*run, "import-report", str(sample), str(path)], capture_output=True).returncode == 0
    r = subprocess.run([*run, "triage", str(path), "--today", "2026-11-26"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    wb = openpyxl.load_workbook(path, keep_vba=True)
    assert wb.sheetnames[0] == layout.TODAY and wb.active.title == layout.TODAY
    ws = wb[layout.TODAY]
    header = [c.value for c in ws[layout.TODAY_HEADER_ROW]][: len(layout.TODAY_COLUMNS)]
    assert header == [h for h, _, _ in layout.TODAY_COLUMNS]
    body = [[c.value for c in row] for row in ws.iter_rows(min_row=layout.TODAY_HEADER_ROW + 1)]
    body = [row for row in body if row[0] is not None]
    orders = {c.value for c in wb[layout.ORDERS]["A"][layout.ORDERS_HEADER_ROW:] if c.value}
    assert len(body) == len(orders)  # nothing confirmed yet: every order is open, one line each
    deadlines = [row[0] for row in body]
    assert deadlines == sorted(deadlines)
    assert all(len(row[3]) <= 30 for row in body)
    link = body[0][8]
    assert isinstance(link, str) and link.startswith('=HYPERLINK("#\'注文\'!A')
