"""Business-day calendar: holidays, seller closures, cutoff, counting conventions."""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from addin.core.calendar import (
    BusinessCalendar,
    CalendarRangeError,
    auto_cancel_date,
    japan_national_holidays,
)
from addin.core.model import Settings
from addin.errors import DomainError

REPO = Path(__file__).resolve().parent.parent
CSV_COPY = REPO / "tests" / "data" / "syukujitsu-cabinet-office.csv"
CSV_SHARED = REPO.parent / "shared" / "reference" / "holidays" / "syukujitsu-cabinet-office.csv"

NENMATSU = frozenset({(12, 29), (12, 30), (12, 31), (1, 2), (1, 3)})  # 12/29–1/3 with 1/1 a holiday


def cabinet_office_holidays() -> dict[int, set[date]]:
    by_year: dict[int, set[date]] = defaultdict(set)
    with CSV_COPY.open(encoding="cp932", newline="") as f:
        rows = csv.reader(f)
        assert next(rows) == ["国民の祝日・休日月日", "国民の祝日・休日名称"]
        for day, _name in rows:
            y, m, d = (int(x) for x in day.split("/"))
            by_year[y].add(date(y, m, d))
    return by_year


def test_holiday_library_matches_cabinet_office_list_from_2016() -> None:
    official = cabinet_office_holidays()
    years = [y for y in official if y >= 2016]
    assert min(years) == 2016 and max(years) >= 2027  # the file really covers these years
    for year in years:
        assert japan_national_holidays(year) == frozenset(official[year]), year


def test_csv_copy_is_the_shared_reference() -> None:
    if not CSV_SHARED.exists():  # CI without ../shared: the copy is the reference
        return
    assert CSV_COPY.read_bytes() == CSV_SHARED.read_bytes()


@pytest.fixture(scope="module")
def cal() -> BusinessCalendar:
    return BusinessCalendar()  # Mon–Fri, national holidays closed


def test_golden_week_2026(cal: BusinessCalendar) -> None:
    # 4/29 (Wed) 昭和の日; 5/2 Sat, 5/3 Sun 憲法記念日, 5/4 Mon, 5/5 Tue, 5/6 Wed 振替休日.
    assert not cal.is_business_day(date(2026, 4, 29))
    assert [cal.is_business_day(date(2026, 5, d)) for d in range(1, 8)] == [
        True, False, False, False, False, False, True]
    assert cal.add_business_days(date(2026, 4, 28), 1) == date(2026, 4, 30)
    assert cal.add_business_days(date(2026, 5, 1), 1) == date(2026, 5, 7)
    assert cal.add_business_days(date(2026, 5, 7), -1) == date(2026, 5, 1)
    assert cal.next_business_day(date(2026, 5, 3)) == date(2026, 5, 7)
    assert cal.previous_business_day(date(2026, 5, 7)) == date(2026, 5, 1)
    assert cal.business_days_between(date(2026, 4, 28), date(2026, 5, 7)) == 3
    assert cal.business_days_between(date(2026, 5, 7), date(2026, 4, 28)) == -3


def test_monday_holiday(cal: BusinessCalendar) -> None:
    # 2026-07-20 海の日 (Monday).
    assert not cal.is_business_day(date(2026, 7, 20))
    assert cal.add_business_days(date(2026, 7, 17), 1) == date(2026, 7, 21)
    assert cal.business_days_between(date(2026, 7, 17), date(2026, 7, 21)) == 1


def test_nenmatsu_closure_crosses_the_year() -> None:
    cal = BusinessCalendar(closed_month_days=NENMATSU)
    assert cal.add_business_days(date(2026, 12, 28), 1) == date(2027, 1, 4)
    assert cal.previous_business_day(date(2027, 1, 4)) == date(2026, 12, 28)
    assert cal.business_days_between(date(2026, 12, 25), date(2027, 1, 5)) == 3  # 12/28, 1/4, 1/5
    # Without the closure 12/29–12/31 are ordinary weekdays.
    assert BusinessCalendar().add_business_days(date(2026, 12, 28), 1) == date(2026, 12, 29)


def test_extra_closed_days_and_leap_day() -> None:
    cal = BusinessCalendar(closed_days={date(2026, 8, 13), date(2026, 8, 14)},
                           closed_month_days={(2, 29)})
    assert cal.add_business_days(date(2026, 8, 12), 1) == date(2026, 8, 17)
    assert not cal.is_business_day(date(2028, 2, 29))  # a leap-year Tuesday closed
    assert cal.is_business_day(date(2026, 3, 2))  # 2/29 in a common year closes nothing


def test_saturday_business_and_holidays_open() -> None:
    sat = BusinessCalendar(business_weekdays={0, 1, 2, 3, 4, 5})
    assert sat.next_business_day(date(2026, 5, 1)) == date(2026, 5, 2)  # Saturday in GW
    assert sat.next_business_day(date(2026, 5, 2)) == date(2026, 5, 7)  # 5/3–5/6 holidays
    assert sat.next_business_day(date(2026, 5, 8)) == date(2026, 5, 9)  # Saturday
    open_holidays = BusinessCalendar(holidays_closed=False)
    assert open_holidays.is_business_day(date(2026, 5, 4))
    assert not open_holidays.is_business_day(date(2026, 5, 2))


def test_injected_holiday_source() -> None:
    cal = BusinessCalendar(holiday_source=lambda year: {date(year, 6, 1)})
    assert not cal.is_business_day(date(2026, 6, 1))
    assert cal.is_business_day(date(2026, 5, 4))  # the library's data is not used


def test_business_days_left_conventions(cal: BusinessCalendar) -> None:
    left = cal.business_days_left
    assert left(date(2026, 5, 1), date(2026, 5, 1)) == 0
    assert left(date(2026, 5, 1), date(2026, 5, 7)) == 1
    assert left(date(2026, 5, 7), date(2026, 5, 1)) == -1
    assert left(date(2026, 5, 8), date(2026, 5, 1)) == -2
    # Deadline on a Saturday, seen on Sunday: past, so negative although no business day passed.
    assert left(date(2026, 5, 10), date(2026, 5, 9)) == -1
    # Seen on Friday: no business day before it, not yet past.
    assert left(date(2026, 5, 8), date(2026, 5, 9)) == 0


def test_ship_by_cutoff_and_closed_days(cal: BusinessCalendar) -> None:
    noon = time(12, 0)
    # Tuesday before noon: counts from Tuesday; 4/29 is a holiday.
    assert cal.ship_by(datetime(2026, 4, 28, 11, 59), 2, noon) == date(2026, 5, 1)
    # At or after the cutoff: counts from the next business day (4/30).
    assert cal.ship_by(datetime(2026, 4, 28, 12, 0), 2, noon) == date(2026, 5, 7)
    # Ordered on a closed day (Saturday in GW), early morning: counts from 5/7.
    assert cal.ship_by(datetime(2026, 5, 2, 9, 0), 2, noon) == date(2026, 5, 11)
    # Ordered on Monday holiday (海の日) morning: counts from Tuesday.
    assert cal.ship_by(datetime(2026, 7, 20, 8, 0), 1, noon) == date(2026, 7, 22)
    # Handling time 0: ship the same business day.
    assert cal.ship_by(datetime(2026, 7, 17, 9, 0), 0, noon) == date(2026, 7, 17)
    assert cal.ship_by(datetime(2026, 7, 17, 13, 0), 0, noon) == date(2026, 7, 21)
    assert cal.ship_by(datetime(2026, 7, 17, 23, 0), 0, None) == date(2026, 7, 17)
    with pytest.raises(DomainError):
        cal.ship_by(datetime(2026, 7, 17, 9, 0), -1, noon)


def test_ship_by_converts_offset_timestamps_to_japan_time(cal: BusinessCalendar) -> None:
    # 2026-04-28 02:30 UTC is 11:30 in Japan (before the cutoff); 03:30 UTC is 12:30 (after).
    assert cal.ship_by(datetime(2026, 4, 28, 2, 30, tzinfo=UTC), 2, time(12)) == date(2026, 5, 1)
    assert cal.ship_by(datetime(2026, 4, 28, 3, 30, tzinfo=UTC), 2, time(12)) == date(2026, 5, 7)
    assert auto_cancel_date(datetime(2026, 4, 30, 16, 0, tzinfo=UTC)) == date(2026, 5, 31)


def test_ship_by_over_nenmatsu() -> None:
    cal = BusinessCalendar(closed_month_days=NENMATSU)
    assert cal.ship_by(datetime(2026, 12, 28, 15, 0), 2, time(12, 0)) == date(2027, 1, 6)  # from 1/4


def test_from_settings_is_shared_and_follows_settings() -> None:
    a = BusinessCalendar.from_settings(Settings())
    assert BusinessCalendar.from_settings(Settings(shop_name="別の店")) is a
    b = BusinessCalendar.from_settings(Settings(closed_month_days=NENMATSU))
    assert b is not a and not b.is_business_day(date(2026, 12, 30))


def test_invalid_settings_and_range() -> None:
    with pytest.raises(DomainError):
        BusinessCalendar(business_weekdays=())
    with pytest.raises(DomainError):
        BusinessCalendar(business_weekdays={7})
    with pytest.raises(CalendarRangeError):
        BusinessCalendar().is_business_day(date(2999, 1, 1))
    never_open = BusinessCalendar(business_weekdays={0}, holiday_source=lambda y: set(),
                                  closed_days={date(2199, 12, 30)})
    with pytest.raises(CalendarRangeError):  # no business day left before the end of the range
        never_open.add_business_days(date(2199, 12, 20), 5)


def test_span_grows_both_ways() -> None:
    cal = BusinessCalendar()
    assert cal.add_business_days(date(2026, 6, 1), 600) > date(2028, 6, 1)
    assert cal.add_business_days(date(2026, 6, 1), -600) < date(2024, 6, 1)
    assert cal.business_days_between(date(1990, 1, 1), date(2030, 1, 1)) > 9000


def test_auto_cancel_date() -> None:
    assert auto_cancel_date(datetime(2026, 12, 10, 23, 0)) == date(2027, 1, 9)
    assert auto_cancel_date(date(2026, 4, 1)) == date(2026, 5, 1)


days = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))


@settings(max_examples=200, deadline=None)
@given(d=days, n=st.integers(min_value=-400, max_value=400))
def test_add_and_between_agree(d: date, n: int) -> None:
    cal = BusinessCalendar.from_settings(Settings(closed_month_days=NENMATSU))
    target = cal.add_business_days(d, n)
    if n >= 0 or cal.is_business_day(d):
        assert cal.business_days_between(d, target) == n
    if n:
        assert cal.is_business_day(target)
        assert (target > d) == (n > 0)
    # Brute force: n > 0 counts (d, target]; n < 0 counts [target, d).
    if n >= 0:
        span = [d + timedelta(days=i) for i in range(1, (target - d).days + 1)]
    else:
        span = [target + timedelta(days=i) for i in range((d - target).days)]
    assert sum(map(cal.is_business_day, span)) == abs(n)
    assert cal.business_days_between(target, d) == -cal.business_days_between(d, target)
