from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from addin.core import letters as L
from addin.core.codes import LetterPart as P
from addin.core.codes import Status
from addin.core.model import Order, Settings, Triage
from addin.core.policy import check_letter, check_templates

TODAY = date(2026, 3, 9)
SETTINGS = Settings(shop_name="まの書店", signature="担当：まの")

ORDER = Order(
    row=5,
    order_id="503-1234567-7654321",
    order_item_id="11111111111111",
    purchased_at=datetime(2026, 3, 4, 21, 15),
    ship_by=date(2026, 3, 9),
    product_name="はじめてのPython 第3版",
    quantity=1,
    buyer_name="山田 太郎",
    recipient="山田 太郎",
    listed_condition="非常に良い",
    actual_condition="良い",
    condition_memo="10ページほど鉛筆の書き込みがあります",
    ship_method="クリックポスト",
)


def make(parts, order=ORDER, settings=SETTINGS, templates=None) -> L.Letter:
    return L.compose_letter(order, tuple(parts), settings, templates or L.default_templates(), TODAY)


def body(letter: L.Letter) -> str:
    return letter.text


# --- templates ------------------------------------------------------------------------------


def test_default_rows_cover_every_part_and_pass_the_rules() -> None:
    rows = L.default_template_rows()
    keys = [k for k, _ in rows]
    assert len(keys) == len(set(keys))
    for part in P:
        assert part.label in keys
    templates = L.parse_templates(rows)
    assert check_templates(templates) == []
    for key, text in rows:
        for name in L.placeholders_in(text):
            assert name in L.allowed_placeholders(key)


def test_unknown_placeholder_names_row_and_placeholder() -> None:
    rows = [list(r) for r in L.default_template_rows()]
    i = next(i for i, r in enumerate(rows) if r[0] == "結び")
    rows[i][1] += "\n{お客様名}"
    with pytest.raises(L.LetterError) as e:
        L.parse_templates(rows, first_row=2)
    (problem,) = e.value.problems
    assert problem.template == "結び"
    assert problem.placeholder == "お客様名"
    assert f"{i + 2}行目" in problem.message and "{お客様名}" in problem.message


def test_unknown_duplicate_missing_and_empty_rows_are_all_reported() -> None:
    rows = [list(r) for r in L.default_template_rows() if r[0] != "署名"]
    rows.append(["追伸", "またのご利用を"])
    rows.append(["結び", "二つ目"])
    rows[0][1] = "   "
    with pytest.raises(L.LetterError) as e:
        L.parse_templates(rows)
    text = str(e.value)
    assert "区分「追伸」は使えません" in text
    assert "区分「結び」が" in text and "重複" in text
    assert "区分「署名」の行がありません" in text
    assert "文面 2行目「日付」: 文面が空欄です" in text


def test_blank_rows_are_skipped_but_counted_and_full_width_braces_work() -> None:
    rows = [list(r) for r in L.default_template_rows()]
    rows.insert(3, [None, None])
    i = next(i for i, r in enumerate(rows) if r[0] == "宛名")
    rows[i][1] = "｛宛名｝ 様"
    j = next(i for i, r in enumerate(rows) if r[0] == "署名")
    rows[j][0] = " 署名 "
    t = L.parse_templates(rows, first_row=2)
    assert t["署名"].row == j + 2
    assert "山田 太郎 様" in make([P.NO_REPLY], templates=t).text


# --- each kind -------------------------------------------------------------------------------


def common_checks(letter: L.Letter) -> None:
    text = letter.text
    assert "2026年3月9日" in text
    assert "山田 太郎 様" in text
    assert "503-1234567-7654321" in text
    assert "2026年3月4日" in text
    assert "出品者に連絡" in text and "注文履歴" in text
    assert letter.lines[-2].text == "まの書店" and letter.lines[-1].text == "担当：まの"
    assert "Amazon.co.jp 出品者" in text
    assert "{" not in text and "}" not in text
    assert check_letter(letter, SETTINGS) == []


def test_message_failed() -> None:
    letter = make([P.MESSAGE_FAILED])
    common_checks(letter)
    assert "送信エラー" in letter.text
    assert letter.kind_label == "連絡不達"
    assert letter.title == "商品発送のご案内"


def test_no_reply() -> None:
    letter = make([P.NO_REPLY])
    common_checks(letter)
    assert "ご返信を確認することができませんでした" in letter.text
    assert "送信エラー" not in letter.text


def test_condition_explains_what_differs_and_how_to_return() -> None:
    letter = make([P.NO_REPLY, P.CONDITION])
    common_checks(letter)
    text = letter.text
    assert "「非常に良い」" in text and "「良い」" in text
    assert "（状態：10ページほど鉛筆の書き込みがあります）" in text
    assert "商品の返品" in text
    assert letter.kind_label == "返信なし・状態相違"


def test_time_request_names_the_mailbox_method() -> None:
    letter = make([P.MESSAGE_FAILED, P.TIME_REQUEST])
    common_checks(letter)
    assert "（クリックポスト）" in letter.text and "投函" in letter.text


def test_address_as_written() -> None:
    letter = make([P.NO_REPLY, P.ADDRESS_AS_WRITTEN])
    common_checks(letter)
    assert "ご住所のとおりに発送" in letter.text


def test_packing_slip_alone_is_a_delivery_note() -> None:
    letter = make([P.PACKING_SLIP], order=replace(ORDER, is_business=True, quantity=3))
    common_checks(letter)
    assert letter.title == "納品書"
    assert "下記のとおり納品いたします" in letter.text
    assert "・はじめてのPython 第3版　数量：3" in letter.text
    assert "送信エラー" not in letter.text and "ご返信" not in letter.text


def test_packing_slip_with_an_explanation_doubles_as_the_letter() -> None:
    letter = make([P.NO_REPLY, P.CONDITION, P.PACKING_SLIP])
    assert letter.title == "納品書 兼 商品発送のご案内"
    assert letter.kind_label == "返信なし・状態相違・納品書"


def test_paragraphs_in_natural_order_and_bounce_wins_over_no_reply() -> None:
    letter = make([P.PACKING_SLIP, P.ADDRESS_AS_WRITTEN, P.TIME_REQUEST, P.CONDITION, P.NO_REPLY,
                   P.MESSAGE_FAILED])
    assert letter.parts == (P.MESSAGE_FAILED, P.CONDITION, P.TIME_REQUEST, P.ADDRESS_AS_WRITTEN,
                            P.PACKING_SLIP)
    sources = [ln.source for ln in letter.lines if ln.source]
    order = ["日付", "宛名", "表題", "書き出し", "連絡不達", "状態相違", "時間指定不可", "住所そのまま発送",
             "納品書", "結び", "注文内容", "商品明細", "署名"]
    firsts = [sources.index(k) for k in order if k != "表題"]
    assert firsts == sorted(firsts)
    assert "返信なし" not in sources


def test_triage_object_is_accepted() -> None:
    t = Triage(Status.SHIP_WITH_LETTER, "", TODAY, 0, letter=(P.NO_REPLY, P.CONDITION))
    assert make(t.letter).parts == L.compose_letter(ORDER, t, SETTINGS, L.default_templates(),
                                                   TODAY).parts


def test_no_parts_is_a_problem() -> None:
    with pytest.raises(L.LetterError, match="手紙の種類"):
        make([])


# --- several items, one letter ---------------------------------------------------------------


def test_one_letter_lists_every_item_of_the_order() -> None:
    second = replace(ORDER, row=6, order_item_id="22222222222222", product_name="続・Python入門",
                     quantity=2, listed_condition="良い", actual_condition="良い", condition_memo="")
    letter = L.compose_letter([ORDER, second], [(P.NO_REPLY, P.CONDITION), (P.NO_REPLY,)],
                              SETTINGS, L.default_templates(), TODAY)
    text = letter.text
    assert "・はじめてのPython 第3版　数量：1" in text
    assert "・続・Python入門　数量：2" in text
    # the condition paragraph talks only about the worse item; its empty memo is not needed
    assert text.count("出品時のコンディション") == 1
    assert letter.rows == (5, 6)
    assert letter.kind_label == "返信なし・状態相違"


def test_order_level_product_name_for_several_items() -> None:
    rows = [list(r) for r in L.default_template_rows()]
    i = next(i for i, r in enumerate(rows) if r[0] == "書き出し")
    rows[i][1] = "「{商品名}」（計{数量}点）をお届けいたします。"
    second = replace(ORDER, row=6, product_name="続・Python入門", quantity=2)
    letter = L.compose_letter([ORDER, second], (P.NO_REPLY,), SETTINGS, L.parse_templates(rows), TODAY)
    assert "「はじめてのPython 第3版 ほか1点」（計3点）" in letter.text


def test_batch_groups_rows_by_order_and_skips_orders_without_letters() -> None:
    other = replace(ORDER, row=7, order_id="249-0000000-0000001", buyer_name="佐藤 花子")
    plain = replace(ORDER, row=8, order_id="249-0000000-0000002")
    second_item = replace(ORDER, row=6, order_item_id="2", product_name="続・Python入門")
    batch = L.make_batch([(ORDER, (P.NO_REPLY,)), (second_item, ()), (other, (P.MESSAGE_FAILED,)),
                          (plain, ())], SETTINGS, L.default_template_rows(), TODAY,
                         width=80, max_rows=44)
    assert [x.order_id for x in batch.letters] == ["503-1234567-7654321", "249-0000000-0000001"]
    assert "続・Python入門" in batch.letters[0].text
    assert batch.problems == []
    assert all(len(p) <= 44 for p in batch.pages)


# --- placeholder values ----------------------------------------------------------------------


def test_missing_value_names_order_template_and_placeholder() -> None:
    with pytest.raises(L.LetterError) as e:
        make([P.CONDITION], order=replace(ORDER, condition_memo=""))
    (problem,) = e.value.problems
    assert problem.template == "状態相違" and problem.placeholder == "状態メモ"
    assert "503-1234567-7654321" in problem.message and "5行目" in problem.message
    assert "状態メモ" in problem.message


def test_missing_shop_name_and_quantity_are_reported_not_blank() -> None:
    with pytest.raises(L.LetterError) as e:
        make([P.NO_REPLY], order=replace(ORDER, quantity=None), settings=Settings())
    names = {p.placeholder for p in e.value.problems}
    assert names == {"ショップ名", "数量"}


def test_missing_value_only_matters_where_used() -> None:
    # no condition paragraph -> an empty 状態メモ is fine
    letter = make([P.NO_REPLY], order=replace(ORDER, condition_memo=""))
    assert "状態：" not in letter.text


def test_batch_keeps_other_letters_when_one_order_has_a_problem() -> None:
    bad = replace(ORDER, row=9, order_id="249-1111111-1111111", condition_memo="")
    phone = replace(ORDER, row=10, order_id="249-2222222-2222222",
                    condition_memo="詳しくは 090-1234-5678 まで")
    batch = L.make_batch([(ORDER, (P.CONDITION,)), (bad, (P.CONDITION,)), (phone, (P.CONDITION,))],
                         SETTINGS, L.default_template_rows(), TODAY, width=80, max_rows=44)
    assert [x.order_id for x in batch.letters] == ["503-1234567-7654321"]
    msgs = "\n".join(p.message for p in batch.problems)
    assert "249-1111111-1111111" in msgs and "{状態メモ}" in msgs
    assert "249-2222222-2222222" in msgs and "電話番号" in msgs


def test_batch_stops_on_template_breach() -> None:
    rows = [list(r) for r in L.default_template_rows()]
    i = next(i for i, r in enumerate(rows) if r[0] == "結び")
    rows[i][1] += "\n★5の評価をお願いいたします。"
    with pytest.raises(L.LetterError, match=r"文面 \d+行目「結び」 3行目"):
        L.make_batch([(ORDER, (P.NO_REPLY,))], SETTINGS, rows, TODAY, width=80, max_rows=44)


def test_too_long_for_one_page_is_a_problem() -> None:
    items = [replace(ORDER, row=5 + i, order_item_id=str(i), product_name=f"商品{i}" * 20)
             for i in range(12)]
    batch = L.make_batch([(o, (P.NO_REPLY,)) for o in items], SETTINGS, L.default_template_rows(),
                         TODAY, width=80, max_rows=44)
    assert batch.letters == []
    assert "1ページ（44行）に収まりません" in batch.problems[0].message


# --- buyer text stays literal ----------------------------------------------------------------


@pytest.mark.parametrize("name", ["=1+1", "+81 3", "-SUM(A1)", "@cmd", "{ショップ名}", "{{宛名}}"])
def test_buyer_text_is_printed_literally(name: str) -> None:
    letter = make([P.NO_REPLY], order=replace(ORDER, buyer_name=name, recipient=""))
    to = next(ln for ln in letter.lines if ln.style is L.Style.TO)
    assert to.text == f"{name} 様"


def test_recipient_used_when_buyer_name_is_blank() -> None:
    letter = make([P.NO_REPLY], order=replace(ORDER, buyer_name="", recipient="鈴木 一郎"))
    assert "鈴木 一郎 様" in letter.text


def test_policy_lines_mask_buyer_and_product_values() -> None:
    letter = make([P.CONDITION], order=replace(ORDER, buyer_name="LINE太郎",
                                               product_name="LINEで学ぶ www.example.com"))
    masked = "\n".join(ln.text for ln in letter.policy_lines)
    assert "LINE" not in masked and "〈宛名〉" in masked and "〈商品名〉" in masked
    assert "10ページほど鉛筆の書き込みがあります" in masked  # seller's own note is checked
    assert check_letter(letter, SETTINGS) == []


# --- 手紙 column -----------------------------------------------------------------------------


def test_letter_cell_round_trip() -> None:
    letter = make([P.NO_REPLY, P.CONDITION])
    cell = L.letter_cell(letter, 2)
    assert cell == "返信なし・状態相違 (p.2)"
    assert L.parse_letter_cell(cell) == (P.NO_REPLY, P.CONDITION)
    assert L.parse_letter_cell("NO_REPLY+CONDITION") == (P.NO_REPLY, P.CONDITION)
    assert L.parse_letter_cell("状態相違・返信なし（p.12）") == (P.NO_REPLY, P.CONDITION)
    assert L.parse_letter_cell(None) == () and L.parse_letter_cell("") == ()


# --- printing -------------------------------------------------------------------------------


def test_wrap_keeps_width_and_japanese_line_rules() -> None:
    text = "あ" * 39 + "。" + "い" * 10 + "「" + "う" * 30
    lines = L.wrap(text, 80)
    assert lines[0].endswith("あ。")  # the full stop hangs instead of starting a line
    assert all(L.text_width(x) <= 82 for x in lines)
    assert not any(x.startswith(("。", "、", "」")) for x in lines)
    assert not any(x.endswith("「") for x in lines)
    assert "".join(lines) == text


def test_wrap_does_not_split_latin_words() -> None:
    text = "あ" * 30 + " Programming Python"
    assert L.wrap(text, 70) == ["あ" * 30, "Programming Python"]
    assert L.wrap(text, 75) == ["あ" * 30 + " Programming", "Python"]


def test_wrap_moves_an_opening_bracket_to_the_next_line() -> None:
    assert L.wrap("あ" * 39 + "「う」", 80) == ["あ" * 39, "「う」"]


def test_print_lines_align_date_title_and_signature() -> None:
    printed = L.print_lines(make([P.NO_REPLY, P.CONDITION]), 80)
    date_line = printed[0]
    # date and signature are not padded: the shells right-align them by the cell
    assert date_line.text == "2026年3月9日" and date_line.style is L.Style.DATE
    title = next(p for p in printed if p.style is L.Style.TITLE)
    w = int(80 / L.STYLE_SCALE[L.Style.TITLE])
    pad = len(title.text) - len(title.text.lstrip(" "))
    assert abs(pad * 2 + L.text_width(title.text.strip()) - w) <= 1
    assert printed[-1].text == "担当：まの" and printed[-1].style is L.Style.SIGN
    body = [p for p in printed if p.style is L.Style.BODY]
    assert all(L.text_width(p.text) <= 82 for p in body)
    assert body[0].text.startswith("　このたびは")
