"""Extract: per approved file, parse -> extract -> assign -> store (one task per file)."""

from __future__ import annotations

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from followup.intake.ingest import pending_files
from followup.intake.sync import SyncOutcome, sync_file
from followup.settings import get_settings


@task(name="sync-minutes-file", cache_policy=NO_CACHE)
def sync_file_task(file_id: int) -> SyncOutcome:
    return sync_file(get_settings(), file_id)


@task(name="pending-files", cache_policy=NO_CACHE)
def pending_files_task() -> list[int]:
    return pending_files(get_settings())


@flow(name="extract")
def extract_flow(file_ids: list[int] | None = None) -> list[SyncOutcome]:
    """Extract the given files, or every approved file whose content is new."""
    ids = file_ids if file_ids is not None else pending_files_task()
    return [sync_file_task(file_id) for file_id in ids]
