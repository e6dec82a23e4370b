"""Scheduled deployments, in the committee's timezone.

``followup serve`` (or ``python -m flows.deployments``) serves them from this process;
``deploy/prefect.yaml`` describes the same deployments for a Prefect server and work pool:
keep the two lists alike (tests/test_integration_prefect.py compares them).
"""

from __future__ import annotations

from typing import Any

from prefect import serve
from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
from prefect.deployments.runner import RunnerDeployment
from prefect.schedules import Cron

from flows.announce import announce_flow
from flows.backfill import backfill_flow
from flows.digest import digest_flow
from flows.extract import extract_flow
from flows.guard import SCHEDULE_TIMEZONE
from flows.ingest import ingest_flow
from flows.poll import poll_flow
from flows.remind import remind_flow
from flows.run import followup_pass

TIMEZONE = SCHEDULE_TIMEZONE  # the guard checks working days in the schedules' timezone
# Only the scheduled runs check the Korean holiday calendar first (Cron knows only weekdays);
# a run started by hand, from the UI or `prefect deployment run`, always runs.
SCHEDULED = {"scheduled": True}
# The deployments that write run one at a time each; a second run waits for the first. The
# database's unique constraints and the outbox claims stay the real guard against double work.
ONE_AT_A_TIME = ConcurrencyLimitConfig(limit=1, collision_strategy=ConcurrencyLimitStrategy.ENQUEUE)


def _deployment(flow: Any, **options: Any) -> RunnerDeployment:
    deployment = flow.to_deployment(concurrency_limit=ONE_AT_A_TIME, **options)
    assert isinstance(deployment, RunnerDeployment)  # the sync API, never a coroutine here
    return deployment


def deployments() -> list[RunnerDeployment]:
    return [
        # The whole pass on working-day mornings and early afternoons: new approvals are
        # picked up, extracted and announced within half a working day.
        _deployment(
            followup_pass,
            name="followup-pass",
            schedules=[Cron("0 8,13 * * 1-5", timezone=TIMEZONE, parameters=SCHEDULED)],
            description="inbox -> extract -> assign -> announce",
        ),
        # The poll early every working day, for the day's snapshot and the reminders after it.
        _deployment(
            poll_flow,
            name="poll",
            schedules=[Cron("30 7 * * 1-5", timezone=TIMEZONE, parameters=SCHEDULED)],
            description="overdue, silent, awaiting check; daily snapshot",
        ),
        # The reminder ladder at the start of office hours on working days.
        _deployment(
            remind_flow,
            name="remind",
            schedules=[Cron("0 9 * * 1-5", timezone=TIMEZONE, parameters=SCHEDULED)],
            description="D-15/D-7 reminders, due-date reminders, escalation, then send",
        ),
        # The single steps, unscheduled, for the secretary to run by hand from the UI.
        _deployment(ingest_flow, name="ingest"),
        _deployment(extract_flow, name="extract"),
        _deployment(announce_flow, name="announce"),
        # The pre-meeting digest now, on demand (the D-5 digest is part of remind).
        _deployment(digest_flow, name="digest"),
        # An archive of approved minutes, on demand with its folder as the parameter.
        _deployment(backfill_flow, name="backfill"),
    ]


def main() -> None:
    serve(*deployments())


if __name__ == "__main__":
    main()
