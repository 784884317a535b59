"""The worksheet functions (registered by addin/udfs.py as SHIP_BY, BUSINESS_DAYS_LEFT, ORDER_STATUS…)
as plain Python functions.

Each takes cell values as Excel hands them over (date, datetime, an Excel serial number, text
such as `2026/5/1` or `２０２６－０５－０１`, or None for a blank cell) and returns a value a cell
can show. Without `settings` they use the 設定 defaults (Mon–Fri, national holidays closed,
handling time 2 business days, cutoff 12:00, reply window 2 business days). A value a seller can
get wrong raises a `DomainError` with a Japanese message (Excel shows it as an error value).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from typing import TypeVar

from addin.core import values
from addin.core.calendar import BusinessCalendar, today_in_japan
from addin.core.codes import Finding, Status
from addin.core.model import CellProblem, Order, Settings
from addin.core.triage import Find, triage_order
from addin.layout import COLUMNS_BY_HEADER

DEFAULT_SETTINGS = Settings()
T = TypeVar("T")


def _datetime_arg(value: object, what: str) -> datetime | None:
    try:
        return values.to_datetime(value)
    except values.ValueProblem as e:
        raise values.ValueProblem(f"{what}: {e}") from None


def _date_arg(value: object, what: str) -> date | None:
    dt = _datetime_arg(value, what)
    return dt.date() if dt else None


def ship_by_date(purchased_at: object, handling_days: object = None,
                 settings: Settings | None = None) -> date:
    """出荷期限(購入日時, [営業日数]) → date.

    The ship-by date for an order placed at `purchased_at` (Japan time): counted from the
    purchase day, or from the next business day when the order came at or after the cutoff
    time (設定 注文の締め時刻) or on a closed day; then `handling_days` business days on (blank:
    設定 発送までの営業日数). Example with defaults: 2026/4/28 10:00 → 2026/5/1 (4/29 is 昭和の日).
    """
    s = settings or DEFAULT_SETTINGS
    when = _datetime_arg(purchased_at, "購入日時")
    if when is None:
        raise values.ValueProblem("購入日時が空欄です。")
    days: int | None = s.handling_days
    if handling_days is not None and not values.is_blank(handling_days):
        try:
            days = values.to_int(handling_days)
        except values.ValueProblem as e:
            raise values.ValueProblem(f"営業日数: {e}") from None
    if days is None or days < 0:
        raise values.ValueProblem("営業日数は0以上の整数で入力してください。")
    return BusinessCalendar.from_settings(s).ship_by(when, days, s.cutoff)


def business_days_left(deadline: object, today: object = None,
                       settings: Settings | None = None) -> int:
    """残り営業日(期限, [今日]) → int.

    Business days from today (blank: today in Japan, or 設定 今日の日付) to `deadline`:
    0 = due today, 1 = the next business day, negative once the deadline has passed.
    Example: today 2026/5/1 (Fri), deadline 2026/5/7 (Thu after Golden Week) → 1.
    """
    s = settings or DEFAULT_SETTINGS
    end = _date_arg(deadline, "期限")
    if end is None:
        raise values.ValueProblem("期限が空欄です。")
    day = today_in_japan(s, _date_arg(today, "今日"))
    return BusinessCalendar.from_settings(s).business_days_left(day, end)


def order_status(
    ship_by: object = None,
    purchased_at: object = None,
    shipped_on: object = None,
    confirmed_on: object = None,
    cancelled_on: object = None,
    listed_condition: object = None,
    actual_condition: object = None,
    stock: object = None,
    contacted_on: object = None,
    contact_result: object = None,
    support_contacted_on: object = None,
    is_business: object = None,
    today: object = None,
    as_code: bool = False,
    settings: Settings | None = None,
    find: Find | None = None,
) -> str:
    """注文ステータス(出荷期限, 購入日時, 発送日, 出荷通知日, キャンセル日, 出品コンディション,
    実際の状態, 在庫, 連絡日, 連絡結果, CS連絡日, 法人注文, [今日], [コード]) → text.

    The ステータス label (e.g. 「手紙同封で発送」) of one order from its own cells, following the
    same rules as the triage button; `as_code=True` returns the stable code (SHIP_WITH_LETTER).
    Address and name checks need the buyer's address, which a formula should not pass around:
    they are left out unless `find` is given. Unreadable values give 「入力不足」.
    """
    s = settings or DEFAULT_SETTINGS
    problems: list[CellProblem] = []

    def read(value: object, what: str, parse: Callable[[object], T]) -> T | None:
        try:
            return parse(value)
        except values.ValueProblem as e:
            column = COLUMNS_BY_HEADER.get(what)
            problems.append(CellProblem(column.key if column else "", what, "", e.message))
            return None

    order = Order(
        ship_by=read(ship_by, "出荷期限", values.to_date),
        purchased_at=read(purchased_at, "購入日時", values.to_datetime),
        shipped_on=read(shipped_on, "発送日", values.to_date),
        confirmed_on=read(confirmed_on, "出荷通知日", values.to_date),
        cancelled_on=read(cancelled_on, "キャンセル日", values.to_date),
        listed_condition=values.text(listed_condition),
        actual_condition=values.text(actual_condition),
        stock=values.text(stock),
        contacted_on=read(contacted_on, "連絡日", values.to_date),
        contact_result=values.text(contact_result),
        support_contacted_on=read(support_contacted_on, "CS連絡日", values.to_date),
        is_business=bool(read(is_business, "法人注文", values.flag)),
    )
    if problems:
        order = replace(order, problems=tuple(problems))
    day = today_in_japan(s, _date_arg(today, "今日"))
    result = triage_order(order, s, day, find=find or _no_address_checks)
    status: Status = result.status
    return status.value if as_code else status.label


def _no_address_checks(order: Order, mailbox_methods: tuple[str, ...]) -> list[tuple[Finding, str]]:
    return []
