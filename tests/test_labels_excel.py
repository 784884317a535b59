"""The three round-trip buttons through the fake xlwings (issue 20): files next to the workbook,
one dialog per file, the last confirmation file offered first."""

from __future__ import annotations

import re
import types
from datetime import date, datetime
from pathlib import Path

import pytest
import xlwings
from fake_xlwings import FakeBook, load_xlsx
from helpers import fill_orders

import addin.excel
from addin import layout
from addin.core.labels.samples import issued_export, processing_report
from addin.excel import dialogs

SETTINGS = {"今日の日付（確認用）": date(2026, 12, 7), "依頼主名": "テスト商店", "依頼主郵便番号": "530-0001",
            "依頼主住所": "大阪府大阪市北区梅田1-1-1", "依頼主電話番号": "06-0000-0000"}


@pytest.fixture
def book(workbook: Path, monkeypatch: pytest.MonkeyPatch):
    rows = [dict(order_id=f"503-{1000000 + n:07d}-{2000000 + n:07d}", order_item_id=f"{40000 + n}",
                 purchased_at=datetime(2026, 12, 5, 10), ship_by=date(2026, 12, 9), quantity=1, product_name="本",
                 recipient=f"山田 太郎{n}", postcode="100-0001", prefecture="東京都", address1="千代田区千代田",
                 address2="1-1", phone="090-1234-5678", ship_method="宅急便" if n == 2 else "クリックポスト")
            for n in range(3)]
    fill_orders(workbook, rows, SETTINGS)
    fake = load_xlsx(workbook)
    FakeBook._caller = fake
    monkeypatch.setattr(xlwings.Book, "caller", FakeBook.caller)
    monkeypatch.setattr(dialogs, "sys", types.SimpleNamespace(platform="win32"))
    yield fake
    FakeBook._caller = None


def _column(fake: FakeBook, header: str) -> list[object]:
    sheet = fake._sheet(layout.ORDERS)
    heads = [sheet._get(layout.ORDERS_HEADER_ROW, c) for c in range(1, 80)]
    col = heads.index(header) + 1
    return [sheet._get(layout.ORDERS_HEADER_ROW + 1 + i, col) for i in range(3)]


def test_round_trip_buttons(book: FakeBook, workbook: Path) -> None:
    folder = workbook.parent
    addin.excel.label_file()
    made = sorted(p.name for p in folder.glob("送り状_*.csv"))
    # Click Post has orders; B2 refuses as a whole (no customer code) and says which 設定 row.
    assert len(made) == 1 and re.fullmatch(r"送り状_クリックポスト_\d{8}-\d{4}\.csv", made[0])
    prompt = str(book._app._alerts[-1]["prompt"])
    assert "「B2請求先顧客コード」" in prompt and made[0] in prompt

    history = folder / "history.csv"
    history.write_bytes(issued_export("clickpost", [(folder / made[0]).read_bytes()], 77, date(2026, 12, 7)))
    book._app._api._open_answer = str(history)
    addin.excel.import_tracking()
    tracking = _column(book, "追跡番号")
    assert all(isinstance(t, str) and len(t) == 12 for t in tracking[:2]) and tracking[2] in (None, "")

    addin.excel.confirm_file()
    uploaded = next(folder.glob("出荷通知_*.txt"))
    report = folder / "report.txt"
    report.write_bytes(processing_report(2, []))
    book._app._alerts.clear()
    book._app._answers = ["ok"]  # yes, the last confirmation file
    book._app._api._open_answer = str(report)
    addin.excel.confirm_result()
    ask = book._app._alerts[0]
    assert ask["buttons"] == "ok_cancel" and uploaded.name in str(ask["prompt"])
    assert len(book._app._api._open_calls) == 2  # the history, then only the report
    confirmed = _column(book, "出荷通知日")
    assert [getattr(c, "date", lambda c=c: c)() for c in confirmed[:2]] == [date(2026, 12, 7)] * 2
    assert confirmed[2] in (None, "")
