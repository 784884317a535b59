"""宛名と敬称 in letters, 連絡文 and the label files (one rule, core.honorific); the letter wording
and the date/signature cells (right-aligned by the cell, one block write)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from addin import layout
from addin.core import letters as L
from addin.core import messages as M
from addin.core.codes import LetterPart, Status
from addin.core.labels.clickpost import LAYOUT as CLICKPOST
from addin.core.labels.fields import read_back
from addin.core.labels.rules import Sender, build_labels
from addin.core.model import Order, Settings, Triage
from addin.core.triage import triage_order
from addin.ops.letters import sheet_rows

S = Settings(shop_name="まの書店", signature="担当：まの")
TODAY = date(2026, 12, 7)
ORDER = Order(row=5, order_id="503-1234567-7654321", order_item_id="1", purchased_at=datetime(2026, 12, 4, 10),
              ship_by=date(2026, 12, 9), product_name="本", quantity=1, buyer_name="山田 太郎",
              recipient="山田 太郎", postcode="100-0001", prefecture="東京都", address1="千代田区千代田1-1",
              ship_method="クリックポスト", contacted_on=date(2026, 12, 4), contact_result="送信エラー",
              listed_condition="非常に良い", actual_condition="良い", condition_memo="表紙に傷")


def letter(order: Order, rows: object = None) -> L.Letter:
    templates = L.parse_templates(rows) if rows is not None else L.default_templates()
    return L.compose_letter(order, [LetterPart.MESSAGE_FAILED, LetterPart.CONDITION], S, templates, TODAY)


def to_lines(x: L.Letter) -> list[str]:
    return [ln.text for ln in x.lines if ln.style is L.Style.TO]


def test_person_company_and_company_with_person() -> None:
    assert to_lines(letter(ORDER)) == ["山田 太郎 様"]
    company = replace(ORDER, buyer_name="株式会社テスト")
    assert to_lines(letter(company)) == ["株式会社テスト 御中"]
    person = replace(ORDER, buyer_name="（株）テスト 総務部 山田太郎")
    assert to_lines(letter(person)) == ["（株）テスト 総務部", "山田太郎 様"]
    assert to_lines(letter(replace(ORDER, buyer_name="テスト商事", is_business=True))) == ["テスト商事 御中"]


def test_an_older_sheet_with_a_fixed_sama_gets_the_honorific_too() -> None:
    rows = [[k, "{宛名}　様" if k == L.KEY_TO else t] for k, t in L.DEFAULT_TEMPLATES]
    assert to_lines(letter(replace(ORDER, buyer_name="合同会社ABC"), rows)) == ["合同会社ABC 御中"]
    assert to_lines(letter(ORDER, rows)) == ["山田 太郎 様"]


def test_messages_use_the_same_addressee() -> None:
    o = replace(ORDER, buyer_name="株式会社テスト", contacted_on=None, contact_result="", actual_condition="良い")
    t = triage_order(o, S, TODAY)
    assert t.status is Status.CONTACT_BUYER
    batch = M.make_messages([(o, t)], S, L.default_template_rows(), TODAY)
    assert batch.problems == []
    assert batch.messages[0].body.startswith("株式会社テスト 御中\n")


def test_label_files_use_the_same_rule() -> None:
    ok = Triage(Status.SHIP, "", date(2026, 12, 9), 2)
    entries = [(replace(ORDER, order_id=f"503-0000000-000000{n}", recipient=name), ok)
               for n, name in enumerate(("山田 太郎", "株式会社テスト", "株式会社テスト 山田太郎"))]
    (data,) = build_labels("clickpost", entries, Sender(), TODAY).files()
    assert [rec[2] for rec in read_back(CLICKPOST, data)] == ["様", "御中", "様"]


def test_wording_says_the_message_failed_and_ships_by_the_ship_by_date() -> None:
    text = letter(ORDER).text
    assert "メッセージをお届けできませんでした" in text and "お客様へお届けすることができませんでした" not in text
    assert "出荷予定日までに発送するため" in text and "出荷予定日までにお届けするため" not in text
    defaults = dict(L.DEFAULT_TEMPLATES)
    assert "出荷予定日までにお届け" not in defaults[LetterPart.NO_REPLY.label]


def test_date_and_signature_go_right_aligned_in_one_block() -> None:
    batch = L.make_batch([(ORDER, (LetterPart.MESSAGE_FAILED,))], S, L.default_templates(), TODAY,
                         width=layout.LETTER_LINE_WIDTH, max_rows=layout.LETTER_ROWS)
    rows, styles = sheet_rows(batch)
    right = layout.LETTER_RIGHT_COL - 1
    assert len(rows) == layout.LETTER_ROWS and all(len(r) == layout.LETTER_COLS for r in rows)
    for row, style in zip(rows, styles, strict=True):
        if style in (L.Style.DATE, L.Style.SIGN):
            assert row[0] is None and row[right] == str(row[right]).strip()  # no padding
        else:
            assert row[right] is None
    assert [r[right] for r, s in zip(rows, styles, strict=True) if s is L.Style.SIGN] == \
        ["Amazon.co.jp 出品者", "まの書店", "担当：まの"]
    assert rows[0][right] == "2026年12月7日"


def test_template_right_aligns_the_date_and_signature_column(workbook) -> None:
    """The xlwings shell writes only values: the template's column format aligns them."""
    import openpyxl
    from openpyxl.utils import get_column_letter

    ws = openpyxl.load_workbook(workbook, keep_vba=True)[layout.LETTERS]
    dims = ws.column_dimensions
    assert dims[get_column_letter(layout.LETTER_RIGHT_COL)].alignment.horizontal == "right"
    assert dims["A"].alignment.horizontal in (None, "general", "left")
