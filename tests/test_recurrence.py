"""재요구: an ask that repeats an item still open from an earlier session is linked to it."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import col, select

from followup.intake import announce, ingest, sync
from followup.loop.recurrence import Candidate, content_nouns, find_repeats
from followup.settings import Settings
from models.db import session_scope
from models.tables import ActionItem, Meeting, StatusUpdate, Team
from tests.helpers import ROOT, SAMPLE

SEOUL = ZoneInfo("Asia/Seoul")
NEXT = ROOT / "tests" / "data" / "seoul-bigdata-committee-2024-1.md"


def one_pass(settings: Settings) -> list[sync.SyncOutcome]:
    reports = [sync.sync_file(settings, i) for i in ingest.scan_inbox(settings).to_sync]
    for team_id in announce.team_ids(settings):
        announce.announce_team(settings, team_id)
    return reports


def after_the_sample(settings: Settings, now: datetime) -> Settings:
    """Settings with a clock at ``now``, after a pass over the sample minutes (2023. 12. 15.)."""
    clock = settings.model_copy(update={"fixed_now": now})
    shutil.copy(SAMPLE, settings.inbox / "approved" / SAMPLE.name)
    one_pass(clock)
    return clock


def test_a_repeated_ask_is_linked_to_the_open_item_and_a_new_one_is_not(
    settings: Settings,
) -> None:
    clock = after_the_sample(settings, datetime(2024, 1, 10, 10, tzinfo=SEOUL))
    shutil.copy(NEXT, settings.inbox / "approved" / NEXT.name)
    (report,) = one_pass(clock)
    assert report.error is None and report.repeated >= 1

    with session_scope(settings.resolved_database_url) as session:
        later = session.exec(select(Meeting).where(Meeting.held_on == date(2024, 6, 14))).one()
        statistics = session.exec(select(Team).where(Team.name == "통계조사팀")).one()
        rows = session.exec(
            select(ActionItem).where(
                ActionItem.meeting_id == later.id, ActionItem.team_id == statistics.id
            )
        ).all()
        repeat = next(r for r in rows if "비교 분석" in r.source_text)
        fresh = next(r for r in rows if "전월세" in r.source_text)
        earlier = session.get(ActionItem, repeat.repeats_item_id)
        trail = session.exec(
            select(StatusUpdate).where(
                StatusUpdate.action_item_id == repeat.id,
                col(StatusUpdate.note).startswith("repeats:"),
            )
        ).all()
    assert earlier is not None and "가계부채" in earlier.source_text
    assert earlier.meeting_id != later.id and earlier.team_id == statistics.id
    assert fresh.repeats_item_id is None
    assert len(trail) == 1


def ask(item_id: int, team_id: int, kind: str, text: str) -> Candidate:
    return Candidate(item_id, team_id, kind, content_nouns(text))


def test_repeats_need_the_same_team_and_similar_content() -> None:
    old = ask(1, 10, "recommendation", "전국 및 다른 시도와의 가계부채 비교 분석을 제안함")
    other_team = ask(2, 11, "recommendation", "가계부채 비교 분석을 다시 요청함")
    decision = ask(3, 10, "decision", "가계부채 비교 분석 원안 가결")
    again = ask(4, 10, "recommendation", "다른 시도와의 가계부채 비교 분석을 꼭 해 주십시오")
    unrelated = ask(5, 10, "recommendation", "청년층 전월세 대출을 자치구별로 분석해 주십시오")
    assert find_repeats([again, unrelated, other_team, decision], [old]) == {4: 1}


def test_items_stored_before_they_kept_their_nouns_are_still_matched(
    settings: Settings,
) -> None:
    """A database upgraded from before migration 0003 has open items without nouns: the
    next minutes still find their repeats, and those items keep their nouns from then on."""
    clock = after_the_sample(settings, datetime(2024, 1, 10, 10, tzinfo=SEOUL))
    with session_scope(settings.resolved_database_url) as session:
        session.execute(sa.update(ActionItem).values(nouns=None))
    shutil.copy(NEXT, settings.inbox / "approved" / NEXT.name)
    (report,) = one_pass(clock)
    assert report.error is None and report.repeated >= 1

    with session_scope(settings.resolved_database_url) as session:
        repeat = session.exec(
            select(ActionItem).where(col(ActionItem.repeats_item_id).is_not(None))
        ).first()
        assert repeat is not None
        earlier = session.get(ActionItem, repeat.repeats_item_id)
        assert earlier is not None and "가계부채" in earlier.source_text
        assert earlier.nouns and {"가계", "부채"} <= set(earlier.nouns.split())


def test_an_item_open_for_more_than_three_years_is_not_taken_for_a_repeat(
    settings: Settings,
) -> None:
    """The same ask made again after more than three years is a new item, not a 재요구."""
    clock = after_the_sample(settings, datetime(2027, 7, 1, 10, tzinfo=SEOUL))
    later = NEXT.read_text(encoding="utf-8").replace("2024. 6. 14.(금)", "2027. 6. 11.(금)")
    (settings.inbox / "approved" / "seoul-bigdata-committee-2027-1.md").write_text(
        later.replace("2024년 1차", "2027년 1차"), encoding="utf-8"
    )
    (report,) = one_pass(clock)
    assert report.error is None and report.added > 0
    assert report.repeated == 0
