"""The outbox against real SMTP servers on 127.0.0.1: exactly once per target, retried with
backoff, failed for good with the secretary told, overlapping senders, mistyped targets."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from followup.outbox import sender
from followup.settings import Settings, get_settings
from models.db import session_scope
from models.tables import Notification
from tests.helpers import T0, Mailbox, deliveries, outbox_notices, queue
from tests.postgres import binaries, postgres_server


def test_mail_carries_html_text_and_attachments(mail: Settings, team_box: Mailbox) -> None:
    team_box.up()
    report_csv = "연번,안건,상태\n1,가계부채,완료\n".encode()
    queue(
        mail,
        1,
        html="<p>통계조사팀 담당자님께</p><p><b>미착수 2건</b></p>"
        '<p><a href="https://followup.example.org/t/0">입력</a></p>',
        attachments=[("조치결과.csv", "text/csv", report_csv), ("조치결과.docx", "application/"
                     "vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK\x03\x04docx")],
    )  # fmt: skip

    report = sender.send_due(mail, now=T0)

    assert (report.sent, report.failed, report.retrying) == (1, [], [])
    (message,) = team_box.messages
    assert message["X-Rcpt"] == "statistics@example.org"
    assert str(message["Subject"]) == "[위원회] 통계조사팀 이행상황 알림 0"
    html = message.get_body(("html",))
    text = message.get_body(("plain",))
    assert html is not None and text is not None
    assert "<b>미착수 2건</b>" in html.get_content()
    assert "미착수 2건" in text.get_content() and "<b>" not in text.get_content()
    files = {a.get_filename(): a.get_payload(decode=True) for a in message.iter_attachments()}
    assert files["조치결과.csv"] == report_csv
    assert files["조치결과.docx"] == b"PK\x03\x04docx"
    (row,) = deliveries(mail)
    assert (row.state, row.attempts, row.last_error) == ("sent", 1, None)


def test_smtp_down_for_one_pass_then_up_delivers_each_message_once(
    mail: Settings, team_box: Mailbox
) -> None:
    queue(mail, 3)

    first = sender.send_due(mail, now=T0)  # nothing listens on the port

    assert first.sent == 0 and len(first.retrying) == 3 and first.failed == []
    rows = deliveries(mail)
    assert all(r.state == "pending" and r.attempts == 1 for r in rows)
    assert all("Connection refused" in (r.last_error or "") for r in rows)
    assert sender.send_due(mail, now=T0 + timedelta(minutes=5)).sent == 0  # backing off

    team_box.up()
    second = sender.send_due(mail, now=T0 + timedelta(hours=1))
    third = sender.send_due(mail, now=T0 + timedelta(hours=5))

    assert (second.sent, third.sent) == (3, 0)
    assert sorted(team_box.subjects()) == [
        f"[위원회] 통계조사팀 이행상황 알림 {i}" for i in range(3)
    ]
    assert all(r.state == "sent" and r.last_error is None for r in deliveries(mail))
    assert outbox_notices(mail) == []


def test_smtp_down_past_the_retry_limit_fails_tells_the_secretary_and_retry_sends_once(
    mail: Settings, team_box: Mailbox, secretary_box: Mailbox
) -> None:
    (notification_id,) = queue(mail, 1)
    moment, reports = T0, []
    for attempt in range(1, mail.send_attempts + 1):
        reports.append(sender.send_due(mail, now=moment))
        moment += sender.backoff(mail, attempt)

    assert all(len(r.retrying) == 1 for r in reports[:-1])
    assert len(reports[-1].failed) == 1  # the pass reports the failure: the caller exits 1
    (row,) = [d for d in deliveries(mail) if d.notification_id == notification_id]
    assert (row.state, row.attempts) == ("failed", mail.send_attempts)
    assert "Connection refused" in (row.last_error or "")
    with session_scope(mail.resolved_database_url) as session:
        message = session.get(Notification, notification_id)
        assert message is not None and message.status == "failed" and message.sent_at is None
    (told,) = secretary_box.messages
    assert told["X-Rcpt"] == "secretary@example.org"
    assert "알림을 보내지 못했습니다" in str(told["Subject"])
    text = told.get_body(("plain",))
    assert text is not None and f"followup outbox retry {row.id}" in text.get_content()
    # The console's outbox, where the secretary sends it again without a terminal.
    assert "https://followup.example.org/admin/outbox?c=" in text.get_content()
    assert f"#delivery-{row.id}\n" in text.get_content()
    assert "Connection refused" in text.get_content()
    assert sender.send_due(mail, now=moment + timedelta(days=3)).sent == 0  # stays failed

    team_box.up()
    again = sender.retry(mail, row.id or 0, now=moment + timedelta(days=3))
    sender.send_due(mail, now=moment + timedelta(days=4))

    assert again.sent == 1 and team_box.subjects() == ["[위원회] 통계조사팀 이행상황 알림 0"]
    assert len(secretary_box.messages) == 1


def test_a_message_with_one_target_down_reaches_the_working_one_once(
    mail: Settings, team_box: Mailbox, tmp_path: Path
) -> None:
    team_box.up()
    down = Mailbox()  # never started
    queue(mail, 1, targets=["tag:statistics", down.url("boss@example.org")])

    for hours in (0, 1, 3):
        sender.send_due(mail, now=T0 + timedelta(hours=hours))

    assert [m["X-Rcpt"] for m in team_box.messages] == ["statistics@example.org"]
    working, broken = deliveries(mail)
    assert (working.state, working.attempts) == ("sent", 1)
    assert (broken.state, broken.attempts) == ("pending", 3)


def test_a_mistyped_target_fails_at_once_the_secretary_is_told_nothing_is_marked_sent(
    mail: Settings, secretary_box: Mailbox
) -> None:
    (notification_id,) = queue(mail, 1, targets=["mailtoo//statistics.example.org", "tag:nosuch"])

    report = sender.send_due(mail, now=T0)

    assert report.sent == 2  # the secretary's notices, one per failed delivery
    assert len(report.failed) == 2
    failed = [d for d in deliveries(mail) if d.notification_id == notification_id]
    assert [d.state for d in failed] == ["failed", "failed"]
    assert "Apprise가 읽을 수 없는 주소" in (failed[0].last_error or "")
    assert "tag:nosuch" in (failed[1].last_error or "")
    assert not mail.outbox.exists() or not list(mail.outbox.glob("*이행상황*"))
    assert len(secretary_box.messages) == 2
    with session_scope(mail.resolved_database_url) as session:
        message = session.get(Notification, notification_id)
        assert message is not None and message.sent_at is None and message.status == "failed"


def test_when_the_secretary_channel_fails_too_the_notice_is_kept_in_the_local_folder(
    mail: Settings, secretary_box: Mailbox
) -> None:
    secretary_box.down()
    queue(mail, 1, targets=["tag:nosuch"])

    report = sender.send_due(mail, now=T0)

    assert len(report.failed) == 1 and len(report.retrying) == 1  # the notice will retry
    (kept,) = mail.outbox.glob("*.md")
    assert "알림을 보내지 못했습니다" in kept.read_text() and "tag:nosuch" in kept.read_text()
    (notice,) = outbox_notices(mail)
    assert "로컬 보관함에 사본 저장" in (notice.last_error or "")


def test_a_message_is_not_sent_before_its_not_before_time(
    mail: Settings, team_box: Mailbox
) -> None:
    team_box.up()
    queue(mail, 1, not_before=T0 + timedelta(hours=15))

    assert sender.send_due(mail, now=T0 + timedelta(hours=9)).sent == 0
    assert sender.send_due(mail, now=T0 + timedelta(hours=15)).sent == 1
    assert len(team_box.messages) == 1


SENDER = (
    "import sys, time\n"
    "from followup.outbox.sender import send_due\n"
    "from followup.settings import get_settings\n"
    "while time.time() < float(sys.argv[1]): time.sleep(0.005)\n"
    "print(send_due(get_settings()).sent)\n"
)


def two_senders_at_once(settings: Settings, team_box: Mailbox) -> None:
    import time

    team_box.delay = 0.01  # slow enough that the two runs overlap throughout
    team_box.up()
    queue(settings, 150)
    env = {k: v for k, v in os.environ.items() if k.startswith("FOLLOWUP_") or k == "PATH"}
    start = str(time.time() + 3)
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", SENDER, start],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).resolve().parent.parent,
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert all(run.returncode == 0 for run in runs), [err[-2000:] for _, err in outputs]
    counts = [int(out.strip().splitlines()[-1]) for out, _ in outputs]

    assert sum(counts) == 150 and all(c > 0 for c in counts)  # both sent, no row twice
    subjects = team_box.subjects()
    assert len(subjects) == 150 and len(set(subjects)) == 150
    assert all(d.state == "sent" and d.attempts == 1 for d in deliveries(settings))


def test_two_senders_at_once_never_send_a_message_twice_sqlite(
    mail: Settings, team_box: Mailbox
) -> None:
    two_senders_at_once(mail, team_box)


@pytest.mark.skipif(
    binaries() is None, reason="PostgreSQL binaries not installed (CI installs them)"
)
def test_two_senders_at_once_never_send_a_message_twice_postgres(
    mail: Settings, team_box: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    with postgres_server() as server:
        name = f"followup_{uuid.uuid4().hex[:12]}"
        engine = sa.create_engine(server, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        monkeypatch.setenv("FOLLOWUP_DATABASE_URL", server.rsplit("/", 1)[0] + f"/{name}")
        get_settings.cache_clear()
        two_senders_at_once(get_settings(), team_box)
