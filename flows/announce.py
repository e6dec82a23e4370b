"""Announce: per team, queue its new items in the outbox and send what is unsent."""

from __future__ import annotations

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from followup.intake.announce import AnnounceOutcome, announce_team, team_ids
from followup.settings import get_settings


@task(name="team-ids", cache_policy=NO_CACHE)
def team_ids_task() -> list[int]:
    return team_ids(get_settings())


# A message a channel refuses is recorded on its outbox row and tried again next pass, so one
# bad address never stops the other teams. Retries here cover transient faults (a locked or
# restarting database); they are safe: the notice is queued once and only unsent rows are sent.
@task(name="announce-team", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=5)
def announce_team_task(team_id: int) -> AnnounceOutcome:
    return announce_team(get_settings(), team_id)


@flow(name="announce")
def announce_flow() -> list[AnnounceOutcome]:
    return [announce_team_task(team_id) for team_id in team_ids_task()]
