"""Announce: tell each team, once, of its new items, with the source text and its link."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from followup import store
from followup.committee import committee_of, configured_committees
from followup.loop.poll import queue_awaiting_notice
from followup.loop.resend import queue_new_items
from followup.outbox.sender import send_due
from followup.settings import Settings
from followup.store.console import meetings_awaiting
from models.db import session_scope
from models.tables import Team


def team_ids(settings: Settings) -> list[int]:
    """The teams the committee files list now (a team removed from its file has no one to
    tell; its open items went to the secretary's triage)."""
    out = []
    with session_scope(settings.resolved_database_url) as session:
        for committee in configured_committees(settings):
            ids = store.ensure_committee(session, committee=committee)
            out += sorted(ids.teams[t.name] for t in committee.teams)
    return out


@dataclass
class AnnounceOutcome:
    """``failed``: deliveries failed for good this pass (the secretary is told; the pass must
    exit non-zero); ``retrying``: failed this pass and tried again later."""

    team: str
    queued: int = 0
    sent: int = 0
    failed: list[str] = field(default_factory=list)
    retrying: list[str] = field(default_factory=list)
    # The secretary's notices of this team's failed deliveries: sent, and not delivered.
    told_sent: int = 0
    told_failed: list[str] = field(default_factory=list)


def announce_team(
    settings: Settings, team_id: int, *, now: datetime | None = None
) -> AnnounceOutcome:
    """Queue one notice with the team's new items (outbox row + items marked announced, in
    one transaction: the row is the durable record, retried until sent or reported failed),
    then send every due delivery of the team."""
    url = settings.resolved_database_url
    now = now or settings.now()
    with session_scope(url) as session:
        team = session.get(Team, team_id)
        assert team is not None
        committee = committee_of(settings, session, team.committee_id)
        report = AnnounceOutcome(team=team.name)
        items = store.items_to_announce(session, team_id=team_id)
        if items:
            digest = hashlib.sha256(",".join(str(i.id) for i in items).encode()).hexdigest()
            queue_new_items(
                session,
                settings,
                team,
                committee,
                items,
                key=f"new_items:{team_id}:{digest[:16]}",
                now=now,
            )
            store.mark_announced(session, item_ids=[i.id for i in items if i.id], now=now)
            report.queued = 1
        if team.name == committee.secretary:
            report.queued += _awaiting_confirmation(session, settings, team, now)
    sent = send_due(settings, team_id=team_id, now=now)
    report.sent, report.failed, report.retrying = sent.sent, sent.failed, sent.retrying
    if sent.told is not None:
        report.told_sent, report.told_failed = sent.told.sent, sent.told.undelivered
    return report


def _awaiting_confirmation(
    session: Session, settings: Settings, secretary: Team, now: datetime
) -> int:
    """Tell the secretary, once per meeting and minutes file, that a meeting's items wait
    for confirmation before any team hears of them; the number of notices queued."""
    rows = meetings_awaiting(session, committee_id=secretary.committee_id)
    return sum(queue_awaiting_notice(session, settings, secretary, row, now=now) for row in rows)
