"""Scheduled deployments, in the committee's timezone.

``followup serve`` (or ``python -m flows.deployments``) serves them from this process;
``deploy/prefect.yaml`` describes the same deployments for a Prefect server and work pool.
"""

from __future__ import annotations

from typing import Any

from prefect import serve
from prefect.deployments.runner import RunnerDeployment
from prefect.schedules import Cron

from flows.extract import extract_flow
from flows.guard import SCHEDULE_TIMEZONE
from flows.ingest import ingest_flow
from flows.notify import notify_flow
from flows.poll import poll_flow
from flows.remind import remind_flow
from flows.run import followup_pass

TIMEZONE = SCHEDULE_TIMEZONE  # the guard checks working days in the schedules' timezone


def _deployment(flow: Any, **options: Any) -> RunnerDeployment:
    deployment = flow.to_deployment(**options)
    assert isinstance(deployment, RunnerDeployment)  # the sync API, never a coroutine here
    return deployment


def deployments() -> list[RunnerDeployment]:
    return [
        # The whole pass on working-day mornings and early afternoons: new approvals are
        # picked up, extracted and announced within half a working day. `scheduled` makes
        # the run check the Korean holiday calendar first (Cron knows only weekdays).
        _deployment(
            followup_pass,
            name="followup-pass",
            schedules=[Cron("0 8,13 * * 1-5", timezone=TIMEZONE)],
            parameters={"scheduled": True},
            description="inbox -> extract -> assign -> notify",
        ),
        # The poll early every working day, for the day's snapshot and the reminders after it.
        _deployment(
            poll_flow,
            name="poll",
            schedules=[Cron("30 7 * * 1-5", timezone=TIMEZONE)],
            parameters={"scheduled": True},
            description="overdue, silent, awaiting check; daily snapshot",
        ),
        # The reminder ladder at the start of office hours on working days.
        _deployment(
            remind_flow,
            name="remind",
            schedules=[Cron("0 9 * * 1-5", timezone=TIMEZONE)],
            parameters={"scheduled": True},
            description="D-15/D-7 reminders, due-date reminders, escalation, then send",
        ),
        # The single steps, unscheduled, for the secretary to run by hand from the UI.
        _deployment(ingest_flow, name="ingest"),
        _deployment(extract_flow, name="extract"),
        _deployment(notify_flow, name="notify"),
    ]


def main() -> None:
    serve(*deployments())


if __name__ == "__main__":
    main()
