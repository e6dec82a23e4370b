"""The whole job on a real SQLite database, step by step, without a Prefect server."""

from __future__ import annotations

import shutil

from sqlmodel import select

from followup.errors import describe_file_error
from followup.intake import ingest
from followup.settings import Settings
from models.db import session_scope
from models.tables import ActionItem, MinutesFile, Notification, StatusUpdate, Team
from tests.helpers import COUNCIL_SAMPLE, SAMPLE, items, one_pass, outbox_files


def test_sample_minutes_reach_each_team_once_with_their_items_and_link(settings: Settings) -> None:
    shutil.copy(SAMPLE, settings.inbox / "approved" / SAMPLE.name)
    shutil.copy(COUNCIL_SAMPLE, settings.inbox / COUNCIL_SAMPLE.name)  # a draft

    scan, synced, announced = one_pass(settings)

    assert scan.drafts == 1
    assert [r.error for r in synced] == [None]
    stored = items(settings)
    assert len(stored) >= 18
    with session_scope(settings.resolved_database_url) as session:
        teams = {t.id: t.name for t in session.exec(select(Team))}
        draft = session.exec(select(MinutesFile).where(MinutesFile.status == "draft")).one()
    assert draft.path == COUNCIL_SAMPLE.name
    assert all(i.minutes_file_id != draft.id for i in stored)

    files = outbox_files(settings)
    # The secretary is told once that the meeting's doubtful items wait for confirmation.
    (waiting,) = [f for f in files if "확인을" in f.name]
    files = [f for f in files if f != waiting]
    teams_with_items = {teams[i.team_id] for i in stored if i.review == "none"}
    assert len(files) == len(teams_with_items)
    for team in teams_with_items:
        (message,) = [f.read_text() for f in files if f"-{team}-" in f.name]
        assert "https://followup.example.org/t/" in message
        # meetings by their Korean date, sources by the file name, never ISO or an inbox path
        assert "(2023. 12. 15.(금)) 회의록이 승인되어" in message and "2023-12-15" not in message
        assert f"({SAMPLE.name} " in message and "approved/" not in message
        for item in stored:
            if teams[item.team_id] == team and item.review == "none":
                assert item.source_text in message
    assert sum(n.sent for n in announced) == len(files) + 1


def test_a_second_pass_adds_no_item_and_no_message(settings: Settings) -> None:
    shutil.copy(SAMPLE, settings.inbox / "approved" / SAMPLE.name)
    one_pass(settings)
    before_items, before_files = items(settings), outbox_files(settings)

    scan, synced, announced = one_pass(settings)

    assert scan.to_sync == [] and synced == []
    assert [(i.id, i.natural_key) for i in items(settings)] == [
        (i.id, i.natural_key) for i in before_items
    ]
    assert outbox_files(settings) == before_files
    assert sum(n.queued + n.sent for n in announced) == 0


def test_corrected_approved_file_is_resynced_without_duplicates(settings: Settings) -> None:
    target = settings.inbox / "approved" / SAMPLE.name
    shutil.copy(SAMPLE, target)
    one_pass(settings)
    before = {i.natural_key: i for i in items(settings)}
    with session_scope(settings.resolved_database_url) as session:
        kept = session.exec(select(ActionItem).where(ActionItem.kind == "decision")).one()
        kept.status = "in_progress"
        session.add(kept)

    text = SAMPLE.read_text(encoding="utf-8")
    removed = "챗GPT에서 정보 공유시 연구 내용 등이 노출 될 우려가 있어, 조심스러운 접근이 필요함."
    added = "개인정보 비식별 처리 기준을 마련하여 다음 회의에 보고해 주시기 바랍니다."
    assert removed in text
    target.write_text(text.replace(removed, added), encoding="utf-8")

    _, synced, announced = one_pass(settings)

    assert (synced[0].added, synced[0].withdrawn) == (1, 1)
    after = {i.natural_key: i for i in items(settings)}
    assert len(after) == len(before) + 1
    for key, item in before.items():
        assert after[key].id == item.id
    gone = next(i for i in after.values() if removed in i.source_text)
    assert gone.status == "withdrawn"
    assert after[kept.natural_key].status == "in_progress"
    new = next(i for i in after.values() if added in i.source_text)
    assert new.status == "open" and new.kind == "recommendation"
    with session_scope(settings.resolved_database_url) as session:
        trail = session.exec(
            select(StatusUpdate).where(StatusUpdate.action_item_id == gone.id)
        ).all()
        notices = session.exec(select(Notification)).all()
    assert [(t.old_status, t.new_status, t.channel) for t in trail][-1] == (
        "open",
        "withdrawn",
        "resync",
    )
    new_notice = [n for n in notices if added in n.body]
    assert len(new_notice) == 1 and removed not in new_notice[0].body
    (withdrawal,) = [n for n in notices if n.kind == "withdrawn"]
    assert removed in withdrawal.body and withdrawal.team_id == gone.team_id
    assert sum(n.sent for n in announced) == 2  # the new item's notice and the withdrawal


def test_bad_files_are_recorded_and_do_not_stop_the_pass(settings: Settings) -> None:
    approved = settings.inbox / "approved"
    shutil.copy(SAMPLE, approved / SAMPLE.name)
    (approved / "broken.txt").write_bytes(b"\xff\xfe\x00\xd8garbage\x00\x00" * 50)
    (approved / "no-turns.md").write_text(
        "# 회의록\n\n일 시 : 2024. 1. 5.\n\n내용 없음\n", encoding="utf-8"
    )
    (approved / "empty.md").write_bytes(b"")

    _, synced, _ = one_pass(settings)

    errors = {r.path: r.error for r in synced}
    assert errors[f"approved/{SAMPLE.name}"] is None
    for name in ("broken.txt", "no-turns.md", "empty.md"):
        message = errors[f"approved/{name}"]
        assert message is not None and message.startswith(f"{name}: ")
        assert "\n" not in message
        assert (settings.inbox / "quarantine" / f"approved__{name}").exists()
    with session_scope(settings.resolved_database_url) as session:
        rows = {r.path: r for r in session.exec(select(MinutesFile))}
        notices = session.exec(select(Notification).where(Notification.kind == "failed_file")).all()
    assert {p for p, r in rows.items() if r.status == "failed"} == {
        "approved/broken.txt",
        "approved/no-turns.md",
        "approved/empty.md",
    }
    assert all(
        describe_file_error(rows[p].error or "", path=p) == errors[p] for p in errors if errors[p]
    )
    assert len(notices) == 3 and all(n.sent_at is not None for n in notices)
    assert len(items(settings)) >= 18

    one_pass(settings)  # nothing new: the secretary is told once
    with session_scope(settings.resolved_database_url) as session:
        again = session.exec(select(Notification).where(Notification.kind == "failed_file")).all()
    assert len(again) == 3


def test_drafts_are_listed_but_never_extracted_until_approved(settings: Settings) -> None:
    draft = settings.inbox / SAMPLE.name
    shutil.copy(SAMPLE, draft)
    scan, synced, _ = one_pass(settings)
    assert scan.drafts == 1 and synced == [] and items(settings) == []

    ingest.approve_file(settings, draft, by="이은경")
    scan, synced, _ = one_pass(settings)

    assert len(synced) == 1 and synced[0].added >= 18
    with session_scope(settings.resolved_database_url) as session:
        row = session.exec(select(MinutesFile)).one()
    assert (row.status, row.approved_by) == ("approved", "이은경")


def test_a_corrupted_correction_changes_nothing_and_the_fixed_file_resyncs(
    settings: Settings,
) -> None:
    target = settings.inbox / "approved" / SAMPLE.name
    shutil.copy(SAMPLE, target)
    one_pass(settings)
    before = [(i.id, i.natural_key, i.status) for i in items(settings)]

    target.write_bytes(b"\x00\xff" * 4000)  # a broken save over the approved file
    _, synced, _ = one_pass(settings)

    assert synced[0].error is not None
    assert [(i.id, i.natural_key, i.status) for i in items(settings)] == before
    assert (settings.inbox / "quarantine" / f"approved__{SAMPLE.name}").exists()

    shutil.copy(SAMPLE, target)  # the secretary puts the good file back
    _, synced, announced = one_pass(settings)

    assert synced == []  # its content is what is stored already: nothing to re-sync
    assert [(i.id, i.natural_key, i.status) for i in items(settings)] == before
    assert sum(n.sent for n in announced) == 0
    with session_scope(settings.resolved_database_url) as session:
        row = session.exec(select(MinutesFile)).one()
    assert (row.status, row.error) == ("approved", None)
