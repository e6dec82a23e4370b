"""Hostile input through the whole pass: every bad file is recorded, quarantined and
reported once, the batch goes on, and nothing already stored changes."""

from __future__ import annotations

import re
import shutil

import pytest
from sqlmodel import select

from followup.errors import FILE_ERRORS, describe_file_error, display_path, parse_file_error
from followup.settings import Settings, get_settings
from models.db import session_scope
from models.tables import ActionItem, MinutesFile, Notification
from tests.helpers import SAMPLE, one_pass
from tests.hostile_corpus import build_hostile_corpus


def snapshot(settings: Settings) -> list[tuple[object, ...]]:
    with session_scope(settings.resolved_database_url) as session:
        return [
            (i.id, i.natural_key, i.status, i.team_id, i.summary, i.effective_due, i.announced_at)
            for i in session.exec(select(ActionItem).order_by(ActionItem.id))
        ]


def test_hostile_corpus_changes_nothing_stored_and_stops_nothing(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FOLLOWUP_MAX_FILE_MB", "1")
    monkeypatch.setenv("FOLLOWUP_MAX_UNPACKED_MB", "8")
    get_settings.cache_clear()
    settings = get_settings()
    approved = settings.inbox / "approved"
    shutil.copy(SAMPLE, approved / SAMPLE.name)
    one_pass(settings)
    before = snapshot(settings)
    assert len(before) >= 18

    cases = build_hostile_corpus(approved)
    shutil.copy(SAMPLE, approved / "second-copy.md")  # a good file in the same batch
    assert len(cases) >= 50

    one_pass(settings)  # must not raise

    assert snapshot(settings)[: len(before)] == before
    with session_scope(settings.resolved_database_url) as session:
        rows = {r.path: r for r in session.exec(select(MinutesFile))}
        notices = session.exec(select(Notification).where(Notification.kind == "failed_file")).all()
    good = rows["approved/second-copy.md"]
    assert good.status == "approved" and good.error is None
    failed = {p: r for p, r in rows.items() if r.status == "failed"}
    files = [c for c in cases if not c.path.is_dir()]  # a folder is just scanned through
    assert len(files) >= 50
    for case in files:
        row = failed.get(f"approved/{case.name}")
        assert row is not None, f"{case.name} was not recorded as failed"
        assert row.error, f"{case.name}: no error stored"
        stored = parse_file_error(row.error)
        assert stored is not None and stored[0] in FILE_ERRORS, row.error
        if case.why and not case.in_place:  # links change as their targets are quarantined
            assert stored[0] in case.why.split("|"), (case.name, row.error)
        shown = describe_file_error(row.error, path=row.path)
        assert shown.startswith(f"{display_path(case.name)}: "), shown
        assert "\n" not in shown and re.search("[\uac00-\ud7a3]", shown), shown
        assert not (approved / case.name).exists() and not (approved / case.name).is_symlink()
    assert len(notices) == len(failed) and all(n.sent_at for n in notices)
    for notice in notices:  # each names its file and says what is wrong in Korean
        problem = next(line for line in notice.body.splitlines() if line.startswith("- 문제: "))
        assert re.search("[\uac00-\ud7a3]", problem) and "\n" not in notice.subject, problem

    one_pass(settings)  # the secretary is told once per file
    with session_scope(settings.resolved_database_url) as session:
        again = session.exec(select(Notification).where(Notification.kind == "failed_file")).all()
    assert len(again) == len(notices)
    assert snapshot(settings)[: len(before)] == before
