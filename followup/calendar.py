"""Korean working days and committee-session helpers.

Working days are Monday to Friday except Korean public holidays as the ``holidays``
package lists them for country ``KR`` (including alternative/substitute holidays and
temporary public holidays it knows about). Holidays are computed once per block of
years and cached for the life of the process.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays

__all__ = [
    "add_working_days",
    "is_holiday",
    "is_working_day",
    "local_date",
    "next_session",
    "utc_now",
    "working_days_before",
    "working_days_between",
]

_BLOCK = 10  # years per cached holiday block
_HOLIDAY_BLOCKS: dict[int, frozenset[date]] = {}
_LOCK = threading.Lock()
_ONE_DAY = timedelta(days=1)


def _holidays_in_block(block: int) -> frozenset[date]:
    """Korean public holidays for the years ``block*10 .. block*10+9``, built once."""
    cached = _HOLIDAY_BLOCKS.get(block)
    if cached is not None:
        return cached
    with _LOCK:
        cached = _HOLIDAY_BLOCKS.get(block)
        if cached is None:
            first = block * _BLOCK
            years = range(max(first, 1), first + _BLOCK)
            table = holidays.country_holidays("KR", years=years)
            cached = frozenset(table.keys())
            _HOLIDAY_BLOCKS[block] = cached
    return cached


def is_holiday(d: date) -> bool:
    """True when ``d`` is a Korean public holiday (weekends not included)."""
    return d in _holidays_in_block(d.year // _BLOCK)


def is_working_day(d: date) -> bool:
    """Monday to Friday and not a Korean public holiday."""
    return d.weekday() < 5 and not is_holiday(d)


def _step(d: date, direction: int) -> date:
    """The nearest working day strictly after (direction 1) or before (-1) ``d``."""
    step = _ONE_DAY if direction > 0 else -_ONE_DAY
    d += step
    while not is_working_day(d):
        d += step
    return d


def add_working_days(d: date, n: int) -> date:
    """The ``n``-th working day after ``d`` (before it when ``n`` is negative).

    ``d`` itself is never counted: ``add_working_days(friday, 1)`` is the next Monday
    (or later, across holidays). ``n == 0`` returns ``d`` when it is a working day,
    otherwise the next working day.
    """
    if n == 0:
        return d if is_working_day(d) else _step(d, 1)
    direction = 1 if n > 0 else -1
    for _ in range(abs(n)):
        d = _step(d, direction)
    return d


def working_days_between(start: date, end: date) -> int:
    """Working days in ``(start, end]``; negative (``-working_days_between(end, start)``)
    when ``end`` is before ``start``, 0 when they are equal."""
    if end < start:
        return -working_days_between(end, start)
    count = 0
    d = start
    while d < end:
        d += _ONE_DAY
        if is_working_day(d):
            count += 1
    return count


def working_days_before(d: date, n: int) -> date:
    """The date ``n`` working days before ``d``, e.g. when to send a reminder ahead of a
    session on ``d``. ``n == 0`` returns ``d`` when it is a working day, otherwise the
    working day before it. ``n`` must not be negative."""
    if n < 0:
        raise ValueError(f"working_days_before: n must be >= 0, got {n}")
    if n == 0:
        return d if is_working_day(d) else _step(d, -1)
    return add_working_days(d, -n)


def next_session(sessions: Sequence[date], after: date) -> date | None:
    """The first session strictly after ``after`` (``sessions`` need not be sorted)."""
    later = [s for s in sessions if s > after]
    return min(later) if later else None


def local_date(moment: datetime, tz: str) -> date:
    """The calendar date of an aware ``moment`` in timezone ``tz`` (e.g. ``Asia/Seoul``)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("local_date: moment must be timezone-aware")
    return moment.astimezone(ZoneInfo(tz)).date()


def utc_now() -> datetime:
    """The current time as a timezone-aware UTC datetime."""
    return datetime.now(UTC)
