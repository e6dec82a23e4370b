"""One pass of the whole job: ingest -> extract -> assign -> notify, in one flow run."""

from __future__ import annotations

from dataclasses import dataclass

from prefect import flow, get_run_logger

from flows.extract import sync_file_task
from flows.ingest import scan_inbox_task
from flows.notify import notify_team_task, team_ids_task
from followup.announce import NotifyReport
from followup.ingest import ScanResult
from followup.sync import SyncReport


@dataclass
class PassResult:
    scan: ScanResult
    synced: list[SyncReport]
    notified: list[NotifyReport]


@flow(name="followup-pass")
def followup_pass() -> PassResult:
    log = get_run_logger()
    scan = scan_inbox_task()
    synced = [sync_file_task(file_id) for file_id in scan.to_sync]
    notified = [notify_team_task(team_id) for team_id in team_ids_task()]
    for report in synced:
        if report.error:
            log.warning("%s", report.error)
        else:
            log.info(
                "%s: %d new, %d kept, %d withdrawn",
                report.path,
                report.added,
                report.kept,
                report.withdrawn,
            )
    for notice in notified:
        for failure in notice.failed:
            log.warning("%s: %s", notice.team, failure)
    return PassResult(scan=scan, synced=synced, notified=notified)
