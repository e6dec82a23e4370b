"""Reminders for 1,000 teams (10 items each) rendered and sent through the outbox to a local
SMTP server, next to the same messages sent by a bare smtplib loop in the same run.

    .venv/bin/python bench/notify.py [TEAMS]

The bare loop sends over one SMTP connection, as the outbox does within a run (it keeps one
connection per mail server and composes mail with the standard library). The outbox keeps its
guarantee while it runs: each delivery is claimed under a lease first, and its outcome is
committed right after the server accepts it, so a crash re-sends at most the one message in
flight. The bench checks afterwards that every recipient got exactly one mail and every
delivery is recorded sent after one attempt. Targets: outbox <= 1.5x the bare loop, <= 5 s in
all (bare loop plus outbox).
"""

from __future__ import annotations

import json
import os
import smtplib
import socket
import sys
import tempfile
import time
from collections import Counter as Counter_
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from jinja2 import Environment

from followup.codes import ItemStatus
from followup.render import code_words
from followup.settings import PROJECT_ROOT

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REMINDER = Environment(autoescape=False).from_string(
    """{{ team }} 담당자님께

다음 회의(2024. 6. 14.(금))까지 아래 {{ items|length }}건의 이행상황을 알려 주십시오.

이행상황 입력: {{ link }}

{% for item in items %}{{ loop.index }}. {{ item.summary }}
   - 상태: {{ item.status }} · 기한: {{ item.due }}
{% endfor %}"""
)
REMINDER_HTML = Environment(autoescape=True).from_string(
    """<p>{{ team }} 담당자님께</p><p>다음 회의(2024. 6. 14.(금))까지 아래 {{ items|length }}건의
이행상황을 알려 주십시오.</p><p><a href="{{ link }}">이행상황 입력</a></p><ol>
{% for item in items %}<li>{{ item.summary }} ({{ item.status }}, 기한 {{ item.due }})</li>
{% endfor %}</ol>"""
)


class Counter:
    def __init__(self) -> None:
        self.count = 0
        self.recipients: Counter_[str] = Counter_()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.count += 1
        self.recipients.update(envelope.rcpt_tos)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def teams(n: int) -> list[dict[str, Any]]:
    not_started = code_words(PROJECT_ROOT / "templates", "status")[ItemStatus.OPEN]
    return [
        {
            "team": f"팀{t:04d}",
            "link": f"https://followup.example.org/t/{t:04d}",
            "items": [
                {
                    "summary": f"{t}번 팀 {i}번 후속조치 요구사항 요약",
                    "status": not_started,
                    "due": "2024. 6. 14.(금)",
                }
                for i in range(10)
            ],
        }
        for t in range(n)
    ]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    work = Path(tempfile.mkdtemp(prefix="followup-bench-"))
    os.environ.update(
        {
            "FOLLOWUP_VAR_DIR": str(work / "var"),
            "FOLLOWUP_OUTBOX": str(work / "outbox"),
            "FOLLOWUP_COMMITTEES": json.dumps([str(ROOT / "examples" / "committee.yaml")]),
        }
    )
    from followup import store
    from followup.outbox.sender import send_due
    from followup.settings import get_settings
    from models.db import session_scope

    settings = get_settings()
    counter = Counter()
    port = free_port()
    controller = Controller(counter, hostname="127.0.0.1", port=port)
    controller.start()
    data = teams(n)

    def url(i: int) -> str:
        return (
            f"mailto://127.0.0.1:{port}?mode=insecure&from=followup@example.org&to=t{i}@example.org"
        )

    with session_scope(settings.resolved_database_url):
        pass  # create and migrate the database outside the timings

    messages = []
    for i, team in enumerate(data):
        message = EmailMessage()
        message["Subject"] = f"[위원회] {team['team']} 이행상황 알림"
        message["From"], message["To"] = "followup@example.org", f"t{i}@example.org"
        message.set_content(REMINDER.render(**team))
        message.add_alternative(REMINDER_HTML.render(**team), subtype="html")
        messages.append(message)
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for message in messages:
            smtp.send_message(message)
    bare = time.perf_counter() - started
    counter.recipients.clear()  # from here on, what the outbox sends

    started = time.perf_counter()
    with session_scope(settings.resolved_database_url) as session:
        for i, team in enumerate(data):
            store.queue_notification(
                session,
                dedupe_key=f"reminder:{team['team']}:d15:2024-06-14",
                kind="reminder",
                step="d15",
                subject=f"[위원회] {team['team']} 이행상황 알림",
                body=REMINDER.render(**team),
                html=REMINDER_HTML.render(**team),
                targets=[url(i)],
                committee_id=None,
                team_id=None,
                now=store.utc_now(),
            )
    queued = time.perf_counter() - started
    report = send_due(settings)
    outbox = time.perf_counter() - started
    controller.stop()

    assert report.sent == n and not report.failed and not report.retrying, report
    assert counter.count == 2 * n, counter.count
    wanted = {f"t{i}@example.org" for i in range(n)}
    assert set(counter.recipients) == wanted and set(counter.recipients.values()) == {1}
    with session_scope(settings.resolved_database_url) as session:
        rows = store.outbox_rows(session)  # deliveries not sent yet
    assert rows == [], rows[:3]
    print(f"messages:            {n} teams x 10 items")
    print(f"bare smtplib loop:   {bare:.2f} s ({bare / n * 1000:.2f} ms/message)")
    print(
        f"outbox (render+queue {queued:.2f} s, send): {outbox:.2f} s ({outbox / n * 1000:.2f} ms/message)"
    )
    print(f"ratio outbox/bare:   {outbox / bare:.2f}  (target <= 1.5)")
    print(f"total:               {bare + outbox:.2f} s  (target <= 5)")
    print(
        f"guarantee kept:      {n} recipients, each mailed exactly once; every delivery claimed"
        " under a lease before sending and its outcome committed right after the server"
        " accepted it (a crash re-sends at most the one message in flight)"
    )


if __name__ == "__main__":
    main()
