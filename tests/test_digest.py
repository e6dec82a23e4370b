"""The pre-meeting digest on a database built by a real pass over the sample, with teams'
reports, requests and an earlier digest recorded, at a fixed clock."""

from __future__ import annotations

import asyncio
import csv
import io
import subprocess
import sys
from datetime import UTC, datetime
from email.message import Message
from pathlib import Path
from typing import Any

import apprise
import docx
from aiosmtpd.controller import Controller
from apprise.attachment.memory import AttachMemory
from lxml import html as lxml_html
from PIL import Image
from sqlmodel import col, select

from followup import store
from followup.committee import configured_committees
from followup.documents.charts import BAR_SIZE, COLOURS
from followup.loop.digest import (
    ON_DEMAND,
    Digest,
    build_digest,
    digest_files,
    queue_digest,
    render_digest,
)
from followup.settings import Settings
from models.db import session_scope
from models.tables import ActionItem, Attachment, ChangeRequest, Notification, Team
from tests.helpers import (
    LATER_SESSION,
    NOW,
    SEOUL,
    Inbox,
    Scenario,
    expected_cells,
    free_port,
    record_report,
    reported_pass,
)

EARLIER_DIGEST = datetime(2024, 5, 25, 9, 0, tzinfo=SEOUL)


def team_of(settings: Settings, item_id: int) -> Team:
    with session_scope(settings.resolved_database_url) as session:
        item = session.get(ActionItem, item_id)
        assert item is not None
        team = session.get(Team, item.team_id)
        assert team is not None
        session.expunge(team)
        return team


def scenario(settings: Settings) -> tuple[Scenario, int, int]:
    """Reports, an earlier digest, the links the reporting teams opened, and two requests."""
    s = reported_pass(settings)
    (committee,) = configured_committees(settings)
    queue_digest(settings, committee, now=EARLIER_DIGEST)  # the D-5 digest of May (earlier)
    with session_scope(settings.resolved_database_url) as session:
        for item_id in (s.done, s.in_progress, s.explained):
            item = session.get(ActionItem, item_id)
            assert item is not None
            team = session.get(Team, item.team_id)
            assert team is not None
            team.link_opened_at = datetime(2024, 5, 20, 0, tzinfo=UTC)
            session.add(team)
        overdue = session.get(ActionItem, s.overdue)
        assert overdue is not None
        transfer = ChangeRequest(
            action_item_id=s.overdue,
            team_id=overdue.team_id,
            kind="transfer",
            suggested_team="통계조사팀",
            reason="가계부채 통계는 통계조사팀 소관",
            requested_by="김담당",
            created_at=datetime(2024, 6, 3, 1, tzinfo=UTC),
        )
        extension = ChangeRequest(
            action_item_id=s.in_progress,
            team_id=overdue.team_id,
            kind="extension",
            new_due=datetime(2024, 9, 30).date(),
            reason="용역 일정 지연",
            requested_by="이담당",
            state="refused",
            created_at=datetime(2024, 6, 3, 2, tzinfo=UTC),
        )
        session.add(transfer)
        session.add(extension)
        session.flush()
        assert transfer.id is not None and extension.id is not None
        return s, transfer.id, extension.id


def digest_at(settings: Settings, now: datetime = NOW) -> Digest:
    (committee,) = configured_committees(settings)
    with session_scope(settings.resolved_database_url) as session:
        return build_digest(session, committee, now=now, templates=settings.templates_dir)


def test_each_section_of_the_digest_holds_what_the_secretary_must_act_on(
    settings: Settings,
) -> None:
    s, transfer, refused = scenario(settings)

    digest = digest_at(settings)

    assert digest.session_on == datetime(2024, 6, 14).date()
    rows = {row.item_id: row for row in digest.report.rows}
    # counts per team and per agenda item add up to the report's rows
    assert sum(t.total for t in digest.teams) == len(rows) == sum(a.total for a in digest.agenda)
    for team in digest.teams:
        mine = [r for r in rows.values() if r.team == team.name]
        assert team.counts == {
            status: sum(1 for r in mine if r.status == status)
            for status in ("done", "in_progress", "open", "explained")
        }
    # changed since the May digest: the explained report (May 28) and the rejection (NOW is
    # excluded: changes up to the digest's own time); the in-progress report of May 22 is older
    changed = [(c.item_id, c.new_status) for c in digest.changes]
    assert (s.explained, "explained") in changed
    assert s.in_progress not in [i for i, _ in changed]
    assert s.done not in [i for i, _ in changed]
    assert digest.since is not None and digest.since == EARLIER_DIGEST
    # teams that never answered: every team with announced open items but no link report
    answered = {team_of(settings, i).name for i in (s.done, s.in_progress, s.explained)}
    silent = {t.team for t in digest.silent}
    with session_scope(settings.resolved_database_url) as session:
        announced = {
            team.name
            for team in session.exec(
                select(Team)
                .join(ActionItem, col(ActionItem.team_id) == col(Team.id))
                .where(
                    col(ActionItem.announced_at).is_not(None),
                    col(ActionItem.status).in_(("open", "in_progress")),
                )
            )
        }
    assert silent == announced - answered and silent
    assert all(not t.opened_link for t in digest.silent)
    # overdue, awaiting the committee's check, carried over, open requests
    assert [r.item_id for r in digest.overdue] == [s.overdue]
    assert {r.item_id for r in digest.awaiting_check} == {s.done, s.explained}
    assert digest.carried == ()
    assert [q.request.id for q in digest.requests] == [transfer]
    assert refused not in [q.request.id for q in digest.requests]

    subject, text, html = render_digest(settings.templates_dir, digest)
    assert (
        subject
        == "[서울특별시 빅데이터심의위원회] 2024. 6. 14.(금) 회의 전 조치결과 현황 (총 "
        + str(len(rows))
        + "건)"
    )
    assert digest.report.count_line in text
    assert "지난 보고 이후 변경 (2024. 5. 25.(토) 09:00 이후) " in text
    assert "미착수 → 추진 불가 (부서 입력" in text
    assert "소관 아님(이관 요청)" in text and "제안 부서: 통계조사팀" in text
    assert "(링크를 한 번도 열지 않음)" in text
    assert rows[s.overdue].summary in text and rows[s.explained].action in text

    page = lxml_html.fromstring(html)
    team_rows = page.xpath("//table[@id='teams']//tr[td]")
    assert [r.xpath("td")[0].text_content() for r in team_rows] == [t.name for t in digest.teams]
    images = page.xpath("//table[@id='teams']//img/@src")
    assert images == [f"cid:{t.chart}" for t in digest.teams]
    assert len(page.xpath("//ul[@id='overdue']/li")) == 1
    assert len(page.xpath("//ul[@id='awaiting-check']/li")) == 2
    assert page.xpath("//ul[@id='requests']/li")[0].text_content().startswith(f"{transfer}번")
    assert page.xpath("string(//p[@id='count-line'])") == digest.report.count_line


def test_carried_over_items_appear_in_the_digest_for_the_following_session(
    settings: Settings,
) -> None:
    s, _, _ = scenario(settings)
    record_report(settings, s.in_progress, "in_progress", note="계속 추진", at=NOW)
    with session_scope(settings.resolved_database_url) as session:
        committee_id = session.exec(select(Team.committee_id)).first()
        assert committee_id is not None
        store.add_session_dates(
            session, committee_id=committee_id, dates=[LATER_SESSION], added_by="간사", now=NOW
        )

    digest = digest_at(settings, datetime(2024, 9, 10, 10, tzinfo=SEOUL))

    assert digest.session_on == LATER_SESSION
    carried = {row.item_id: row for row in digest.carried}
    assert s.in_progress in carried and s.done not in carried
    assert all(row.status in ("open", "in_progress") for row in carried.values())
    _, text, _ = render_digest(settings.templates_dir, digest)
    assert "이월(2023. 12. 15. 회의)" in text


def test_each_team_bar_is_a_png_of_the_right_size_and_shares(settings: Settings) -> None:
    scenario(settings)
    digest = digest_at(settings)

    for team in digest.teams:
        image = Image.open(io.BytesIO(digest.charts[team.chart]))
        assert image.format == "PNG" and image.size == BAR_SIZE
        rgb = image.convert("RGB")
        middle = BAR_SIZE[1] // 2
        first = next(s for s in ("done", "in_progress", "open", "explained") if team.counts[s])
        assert rgb.getpixel((2, middle)) == COLOURS[first]
        done_px = sum(1 for x in range(BAR_SIZE[0]) if rgb.getpixel((x, middle)) == COLOURS["done"])
        assert abs(done_px - BAR_SIZE[0] * team.counts["done"] / team.total) <= 2


def test_the_queued_digest_holds_html_and_the_report_files_once_per_session(
    settings: Settings,
) -> None:
    scenario(settings)
    (committee,) = configured_committees(settings)

    assert queue_digest(settings, committee, now=NOW) is None  # May's scheduled digest stands
    key = queue_digest(settings, committee, now=NOW, step=ON_DEMAND)

    assert key is not None and key.startswith("digest:")
    with session_scope(settings.resolved_database_url) as session:
        row = session.exec(select(Notification).where(Notification.dedupe_key == key)).one()
        files = {
            a.filename: a
            for a in session.exec(select(Attachment).where(Attachment.notification_id == row.id))
        }
        secretary = session.exec(select(Team).where(Team.name == committee.secretary)).one()
        digests = session.exec(select(Notification).where(Notification.kind == "digest")).all()
    assert len(digests) == 2 and row.step == ON_DEMAND
    assert row.team_id == secretary.id and row.targets == "tag:secretary"
    assert row.html is not None and '<table id="teams"' in row.html
    assert "총 " in row.body
    digest = digest_at(settings)
    expected = expected_cells(settings, digest.report)
    report = docx.Document(io.BytesIO(files["report-2024-06-14.docx"].content))
    assert [[c.text for c in r.cells] for r in report.tables[0].rows][1:] == expected
    table = list(
        csv.reader(io.StringIO(files["report-2024-06-14.csv"].content.decode("utf-8-sig")))
    )
    assert table[1:] == expected
    assert files["report-2024-06-14.hwpx"].content[:2] == b"PK"
    assert {t.chart for t in digest.teams} <= set(files)


def test_preview_writes_the_parts_and_files_and_queues_nothing(
    settings: Settings, tmp_path: Path
) -> None:
    scenario(settings)
    with session_scope(settings.resolved_database_url) as session:
        before = len(session.exec(select(Notification)).all())
    folder = tmp_path / "preview"

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "followup.cli",
            "digest",
            "--preview",
            str(folder),
            "--now",
            NOW.isoformat(),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert "보내지 않음" in done.stdout
    names = {p.name for p in folder.iterdir()}
    assert {
        "digest.html",
        "digest.txt",
        "report-2024-06-14.docx",
        "report-2024-06-14.hwpx",
        "report-2024-06-14.csv",
    } <= names
    page = lxml_html.fromstring((folder / "digest.html").read_text(encoding="utf-8"))
    for src in page.xpath("//img/@src"):
        assert (folder / src).is_file()  # the preview's images lie beside it
    assert (folder / "digest.txt").read_text(encoding="utf-8").startswith("제목: [서울특별시")
    with session_scope(settings.resolved_database_url) as session:
        assert len(session.exec(select(Notification)).all()) == before


def test_apprise_mail_shows_the_charts_inline_by_content_id(settings: Settings) -> None:
    """Why the HTML names charts by cid: Apprise's mailto with inline=yes sends each image
    attachment with its filename as Content-ID, and the report files as attachments."""
    scenario(settings)
    digest = digest_at(settings)
    subject, _, html = render_digest(settings.templates_dir, digest)
    files = digest_files(digest)
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        sender = apprise.Apprise()
        sender.add(
            f"mailto://127.0.0.1:{port}?mode=insecure&from=followup@example.org"
            "&to=secretary@example.org&inline=yes"
        )
        attachments = apprise.AppriseAttachment()
        for name, mime, data in files:
            attachments.add(AttachMemory(content=data, name=name, mimetype=mime))
        assert sender.notify(
            body=html, title=subject, body_format=apprise.NotifyFormat.HTML, attach=attachments
        )
        asyncio.run(asyncio.sleep(0))
    finally:
        controller.stop()

    (message,) = inbox.messages
    parts: list[Message] = list(message.walk())
    by_cid: dict[str, Message] = {
        str(p["Content-ID"]).strip("<>"): p for p in parts if p["Content-ID"] is not None
    }
    for team in digest.teams:
        assert team.chart in by_cid
        assert by_cid[team.chart].get_content_disposition() == "inline"
    sent_html = next(p for p in parts if p.get_content_type() == "text/html")
    payload: Any = sent_html.get_payload(decode=True)
    assert f"cid:{digest.teams[0].chart}" in payload.decode("utf-8")
    names = {p.get_filename() for p in parts if p.get_content_disposition() == "attachment"}
    assert {
        "report-2024-06-14.docx",
        "report-2024-06-14.hwpx",
        "report-2024-06-14.csv",
    } <= names
