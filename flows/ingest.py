"""Ingest: register every minutes file in the inbox and pick up approvals."""

from __future__ import annotations

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from followup.intake.ingest import ScanResult, scan_inbox
from followup.settings import get_settings


@task(name="scan-inbox", cache_policy=NO_CACHE)
def scan_inbox_task() -> ScanResult:
    return scan_inbox(get_settings())


@flow(name="ingest")
def ingest_flow() -> ScanResult:
    return scan_inbox_task()
