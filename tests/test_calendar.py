"""Tests for Korean working days and session helpers (followup.calendar).

Holiday facts are the ones the ``holidays`` package lists for KR.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup import calendar as cal
from followup.calendar import (
    add_working_days,
    is_working_day,
    local_date,
    next_session,
    utc_now,
    working_days_before,
    working_days_between,
)


@pytest.mark.parametrize(
    "day",
    [
        date(2024, 9, 16),  # the day preceding Chuseok
        date(2024, 9, 17),  # Chuseok
        date(2024, 9, 18),  # the second day of Chuseok
        date(2024, 10, 1),  # Armed Forces Day (2024 temporary public holiday)
        date(2024, 10, 3),  # National Foundation Day
        date(2024, 2, 9),  # the day preceding Seollal
        date(2024, 2, 12),  # alternative holiday for Seollal
        date(2024, 5, 6),  # alternative holiday for Children's Day
        date(2025, 1, 27),  # temporary public holiday
        date(2025, 3, 3),  # alternative holiday for Independence Movement Day
        date(2024, 1, 1),  # New Year's Day
        date(2024, 12, 25),  # Christmas
    ],
)
def test_holidays_are_not_working_days(day: date) -> None:
    assert day.weekday() < 5
    assert not is_working_day(day)


def test_facts_agree_with_holidays_package() -> None:
    kr = holidays.country_holidays("KR", years=[2024, 2025])
    for day in (date(2024, 9, 16), date(2024, 10, 1), date(2025, 1, 27)):
        assert day in kr


@pytest.mark.parametrize("day", [date(2024, 9, 21), date(2024, 9, 22), date(2024, 2, 10)])
def test_weekends_are_not_working_days(day: date) -> None:
    assert day.weekday() >= 5
    assert not is_working_day(day)


@pytest.mark.parametrize("day", [date(2024, 9, 19), date(2024, 9, 13), date(2024, 2, 13)])
def test_ordinary_weekdays_are_working_days(day: date) -> None:
    assert is_working_day(day)


def test_add_working_days_across_seollal() -> None:
    # Thu 2024-02-08 -> Fri 9 (holiday), Sat, Sun, Mon 12 (alternative holiday) -> Tue 13
    assert add_working_days(date(2024, 2, 8), 1) == date(2024, 2, 13)
    assert add_working_days(date(2024, 2, 8), 2) == date(2024, 2, 14)
    assert add_working_days(date(2024, 2, 13), -1) == date(2024, 2, 8)


def test_add_working_days_across_chuseok() -> None:
    assert add_working_days(date(2024, 9, 13), 1) == date(2024, 9, 19)
    assert add_working_days(date(2024, 9, 30), 1) == date(2024, 10, 2)  # skips 10-01


def test_add_zero_working_days() -> None:
    assert add_working_days(date(2024, 9, 19), 0) == date(2024, 9, 19)
    assert add_working_days(date(2024, 2, 10), 0) == date(2024, 2, 13)  # Sat in Seollal


def test_working_days_between() -> None:
    assert working_days_between(date(2024, 2, 8), date(2024, 2, 13)) == 1
    assert working_days_between(date(2024, 2, 13), date(2024, 2, 8)) == -1
    assert working_days_between(date(2024, 9, 13), date(2024, 9, 20)) == 2
    assert working_days_between(date(2024, 9, 19), date(2024, 9, 19)) == 0
    # (start, end]: the start day is not counted, the end day is
    assert working_days_between(date(2024, 9, 19), date(2024, 9, 20)) == 1


def test_working_days_before() -> None:
    assert working_days_before(date(2024, 9, 19), 1) == date(2024, 9, 13)
    assert working_days_before(date(2024, 9, 19), 3) == date(2024, 9, 11)
    assert working_days_before(date(2024, 9, 19), 0) == date(2024, 9, 19)
    assert working_days_before(date(2024, 9, 17), 0) == date(2024, 9, 13)
    with pytest.raises(ValueError):
        working_days_before(date(2024, 9, 19), -1)


def test_next_session() -> None:
    sessions = [date(2024, 6, 14), date(2024, 3, 8), date(2024, 9, 20)]
    assert next_session(sessions, date(2024, 3, 1)) == date(2024, 3, 8)
    assert next_session(sessions, date(2024, 3, 8)) == date(2024, 6, 14)  # strictly after
    assert next_session(sessions, date(2024, 9, 20)) is None
    assert next_session([], date(2024, 1, 1)) is None


def test_local_date() -> None:
    moment = datetime(2024, 3, 14, 15, 30, tzinfo=UTC)
    assert local_date(moment, "Asia/Seoul") == date(2024, 3, 15)
    assert local_date(moment, "UTC") == date(2024, 3, 14)
    other = datetime(2024, 3, 15, 0, 30, tzinfo=timezone(timedelta(hours=9)))
    assert local_date(other, "UTC") == date(2024, 3, 14)
    with pytest.raises(ValueError):
        local_date(datetime(2024, 3, 14, 15, 30), "Asia/Seoul")


def test_utc_now_is_aware_utc() -> None:
    now = utc_now()
    assert now.tzinfo is not None
    assert now.utcoffset() == timedelta(0)
    assert abs(now - datetime.now(UTC)) < timedelta(seconds=5)


def test_holidays_are_built_once_per_block(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    real = holidays.country_holidays

    def counting(*args: object, **kwargs: object) -> holidays.HolidayBase:
        calls.append(kwargs.get("years"))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cal, "_HOLIDAY_BLOCKS", {})
    monkeypatch.setattr(cal.holidays, "country_holidays", counting)
    day = date(2024, 1, 1)
    for _ in range(400):
        is_working_day(day)
        day += timedelta(days=1)
    assert len(calls) == 1


working_days = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)).filter(
    is_working_day
)


@settings(max_examples=200, deadline=None)
@given(day=working_days, n=st.integers(-40, 40))
def test_property_add_and_count_agree(day: date, n: int) -> None:
    later = add_working_days(day, n)
    assert is_working_day(later)
    assert working_days_between(day, later) == n
    assert (later > day) == (n > 0) and (later < day) == (n < 0)


@settings(max_examples=200, deadline=None)
@given(day=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)), n=st.integers(1, 20))
def test_property_working_days_before(day: date, n: int) -> None:
    earlier = working_days_before(day, n)
    assert earlier < day and is_working_day(earlier)
    assert working_days_between(earlier, day) == n - 1 + (1 if is_working_day(day) else 0)
