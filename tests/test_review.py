"""The secretary's review queue on a real database: held items, decisions, audit trail."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from sqlmodel import select

from followup.intake import review
from followup.settings import Settings
from models.db import session_scope
from models.tables import ActionItem, Notification, StatusUpdate, Team
from tests.helpers import SAMPLE, one_pass


@pytest.fixture
def queued(settings: Settings) -> list[review.QueuedItem]:
    shutil.copy(SAMPLE, settings.inbox / "approved" / SAMPLE.name)
    one_pass(settings)
    with session_scope(settings.resolved_database_url) as session:
        return review.pending(session)


def bodies(settings: Settings) -> list[str]:
    with session_scope(settings.resolved_database_url) as session:
        return [n.body for n in session.exec(select(Notification))]


def test_low_confidence_items_wait_unsent_until_accepted(
    settings: Settings, queued: list[review.QueuedItem]
) -> None:
    assert queued, "the sample has weak items (a concern, plans read out in presentations)"
    assert all(q.confidence < settings.review_threshold for q in queued)
    assert not any(q.source_text in body for q in queued for body in bodies(settings))

    with session_scope(settings.resolved_database_url) as session:
        review.accept(session, item_id=queued[0].id, by="박창현")
    _, _, notified = one_pass(settings)

    assert sum(n.sent for n in notified) == 1
    assert sum(queued[0].source_text in body for body in bodies(settings)) == 1
    with session_scope(settings.resolved_database_url) as session:
        left = review.pending(session)
        trail = session.exec(
            select(StatusUpdate).where(StatusUpdate.action_item_id == queued[0].id)
        ).all()
    assert queued[0].id not in {q.id for q in left}
    assert (trail[-1].channel, trail[-1].actor, trail[-1].note) == (
        "review",
        "박창현",
        "accepted in review",
    )


def test_reassign_edit_merge_and_reject(
    settings: Settings, queued: list[review.QueuedItem]
) -> None:
    first, second, third = queued[0].id, queued[1].id, queued[2].id
    url = settings.resolved_database_url
    with session_scope(url) as session:
        review.reassign(session, item_id=first, team="통계조사팀", by="박창현")
        review.edit(session, item_id=first, by="박창현", summary="요약 수정", due=date(2024, 3, 31))
        review.accept(session, item_id=first, by="박창현")
        review.merge(session, into=second, others=[third], by="박창현")
        with pytest.raises(review.ReviewError, match="no team '없는팀'"):
            review.reassign(session, item_id=second, team="없는팀", by="박창현")
    with session_scope(url) as session:
        review.reject(session, item_id=second, by="박창현", note="발표 내용일 뿐")
        with pytest.raises(review.ReviewError, match="is rejected, not open"):
            review.accept(session, item_id=second, by="박창현")

    one_pass(settings)

    with session_scope(url) as session:
        moved = session.get(ActionItem, first)
        team = session.get(Team, moved.team_id) if moved else None
        merged, closed = session.get(ActionItem, second), session.get(ActionItem, third)
    assert moved is not None and team is not None
    assert (team.name, moved.summary, moved.effective_due) == (
        "통계조사팀",
        "요약 수정",
        date(2024, 3, 31),
    )
    assert moved.routing_reason == "reassigned:박창현"
    statistics = [b for b in bodies(settings) if "통계조사팀 담당자님께" in b and "요약 수정" in b]
    assert len(statistics) == 1
    assert merged is not None and closed is not None
    assert closed.source_text in merged.source_text
    assert (merged.status, closed.status) == ("rejected", "rejected")
