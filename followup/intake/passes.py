"""One pass of the whole job over step callables: ingest -> extract -> assign -> announce.

The Prefect flow (flows/run.py) hands in its tasks; ``run_in_process`` hands in the plain
functions, so a one-shot ``followup run`` without a Prefect server runs the same code.
Nothing here imports Prefect.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from followup.intake.announce import AnnounceOutcome, announce_team, team_ids
from followup.intake.ingest import ScanResult, scan_inbox
from followup.intake.sync import SyncOutcome, sync_file
from followup.settings import Settings

log = logging.getLogger("followup.pass")
log.addHandler(logging.NullHandler())  # the run summary shows failures; no stray stderr lines


@dataclass
class PassSteps:
    scan: Callable[[], ScanResult]
    sync: Callable[[int], SyncOutcome]
    team_ids: Callable[[], list[int]]
    announce: Callable[[int], AnnounceOutcome]


@dataclass
class PassResult:
    scan: ScanResult
    synced: list[SyncOutcome]
    announced: list[AnnounceOutcome]

    @property
    def failed_files(self) -> list[str]:
        """The files this pass could not read or store, one line each."""
        return list(self.scan.errors) + [r.error for r in self.synced if r.error]

    @property
    def failed_sends(self) -> list[str]:
        """The messages this pass could not deliver (failed for good, or to be tried again),
        one line each."""
        return [
            f"{n.team}: {f}"
            for n in self.announced
            for f in [*n.failed, *n.retrying, *n.told_failed]
        ]


def run_pass(steps: PassSteps, logger: logging.Logger | logging.LoggerAdapter[Any]) -> PassResult:
    scan = steps.scan()
    synced = [steps.sync(file_id) for file_id in scan.to_sync]
    announced = [steps.announce(team_id) for team_id in steps.team_ids()]
    for report in synced:
        if report.error:
            logger.warning("%s", report.error)
        else:
            logger.info(
                "%s: 새 항목 %d건, 유지 %d건, 철회 %d건",
                report.path,
                report.added,
                report.kept,
                report.withdrawn,
            )
    for notice in announced:
        for failure in notice.failed:
            logger.warning("%s: %s", notice.team, failure)
    return PassResult(scan=scan, synced=synced, announced=announced)


def plain_steps(settings: Settings) -> PassSteps:
    return PassSteps(
        scan=lambda: scan_inbox(settings),
        sync=lambda file_id: sync_file(settings, file_id),
        team_ids=lambda: team_ids(settings),
        announce=lambda team_id: announce_team(settings, team_id),
    )


def run_in_process(settings: Settings) -> PassResult:
    """The pass without any Prefect server: the same steps as plain calls."""
    return run_pass(plain_steps(settings), log)
