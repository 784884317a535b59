"""連絡文: the texts to the buyer and to Amazon's seller support (issue 16), from real triage."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest

from addin.core import letters as L
from addin.core import message_templates as T
from addin.core import messages as M
from addin.core.codes import Finding, LetterPart, Status
from addin.core.model import Order, Settings, Triage
from addin.core.policy import Rule, find
from addin.core.triage import triage_order

S = Settings(shop_name="ほんの森書店")
TODAY = date(2026, 12, 7)  # Monday
SHIP_BY = date(2026, 12, 10)  # Thursday
ID = "503-1234567-1234567"


def order(**kw: object) -> Order:
    base: dict[str, object] = dict(
        row=2, order_id=ID, order_item_id="1", purchased_at=datetime(2026, 12, 5, 10), ship_by=SHIP_BY,
        product_name="はじめてのPython 第3版", quantity=1, buyer_name="山田 太郎", recipient="山田 太郎",
        postcode="150-0001", prefecture="東京都", address1="渋谷区神宮前1-2-3", address2="",
        listed_condition="非常に良い", ship_method="クリックポスト")
    base.update(kw)
    return Order(**base)  # type: ignore[arg-type]


def found(*fs: Finding):  # an injected address/name checker, as in test_triage
    def f(o: Order, mailbox: tuple[str, ...]) -> list[tuple[Finding, str]]:
        return [(x, x.label) for x in fs]
    return f


def triaged(o: Order, *fs: Finding) -> tuple[Order, Triage]:
    return o, triage_order(o, S, TODAY, find=found(*fs))


def make(*entries: tuple[Order, Triage], rows: object = None) -> M.Batch:
    return M.make_messages(list(entries), S, rows or L.default_template_rows(), TODAY)


def one(*entries: tuple[Order, Triage], rows: object = None) -> M.Message:
    batch = make(*entries, rows=rows)
    assert batch.problems == []
    (msg,) = batch.messages
    return msg


def assert_sendable(m: M.Message) -> None:
    """What every text must be: names its order, nothing left unfilled, no URL/e-mail/phone,
    within Amazon's length, passes every messaging rule."""
    assert ID in m.body or ID in m.subject
    assert not re.search(r"[{}｛｝]", m.body + m.subject)
    hard = {Rule.URL, Rule.EMAIL, Rule.PHONE}
    assert [r for line in (m.subject + "\n" + m.body).split("\n") for r, _ in find(line) if r in hard] == []
    assert M.check_text(m.body, "本文") == []
    assert 0 < len(m.body) <= M.MAX_BODY_CHARS


# --- templates -------------------------------------------------------------------------------


def test_default_message_rows_are_on_the_sheet_and_pass_the_rules() -> None:
    rows = L.default_template_rows()
    keys = [k for k, _ in rows]
    assert set(T.MESSAGE_KEYS) <= set(keys) and len(keys) == len(set(keys))
    templates = L.parse_templates(rows)
    assert M.check_message_templates(templates) == []


def test_old_sheet_without_message_rows_gets_the_default_wording_and_letters_still_work() -> None:
    rows = [list(r) for r in L.DEFAULT_TEMPLATES]  # a 文面 from release 0.1.0
    templates = L.parse_templates(rows)
    assert templates[T.M_OPENING].text == dict(T.MESSAGE_TEMPLATES)[T.M_OPENING]
    assert templates[T.M_OPENING].row is None
    m = one(triaged(order(stock="欠品")), rows=rows)
    assert "【在庫切れのお詫び】" in m.body
    batch = L.make_batch([(order(), (LetterPart.NO_REPLY,))], S, templates, TODAY, width=80, max_rows=44)
    assert batch.problems == [] and len(batch.letters) == 1


def test_message_placeholders_only_in_message_rows() -> None:
    rows = [list(r) for r in L.default_template_rows()]
    i = next(i for i, r in enumerate(rows) if r[0] == "結び")
    rows[i][1] += "{返信期限}"
    with pytest.raises(L.LetterError) as e:
        L.parse_templates(rows)
    assert "文面 " in str(e.value) and "{返信期限} は使えません" in str(e.value)


def test_unknown_placeholder_in_a_message_row_names_the_row() -> None:
    rows = [list(r) for r in L.default_template_rows()]
    i = next(i for i, r in enumerate(rows) if r[0] == T.M_CLOSING)
    rows[i][1] += "{電話}"
    with pytest.raises(L.LetterError) as e:
        L.parse_templates(rows)
    (p,) = e.value.problems
    assert p.template == T.M_CLOSING and f"{i + 2}行目" in p.message


# --- 要連絡: one message per order, every topic ----------------------------------------------

TOPIC_CASES: list[tuple[M.Topic, dict[str, object], tuple[Finding, ...], str, str]] = [
    (M.Topic.ADDRESS_NUMBER, dict(address1="渋谷区神宮前"), (Finding.ADDRESS_NO_NUMBER,),
     "【お届け先の番地・号について】", M.REASON_ORDER_PROBLEM),
    (M.Topic.ADDRESS_EMPTY, dict(address1="", prefecture=""), (Finding.ADDRESS_EMPTY,),
     "【お届け先のご住所について】", M.REASON_ORDER_PROBLEM),
    (M.Topic.ROOM_NUMBER, dict(address2="メゾン神宮前"), (Finding.ROOM_NUMBER_MISSING,),
     "【部屋番号について】", M.REASON_DELIVERY),
    (M.Topic.NAME_EMPTY, dict(recipient="", buyer_name="山田 太郎"), (Finding.NAME_EMPTY,),
     "お届け先のお名前（受取人）が空欄", M.REASON_ORDER_PROBLEM),
    (M.Topic.NAME_CHECK, dict(recipient="090-1234-5678"), (Finding.NAME_NOT_A_NAME,),
     "お名前以外の内容", M.REASON_DELIVERY),
    (M.Topic.OUT_OF_STOCK, dict(stock="欠品"), (), "【在庫切れのお詫び】", M.REASON_ORDER_PROBLEM),
    (M.Topic.UNSHIPPABLE, dict(actual_condition="発送不可"), (), "【商品の状態についてのお詫び】",
     M.REASON_ORDER_PROBLEM),
    (M.Topic.CONDITION, dict(actual_condition="良い", condition_memo="鉛筆の書き込み"), (),
     "【商品の状態について】", M.REASON_ORDER_PROBLEM),
    (M.Topic.TIME_REQUEST, dict(), (Finding.TIME_REQUEST_MAILBOX,), "【お届け時間のご希望について】",
     M.REASON_DELIVERY),
]


@pytest.mark.parametrize(("topic", "fields", "findings", "heading", "reason"), TOPIC_CASES,
                         ids=[c[0].value for c in TOPIC_CASES])
def test_each_topic(topic: M.Topic, fields: dict[str, object], findings: tuple[Finding, ...],
                    heading: str, reason: str) -> None:
    o, t = triaged(order(**fields), *findings)
    assert t.status is Status.CONTACT_BUYER
    m = one((o, t))
    assert m.kind is M.Kind.BUYER and m.to == "購入者" and m.topics == (topic,)
    assert heading in m.body and m.reason == reason
    assert m.deadline == TODAY
    assert m.reply_by == date(2026, 12, 9)  # 2 business days, before the day before ship-by
    assert "2026年12月9日（水）まで" in m.body
    assert_sendable(m)
    if topic in M.ITEM_TOPICS:
        assert "注文履歴" in m.body and "「商品をキャンセル」" in m.body
        assert "キャンセルのリクエストをお願いいたします" in m.body
    if topic is M.Topic.NAME_CHECK:
        assert "090" not in m.body  # the recipient field is not quoted back


def test_address_is_quoted_as_written() -> None:
    m = one(triaged(order(address1="渋谷区神宮前", address2="ﾒｿﾞﾝ"), Finding.ADDRESS_NO_NUMBER))
    assert "〒150-0001 東京都 渋谷区神宮前 ﾒｿﾞﾝ" in m.body


def test_seven_digit_postcode_is_written_with_its_hyphen() -> None:
    m = one(triaged(order(postcode="１５００００１", address1="渋谷区神宮前"), Finding.ADDRESS_NO_NUMBER))
    assert "〒150-0001 東京都 渋谷区神宮前" in m.body
    odd = one(triaged(order(postcode="150-00", address1="渋谷区神宮前"), Finding.ADDRESS_NO_NUMBER))
    assert "〒150-00 東京都" in odd.body


def test_condition_names_both_conditions_and_the_note() -> None:
    m = one(triaged(order(actual_condition="可", condition_memo="カバーに破れ")))
    assert "「非常に良い」として出品" in m.body and "「可」相当" in m.body and "カバーに破れ" in m.body


def test_only_shippable_questions_say_we_ship_without_a_reply() -> None:
    asks = one(triaged(order(), Finding.ROOM_NUMBER_MISSING))
    assert "ご返信がない場合は、このまま発送" in asks.body
    blocks = one(triaged(order(address1="渋谷区"), Finding.ADDRESS_NO_NUMBER))
    assert "このまま発送させていただきます" not in blocks.body


def test_two_topics_in_one_message() -> None:
    o, t = triaged(order(address1="渋谷区神宮前", actual_condition="良い", condition_memo="書き込み"),
                   Finding.ADDRESS_NO_NUMBER)
    m = one((o, t))
    assert m.topics == (M.Topic.ADDRESS_NUMBER, M.Topic.CONDITION)
    assert m.body.index("【お届け先の番地・号について】") < m.body.index("【商品の状態について】")
    assert m.body.count("2026年12月9日（水）") == 1
    assert_sendable(m)


def test_two_items_of_one_order_make_one_message_naming_each_item() -> None:
    a = triaged(order(stock="欠品", product_name="本A"))
    b = triaged(order(row=3, order_item_id="2", stock="欠品", product_name="本B"))
    m = one(a, b)
    assert m.rows == (2, 3) and "「本A」" in m.body and "「本B」" in m.body
    assert m.body.count("「商品をキャンセル」から") == 1  # how to cancel, once, after the items


def test_address_questions_dropped_when_nothing_can_ship() -> None:
    m = one(triaged(order(stock="欠品", address1="渋谷区"), Finding.ADDRESS_NO_NUMBER))
    assert m.topics == (M.Topic.OUT_OF_STOCK,) and "番地" not in m.body


def test_reply_by_is_never_before_today() -> None:
    # ship-by tomorrow: the reply window end would be today or earlier.
    m = one(triaged(order(ship_by=date(2026, 12, 8), stock="欠品")))
    assert m.reply_by == TODAY


# --- 要CS連絡 ----------------------------------------------------------------------------------


def test_support_text_after_a_bounce() -> None:
    o, t = triaged(order(address1="渋谷区神宮前", contacted_on=date(2026, 12, 3), contact_result="送信エラー"),
                   Finding.ADDRESS_NO_NUMBER)
    assert t.status is Status.CONTACT_SUPPORT
    m = one((o, t))
    assert m.kind is M.Kind.SUPPORT and m.to == "カスタマーサポート"
    assert "12月3日（木）にAmazonのメッセージ機能で購入者に連絡しましたが、送信エラー" in m.body
    assert f"注文番号：{ID}" in m.body and "出荷予定日：2026年12月10日（木）" in m.body
    assert "番地・号までの正しい住所" in m.body and "キャンセルしてよいか" in m.body
    assert m.after_send.startswith("問い合わせたら「CS連絡日」")
    assert_sendable(m)


def test_support_text_after_no_reply_names_the_reply_window_end() -> None:
    o, t = triaged(order(stock="欠品", contacted_on=date(2026, 12, 1)))
    assert t.status is Status.CONTACT_SUPPORT
    m = one((o, t))
    assert "12月1日（火）に" in m.body and "返信期限の12月3日（木）までに返信がありませんでした" in m.body
    assert "在庫を切らしており" in m.body


# --- 要キャンセル -----------------------------------------------------------------------------


def test_buyer_who_wants_to_cancel_is_asked_to_request_it() -> None:
    o, t = triaged(order(contacted_on=date(2026, 12, 3), contact_result="キャンセル希望"))
    assert t.status is Status.CANCEL
    m = one((o, t))
    assert m.kind is M.Kind.CANCEL_REQUEST and m.to == "購入者"
    assert "注文履歴" in m.body and "キャンセルをリクエスト" in m.body
    assert m.reply_by is None and "当店でキャンセル" not in m.body
    assert_sendable(m)


def test_buyer_who_answered_about_stock_is_asked_and_told_the_fallback() -> None:
    o, t = triaged(order(stock="欠品", contacted_on=date(2026, 12, 3), contact_result="返信あり"))
    assert t.status is Status.CANCEL
    m = one((o, t))
    assert m.kind is M.Kind.CANCEL_REQUEST and m.reply_by == SHIP_BY
    assert "出荷期限の2026年12月10日（木）までにリクエストを確認できない場合" in m.body


def test_no_cancel_request_when_the_seller_cancels() -> None:
    flagged = triaged(order(contact_result="キャンセル希望", contacted_on=date(2026, 12, 3),
                            order_flags="購入者がキャンセルを依頼"))
    supported = triaged(order(row=3, order_id="503-0000000-0000002", stock="欠品",
                              contacted_on=date(2026, 12, 1), support_contacted_on=date(2026, 12, 4)))
    assert flagged[1].status is Status.CANCEL and supported[1].status is Status.CANCEL
    assert make(flagged, supported).messages == []


# --- nothing --------------------------------------------------------------------------------


def test_no_text_for_done_ship_or_waiting() -> None:
    done = triaged(order(confirmed_on=date(2026, 12, 6), stock="欠品"))
    ship = triaged(order(order_id="503-0000000-0000002"))
    wait = triaged(order(order_id="503-0000000-0000003", stock="欠品", contacted_on=date(2026, 12, 7)))
    assert [t.status for _, t in (done, ship, wait)] == [Status.DONE, Status.SHIP, Status.WAIT_REPLY]
    assert make(done, ship, wait) == M.Batch()


def test_a_done_row_of_an_order_adds_no_topic() -> None:
    a = triaged(order(stock="欠品", product_name="本A"))
    b = triaged(order(row=3, order_item_id="2", stock="欠品", product_name="本B", cancelled_on=TODAY))
    m = one(a, b)
    assert "本A" in m.body and "本B" not in m.body


# --- seller's wording and the rules -----------------------------------------------------------


def edited(key: str, text: str) -> list[list[object]]:
    rows = [list(r) for r in L.default_template_rows()]
    i = next(i for i, r in enumerate(rows) if r[0] == key)
    rows[i][1] = text
    return rows


def test_seller_edited_template_changes_the_next_text() -> None:
    rows = edited(T.M_ADDRESS_NUMBER, "【番地】\n{お届け先} の番地を教えてください。")
    m = one(triaged(order(address1="渋谷区神宮前"), Finding.ADDRESS_NO_NUMBER), rows=rows)
    assert "【番地】\n〒150-0001 東京都 渋谷区神宮前 の番地を教えてください。" in m.body


@pytest.mark.parametrize(("text", "label"), [
    ("詳しくは https://example.com をご覧ください。", "URL"),
    ("ご不明点は shop@example.com まで。", "メールアドレス"),
    ("お急ぎの方は 03-1234-5678 へお電話ください。", "電話番号"),
    ("商品到着後、★5の評価をいただけると嬉しいです。", "高評価"),
    ("次回使える10%OFFクーポンを差し上げます。", "クーポン"),
    ("新商品も入荷しましたのでぜひご覧ください。", "宣伝"),
])
def test_rule_breaking_template_names_row_line_and_rule(text: str, label: str) -> None:
    rows = edited(T.M_CLOSING, "よろしくお願いいたします。\n" + text + "\n{ショップ名}")
    batch = make(triaged(order(stock="欠品")), rows=rows)
    assert batch.messages == []
    row = next(i for i, r in enumerate(rows) if r[0] == T.M_CLOSING) + 2
    assert any(f"文面 {row}行目「{T.M_CLOSING}」 2行目" in p.message and label in p.message
               for p in batch.problems), [p.message for p in batch.problems]
    # Letters are not refused because of a message row.
    letters = L.make_batch([(order(), (LetterPart.NO_REPLY,))], S, L.parse_templates(rows), TODAY,
                           width=80, max_rows=44)
    assert letters.problems == []


def test_a_breach_stops_only_the_texts_using_that_row() -> None:
    rows = edited(T.M_TIME_REQUEST, "LINEでご連絡ください。")
    batch = make(triaged(order(), Finding.TIME_REQUEST_MAILBOX),
                 triaged(order(order_id="503-0000000-0000002", stock="欠品")), rows=rows)
    assert [m.order_id for m in batch.messages] == ["503-0000000-0000002"]
    assert len(batch.problems) == 1 and T.M_TIME_REQUEST in batch.problems[0].message


def test_buyer_data_with_a_phone_number_stops_the_text_without_printing_it() -> None:
    o = order(address1="渋谷区神宮前", address2="090-1234-5678")
    batch = make(triaged(o, Finding.ADDRESS_NO_NUMBER))
    assert batch.messages == []
    (p,) = batch.problems
    assert "電話番号" in p.message and "5678" not in p.message


def test_missing_value_is_a_problem_naming_the_cell() -> None:
    batch = make(triaged(order(actual_condition="良い", condition_memo="")))
    assert batch.messages == []
    assert any("{状態メモ}" in p.message and "状態メモ" in p.message for p in batch.problems)


def test_body_over_amazons_limit_is_refused() -> None:
    memo = "書き込みあり" * 30
    items = [triaged(order(row=2 + i, order_item_id=str(i), actual_condition="可", condition_memo=memo,
                           product_name=f"本{i}")) for i in range(10)]
    batch = make(*items)
    assert batch.messages == []
    assert any(f"上限（{M.MAX_BODY_CHARS}文字）" in p.message for p in batch.problems)


def test_json_and_plain_text() -> None:
    m = one(triaged(order(stock="欠品")))
    j = m.json()
    assert j["to"] == "購入者" and j["kind"] == "BUYER" and j["topics"] == ["OUT_OF_STOCK"]
    assert j["reply_by"] == "2026-12-09" and j["body"] == m.body
    text = M.plain_text([m])
    assert text.startswith(f"■ 注文番号 {ID} ／ 宛先: 購入者 ／ 問い合わせ内容: 注文に関する問題")
    assert text.endswith(m.body)
