"""The 文面 sheet: its 区分 keys, the placeholders (and where each value comes from), which values
are masked for the policy check, and the default wording — the one table of default 文面 rows a
new workbook gets (letters here, then the 連絡文 rows of `addin.core.message_templates`).

The letter paragraph keys are the letter-kind labels of `LetterPart`, so the 手紙 column and 文面
use the same words. Parsing and filling are generic (`addin.core.templates`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from addin.core.codes import LETTER_LABELS, LetterPart
from addin.core.message_templates import MESSAGE_KEYS, MESSAGE_PLACEHOLDERS, MESSAGE_TEMPLATES
from addin.core.templates import Filler, Templates, parse_template_rows

# 区分 keys of the rows that are not a LetterPart paragraph.
KEY_DATE = "日付"
KEY_TO = "宛名"
KEY_TITLE = "表題"
KEY_SLIP_TITLE = "納品書表題"
KEY_OPENING = "書き出し"
KEY_CLOSING = "結び"
KEY_DETAILS = "注文内容"
KEY_ITEM = "商品明細"
KEY_SIGNATURE = "署名"
SIGNATURE_SETTING = "設定の署名"  # source name of the lines from 設定's signature

PART_KEYS: dict[LetterPart, str] = dict(LETTER_LABELS)
KEY_PARTS: dict[str, LetterPart] = {v: k for k, v in PART_KEYS.items()}

TEMPLATE_HEADERS = ("区分", "文面")  # header row of the 文面 sheet

# Default 文面, in the order they appear on the sheet. Polite, signable as is; every rule of
# PRODUCT.md §4 holds (checked by tests through addin.core.policy).
DEFAULT_TEMPLATES: tuple[tuple[str, str], ...] = (
    (KEY_DATE, "{日付}"),
    (KEY_TO, "{宛名} {敬称}"),
    (KEY_TITLE, "商品発送のご案内"),
    (KEY_SLIP_TITLE, "納品書"),
    (KEY_OPENING,
     "このたびは当店をご利用いただき、誠にありがとうございます。\n"
     "ご注文いただきました商品をお届けいたします。"),
    (PART_KEYS[LetterPart.MESSAGE_FAILED],
     "発送前に確認させていただきたい点があり、Amazonのメッセージ機能を通じてご連絡を差し上げ"
     "ましたが、送信エラーとなり、メッセージをお届けできませんでした。"
     "出荷予定日までに発送するため、誠に勝手ながら、このまま発送させていただきました。"
     "事前にご相談できなかったことを、心よりお詫び申し上げます。"),
    (PART_KEYS[LetterPart.NO_REPLY],
     "発送前に確認させていただきたい点があり、Amazonのメッセージ機能を通じてご連絡を差し上げ"
     "ましたが、発送までにご返信を確認することができませんでした。"
     "出荷予定日までに発送するため、誠に勝手ながら、このまま発送させていただきました。"
     "行き違いでご返信をいただいておりましたら、何卒ご容赦ください。"),
    (PART_KEYS[LetterPart.CONDITION],
     "「{商品名}」につきまして、出品時のコンディションは「{出品コンディション}」と"
     "しておりましたが、発送前の検品で「{実際の状態}」相当であることが分かりました。\n"
     "（状態：{状態メモ}）\n"
     "商品説明と異なる状態でのお届けとなり、誠に申し訳ございません。"
     "ご納得いただけない場合は、Amazonの注文履歴から該当のご注文を選び、"
     "「商品の返品」よりお手続きいただけます。ご依頼をいただきしだい、"
     "Amazonの規定に沿って速やかに対応いたします。"),
    (PART_KEYS[LetterPart.TIME_REQUEST],
     "ご注文の際にお届け時間のご希望をいただいておりましたが、今回の配送方法（{発送方法}）は"
     "郵便受けへの投函となるため、お届け時間のご指定を承ることができません。"
     "ご希望に沿えず申し訳ございませんが、何卒ご了承くださいますようお願い申し上げます。"),
    (PART_KEYS[LetterPart.ADDRESS_AS_WRITTEN],
     "お届け先のご住所に一部確認できない箇所がございましたが、"
     "ご注文時にご入力いただいたご住所のとおりに発送いたしました。"
     "万一お届けできなかった場合は、Amazonを通じてご連絡いたします。"),
    (PART_KEYS[LetterPart.PACKING_SLIP],
     "下記のとおり納品いたします。ご査収くださいますようお願い申し上げます。"),
    (KEY_CLOSING,
     "ご不明な点やお気づきの点がございましたら、お手数ですが、Amazonの注文履歴から該当の"
     "ご注文を選び、「出品者に連絡」よりお問い合わせください。\n"
     "今後とも何卒よろしくお願い申し上げます。"),
    (KEY_DETAILS, "【ご注文内容】\nご注文番号：{注文番号}\nご注文日：{注文日}"),
    (KEY_ITEM, "・{商品名}　数量：{数量}"),
    (KEY_SIGNATURE, "Amazon.co.jp 出品者\n{ショップ名}"),
)

REQUIRED_KEYS: tuple[str, ...] = tuple(k for k, _ in DEFAULT_TEMPLATES)
# Rows added after the first release (the 連絡文 texts): a 文面 without them takes the default
# wording instead of refusing every letter (a seller's older workbook has none of them).
OPTIONAL_DEFAULTS: dict[str, str] = dict(MESSAGE_TEMPLATES)
KNOWN_KEYS: tuple[str, ...] = REQUIRED_KEYS + MESSAGE_KEYS

# Placeholder name -> where its value comes from (for messages and the README).
PLACEHOLDERS: dict[str, str] = {
    "宛名": "注文シートの「購入者名」（空欄なら「受取人」）。会社名のあとに人の名前があれば2行",
    "敬称": "宛名から自動で: 人は「様」、会社（株式会社・（株）など）と法人注文は「御中」",
    "受取人": "注文シートの「受取人」",
    "注文番号": "注文シートの「注文番号」",
    "注文日": "注文シートの「購入日時」",
    "出荷期限": "注文シートの「出荷期限」",
    "商品名": "注文シートの「商品名」",
    "数量": "注文シートの「数量」",
    "SKU": "注文シートの「SKU」",
    "出品コンディション": "注文シートの「出品コンディション」",
    "実際の状態": "注文シートの「実際の状態」",
    "状態メモ": "注文シートの「状態メモ」",
    "発送方法": "注文シートの「発送方法」",
    "連絡日": "注文シートの「連絡日」",
    "郵便番号": "注文シートの「郵便番号」",
    "住所": "注文シートの「都道府県」「住所1〜3」",
    "ショップ名": "設定シートの「ショップ名」",
    "日付": "手紙を作った日（設定の「今日の日付」があればその日）",
}
# Values that do not come from the seller: masked for the policy check, so that a product title
# or an order number (which looks like a phone number) never counts as the seller's wording.
MASKED = frozenset({"宛名", "受取人", "注文番号", "注文日", "出荷期限", "商品名", "数量", "SKU",
                    "郵便番号", "住所", "連絡日", "日付", "返信期限", "お届け先", "連絡の経緯"})


def default_template_rows() -> list[tuple[str, str]]:
    """Rows for the 文面 sheet of a new workbook (without the header row): letters, then messages."""
    return [tuple(r) for r in (*DEFAULT_TEMPLATES, *MESSAGE_TEMPLATES)]  # type: ignore[misc]


def allowed_placeholders(key: str) -> dict[str, str]:
    """Placeholders a 文面 row may use: message rows also get the message-only ones."""
    return {**PLACEHOLDERS, **MESSAGE_PLACEHOLDERS} if key in OPTIONAL_DEFAULTS else PLACEHOLDERS


def parse_templates(rows: Iterable[Sequence[object]], first_row: int = 2) -> Templates:
    """Read 文面 rows (区分, 文面, ...). Blank rows are skipped; row numbers for messages start at
    `first_row`. Raises TemplateError (= LetterError) listing every problem: unknown or duplicate
    区分, a missing or empty letter row, an unknown placeholder. Missing 連絡文 rows take the
    default wording."""
    return parse_template_rows(_honorific_rows(rows), known_keys=KNOWN_KEYS, required_keys=REQUIRED_KEYS,
                               placeholders_for=allowed_placeholders, defaults=OPTIONAL_DEFAULTS,
                               first_row=first_row, example_key=KEY_CLOSING)


# 「{宛名} 様」 as written by earlier templates: the honorific is chosen per buyer now (core.honorific).
_FIXED_HONORIFIC = re.compile(r"[{｛]\s*宛名\s*[}｝][ 　]*(?:様|さま)")


def _honorific_rows(rows: Iterable[Sequence[object]]) -> Iterator[Sequence[object]]:
    """Rows with a fixed 「{宛名} 様」 read as 「{宛名} {敬称}」, so an older 文面 addresses a company
    with 御中 too (same lines, so rule-check line numbers still match the sheet)."""
    for row in rows:
        if len(row) > 1 and isinstance(row[1], str) and _FIXED_HONORIFIC.search(row[1]):
            yield [row[0], _FIXED_HONORIFIC.sub("{宛名} {敬称}", row[1]), *row[2:]]
        else:
            yield row


def default_templates() -> Templates:
    return parse_templates(DEFAULT_TEMPLATES)


def text_filler(order_id: str, row_note: str) -> Filler:
    """A Filler for 文面 rows (letters or 連絡文): their placeholders, buyer values masked."""
    return Filler(order_id, row_note, allowed_placeholders, MASKED)
