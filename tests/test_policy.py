from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from addin.core import letters as L
from addin.core.codes import LetterPart as P
from addin.core.model import Order, Settings
from addin.core.policy import Rule, check_letter, check_template_rows, check_text, find

# (rule, text that breaks it). Full-width forms are in here on purpose.
BREACHES: list[tuple[Rule, str]] = [
    (Rule.URL, "詳しくは https://example.com/shop をご覧ください"),
    (Rule.URL, "ｈｔｔｐｓ：／／ｅｘａｍｐｌｅ．ｃｏｍ"),
    (Rule.URL, "当店の www.mano-books.jp もどうぞ"),
    (Rule.URL, "mano-books.shop で検索"),
    (Rule.URL, "下記URLからどうぞ"),
    (Rule.QR, "同封のQRコードからどうぞ"),
    (Rule.QR, "ＱＲコードを読み取ってください"),
    (Rule.QR, "二次元コードからアクセス"),
    (Rule.EMAIL, "shop@example.com までご連絡ください"),
    (Rule.EMAIL, "ｓｈｏｐ＠ｅｘａｍｐｌｅ．ｃｏｍ"),
    (Rule.EMAIL, "メールアドレスはこちら"),
    (Rule.PHONE, "090-1234-5678"),
    (Rule.PHONE, "０９０‐１２３４‐５６７８"),
    (Rule.PHONE, "０３（１２３４）５６７８"),
    (Rule.PHONE, "09012345678"),
    (Rule.PHONE, "+81 90 1234 5678"),
    (Rule.PHONE, "０９０ー１２３４ー５６７８"),
    (Rule.PHONE, "お電話でお問い合わせください"),
    (Rule.PHONE, "TEL・FAXでも受け付けます"),
    (Rule.LINE_ID, "LINEでお気軽にどうぞ"),
    (Rule.LINE_ID, "ＬＩＮＥ ＩＤ：manobooks"),
    (Rule.LINE_ID, "ラインIDはmanoです"),
    (Rule.LINE_ID, "@mano_books まで"),
    (Rule.OFF_AMAZON, "インスタグラムもフォローしてください"),
    (Rule.OFF_AMAZON, "公式サイトではさらに多くの商品を"),
    (Rule.OFF_AMAZON, "当店のホームページもご覧ください"),
    (Rule.OFF_AMAZON, "次回は直接お取引いただけます"),
    (Rule.OFF_AMAZON, "メルカリにも出品しています"),
    (Rule.POSITIVE_REVIEW, "★5の評価をお願いします"),
    (Rule.POSITIVE_REVIEW, "☆５をいただけると励みになります"),
    (Rule.POSITIVE_REVIEW, "高評価をお願いいたします"),
    (Rule.POSITIVE_REVIEW, "良い評価をいただけますと幸いです"),
    (Rule.POSITIVE_REVIEW, "ご満足いただけましたら、ぜひ評価をお願いいたします"),
    (Rule.POSITIVE_REVIEW, "星5つの評価をお願いします"),
    (Rule.REVIEW_INSTEAD, "悪い評価の前にご連絡ください"),
    (Rule.REVIEW_INSTEAD, "評価をされる前に、まずはご連絡をお願いいたします"),
    (Rule.REVIEW_INSTEAD, "低評価をつけるのではなくご相談ください"),
    (Rule.REVIEW_CHANGE, "評価の削除をお願いできますでしょうか"),
    (Rule.REVIEW_CHANGE, "評価を変更していただけますと幸いです"),
    (Rule.INCENTIVE, "次回使えるクーポンを同封しました"),
    (Rule.INCENTIVE, "次回のご購入時に10%割引いたします"),
    (Rule.INCENTIVE, "１０％ＯＦＦ"),
    (Rule.INCENTIVE, "ささやかなプレゼントを同封いたしました"),
    (Rule.INCENTIVE, "Amazonギフト券を差し上げます"),
    (Rule.INCENTIVE, "特典としておまけを同封いたしました"),
]

# Wording that resembles a breach but is allowed: must pass every rule.
NEAR_MISSES = [
    "ご評価いただける場合は、率直なご感想をお聞かせください。",
    "ご連絡は Amazon の注文履歴からお願いいたします。",
    "Amazonの注文履歴から該当のご注文を選び、「出品者に連絡」よりお問い合わせください。",
    "Amazon.co.jp 出品者",
    "Amazonのメッセージ機能を通じてご連絡を差し上げましたが、送信エラーとなりました。",
    "ラインマーカーによる書き込みが数ページあります",
    "オンラインでのご注文、誠にありがとうございます。",
    "帯なし、初回特典は付属しておりません",
    "ご納得いただけない場合は返品・返金のご対応をいたします。",
    "次回もよろしくお願いいたします。",
    "アフターフォローもしっかりいたします。",
    "ISBN 978-4-06-123456-7",
    "2026年3月9日発行、第3刷",
    "ご注文日：2026年3月4日",
    "ご注文番号：〈注文番号〉",
    "バーコード部分に値札シールの跡があります",
    "商品の評価や感想は、Amazonの商品ページからお寄せいただけます。",
    "ご満足いただけない場合は、Amazonの注文履歴から返品をお申し込みください。",
    "電池は付属しておりません",
]


@pytest.mark.parametrize(("rule", "text"), BREACHES)
def test_breach_is_found(rule: Rule, text: str) -> None:
    assert rule in [r for r, _ in find(text)], find(text)


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_near_miss_passes(text: str) -> None:
    assert find(text) == []


def test_every_rule_has_a_breach_case() -> None:
    covered = {r for r, _ in BREACHES} | {Rule.SELLER_NAME}
    assert covered == set(Rule)


def test_check_text_names_line_and_rule_in_japanese() -> None:
    (v,) = check_text("一行目\n二行目は https://x.example.jp です", "文面 13行目「結び」")
    assert v.line == 2 and v.rule is Rule.URL
    assert v.message.startswith("文面 13行目「結び」 2行目:")
    assert "URL" in v.message and "Amazonの規約" in v.message


def test_template_rows_without_shop_name() -> None:
    rows = [L.TemplateRow(k, t, i + 2) for i, (k, t) in enumerate(L.DEFAULT_TEMPLATES)]
    assert check_template_rows(rows) == []
    rows = [replace(r, text="Amazon.co.jp 出品者") if r.key == "署名" else r for r in rows]
    (v,) = check_template_rows(rows)
    assert v.rule is Rule.SELLER_NAME and "「署名」" in v.where


ORDER = Order(row=5, order_id="503-1234567-7654321", product_name="本", quantity=1,
              purchased_at=datetime(2026, 3, 4, 10, 0),
              buyer_name="山田 太郎", listed_condition="非常に良い", actual_condition="良い",
              condition_memo="書き込みあり", ship_method="クリックポスト")


def letter(settings: Settings, **changes: object) -> L.Letter:
    return L.compose_letter(replace(ORDER, **changes), (P.NO_REPLY, P.CONDITION), settings,
                            L.default_templates(), date(2026, 3, 9))


def test_letter_with_signature_breach_points_at_settings() -> None:
    s = Settings(shop_name="まの書店", signature="TEL 03-1234-5678")
    (v,) = check_letter(letter(s), s)
    assert v.rule is Rule.PHONE and v.where == "設定「署名」"


def test_letter_with_memo_breach_points_at_the_template_row() -> None:
    s = Settings(shop_name="まの書店")
    (v,) = check_letter(letter(s, condition_memo="お詫びにクーポンを同封します"), s)
    assert v.rule is Rule.INCENTIVE and "「状態相違」" in v.where and v.line == 2


def test_letter_buyer_and_product_text_is_not_the_sellers_wording() -> None:
    s = Settings(shop_name="まの書店")
    ok = letter(s, buyer_name="info@example.com", product_name="LINE公式 ★5 高評価の本 http://x.jp")
    assert check_letter(ok, s) == []


def test_letter_without_shop_name() -> None:
    s = Settings(shop_name="まの書店")
    made = letter(s)
    other = Settings(shop_name="別の店")
    (v,) = check_letter(made, other)
    assert v.rule is Rule.SELLER_NAME and "ショップ名が手紙にありません" in v.message
