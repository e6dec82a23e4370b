"""Extract: per approved file, parse -> extract -> assign -> store (one task per file)."""

from __future__ import annotations

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from followup.jobs import SyncReport, sync_file
from followup.settings import get_settings


@task(name="sync-minutes-file", cache_policy=NO_CACHE)
def sync_file_task(file_id: int) -> SyncReport:
    return sync_file(get_settings(), file_id)


@flow(name="extract")
def extract_flow(file_ids: list[int]) -> list[SyncReport]:
    return [sync_file_task(file_id) for file_id in file_ids]
