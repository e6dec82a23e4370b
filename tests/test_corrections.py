"""Corrections keep a meeting's identity: a fixed date or title, a renamed approved file and a
typo fixed inside an item's sentence re-sync the one meeting, never make a second one, and
tell only who needs to know; through real passes on SQLite and PostgreSQL (``settings``)."""

from __future__ import annotations

import shutil
from datetime import date

from sqlmodel import col, select

from followup.codes import ItemStatus, MessageKind
from followup.settings import Settings
from models.db import session_scope
from models.tables import ActionItem, Meeting, MinutesFile, Notification, StatusUpdate
from tests.helpers import SAMPLE, one_pass

DATE_LINE = "일 시 : 2023. 12. 15.(금)"
TITLE = "2023년 2차 「빅데이터심의위원회」 회의록"


def counts(settings: Settings) -> tuple[int, int]:
    """(meetings, live items): what the secretary sees in the console's totals."""
    with session_scope(settings.resolved_database_url) as session:
        meetings = len(session.exec(select(Meeting)).all())
        live = session.exec(
            select(ActionItem).where(col(ActionItem.status) != ItemStatus.WITHDRAWN)
        ).all()
    return meetings, len(live)


def notices(settings: Settings, kind: str | None = None) -> list[Notification]:
    with session_scope(settings.resolved_database_url) as session:
        rows = session.exec(select(Notification).order_by(col(Notification.id))).all()
    return [n for n in rows if kind is None or n.kind == kind]


def items(settings: Settings) -> list[ActionItem]:
    with session_scope(settings.resolved_database_url) as session:
        return list(session.exec(select(ActionItem).order_by(col(ActionItem.id))))


def trail(settings: Settings, item_id: int | None) -> list[StatusUpdate]:
    with session_scope(settings.resolved_database_url) as session:
        return list(
            session.exec(
                select(StatusUpdate)
                .where(StatusUpdate.action_item_id == item_id)
                .order_by(col(StatusUpdate.id))
            )
        )


def report_done(settings: Settings, item_id: int | None) -> None:
    """The team reports the item 완료, as its page would (status and trail row)."""
    with session_scope(settings.resolved_database_url) as session:
        row = session.get(ActionItem, item_id)
        assert row is not None
        session.add(
            StatusUpdate(
                action_item_id=item_id or 0,
                old_status=row.status,
                new_status=ItemStatus.DONE,
                channel="link",
                actor="김담당",
                report_note="완료 보고",
            )
        )
        row.status = ItemStatus.DONE
        session.add(row)


def test_a_corrected_meeting_date_and_title_resync_the_same_meeting(settings: Settings) -> None:
    target = settings.inbox / "approved" / SAMPLE.name
    shutil.copy(SAMPLE, target)
    one_pass(settings)
    meetings, live = counts(settings)
    assert meetings == 1 and live >= 18
    before = {i.id: i.natural_key for i in items(settings)}
    first_notices = len(notices(settings, MessageKind.NEW_ITEMS))

    text = SAMPLE.read_text(encoding="utf-8")
    assert DATE_LINE in text and TITLE in text
    fixed = text.replace(DATE_LINE, "일 시 : 2023. 12. 18.(월)").replace(
        TITLE, "2023년 제2차 「빅데이터심의위원회」 회의록"
    )
    target.write_text(fixed, encoding="utf-8")
    _, synced, _ = one_pass(settings)

    assert [r.error for r in synced] == [None]
    assert counts(settings) == (1, live)  # one meeting, the same open items
    assert {i.id: i.natural_key for i in items(settings)} == before
    assert len(notices(settings, MessageKind.NEW_ITEMS)) == first_notices  # no team told again
    assert not notices(settings, MessageKind.WITHDRAWN)
    with session_scope(settings.resolved_database_url) as session:
        (meeting,) = session.exec(select(Meeting)).all()
    assert meeting.held_on is not None and meeting.held_on.day == 18
    assert "제2차" in meeting.title
    (told,) = notices(settings, MessageKind.SUPERSEDED)
    assert "회의 일자: 2023. 12. 15.(금) → 2023. 12. 18.(월)" in told.body
    assert "제2차" in told.body and SAMPLE.name in told.body

    # The same correction saved under another name beside it is the same meeting too.
    shutil.copy(target, settings.inbox / "approved" / "2023-2차-정정본.md")
    one_pass(settings)
    assert counts(settings) == (1, live)
    assert len(notices(settings, MessageKind.NEW_ITEMS)) == first_notices


def test_a_renamed_approved_file_takes_its_edits_and_notices_name_the_new_path(
    settings: Settings,
) -> None:
    old = settings.inbox / "approved" / SAMPLE.name
    shutil.copy(SAMPLE, old)
    one_pass(settings)
    meetings, live = counts(settings)
    victim = next(i for i in items(settings) if "챗GPT에서 정보 공유시" in i.source_text)

    new = settings.inbox / "approved" / "2023-2차-회의록-최종.md"
    old.rename(new)
    _, synced, _ = one_pass(settings)
    assert synced == []  # a rename is no new content
    with session_scope(settings.resolved_database_url) as session:
        (row,) = session.exec(select(MinutesFile)).all()
    assert row.path == f"approved/{new.name}"

    text = new.read_text(encoding="utf-8")
    new.write_text(text.replace(victim.source_text, ""), encoding="utf-8")
    _, synced, _ = one_pass(settings)

    assert [(r.error, r.withdrawn, r.superseded_by) for r in synced] == [(None, 1, None)]
    assert counts(settings) == (meetings, live - 1)
    (withdrawal,) = notices(settings, MessageKind.WITHDRAWN)
    assert new.name in withdrawal.body and SAMPLE.name not in withdrawal.body

    # Renamed and edited before the next pass: the content still says which meeting it is.
    newer = settings.inbox / "approved" / "2023-2차-회의록-최종2.md"
    new.rename(newer)
    second = next(
        i
        for i in items(settings)
        if i.status == ItemStatus.OPEN and i.id != victim.id and i.review == "none"
    )
    edited = newer.read_text(encoding="utf-8").replace(second.source_text, "")
    newer.write_text(edited, encoding="utf-8")
    _, synced, _ = one_pass(settings)

    assert [(r.error, r.withdrawn, r.superseded_by) for r in synced] == [(None, 1, None)]
    assert counts(settings) == (meetings, live - 2)
    assert len(notices(settings, MessageKind.WITHDRAWN)) == 2
    (told,) = notices(settings, MessageKind.SUPERSEDED)
    assert newer.name in told.body


def test_a_typo_fixed_inside_an_items_sentence_keeps_the_item_and_its_report(
    settings: Settings,
) -> None:
    target = settings.inbox / "approved" / SAMPLE.name
    shutil.copy(SAMPLE, target)
    one_pass(settings)
    meetings, live = counts(settings)
    item = max((i for i in items(settings) if i.review == "none"), key=lambda i: len(i.source_text))
    report_done(settings, item.id)
    sent = len(notices(settings))

    text = target.read_text(encoding="utf-8")
    words = item.source_text.split(" ")
    typo = item.source_text.replace(words[1], words[1] + "요", 1)  # one word misspelt
    assert text.count(item.source_text) == 1
    target.write_text(text.replace(item.source_text, typo), encoding="utf-8")
    _, synced, _ = one_pass(settings)

    assert [(r.added, r.withdrawn, r.corrected) for r in synced] == [(0, 0, 1)]
    assert counts(settings) == (meetings, live)
    after = next(i for i in items(settings) if i.id == item.id)
    assert after.status == ItemStatus.DONE and after.source_text == typo
    history = trail(settings, item.id)
    assert [t.new_status for t in history] == ["open", "done", "done"]
    assert history[1].report_note == "완료 보고" and typo in history[-1].note
    # Nobody is told: no withdrawal, no new item, no correction of the ask.
    assert notices(settings)[sent:] == []


def test_a_changed_due_date_inside_the_sentence_tells_the_team_once(settings: Settings) -> None:
    target = settings.inbox / "approved" / SAMPLE.name
    shutil.copy(SAMPLE, target)
    one_pass(settings)
    (held,) = [i for i in items(settings) if i.due_text == "내년 9월 이후"]
    with session_scope(settings.resolved_database_url) as session:  # the secretary accepts it
        row = session.get(ActionItem, held.id)
        assert row is not None
        row.review = "accepted"
        session.add(row)
    one_pass(settings)
    (item,) = [i for i in items(settings) if i.id == held.id]
    assert item.announced_at is not None
    meetings, live = counts(settings)
    sent = len(notices(settings))

    text = target.read_text(encoding="utf-8")
    target.write_text(
        text.replace("내년 9월 이후 시민들에게", "내년 10월 이후 시민들에게"), encoding="utf-8"
    )
    _, synced, _ = one_pass(settings)

    assert [(r.added, r.withdrawn, r.corrected) for r in synced] == [(0, 0, 1)]
    assert counts(settings) == (meetings, live)
    after = next(i for i in items(settings) if i.id == item.id)
    assert (after.status, after.effective_due) == (ItemStatus.OPEN, date(2024, 10, 1))
    (told,) = notices(settings)[sent:]
    assert told.team_id == item.team_id and "내용 정정" in told.subject
    assert "내년 10월 이후" in told.body and "내년 9월 이후" in told.body
