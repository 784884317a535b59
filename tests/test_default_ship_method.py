"""設定「発送方法（空欄のとき）」: a blank 発送方法 cell is read as the default everywhere the method
counts (triage, label and confirmation files, letters, UDF), and the seller's cell stays blank."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from fake_xlwings import FakeRange
from helpers import fill_orders, first_row, header_columns, run_main

from addin import layout, udfs
from addin.core.checks import name_finding_text
from addin.core.codes import Finding
from addin.core.orders import read_orders
from addin.core.settings import DEFAULT_SHIP_METHOD_LABEL, default_rows, read_settings
from addin.errors import AddinError

TODAY = "2026-12-07"
SENDER = {"依頼主名": "テスト商店", "依頼主郵便番号": "530-0001", "依頼主住所": "大阪府大阪市北区梅田1-1-1",
          "依頼主電話番号": "06-0000-0000"}


def settings_rows(**values: object) -> list[list[object]]:
    rows = [list(r) for r in default_rows()]
    for r in rows:
        if r[0] in values:
            r[1] = values[r[0]]
    return rows


# --- 設定 ------------------------------------------------------------------------------------------


def test_blank_by_default_and_read_in_any_width() -> None:
    assert read_settings(settings_rows()).default_ship_method == ""
    half_width = read_settings(settings_rows(**{DEFAULT_SHIP_METHOD_LABEL: " ｸﾘｯｸﾎﾟｽﾄ "}))
    assert half_width.default_ship_method == "クリックポスト"


def test_a_method_added_on_settings_is_accepted_wherever_its_row_is() -> None:
    rows = settings_rows(**{DEFAULT_SHIP_METHOD_LABEL: "飛脚メール便"})
    rows.append(["ポスト投函の発送方法（追加）", "飛脚メール便", ""])  # below the default's row
    s = read_settings(rows)
    assert s.default_ship_method == "飛脚メール便" and "飛脚メール便" in s.mailbox_methods


def test_an_unknown_method_names_the_cell() -> None:
    rows = settings_rows(**{DEFAULT_SHIP_METHOD_LABEL: "伝書鳩"})
    row = next(i for i, r in enumerate(rows, 1) if r[0] == DEFAULT_SHIP_METHOD_LABEL)
    with pytest.raises(AddinError) as e:
        read_settings(rows)
    assert f"セルB{row}" in e.value.message and DEFAULT_SHIP_METHOD_LABEL in e.value.message
    assert "伝書鳩" in e.value.message


# --- where orders are read -----------------------------------------------------------------------


def _block(*methods: object) -> list[list[object]]:
    header = ["注文番号", "注文商品ID", "発送方法"]
    return [header, *([f"503-0000000-000000{i}", f"{i}", m] for i, m in enumerate(methods))]


def test_only_blank_cells_take_the_default() -> None:
    table = read_orders(_block(None, "ゆうパック", "  ", "謎便"), default_ship_method="クリックポスト")
    assert [o.ship_method for o in table.orders] == ["クリックポスト", "ゆうパック", "クリックポスト", ""]
    assert [p.key for p in table.orders[3].problems] == ["ship_method"]  # still an input error
    assert [o.ship_method for o in read_orders(_block(None)).orders] == [""]  # no default: stays blank


ROW = dict(order_id="503-1000001-2000001", order_item_id="40001", purchased_at=datetime(2026, 12, 5, 10),
           ship_by=date(2026, 12, 9), quantity=1, product_name="本", recipient="山田 太郎",
           postcode="100-0001", prefecture="東京都", address1="千代田区千代田", address2="1-1",
           phone="090-1234-5678")


def test_triage_and_files_use_the_default_and_leave_the_cell_blank(
        workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shipped = {**ROW, "order_id": "503-1000002-2000002", "order_item_id": "40002", "recipient": "佐藤 花子",
               "shipped_on": datetime(2026, 12, 7), "tracking_number": "123456789012"}
    morning = {**ROW, "order_id": "503-1000003-2000003", "order_item_id": "40003", "recipient": "鈴木 一郎 午前中希望"}
    fill_orders(workbook, [ROW, shipped, morning], {**SENDER, DEFAULT_SHIP_METHOD_LABEL: "クリックポスト"})

    code, out, _ = run_main(capsys, "triage", workbook, "--today", TODAY, "--json")
    assert code == 0
    records = {r["order_id"]: r for r in json.loads(out)}
    # クリックポスト has no time slot: the morning request must be asked about
    assert Finding.TIME_REQUEST_MAILBOX.value in records[morning["order_id"]]["findings"]

    code, out, _ = run_main(capsys, "label-file", workbook, "clickpost", tmp_path / "cp.csv", "--today", TODAY)
    assert code == 0, out
    labels = (tmp_path / "cp.csv").read_bytes().decode("cp932")
    assert "山田" in labels and "鈴木" not in labels  # the blank-method order ready to ship
    code, _, _ = run_main(capsys, "confirm-file", workbook, tmp_path / "通知.txt", "--today", TODAY)
    assert code == 0
    line = (tmp_path / "通知.txt").read_bytes().decode("cp932").splitlines()[-1].split("\t")
    assert line[:2] == [shipped["order_id"], "40002"] and "日本郵便" in line and "クリックポスト" in line

    ws = openpyxl.load_workbook(workbook, keep_vba=True)[layout.ORDERS]
    col = header_columns(ws)["発送方法"]
    assert [ws.cell(first_row() + i, col).value for i in range(3)] == [None, None, None]


def test_without_the_default_a_blank_method_still_stops_the_confirmation_file(
        workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shipped = {**ROW, "recipient": "佐藤 花子", "shipped_on": datetime(2026, 12, 7), "tracking_number": "123456789012"}
    fill_orders(workbook, [shipped], SENDER)
    code, out, _ = run_main(capsys, "confirm-file", workbook, tmp_path / "通知.txt", "--today", TODAY)
    assert code == 0 and "発送方法が空欄" in out and not (tmp_path / "通知.txt").exists()


def test_name_check_udf_takes_the_default_for_a_blank_method() -> None:
    from fake_xlwings import orders_book

    book = orders_book(1)
    sheet = book._sheet(layout.SETTINGS)
    row = next(r for (r, c) in sheet._cells if c == 1 and sheet._get(r, 1) == DEFAULT_SHIP_METHOD_LABEL)
    sheet._cells[(row, 2)] = "クリックポスト"
    caller = FakeRange(book._sheet(layout.ORDERS), 5, 3, 5, 3)
    udfs._settings_cache.clear()
    got = udfs.NAME_CHECK("山田 午前中", None, caller)
    assert got == name_finding_text("山田 午前中", "クリックポスト") and "クリックポスト" in got
    assert udfs.NAME_CHECK("山田 午前中", "ゆうパック", caller) == name_finding_text("山田 午前中", "ゆうパック")
    udfs._settings_cache.clear()
