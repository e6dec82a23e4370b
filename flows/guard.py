"""The working-day guard every scheduled flow calls first.

Prefect's schedules know weekdays but not Korean public holidays, so a scheduled run checks
the day itself and does nothing on a holiday or a weekend. A run started by a person always
runs: flows call this only when they were started by a schedule.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from followup.calendar import is_holiday, is_working_day, local_date

SCHEDULE_TIMEZONE = "Asia/Seoul"
WEEKDAYS = "월화수목금토일"


def skip_if_not_working_day(
    now: datetime,
    tz: str = SCHEDULE_TIMEZONE,
    logger: logging.Logger | logging.LoggerAdapter[Any] | None = None,
) -> bool:
    """True (and a log line saying why) when ``now`` is not a Korean working day in ``tz``."""
    day = local_date(now, tz)
    if is_working_day(day):
        return False
    reason = "공휴일" if is_holiday(day) else "주말"
    shown = f"{day.year}. {day.month}. {day.day}.({WEEKDAYS[day.weekday()]})"
    (logger or logging.getLogger("followup.schedule")).info(
        "%s: %s이므로 예약 실행을 건너뜁니다 (근무일에만 실행).", shown, reason
    )
    return True
