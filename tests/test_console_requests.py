"""The secretary decides the teams' requests (소관 아님, 기한 연장) in the console: a team asks
through its own page, the secretary accepts or refuses on /admin/requests, the item changes
and the team gets the decision by mail (aiosmtpd on 127.0.0.1)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlmodel import select

from models.db import session_scope
from models.tables import ActionItem, ChangeRequest, Team
from tests.helpers import (
    OTHER,
    TEAM,
    Console,
    Mailbox,
    assert_korean_page,
    sign_in,
    team_asks,
    visible,
)


def open_ids(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<section class="card" id="request-(\d+)">', html)]


def request_state(console: Console, request_id: int) -> str:
    with session_scope(console.settings.resolved_database_url) as session:
        row = session.get(ChangeRequest, request_id)
    assert row is not None
    return row.state


def later_date(console: Console, item_id: int) -> date:
    """A new due date the team page takes: after the item's and after today."""
    due = console.item(item_id).effective_due
    return max(due or date.today(), date.today()) + timedelta(days=30)


def decide(console: Console, token: str, request_id: int, do: str, note: str = "") -> str:
    response = console.client.post(
        f"/admin/requests/{request_id}",
        data={"csrf": token, "c": str(console.committee_id()), "do": do, "note": note},
    )
    assert response.status_code == 200, response.text
    assert_korean_page(response)
    return response.text


def mail_about(box: Mailbox, item_id: int, words: str) -> str:
    """The one mail the team got about the decision on item ``item_id``: its text."""
    found = [m for m in box.messages if f"No. {item_id} {words}" in str(m["Subject"])]
    assert len(found) == 1, box.subjects()
    body = found[0].get_body(preferencelist=("plain",))
    assert body is not None
    return str(body.get_content())


def first_item(console: Console, box: Mailbox) -> ActionItem:
    """The first item the team sees, its mail server up to receive the decision."""
    box.up()
    return visible(console, TEAM)[0]


def test_accepting_a_transfer_moves_the_item_and_tells_the_team(
    mail_console: Console, team_box: Mailbox
) -> None:
    console = mail_console
    item = first_item(console, team_box)
    team_asks(console, item, "transfer", suggested_team=OTHER, reason="개방 포털 소관입니다")
    token = sign_in(console.client)

    page = console.client.get(f"/admin/requests?c={console.committee_id()}")
    assert_korean_page(page)
    (request_id,) = open_ids(page.text)
    card = page.text.split(f'id="request-{request_id}"', 1)[1]
    for shown in ("소관 아님", f"No. {item.id}</a>", TEAM, OTHER, "개방 포털 소관입니다", "김담당"):
        assert shown in card, shown
    assert 'aria-label="결정을 기다리는 요청 1건"' in page.text  # the count in the navigation

    done = decide(console, token, request_id, "accept", "개방팀이 맡아 주십시오")

    assert f"요청 #{request_id}(소관 아님, {TEAM})을 수락했습니다" in done
    assert f"No. {item.id} 항목은 {OTHER}으로 옮겨졌고" in done
    assert f"{TEAM}에 결정을 알렸습니다" in done
    assert open_ids(done) == [] and "결정을 기다리는 요청이 없습니다" in done
    assert "결정을 기다리는 요청 1건" not in done
    assert console.item(item.id or 0).team_id == console.team_id(OTHER)
    text = mail_about(team_box, item.id or 0, "소관 아님(이관) 요청 수락 안내")
    assert f"이 항목은 {OTHER}으로 넘어갔으며" in text
    assert "간사 의견: 개방팀이 맡아 주십시오" in text


def test_accepting_an_extension_sets_the_new_due_date(
    mail_console: Console, team_box: Mailbox
) -> None:
    console = mail_console
    item = first_item(console, team_box)
    new_due = later_date(console, item.id or 0)
    team_asks(console, item, "extension", new_due=new_due.isoformat(), reason="예산 협의 중")
    token = sign_in(console.client)
    page = console.client.get("/admin/requests").text
    (request_id,) = open_ids(page)
    assert "기한 연장" in page and "예산 협의 중" in page
    shown = f"{new_due.year}. {new_due.month}. {new_due.day}."
    assert shown in page.split(f'id="request-{request_id}"', 1)[1]

    done = decide(console, token, request_id, "accept")

    assert f"요청 #{request_id}(기한 연장, {TEAM})을 수락했습니다" in done
    assert f"No. {item.id} 항목의 기한은 {shown}" in done
    assert console.item(item.id or 0).effective_due == new_due
    assert console.item(item.id or 0).team_id == item.team_id
    assert shown in mail_about(team_box, item.id or 0, "기한 연장 요청 수락 안내")


@pytest.mark.parametrize("kind", ["transfer", "extension"])
def test_refusing_needs_a_reason_keeps_the_item_and_tells_the_team(
    mail_console: Console, team_box: Mailbox, kind: str
) -> None:
    console = mail_console
    item = first_item(console, team_box)
    asked = {"suggested_team": OTHER} if kind == "transfer" else {}
    if kind == "extension":
        asked["new_due"] = later_date(console, item.id or 0).isoformat()
    team_asks(console, item, kind, **asked)
    token = sign_in(console.client)
    (request_id,) = open_ids(console.client.get("/admin/requests").text)

    bare = console.client.post(
        f"/admin/requests/{request_id}",
        data={"csrf": token, "c": str(console.committee_id()), "do": "refuse", "note": "  "},
    )
    assert bare.status_code == 422
    assert "거절하려면 부서에 전할 사유를 간사 의견에 적어 주십시오" in bare.text
    assert request_state(console, request_id) == "open" and open_ids(bare.text) == [request_id]

    done = decide(console, token, request_id, "refuse", "이번 회의까지 보고해 주십시오")

    assert "을 거절했습니다. 항목은 그대로입니다." in done
    after = console.item(item.id or 0)
    assert (after.team_id, after.effective_due) == (item.team_id, item.effective_due)
    assert request_state(console, request_id) == "refused"
    words = "소관 아님(이관) 요청 거절 안내" if kind == "transfer" else "기한 연장 요청 거절 안내"
    assert "간사 의견: 이번 회의까지 보고해 주십시오" in mail_about(team_box, item.id or 0, words)


def test_a_decided_request_or_an_unknown_one_is_refused_in_korean(console: Console) -> None:
    item = visible(console, TEAM)[0]
    team_asks(console, item, "transfer", suggested_team=OTHER)
    token = sign_in(console.client)
    (request_id,) = open_ids(console.client.get("/admin/requests").text)
    decide(console, token, request_id, "accept")
    form = {"csrf": token, "c": str(console.committee_id()), "do": "refuse", "note": "다시"}

    again = console.client.post(f"/admin/requests/{request_id}", data=form)
    assert again.status_code == 409
    assert f"요청 #{request_id}은(는) 이미 수락되었습니다" in again.text
    assert request_state(console, request_id) == "accepted"
    for wrong in ("999999", "0", "x", "99999999999999999999"):
        missing = console.client.post(f"/admin/requests/{wrong}", data=form)
        assert missing.status_code == 404, wrong
        assert "이 위원회의 요청에서 찾을 수 없습니다" in missing.text
    odd = console.client.post(f"/admin/requests/{request_id}", data={**form, "do": "delete"})
    assert odd.status_code == 422 and "수락 또는 거절을 골라 주십시오" in odd.text


def test_another_committees_request_is_refused(two_committees: Console) -> None:
    console = two_committees
    item = visible(console, TEAM)[0]
    team_asks(console, item, "transfer", suggested_team=OTHER)
    with session_scope(console.settings.resolved_database_url) as session:
        youth = session.exec(select(Team).where(Team.name == "청년일자리팀")).one().committee_id
        (request,) = session.exec(select(ChangeRequest)).all()
    token = sign_in(console.client, "청년간사", "youth password 1")

    listed = console.client.get("/admin/requests")
    assert listed.status_code == 200 and "결정을 기다리는 요청이 없습니다" in listed.text
    own = {"csrf": token, "c": str(youth), "do": "accept", "note": ""}
    refused = console.client.post(f"/admin/requests/{request.id}", data=own)
    assert refused.status_code == 404
    assert f"요청 #{request.id}을 이 위원회의 요청에서 찾을 수 없습니다" in refused.text
    theirs = {**own, "c": str(console.committee_id())}
    assert console.client.post(f"/admin/requests/{request.id}", data=theirs).status_code == 403
    assert request_state(console, request.id or 0) == "open"
    assert console.item(item.id or 0).team_id == item.team_id
