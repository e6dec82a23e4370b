"""The outbox's fast mail path against an SMTP server on 127.0.0.1: mail composed with the
standard library reads as a mail client reads it, one SMTP connection serves a whole run (and
is opened again when the server dropped it), and a pass of many messages records each one
exactly once, its message summed up per batch, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import apprise
from sqlmodel import select

from followup.outbox import sender
from followup.outbox.channels import Attached, Channels, Message, compose_mail
from followup.settings import Settings
from models.db import session_scope
from models.tables import Notification
from tests.helpers import T0, Mailbox, deliveries, queue

ROOT = Path(__file__).resolve().parent.parent
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


class Peers(Mailbox):
    """A mailbox that also keeps which connection (client port) each mail came on."""

    def __init__(self) -> None:
        super().__init__()
        self.peers: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.peers.append(session.peer)
        return await super().handle_DATA(server, session, envelope)


def test_mail_composed_by_the_standard_library_reads_as_a_client_reads_it() -> None:
    box = Mailbox()
    box.up()
    try:
        url = (
            f"mailto://127.0.0.1:{box.port}?mode=insecure&from=followup@example.org"
            "&name=빅데이터담당관&to=team@example.org&cc=deputy@example.org&bcc=audit@example.org"
            "&reply=secretary@example.org"
        )
        html = '<p>통계조사팀 담당자님께</p><p><b>미착수 2건</b></p><img src="cid:chart-1.png">'
        message = Message(
            "[빅데이터심의위원회] 통계조사팀 이행상황 입력 요청 (D-15) " + "가" * 60,
            "통계조사팀 담당자님께\n\n미착수 2건\n\n입력: https://followup.example.org/t/1\n",
            html,
            (
                Attached("chart-1.png", "image/png", PNG),
                Attached(
                    "조치결과 보고서(2024년 상반기 정기회의 제출용).csv", "text/csv", b"a,b\n"
                ),
            ),
        )
        channels = Channels(config=None, outbox=Path("/nonexistent"))
        channels.send(url, message)
        channels.close()
    finally:
        box.down()

    (mail,) = box.messages
    assert str(mail["Subject"]) == " ".join(message.subject.split())
    assert str(mail["From"]) == "빅데이터담당관 <followup@example.org>"
    assert str(mail["To"]) == "team@example.org" and str(mail["Cc"]) == "deputy@example.org"
    assert "audit@example.org" in mail["X-Rcpt"] and "Bcc" not in mail
    assert str(mail["Reply-To"]) == "secretary@example.org"
    assert mail["Message-ID"] and mail["Date"]
    text, body = mail.get_body(("plain",)), mail.get_body(("html",))
    assert text is not None and body is not None
    assert text.get_content() == message.body  # the message's own text, not HTML read back
    assert body.get_content().strip() == html
    related = [p for p in mail.walk() if p.get_content_type() == "multipart/related"]
    (image,) = [p for p in related[0].iter_parts() if p.get_content_type() == "image/png"]
    assert image["Content-ID"] == "<chart-1.png>" and image.get_payload(decode=True) == PNG
    files = {a.get_filename(): a.get_payload(decode=True) for a in mail.iter_attachments()}
    assert files == {"조치결과 보고서(2024년 상반기 정기회의 제출용).csv": b"a,b\n"}
    raw = mail.as_bytes()
    assert max(len(line) for line in raw.splitlines()) <= 998


def test_one_mail_per_recipient_as_apprise_sends_them() -> None:
    service = apprise.Apprise.instantiate(
        "mailto://127.0.0.1:25?mode=insecure&from=f@example.org&to=a@example.org,b@example.org"
    )
    mails = compose_mail(service, Message("제목", "본문"))  # type: ignore[arg-type]
    assert [recipients for recipients, _ in mails] == [["a@example.org"], ["b@example.org"]]
    assert all(b"\r\n" in raw and b"\n\n" not in raw.replace(b"\r\n", b"") for _, raw in mails)


def test_one_connection_serves_a_run_and_is_opened_again_when_dropped() -> None:
    box = Peers()
    box.up()
    channels = Channels(config=None, outbox=Path("/nonexistent"))
    try:
        for i in range(20):
            channels.send(box.url(f"t{i}@example.org"), Message(f"알림 {i}", "본문"))
        assert len(box.messages) == 20 and len(set(box.peers)) == 1
        box.down()  # the server goes away (as one closing an idle connection)
        box.up()
        channels.send(box.url("late@example.org"), Message("늦은 알림", "본문"))
    finally:
        channels.close()
        box.down()
    assert len(box.messages) == 21 and len(set(box.peers)) == 2
    assert box.subjects().count("늦은 알림") == 1


def test_a_pass_of_many_messages_records_each_once_over_one_connection(
    mail: Settings, monkeypatch: Any
) -> None:
    box = Peers()
    box.up()
    try:
        ids = queue(mail, 130, targets=[box.url("many@example.org")])
        report = sender.send_due(mail, now=T0)
        again = sender.send_due(mail, now=T0)
    finally:
        box.down()
    assert (report.sent, report.failed, report.retrying, again.sent) == (130, [], [], 0)
    assert len(box.messages) == 130 and len(set(box.subjects())) == 130
    assert len(set(box.peers)) == 1
    assert all(d.state == "sent" and d.attempts == 1 for d in deliveries(mail))
    with session_scope(mail.resolved_database_url) as session:
        rows = session.exec(select(Notification).where(Notification.id.in_(ids))).all()  # type: ignore[union-attr]
        assert {(n.status, n.attempts) for n in rows} == {("sent", 1)}
        assert all(n.sent_at is not None for n in rows)


def test_a_message_left_pending_by_a_stopped_sender_is_summed_up_by_the_next(
    mail: Settings, team_box: Mailbox
) -> None:
    team_box.up()
    (notification_id,) = queue(mail, 1)
    sender.send_due(mail, now=T0)
    with session_scope(mail.resolved_database_url) as session:
        row = session.get(Notification, notification_id)
        assert row is not None
        row.status, row.sent_at = "pending", None  # stopped between the two commits
        session.add(row)

    sender.send_due(mail, now=T0)

    with session_scope(mail.resolved_database_url) as session:
        row = session.get(Notification, notification_id)
        assert row is not None and row.status == "sent" and row.sent_at is not None
    assert len(team_box.messages) == 1


def test_the_bench_prints_its_figures_and_the_guarantee_it_kept(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOLLOWUP_")}
    env["PYTHONPATH"] = str(ROOT)
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "notify.py"), "40"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "ratio outbox/bare:" in run.stdout and "total:" in run.stdout
    assert "guarantee kept:      40 recipients, each mailed exactly once" in run.stdout
