import re

import openpyxl

from addin import layout
from addin.layout import Owner

# The product specification's column lists, verbatim, plus the report columns added with the import
# (金額 for the tracking metric, お届け指定 and 注文状況 carried from the reports).
PRODUCT_REPORT = ("注文番号, 注文商品ID, 購入日時, 出荷期限, 配送サービス, SKU, 商品名, 数量, 購入者名, 購入者メール, "
                  "受取人, 郵便番号, 都道府県, 住所1, 住所2, 住所3, 電話番号, 法人注文, プライム, 支払方法, 代引金額, "
                  "Amazonの警告")
PRODUCT_SELLER = ("出品コンディション, 実際の状態, 状態メモ, 在庫, 発送方法, 連絡日, 連絡結果, CS連絡日, 発送日, "
                  "出荷通知日, 追跡番号, キャンセル日, メモ")
PRODUCT_COMPUTED = "ステータス, 対応, 期限, 残り営業日, 理由, 手紙"
ADDED_REPORT = {"金額", "お届け指定", "注文状況"}


def _split(s: str) -> set[str]:
    return {x.strip() for x in s.split(",")}


def test_owners_match_product():
    by_owner = {o: {c.header for c in layout.ORDER_COLUMNS if c.owner is o} for o in Owner}
    assert by_owner[Owner.REPORT] == _split(PRODUCT_REPORT) | ADDED_REPORT
    assert by_owner[Owner.SELLER] == _split(PRODUCT_SELLER)
    # 説明: the full explanation, moved out of 対応 so that 対応 fits its column (≤ 30 characters)
    assert by_owner[Owner.COMPUTED] == _split(PRODUCT_COMPUTED) | {"説明"}


def test_headers_and_keys_unique():
    headers = [c.header for c in layout.ORDER_COLUMNS]
    keys = [c.key for c in layout.ORDER_COLUMNS]
    assert len(set(headers)) == len(headers)
    assert len(set(keys)) == len(keys)


def test_closed_sets_have_dropdowns():
    choices = {c.header: c.choices for c in layout.ORDER_COLUMNS if c.choices}
    assert set(choices) == {"出品コンディション", "実際の状態", "在庫", "発送方法", "連絡結果"}
    assert "発送不可" in choices["実際の状態"] and "発送不可" not in choices["出品コンディション"]


def test_no_sheet_name_ends_in_py():
    assert not any(s.lower().endswith(".py") for s in layout.SHEETS)


def test_template_has_layout(workbook):
    wb = openpyxl.load_workbook(workbook, keep_vba=True)
    assert wb.sheetnames[: len(layout.SHEETS)] == list(layout.SHEETS)
    ws = wb[layout.ORDERS]
    block = [list(r) for r in ws.iter_rows(max_row=10, values_only=True)]
    idx = layout.find_header_row(block)
    assert idx == layout.ORDERS_HEADER_ROW - 1
    headers = [v for v in block[idx] if v]
    assert headers == [c.header for c in layout.ORDER_COLUMNS]
    assert ws.freeze_panes is not None and ws.freeze_panes.endswith(str(layout.ORDERS_HEADER_ROW + 1))
    # drop-downs for every closed set, dates formatted as dates, ids as text
    lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"}
    assert len(lists) == len([c for c in layout.ORDER_COLUMNS if c.choices]) == 5
    # every seller column says what goes in it when selected
    prompts = {str(dv.sqref).split(":")[0].rstrip("0123456789") for dv in ws.data_validations.dataValidation
               if dv.prompt}
    seller = {openpyxl.utils.get_column_letter(i) for i, c in enumerate(layout.ORDER_COLUMNS, start=1)
              if c.owner is layout.Owner.SELLER and (c.choices or c.kind is layout.Kind.DATE)}
    assert seller <= prompts
    frozen = 1 + [c.header for c in layout.ORDER_COLUMNS].index(layout.ORDERS_FROZEN_THROUGH)
    first_free = openpyxl.utils.get_column_letter(frozen + 1)
    assert frozen <= 8 and ws.freeze_panes == f"{first_free}{layout.ORDERS_HEADER_ROW + 1}"
    assert ws.auto_filter.ref and ws.auto_filter.ref.startswith(f"A{layout.ORDERS_HEADER_ROW}")
    assert wb[layout.XLWINGS_CONF].sheet_state == "hidden"
    assert wb.active.title == layout.TODAY
    for c, col in enumerate(layout.ORDER_COLUMNS, start=1):
        letter = openpyxl.utils.get_column_letter(c)
        assert ws.column_dimensions[letter].width >= 5
        if col.kind is layout.Kind.DATE:
            assert "yy" in ws.column_dimensions[letter].number_format


def test_header_found_after_inserted_column():
    header = ["自分の列", *[c.header for c in layout.ORDER_COLUMNS]]
    pos = layout.header_positions(header)
    assert pos["注文番号"] == 1
    assert all(re.match(r"\d+", str(v)) for v in pos.values())
