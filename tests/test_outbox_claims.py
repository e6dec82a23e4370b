"""The outbox's claims as operators meet them, against an SMTP server on 127.0.0.1 and real
processes where concurrency matters: ``outbox retry`` takes the sender's claim (three at once
send one mail; one while another sender holds the delivery is refused), a pass that meets
another sender's live claim says so, a sender killed between the server's acceptance and its
commit re-sends that one message once after the lease, a tag naming a working and a dead
service sends one copy to the working one, and a target fixed in the committee file is used by
``retry``. Runs on SQLite and, with FOLLOWUP_TEST_DATABASE=postgresql, on PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
import yaml

from followup import store
from followup.committee import load_committee
from followup.outbox import sender
from followup.outbox.channels import DeliveryError
from followup.settings import Settings, get_settings
from models.db import session_scope
from tests.helpers import T0, Mailbox, deliveries, queue

ROOT = Path(__file__).resolve().parent.parent
LEASE = timedelta(seconds=300)


def environment() -> dict[str, str]:
    """The subprocesses' environment: this test's settings, the worktree's code, T0's clock."""
    env = {k: v for k, v in os.environ.items() if k.startswith("FOLLOWUP_") or k == "PATH"}
    env["PYTHONPATH"] = str(ROOT)
    env["FOLLOWUP_FIXED_NOW"] = T0.isoformat()
    return env


def cli(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "followup.cli", *args],
        env=environment(),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def claim_as(settings: Settings, worker: str, notification_ids: list[int]) -> None:
    """Claim the due deliveries of these messages as another sender would, and stop there (as
    a sender killed in the middle of sending them)."""
    with session_scope(settings.resolved_database_url) as session:
        got = store.claim_due(
            session,
            claim=store.Claim(worker, T0 + LEASE),
            now=T0,
            limit=50,
            messages=store.Messages(notification_ids=notification_ids),
        )
    assert got


def test_three_retries_at_once_send_one_mail(mail: Settings, team_box: Mailbox) -> None:
    queue(mail, 1)
    (row,) = deliveries(mail)
    team_box.delay = 1.0  # the winner holds its claim while the others ask
    team_box.up()

    runs = [cli("outbox", "retry", str(row.id)) for _ in range(3)]
    outputs = [run.communicate(timeout=180) for run in runs]

    codes = sorted(run.returncode for run in runs)
    assert codes == [0, 1, 1], outputs
    assert len(team_box.messages) == 1
    refusals = [err for run, (_, err) in zip(runs, outputs, strict=True) if run.returncode]
    assert all("보내지 않음" in err for err in refusals), refusals
    assert all("보내는 중" in err or "이미 보냈습니다" in err for err in refusals), refusals
    (after,) = deliveries(mail)
    assert (after.state, after.attempts, after.claimed_by) == ("sent", 1, "")


def test_a_retry_while_another_sender_holds_the_delivery_is_refused(
    mail: Settings, team_box: Mailbox
) -> None:
    team_box.up()
    (notification_id,) = queue(mail, 1)
    claim_as(mail, "busy-host:4242:cafe", [notification_id])
    (row,) = deliveries(mail)

    run = cli("outbox", "retry", str(row.id))
    out, err = run.communicate(timeout=120)

    assert run.returncode == 1, (out, err)
    assert "다른 발송(busy-host:4242:cafe)" in err and "다시 보내지 않았습니다" in err
    with pytest.raises(DeliveryError, match="보내는 중"):
        sender.retry(mail, row.id or 0, now=T0)
    assert team_box.messages == []
    (after,) = deliveries(mail)
    assert (after.state, after.claimed_by) == ("pending", "busy-host:4242:cafe")


SLOW_SENDER = (
    "from followup.outbox.sender import send_due\n"
    "from followup.settings import get_settings\n"
    "print(send_due(get_settings()).sent)\n"
)


def test_a_retry_while_a_pass_is_sending_it_is_refused_and_one_mail_goes(
    mail: Settings, team_box: Mailbox
) -> None:
    team_box.delay = 8.0  # the pass is inside DATA for this long
    team_box.up()
    queue(mail, 1)
    (row,) = deliveries(mail)
    run = subprocess.Popen(
        [sys.executable, "-c", SLOW_SENDER],
        env=environment(),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 90
    while not deliveries(mail)[0].claimed_by and time.monotonic() < deadline:
        time.sleep(0.05)
    assert deliveries(mail)[0].claimed_by, "the pass never claimed the delivery"

    with pytest.raises(DeliveryError, match="보내는 중"):
        sender.retry(mail, row.id or 0, now=T0)
    out, err = run.communicate(timeout=120)

    assert run.returncode == 0 and out.strip().splitlines()[-1] == "1", err[-2000:]
    assert len(team_box.messages) == 1
    assert deliveries(mail)[0].state == "sent"


def test_a_pass_meeting_a_live_claim_says_so_and_sends_it_after_the_lease(
    mail: Settings, team_box: Mailbox
) -> None:
    team_box.up()
    (notification_id,) = queue(mail, 1)
    claim_as(mail, "killed-host:77:beef", [notification_id])

    report = sender.send_due(mail, now=T0 + timedelta(minutes=1), wait=0.3)

    assert report.sent == 0 and team_box.messages == []
    (line,) = report.held
    assert report.retrying == [line]  # the callers' exit status: 1
    assert "다른 발송(killed-host:77:beef)" in line and "보내지 못함" in line
    later = sender.send_due(mail, now=T0 + LEASE + timedelta(seconds=1))
    assert (later.sent, later.held) == (1, [])
    assert len(team_box.messages) == 1


KILLED_SENDER = (
    "import os, signal\n"
    "from followup import store\n"
    "from followup.outbox.sender import send_due\n"
    "from followup.settings import get_settings\n"
    "record = store.record_delivery\n"
    "def killed(session, due, attempt, **kwargs):\n"
    "    if attempt.state == 'sent':\n"
    "        os.kill(os.getpid(), signal.SIGKILL)  # the server accepted; nothing recorded\n"
    "    return record(session, due, attempt, **kwargs)\n"
    "store.record_delivery = killed\n"
    "send_due(get_settings())\n"
)


def test_a_sender_killed_after_the_server_accepted_resends_that_one_message_once(
    mail: Settings, team_box: Mailbox
) -> None:
    team_box.up()
    queue(mail, 3)
    run = subprocess.Popen(
        [sys.executable, "-c", KILLED_SENDER],
        env=environment(),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    run.communicate(timeout=120)
    assert run.returncode == -9
    assert len(team_box.messages) == 1  # accepted, then killed before the commit

    during = sender.send_due(mail, now=T0 + timedelta(minutes=2), wait=0.3)
    assert during.sent == 0 and len(during.held) == 3  # the claim holds the batch: said so
    assert len(team_box.messages) == 1

    after = sender.send_due(mail, now=T0 + LEASE + timedelta(seconds=1))
    assert after.sent == 3 and after.held == []
    subjects = team_box.subjects()
    assert sorted(subjects) == sorted(
        ["[위원회] 통계조사팀 이행상황 알림 0"]
        + [f"[위원회] 통계조사팀 이행상황 알림 {i}" for i in range(3)]
    )  # the one message in the window twice, the others once
    assert all(d.state == "sent" and d.attempts == 1 for d in deliveries(mail))
    assert sender.send_due(mail, now=T0 + timedelta(hours=1)).sent == 0


def test_a_tag_naming_a_working_and_a_dead_service_sends_one_copy_to_the_working_one(
    mail: Settings, team_box: Mailbox
) -> None:
    team_box.up()
    dead = Mailbox()  # never started
    config = Path(str(mail.apprise_config))
    urls = yaml.safe_load(config.read_text(encoding="utf-8"))["urls"]
    urls.append({team_box.url("boss@example.org"): [{"tag": "both"}]})
    urls.append({dead.url("deputy@example.org"): [{"tag": "both"}]})
    config.write_text(yaml.safe_dump({"urls": urls}), encoding="utf-8")
    queue(mail, 1, targets=["tag:both"])

    for hours in (0, 1, 3, 8):
        sender.send_due(mail, now=T0 + timedelta(hours=hours))

    assert [m["X-Rcpt"] for m in team_box.messages] == ["boss@example.org"]
    working, broken = deliveries(mail)
    assert working.source == broken.source == "tag:both"
    assert "boss%40example.org" in working.target and "deputy%40example.org" in broken.target
    assert (working.state, working.attempts) == ("sent", 1)
    assert (broken.state, broken.attempts) == ("pending", 4)
    assert "Connection refused" in (broken.last_error or "")
    listing = cli("outbox")
    out, err = listing.communicate(timeout=120)
    assert listing.returncode == 0, err
    assert f"#{broken.id}" in out and "tag:both" in out and f"#{working.id}" not in out


def test_a_target_fixed_in_the_committee_file_is_used_by_retry(
    mail: Settings, team_box: Mailbox, secretary_box: Mailbox
) -> None:
    team_box.up()
    path = Path(mail.committees[0])
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("notify: [tag:statistics]", "notify: [mailtoo//statistics.example.org]")
    )
    get_settings.cache_clear()
    committee = load_committee(path)
    assert committee.team("통계조사팀").notify == ("mailtoo//statistics.example.org",)
    (notification_id,) = queue(mail, 1)  # to the team's targets as the file names them

    first = sender.send_due(mail, now=T0)
    assert len(first.failed) == 1 and team_box.messages == []
    (row,) = [d for d in deliveries(mail) if d.notification_id == notification_id]
    assert row.state == "failed" and "Apprise가 읽을 수 없는 주소" in (row.last_error or "")
    assert len(secretary_box.messages) == 1  # told to fix the settings and retry

    fixed = team_box.url("fixed@example.org")
    path.write_text(text.replace("notify: [tag:statistics]", f"notify: ['{fixed}']"))
    run = cli("outbox", "retry", str(row.id))
    out, err = run.communicate(timeout=120)

    assert run.returncode == 0, (out, err)
    assert f"#{row.id} 보냄" in out
    assert [m["X-Rcpt"] for m in team_box.messages] == ["fixed@example.org"]
    (after,) = [d for d in deliveries(mail) if d.notification_id == notification_id]
    assert (after.id, after.state, after.target, after.source) == (row.id, "sent", fixed, fixed)
