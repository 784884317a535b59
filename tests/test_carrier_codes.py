"""Amazon.co.jp carrier codes (pinned, with the sources in addin/core/shipping.py),
cod-collection-method on 代金引換 rows only, and the seller's own downloaded template deciding
which carrier codes are accepted and which header lines the file gets."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from helpers import fill_orders

from addin.cli import main
from addin.core import shipping as S
from addin.core.model import Order, Settings
from addin.core.report import PAYMENT_COD
from addin.core.settings import default_rows, read_settings
from addin.core.values import ValueProblem
from addin.errors import UserError
from addin.ops.shipping import export_confirm_file
from addin.xlsx.book import XlsxBook

TODAY = date(2026, 3, 10)
BASE = Order(row=5, order_id="503-1234567-1234567", order_item_id="11111111111111",
             purchased_at=datetime(2026, 3, 8, 21, 30), ship_by=date(2026, 3, 10), quantity=1,
             ship_method="ゆうパック", shipped_on=date(2026, 3, 9), tracking_number="123456789012")

# Amazon's CarrierCode values for Japanese carriers (amzn-base.xsd) and Japan Post (today's
# integrator list); everything else goes as Other + the carrier's name.
AMAZON_JP_CODES = {"Japan Post", "YamatoTransport", "SagawaExpress", "NipponExpress", "YAMATO", "SAGAWA",
                   "NITTSU", "JP_EXPRESS", "FEDEX_JP", "Other"}


def test_the_carrier_table_is_pinned() -> None:
    assert {c.name: c.code for c in S.CARRIERS} == {
        "日本郵便": "Japan Post",
        "ヤマト運輸": "YamatoTransport",
        "佐川急便": "SagawaExpress",
        "日本通運": "NipponExpress",
        "西濃運輸": "Other",
        "福山通運": "Other",
    }
    assert all(c.code in AMAZON_JP_CODES for c in S.CARRIERS)
    # The spellings with a space, which no Amazon list has, are read as aliases but never written.
    assert S.carrier_by_name("Yamato Transport") is S.YAMATO and S.carrier_by_name("Sagawa Express") is S.SAGAWA
    assert all(" " not in r.code or r.code == "Japan Post" for r in S.routes(Settings()).values())


def test_cod_rows_and_only_they_carry_direct_payment() -> None:
    cod = replace(BASE, payment_method=PAYMENT_COD, cod_amount=3630)
    raw_cod = replace(BASE, row=6, order_item_id="22222222222222", payment_method="COD")
    card = replace(BASE, row=7, order_item_id="33333333333333", payment_method="Other")
    plan = S.plan_confirmations([cod, raw_cod, card], Settings(), TODAY)
    assert not plan.problems
    assert [x.fields()[-1] for x in plan.lines] == ["DirectPayment", "DirectPayment", ""]
    text = S.file_text(plan.lines)
    assert text.count("\tDirectPayment\r\n") == 2 and text.count("\r\n") == 6


VALID_VALUES = ["carrier-code", "Blue Package", "Japan Post", "YamatoTransport", "SagawaExpress", "Other"]
FIELDS_19 = ("order-id", "order-item-id", "quantity", "ship-date", "carrier-code", "carrier-name",
             "tracking-number", "ship-method", "cod-collection-method", "transparency_code",
             "ship_from_address_name", "ship_from_address_line1", "ship_from_address_line2",
             "ship_from_address_line3", "ship_from_address_city", "ship_from_address_county",
             "ship_from_address_state_or_region", "ship_from_address_postalcode",
             "ship_from_address_countrycode")


def template_sheets(codes: list[str] = VALID_VALUES) -> list[tuple[str, list[list[object]]]]:
    """Like Seller Central's download: the template sheet (three header lines) and a sheet of
    valid values, one column per field."""
    template = [["TemplateType=OrderFulfillment", "Version=2024.0101", "この行はAmazonが使用します"],
                ["注文番号", "注文商品番号", *(["…"] * 17)],
                list(FIELDS_19)]
    valid = [["quantity", "carrier-code", "cod-collection-method"]]
    for i, code in enumerate(codes[1:]):
        valid.append(["1" if i == 0 else None, code, "DirectPayment" if i == 0 else None])
    return [("出荷通知", template), ("有効な値", valid)]


def test_template_values_and_header_are_read() -> None:
    t = S.confirm_template(template_sheets(), "Flat.File.ShippingConfirm.jp.xlsx")
    assert t.codes == ("Blue Package", "Japan Post", "YamatoTransport", "SagawaExpress", "Other")
    assert t.header[2] == FIELDS_19 and t.header[0][0] == "TemplateType=OrderFulfillment"


def test_a_code_the_template_lacks_becomes_other_with_the_name() -> None:
    codes = ["carrier-code", "YAMATO", "SagawaExpress", "Other"]  # no Japan Post, Yamato spelled YAMATO
    t = S.confirm_template(template_sheets(codes), "t.xlsx")
    yamato = replace(BASE, ship_method="宅急便", tracking_number="444413758703")
    post = replace(BASE, row=6, order_item_id="22222222222222")
    plan = S.plan_confirmations([yamato, post], Settings(), TODAY, t)
    assert [(x.code, x.name) for x in plan.lines] == [("YAMATO", "ヤマト運輸"), ("Other", "日本郵便")]
    assert "t.xlsx" in plan.code_source and "3件" in plan.code_source
    assert S.plan_confirmations([post], Settings(), TODAY).code_source == S.BUILTIN_SOURCE
    # the template's own spelling wins when it differs only in case
    t2 = S.confirm_template(template_sheets(["carrier-code", "japan post", "Other"]), "t2.txt")
    assert S.plan_confirmations([post], Settings(), TODAY, t2).lines[0].code == "japan post"


def test_yamato_listed_both_ways() -> None:
    t = S.confirm_template(template_sheets(["carrier-code", "YamatoTransport", "Other"]), "t.xlsx")
    line = S.plan_confirmations([replace(BASE, ship_method="ネコポス", tracking_number="444413758703")],
                                Settings(), TODAY, t).lines[0]
    assert (line.code, line.name) == ("YamatoTransport", "ヤマト運輸")


def test_file_follows_the_templates_19_columns() -> None:
    t = S.confirm_template(template_sheets(), "t.xlsx")
    plan = S.plan_confirmations([replace(BASE, payment_method=PAYMENT_COD)], Settings(), TODAY, t)
    rows = [r.split("\t") for r in S.file_text(plan.lines, t).split("\r\n")[:-1]]
    assert all(len(r) == 19 for r in rows)
    assert tuple(rows[2]) == FIELDS_19
    data = dict(zip(FIELDS_19, rows[3], strict=True))
    assert data["order-id"] == BASE.order_id and data["carrier-code"] == "Japan Post"
    assert data["cod-collection-method"] == "DirectPayment" and data["ship-date"] == "2026-03-09"
    assert data["ship_from_address_name"] == "" and data["transparency_code"] == ""


def test_a_file_without_carrier_codes_is_refused() -> None:
    with pytest.raises(ValueProblem, match="carrier-code"):
        S.confirm_template([("x", [["order-id", "carrier-code"], ["503-1", ""]])], "x.txt")


ROW = dict(order_id="503-1234567-1234567", order_item_id="11111111111111", purchased_at=datetime(2026, 3, 8, 9),
           ship_by=datetime(2026, 3, 10), quantity=1, ship_method="ゆうパック", shipped_on=datetime(2026, 3, 9),
           tracking_number="123456789012", payment_method=PAYMENT_COD, cod_amount=3630)


def write_xlsx_template(path: Path, codes: list[str]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in template_sheets(codes):
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


def test_cli_template_option_and_the_setting(workbook: Path, tmp_path: Path, capsys) -> None:
    fill_orders(workbook, [ROW])
    tpl = write_xlsx_template(tmp_path / "Flat.File.ShippingConfirm.jp.xlsx", ["carrier-code", "YAMATO", "Other"])
    out = tmp_path / "出荷通知.txt"
    assert main(["confirm-file", str(workbook), str(out), "--template", str(tpl), "--today", "2026-03-10"]) == 0
    printed = capsys.readouterr().out
    assert "Flat.File.ShippingConfirm.jp.xlsx" in printed and "carrier-code" in printed
    line = out.read_bytes().decode("cp932").split("\r\n")[3].split("\t")
    assert line[4:6] == ["Other", "日本郵便"] and line[8] == "DirectPayment" and len(line) == 19

    # Without a template: the built-in list, said so.
    assert main(["confirm-file", str(workbook), str(out), "--today", "2026-03-10"]) == 0
    assert "組み込みの一覧" in capsys.readouterr().out
    assert out.read_bytes().decode("cp932").split("\r\n")[3].split("\t")[4] == "Japan Post"

    # The 設定 entry does the same as --template (a text template here: tab-separated).
    txt = tmp_path / "template.txt"
    txt.write_bytes("carrier-code\tJapan Post\tOther\r\n".encode("cp932"))
    fill_orders(workbook, [ROW], settings={"出荷通知テンプレート": str(txt)})
    result = export_confirm_file(XlsxBook.open(workbook), TODAY)
    assert "template.txt" in result.plan.code_source and result.plan.lines[0].code == "Japan Post"


def test_bad_templates_get_a_japanese_message(workbook: Path, tmp_path: Path) -> None:
    fill_orders(workbook, [ROW])
    book = XlsxBook.open(workbook)
    with pytest.raises(UserError, match="見つかりません"):
        export_confirm_file(book, TODAY, tmp_path / "none.xlsx")
    xls = tmp_path / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    with pytest.raises(UserError, match=r"\.xlsx"):
        export_confirm_file(book, TODAY, xls)
    empty = tmp_path / "empty.txt"
    empty.write_text("order-id\tcarrier-code\n", encoding="utf-8")
    with pytest.raises(UserError, match="carrier-code"):
        export_confirm_file(book, TODAY, empty)


def test_setting_row_exists_and_is_read() -> None:
    rows = default_rows()
    assert any(r[0] == "出荷通知テンプレート" for r in rows)
    for r in rows:
        if r[0] == "出荷通知テンプレート":
            r[1] = "C:/Users/me/Downloads/Flat.File.ShippingConfirm.jp.xlsx"
    assert read_settings(rows).confirm_template.endswith("ShippingConfirm.jp.xlsx")
