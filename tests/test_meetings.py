"""One meeting, one set of items: a second file of the same meeting (a copy, a correction under
another name, the same minutes as DOCX and HWPX) re-syncs that meeting's items, on SQLite and
on PostgreSQL, through real passes (scan, sync, notify)."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import select

from followup.committee import load_committee
from followup.intake.ingest import limits
from followup.intake.sync import read_and_extract
from followup.settings import Settings, get_settings
from models.db import session_scope
from models.tables import ActionItem, MinutesFile, Notification, StatusUpdate
from tests.formats_fixtures import markdown_to_docx, markdown_to_hwpx
from tests.helpers import COMMITTEE, SAMPLE, one_pass
from tests.postgres import binaries, postgres_server

REMOVED = "챗GPT에서 정보 공유시 연구 내용 등이 노출 될 우려가 있어, 조심스러운 접근이 필요함."
ADDED = "개인정보 비식별 처리 기준을 마련하여 다음 회의에 보고해 주시기 바랍니다."


@pytest.fixture(scope="module")
def pg_server() -> Iterator[str | None]:
    if binaries() is None:
        yield None
        return
    with postgres_server() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def db(
    request: pytest.FixtureRequest,
    settings: Settings,
    pg_server: str | None,
    monkeypatch: pytest.MonkeyPatch,
) -> Settings:
    if request.param == "sqlite":
        return settings
    if pg_server is None:
        pytest.skip("PostgreSQL binaries not installed (CI installs them)")
    name = f"followup_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(pg_server, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    monkeypatch.setenv("FOLLOWUP_DATABASE_URL", pg_server.rsplit("/", 1)[0] + f"/{name}")
    get_settings.cache_clear()
    return get_settings()


def items(settings: Settings) -> list[ActionItem]:
    with session_scope(settings.resolved_database_url) as session:
        return list(session.exec(select(ActionItem).order_by(ActionItem.id)))


def files(settings: Settings) -> dict[str, MinutesFile]:
    with session_scope(settings.resolved_database_url) as session:
        return {f.path: f for f in session.exec(select(MinutesFile))}


def notices(settings: Settings, kind: str | None = None) -> list[Notification]:
    with session_scope(settings.resolved_database_url) as session:
        rows = session.exec(select(Notification).order_by(Notification.id)).all()
    return [n for n in rows if kind is None or n.kind == kind]


def snapshot(settings: Settings) -> list[tuple[object, ...]]:
    return [
        (i.id, i.natural_key, i.status, i.minutes_file_id, i.line_start, i.announced_at)
        for i in items(settings)
    ]


def corrected_text() -> str:
    """The sample with one recommendation replaced by another and a note near the top, which
    moves every later line down by two."""
    text = SAMPLE.read_text(encoding="utf-8")
    assert REMOVED in text
    text = text.replace(REMOVED, ADDED)
    head, rest = text.split("## □ 회의록(요약)", 1)
    return head + "※ 정정본: 제3차 회의에서 수정 의결\n\n## □ 회의록(요약)" + rest


def test_an_identical_copy_under_another_name_changes_nothing(db: Settings) -> None:
    shutil.copy(SAMPLE, db.inbox / "approved" / SAMPLE.name)
    one_pass(db)
    before, sent_before = snapshot(db), len(list(db.outbox.glob("*.md")))

    shutil.copy(SAMPLE, db.inbox / "approved" / "회의록-사본.md")
    _, synced, notified = one_pass(db)

    (report,) = synced
    assert report.superseded_by == f"approved/{SAMPLE.name}"
    assert (report.added, report.kept, report.withdrawn) == (0, 0, 0)
    assert snapshot(db) == before
    rows = files(db)
    original, copy = rows[f"approved/{SAMPLE.name}"], rows["approved/회의록-사본.md"]
    assert copy.superseded_by_id == original.id and original.superseded_by_id is None
    (told,) = notices(db, "superseded")
    assert "회의록-사본.md" in told.body and "내용이 같은 사본" in told.body
    assert notices(db, "new_items") and not notices(db, "withdrawn")
    assert sum(n.sent for n in notified) == 1  # only the secretary's notice
    assert len(list(db.outbox.glob("*.md"))) == sent_before + 1


def test_a_correction_under_another_name_resyncs_the_meeting_and_tells_who_lost_items(
    db: Settings,
) -> None:
    first = db.inbox / "approved" / SAMPLE.name
    shutil.copy(SAMPLE, first)
    one_pass(db)
    before = {i.natural_key: i for i in items(db)}
    gone = next(i for i in before.values() if REMOVED in i.source_text)

    second = db.inbox / "approved" / "2023-2차-회의록-정정.md"
    second.write_text(corrected_text(), encoding="utf-8")
    _, synced, _ = one_pass(db)

    (report,) = synced
    assert (report.added, report.withdrawn) == (1, 1)
    assert report.supersedes == [f"approved/{SAMPLE.name}"]
    rows = files(db)
    old, new = rows[f"approved/{SAMPLE.name}"], rows[f"approved/{second.name}"]
    assert old.superseded_by_id == new.id and new.superseded_by_id is None
    after = {i.natural_key: i for i in items(db)}
    assert len(after) == len(before) + 1  # one set of items, not two
    _, _, extracted = read_and_extract(
        second, committees=[load_committee(COMMITTEE)], read_limits=limits(db)
    )
    lines = {e.natural_key: e.line_start for e in extracted}
    for key, item in after.items():
        if key == gone.natural_key:
            assert item.status == "withdrawn" and item.id == gone.id
            continue
        assert item.minutes_file_id == new.id and item.line_start == lines[key]
        if key in before:
            assert item.id == before[key].id and item.line_start == before[key].line_start + 2

    (told,) = notices(db, "superseded")
    assert second.name in told.body and SAMPLE.name in told.body
    (withdrawal,) = notices(db, "withdrawn")
    assert withdrawal.team_id == gone.team_id and withdrawal.sent_at is not None
    assert gone.summary in withdrawal.body and "철회" in withdrawal.subject
    (added,) = [n for n in notices(db, "new_items") if ADDED in n.body]
    assert REMOVED not in added.body

    # The older file touched again (re-saved) must not undo the correction.
    first.write_text(SAMPLE.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    settled = snapshot(db)
    _, synced, notified = one_pass(db)

    assert synced[0].superseded_by == f"approved/{second.name}"
    assert snapshot(db) == settled
    assert sum(n.queued + n.sent for n in notified) == 0
    assert len(notices(db, "withdrawn")) == 1
    assert files(db)[f"approved/{SAMPLE.name}"].superseded_by_id == new.id
    with session_scope(db.resolved_database_url) as session:
        trail = session.exec(
            select(StatusUpdate).where(StatusUpdate.action_item_id == gone.id)
        ).all()
    assert [t.new_status for t in trail] == ["open", "withdrawn"]


def test_the_same_minutes_as_docx_and_hwpx_give_one_set_of_items_and_one_notice_per_team(
    db: Settings, tmp_path: Path
) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    (db.inbox / "approved" / "2023-2차.docx").write_bytes(markdown_to_docx(text))
    (db.inbox / "approved" / "2023-2차.hwpx").write_bytes(markdown_to_hwpx(text))

    _, synced, _ = one_pass(db)

    assert [r.error for r in synced] == [None, None]
    stored = items(db)
    _, _, extracted = read_and_extract(
        SAMPLE, committees=[load_committee(COMMITTEE)], read_limits=limits(db)
    )
    assert sorted(i.natural_key for i in stored) == sorted(e.natural_key for e in extracted)
    rows = files(db)
    docx, hwpx = rows["approved/2023-2차.docx"], rows["approved/2023-2차.hwpx"]
    assert docx.superseded_by_id == hwpx.id and hwpx.superseded_by_id is None
    assert {i.minutes_file_id for i in stored} == {hwpx.id}
    announced = notices(db, "new_items")
    assert len(announced) == len({n.team_id for n in announced})
    assert sum(n.body.count("회의록 원문(") for n in announced) == len(
        [i for i in stored if i.review == "none"]
    )
    assert "2023-2차.hwpx" in notices(db, "superseded")[0].body and not notices(db, "withdrawn")
