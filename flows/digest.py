"""The pre-meeting digest on demand (the ladder's D-5 digest is sent by the remind flow):
queue it for each committee's secretary, then send the outbox."""

from __future__ import annotations

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from flows.remind import send_outbox_task
from followup.committee import configured_committees
from followup.loop.digest import ON_DEMAND, queue_digest
from followup.settings import get_settings


@task(name="queue-digest", cache_policy=NO_CACHE)
def queue_digest_task(name: str) -> str | None:
    settings = get_settings()
    (committee,) = [c for c in configured_committees(settings) if c.name == name]
    return queue_digest(settings, committee, now=settings.now(), step=ON_DEMAND)


@flow(name="digest")
def digest_flow(committee: str | None = None) -> list[str]:
    """Queue and send the digest now, for one committee or all."""
    settings = get_settings()
    names = [c.name for c in configured_committees(settings) if committee in (None, c.name)]
    keys = [key for key in (queue_digest_task(n) for n in names) if key]
    sent = send_outbox_task()
    log = get_run_logger()
    for failure in sent.failed + sent.retrying:
        log.warning("%s", failure)
    log.info("회의 전 보고 %d건을 보냈습니다", len(keys))
    return keys
