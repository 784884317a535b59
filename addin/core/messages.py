"""Ready-to-send texts (連絡文): the message to the buyer and the text for Amazon's seller support.

From each order's triage result and its rows (pure: no Excel, no files):

- 要連絡 (CONTACT_BUYER) → one message to 宛先「購入者」 per order, one paragraph per open topic
  (番地・号 quoting the address as written, 住所なし, 部屋番号, 宛名, 欠品/発送不可 with how the buyer
  requests the cancellation from 注文履歴, 状態相違, ポスト投函で時間指定不可), and the date by which a
  reply is needed (the reply-window end of triage);
- 要CS連絡 (CONTACT_SUPPORT) → a text for 宛先「カスタマーサポート」: order number, what was sent
  on which 連絡日 and that it bounced / got no reply, what is needed from the buyer, the ship-by date
  and the ask;
- 要キャンセル (CANCEL) where the buyer must request the cancellation themselves (they asked to
  cancel, or they answered our stock / broken-item message) → the message asking them to;
- nothing otherwise, never for 完了.

Wording comes from 文面 rows (`addin.core.message_templates`), with the letters' placeholder syntax
and parser. Each text is checked against Amazon's buyer–seller messaging rules (see `check_*`).

Amazon facts relied on:
- 「コミュニケーションに関するガイドライン」(G1701): messages only to complete the order; for an order
  that cannot ship, the message goes under the contact reason 「注文に関する問題」; no links, e-mail
  addresses, phone numbers, other channels, marketing, review requests or incentives.
  https://sellercentral.amazon.co.jp/gp/help/external/G1701
- The contact reasons offered depend on the order; a message is blocked when the buyer opted out
  of non-essential messages and the chosen reason is not essential to complete the order (the
  cause of many 送信エラー).
  https://sellercentral.amazon.de/gp/help/external/help.html?itemID=RZ5Y5YEN9J84NAC&language=ja_JP
- Message types of Amazon's messaging API, which mirror the contact reasons: "unexpected problem"
  (a problem affecting the completion of the order) and "confirm delivery details" (arrange a
  delivery or confirm the information needed to deliver).
  https://developer-docs.amazon.com/sp-api/reference/createunexpectedproblem
  https://docs.rs/amazon-spapi/latest/amazon_spapi/apis/messaging_v1/fn.create_confirm_delivery_details.html
- Length: Amazon's buyer message body holds at most 2,000 characters (the limit this module
  enforces, as the issue states; the help pages found do not state a number).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from addin import text as text_
from addin.core import message_templates as T
from addin.core.calendar import BusinessCalendar
from addin.core.codes import Finding, Severity, Status
from addin.core.letter_compose import LetterError, order_values
from addin.core.model import Order, Settings, Triage
from addin.core.policy import Rule, find, normalise
from addin.core.report import FLAG_BUYER_CANCEL
from addin.core.templates import Filler, Problem, TemplateRow, Templates, placeholders_in
from addin.core.triage import reply_window_end
from addin.core.wording import parse_templates, text_filler

MAX_BODY_CHARS = 2000
BUYER = "購入者"
SUPPORT = "カスタマーサポート"

# 問い合わせ内容 to choose in Seller Central's 「購入者に連絡」 form (see the module docstring).
REASON_ORDER_PROBLEM = "注文に関する問題"
REASON_DELIVERY = "配送の詳細の確認（選択肢にない場合は「注文に関する問題」）"
REASON_SUPPORT = "（購入者への連絡ではありません）セラーセントラルのヘルプからサポートに問い合わせ"


class Kind(str, Enum):
    BUYER = "BUYER"  # 要連絡: questions to the buyer
    CANCEL_REQUEST = "CANCEL_REQUEST"  # 要キャンセル: ask the buyer to request the cancellation
    SUPPORT = "SUPPORT"  # 要CS連絡: text for Amazon's seller support


class Topic(str, Enum):
    """What one paragraph of a message is about (stable codes for JSON)."""

    ADDRESS_NUMBER = "ADDRESS_NUMBER"
    ADDRESS_EMPTY = "ADDRESS_EMPTY"
    ROOM_NUMBER = "ROOM_NUMBER"
    NAME_EMPTY = "NAME_EMPTY"
    NAME_CHECK = "NAME_CHECK"
    OUT_OF_STOCK = "OUT_OF_STOCK"
    UNSHIPPABLE = "UNSHIPPABLE"
    CONDITION = "CONDITION"
    TIME_REQUEST = "TIME_REQUEST"


@dataclass(frozen=True)
class _TopicInfo:
    finding: Finding
    buyer_key: str
    support_key: str
    reason: str
    per_item: bool = False  # one paragraph per order row that has it (it names the item)


TOPICS: dict[Topic, _TopicInfo] = {
    Topic.OUT_OF_STOCK: _TopicInfo(Finding.OUT_OF_STOCK, T.M_OUT_OF_STOCK, T.S_OUT_OF_STOCK,
                                   REASON_ORDER_PROBLEM, per_item=True),
    Topic.UNSHIPPABLE: _TopicInfo(Finding.ITEM_UNSHIPPABLE, T.M_UNSHIPPABLE, T.S_UNSHIPPABLE,
                                  REASON_ORDER_PROBLEM, per_item=True),
    Topic.ADDRESS_EMPTY: _TopicInfo(Finding.ADDRESS_EMPTY, T.M_ADDRESS_EMPTY, T.S_ADDRESS_EMPTY,
                                    REASON_ORDER_PROBLEM),
    Topic.ADDRESS_NUMBER: _TopicInfo(Finding.ADDRESS_NO_NUMBER, T.M_ADDRESS_NUMBER, T.S_ADDRESS_NUMBER,
                                     REASON_ORDER_PROBLEM),
    Topic.NAME_EMPTY: _TopicInfo(Finding.NAME_EMPTY, T.M_NAME_EMPTY, T.S_NAME, REASON_ORDER_PROBLEM),
    Topic.ROOM_NUMBER: _TopicInfo(Finding.ROOM_NUMBER_MISSING, T.M_ROOM, T.S_ROOM, REASON_DELIVERY),
    Topic.NAME_CHECK: _TopicInfo(Finding.NAME_NOT_A_NAME, T.M_NAME_CHECK, T.S_NAME, REASON_DELIVERY),
    Topic.CONDITION: _TopicInfo(Finding.CONDITION_WORSE, T.M_CONDITION, T.S_CONDITION,
                                REASON_ORDER_PROBLEM, per_item=True),
    Topic.TIME_REQUEST: _TopicInfo(Finding.TIME_REQUEST_MAILBOX, T.M_TIME_REQUEST, T.S_TIME_REQUEST,
                                   REASON_DELIVERY),
}
_BY_FINDING: dict[Finding, Topic] = {info.finding: t for t, info in TOPICS.items()}
ITEM_TOPICS = frozenset({Topic.OUT_OF_STOCK, Topic.UNSHIPPABLE})
_ITEM_FINDINGS = frozenset({Finding.OUT_OF_STOCK, Finding.ITEM_UNSHIPPABLE})

AFTER_SEND: dict[Kind, str] = {
    Kind.BUYER: "送ったら「連絡日」に今日の日付を入力（送信できなかったら「連絡結果」に「送信エラー」）",
    Kind.CANCEL_REQUEST: "キャンセルのリクエストが届いたら注文をキャンセルし「キャンセル日」を入力",
    Kind.SUPPORT: "問い合わせたら「CS連絡日」に今日の日付を入力",
}


@dataclass(frozen=True, slots=True)
class Message:
    """One row of 連絡文."""

    order_id: str
    kind: Kind
    subject: str
    body: str
    reason: str  # 問い合わせ内容
    deadline: date | None  # by when to send it (the triage deadline of the order)
    reply_by: date | None  # the date the text asks the buyer to answer / act by
    topics: tuple[Topic, ...]
    rows: tuple[int, ...] = ()  # 注文 sheet rows of the order

    @property
    def to(self) -> str:
        return SUPPORT if self.kind is Kind.SUPPORT else BUYER

    @property
    def after_send(self) -> str:
        return AFTER_SEND[self.kind]

    def json(self) -> dict[str, object]:
        return {
            "to": self.to,
            "kind": self.kind.value,
            "subject": self.subject,
            "body": self.body,
            "contact_reason": self.reason,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "reply_by": self.reply_by.isoformat() if self.reply_by else None,
            "topics": [t.value for t in self.topics],
            "after_send": self.after_send,
        }


@dataclass
class Batch:
    messages: list[Message] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # texts not made, and why


# --- rules ----------------------------------------------------------------------------------

# Amazon's messaging rules beyond the ones for parcel inserts (policy.py): no marketing
# (G1701: messages only as needed to complete the order).
_MARKETING = re.compile(
    r"セール|キャンペーン|新商品|新入荷|再入荷|おすすめ|オススメ|お勧め|他の商品|ほかの商品|関連商品"
    r"|ストアフロント|ショップページ|お気に入り(?:登録|に追加)|メルマガ|メールマガジン|まとめ買い|送料無料",
    re.IGNORECASE)
MARKETING_LABEL = "宣伝・販売促進（新商品・セール・他の商品の案内など）"
# Rules that may never appear in a sent text, buyer values included (the issue's "no URL /
# e-mail / phone"): a buyer's address that holds a phone number stops the text.
_HARD_RULES = frozenset({Rule.URL, Rule.EMAIL, Rule.PHONE})


@dataclass(frozen=True, slots=True)
class Breach:
    where: str
    line: int
    excerpt: str
    label: str

    @property
    def message(self) -> str:
        at = f"{self.where} {self.line}行目" if self.line else self.where
        return (f"{at}: 「{self.excerpt}」はAmazonの購入者とのメッセージのルールで禁止されている"
                f"「{self.label}」にあたります。")


def check_text(text: str, where: str) -> list[Breach]:
    """Every line of a message text (or template) against the messaging rules."""
    out: list[Breach] = []
    for n, line in enumerate(text.replace("\r\n", "\n").split("\n"), 1):
        for rule, excerpt in find(line):
            out.append(Breach(where, n, excerpt, rule.label))
        m = _MARKETING.search(normalise(line))
        if m:
            out.append(Breach(where, n, m.group(0), MARKETING_LABEL))
    return out


def check_template(row: TemplateRow) -> list[Breach]:
    return check_text(row.text, row.where)


def check_message_templates(templates: Templates) -> list[Breach]:
    """The message rows of 文面 (defaults included) against the messaging rules."""
    return [b for key in T.MESSAGE_KEYS for b in check_template(templates[key])]


# --- values ---------------------------------------------------------------------------------


def _md(d: date) -> str:
    return f"{d.month}月{d.day}日（{text_.weekday(d)}）"


def _full(d: date | None) -> str:
    return f"{text_.date_long(d)}（{text_.weekday(d)}）" if d else ""


def ship_to(order: Order) -> str:
    """The address as the buyer wrote it, on one line: 〒postcode prefecture lines."""
    post = text_.clean(order.postcode)
    if re.fullmatch(r"\d{7}", post):  # as Japan Post writes it; anything else stays as written
        post = f"{post[:3]}-{post[3:]}"
    parts = [f"〒{post}" if post else "", order.prefecture.strip(),
             *(x.strip() for x in order.address_lines)]
    return " ".join(p for p in parts if p)


def _history(orders: Sequence[Order], triages: Sequence[Triage], cal: BusinessCalendar,
             settings: Settings, ship_by: date | None) -> str:
    """{連絡の経緯}: what was sent when, and what came of it."""
    contacted = next((o.contacted_on for o in orders if o.contacted_on), None)
    findings = {f for t in triages for f in t.findings}
    sent = (f"{_md(contacted)}にAmazonのメッセージ機能で購入者に連絡しましたが" if contacted
            else "Amazonのメッセージ機能で購入者に連絡しましたが")
    if Finding.MESSAGE_BOUNCED in findings:
        return sent + "、送信エラーとなり届きませんでした"
    if Finding.NO_REPLY in findings and contacted and ship_by:
        end = reply_window_end(cal, contacted, ship_by, settings.reply_window_days)
        return sent + f"、返信期限の{_md(end)}までに返信がありませんでした"
    if Finding.NO_REPLY in findings:
        return sent + "、期限までに返信がありませんでした"
    return sent + "、まだ返信がありません"


# --- choosing -------------------------------------------------------------------------------


def _cancel_request_needed(order: Order, triage: Triage) -> bool:
    """要キャンセル where the buyer has to request the cancellation (triage rules 5 and 8)."""
    if triage.status is not Status.CANCEL or FLAG_BUYER_CANCEL in text_.clean(order.order_flags):
        return False
    result = text_.clean(order.contact_result)
    if result == "キャンセル希望":
        return True
    return result == "返信あり" and any(f in _ITEM_FINDINGS for f in triage.findings)


def message_kinds(orders: Sequence[Order], triages: Sequence[Triage]) -> list[Kind]:
    """Which texts one order (its rows) gets, in sheet order."""
    statuses = {t.status for t in triages}
    kinds = []
    if Status.CONTACT_SUPPORT in statuses:
        kinds.append(Kind.SUPPORT)
    if Status.CONTACT_BUYER in statuses:
        kinds.append(Kind.BUYER)
    elif any(_cancel_request_needed(o, t) for o, t in zip(orders, triages, strict=True)):
        kinds.append(Kind.CANCEL_REQUEST)
    return kinds


def _topics(rows: Sequence[tuple[Order, Triage]]) -> list[tuple[Topic, Order]]:
    """(topic, row) pairs in TOPICS order: per-item topics once per row, the others once."""
    out: list[tuple[Topic, Order]] = []
    for topic, info in TOPICS.items():
        having = [o for o, t in rows if info.finding in t.findings]
        if not having:
            continue
        out.extend((topic, o) for o in (having if info.per_item else having[:1]))
    # An order none of whose items can ship: asking about its address would only confuse.
    if out and all(any(f in _ITEM_FINDINGS for f in t.findings) for _, t in rows):
        out = [(tp, o) for tp, o in out if tp in ITEM_TOPICS]
    return out


# --- composing ------------------------------------------------------------------------------


@dataclass
class _Text:
    filler: Filler
    templates: Templates
    base: Mapping[str, str]
    paragraphs: list[str] = field(default_factory=list)
    used: list[TemplateRow] = field(default_factory=list)

    def fill(self, key: str, values: Mapping[str, str] | None = None) -> str:
        tpl = self.templates[key]
        self.used.append(tpl)
        return self.filler.fill(tpl, values or self.base, mask=False).strip("\n")

    def add(self, key: str, values: Mapping[str, str] | None = None) -> None:
        self.paragraphs.append(self.fill(key, values))

    def extend_last(self, key: str, values: Mapping[str, str] | None = None) -> None:
        self.paragraphs[-1] += "\n" + self.fill(key, values)

    @property
    def body(self) -> str:
        return "\n\n".join(p for p in self.paragraphs if p.strip())


def _item_values(base: Mapping[str, str], o: Order) -> dict[str, str]:
    return {**base, "商品名": o.product_name.strip(), "出品コンディション": o.listed_condition.strip(),
            "実際の状態": o.actual_condition.strip(), "状態メモ": o.condition_memo.strip(),
            "発送方法": o.ship_method.strip() or base.get("発送方法", "")}


def compose(orders: Sequence[Order], triages: Sequence[Triage], kind: Kind, settings: Settings,
            templates: Templates, today: date, calendar: BusinessCalendar | None = None) -> Message:
    """One text for one order (its rows and their triage results). Raises LetterError naming
    every template row and placeholder that could not be filled, a rule breach, or a body over
    MAX_BODY_CHARS."""
    if not orders or len(orders) != len(triages):
        raise ValueError("one triage per order row, at least one row")
    cal = calendar or BusinessCalendar.from_settings(settings)
    live = [(o, t) for o, t in zip(orders, triages, strict=True) if t.status is not Status.DONE]
    rows = tuple(o.row for o in orders if o.row)
    order_id = orders[0].order_id.strip()
    row_note = "注文 " + "・".join(f"{r}行目" for r in rows) if rows else "注文シート"
    ship_by = min((o.ship_by for o, _ in live if o.ship_by), default=None)
    deadline = min((t.deadline for _, t in live if t.deadline), default=None)

    values, reply_by = _message_values(orders, live, kind, settings, today, cal, ship_by)
    filler = text_filler(order_id, row_note)
    text = _Text(filler, templates, values)
    write = _WRITERS.get(kind, _write_support)
    subject, topics, reason = write(text, _topics(live), values)
    if kind is Kind.CANCEL_REQUEST and topics:
        reply_by = ship_by  # the fallback paragraph says what happens after the ship-by date
    if kind is not Kind.CANCEL_REQUEST and not topics:
        filler.problems.append(Problem(
            f"注文 {order_id}（{row_note}）: 連絡する内容（理由）が見つかりません。", order_id))
    if filler.problems:
        raise LetterError(_dedupe(filler.problems))
    body = text.body
    _check_message(text.used, subject, body, order_id, row_note)
    return Message(order_id, kind, subject, body, reason, deadline, reply_by, topics, rows)


def _message_values(orders: Sequence[Order], live: Sequence[tuple[Order, Triage]], kind: Kind,
                    settings: Settings, today: date, cal: BusinessCalendar,
                    ship_by: date | None) -> tuple[dict[str, str], date | None]:
    """The placeholder values of one message, and the reply-by date a buyer message asks for."""
    values = dict(order_values([o for o, _ in live] or list(orders), settings, today))
    values["出荷期限"] = _full(ship_by)
    values["お届け先"] = ship_to(orders[0])
    reply_by: date | None = None
    if kind is Kind.BUYER and ship_by:
        reply_by = max(reply_window_end(cal, today, ship_by, settings.reply_window_days), today)
        values["返信期限"] = _full(reply_by)
    if kind is Kind.SUPPORT:
        values["連絡の経緯"] = _history([o for o, _ in live], [t for _, t in live], cal, settings, ship_by)
    return values, reply_by


# A writer fills the subject and paragraphs of one kind of message: (subject, topics, 問い合わせ内容).
_Written = tuple[str, tuple[Topic, ...], str]


def _write_buyer(text: _Text, topic_rows: Sequence[tuple[Topic, Order]], values: Mapping[str, str]) -> _Written:
    subject = text.fill(T.T_BUYER)
    text.add(T.M_OPENING)
    last_item = max((i for i, (tp, _) in enumerate(topic_rows) if tp in ITEM_TOPICS), default=-1)
    for i, (topic, o) in enumerate(topic_rows):
        text.add(TOPICS[topic].buyer_key, _item_values(values, o))
        if i == last_item:  # how to cancel, right after the items that cannot ship
            text.extend_last(T.M_HOW_TO_CANCEL)
    topics = tuple(dict.fromkeys(tp for tp, _ in topic_rows))
    questions = [tp for tp in topics if tp not in ITEM_TOPICS]
    if questions:
        text.add(T.M_REPLY_BY)
        if all(TOPICS[tp].finding.severity is Severity.ASK for tp in topics):
            text.extend_last(T.M_IF_NO_REPLY)  # shippable as is: say we will
    if last_item >= 0:
        text.add(T.M_CANCEL_BY)
    text.add(T.M_CLOSING)
    reason = (REASON_ORDER_PROBLEM if any(TOPICS[tp].reason == REASON_ORDER_PROBLEM for tp in topics)
              else REASON_DELIVERY)
    return subject, topics, reason


def _write_cancel_request(text: _Text, topic_rows: Sequence[tuple[Topic, Order]],
                          values: Mapping[str, str]) -> _Written:
    subject = text.fill(T.T_CANCEL)
    text.add(T.C_OPENING)
    topics = tuple(dict.fromkeys(tp for tp, _ in topic_rows if tp in ITEM_TOPICS))
    if topics:  # we cannot ship: say what happens when no request comes
        text.add(T.C_FALLBACK)
    text.add(T.M_CLOSING)
    return subject, topics, REASON_ORDER_PROBLEM


def _write_support(text: _Text, topic_rows: Sequence[tuple[Topic, Order]], values: Mapping[str, str]) -> _Written:
    subject = text.fill(T.T_SUPPORT)
    text.add(T.S_BODY)
    for topic, o in topic_rows:
        text.extend_last(TOPICS[topic].support_key, _item_values(values, o))
    topics = tuple(dict.fromkeys(tp for tp, _ in topic_rows))
    text.add(T.S_CLOSING)
    return subject, topics, REASON_SUPPORT


_WRITERS = {Kind.BUYER: _write_buyer, Kind.CANCEL_REQUEST: _write_cancel_request}


def _check_message(used: Iterable[TemplateRow], subject: str, body: str, order_id: str, row_note: str) -> None:
    """Raises LetterError for rule breaches in the templates used or the text as sent, or a body
    over MAX_BODY_CHARS."""
    problems = [Problem(b.message, order_id, b.where) for b in _check_used(used)]
    problems += _check_sent(subject, body, order_id)
    if len(body) > MAX_BODY_CHARS:
        problems.append(Problem(
            f"注文 {order_id}（{row_note}）: 本文が{len(body)}文字で、Amazonのメッセージの上限"
            f"（{MAX_BODY_CHARS}文字）を超えています。文面を短くしてください。", order_id))
    if problems:
        raise LetterError(problems)


def _check_used(used: Iterable[TemplateRow]) -> list[Breach]:
    seen: dict[str, TemplateRow] = {r.key: r for r in used}
    return [b for r in seen.values() for b in check_template(r)]


def _check_sent(subject: str, body: str, order_id: str) -> list[Problem]:
    """The text as sent, buyer values included: URL, e-mail and phone numbers never go out."""
    out = []
    for where, text in (("件名", subject), ("本文", body)):
        for n, line in enumerate(text.split("\n"), 1):
            for rule, _excerpt in find(line):  # the excerpt is buyer text: never printed
                if rule in _HARD_RULES:
                    out.append(Problem(
                        f"注文 {order_id}: 連絡文の{where} {n}行目に「{rule.label}」にあたる文字列があります"
                        "（注文シートの住所・商品名などの値から）。連絡文を作らなかったので、"
                        "セラーセントラルで手で書いてください。", order_id))
    return out


def _dedupe(problems: Iterable[Problem]) -> list[Problem]:
    seen: dict[str, Problem] = {}
    for p in problems:
        seen.setdefault(p.message, p)
    return list(seen.values())


def make_messages(entries: Sequence[tuple[Order, Triage]], settings: Settings,
                  template_rows: Iterable[Sequence[object]] | Templates, today: date) -> Batch:
    """Every text for the order rows in `entries` (all rows of 注文 with their triage), grouped
    by order id in first-row order. Template problems (unknown 区分 or placeholder) and an empty
    設定「ショップ名」 raise LetterError; a rule breach or a missing value stops only the texts that need that row."""
    templates = (template_rows if isinstance(template_rows, Templates)
                 else parse_templates(template_rows))
    cal = BusinessCalendar.from_settings(settings)
    if not settings.shop_name.strip() and any(
            "ショップ名" in placeholders_in(templates[k].text) for k in T.MESSAGE_KEYS):
        # One reason, not one per order.
        raise LetterError([Problem("設定シートの「ショップ名」が空欄です。"
                                   "連絡文の文面で名乗るために入力してください。")])
    groups: dict[str, list[tuple[Order, Triage]]] = {}
    for order, triage in entries:
        if order.order_id.strip():
            groups.setdefault(order.order_id.strip(), []).append((order, triage))
    batch = Batch()
    for rows in groups.values():
        orders = [o for o, _ in rows]
        triages = [t for _, t in rows]
        for kind in message_kinds(orders, triages):
            try:
                batch.messages.append(compose(orders, triages, kind, settings, templates, today, cal))
            except LetterError as e:
                batch.problems.extend(e.problems)
    return batch


def plain_text(messages: Sequence[Message]) -> str:
    """Texts for the terminal / clipboard: a header line per text, then its body as is."""
    blocks = []
    for m in messages:
        head = [f"■ 注文番号 {m.order_id} ／ 宛先: {m.to} ／ 問い合わせ内容: {m.reason}",
                f"件名: {m.subject}"]
        if m.reply_by:
            head.append(f"期限: {_full(m.reply_by)}")
        blocks.append("\n".join(head) + "\n\n" + m.body)
    return "\n\n".join(blocks)


__all__ = [
    "BUYER",
    "MAX_BODY_CHARS",
    "SUPPORT",
    "Batch",
    "Breach",
    "Kind",
    "Message",
    "Topic",
    "check_message_templates",
    "check_text",
    "compose",
    "make_messages",
    "message_kinds",
    "plain_text",
    "ship_to",
]
