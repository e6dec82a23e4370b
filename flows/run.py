"""One pass of the whole job as one Prefect flow run: the plain pass over Prefect tasks."""

from __future__ import annotations

from datetime import datetime

from prefect import flow, get_run_logger

from flows.announce import announce_team_task, team_ids_task
from flows.extract import sync_file_task
from flows.guard import skip_if_not_working_day
from flows.ingest import scan_inbox_task
from followup.intake.passes import PassResult, PassSteps, run_pass
from followup.settings import get_settings

__all__ = ["PassResult", "followup_pass"]


@flow(name="followup-pass")
def followup_pass(scheduled: bool = False, now: datetime | None = None) -> PassResult | None:
    """Ingest -> extract -> assign -> announce. A scheduled run does nothing on a day that is
    not a Korean working day (None); a run started by hand always runs."""
    log = get_run_logger()
    if scheduled and skip_if_not_working_day(now or get_settings().now(), logger=log):
        return None
    steps = PassSteps(
        scan=scan_inbox_task,
        sync=sync_file_task,
        team_ids=team_ids_task,
        announce=announce_team_task,
    )
    return run_pass(steps, log)
