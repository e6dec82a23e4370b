"""The committee's digest: when the last one went, the status changes since, and the teams
that have not answered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from followup.codes import OPEN_STATUSES, ReviewState, TrailChannel
from followup.store.base import committee_items
from models.tables import (
    ActionItem,
    Meeting,
    Notification,
    StatusUpdate,
    Team,
)


def last_digest_at(session: Session, *, committee_id: int, before: datetime) -> datetime | None:
    """When the committee's previous digest was queued."""
    return session.exec(
        select(sa.func.max(Notification.created_at)).where(
            Notification.committee_id == committee_id,
            Notification.kind == "digest",
            col(Notification.created_at) < before,
        )
    ).one()


@dataclass(frozen=True)
class StatusChange:
    item_id: int
    team: str
    summary: str
    old_status: str
    new_status: str
    channel: str
    actor: str
    note: str
    at: datetime


def status_changes(
    session: Session, *, committee_id: int, since: datetime | None, until: datetime
) -> list[StatusChange]:
    """Changes of the committee's items in ``[since, until)``, oldest first (creation rows and
    items held in review left out)."""
    query = (
        committee_items(
            select(StatusUpdate, ActionItem, Team).join(
                ActionItem, col(ActionItem.id) == col(StatusUpdate.action_item_id)
            ),
            committee_id=committee_id,
        )
        .where(col(StatusUpdate.old_status).is_not(None), col(StatusUpdate.created_at) < until)
        .order_by(col(StatusUpdate.created_at), col(StatusUpdate.id))
    )
    if since is not None:
        query = query.where(col(StatusUpdate.created_at) >= since)
    return [
        StatusChange(
            item_id=item.id or 0,
            team=team.name,
            summary=item.summary,
            old_status=update.old_status or "",
            new_status=update.new_status,
            channel=update.channel,
            actor=update.actor,
            note=update.note,
            at=update.created_at,
        )
        for update, item, team in session.exec(query).all()
    ]


@dataclass(frozen=True)
class SilentTeam:
    team_id: int
    team: str
    open_items: int
    announced_at: datetime
    opened_link: bool


def silent_teams(session: Session, *, committee_id: int) -> list[SilentTeam]:
    """Teams with announced open items that have not reported through their link since their
    items were first announced (whether they ever opened it is shown beside)."""
    first_announced = sa.func.min(col(ActionItem.announced_at))
    teams = session.execute(
        sa.select(
            col(Team.id), col(Team.name), col(Team.link_opened_at), sa.func.count(), first_announced
        )
        .join(ActionItem, col(ActionItem.team_id) == col(Team.id))
        .join(Meeting, col(Meeting.id) == col(ActionItem.meeting_id))
        .where(
            col(Meeting.committee_id) == committee_id,
            col(ActionItem.announced_at).is_not(None),
            col(ActionItem.status).in_(OPEN_STATUSES),
            col(ActionItem.review) != ReviewState.PENDING,
        )
        .group_by(col(Team.id), col(Team.name), col(Team.link_opened_at))
        .order_by(col(Team.id))
    ).all()
    last_answer = dict(
        session.execute(
            sa.select(col(ActionItem.team_id), sa.func.max(col(StatusUpdate.created_at)))
            .join(ActionItem, col(ActionItem.id) == col(StatusUpdate.action_item_id))
            .where(
                col(StatusUpdate.channel) == TrailChannel.LINK,
                col(ActionItem.team_id).in_([row[0] for row in teams]),
            )
            .group_by(col(ActionItem.team_id))
        ).all()
    )
    out = []
    for team_id, name, opened_at, count, announced in teams:
        answered = last_answer.get(team_id)
        if answered is None or answered < announced:
            out.append(SilentTeam(team_id, name, count, announced, opened_at is not None))
    return out
