"""Backfill as a deployment: one task plans the archive, one task per batch of files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from followup.intake.backfill import BatchOutcome, Plan, import_batch, plan
from followup.settings import Settings, get_settings


def _settings(committee: str | None) -> Settings:
    settings = get_settings()
    if committee:
        settings = settings.model_copy(update={"committees": [Path(committee)]})
    return settings


@task(name="backfill-plan", cache_policy=NO_CACHE)
def plan_task(
    directory: str, committee: str | None, batch_size: int, announce_since: date | None
) -> Plan:
    return plan(
        _settings(committee), Path(directory), batch_size=batch_size, announce_since=announce_since
    )


# Safe to retry: a batch skips what an earlier attempt stored (natural keys).
@task(name="backfill-batch", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=5)
def batch_task(
    directory: str, paths: list[str], committee: str | None, approved_by: str, cutoff: date
) -> BatchOutcome:
    return import_batch(
        _settings(committee), Path(directory), paths, approved_by=approved_by, quiet_before=cutoff
    )


@flow(name="backfill")
def backfill_flow(
    directory: str,
    committee: str | None = None,
    approved_by: str = "",
    batch_size: int = 50,
    announce_since: date | None = None,
) -> BatchOutcome:
    """Import an archive of approved minutes; run again to continue after a stop."""
    log = get_run_logger()
    work = plan_task(directory, committee, batch_size, announce_since)
    name = approved_by or f"backfill: {Path(directory).name}"
    total = BatchOutcome()
    for paths in work.batches:
        total.merge(batch_task(directory, paths, committee, name, work.cutoff))
        log.info("%d/%d files, %d items", total.files, work.files, total.items)
    for failure in total.failures:
        log.warning("%s", failure)
    return total
