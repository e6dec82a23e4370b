"""A team's page (its signed link): the team, its visible items and their requests, a
view recorded, and what the cached page depends on."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from followup.codes import ReviewState
from followup.store.base import rows_of
from models.tables import (
    ActionItem,
    ChangeRequest,
    Committee,
    StatusUpdate,
    Team,
)


def link_team_row(session: Session, *, team_id: int) -> tuple[Team, Committee] | None:
    """The team of a link and its committee, in one query."""
    row = session.exec(
        select(Team, Committee)
        .join(Committee, col(Committee.id) == col(Team.committee_id))
        .where(Team.id == team_id)
    ).first()
    return (row[0], row[1]) if row is not None else None


def touch_team(session: Session, *, team_id: int, now: datetime) -> None:
    """Record a view of the team's page: the first one, and the latest."""
    session.execute(
        sa.update(Team)
        .where(col(Team.id) == team_id)
        .values(
            last_seen_at=now,
            link_opened_at=sa.func.coalesce(col(Team.link_opened_at), now),
        )
        .execution_options(synchronize_session=False)
    )


def visible_items(
    session: Session, *, team_id: int, statuses: Sequence[str], item_id: int | None = None
) -> list[ActionItem]:
    """A team's items with these statuses that review does not hold, in minutes order."""
    query = select(ActionItem).where(
        ActionItem.team_id == team_id,
        col(ActionItem.status).in_(statuses),
        ActionItem.review != ReviewState.PENDING,
    )
    if item_id is not None:
        query = query.where(ActionItem.id == item_id)
    return rows_of(
        session,
        query.order_by(
            col(ActionItem.minutes_file_id), col(ActionItem.line_start), col(ActionItem.id)
        ),
    )


def item_requests(session: Session, *, item_id: int) -> list[ChangeRequest]:
    return rows_of(
        session,
        select(ChangeRequest)
        .where(ChangeRequest.action_item_id == item_id)
        .order_by(col(ChangeRequest.created_at), col(ChangeRequest.id)),
    )


def team_page_state(
    session: Session, *, team_id: int, statuses: Sequence[str]
) -> tuple[tuple[Any, ...], ...]:
    """What a team page shows changes only with these: each visible item's id, update time,
    due date, status and lines, the newest trail row of the team's items, and the committee's
    teams (one query, for a cached page)."""
    trail = (
        select(sa.func.max(StatusUpdate.id))
        .join(ActionItem, col(ActionItem.id) == col(StatusUpdate.action_item_id))
        .where(col(ActionItem.team_id) == team_id)
        .scalar_subquery()
    )
    teams = (
        select(sa.func.count(col(Team.id)))
        .where(
            col(Team.committee_id)
            == select(Team.committee_id).where(Team.id == team_id).scalar_subquery()
        )
        .scalar_subquery()
    )
    rows = session.execute(
        sa.select(
            col(ActionItem.id),
            col(ActionItem.updated_at),
            col(ActionItem.effective_due),
            col(ActionItem.status),
            col(ActionItem.line_start),
            col(ActionItem.line_end),
            trail,
            teams,
        )
        .where(
            col(ActionItem.team_id) == team_id,
            col(ActionItem.status).in_(statuses),
            col(ActionItem.review) != ReviewState.PENDING,
        )
        .order_by(col(ActionItem.id))
    ).all()
    return tuple(tuple(row) for row in rows)


def bump_link_version(session: Session, *, team_id: int) -> Team | None:
    """Add one to the team's link version in a single UPDATE (every earlier link stops working
    at the commit) and return the team as stored; None when there is no such team."""
    result = session.execute(
        sa.update(Team)
        .where(col(Team.id) == team_id)
        .values(link_version=col(Team.link_version) + 1)
        .execution_options(synchronize_session=False)
    )
    if not getattr(result, "rowcount", 0):
        return None
    return session.exec(
        select(Team).where(Team.id == team_id).execution_options(populate_existing=True)
    ).one()
