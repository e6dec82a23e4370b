"""Remind, on working mornings: the ladder's steps due today for every committee (reminders,
due-date reminders, the escalation), then the outbox is sent. One task per committee."""

from __future__ import annotations

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from flows.guard import skip_if_not_working_day
from followup.committee import configured_committees
from followup.loop.remind import RemindOutcome, remind_committee
from followup.outbox.sender import SendOutcome, send_due
from followup.settings import get_settings


@task(name="remind-committee", cache_policy=NO_CACHE)
def remind_committee_task(name: str) -> RemindOutcome:
    settings = get_settings()
    (committee,) = [c for c in configured_committees(settings) if c.name == name]
    return remind_committee(settings, committee)


# Sending is safe to retry: deliveries are claimed, and only pending ones are sent.
@task(name="send-outbox", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=30)
def send_outbox_task() -> SendOutcome:
    return send_due(get_settings())


@flow(name="remind")
def remind_flow(scheduled: bool = False) -> list[RemindOutcome]:
    settings = get_settings()
    log = get_run_logger()
    if scheduled and skip_if_not_working_day(settings.now(), logger=log):
        return []
    reports = [remind_committee_task(c.name) for c in configured_committees(settings)]
    for r in reports:
        if r.next_session is None:
            log.warning("%s: 다음 회의 일정이 없어 알림을 보내지 않습니다.", r.committee)
        else:
            log.info("%s: 단계 %s, 새 메시지 %d건", r.committee, r.steps, len(r.queued))
    sent = send_outbox_task()
    for failure in sent.failed + sent.retrying:
        log.warning("%s", failure)
    log.info(
        "보낸 메시지 %d건, 다시 시도할 메시지 %d건, 실패 %d건",
        sent.sent,
        len(sent.retrying),
        len(sent.failed),
    )
    return reports
