"""Every message of a demo cycle, read as its recipient would: the notice, the D-15 and D-7
reminders, the escalation and the digest. Subjects differ per step and name the dates; every
link a team gets works on the session day (and the day after); the escalation's commands run
as written; a message kept in the local folder is not counted as sent to a team."""

from __future__ import annotations

import re
import shlex
import shutil
from datetime import date, datetime, time, timedelta
from pathlib import Path

import yaml
from sqlmodel import col, select
from typer.testing import CliRunner

from followup.committee import load_committee
from followup.demo import play_cycle
from followup.intake.summary import local_only, pass_summary
from followup.loop.remind import QUOTE_LIMIT, short_quote
from followup.loop.signing import link_secret, verify_team_link
from followup.outbox.channels import Channels, outbox_url
from followup.render import render_message
from followup.settings import Settings
from models.db import session_scope
from models.tables import Notification, Team
from tests.helpers import COUNCIL_SAMPLE, SAMPLE, SEOUL

SESSION_DAY = date(2024, 6, 14)  # the sample committee's next session after the demo's report
REPORT_BY = date(2024, 6, 7)  # D-5 working days: the digest's day
TOKEN = re.compile(r"/t/([A-Za-z0-9_\-.=]+)")
QUOTE = re.compile(r"회의록 원문: [\"“](.+?)[\"”]")


def messages(settings: Settings) -> list[Notification]:
    with session_scope(settings.resolved_database_url) as session:
        return list(session.exec(select(Notification).order_by(col(Notification.id))))


def test_a_demo_cycle_reads_right_to_each_recipient(settings: Settings) -> None:
    shutil.copy(SAMPLE, settings.inbox / "approved" / SAMPLE.name)
    shutil.copy(COUNCIL_SAMPLE, settings.inbox / COUNCIL_SAMPLE.name)
    committee = load_committee(settings.committees[0])
    cycle = play_cycle(settings, committee)
    sent = messages(settings)
    name = committee.name
    by_kind: dict[str, list[Notification]] = {}
    for message in sent:
        by_kind.setdefault(message.kind, []).append(message)

    # Subjects: one prefix each, a different subject per step, the dates named.
    for message in sent:
        assert message.subject.count(f"[{name}]") == 1, message.subject
    first = [m for m in by_kind["reminder"] if m.step == "D-15"]
    again = [m for m in by_kind["reminder"] if m.step == "D-7"]
    assert first and len(first) == len(again)
    for message in first + again:
        assert "다음 회의(6. 14.)" in message.subject and "6. 7.까지" in message.subject
        assert "2024. 6. 14.(금)" in message.body and "2024. 6. 7.(금)까지" in message.body
    assert all("다시 알림" in m.subject for m in again)
    assert not any("다시 알림" in m.subject for m in first)
    (escalation,) = by_kind["escalation"]
    (digest,) = by_kind["digest"]
    steps = {m.subject for m in first} | {m.subject for m in again}
    assert len(steps) == len(first) + len(again)  # D-15 and D-7 never read the same
    assert escalation.subject not in steps and digest.subject not in steps
    assert "6. 14." in escalation.subject

    # Reminders: HTML like the notices, the text part kept, each item with a short quote.
    for message in first + again:
        assert message.html and '<ol id="items">' in message.html and message.body
        quotes = QUOTE.findall(message.body)
        assert quotes and len(quotes) == len(QUOTE.findall(message.html))
        assert all(len(q) <= QUOTE_LIMIT for q in quotes), quotes

    # Every link a team got works on the session day and the day after, for its version.
    secret = link_secret(settings)
    with session_scope(settings.resolved_database_url) as session:
        versions = {t.id: t.link_version for t in session.exec(select(Team))}
    for message in by_kind["new_items"] + first + again:
        tokens = set(TOKEN.findall(message.body)) | set(TOKEN.findall(message.html or ""))
        assert tokens, message.subject
        for token in tokens:
            for day in (SESSION_DAY, SESSION_DAY + timedelta(days=1)):
                claims = verify_team_link(secret, token, now=datetime.combine(day, time(18), SEOUL))
                assert claims.version == versions[claims.team_id]
    assert "2024. 6. 15.(토)까지 유효" in by_kind["new_items"][0].body

    # The digest says what its attachment is as of, and where the current state is.
    assert "2024. 6. 7.(금) 기준이며" in digest.body
    assert "https://followup.example.org/admin/items" in digest.body
    assert 'href="https://followup.example.org/admin/items"' in (digest.html or "")

    # The escalation's commands run as written.
    from followup.cli import app

    commands = [
        shlex.split(line.strip())
        for line in escalation.body.splitlines()
        if line.strip().startswith("followup ")
    ]
    assert any("--reissue" in c for c in commands) and any("--reissue" not in c for c in commands)
    runner = CliRunner()
    for command in commands:
        result = runner.invoke(app, command[1:])
        assert result.exit_code == 0, (command, result.output)
        assert "https://followup.example.org/t/" in result.output

    # Honest counts: the demo's channels all lead to the local folder.
    summary = pass_summary(settings, cycle.approval, mode="시연")
    assert "로컬 보관 6건" in summary and "보냄 0건" in summary  # 5 teams, the secretary
    assert not re.search(r"팀: 보냄 [1-9]", summary)


def test_a_team_is_local_only_when_its_channels_write_only_the_outbox(
    settings: Settings, tmp_path: Path
) -> None:
    committee = load_committee(settings.committees[0])
    teams = [t.name for t in committee.teams]
    kept = Channels(config=settings.apprise_config, outbox=settings.outbox)
    assert all(local_only(kept, [committee], team) for team in teams)

    tags = [t.removeprefix("tag:") for team in committee.teams for t in team.notify]
    mixed = tmp_path / "mixed.yaml"
    urls = [
        {
            ("mailto://127.0.0.1:25?to=a@example.org" if i == 0 else outbox_url(tmp_path)): [
                {"tag": tag}
            ]
        }
        for i, tag in enumerate(tags)
    ]
    mixed.write_text(yaml.safe_dump({"urls": urls}), encoding="utf-8")
    channels = Channels(config=mixed, outbox=settings.outbox)
    assert not local_only(channels, [committee], teams[0])
    assert local_only(channels, [committee], teams[1])


def test_a_quote_is_short_and_cut_at_a_word() -> None:
    text = "가계부채에 대한 분석 틀을 활용하여, 이자율 변화에 따른 가계의 부채 상황 및 " * 4
    quote = short_quote(text)
    assert len(quote) <= QUOTE_LIMIT and quote.endswith("…")
    assert text.startswith(quote[:-1]) and text[len(quote) - 1] in " ,"
    assert short_quote("  짧은\n원문  ") == "짧은 원문"


def test_the_failure_notice_names_the_committee_once(settings: Settings) -> None:
    subject, _ = render_message(
        settings.templates_dir,
        "mail/delivery_failed.txt.j2",
        committee="위원회",
        secretary="간사",
        team="팀",
        delivery_id=1,
        console="https://followup.example.org/admin/outbox?c=1#delivery-1",
        target="tag:x",
        error="연결 실패",
        attempts=3,
        original_subject="[위원회] 다음 회의(6. 14.) 이행상황 입력 요청",
        original_body="본문",
    )
    assert subject == "[위원회] 알림을 보내지 못했습니다: 다음 회의(6. 14.) 이행상황 입력 요청"
