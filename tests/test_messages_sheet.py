"""連絡文 in the workbook: rebuilt by every トリアージ (both shells), `addin messages`,
`triage --json`, the 「本文をコピー」 button against the fake xlwings, and the clipboard."""

from __future__ import annotations

import json
import subprocess
import sys
import types
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
import xlwings
from fake_xlwings import FakeBook, orders_book, put
from helpers import fill_orders

import addin.excel
from addin import layout
from addin.cli import main
from addin.core.settings import default_rows
from addin.errors import UserError
from addin.excel import clipboard

TODAY = date(2026, 12, 7)
SHIP_BY = datetime(2026, 12, 10)
BASE: dict[str, object] = dict(
    order_item_id="1", purchased_at=datetime(2026, 12, 5, 10), ship_by=SHIP_BY,
    product_name="はじめてのPython", quantity=1, buyer_name="山田 太郎", recipient="山田 太郎",
    postcode="1500001", prefecture="東京都", address1="渋谷区神宮前1-2-3", listed_condition="非常に良い",
    ship_method="クリックポスト")
ORDERS = [
    {**BASE, "order_id": "503-0000000-0000001", "stock": "欠品"},  # 要連絡
    {**BASE, "order_id": "503-0000000-0000002", "address1": "渋谷区神宮前",  # 要CS連絡 (bounced)
     "contacted_on": datetime(2026, 12, 3), "contact_result": "送信エラー"},
    {**BASE, "order_id": "503-0000000-0000003"},  # 発送: nothing
    {**BASE, "order_id": "503-0000000-0000004", "stock": "欠品", "confirmed_on": datetime(2026, 12, 6)},  # 完了
    {**BASE, "order_id": "503-0000000-0000005", "contacted_on": datetime(2026, 12, 3),
     "contact_result": "キャンセル希望"},  # 要キャンセル: ask to request it
]
SETTINGS = {"ショップ名": "ほんの森書店", "今日の日付（確認用）": datetime(2026, 12, 7)}


def table(path: Path) -> list[dict[str, object]]:
    ws = openpyxl.load_workbook(path, keep_vba=True)[layout.MESSAGES]
    rows = list(ws.iter_rows(min_row=layout.MESSAGES_HEADER_ROW, values_only=True))
    headers = [str(h) for h in rows[0]]
    return [dict(zip(headers, r, strict=False)) for r in rows[1:] if any(v is not None for v in r)]


@pytest.fixture
def filled(workbook: Path) -> Path:
    fill_orders(workbook, ORDERS, SETTINGS)
    return workbook


def test_new_workbook_has_the_sheet(tmp_path: Path) -> None:
    path = tmp_path / "新しい.xlsm"
    assert main(["new-workbook", str(path)]) == 0
    wb = openpyxl.load_workbook(path, keep_vba=True)
    assert layout.MESSAGES in wb.sheetnames
    assert wb.sheetnames.index(layout.MESSAGES) == wb.sheetnames.index(layout.ORDERS) + 1
    ws = wb[layout.MESSAGES]
    assert [c.value for c in ws[layout.MESSAGES_HEADER_ROW]] == [h for h, _, _ in layout.MESSAGES_COLUMNS]


def test_triage_rebuilds_the_sheet(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["triage", str(filled)]) == 0
    out = capsys.readouterr().out
    assert "連絡文 3件（購入者あて 2件、カスタマーサポートあて 1件）を「連絡文」シートに作りました。" in out
    rows = table(filled)
    assert [(r["注文番号"], r["宛先"]) for r in rows] == [
        ("503-0000000-0000001", "購入者"), ("503-0000000-0000002", "カスタマーサポート"),
        ("503-0000000-0000005", "購入者")]
    for r in rows:
        body = str(r["本文"])
        assert str(r["注文番号"]) in body and "{" not in body and "http" not in body
        assert r["問い合わせ内容"] and r["送信後に入力する列"]
    assert "在庫を切らして" in str(rows[0]["本文"]) and rows[0]["問い合わせ内容"] == "注文に関する問題"
    assert "送信エラー" in str(rows[1]["本文"])
    assert isinstance(rows[0]["期限"], datetime) and rows[0]["期限"].date() == TODAY
    assert str(rows[0]["注文の行"]).startswith("=HYPERLINK(")  # jumps to the order's row
    # Fewer texts next time: the old rows are gone, not left behind.
    wb = openpyxl.load_workbook(filled, keep_vba=True)
    ws = wb[layout.ORDERS]
    ws.delete_rows(layout.ORDERS_HEADER_ROW + 1, 10)
    wb.save(filled)
    fill_orders(filled, [{**ORDERS[0], "contacted_on": datetime(2026, 12, 7)}, ORDERS[2]])
    assert main(["triage", str(filled)]) == 0
    assert table(filled) == []


def test_workbook_without_the_sheet_gets_it(filled: Path) -> None:
    wb = openpyxl.load_workbook(filled, keep_vba=True)
    del wb[layout.MESSAGES]
    wb.save(filled)
    assert main(["triage", str(filled)]) == 0
    wb = openpyxl.load_workbook(filled, keep_vba=True)
    assert wb.sheetnames.index(layout.MESSAGES) < wb.sheetnames.index(layout.SETTINGS)
    assert wb[layout.MESSAGES]["A1"].value.startswith("トリアージのたびに")
    assert len(table(filled)) == 3


def test_broken_templates_do_not_stop_the_triage(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    wb = openpyxl.load_workbook(filled, keep_vba=True)
    ws = wb[layout.TEMPLATES]
    ws.cell(row=ws.max_row + 1, column=1, value="追伸")
    ws.cell(row=ws.max_row, column=2, value="またのご利用を")
    wb.save(filled)
    assert main(["triage", str(filled)]) == 0
    out = capsys.readouterr().out
    assert "連絡文: 作れませんでした。" in out and "区分「追伸」は使えません" in out
    (row,) = table(filled)
    assert row["件名"] == "（連絡文を作れませんでした）"


def test_json_records_gain_the_texts(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["triage", str(filled), "--json"]) == 0
    records = json.loads(capsys.readouterr().out)
    by_id = {r["order_id"]: r for r in records}
    (m,) = by_id["503-0000000-0000001"]["messages"]
    assert m["to"] == "購入者" and m["kind"] == "BUYER" and m["topics"] == ["OUT_OF_STOCK"]
    assert m["reply_by"] == "2026-12-09" and "503-0000000-0000001" in m["body"]
    assert by_id["503-0000000-0000003"]["messages"] == []
    assert by_id["503-0000000-0000004"]["messages"] == []  # 完了


def test_messages_command_prints_plain_texts(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = filled.read_bytes()
    assert main(["messages", str(filled), "--order", "503-0000000-0000002"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("■ 注文番号 503-0000000-0000002 ／ 宛先: カスタマーサポート")
    assert "いつもお世話になっております。" in out and '"' not in out
    assert "503-0000000-0000001" not in out
    assert filled.read_bytes() == before  # never saved
    assert main(["messages", str(filled)]) == 0
    assert capsys.readouterr().out.count("■ 注文番号") == 3
    assert main(["messages", str(filled), "--order", "503-9999999-9999999"]) == 1
    assert "注文番号 503-9999999-9999999 は注文シートにありません" in capsys.readouterr().err
    assert main(["messages", str(filled), "--order", "503-0000000-0000003"]) == 0
    assert "送る連絡文はありません" in capsys.readouterr().out


def test_no_shop_name_is_one_problem_not_one_per_order(capsys: pytest.CaptureFixture[str],
                                                      workbook: Path) -> None:
    fill_orders(workbook, ORDERS, {**SETTINGS, "ショップ名": None})
    assert main(["triage", str(workbook)]) == 0
    out = capsys.readouterr().out
    assert out.count("ショップ名") == 1 and "連絡文: 作れませんでした。" in out


# --- 「本文をコピー」 through the fake xlwings ---------------------------------------------------


@pytest.fixture
def excel_book(monkeypatch: pytest.MonkeyPatch):
    book = orders_book(24)
    settings = book._sheet(layout.SETTINGS)
    shop_row = next(i for i, (label, *_) in enumerate(default_rows(), 1) if label == "ショップ名")
    put(settings, shop_row, 2, [["ほんの森書店"]])
    FakeBook._caller = book
    monkeypatch.setattr(xlwings.Book, "caller", FakeBook.caller)
    copied: list[str] = []
    monkeypatch.setattr(clipboard, "set_text", copied.append)
    yield book, copied
    FakeBook._caller = None


def test_copy_button_puts_the_selected_body_on_the_clipboard(excel_book) -> None:
    book, copied = excel_book
    addin.excel.triage()
    sheet = book._sheet(layout.MESSAGES)
    header = [sheet._get(layout.MESSAGES_HEADER_ROW, c) for c in range(1, 9)]
    body_col = header.index(layout.MESSAGES_BODY) + 1
    row = layout.MESSAGES_HEADER_ROW + 1
    expected = sheet._get(row, body_col)
    assert isinstance(expected, str) and "\n" in expected
    book._app._alerts.clear()
    book._select(layout.MESSAGES, row, 6)  # any cell of the row
    addin.excel.copy_message()
    assert copied == [expected]
    (alert,) = book._app._alerts
    assert alert["mode"] == "info" and f"{row}行目の本文" in str(alert["prompt"])


@pytest.mark.parametrize(("sheet", "row", "words"), [
    (layout.ORDERS, 5, "「連絡文」シートで"),
    (layout.MESSAGES, layout.MESSAGES_HEADER_ROW, "行目から下"),
    (layout.MESSAGES, 400, "行目から下"),
])
def test_copy_button_refuses_other_cells(excel_book, sheet: str, row: int, words: str) -> None:
    book, copied = excel_book
    addin.excel.triage()
    book._app._alerts.clear()
    book._select(sheet, row)
    addin.excel.copy_message()
    assert copied == []
    (alert,) = book._app._alerts
    assert alert["mode"] == "critical" and words in str(alert["prompt"])


# --- the clipboard itself ----------------------------------------------------------------------


def test_windows_clipboard_gets_unicode_text_with_crlf(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[object, ...]] = []
    fake = types.SimpleNamespace(
        OpenClipboard=lambda: calls.append(("open",)),
        EmptyClipboard=lambda: calls.append(("empty",)),
        SetClipboardText=lambda text, fmt: calls.append(("set", text, fmt)),
        CloseClipboard=lambda: calls.append(("close",)),
    )
    monkeypatch.setitem(sys.modules, "win32clipboard", fake)
    monkeypatch.setitem(sys.modules, "win32con", types.SimpleNamespace(CF_UNICODETEXT=13))
    monkeypatch.setattr(clipboard.sys, "platform", "win32")
    clipboard.set_text("山田 太郎 様\n\nよろしく")
    assert calls == [("open",), ("empty",), ("set", "山田 太郎 様\r\n\r\nよろしく", 13), ("close",)]


def test_mac_clipboard_feeds_pbcopy_utf8(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, object] = {}

    def run(args: list[str], **kw: object) -> subprocess.CompletedProcess[bytes]:
        seen.update(args=args, **kw)
        return subprocess.CompletedProcess(args, 0)

    monkeypatch.setattr(clipboard.sys, "platform", "darwin")
    monkeypatch.setattr(clipboard.subprocess, "run", run)
    clipboard.set_text("番地を\nお知らせください")
    assert seen["args"] == ["pbcopy"] and seen["input"] == "番地を\nお知らせください".encode()
    assert "UTF-8" in seen["env"]["LANG"]  # type: ignore[index]


def test_clipboard_failure_says_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*a: object, **kw: object) -> None:
        raise FileNotFoundError("pbcopy")

    monkeypatch.setattr(clipboard.sys, "platform", "darwin")
    monkeypatch.setattr(clipboard.subprocess, "run", broken)
    with pytest.raises(UserError, match="数式バー"):
        clipboard.set_text("x")
