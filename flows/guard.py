"""Scheduled runs do nothing on Korean days off: Prefect's cron knows no public holidays."""

from __future__ import annotations

from datetime import datetime

from prefect import get_run_logger

from followup.calendar import is_working_day, local_date
from followup.render import korean_date


def day_off(now: datetime, tz: str = "Asia/Seoul") -> bool:
    """True, with a log line saying so, when ``now`` falls on a weekend or public holiday."""
    today = local_date(now, tz)
    if is_working_day(today):
        return False
    get_run_logger().info("%s은(는) 근무일이 아니어서 아무것도 하지 않습니다.", korean_date(today))
    return True
