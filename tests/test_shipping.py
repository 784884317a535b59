"""出荷通知ファイル: carriers, every validation rule, exact file bytes, marking 出荷通知日."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import openpyxl
import pytest
from helpers import all_cells, fill_orders, first_row

from addin import layout
from addin.cli import main
from addin.core import shipping as S
from addin.core.model import CellProblem, Order, Settings
from addin.core.settings import default_rows, read_settings
from addin.errors import AddinError
from addin.ops.shipping import export_confirm_file, mark_confirmed_from_file
from addin.xlsx.book import XlsxBook

TODAY = date(2026, 3, 10)
BASE = Order(
    row=5,
    order_id="503-1234567-1234567",
    order_item_id="11111111111111",
    purchased_at=datetime(2026, 3, 8, 21, 30),
    ship_by=date(2026, 3, 10),
    quantity=1,
    ship_method="ネコポス",
    shipped_on=date(2026, 3, 9),
    tracking_number="444413758703",  # 44441375870 mod 7 = 3
)


def plan(*orders: Order, settings: Settings | None = None, today: date = TODAY) -> S.ConfirmPlan:
    return S.plan_confirmations(orders, settings or Settings(), today)


def only_problem(o: Order, **kw) -> str:
    p = plan(o, **kw)
    assert not p.lines
    (problem,) = p.problems
    return problem.text()


# --- carriers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "code", "name"), [
    ("クリックポスト", "Japan Post", "日本郵便"),
    ("ゆうパケット", "Japan Post", "日本郵便"),
    ("ゆうパック", "Japan Post", "日本郵便"),
    ("レターパックプラス", "Japan Post", "日本郵便"),
    ("ネコポス", "YamatoTransport", "ヤマト運輸"),
    ("宅急便", "YamatoTransport", "ヤマト運輸"),
    ("宅急便コンパクト", "YamatoTransport", "ヤマト運輸"),
    ("佐川急便", "SagawaExpress", "佐川急便"),
])
def test_builtin_methods_map_to_amazon_codes(method, code, name):
    r = S.route_for(method, S.routes(Settings()))
    assert r is not None and (r.code, r.name) == (code, name)


def test_every_dropdown_method_has_a_carrier_except_sonota():
    table = S.routes(Settings())
    missing = [m for m in layout.SHIP_METHODS if S.route_for(m, table) is None]
    assert missing == ["その他"]


def test_carrier_setting_parsed_and_overrides():
    rows = default_rows()
    for r in rows:
        if r[0] == "運送会社の追加":
            r[1] = ("飛脚メール便=佐川急便、カンガルー便＝Seino Transportation, "
                    "謎便=ABC運送, ゆうメール=ヤマト")
    s = read_settings(rows)
    assert s.carriers == (("飛脚メール便", "SagawaExpress", "佐川急便"),
                          ("カンガルー便", "Seino Transportation", "Seino Transportation"),
                          ("謎便", "Other", "ABC運送"),
                          ("ゆうメール", "YamatoTransport", "ヤマト運輸"))
    table = S.routes(s)
    assert S.route_for("謎便", table).code == "Other" and S.route_for("謎便", table).name == "ABC運送"
    assert S.route_for("ゆうメール", table).code == "YamatoTransport"  # the seller's entry wins


def test_carrier_setting_bad_format_names_the_cell():
    rows = default_rows()
    i = next(i for i, r in enumerate(rows) if r[0] == "運送会社の追加")
    rows[i][1] = "飛脚メール便 佐川急便"
    with pytest.raises(AddinError) as e:
        read_settings(rows)
    assert f"セルB{i + 1}" in str(e.value) and "発送方法=運送会社" in str(e.value)


def test_other_carrier_line_carries_the_name():
    s = Settings(carriers=(("謎便", "Other", "ABC運送"),))
    p = plan(replace(BASE, ship_method="謎便", tracking_number="AB123456"), settings=s)
    (line,) = p.lines
    assert (line.code, line.name, line.method, line.tracking) == ("Other", "ABC運送", "謎便", "AB123456")


# --- validation rules ----------------------------------------------------------------------------


def test_valid_row_becomes_one_line():
    p = plan(BASE)
    assert not p.problems
    (line,) = p.lines
    assert line.fields() == ("503-1234567-1234567", "11111111111111", "1", "2026-03-09",
                             "YamatoTransport", "ヤマト運輸", "444413758703", "ネコポス", "")
    assert p.keys == [("503-1234567-1234567", "11111111111111")]


def test_only_shipped_unconfirmed_rows_are_considered():
    rows = [replace(BASE, shipped_on=None), replace(BASE, confirmed_on=date(2026, 3, 9))]
    p = plan(*rows)
    assert not p.lines and not p.problems


def test_missing_tracking_for_tracked_service():
    text = only_problem(replace(BASE, ship_method="クリックポスト", tracking_number=""))
    assert "5行目" in text and "503-1234567-1234567" in text
    assert "追跡番号が空欄" in text and "クリックポスト" in text


def test_untracked_service_needs_no_tracking():
    (line,) = plan(replace(BASE, ship_method="定形外郵便", tracking_number="")).lines
    assert (line.code, line.tracking) == ("Japan Post", "")


@pytest.mark.parametrize(("method", "number", "expect"), [
    ("ネコポス", "44441375870", "12桁"),  # Yamato: 12 digits
    ("ネコポス", "444413758704", "チェック用"),  # wrong check digit
    ("宅急便", "4444-1375-870A", "数字だけ"),
    ("クリックポスト", "1234567890", "11〜13桁"),  # Japan Post: 11-13 digits
    ("佐川急便", "1234567890123", "10〜12桁"),
])
def test_tracking_number_of_the_wrong_shape(method, number, expect):
    text = only_problem(replace(BASE, ship_method=method, tracking_number=number))
    assert expect in text


def test_tracking_number_full_width_and_hyphens_are_cleaned():
    (line,) = plan(replace(BASE, tracking_number="４４４４－１３７５－８７０３")).lines
    assert line.tracking == "444413758703"


def test_ship_date_in_the_future():
    assert "未来の日付" in only_problem(replace(BASE, shipped_on=date(2026, 3, 11)))
    assert plan(replace(BASE, shipped_on=TODAY)).lines  # today itself is fine


def test_ship_date_before_purchase_date():
    assert "購入日" in only_problem(replace(BASE, shipped_on=date(2026, 3, 7)))
    assert plan(replace(BASE, shipped_on=date(2026, 3, 8))).lines  # same day as the purchase is fine


def test_quantity_above_ordered_when_the_item_is_on_two_rows():
    a = replace(BASE, row=5, quantity=2)
    b = replace(BASE, row=9, quantity=2)
    other = replace(BASE, row=6, order_item_id="22222222222222")
    p = plan(a, b, other)
    assert [x.row for x in p.lines] == [6]
    assert [x.row for x in p.problems] == [5, 9]
    text = p.problems[0].text()
    assert "出荷数の合計4が注文数2を超えます" in text and "5行目・9行目" in text


def test_quantity_above_ordered_when_the_item_was_confirmed_already():
    done = replace(BASE, row=5, confirmed_on=date(2026, 3, 9))
    again = replace(BASE, row=8)
    p = plan(done, again)
    assert not p.lines and [x.row for x in p.problems] == [8]


def test_quantity_missing():
    assert "数量" in only_problem(replace(BASE, quantity=None))


@pytest.mark.parametrize(("method", "expect"), [("", "発送方法が空欄"), ("その他", "運送会社が分かりません")])
def test_method_without_carrier(method, expect):
    assert expect in only_problem(replace(BASE, ship_method=method))


def test_cancelled_row_is_held_back():
    assert "キャンセル日" in only_problem(replace(BASE, cancelled_on=date(2026, 3, 9)))


def test_bad_order_id_is_held_back():
    assert "注文番号" in only_problem(replace(BASE, order_id="503-123"))


def test_unreadable_ship_date_is_reported_not_skipped():
    o = replace(BASE, shipped_on=None, problems=(CellProblem("shipped_on", "発送日", "AE5", "日付として読めません"),))
    assert "AE5" in only_problem(o)


def test_unrelated_unreadable_cell_does_not_block():
    o = replace(BASE, problems=(CellProblem("contacted_on", "連絡日", "AB5", "日付として読めません"),))
    assert plan(o).lines


# --- the file --------------------------------------------------------------------------------------


def test_exact_bytes_of_a_confirmation_file():
    lines = plan(BASE, replace(BASE, row=6, order_item_id="22222222222222", ship_method="定形外郵便",
                               tracking_number="", quantity=3)).lines
    note = "この行はAmazonが使用しますので変更や削除しないでください。".encode("cp932")
    expected = (
        b"TemplateType=OrderFulfillment\tVersion=2011.1102\t" + note + b"\t" * 6 + b"\r\n"
        + "注文番号\t注文商品番号\t出荷数\t出荷日\t配送業者コード\t配送業者名\t"
          "お問い合わせ伝票番号\t配送方法\t代金引換".encode("cp932") + b"\r\n"
        + b"order-id\torder-item-id\tquantity\tship-date\tcarrier-code\tcarrier-name\ttracking-number"
          b"\tship-method\tcod-collection-method\r\n"
        + b"503-1234567-1234567\t11111111111111\t1\t2026-03-09\tYamatoTransport\t"
        + "ヤマト運輸".encode("cp932") + b"\t444413758703\t" + "ネコポス".encode("cp932") + b"\t\r\n"
        + b"503-1234567-1234567\t22222222222222\t3\t2026-03-09\tJapan Post\t"
        + "日本郵便".encode("cp932") + b"\t\t" + "定形外郵便".encode("cp932") + b"\t\r\n"
    )
    data = S.file_bytes(lines)
    assert data == expected
    assert data.count(b"\r\n") == 5 and data.replace(b"\r\n", b"").count(b"\n") == 0  # CRLF only
    assert not data.startswith(b"\xef\xbb\xbf")  # no BOM
    assert all(line.count(b"\t") == 8 for line in data.split(b"\r\n")[:-1])  # 9 fields per line


def test_read_back_our_file_and_an_excel_edited_one():
    lines = plan(BASE).lines
    assert S.read_confirm_file(S.file_bytes(lines)) == [("503-1234567-1234567", "11111111111111")]
    edited = ("TemplateType=OrderFulfillment\tVersion=2011.1102\norder-id\tship-date\n"
              "503-7654321-7654321\t2026-03-01\n").encode("utf-8-sig")  # no item id: whole order
    assert S.read_confirm_file(edited) == [("503-7654321-7654321", "")]
    with pytest.raises(S.ConfirmFileError, match="出荷通知ファイルではない"):
        S.read_confirm_file(b"hello\tworld\r\n")
    with pytest.raises(S.ConfirmFileError, match="TemplateType"):  # an order report has order-id too
        S.read_confirm_file(b"order-id\torder-item-id\tship-date\n503-7654321-7654321\t1\t2026-03-01\n")
    with pytest.raises(S.ConfirmFileError, match="ship-date"):
        S.read_confirm_file(b"TemplateType=OrderFulfillment\norder-id\tquantity\n503-7654321-7654321\t1\n")


# --- the operation and the CLI ------------------------------------------------------------------------


ROWS = [
    dict(order_id="503-1234567-1234567", order_item_id="11111111111111", purchased_at=datetime(2026, 3, 8, 9),
         ship_by=datetime(2026, 3, 10), quantity=1, buyer_name="山田 太郎", ship_method="ネコポス",
         shipped_on=datetime(2026, 3, 9), tracking_number="444413758703"),
    dict(order_id="503-2222222-2222222", order_item_id="22222222222222", purchased_at=datetime(2026, 3, 8, 9),
         ship_by=datetime(2026, 3, 10), quantity=1, buyer_name="佐藤 花子", ship_method="クリックポスト",
         shipped_on=datetime(2026, 3, 9)),  # no tracking: held back
    dict(order_id="503-3333333-3333333", order_item_id="33333333333333", purchased_at=datetime(2026, 3, 8, 9),
         ship_by=datetime(2026, 3, 10), quantity=1, ship_method="定形外郵便"),  # not shipped
    dict(order_id="503-4444444-4444444", order_item_id="44444444444444", purchased_at=datetime(2026, 3, 8, 9),
         ship_by=datetime(2026, 3, 10), quantity=2, ship_method="ゆうメール",
         shipped_on=datetime(2026, 3, 10), confirmed_on="済み"),  # seller text: never overwritten
]


def test_export_does_not_change_the_book_and_mark_fills_only_listed_blank_cells(workbook):
    cols = fill_orders(workbook, ROWS)
    book = XlsxBook.open(workbook)
    result = export_confirm_file(book, TODAY)
    assert result.keys == [("503-1234567-1234567", "11111111111111")]
    text = "\n".join(result.lines())
    assert "1行" in text and "6行目" in text and "追跡番号が空欄" in text and "山田" not in text

    # the seller uploads a file that also lists the already-confirmed row and an unknown order
    extra = ("503-4444444-4444444\t44444444444444\t2\t2026-03-10\tJapan Post\t日本郵便\t\tゆうメール\t\r\n"
             "503-9999999-9999999\t99999999999999\t1\t2026-03-10\tJapan Post\t日本郵便\t\tゆうメール\t\r\n")
    data = result.data + extra.encode("cp932")
    before = all_cells(workbook)
    lines = mark_confirmed_from_file(book, data, TODAY)
    book.save()
    after = all_cells(workbook)
    col = openpyxl.utils.get_column_letter(cols["出荷通知日"])
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    assert changed == {(layout.ORDERS, f"{col}{first_row()}")}
    assert after[(layout.ORDERS, f"{col}{first_row()}")][0] == datetime(2026, 3, 10)
    assert after[(layout.ORDERS, f"{col}{first_row() + 3}")][0] == "済み"
    joined = "\n".join(lines)
    assert "1行" in joined and "すでに入っていた1行" in joined and "503-9999999-9999999" in joined


def test_cli_writes_the_file_and_marks_only_on_request(workbook, tmp_path, capsys):
    fill_orders(workbook, ROWS)
    out = tmp_path / "出荷通知.txt"
    book_before = workbook.read_bytes()
    assert main(["confirm-file", str(workbook), str(out), "--today", "2026-03-10"]) == 0
    assert workbook.read_bytes() == book_before  # exporting never touches the book
    data = out.read_bytes()
    assert data.startswith(b"TemplateType=OrderFulfillment\t") and b"444413758703" in data
    assert "書き出しました" in capsys.readouterr().out

    assert main(["confirm-file", str(workbook), "--mark-confirmed", str(out), "--today", "2026-03-10"]) == 0
    ws = openpyxl.load_workbook(workbook, keep_vba=True)[layout.ORDERS]
    col = {c.value: c.column for c in ws[layout.ORDERS_HEADER_ROW]}["出荷通知日"]
    assert ws.cell(first_row(), col).value == datetime(2026, 3, 10)
    assert ws.cell(first_row() + 1, col).value is None  # held back row: not in the file, not marked


def test_cli_refuses_both_or_neither(workbook, tmp_path, capsys):
    assert main(["confirm-file", str(workbook)]) == 1
    assert main(["confirm-file", str(workbook), str(tmp_path / "a.txt"), "--mark-confirmed",
                 str(tmp_path / "a.txt")]) == 1
    assert main(["confirm-file", str(workbook), str(tmp_path / "a.xlsm")]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("エラー") == 3


def test_cli_nothing_to_export_writes_no_file(workbook, tmp_path, capsys):
    out = tmp_path / "x.txt"
    assert main(["confirm-file", str(workbook), str(out)]) == 0
    assert not out.exists() and "出荷通知する行はありません" in capsys.readouterr().out
