"""Triage rules (addin/core/triage.py), each with concrete dates around Golden Week, 年末年始 and a Monday holiday.

Calendar facts used (2026, Mon–Fri business days, national holidays closed):
- Golden Week: 4/29 (Wed) 昭和の日; 5/2–5/6 closed (Sat, Sun, 5/4, 5/5, 5/6 振替休日).
  So the business days are …4/28, 4/30, 5/1, 5/7, 5/8…
- Monday holiday: 7/20 海の日. Business days …7/16, 7/17, 7/21, 7/22…
- 年末年始 with 休業日 12/29–1/3: business days …12/25, 12/28, 2027-01-04, 01-05…
"""

from __future__ import annotations

import json
import time as time_module
from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone

import pytest
from helpers import make_order
from hypothesis import given, settings
from hypothesis import strategies as st

from addin.core import udf_functions as udf
from addin.core.calendar import BusinessCalendar, today_in_japan
from addin.core.codes import Finding, LetterPart, Severity, Status
from addin.core.model import CellProblem, Order, Settings, Triage
from addin.core.triage import (
    default_find,
    json_record,
    reply_window_end,
    summary_lines,
    triage_all,
    triage_order,
)
from addin.errors import AddinError

S = Settings()
NENMATSU = Settings(closed_month_days=frozenset({(12, 29), (12, 30), (12, 31), (1, 2), (1, 3)}))

GW_SHIP_BY = date(2026, 5, 7)  # Thursday after Golden Week


def order(**kw: object) -> Order:
    return make_order(**{
        "row": 7, "order_id": "503-0000000-0000001", "quantity": None,
        "purchased_at": datetime(2026, 4, 28, 13, 0), "ship_by": GW_SHIP_BY,
        "recipient": "山田 太郎", "listed_condition": "非常に良い", "ship_method": "クリックポスト", **kw,
    })


def findings_of(*found: Finding):  # an injected address/name checker
    def find(o: Order, mailbox: tuple[str, ...]) -> list[tuple[Finding, str]]:
        return [(f, f"検査: {f.label}") for f in found]
    return find


NONE = findings_of()


def tri(o: Order, today: date, find=NONE, s: Settings = S) -> Triage:
    return triage_order(o, s, today, find=find)


# --- rule 1: DONE --------------------------------------------------------------------------------

def test_rule1_confirmed_or_cancelled_is_done() -> None:
    for o in (order(shipped_on=date(2026, 5, 1), confirmed_on=date(2026, 5, 1)),
              order(cancelled_on=date(2026, 4, 30), stock="欠品"),
              order(confirmed_on=date(2026, 5, 1),
                    problems=(CellProblem("contacted_on", "連絡日", "AC7", "日付として読めません"),))):
        t = tri(o, date(2026, 5, 8))
        assert t.status is Status.DONE
        assert t.deadline is None and t.business_days_left is None
        assert not t.due_today and t.letter == () and t.findings == ()
        assert "完了" in t.action


# --- rule 2: CONFIRM_NOW -------------------------------------------------------------------------

def test_rule2_shipped_not_confirmed_is_confirm_now() -> None:
    t = tri(order(shipped_on=date(2026, 5, 1)), date(2026, 5, 1))
    assert t.status is Status.CONFIRM_NOW
    assert t.deadline == GW_SHIP_BY and t.business_days_left == 1
    assert t.due_today  # most urgent row, even before its ship-by date
    assert "出荷通知" in t.action


def test_rule2_beats_late_and_input_problems() -> None:
    o = order(shipped_on=date(2026, 5, 7), problems=(CellProblem("stock", "在庫", "Z7", "選択肢にない値です"),))
    t = tri(o, date(2026, 5, 8))  # ship-by 5/7 has passed
    assert t.status is Status.CONFIRM_NOW
    assert t.business_days_left == -1 and "過ぎています" in t.action
    assert "在庫（Z7）: 選択肢にない値です" in t.reasons


# --- rule 3: LATE --------------------------------------------------------------------------------

def test_rule3_late_after_golden_week() -> None:
    o = order(ship_by=date(2026, 5, 1))
    assert tri(o, date(2026, 5, 1)).status is Status.SHIP  # the ship-by day itself is not late
    t = tri(o, date(2026, 5, 7))
    assert t.status is Status.LATE
    # 期限 shows the ship-by date that was missed; 残り営業日 counts the business days since (negative)
    assert t.deadline == date(2026, 5, 1) and t.business_days_left == -1 and t.due_today
    assert "過ぎています" in t.action and "今日中に発送" in t.action


def test_rule3_late_keeps_blocking_problems_in_reasons() -> None:
    t = tri(order(ship_by=date(2026, 5, 1), stock="欠品"), date(2026, 5, 7),
            find=findings_of(Finding.ADDRESS_NO_NUMBER))
    assert t.status is Status.LATE
    assert {Finding.OUT_OF_STOCK, Finding.ADDRESS_NO_NUMBER} <= set(t.findings)
    assert "在庫が欠品（在庫＝欠品）" in t.reasons and "キャンセル" in t.action
    assert t.letter == ()


def test_rule3_late_with_unanswered_ask_encloses_letter() -> None:
    o = order(ship_by=date(2026, 5, 1), actual_condition="良い", contacted_on=date(2026, 4, 28),
              contact_result="送信エラー")
    t = tri(o, date(2026, 5, 7))
    assert t.status is Status.LATE
    assert t.letter == (LetterPart.MESSAGE_FAILED, LetterPart.CONDITION)
    # Only a NOTE and nobody asked: no letter.
    t = tri(order(ship_by=date(2026, 5, 1)), date(2026, 5, 7), find=findings_of(Finding.POSTCODE_MISMATCH))
    assert t.status is Status.LATE and t.letter == ()


# --- ship-by date and NEEDS_INPUT ---------------------------------------------------------------

def test_ship_by_computed_from_purchase_with_cutoff() -> None:
    # Tuesday 4/28 at 12:30 (after the 12:00 cutoff): counts from 4/30 → 5/1, 5/7.
    t = tri(order(ship_by=None, purchased_at=datetime(2026, 4, 28, 12, 30)), date(2026, 4, 30))
    assert t.status is Status.SHIP and t.deadline == date(2026, 5, 7)
    # Before the cutoff: counts from 4/28 → 4/30, 5/1.
    t = tri(order(ship_by=None, purchased_at=datetime(2026, 4, 28, 9, 0)), date(2026, 4, 30))
    assert t.deadline == date(2026, 5, 1)
    # Ordered on the Monday holiday: counts from Tuesday 7/21 → 7/22, 7/23.
    t = tri(order(ship_by=None, purchased_at=datetime(2026, 7, 20, 8, 0)), date(2026, 7, 21))
    assert t.deadline == date(2026, 7, 23)
    # Handling time from 設定.
    t = tri(order(ship_by=None, purchased_at=datetime(2026, 7, 20, 8, 0)), date(2026, 7, 21),
            s=replace(S, handling_days=1, cutoff=time(9, 0)))
    assert t.deadline == date(2026, 7, 22)


def test_needs_input_when_ship_by_unknown() -> None:
    t = tri(order(ship_by=None, purchased_at=None), date(2026, 5, 1))
    assert t.status is Status.NEEDS_INPUT
    assert t.deadline == date(2026, 5, 1) and t.due_today
    assert "7行目の「出荷期限」" in t.reasons[0] and "7行目の「購入日時」" in t.reasons[0]


def test_needs_input_from_problems_and_closed_sets() -> None:
    t = tri(order(problems=(CellProblem("contacted_on", "連絡日", "AB7", "日付として読めません"),)), date(2026, 5, 1))
    assert t.status is Status.NEEDS_INPUT and "連絡日（AB7）: 日付として読めません" in t.reasons
    assert "連絡日（AB7）" in t.action
    t = tri(order(stock="不明"), date(2026, 5, 1))
    assert t.status is Status.NEEDS_INPUT and "7行目の「在庫」" in t.reasons[0]
    t = tri(order(contact_result="返信待ち"), date(2026, 5, 1))  # waiting since when?
    assert t.status is Status.NEEDS_INPUT and "「連絡日」が空欄" in t.reasons[0]
    t = tri(order(ship_by=date(3026, 5, 7)), date(2026, 5, 1))  # a typo in the year
    assert t.status is Status.NEEDS_INPUT and "「出荷期限」" in t.reasons[0]


def test_closed_sets_accept_full_width_and_spaces() -> None:
    t = tri(order(stock="　欠品 "), date(2026, 5, 1))
    assert Finding.OUT_OF_STOCK in t.findings
    t = tri(order(listed_condition=" 非常に良い", actual_condition="良い　"), date(2026, 5, 1))
    assert Finding.CONDITION_WORSE in t.findings
    t = tri(order(contacted_on=date(2026, 4, 30), contact_result="ｷｬﾝｾﾙ希望"), date(2026, 5, 1))
    assert t.status is Status.CANCEL
    t = tri(order(actual_condition=" 発送不可 "), date(2026, 5, 1))
    assert Finding.ITEM_UNSHIPPABLE in t.findings


def test_condition_ranking() -> None:
    ranks = ("新品", "ほぼ新品", "非常に良い", "良い", "可")
    for i, listed in enumerate(ranks):
        for j, actual in enumerate(ranks):
            t = tri(order(listed_condition=listed, actual_condition=actual), date(2026, 5, 1))
            assert (Finding.CONDITION_WORSE in t.findings) == (j > i), (listed, actual)
    # Either side blank: nothing to compare.
    assert Finding.CONDITION_WORSE not in tri(order(listed_condition="", actual_condition="可"),
                                              date(2026, 5, 1)).findings


# --- rule 5: BLOCKS ------------------------------------------------------------------------------

def test_rule5_blocks_none_contacts_buyer_today() -> None:
    t = tri(order(stock="欠品"), date(2026, 5, 1))
    assert t.status is Status.CONTACT_BUYER
    assert t.deadline == date(2026, 5, 1) and t.business_days_left == 0
    assert "キャンセルをリクエスト" in t.action  # what to ask for an out-of-stock item
    t = tri(order(), date(2026, 5, 1), find=findings_of(Finding.ADDRESS_NO_NUMBER))
    assert t.status is Status.CONTACT_BUYER and "番地" in t.action
    assert t.reasons == ("検査: 住所に番地がない",)


def test_rule5_blocks_waiting_until_window_end_over_golden_week() -> None:
    # Contacted 4/30; window 4/30 + 2 business days = 5/7, but never past the day before ship-by.
    o = order(ship_by=date(2026, 5, 8), stock="欠品", contacted_on=date(2026, 4, 30))
    t = tri(o, date(2026, 5, 1))
    assert t.status is Status.WAIT_REPLY
    assert t.deadline == date(2026, 5, 7) and t.business_days_left == 1 and not t.due_today
    assert "5月7日(木)までに返信がなければAmazonのカスタマーサポート" in t.action
    t = tri(o, date(2026, 5, 7))
    assert t.status is Status.WAIT_REPLY and t.due_today
    t = tri(o, date(2026, 5, 8))  # window closed, no reply
    assert t.status is Status.CONTACT_SUPPORT and t.deadline == date(2026, 5, 8)
    assert Finding.NO_REPLY in t.findings


def test_rule5_reply_window_capped_one_business_day_before_ship_by() -> None:
    # Contacted 4/28, ship-by 5/1: 4/28 + 2 = 5/1, capped to 4/30.
    o = order(ship_by=date(2026, 5, 1), stock="欠品", contacted_on=date(2026, 4, 28),
              contact_result="返信待ち")
    assert tri(o, date(2026, 4, 30)).deadline == date(2026, 4, 30)
    assert tri(o, date(2026, 4, 30)).status is Status.WAIT_REPLY
    assert tri(o, date(2026, 5, 1)).status is Status.CONTACT_SUPPORT


def test_rule5_bounced_contacts_support_today() -> None:
    o = order(stock="欠品", contacted_on=date(2026, 4, 30), contact_result="送信エラー")
    t = tri(o, date(2026, 5, 1))
    assert t.status is Status.CONTACT_SUPPORT and t.deadline == date(2026, 5, 1)
    assert Finding.MESSAGE_BOUNCED in t.findings and "CS連絡日" in t.action


def test_rule5_support_contacted_stock_problem_cancels() -> None:
    o = order(actual_condition="発送不可", contacted_on=date(2026, 4, 28), contact_result="送信エラー",
              support_contacted_on=date(2026, 4, 30))
    t = tri(o, date(2026, 5, 1))
    assert t.status is Status.CANCEL and t.deadline == date(2026, 5, 1)


def test_rule5_support_contacted_address_problem_waits_until_ship_by_day() -> None:
    o = order(contacted_on=date(2026, 4, 28), contact_result="送信エラー",
              support_contacted_on=date(2026, 4, 30))
    no_number = findings_of(Finding.ADDRESS_NO_NUMBER)
    t = tri(o, date(2026, 5, 1), find=no_number)
    assert t.status is Status.CONTACT_SUPPORT and t.deadline == GW_SHIP_BY
    assert t.business_days_left == 1 and "キャンセル" in t.action
    t = tri(o, GW_SHIP_BY, find=no_number)
    assert t.status is Status.CANCEL and t.deadline == GW_SHIP_BY


def test_rule5_replied_carries_on() -> None:
    replied = dict(contacted_on=date(2026, 4, 30), contact_result="返信あり")
    # The seller fixed the address: clean order.
    t = tri(order(**replied), date(2026, 5, 1))
    assert t.status is Status.SHIP and t.deadline == GW_SHIP_BY and t.findings == ()
    # Address finding still there (not yet fixed, or confirmed by the buyer): ship after fixing.
    t = tri(order(**replied), date(2026, 5, 1), find=findings_of(Finding.ADDRESS_NO_NUMBER))
    assert t.status is Status.SHIP and "直して" in t.action and t.letter == ()
    # Still out of stock: cannot be completed.
    t = tri(order(stock="欠品", **replied), date(2026, 5, 1))
    assert t.status is Status.CANCEL and "キャンセルをリクエスト" in t.action


def test_rule5_blocks_outrank_asks() -> None:
    t = tri(order(stock="欠品", actual_condition="良い"), date(2026, 5, 1))
    assert t.status is Status.CONTACT_BUYER
    o = order(stock="欠品", actual_condition="良い", contacted_on=date(2026, 4, 30),
              contact_result="送信エラー")
    assert tri(o, date(2026, 5, 1)).status is Status.CONTACT_SUPPORT


# --- rule 6: ASK only ----------------------------------------------------------------------------

def test_rule6_none_with_time_contacts_buyer() -> None:
    # Friday 5/1 is the business day before ship-by 5/7: one business day left.
    t = tri(order(actual_condition="良い"), date(2026, 5, 1))
    assert t.status is Status.CONTACT_BUYER and t.deadline == date(2026, 5, 1)
    assert "5月1日(金)まで待ち" in t.action


def test_rule6_none_without_time_ships_with_letter() -> None:
    t = tri(order(actual_condition="良い"), GW_SHIP_BY)
    assert t.status is Status.SHIP_WITH_LETTER
    assert t.deadline == GW_SHIP_BY and t.letter == (LetterPart.CONDITION,)
    assert t.letter_code == "CONDITION"
    # GW days off count as no time: seen on 5/4 (holiday) nothing is left before 5/7.
    assert tri(order(actual_condition="良い"), date(2026, 5, 4)).status is Status.SHIP_WITH_LETTER


def test_rule6_monday_holiday_weekend_has_no_time() -> None:
    o = order(ship_by=date(2026, 7, 21), actual_condition="可")
    assert tri(o, date(2026, 7, 17)).status is Status.CONTACT_BUYER
    t = tri(o, date(2026, 7, 18))  # Saturday; the last business day before 7/21 was 7/17
    assert t.status is Status.SHIP_WITH_LETTER and t.business_days_left == 1


def test_rule6_waiting_over_nenmatsu_then_no_reply_letter() -> None:
    o = order(ship_by=date(2027, 1, 5), actual_condition="良い", contacted_on=date(2026, 12, 28))
    t = tri(o, date(2026, 12, 30), s=NENMATSU)
    assert t.status is Status.WAIT_REPLY
    assert t.deadline == date(2027, 1, 4) and t.business_days_left == 1
    t = tri(o, date(2027, 1, 5), s=NENMATSU)
    assert t.status is Status.SHIP_WITH_LETTER and t.deadline == date(2027, 1, 5)
    assert t.letter == (LetterPart.NO_REPLY, LetterPart.CONDITION)
    assert t.letter_code == "NO_REPLY+CONDITION"
    assert Finding.NO_REPLY in t.findings


def test_rule6_bounced_ships_with_letter_by_ship_by() -> None:
    o = order(contacted_on=date(2026, 4, 30), contact_result="送信エラー")
    t = tri(o, date(2026, 5, 1), find=findings_of(Finding.TIME_REQUEST_MAILBOX, Finding.NAME_NOT_A_NAME))
    assert t.status is Status.SHIP_WITH_LETTER and t.deadline == GW_SHIP_BY
    assert t.letter == (LetterPart.MESSAGE_FAILED, LetterPart.TIME_REQUEST, LetterPart.ADDRESS_AS_WRITTEN)
    assert not t.due_today and t.business_days_left == 1


def test_rule6_replied_ships() -> None:
    o = order(actual_condition="良い", contacted_on=date(2026, 4, 30), contact_result="返信あり")
    t = tri(o, date(2026, 5, 1))
    assert t.status is Status.SHIP and t.letter == () and Finding.CONDITION_WORSE in t.findings


def test_rule6_room_number_shipped_as_written() -> None:
    t = tri(order(), GW_SHIP_BY, find=findings_of(Finding.ROOM_NUMBER_MISSING))
    assert t.status is Status.SHIP_WITH_LETTER and t.letter == (LetterPart.ADDRESS_AS_WRITTEN,)


# --- rule 7: SHIP, NOTE findings -----------------------------------------------------------------

def test_rule7_clean_order_ships_by_ship_by() -> None:
    t = tri(order(), date(2026, 4, 30))
    assert t.status is Status.SHIP and t.deadline == GW_SHIP_BY
    assert t.business_days_left == 2 and not t.due_today and t.letter == ()
    assert tri(order(), GW_SHIP_BY).due_today


def test_rule7_notes_never_change_status() -> None:
    notes = findings_of(Finding.POSTCODE_MISMATCH, Finding.ADDRESS_GARBLED, Finding.TIME_REQUEST)
    t = tri(order(), date(2026, 5, 1), find=notes)
    assert t.status is Status.SHIP and t.letter == ()
    assert t.reasons == ("検査: 郵便番号と住所が一致しない", "検査: 住所に文字化けがある",
                         "検査: 時間指定の希望あり（伝票に記入）")
    assert "伝票" in t.action
    waiting = tri(order(contacted_on=date(2026, 4, 30)), date(2026, 5, 1), find=notes)
    assert waiting.status is Status.SHIP and "待たずに" in waiting.action


def test_rule9_note_address_after_no_reply_gets_letter() -> None:
    o = order(contacted_on=date(2026, 4, 28))  # window 4/28 + 2 → 5/1 (cap 5/1): over on 5/7
    t = tri(o, GW_SHIP_BY, find=findings_of(Finding.POSTCODE_MISMATCH))
    assert t.status is Status.SHIP
    assert t.letter == (LetterPart.NO_REPLY, LetterPart.ADDRESS_AS_WRITTEN)
    assert "手紙" in t.action


def test_business_order_packing_slip() -> None:
    t = tri(order(is_business=True), date(2026, 5, 1))
    assert t.status is Status.SHIP and Finding.BUSINESS_ORDER in t.findings
    assert t.letter == () and "納品書" in t.action
    t = tri(order(is_business=True, actual_condition="良い"), GW_SHIP_BY)
    assert t.letter == (LetterPart.CONDITION, LetterPart.PACKING_SLIP)


# --- rule 8: cancel request ----------------------------------------------------------------------

def test_rule8_cancel_request() -> None:
    o = order(contacted_on=date(2026, 4, 30), contact_result="キャンセル希望")
    t = tri(o, date(2026, 5, 1))
    assert t.status is Status.CANCEL and t.deadline == date(2026, 5, 1) and t.due_today
    assert "キャンセルをリクエスト" in t.action and "キャンセル率" in t.action
    # Even past the ship-by date the seller is not told to ship.
    assert tri(o, date(2026, 5, 8)).status is Status.CANCEL


# --- AUTO_CANCEL_SOON ----------------------------------------------------------------------------

def test_auto_cancel_soon_within_three_days() -> None:
    o = order(purchased_at=datetime(2026, 4, 1, 10, 0), ship_by=date(2026, 5, 7))
    assert Finding.AUTO_CANCEL_SOON not in tri(o, date(2026, 4, 27)).findings
    t = tri(o, date(2026, 4, 28))  # 4/1 + 30 days = 5/1
    assert Finding.AUTO_CANCEL_SOON in t.findings and t.status is Status.SHIP
    assert any("5月1日(金)" in r for r in t.reasons)
    shipped = tri(replace(o, shipped_on=date(2026, 4, 28)), date(2026, 4, 29))
    assert Finding.AUTO_CANCEL_SOON in shipped.findings


# --- contract ------------------------------------------------------------------------------------

def test_reply_window_end_function() -> None:
    cal = BusinessCalendar.from_settings(S)
    assert reply_window_end(cal, date(2026, 7, 16), date(2026, 7, 24), 2) == date(2026, 7, 21)
    assert reply_window_end(cal, date(2026, 7, 16), date(2026, 7, 21), 2) == date(2026, 7, 17)


def test_find_receives_mailbox_methods_from_settings() -> None:
    seen: list[tuple[str, ...]] = []

    def find(o: Order, mailbox: tuple[str, ...]) -> list[tuple[Finding, str]]:
        seen.append(mailbox)
        return []

    s = replace(S, mailbox_methods=("クリックポスト", "自作便"))
    triage_order(order(), s, date(2026, 5, 1), find=find)
    assert seen == [("クリックポスト", "自作便")]


def test_default_find_is_the_address_and_name_checks() -> None:
    from addin.core.checks import order_findings

    t = triage_order(order(), S, date(2026, 5, 1))  # the order has no address at all
    assert default_find() is order_findings
    assert Finding.ADDRESS_EMPTY in t.findings and t.status is Status.CONTACT_BUYER


def test_today_in_japan(monkeypatch: pytest.MonkeyPatch) -> None:
    assert today_in_japan(S, date(2026, 5, 1)) == date(2026, 5, 1)
    assert today_in_japan(replace(S, today=date(2026, 7, 20))) == date(2026, 7, 20)
    assert today_in_japan(replace(S, today=date(2026, 7, 20)), date(2026, 5, 1)) == date(2026, 5, 1)
    # The machine zone must not matter: pretend to be in Honolulu (UTC-10).
    monkeypatch.setenv("TZ", "Pacific/Honolulu")
    time_module.tzset()
    try:
        before = datetime.now(timezone(timedelta(hours=9))).date()
        got = today_in_japan(S)
        after = datetime.now(timezone(timedelta(hours=9))).date()
        assert got in {before, after}
    finally:
        monkeypatch.undo()
        time_module.tzset()


def test_json_record_keys_and_values() -> None:
    o = order(actual_condition="良い")
    rec = json_record(o, tri(o, GW_SHIP_BY))
    assert list(rec) == ["order_id", "order_item_id", "status", "todo", "action", "deadline",
                         "business_days_left", "findings", "letter"]
    assert rec["status"] == "SHIP_WITH_LETTER" and rec["deadline"] == "2026-05-07"
    assert rec["business_days_left"] == 0 and rec["findings"] == ["CONDITION_WORSE"]
    assert rec["letter"] == "CONDITION" and rec["order_id"] == "503-0000000-0000001"
    assert json.loads(json.dumps(rec, ensure_ascii=False)) == rec
    done = json_record(o, tri(replace(o, confirmed_on=date(2026, 5, 7)), GW_SHIP_BY))
    assert done["deadline"] is None and done["business_days_left"] is None and done["letter"] is None


def test_summary_lines_counts_then_due_rows_by_urgency() -> None:
    today = date(2026, 5, 7)
    orders = [
        order(row=5, order_id="A", ship_by=date(2026, 5, 8)),  # SHIP, not due
        order(row=6, order_id="B"),  # SHIP, due today
        order(row=7, order_id="C", shipped_on=today),  # CONFIRM_NOW
        order(row=8, order_id="D", ship_by=date(2026, 5, 1)),  # LATE
        order(row=9, order_id="E", confirmed_on=today),  # DONE
    ]
    results = triage_all(orders, S, today, find=NONE)
    lines = summary_lines(orders, results)
    assert lines[0] == "注文 5件: 完了 1件、要出荷通知 1件、期限超過 1件、発送 2件"
    due = [line for line in lines if line.startswith("  ")]
    assert [line.split()[2] for line in due] == ["C", "D", "B"]
    assert all("山田" not in line for line in lines)  # no buyer text
    assert lines[-1].startswith("明日以降が期限の注文 1件")


# --- purity and invariants -----------------------------------------------------------------------

def test_triage_all_matches_triage_order_and_is_idempotent() -> None:
    orders = [order(row=i, stock="欠品" if i % 3 == 0 else "", actual_condition="良い" if i % 2 else "")
              for i in range(5, 40)]
    first = triage_all(orders, S, date(2026, 5, 1), find=NONE)
    again = triage_all(orders, S, date(2026, 5, 1), find=NONE)
    assert first == again == [tri(o, date(2026, 5, 1)) for o in orders]


ADDRESS = [f for f in Finding if f.severity is not Severity.INFO and f not in {
    Finding.OUT_OF_STOCK, Finding.ITEM_UNSHIPPABLE, Finding.CONDITION_WORSE,
    Finding.BUSINESS_ORDER, Finding.AUTO_CANCEL_SOON}]
maybe_day = st.none() | st.dates(min_value=date(2026, 4, 1), max_value=date(2026, 6, 30))


@settings(max_examples=300, deadline=None)
@given(
    ship_by=maybe_day, shipped=maybe_day, confirmed=st.none() | st.just(date(2026, 5, 1)),
    contacted=maybe_day, support=maybe_day,
    result=st.sampled_from(["", "返信待ち", "送信エラー", "返信あり", "キャンセル希望"]),
    stock=st.sampled_from(["", "あり", "欠品"]),
    actual=st.sampled_from(["", "新品", "良い", "可", "発送不可"]),
    business=st.booleans(),
    found=st.lists(st.sampled_from(ADDRESS), max_size=3, unique=True),
    today=st.dates(min_value=date(2026, 4, 20), max_value=date(2026, 7, 31)),
)
def test_invariants(ship_by, shipped, confirmed, contacted, support, result, stock, actual,
                    business, found, today) -> None:
    o = order(ship_by=ship_by, shipped_on=shipped, confirmed_on=confirmed, contacted_on=contacted,
              support_contacted_on=support, contact_result=result, stock=stock,
              actual_condition=actual, is_business=business)
    find = findings_of(*found)
    t = tri(o, today, find=find)
    assert t == tri(o, today, find=find)  # pure
    assert (t.status is Status.DONE) == (t.deadline is None) == (t.business_days_left is None)
    if t.deadline is not None:
        assert t.due_today == (t.deadline <= today or t.status is Status.CONFIRM_NOW)
        assert (t.business_days_left < 0) == (t.deadline < today)  # type: ignore[operator]
    if t.status is Status.SHIP_WITH_LETTER:
        assert t.letter
    if t.letter:
        assert t.status in {Status.SHIP, Status.SHIP_WITH_LETTER, Status.LATE}
        assert o.contact_result != "返信あり"
    support_wait = t.status is Status.CONTACT_SUPPORT and o.support_contacted_on is not None
    if t.status is Status.LATE:  # the missed ship-by date, overdue
        assert t.deadline is not None and t.deadline < today and t.business_days_left < 0  # type: ignore[operator]
    if t.status in {Status.CONTACT_BUYER, Status.CONTACT_SUPPORT, Status.NEEDS_INPUT}:
        assert t.deadline == (o.ship_by or GW_SHIP_BY) if support_wait else t.deadline == today
    assert t.todo and len(t.todo) <= Triage.TODO_MAX
    if t.status is Status.WAIT_REPLY:
        assert t.deadline is not None and today <= t.deadline
        assert t.deadline < (o.ship_by or GW_SHIP_BY)  # GW_SHIP_BY: computed from 購入日時
    if t.status in {Status.SHIP, Status.SHIP_WITH_LETTER}:
        assert not any(f.severity is Severity.BLOCKS for f in t.findings) or o.contact_result == "返信あり"
    assert len(t.reasons) >= len(t.findings)
    assert all(isinstance(r, str) and r for r in t.reasons)
    assert t.action and not any(ch in t.action for ch in "{}")  # every placeholder filled


# --- UDFs-to-be ----------------------------------------------------------------------------------

def test_udf_ship_by_date() -> None:
    assert udf.ship_by_date("2026/4/28 10:00") == date(2026, 5, 1)
    assert udf.ship_by_date(datetime(2026, 4, 28, 12, 0)) == date(2026, 5, 7)  # at the cutoff
    assert udf.ship_by_date("２０２６／７／２０", 1) == date(2026, 7, 22)  # Monday holiday
    assert udf.ship_by_date(46140.5) == date(2026, 5, 7)  # Excel serial of 2026-04-28 12:00
    assert udf.ship_by_date("2026/12/28 15:00", settings=NENMATSU) == date(2027, 1, 6)
    for bad in (None, "あした", "2026/2/30"):
        with pytest.raises(AddinError):
            udf.ship_by_date(bad)
    with pytest.raises(AddinError):
        udf.ship_by_date("2026/4/28", -1)


def test_udf_business_days_left() -> None:
    assert udf.business_days_left("2026/5/7", "2026/5/1") == 1
    assert udf.business_days_left(date(2026, 5, 1), date(2026, 5, 7)) == -1
    assert udf.business_days_left("2027/1/4", "2026/12/28", settings=NENMATSU) == 1
    assert udf.business_days_left("2026/5/1", settings=replace(S, today=date(2026, 5, 1))) == 0
    with pytest.raises(AddinError):
        udf.business_days_left(None, "2026/5/1")


def test_udf_order_status() -> None:
    assert udf.order_status(ship_by="2026/5/7", today="2026/5/7") == "発送"
    assert udf.order_status(ship_by="2026/5/7", today="2026/5/7", actual_condition="良い",
                            listed_condition="非常に良い") == "手紙同封で発送"
    assert udf.order_status(ship_by="2026/5/7", shipped_on="2026/5/7", today="2026/5/7",
                            as_code=True) == "CONFIRM_NOW"
    assert udf.order_status(ship_by="５月７日", today="2026/5/1") == "入力不足"
    assert udf.order_status(purchased_at="2026/4/28 13:00", today="2026/5/8") == "期限超過"
    assert udf.order_status(ship_by="2026/5/7", today="2026/5/1", stock="欠品", contacted_on="2026/4/30",
                            contact_result="送信エラー", as_code=True) == "CONTACT_SUPPORT"


def test_buyer_cancellation_request_from_the_report_cancels():
    from addin.core.report import FLAG_BUYER_CANCEL

    o = Order(row=5, order_id="250-1", order_item_id="1", ship_by=date(2026, 11, 27),
              purchased_at=datetime(2026, 11, 25, 10), recipient="山田 太郎", prefecture="東京都",
              address1="千代田区千代田1-1", postcode="1000001", order_flags=f"{FLAG_BUYER_CANCEL}（理由: 不要）")
    t = triage_order(o, Settings(), date(2026, 11, 26), find=lambda *_: [])
    assert t.status is Status.CANCEL and t.deadline == date(2026, 11, 26)
    assert "購入者からのキャンセル" in t.action


def test_todo_is_short_and_names_the_action_for_every_status() -> None:
    """対応 (todo) fits the sheet: one thing to do now, at most 30 characters, for every rule."""
    cases = [
        order(shipped_on=GW_SHIP_BY),  # CONFIRM_NOW
        order(ship_by=date(2026, 5, 1)),  # LATE on 5/7
        order(stock="欠品"),  # CONTACT_BUYER
        order(stock="欠品", contacted_on=date(2026, 4, 28), contact_result="送信エラー"),  # CONTACT_SUPPORT
        order(actual_condition="良い", contacted_on=date(2026, 4, 28), contact_result="送信エラー"),
        order(contact_result="キャンセル希望", contacted_on=date(2026, 4, 28)),  # CANCEL
        order(confirmed_on=date(2026, 4, 28)),  # DONE
        order(stock="？？"),  # NEEDS_INPUT
        order(),  # SHIP
    ]
    seen = set()
    for o in cases:
        t = tri(o, date(2026, 5, 7) if o.ship_by == date(2026, 5, 1) else date(2026, 4, 28))
        seen.add(t.status)
        assert t.todo and len(t.todo) <= Triage.TODO_MAX, (t.status, t.todo)
        assert t.todo != t.action
    assert len(seen) >= 8
