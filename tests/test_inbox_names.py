"""File names as they arrive: a CP949 name from a Windows share, bytes no encoding reads, and
quarantine names too long for the file system or taken by an earlier bad file."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from sqlmodel import select

from followup.errors import describe_file_error
from followup.intake import ingest
from followup.settings import Settings
from models.db import session_scope
from models.tables import ActionItem, MinutesFile
from tests.helpers import SAMPLE, one_pass


def _write_bytes_name(folder: Path, name: bytes, content: bytes) -> None:
    with open(os.path.join(os.fsencode(folder), name), "wb") as handle:
        handle.write(content)


def _rows(settings: Settings) -> dict[str, MinutesFile]:
    with session_scope(settings.resolved_database_url) as session:
        return {row.path: row for row in session.exec(select(MinutesFile))}


def test_a_cp949_name_is_read_under_its_korean_name_and_the_batch_goes_on(
    settings: Settings,
) -> None:
    approved = settings.inbox / "approved"
    _write_bytes_name(approved, "2차 회의록(확정).md".encode("cp949"), SAMPLE.read_bytes())
    _write_bytes_name(approved, b"minutes-\xff\xfe.txt", b"\xff\xfe not minutes at all")
    shutil.copy(SAMPLE, settings.inbox / "draft.md")  # a draft beside them

    _, synced, _ = one_pass(settings)  # must not raise

    rows = _rows(settings)
    assert (approved / "2차 회의록(확정).md").exists()
    good = rows["approved/2차 회의록(확정).md"]
    assert good.status == "approved" and good.error is None
    assert [s for s in synced if s.path == good.path and s.added] != []
    bad = rows["approved/minutes-%FF%FE.txt"]  # no encoding reads it: each byte shown as %XX
    assert bad.status == "failed"
    assert describe_file_error(bad.error or "", path=bad.path).startswith("minutes-%FF%FE.txt: ")
    assert "draft.md" in rows and rows["draft.md"].status == "draft"
    with session_scope(settings.resolved_database_url) as session:
        assert session.exec(select(ActionItem)).first() is not None


def test_quarantine_names_stay_short_and_never_overwrite_each_other(settings: Settings) -> None:
    approved = settings.inbox / "approved"
    long_name = "가" * 80 + ".txt"  # 243 bytes: with its folder prefix, over 255 in quarantine
    (approved / long_name).write_bytes(b"")
    shutil.copy(SAMPLE, approved / SAMPLE.name)  # a good file in the same pass
    one_pass(settings)

    (approved / long_name).write_bytes(b"\x00\x01 still not minutes")  # a second bad one
    one_pass(settings)

    quarantined = sorted((settings.inbox / ingest.QUARANTINE_DIR).iterdir())
    assert len(quarantined) == 2  # both kept
    assert all(len(path.name.encode()) <= 255 for path in quarantined)
    assert all(path.name.endswith(".txt") for path in quarantined)
    assert {path.read_bytes() for path in quarantined} == {b"", b"\x00\x01 still not minutes"}
    assert _rows(settings)[f"approved/{SAMPLE.name}"].status == "approved"
