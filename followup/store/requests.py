"""Change requests (소관 아님, 기한 연장): at most one open per item and kind, decided once."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from followup.codes import RequestState
from followup.store.base import insert_ignoring, rows_of
from followup.store.items import item_committee
from models.tables import (
    ActionItem,
    ChangeRequest,
    Committee,
    Team,
)


def add_change_request(
    session: Session,
    *,
    item_id: int,
    team_id: int,
    kind: str,
    suggested_team: str = "",
    new_due: date | None = None,
    reason: str,
    requested_by: str,
    now: datetime,
) -> tuple[ChangeRequest, bool]:
    """The item's open request of this kind, and whether this call created it: at most one
    is open per item and kind (the partial unique index ``uq_open_request``), so a repeated
    POST or two at once add nothing."""
    statement = (
        insert_ignoring(
            session,
            ChangeRequest,
            ["action_item_id", "kind"],
            where=sa.text(f"state = '{RequestState.OPEN.value}'"),
        )
        .values(
            action_item_id=item_id,
            team_id=team_id,
            kind=kind,
            suggested_team=suggested_team,
            new_due=new_due,
            reason=reason,
            requested_by=requested_by,
            state=RequestState.OPEN,
            created_at=now,
        )
        .returning(col(ChangeRequest.id))
    )
    created = session.execute(statement).scalar() is not None
    row = session.exec(
        select(ChangeRequest).where(
            ChangeRequest.action_item_id == item_id,
            ChangeRequest.kind == kind,
            ChangeRequest.state == RequestState.OPEN,
        )
    ).one()
    return row, created


def open_requests_with_items(
    session: Session, *, committee_id: int | None = None
) -> list[tuple[ChangeRequest, ActionItem, str, str]]:
    """Open requests with their item, the asking team's name and the committee's timezone,
    oldest first."""
    query = (
        select(ChangeRequest, ActionItem, Team.name, Committee.timezone)
        .join(ActionItem, col(ActionItem.id) == col(ChangeRequest.action_item_id))
        .join(Team, col(Team.id) == col(ChangeRequest.team_id))
        .join(Committee, col(Committee.id) == col(Team.committee_id))
        .where(ChangeRequest.state == RequestState.OPEN)
        .order_by(col(ChangeRequest.created_at), col(ChangeRequest.id))
    )
    if committee_id is not None:
        query = query.where(Team.committee_id == committee_id)
    return [(r, i, n, tz) for r, i, n, tz in session.exec(query).all()]


def open_requests_of_items(session: Session, *, item_ids: Iterable[int]) -> list[ChangeRequest]:
    return rows_of(
        session,
        select(ChangeRequest).where(
            col(ChangeRequest.action_item_id).in_(list(item_ids)),
            ChangeRequest.state == RequestState.OPEN,
        ),
    )


def close_request(
    session: Session, *, request_id: int, state: str, by: str, note: str, now: datetime
) -> bool:
    """Decide an open request; False when it was not open (decided already, or meanwhile by
    someone else: the state is checked in the same statement)."""
    result = session.execute(
        sa.update(ChangeRequest)
        .where(col(ChangeRequest.id) == request_id, col(ChangeRequest.state) == RequestState.OPEN)
        .values(state=state, decided_by=by, decision_note=note, decided_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


def request_committee(session: Session, *, request_id: int) -> int | None:
    """The committee of the request's item (None: no such request)."""
    row = session.get(ChangeRequest, request_id)
    return None if row is None else item_committee(session, item_id=row.action_item_id)
