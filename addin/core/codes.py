"""Stable English codes (the scripting interface) and their Japanese labels (what sellers see).

Codes follow PRODUCT.md §3. Never rename a code: JSON output and UDF results depend on it.
"""

from __future__ import annotations

from enum import Enum


class Status(str, Enum):
    DONE = "DONE"
    CONFIRM_NOW = "CONFIRM_NOW"
    LATE = "LATE"
    CANCEL = "CANCEL"
    CONTACT_SUPPORT = "CONTACT_SUPPORT"
    CONTACT_BUYER = "CONTACT_BUYER"
    WAIT_REPLY = "WAIT_REPLY"
    SHIP_WITH_LETTER = "SHIP_WITH_LETTER"
    SHIP = "SHIP"
    NEEDS_INPUT = "NEEDS_INPUT"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS: dict[Status, str] = {
    Status.DONE: "完了",
    Status.CONFIRM_NOW: "要出荷通知",
    Status.LATE: "期限超過",
    Status.CANCEL: "要キャンセル",
    Status.CONTACT_SUPPORT: "要CS連絡",
    Status.CONTACT_BUYER: "要連絡",
    Status.WAIT_REPLY: "返信待ち",
    Status.SHIP_WITH_LETTER: "手紙同封で発送",
    Status.SHIP: "発送",
    Status.NEEDS_INPUT: "入力不足",
}


# Fill colour of the ステータス cell (conditional formatting in the template): urgent rows stand
# out. Keyed by code, so renaming a label keeps its colour.
STATUS_COLOURS: dict[Status, str] = {
    Status.CONFIRM_NOW: "#FF9999",
    Status.LATE: "#FF9999",
    Status.CONTACT_SUPPORT: "#FFC7CE",
    Status.CANCEL: "#FFC7CE",
    Status.CONTACT_BUYER: "#FFEB9C",
    Status.SHIP_WITH_LETTER: "#FFEB9C",
    Status.NEEDS_INPUT: "#D9D9D9",
}


# Most urgent first: the order of lines with the same 期限 on 今日 and in the summary.
URGENCY: dict[Status, int] = {s: i for i, s in enumerate((
    Status.CONFIRM_NOW, Status.LATE, Status.NEEDS_INPUT, Status.CONTACT_SUPPORT, Status.CANCEL,
    Status.SHIP_WITH_LETTER, Status.SHIP, Status.CONTACT_BUYER, Status.WAIT_REPLY, Status.DONE,
))}


class Severity(str, Enum):
    BLOCKS = "BLOCKS"  # cannot ship without the buyer
    ASK = "ASK"  # shippable, but the buyer should hear from us
    NOTE = "NOTE"  # ship as is, mention it
    INFO = "INFO"  # contact-state facts (bounced, no reply): no severity in PRODUCT.md


class Finding(str, Enum):
    ADDRESS_NO_NUMBER = "ADDRESS_NO_NUMBER"
    ADDRESS_EMPTY = "ADDRESS_EMPTY"
    NAME_EMPTY = "NAME_EMPTY"
    OUT_OF_STOCK = "OUT_OF_STOCK"
    ITEM_UNSHIPPABLE = "ITEM_UNSHIPPABLE"
    CONDITION_WORSE = "CONDITION_WORSE"
    TIME_REQUEST_MAILBOX = "TIME_REQUEST_MAILBOX"
    NAME_NOT_A_NAME = "NAME_NOT_A_NAME"
    ROOM_NUMBER_MISSING = "ROOM_NUMBER_MISSING"
    POSTCODE_MISMATCH = "POSTCODE_MISMATCH"
    POSTCODE_UNKNOWN = "POSTCODE_UNKNOWN"
    POSTCODE_INVALID = "POSTCODE_INVALID"
    ADDRESS_GARBLED = "ADDRESS_GARBLED"
    TIME_REQUEST = "TIME_REQUEST"
    BUSINESS_ORDER = "BUSINESS_ORDER"
    MESSAGE_BOUNCED = "MESSAGE_BOUNCED"
    NO_REPLY = "NO_REPLY"
    AUTO_CANCEL_SOON = "AUTO_CANCEL_SOON"
    CASH_ON_DELIVERY = "CASH_ON_DELIVERY"
    AMAZON_LATE_WARNING = "AMAZON_LATE_WARNING"
    AMAZON_CANCEL_WARNING = "AMAZON_CANCEL_WARNING"

    @property
    def severity(self) -> Severity:
        return FINDING_INFO[self][0]

    @property
    def label(self) -> str:
        return FINDING_INFO[self][1]


FINDING_INFO: dict[Finding, tuple[Severity, str]] = {
    Finding.ADDRESS_NO_NUMBER: (Severity.BLOCKS, "住所に番地がない"),
    Finding.ADDRESS_EMPTY: (Severity.BLOCKS, "住所が空欄"),
    Finding.NAME_EMPTY: (Severity.BLOCKS, "宛名が空欄"),
    Finding.OUT_OF_STOCK: (Severity.BLOCKS, "在庫が欠品"),
    Finding.ITEM_UNSHIPPABLE: (Severity.BLOCKS, "商品が発送できない状態"),
    Finding.CONDITION_WORSE: (Severity.ASK, "出品コンディションより状態が悪い"),
    Finding.TIME_REQUEST_MAILBOX: (Severity.ASK, "ポスト投函なのに時間指定の希望がある"),
    Finding.NAME_NOT_A_NAME: (Severity.ASK, "宛名に名前以外の内容がある"),
    Finding.ROOM_NUMBER_MISSING: (Severity.ASK, "建物名に部屋番号がない"),
    Finding.POSTCODE_MISMATCH: (Severity.NOTE, "郵便番号と住所が一致しない"),
    Finding.POSTCODE_UNKNOWN: (Severity.NOTE, "存在しない郵便番号"),
    Finding.POSTCODE_INVALID: (Severity.NOTE, "郵便番号が7桁でない"),
    Finding.ADDRESS_GARBLED: (Severity.NOTE, "住所に文字化けがある"),
    Finding.TIME_REQUEST: (Severity.NOTE, "時間指定の希望あり（伝票に記入）"),
    Finding.BUSINESS_ORDER: (Severity.NOTE, "法人注文（納品書を同梱）"),
    Finding.MESSAGE_BOUNCED: (Severity.INFO, "メッセージが届かなかった"),
    Finding.NO_REPLY: (Severity.INFO, "期限内に返信がなかった"),
    Finding.AUTO_CANCEL_SOON: (Severity.NOTE, "まもなく自動キャンセル（購入から30日）"),
    Finding.CASH_ON_DELIVERY: (Severity.NOTE, "代金引換（代引きで発送して代金を回収）"),
    Finding.AMAZON_LATE_WARNING: (Severity.NOTE, "Amazonが出荷遅延を警告"),
    Finding.AMAZON_CANCEL_WARNING: (Severity.NOTE, "Amazonがキャンセルを警告"),
}


class LetterPart(str, Enum):
    """Paragraph kinds of an enclosed letter (同封の手紙); one letter combines several."""

    MESSAGE_FAILED = "MESSAGE_FAILED"  # our message bounced
    NO_REPLY = "NO_REPLY"  # our message got no answer in time
    CONDITION = "CONDITION"  # item worse than listed
    TIME_REQUEST = "TIME_REQUEST"  # time request that mailbox delivery cannot meet
    ADDRESS_AS_WRITTEN = "ADDRESS_AS_WRITTEN"  # shipped to the address as written
    PACKING_SLIP = "PACKING_SLIP"  # 納品書 for a business order

    @property
    def label(self) -> str:
        return LETTER_LABELS[self]


LETTER_LABELS: dict[LetterPart, str] = {
    LetterPart.MESSAGE_FAILED: "連絡不達",
    LetterPart.NO_REPLY: "返信なし",
    LetterPart.CONDITION: "状態相違",
    LetterPart.TIME_REQUEST: "時間指定不可",
    LetterPart.ADDRESS_AS_WRITTEN: "住所そのまま発送",
    LetterPart.PACKING_SLIP: "納品書",
}
