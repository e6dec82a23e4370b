"""The committee's outbox in the console: a delivery that failed against a mail server that
was down shows with its Korean error, and is sent again (after a confirmation step) once the
server is up; the team's mail arrives (aiosmtpd on 127.0.0.1)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from followup.outbox.sender import send_due
from followup.settings import Settings
from followup.web.app import create_app
from tests.helpers import (
    T0,
    Console,
    Mailbox,
    add_secretary,
    assert_korean_page,
    deliveries,
    queue,
    sign_in,
)

TEAM = "통계조사팀"


def row_of(html: str, delivery_id: int) -> str:
    match = re.search(rf'<tr id="delivery-{delivery_id}">(.*?)</tr>', html, re.S)
    assert match, f"delivery {delivery_id} not on the page"
    return match.group(1)


def test_a_failed_delivery_shows_its_error_and_is_sent_again_after_confirming(
    mail: Settings, team_box: Mailbox
) -> None:
    once = mail.model_copy(update={"send_attempts": 1})  # one failed attempt fails it for good
    add_secretary(once)
    (notice,) = queue(once, 1, team=TEAM)
    outcome = send_due(once, now=T0)
    assert outcome.failed  # nothing listens on the team's port yet
    (delivery,) = [d for d in deliveries(once) if d.notification_id == notice]
    assert delivery.state == "failed"

    with TestClient(create_app(once), base_url="https://testserver") as client:
        console = Console(once, client)
        token = sign_in(client)
        page = client.get("/admin/outbox")
        assert_korean_page(page)
        row = row_of(page.text, delivery.id or 0)
        assert "실패" in row and f"{TEAM} 이행상황 알림 0" in row and "1회" in row
        assert "메일 서버가 연결을 받지 않습니다" in row and f"127.0.0.1:{team_box.port}" in row
        assert "Connection refused" in row
        assert f"tag:statistics (mailto://127.0.0.1:{team_box.port}/" in row  # where it goes
        assert "다시 보내기" in row

        team_box.up()
        form = {"csrf": token, "c": str(console.committee_id())}
        ask = client.post(f"/admin/outbox/{delivery.id}/retry", data=form)
        assert ask.status_code == 200 and "다시 보내기 확인" in ask.text
        assert f"{TEAM} 이행상황 알림 0" in ask.text and 'name="confirm" value="1"' in ask.text
        assert team_box.messages == []  # the first click sends nothing

        sent = client.post(f"/admin/outbox/{delivery.id}/retry", data={**form, "confirm": "1"})

        assert sent.status_code == 200
        assert f"배달 #{delivery.id}을 보냈습니다" in sent.text
        assert f'id="delivery-{delivery.id}"' not in sent.text
        assert "보내지 않은 알림이 없습니다" in sent.text
        assert [str(m["Subject"]) for m in team_box.messages] == [
            f"[위원회] {TEAM} 이행상황 알림 0"
        ]
        (after,) = [d for d in deliveries(once) if d.id == delivery.id]
        assert after.state == "sent"

        again = client.post(f"/admin/outbox/{delivery.id}/retry", data={**form, "confirm": "1"})
        assert again.status_code == 404
        assert f"배달 #{delivery.id}은 이 위원회의 발송 대기열에 없습니다" in again.text
        assert len(team_box.messages) == 1


def test_a_pending_delivery_shows_its_next_try_in_seoul_time_and_no_password(
    mail: Settings,
) -> None:
    add_secretary(mail)
    later = T0.replace(hour=23)  # 2024-06-04 08:00 in Seoul
    (plain,) = queue(mail, 1, team=TEAM, not_before=later)
    secret = "mailtos://followup:s3cret-pass@smtp.example.org?to=stats@example.org"
    (with_password,) = queue(mail, 1, team="빅데이터기획팀", targets=[secret], not_before=later)
    addressed = "mailto://127.0.0.1:2525?from=followup@example.org&to=open@example.org"
    (no_password,) = queue(mail, 1, team="빅데이터개방팀", targets=[addressed], not_before=later)
    with TestClient(create_app(mail), base_url="https://testserver") as client:
        sign_in(client)
        page = client.get("/admin/outbox").text
    shown = {d.notification_id: d.id or 0 for d in deliveries(mail)}
    assert addressed.replace("&", "&amp;") in row_of(page, shown[no_password])  # an @ in the query
    row = row_of(page, shown[plain])
    assert "대기" in row and "0회" in row and "2024. 6. 4.(화) 08:00" in row
    assert "다시 보내기" not in row  # nothing failed yet
    masked = row_of(page, shown[with_password])
    assert "mailtos://***@smtp.example.org" in masked and "s3cret" not in page
