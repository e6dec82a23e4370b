"""Poll, daily: overdue and silent items, silent teams, items awaiting the committee's check,
and the day's snapshot. One task per committee."""

from __future__ import annotations

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from flows.guard import skip_if_not_working_day
from followup.committee import configured_committees
from followup.loop.poll import PollOutcome, poll_committee
from followup.settings import get_settings


@task(name="poll-committee", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=10)
def poll_committee_task(name: str) -> PollOutcome:
    settings = get_settings()
    (committee,) = [c for c in configured_committees(settings) if c.name == name]
    return poll_committee(settings, committee)


@flow(name="poll")
def poll_flow(scheduled: bool = False) -> list[PollOutcome]:
    settings = get_settings()
    log = get_run_logger()
    if scheduled and skip_if_not_working_day(settings.now(), logger=log):
        return []
    reports = [poll_committee_task(c.name) for c in configured_committees(settings)]
    for r in reports:
        log.info(
            "%s: 기한 경과 %d건, 무응답 %d건, 확인 대기 %d건, 링크 미열람 부서 %d곳",
            r.committee,
            r.overdue,
            r.silent,
            r.awaiting_check,
            len(r.teams_never_opened),
        )
    return reports
