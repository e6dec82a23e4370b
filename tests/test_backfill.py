"""Backfill of an archive: `followup backfill` killed with SIGKILL midway, then run again,
imports every good file once, lists the bad ones, and sends old meetings' items to no team."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import col, select

from bench.backfill import generate
from followup.committee import load_committee
from followup.intake import announce
from followup.intake.ingest import limits
from followup.intake.sync import read_and_extract
from followup.settings import Settings
from models.db import session_scope
from models.tables import ActionItem, Meeting, MinutesFile, Notification, StatusUpdate
from tests.helpers import COMMITTEE, one_pass

FOLLOWUP = Path(sys.executable).parent / "followup"


def backfill_command(archive: Path) -> list[str]:
    return [
        str(FOLLOWUP), "backfill", str(archive), "--committee", str(COMMITTEE),
        "--approved-by", "이은경", "--batch-size", "2",
    ]  # fmt: skip


def synced_files(settings: Settings) -> int:
    engine = sa.create_engine(settings.resolved_database_url)
    try:
        with engine.connect() as connection:
            return int(
                connection.execute(
                    sa.text("SELECT count(*) FROM minutes_file WHERE synced_sha256 IS NOT NULL")
                ).scalar_one()
            )
    except (sa.exc.OperationalError, sa.exc.ProgrammingError):  # not created yet
        return 0
    finally:
        engine.dispose()


def test_a_killed_backfill_resumes_with_nothing_doubled_and_lists_bad_files(
    settings: Settings, tmp_path: Path
) -> None:
    archive = tmp_path / "archive"
    good = generate(archive / "2012", 6)
    (archive / "2012" / "empty.md").write_bytes(b"")
    (archive / "broken.txt").write_bytes(b"\xff\xfe\x00\xd8garbage\x00\x00" * 50)
    env = dict(os.environ)

    first = subprocess.Popen(
        backfill_command(archive), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 300
    while synced_files(settings) < 2 and time.monotonic() < deadline:
        assert first.poll() is None, first.communicate()
        time.sleep(0.2)
    first.send_signal(signal.SIGKILL)
    first.wait()
    assert 2 <= synced_files(settings) < 8  # killed midway

    # A scheduled pass before the rerun syncs what the killed batch registered, just as
    # quietly as the backfill would have.
    one_pass(settings)

    second = subprocess.run(
        backfill_command(archive), env=env, capture_output=True, text=True, timeout=600
    )

    assert second.returncode == 1, second.stderr  # the bad files make it non-zero
    out = second.stdout
    assert "일괄 등록 완료" in out and "실패 2건" in out
    assert "broken.txt" in out and "2012/empty.md" in out
    assert "이전 실행에서 저장됨" in out
    quarantine = settings.inbox / "quarantine"
    assert {p.name for p in quarantine.iterdir()} == {
        "backfill__archive__broken.txt",
        "backfill__archive__2012__empty.md",
    }
    committee = load_committee(COMMITTEE)
    expected = {
        path.name: {
            item.natural_key
            for item in read_and_extract(
                path, committees=[committee], read_limits=limits(settings)
            )[2]
        }
        for path in good
    }
    with session_scope(settings.resolved_database_url) as session:
        rows = {Path(f.path).name: f for f in session.exec(select(MinutesFile))}
        meetings = session.exec(select(Meeting)).all()
        stored = session.exec(select(ActionItem)).all()
        created = session.exec(
            select(StatusUpdate).where(
                StatusUpdate.channel == "extract", col(StatusUpdate.old_status).is_(None)
            )
        ).all()
    assert len(meetings) == 6
    for path in good:
        row = rows[path.name]
        assert (row.status, row.approved_by, row.superseded_by_id) == ("approved", "이은경", None)
        keys = {i.natural_key for i in stored if i.minutes_file_id == row.id}
        assert keys == expected[path.name]
    assert len(stored) == sum(len(k) for k in expected.values())
    assert len(created) == len(stored)  # each item created once, across both runs
    assert rows["broken.txt"].status == rows["empty.md"].status == "failed"

    # Meetings of 2012 are history: the next pass tells no team of them.
    assert all(i.announced_at is not None for i in stored)
    announced = [announce.announce_team(settings, t) for t in announce.team_ids(settings)]
    assert sum(n.queued + n.sent for n in announced) == 0
    with session_scope(settings.resolved_database_url) as session:
        kinds = {n.kind for n in session.exec(select(Notification))}
    assert kinds <= {"failed_file"}  # only if the pass met a bad file before the rerun

    third = subprocess.run(
        backfill_command(archive), env=env, capture_output=True, text=True, timeout=600
    )
    assert "새로 저장 0건" in third.stdout and "이전 실행에서 저장됨 6건" in third.stdout


@pytest.mark.flow
def test_the_backfill_flow_imports_an_archive_in_batch_tasks(
    settings: Settings, tmp_path: Path
) -> None:
    from prefect.testing.utilities import prefect_test_harness

    from flows.backfill import backfill_flow

    archive = tmp_path / "archive"
    generate(archive, 3)
    (archive / "empty.md").write_bytes(b"")

    with prefect_test_harness(server_startup_timeout=120):
        state = backfill_flow(
            str(archive), committee=str(COMMITTEE), approved_by="이은경", batch_size=2,
            return_state=True,
        )  # fmt: skip
        assert state.is_completed()
        report = state.result()
        again = backfill_flow(str(archive), committee=str(COMMITTEE), batch_size=2)

    assert (report.files, report.synced, report.items) == (4, 3, len(items_of(settings)))
    assert len(report.failures) == 1 and "empty.md" in report.failures[0]
    assert (again.synced, again.skipped, again.items) == (0, 3, 0)


def items_of(settings: Settings) -> list[ActionItem]:
    with session_scope(settings.resolved_database_url) as session:
        return list(session.exec(select(ActionItem)))
