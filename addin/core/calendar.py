"""Business-day calendar of one seller (設定: 営業曜日, 祝日休み, 休業日).

Holiday *data* (which dates are Japanese national holidays) comes from a `HolidaySource`, by
default the maintained `holidays` library; the *rules* (which weekdays are open, whether holidays
are closed, the seller's extra closures) live here. Keeping them apart lets tests inject a source
and lets the data be updated by upgrading one package.

Counting conventions (all dates are Japan dates):

- `add_business_days(d, n)`: the n-th business day after `d` (`d` itself never counts, even when
  it is a business day); negative `n` counts backwards; `n == 0` returns `d` unchanged.
- `business_days_between(a, b)`: business days in (a, b] when b >= a, minus those in (b, a]
  when b < a. So add_business_days(a, n) == b implies business_days_between(a, b) == n for
  n >= 0, and for n < 0 when `a` is a business day.
- `business_days_left(today, deadline)`: 0 = due today (or no business day before a deadline on
  a closed day), positive = business days still ahead, always negative once the deadline passed.
- Ship-by: the handling time counts from the purchase day when the order came in on a business
  day before the cutoff time; from the next business day when it came at or after the cutoff, or
  on a closed day. ship-by = start + handling_days business days.

Lookups are O(1): the calendar keeps, for a span of whole years, a byte per day (open or not),
running counts and the list of open days; the span grows by whole years when a date outside it
is asked for. Holiday sets are cached per year.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from addin.core.model import Settings
from addin.core.values import ValueProblem
from addin.errors import DomainError
from addin.text import MAX_YEAR, MIN_YEAR, YEAR_RANGE, japan_now, supported_year, to_japan_time

HolidaySource = Callable[[int], Iterable[date]]


class CalendarRangeError(DomainError):
    """A date outside the years the calendar supports (almost always a typo in a date cell)."""


@lru_cache(maxsize=512)
def japan_national_holidays(year: int) -> frozenset[date]:
    """国民の祝日・休日 (including 振替休日 and 国民の休日) of one year, from python-holidays.

    Imported lazily: loading the library costs tens of milliseconds, which a CLI call that never
    needs a calendar should not pay. Years the library does not cover give an empty set.
    """
    import holidays

    return frozenset(holidays.Japan(years=year).keys())


@dataclass(frozen=True, slots=True)
class _Span:
    """Open/closed days for the whole years first_year..last_year (immutable snapshot)."""

    first_year: int
    last_year: int
    base: int  # ordinal of first_year-01-01
    is_open: bytes  # 1 per open day, indexed by ordinal - base
    cum: tuple[int, ...]  # cum[i] = open days in [base, base + i); len = days + 1
    open_days: tuple[int, ...]  # ordinals of open days, ascending


class BusinessCalendar:
    """Which days the seller works, and business-day arithmetic on them."""

    def __init__(
        self,
        business_weekdays: Iterable[int] = (0, 1, 2, 3, 4),
        holidays_closed: bool = True,
        closed_days: Iterable[date] = (),
        closed_month_days: Iterable[tuple[int, int]] = (),
        holiday_source: HolidaySource = japan_national_holidays,
    ) -> None:
        weekdays = frozenset(business_weekdays)
        if not weekdays:
            raise ValueProblem("営業曜日が1つもありません。設定で少なくとも1つの曜日を営業日にしてください。")
        if not weekdays <= set(range(7)):
            raise ValueProblem(f"営業曜日の値が不正です: {sorted(weekdays)}（月曜=0〜日曜=6）")
        self.business_weekdays = weekdays
        self.holidays_closed = holidays_closed
        self.closed_days = frozenset(closed_days)
        self.closed_month_days = frozenset(closed_month_days)
        self._holiday_source = holiday_source
        self._lock = threading.Lock()
        self._span: _Span | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> BusinessCalendar:
        """The calendar of `settings`, shared between calls with the same calendar settings."""
        return _calendar_for(
            settings.business_weekdays,
            settings.holidays_closed,
            settings.closed_days,
            settings.closed_month_days,
        )

    # --- the rules -------------------------------------------------------------------------

    def _closed_in_year(self, year: int) -> set[date]:
        closed = {d for d in self.closed_days if d.year == year}
        for month, day in self.closed_month_days:
            with suppress(ValueError):  # 2/29 in a common year: nothing to close
                closed.add(date(year, month, day))
        if self.holidays_closed:
            closed.update(self._holiday_source(year))
        return closed

    def _build(self, first_year: int, last_year: int) -> _Span:
        base = date(first_year, 1, 1).toordinal()
        end = date(last_year, 12, 31).toordinal() + 1
        is_open = bytearray(end - base)
        weekdays = self.business_weekdays
        first_weekday = date(first_year, 1, 1).weekday()
        for i in range(end - base):
            if (first_weekday + i) % 7 in weekdays:
                is_open[i] = 1
        for year in range(first_year, last_year + 1):
            for d in self._closed_in_year(year):
                is_open[d.toordinal() - base] = 0
        cum = [0] * (len(is_open) + 1)
        running = 0
        open_days = []
        for i, flag in enumerate(is_open):
            cum[i] = running
            if flag:
                running += 1
                open_days.append(base + i)
        cum[-1] = running
        return _Span(first_year, last_year, base, bytes(is_open), tuple(cum), tuple(open_days))

    def _cover(self, first_year: int, last_year: int) -> _Span:
        """A span covering at least first_year..last_year (grows the cached one)."""
        span = self._span
        if span is not None and span.first_year <= first_year and last_year <= span.last_year:
            return span
        if first_year < MIN_YEAR or last_year > MAX_YEAR:
            bad = first_year if first_year < MIN_YEAR else last_year
            raise CalendarRangeError(f"{bad}年の日付は扱えません（{YEAR_RANGE}）。日付の入力を確認してください。")
        with self._lock:
            span = self._span
            if span is not None:
                first_year = min(first_year, span.first_year)
                last_year = max(last_year, span.last_year)
                if span.first_year == first_year and span.last_year == last_year:
                    return span
            # One year of margin each side: deadlines and reply windows cross year ends.
            span = self._build(max(MIN_YEAR, first_year - 1), min(MAX_YEAR, last_year + 1))
            self._span = span
            return span

    def _span_for(self, d: date) -> _Span:
        span = self._span
        if span is not None and span.first_year <= d.year <= span.last_year:
            return span
        return self._cover(d.year, d.year)

    # --- queries ---------------------------------------------------------------------------

    def is_business_day(self, d: date) -> bool:
        span = self._span_for(d)
        return span.is_open[d.toordinal() - span.base] == 1

    def add_business_days(self, d: date, n: int) -> date:
        """The n-th business day after `d` (before it when n < 0); `d` itself never counts."""
        if n == 0:
            return d
        span = self._span_for(d)
        while True:
            i = d.toordinal() - span.base
            if n > 0:
                k = span.cum[i + 1] + n - 1  # index in open_days of the target
                if k < len(span.open_days):
                    return date.fromordinal(span.open_days[k])
                span = self._cover(span.first_year, span.last_year + 1 + (n // 250))
            else:
                k = span.cum[i] + n
                if k >= 0:
                    return date.fromordinal(span.open_days[k])
                span = self._cover(span.first_year - 1 - (-n // 250), span.last_year)

    def next_business_day(self, d: date) -> date:
        """The first business day after `d`."""
        return self.add_business_days(d, 1)

    def previous_business_day(self, d: date) -> date:
        """The last business day before `d`."""
        return self.add_business_days(d, -1)

    def business_days_between(self, a: date, b: date) -> int:
        """Business days in (a, b] (negative count of (b, a] when b < a)."""
        span = self._span_for(a)
        if not span.first_year <= b.year <= span.last_year:
            span = self._cover(min(a.year, b.year), max(a.year, b.year))
        ia = a.toordinal() - span.base
        ib = b.toordinal() - span.base
        return span.cum[ib + 1] - span.cum[ia + 1]

    def business_days_left(self, today: date, deadline: date) -> int:
        """Business days from `today` to `deadline`: 0 = due today, negative once it passed.

        A past deadline is at least -1 even when no business day lies between (e.g. a deadline on
        Saturday seen on Sunday): "past" must never look like "due today".
        """
        n = self.business_days_between(today, deadline)
        if deadline < today:
            return min(n, -1)
        return n

    def ship_by(self, purchased_at: datetime, handling_days: int, cutoff: time | None) -> date:
        """Ship-by date (出荷期限) from the purchase time (Japan time) and the handling time.

        Orders placed at or after `cutoff`, or on a closed day, start counting from the next
        business day. `cutoff=None` means no cutoff.
        """
        if handling_days < 0:
            raise ValueProblem("出荷作業日数は0以上で入力してください。")
        purchased_at = to_japan_time(purchased_at)
        day = purchased_at.date()
        after_cutoff = cutoff is not None and purchased_at.time() >= cutoff
        late_or_closed = after_cutoff or not self.is_business_day(day)
        start = self.next_business_day(day) if late_or_closed else day
        return self.add_business_days(start, handling_days)


@lru_cache(maxsize=32)
def _calendar_for(
    business_weekdays: frozenset[int],
    holidays_closed: bool,
    closed_days: frozenset[date],
    closed_month_days: frozenset[tuple[int, int]],
) -> BusinessCalendar:
    return BusinessCalendar(business_weekdays, holidays_closed, closed_days, closed_month_days)


def auto_cancel_date(purchased_at: datetime | date) -> date:
    """Amazon cancels orders never confirmed 30 days after purchase (calendar days)."""
    day = to_japan_time(purchased_at).date() if isinstance(purchased_at, datetime) else purchased_at
    return day + timedelta(days=30)


def today_in_japan(settings: Settings, override: date | None = None) -> date:
    """"Today" for triage: `override` (--today), else 設定's 今日の日付, else the date in Tokyo.

    Never the machine's local zone: a seller's PC or a CI runner may be set to UTC.
    """
    if override is not None:
        day = override
    elif settings.today is not None:
        day = settings.today
    else:
        day = japan_now().date()
    if not supported_year(day):
        raise CalendarRangeError(f"今日の日付 {day.isoformat()} は扱えません（{YEAR_RANGE}）。")
    return day
