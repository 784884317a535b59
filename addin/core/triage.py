"""Triage: status, action, deadline and letter for every order (issue 4, PRODUCT.md §1 and §3).

`triage_order` is a pure function of (order, settings, today): same inputs, same `Triage`.
The rules, in the order they are applied (the first that matches decides the status):

1. 出荷通知日 or キャンセル日 filled → DONE.
2. 発送日 filled, 出荷通知日 empty → CONFIRM_NOW (the most urgent row; always `due_today`).
   Deadline: the ship-by date (today when unknown).
-  Unreadable cells (`Order.problems`), values outside a closed set (出品コンディション, 実際の状態,
   在庫, 連絡結果), dates outside the supported years (addin.text), or 連絡結果「返信待ち」without 連絡日 → NEEDS_INPUT
   (deadline today; 理由 names the cell).
8. 連絡結果「キャンセル希望」→ CANCEL today: the seller asks the buyer to use Amazon's own
   cancellation request (a seller-initiated cancellation counts against the 2.5 % rate). Checked
   before rule 3: a buyer who wants to cancel must never be told to "ship today".
-  No ship-by date and no 購入日時 to compute it from → NEEDS_INPUT naming the cells.
3. Ship-by date passed (before today) → LATE; the deadline stays the missed ship-by date, so
   残り営業日 is negative. Findings are still listed in 理由; the action differs when a BLOCKS
   finding stops the shipment (ship if it can be solved, else cancel).
4. Findings: `find(order, settings.mailbox_methods)` (the address/name checks, injectable) plus
   the ones computed here: OUT_OF_STOCK (在庫=欠品), ITEM_UNSHIPPABLE (実際の状態=発送不可),
   CONDITION_WORSE (新品 > ほぼ新品 > 非常に良い > 良い > 可), BUSINESS_ORDER (法人注文),
   AUTO_CANCEL_SOON (today >= purchase + 27 days), MESSAGE_BOUNCED / NO_REPLY (contact state).
   Contact state, from 連絡日 / 連絡結果 / CS連絡日:
   返信あり → replied; 送信エラー → bounced; 連絡日 with 返信待ち or blank → waiting until the reply
   window ends, then no reply; nothing → none. Reply-window end = 連絡日 + N business days, but
   never later than the business day before the ship-by date (it may then already be over).
5. A BLOCKS finding: replied → stock/item problem: CANCEL (buyer reachable: ask them to request
   the cancellation); address/name problem: SHIP once the row is fixed (or the buyer confirmed
   it); CS連絡日 filled → stock/item: CANCEL today; address/name: CONTACT_SUPPORT until the
   ship-by day (deadline = ship-by), CANCEL on the ship-by day; bounced / no reply →
   CONTACT_SUPPORT today; waiting → WAIT_REPLY (deadline = window end); none → CONTACT_BUYER today.
6. Only ASK findings: replied → SHIP; waiting → WAIT_REPLY; bounced / no reply →
   SHIP_WITH_LETTER (deadline ship-by); none → CONTACT_BUYER today when a business day is left
   before the ship-by date (the business day before ship-by is today or later), otherwise
   SHIP_WITH_LETTER.
7. Otherwise SHIP by the ship-by date; NOTE findings are listed in 理由 and never change the status.

Letters (rule 9), `Triage.letter` in `LetterPart` order:
- MESSAGE_FAILED when our message bounced, NO_REPLY when the reply window closed unanswered;
- CONDITION for CONDITION_WORSE, TIME_REQUEST for TIME_REQUEST_MAILBOX;
- ADDRESS_AS_WRITTEN for an address/name finding we ship as written (ROOM_NUMBER_MISSING,
  NAME_NOT_A_NAME, POSTCODE_*, ADDRESS_GARBLED);
- PACKING_SLIP is added for a business order only when a letter goes in anyway (otherwise the
  action tells the seller to print Amazon's 納品書): the letter then mentions the enclosed slip.
A letter is produced for SHIP_WITH_LETTER (always), for LATE with ASK findings and no reply (the
parcel goes out with the problem unexplained, like SHIP_WITH_LETTER), and for SHIP when the buyer
did not answer (bounced / no reply) and a NOTE address finding is shipped as written. Never after
the buyer replied.

`business_days_left` = business days from today to the deadline (0 due today, negative when
past, None for DONE); `due_today` = deadline <= today (and always for CONFIRM_NOW).
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from enum import Enum

from addin import layout
from addin import text as text_
from addin.core.calendar import BusinessCalendar, CalendarRangeError, auto_cancel_date
from addin.core.codes import URGENCY, Finding, LetterPart, Severity, Status
from addin.core.model import Order, Settings, Triage
from addin.core.report import FLAG_BUYER_CANCEL, PAYMENT_COD, WARN_CANCEL, WARN_LATE
from addin.layout import ACTUAL_CONDITIONS, COLUMNS_BY_KEY, CONDITIONS, CONTACT_RESULTS, STOCK_VALUES

Find = Callable[[Order, tuple[str, ...]], Iterable[tuple[Finding, str]]]

AUTO_CANCEL_WARN_DAYS = 3


class Contact(str, Enum):
    NONE = "none"
    WAITING = "waiting"
    BOUNCED = "bounced"
    NO_REPLY = "no_reply"
    REPLIED = "replied"


# Closed sets compared after NFKC + strip (full-width forms and spaces are accepted).
_CONDITION_RANK = {text_.clean(c): i for i, c in enumerate(CONDITIONS)}  # 0 = best
_ACTUAL = frozenset(text_.clean(c) for c in ACTUAL_CONDITIONS)
_STOCK = frozenset(text_.clean(c) for c in STOCK_VALUES)
_RESULTS = frozenset(text_.clean(c) for c in CONTACT_RESULTS)
UNSHIPPABLE = text_.clean(layout.UNSHIPPABLE)
OUT = text_.clean(layout.STOCK_OUT)
R_WAITING, R_BOUNCED, R_REPLIED, R_CANCEL = (
    text_.clean(c)
    for c in (layout.CONTACT_WAITING, layout.CONTACT_BOUNCED, layout.CONTACT_REPLIED, layout.CONTACT_CANCEL)
)

_DATE_KEYS = ("purchased_at", "ship_by", "contacted_on", "support_contacted_on", "shipped_on",
              "confirmed_on", "cancelled_on")
_ITEM_BLOCKS = frozenset({Finding.OUT_OF_STOCK, Finding.ITEM_UNSHIPPABLE})
_ADDRESS_AS_WRITTEN = frozenset({
    Finding.ROOM_NUMBER_MISSING, Finding.NAME_NOT_A_NAME, Finding.POSTCODE_MISMATCH,
    Finding.POSTCODE_UNKNOWN, Finding.POSTCODE_INVALID, Finding.ADDRESS_GARBLED,
})
_FINDING_ORDER = {f: i for i, f in enumerate(Finding)}
_LETTER_PARTS = tuple(LetterPart)

# What the message to the buyer is about, per finding (CONTACT_BUYER action text).
_TOPIC: dict[Finding, str] = {
    Finding.ADDRESS_NO_NUMBER: "住所の番地・号の確認",
    Finding.ADDRESS_EMPTY: "お届け先住所の確認",
    Finding.NAME_EMPTY: "宛名（受取人）の確認",
    Finding.OUT_OF_STOCK: "在庫切れのお詫びと、注文履歴からキャンセルをリクエストしてもらうお願い",
    Finding.ITEM_UNSHIPPABLE: (
        "商品を発送できないお詫びと、注文履歴からキャンセルをリクエストしてもらうお願い"
    ),
    Finding.CONDITION_WORSE: (
        "商品の状態が出品コンディションより悪いことの説明と、このまま発送してよいかの確認"
    ),
    Finding.TIME_REQUEST_MAILBOX: "ポスト投函の発送方法では時間指定ができないことの説明",
    Finding.NAME_NOT_A_NAME: "宛名（受取人）の確認",
    Finding.ROOM_NUMBER_MISSING: "部屋番号の確認",
}


def _md(d: date) -> str:
    return text_.date_md(d)


def _cell(order: Order, key: str) -> str:
    header = COLUMNS_BY_KEY[key].header
    return f"{order.row}行目の「{header}」" if order.row else f"「{header}」"


def _no_findings(order: Order, mailbox_methods: tuple[str, ...]) -> list[tuple[Finding, str]]:
    return []


_default_find: Find | None = None


def default_find() -> Find:
    """`addin.core.checks.order_findings` (address/name checks) once that module exists.

    Until then (its own issue) those findings are absent, as issue 4 asks.
    """
    global _default_find
    if _default_find is None:
        found: Find = _no_findings
        if importlib.util.find_spec("addin.core.checks") is not None:
            checks = importlib.import_module("addin.core.checks")
            found = getattr(checks, "order_findings", _no_findings)
        _default_find = found
    return _default_find


# --- the rules ---------------------------------------------------------------------------------


class _Ctx:
    """Per-order working values shared by the rule helpers."""

    __slots__ = ("cal", "contact", "found", "o", "s", "ship_by", "today", "window_end")

    def __init__(self, o: Order, s: Settings, today: date, cal: BusinessCalendar) -> None:
        self.o, self.s, self.today, self.cal = o, s, today, cal
        self.ship_by: date | None = None
        self.found: dict[Finding, str] = {}
        self.contact = Contact.NONE
        self.window_end: date | None = None

    def result(self, status: Status, todo: str, action: str, deadline: date | None,
               reasons: Sequence[str] = (), letter: Iterable[LetterPart] = ()) -> Triage:
        findings = tuple(sorted(self.found, key=_FINDING_ORDER.__getitem__))
        all_reasons = tuple(reasons) + tuple(self.found[f] for f in findings)
        if deadline is None:
            left, due = None, False
        else:
            left = self.cal.business_days_left(self.today, deadline)
            due = deadline <= self.today or status is Status.CONFIRM_NOW
        parts = frozenset(letter)
        ordered = tuple(p for p in _LETTER_PARTS if p in parts) if parts else ()
        return Triage(status, action, deadline, left, findings, all_reasons, ordered, due,
                      _cod_todo(self, status, todo))


def reply_window_end(cal: BusinessCalendar, contacted_on: date, ship_by: date, days: int) -> date:
    """連絡日 + `days` business days, never later than the business day before the ship-by date.

    The result may lie before `contacted_on` (contacted too late to wait): the window is closed.
    """
    return min(cal.add_business_days(contacted_on, days), cal.previous_business_day(ship_by))


def _needs_input(c: _Ctx, problems: Sequence[str]) -> Triage:
    action = "入力を直してください: " + "／".join(problems) + "。直したらもう一度トリアージしてください。"
    return c.result(Status.NEEDS_INPUT, "入力を直して再トリアージ（理由欄）", action, c.today, problems)


def _closed_set_problems(o: Order) -> list[str]:
    problems = []
    for key, value, allowed, shown in (
        ("listed_condition", o.listed_condition, _CONDITION_RANK, CONDITIONS),
        ("actual_condition", o.actual_condition, _ACTUAL, ACTUAL_CONDITIONS),
        ("stock", o.stock, _STOCK, STOCK_VALUES),
        ("contact_result", o.contact_result, _RESULTS, CONTACT_RESULTS),
    ):
        v = text_.clean(value)
        if v and v not in allowed:
            problems.append(f"{_cell(o, key)}の値「{v}」は選択肢（{'、'.join(shown)}）にありません")
    if text_.clean(o.contact_result) == R_WAITING and o.contacted_on is None:
        problems.append(f"{_cell(o, 'contacted_on')}が空欄です（連絡結果が「返信待ち」のとき必要）")
    return problems


def _collect_findings(c: _Ctx, find: Find) -> None:
    o, found = c.o, c.found
    for finding, text in find(o, c.s.mailbox_methods):
        found.setdefault(finding, text)
    if text_.clean(o.stock) == OUT:
        found.setdefault(Finding.OUT_OF_STOCK, "在庫が欠品（在庫＝欠品）")
    actual = text_.clean(o.actual_condition)
    if actual == UNSHIPPABLE:
        found.setdefault(Finding.ITEM_UNSHIPPABLE, "商品が発送できない状態（実際の状態＝発送不可）")
    else:
        listed = text_.clean(o.listed_condition)
        if listed and actual and _CONDITION_RANK[actual] > _CONDITION_RANK[listed]:
            found.setdefault(Finding.CONDITION_WORSE,
                             f"実際の状態「{actual}」が出品コンディション「{listed}」より悪い")
    if o.is_business:
        found.setdefault(Finding.BUSINESS_ORDER, "法人注文（納品書を同梱）")


def is_cod(o: Order) -> bool:
    """支払方法 says 代金引換 (or the report's raw `COD`)."""
    v = text_.clean(o.payment_method)
    return v == PAYMENT_COD or v.lower() == "cod"


def _yen(amount: int | None) -> str:
    return f"¥{amount:,}" if amount is not None else "代金（金額はセラーセントラルの注文詳細で確認）"


def _report_findings(c: _Ctx) -> None:
    """Findings straight from report columns: 代金引換 and Amazon's own warnings (NOTE)."""
    o = c.o
    if is_cod(o):
        text = f"代金引換: 代引きで発送し、{_yen(o.cod_amount)}を回収"
        method = text_.clean(o.ship_method)
        if method and method in (text_.clean(m) for m in c.s.mailbox_methods):
            text += f"（{method}は代引きできません）"
        c.found.setdefault(Finding.CASH_ON_DELIVERY, text)
    warning = text_.clean(o.amazon_warning)
    if WARN_LATE in warning:
        c.found.setdefault(Finding.AMAZON_LATE_WARNING, "Amazonが出荷遅延になりそうだと警告しています")
    if WARN_CANCEL in warning:
        c.found.setdefault(Finding.AMAZON_CANCEL_WARNING, "Amazonがまもなく注文をキャンセルすると警告しています")


_COD_TODO_STATUSES = frozenset({Status.SHIP, Status.SHIP_WITH_LETTER, Status.LATE})


def _cod_todo(c: _Ctx, status: Status, todo: str) -> str:
    """対応 of a 代金引換 order that ships names the COD service: 代引きで発送→当日に出荷通知."""
    if Finding.CASH_ON_DELIVERY in c.found and status in _COD_TODO_STATUSES and "代引き" not in todo:
        return todo.replace("発送", "代引きで発送", 1)
    return todo


def has_amazon_warning(o: Order) -> bool:
    """Amazon flagged the order: it sorts first among orders with the same 期限."""
    warning = text_.clean(o.amazon_warning)
    return WARN_LATE in warning or WARN_CANCEL in warning


def _auto_cancel(c: _Ctx) -> None:
    if c.o.purchased_at is None:
        return
    end = auto_cancel_date(c.o.purchased_at)
    if c.today >= end - timedelta(days=AUTO_CANCEL_WARN_DAYS):
        when = "を過ぎています" if c.today > end else "で自動キャンセルされます"
        c.found.setdefault(Finding.AUTO_CANCEL_SOON,
                           f"出荷通知がないまま購入から30日（{_md(end)}）{when}")


def _contact_state(c: _Ctx) -> None:
    o, result = c.o, text_.clean(c.o.contact_result)
    if result == R_REPLIED:
        c.contact = Contact.REPLIED
    elif result == R_BOUNCED:
        c.contact = Contact.BOUNCED
        c.found[Finding.MESSAGE_BOUNCED] = "購入者へのメッセージが送信エラーで届かなかった"
    elif o.contacted_on is not None:
        assert c.ship_by is not None
        c.window_end = reply_window_end(c.cal, o.contacted_on, c.ship_by, c.s.reply_window_days)
        if c.today <= c.window_end:
            c.contact = Contact.WAITING
        else:
            c.contact = Contact.NO_REPLY
            c.found[Finding.NO_REPLY] = f"返信期限（{_md(c.window_end)}）までに返信がなかった"


def _letter(c: _Ctx, *, with_asks: bool) -> tuple[LetterPart, ...]:
    """Letter parts for a parcel that goes out without the buyer's answer.

    `with_asks`: the parcel ships despite ASK findings (SHIP_WITH_LETTER, LATE), so they are
    explained. NOTE address findings are explained when the buyer was asked and did not answer,
    or when a letter goes in anyway.
    """
    if c.contact is Contact.REPLIED:
        return ()
    found = c.found
    unanswered = c.contact in (Contact.BOUNCED, Contact.NO_REPLY)
    parts: list[LetterPart] = []
    if with_asks and Finding.CONDITION_WORSE in found:
        parts.append(LetterPart.CONDITION)
    if with_asks and Finding.TIME_REQUEST_MAILBOX in found:
        parts.append(LetterPart.TIME_REQUEST)
    as_written = [f for f in found if f in _ADDRESS_AS_WRITTEN]
    asked_about = with_asks and any(f.severity is Severity.ASK for f in as_written)
    if asked_about or (as_written and (unanswered or parts)):
        parts.append(LetterPart.ADDRESS_AS_WRITTEN)
    if not parts:
        return ()
    if c.contact is Contact.BOUNCED:
        parts.append(LetterPart.MESSAGE_FAILED)
    elif c.contact is Contact.NO_REPLY:
        parts.append(LetterPart.NO_REPLY)
    if c.o.is_business:
        parts.append(LetterPart.PACKING_SLIP)
    return tuple(parts)


def _ship_extras(c: _Ctx, letter: Sequence[LetterPart]) -> str:
    extra = []
    if Finding.CASH_ON_DELIVERY in c.found:
        extra.append(f"代金引換です。代引きができる発送方法（ゆうパック・宅急便コレクトなど）で送り、"
                     f"{_yen(c.o.cod_amount)}を回収してください。")
    if Finding.TIME_REQUEST in c.found:
        extra.append("お届け時間の希望を伝票に書いてください。")
    if c.o.is_business and LetterPart.PACKING_SLIP not in letter:
        extra.append("法人注文のため、セラーセントラルで納品書を印刷して同梱してください。")
    elif LetterPart.PACKING_SLIP in letter:
        extra.append("法人注文のため、納品書も同梱してください。")
    return "".join(extra)


def _by(c: _Ctx, d: date) -> str:
    return "今日中" if d <= c.today else f"{_md(d)}まで"


def _ship(c: _Ctx, note: str = "", *, fix: bool = False) -> Triage:
    assert c.ship_by is not None
    letter = _letter(c, with_asks=False)
    head = "手紙（手紙列）を印刷して同封し、" if letter else ""
    todo = ("住所を直して" if fix else "") + ("手紙を同封して" if letter else "") + "発送→当日に出荷通知"
    action = (f"{note}{head}{_by(c, c.ship_by)}に発送し、発送した日のうちに出荷通知を送ってください。"
              + _ship_extras(c, letter))
    if c.contact is Contact.WAITING:
        action += "購入者の返信を待たずに発送して構いません。"
    return c.result(Status.SHIP, todo, action, c.ship_by, letter=letter)


def _ship_with_letter(c: _Ctx, why: str) -> Triage:
    assert c.ship_by is not None
    letter = _letter(c, with_asks=True)
    action = (f"{why}手紙（手紙列）を印刷して同封し、{_by(c, c.ship_by)}に発送して、"
              f"発送した日のうちに出荷通知を送ってください。" + _ship_extras(c, letter))
    return c.result(Status.SHIP_WITH_LETTER, "手紙を同封して発送→当日に出荷通知", action, c.ship_by, letter=letter)


def _contact_buyer(c: _Ctx, topics: list[str], then: str) -> Triage:
    assert c.ship_by is not None
    end = reply_window_end(c.cal, c.today, c.ship_by, c.s.reply_window_days)
    wait = (f"返信は{_md(end)}まで待ち、返信がなければ{then}。" if end >= c.today
            else f"出荷期限まで返信を待つ時間がないため、送ったあと返信がなければすぐに{then}。")
    action = ("今日中に購入者へ連絡してください（セラーセントラルの注文詳細から「購入者に連絡」）。内容: "
              + "、".join(dict.fromkeys(topics))
              + "。送ったら連絡日に今日の日付を、"
              + "送信できなかったら連絡結果に「送信エラー」を入力してください。"
              + wait)
    return c.result(Status.CONTACT_BUYER, "今日中に購入者へ連絡→連絡日を入力", action, c.today)


def _wait_reply(c: _Ctx, then: str) -> Triage:
    assert c.window_end is not None
    end = c.window_end
    action = (f"購入者の返信を{_md(end)}まで待ってください。"
              "返信が来たら連絡結果を「返信あり」にして内容どおりに行を直してください"
              "（キャンセルを望まれたら「キャンセル希望」）。"
              f"{_md(end)}までに返信がなければ{then}。")
    return c.result(Status.WAIT_REPLY, f"返信を待つ（{_md(end)}まで）", action, end)


ASK_BUYER_TO_CANCEL = "購入者にキャンセル申請を依頼"
CANCEL_TODAY = "今日中にキャンセル→キャンセル日を入力"
_SUPPORT = "Amazonのカスタマーサポート（セラーセントラルのヘルプからサポートに問い合わせ）"


def _blocks(c: _Ctx, blocks: list[Finding]) -> Triage:
    o = c.o
    assert c.ship_by is not None
    item_problem = any(f in _ITEM_BLOCKS for f in blocks)
    if c.contact is Contact.REPLIED:
        if item_problem:
            return c.result(Status.CANCEL, ASK_BUYER_TO_CANCEL, (
                "商品を発送できません。購入者に、Amazonの注文履歴から「キャンセルをリクエスト」してもらうよう"
                "お願いしてください（出品者都合のキャンセルはキャンセル率に数えられます）。リクエストが届いたら"
                "キャンセルしてキャンセル日を入力してください。"
                f"{_by(c, c.ship_by)}に届かなければ、その日のうちに在庫切れとしてキャンセルしてください。"
                "商品が見つかった場合は在庫・実際の状態を直してください。"), c.today)
        return _ship(c, note="購入者の返信どおりに住所・宛名を直してから"
                             "（住所が正しいと確認できた場合はそのまま）、", fix=True)
    if o.support_contacted_on is not None:
        if item_problem:
            return c.result(Status.CANCEL, CANCEL_TODAY, (
                "商品を発送できる見込みがありません。今日中にセラーセントラルで注文をキャンセルし"
                "（理由は在庫切れなど実際の理由を選択）、キャンセル日を入力してください。"
                "商品が見つかった場合は在庫・実際の状態を直してください。"), c.today)
        if c.today < c.ship_by:
            return c.result(Status.CONTACT_SUPPORT, "CSからの住所・宛名の連絡を待つ", (
                f"カスタマーサポートに連絡済みです（CS連絡日 {_md(o.support_contacted_on)}）。"
                "購入者から正しい住所・宛名が届いたら行を直し、連絡結果を「返信あり」にして発送してください。"
                f"{_md(c.ship_by)}になっても届かなければ、その日のうちに注文をキャンセルしてください。"),
                c.ship_by)
        return c.result(Status.CANCEL, CANCEL_TODAY, (
            "出荷期限の日になっても正しい住所・宛名がわかりません。今日中にセラーセントラルで注文をキャンセルし"
            "（理由は配送先住所の問題を選択）、キャンセル日を入力してください。"), c.today)
    if c.contact in (Contact.BOUNCED, Contact.NO_REPLY):
        why = "メッセージが届きませんでした" if c.contact is Contact.BOUNCED else "返信がありませんでした"
        return c.result(Status.CONTACT_SUPPORT, "今日中にCSへ連絡→CS連絡日を入力", (
            f"購入者に{why}。このままでは発送できないため、今日中に{_SUPPORT}に連絡し、"
            "購入者への連絡を依頼してください。連絡したらCS連絡日に今日の日付を入力してください。"), c.today)
    then = f"{_SUPPORT}に連絡します"
    if c.contact is Contact.WAITING:
        return _wait_reply(c, then)
    return _contact_buyer(c, [_TOPIC.get(f, f.label) for f in blocks], then)


def _asks(c: _Ctx, asks: list[Finding]) -> Triage:
    assert c.ship_by is not None
    if c.contact is Contact.REPLIED:
        return _ship(c, note="購入者から返信がありました。返信の内容に沿って、")
    ship_then = f"手紙を同封して{_md(c.ship_by)}までに発送します"
    if c.contact is Contact.WAITING:
        return _wait_reply(c, ship_then)
    if c.contact is Contact.BOUNCED:
        return _ship_with_letter(c, "購入者にメッセージが届きませんでした。")
    if c.contact is Contact.NO_REPLY:
        return _ship_with_letter(c, "購入者から返信がありませんでした。")
    if c.cal.previous_business_day(c.ship_by) >= c.today:
        return _contact_buyer(c, [_TOPIC.get(f, f.label) for f in asks], ship_then)
    return _ship_with_letter(c, "返信を待つ時間がありません。")


def _late(c: _Ctx) -> Triage:
    assert c.ship_by is not None
    head = f"出荷期限（{_md(c.ship_by)}）を過ぎています。"
    if any(f.severity is Severity.BLOCKS for f in c.found):
        action = (head + "理由欄の問題が今日中に解決できるなら今日中に発送して出荷通知を送り、"
                  "解決できないなら今日中に注文をキャンセルしてキャンセル日を入力してください。")
        return c.result(Status.LATE, "今日中に解決して発送、無理ならキャンセル", action, c.ship_by)
    letter = _letter(c, with_asks=True)
    enclose = "手紙（手紙列）を印刷して同封し、" if letter else ""
    action = (head + f"{enclose}今日中に発送して、今日のうちに出荷通知を送ってください。"
              + _ship_extras(c, letter))
    todo = ("手紙を同封し" if letter else "") + "今日中に発送→当日に出荷通知"
    return c.result(Status.LATE, todo, action, c.ship_by, letter=letter)


def _triage(o: Order, s: Settings, today: date, cal: BusinessCalendar, find: Find) -> Triage:
    c = _Ctx(o, s, today, cal)
    # Rule 1.
    if o.confirmed_on is not None or o.cancelled_on is not None:
        done = "出荷通知済み" if o.confirmed_on is not None else "キャンセル済み"
        return c.result(Status.DONE, f"対応不要（{done}）", f"対応は完了しています（{done}）。", None)
    bad_dates = [f"{_cell(o, k)}の日付（{v.year}年）は扱えません" for k in _DATE_KEYS
                 if (v := getattr(o, k)) is not None and not text_.supported_year(v)]
    if not bad_dates:
        _auto_cancel(c)
    # Rule 2.
    if o.shipped_on is not None:
        if not bad_dates:
            c.ship_by = o.ship_by or _computed_ship_by(c)
        deadline = c.ship_by or today
        late = f"出荷期限（{_md(c.ship_by)}）は過ぎています。" if c.ship_by and c.ship_by < today else ""
        action = ("発送済みです。今すぐセラーセントラルで出荷通知を送り、出荷通知日に日付を入力してください"
                  f"（Amazonは出荷通知を送った日で遅延を判断します）。{late}")
        return c.result(Status.CONFIRM_NOW, "今すぐ出荷通知→出荷通知日を入力", action, deadline,
                        [p.text for p in o.problems] + bad_dates)
    problems = [p.text for p in o.problems] + bad_dates + _closed_set_problems(o)
    if problems:
        return _needs_input(c, problems)
    # Rule 8 (before rule 3: never tell the seller to ship an order the buyer wants cancelled).
    if text_.clean(o.contact_result) == R_CANCEL:
        return c.result(Status.CANCEL, ASK_BUYER_TO_CANCEL, (
            "購入者がキャンセルを希望しています。出品者側でキャンセルするとキャンセル率（2.5%未満が目標）に"
            "数えられるため、購入者にAmazonの注文履歴から「キャンセルをリクエスト」してもらうよう返信してください。"
            "リクエストが届いたら注文をキャンセルし、キャンセル日を入力してください。"), today)
    # The buyer asked Amazon to cancel (注文状況 from the report): cancel, never ship.
    if FLAG_BUYER_CANCEL in text_.clean(o.order_flags):
        return c.result(Status.CANCEL, "購入者都合でキャンセル→キャンセル日を入力", (
            "購入者からAmazon経由でキャンセルのリクエストが届いています。発送せず、セラーセントラルで"
            "キャンセル理由に「購入者からのキャンセル」を選んで注文をキャンセルし、キャンセル日を入力してください"
            "（購入者のリクエストによるキャンセルはキャンセル率に数えられません）。"), today)
    c.ship_by = o.ship_by or _computed_ship_by(c)
    if c.ship_by is None:
        missing = f"{_cell(o, 'ship_by')}と{_cell(o, 'purchased_at')}が空欄で、出荷期限がわかりません"
        return _needs_input(c, [missing])
    # Rule 4 (findings and contact state); rule 3 lists them too.
    _collect_findings(c, find)
    _report_findings(c)
    _contact_state(c)
    if c.ship_by < today:
        return _late(c)
    blocks = [f for f in c.found if f.severity is Severity.BLOCKS]
    if blocks:
        return _blocks(c, sorted(blocks, key=_FINDING_ORDER.__getitem__))
    asks = [f for f in c.found if f.severity is Severity.ASK]
    if asks:
        return _asks(c, sorted(asks, key=_FINDING_ORDER.__getitem__))
    return _ship(c)


def _computed_ship_by(c: _Ctx) -> date | None:
    """Ship-by from 購入日時 + handling days when the report gave none."""
    if c.o.purchased_at is None:
        return None
    return c.cal.ship_by(c.o.purchased_at, c.s.handling_days, c.s.cutoff)


def _safe_triage(o: Order, s: Settings, today: date, cal: BusinessCalendar, find: Find) -> Triage:
    try:
        return _triage(o, s, today, cal, find)
    except CalendarRangeError as e:  # a deadline computed beyond the supported years
        c = _Ctx(o, s, today, cal)
        return _needs_input(c, [f"{o.row}行目: {e}" if o.row else str(e)])


def _check_today(today: date) -> None:
    if not text_.supported_year(today):
        raise CalendarRangeError(f"今日の日付 {today.isoformat()} は扱えません（{text_.YEAR_RANGE}）。")


def triage_order(order: Order, settings: Settings, today: date, *, find: Find | None = None,
                 calendar: BusinessCalendar | None = None) -> Triage:
    """The computed columns of one order (pure: same inputs, same result).

    `find(order, mailbox_methods)` supplies the address/name findings; default: the checks
    module when present (see `default_find`). `calendar` defaults to the one of `settings`.
    """
    cal = calendar or BusinessCalendar.from_settings(settings)
    _check_today(today)
    return _safe_triage(order, settings, today, cal, find or default_find())


def triage_all(orders: Iterable[Order], settings: Settings, today: date, *,
               find: Find | None = None) -> list[Triage]:
    """`triage_order` for every order, sharing one calendar and one finder."""
    cal = BusinessCalendar.from_settings(settings)
    finder = find or default_find()
    _check_today(today)
    return [_safe_triage(o, settings, today, cal, finder) for o in orders]


# --- output ------------------------------------------------------------------------------------


def urgency_key(order: Order, triage: Triage, index: int = 0) -> tuple[int, date, int, int, int]:
    """Sort key, most urgent first: status urgency, 期限, then orders Amazon itself flagged
    (verge-of-lateShipment / verge-of-cancellation) before the others with the same 期限."""
    return (URGENCY[triage.status], triage.deadline or date.min,
            0 if has_amazon_warning(order) else 1, order.row, index)


SUMMARY_ROWS = 30  # rows listed in the terminal summary; the sheet has them all


def summary_lines(orders: Sequence[Order], results: Sequence[Triage]) -> list[str]:
    """Japanese summary: counts per status, then the rows due today (most urgent first).

    Only order numbers and row numbers are printed: no buyer text.
    """
    counts = {s: 0 for s in Status}
    for t in results:
        counts[t.status] += 1
    parts = [f"{s.label} {n}件" for s, n in counts.items() if n]
    lines = [f"注文 {len(results)}件" + (": " + "、".join(parts) if parts else "")]
    due = sorted((i for i, t in enumerate(results) if t.due_today),
                 key=lambda i: urgency_key(orders[i], results[i], i))
    if not due:
        lines.append("今日が期限の注文はありません。")
    else:
        lines.append(f"今日が期限の注文 {len(due)}件（急ぐ順）:")
        for i in due[:SUMMARY_ROWS]:
            o, t = orders[i], results[i]
            where = f"{o.row}行目 " if o.row else ""
            lines.append(f"  {where}注文番号 {o.order_id} [{t.status.label}] {t.todo}")
        if len(due) > SUMMARY_ROWS:
            lines.append(f"  …ほか {len(due) - SUMMARY_ROWS}件（注文シートのステータス列で確認できます）")
    later = [t for t in results if not t.due_today and t.deadline is not None]
    if later:
        nearest = min(t.deadline for t in later if t.deadline is not None)
        lines.append(f"明日以降が期限の注文 {len(later)}件（いちばん近い期限 {_md(nearest)}）")
    return lines


def json_record(order: Order, triage: Triage) -> dict[str, object]:
    """One object of `addin triage --json` (the stable scripting interface)."""
    return {
        "order_id": order.order_id,
        "order_item_id": order.order_item_id,
        "status": triage.status.value,
        "todo": triage.todo,  # 対応 as on the sheet (at most 30 characters)
        "action": triage.action,  # the full explanation (説明)
        "deadline": triage.deadline.isoformat() if triage.deadline else None,
        "business_days_left": triage.business_days_left,
        "findings": [f.value for f in triage.findings],
        "letter": triage.letter_code,
    }
