"""One follow-up cycle delivered as mail to a real SMTP server on 127.0.0.1: the new-item
notices, the D-15 reminder, the escalation and the digest, each parsed as a mail client would,
with the digest's DOCX, HWPX and CSV read back and checked against the database."""

from __future__ import annotations

import csv
import email.message
import io
import shutil

import docx
from sqlmodel import col, select

from followup.committee import load_committee
from followup.demo import play_cycle
from followup.minutes.formats.hwpx import hwpx_text
from followup.settings import Settings
from models.db import session_scope
from models.tables import ActionItem, Team
from tests.helpers import COUNCIL_SAMPLE, SAMPLE, Mailbox


def parts(message: email.message.EmailMessage) -> tuple[str, str, dict[str, bytes]]:
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    files = {
        part.get_filename() or "": part.get_payload(decode=True) or b""
        for part in message.iter_attachments()
    }
    return (
        text.get_content() if text is not None else "",
        html.get_content() if html is not None else "",
        files,
    )


def test_a_cycle_reaches_teams_and_secretary_as_mail_with_the_report_attached(
    mail: Settings,
    team_box: Mailbox,
    secretary_box: Mailbox,
) -> None:
    team_box.up()
    shutil.copy(SAMPLE, mail.inbox / "approved" / SAMPLE.name)
    shutil.copy(COUNCIL_SAMPLE, mail.inbox / COUNCIL_SAMPLE.name)
    committee = load_committee(mail.committees[0])
    cycle = play_cycle(mail, committee)
    assert not cycle.approval.failed_sends

    with session_scope(mail.resolved_database_url) as session:
        teams = {t.id: t.name for t in session.exec(select(Team))}
        announced = session.exec(
            select(ActionItem).where(col(ActionItem.announced_at).is_not(None))
        ).all()
    by_team: dict[str, list[ActionItem]] = {}
    for item in announced:
        by_team.setdefault(teams[item.team_id], []).append(item)
    tag_of = {t.name: t.notify[0].removeprefix("tag:") for t in committee.teams}

    notices = [m for m in team_box.messages if "배정 안내" in str(m["Subject"])]
    reminders = [m for m in team_box.messages if "이행상황 입력 요청" in str(m["Subject"])]
    assert len(notices) == len(by_team) and len(reminders) == 2 * len(by_team)  # D-15, D-7
    for message in notices + reminders:
        (team,) = [t for t in by_team if t in str(message["Subject"])]
        assert message["X-Rcpt"] == f"{tag_of[team]}@example.org"
        text, html, _ = parts(message)
        assert html and text
        assert "https://followup.example.org/t/" in text
        for item in by_team[team]:
            if item.status in ("open", "in_progress"):
                assert item.summary in text

    (escalation,) = [m for m in secretary_box.messages if "무응답 부서" in str(m["Subject"])]
    (digest,) = [m for m in secretary_box.messages if "조치결과 현황" in str(m["Subject"])]
    assert escalation["X-Rcpt"] == digest["X-Rcpt"] == "secretary@example.org"
    silent = [t for t in by_team if t != "통계조사팀"]  # the demo's team reported
    escalated, _, _ = parts(escalation)
    assert all(f"■ {team}" in escalated for team in silent) and "■ 통계조사팀" not in escalated

    text, html, files = parts(digest)
    assert "총 " in text and "<table" in html and "cid:" in html
    assert {"report-2024-06-14.docx", "report-2024-06-14.hwpx", "report-2024-06-14.csv"} <= set(
        files
    )
    reported = [i for i in announced if i.status in ("open", "in_progress", "done", "explained")]
    rows = list(csv.reader(io.StringIO(files["report-2024-06-14.csv"].decode("utf-8-sig"))))
    table = docx.Document(io.BytesIO(files["report-2024-06-14.docx"])).tables[0]
    assert len(rows) - 1 == len(table.rows) - 1 == len(reported)
    assert [[c.text for c in r.cells] for r in table.rows][1:] == rows[1:]
    hwpx = hwpx_text(files["report-2024-06-14.hwpx"], max_unpacked_bytes=10**8, max_members=100)
    for item in reported:
        assert any(item.summary[:20] in row[2] for row in rows[1:])
    assert all(row[3] in hwpx and row[2][:15] in hwpx.replace("\n", " ") for row in rows[1:])
    done = next(i for i in reported if i.status == "done")
    assert any(done.report_note in row for row in rows[1:])
