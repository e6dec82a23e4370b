"""A team's requests (소관 아님, 기한 연장) from its page, and the secretary's decision through
the CLI as a secretary runs it: on a real database after a real pass over the sample."""

from __future__ import annotations

import re
from datetime import date

from sqlmodel import col, select
from typer.testing import CliRunner

from followup.cli import app
from followup.intake import announce
from models.db import session_scope
from models.tables import ChangeRequest, Notification, StatusUpdate, Team
from tests.helpers import OTHER, TEAM, Site, article, shown_ids

runner = CliRunner()
SECRETARY_NAME = "박간사"


def requests_of(site: Site) -> list[ChangeRequest]:
    with session_scope(site.settings.resolved_database_url) as session:
        return list(session.exec(select(ChangeRequest).order_by(col(ChangeRequest.id))))


def trail(site: Site, item_id: int, channel: str = "request") -> list[StatusUpdate]:
    with session_scope(site.settings.resolved_database_url) as session:
        return list(
            session.exec(
                select(StatusUpdate)
                .where(StatusUpdate.action_item_id == item_id, StatusUpdate.channel == channel)
                .order_by(col(StatusUpdate.id))
            )
        )


def notices(site: Site, kind: str) -> list[Notification]:
    with session_scope(site.settings.resolved_database_url) as session:
        return list(session.exec(select(Notification).where(Notification.kind == kind)))


def team_id(site: Site, name: str) -> int:
    with session_scope(site.settings.resolved_database_url) as session:
        row = session.exec(select(Team).where(Team.name == name)).one()
    assert row.id is not None
    return row.id


def test_a_transfer_request_is_stored_once_and_shown_as_pending(site: Site) -> None:
    token = site.token(TEAM)
    item = site.visible(TEAM)[0]
    path = f"/t/{token}/items/{item.id}/transfer"
    form = {"suggested_team": OTHER, "reason": "개방 포털 소관입니다", "reporter": "김담당"}

    first = site.client.post(path, data=form, follow_redirects=False)
    again = site.client.post(path, data=form, follow_redirects=False)

    assert first.status_code == again.status_code == 303
    assert first.headers["location"] == f"/t/{token}?requested={item.id}#item-{item.id}"
    assert again.headers["location"] == f"/t/{token}?pending={item.id}#item-{item.id}"
    (request,) = requests_of(site)
    assert (request.kind, request.state, request.suggested_team) == ("transfer", "open", OTHER)
    assert (request.reason, request.requested_by, request.action_item_id) == (
        "개방 포털 소관입니다",
        "김담당",
        item.id,
    )
    (row,) = trail(site, item.id or 0)
    assert (row.note, row.report_note, row.actor) == (
        f"transfer requested: {OTHER}",
        form["reason"],
        "김담당",
    )
    assert site.item(item.id or 0).team_id == team_id(site, TEAM)  # nothing moves before a decision

    page = site.client.get(again.headers["location"]).text
    shown = article(page, item.id or 0)
    assert f"소관 아님 요청(제안 부서: {OTHER})" in shown and "간사의 결정을 기다리는 중" in shown
    assert "같은 요청이 이미 접수되어" in page


def test_invalid_requests_are_refused_with_a_korean_message(site: Site) -> None:
    token = site.token(TEAM)
    item = site.visible(TEAM)[0]
    base = f"/t/{token}/items/{item.id}"
    who = {"reporter": "김담당"}
    cases = [
        ("transfer", {"suggested_team": TEAM, "reason": "x", **who}, "넘길 부서를"),
        ("transfer", {"suggested_team": "없는팀", "reason": "x", **who}, "넘길 부서를"),
        ("transfer", {"suggested_team": OTHER, "reason": " ", **who}, "사유를 적어"),
        ("transfer", {"suggested_team": OTHER, "reason": "x"}, "담당자 이름을"),
        ("extension", {"new_due": "2020-01-01", "reason": "x", **who}, "새 기한은"),
        ("extension", {"new_due": "내일", "reason": "x", **who}, "날짜를"),
        ("extension", {"new_due": "2099-01-01", "reason": "가" * 2001, **who}, "2,000자 이내로"),
    ]
    for kind, data, message in cases:
        response = site.client.post(f"{base}/{kind}", data=data)
        assert response.status_code == 422, (kind, data)
        assert message in response.text
        assert re.search(r'<details class="requests" open>', article(response.text, item.id or 0))
    assert requests_of(site) == []
    unknown = site.client.post(f"{base}/merge", data={"reason": "x"})
    assert unknown.status_code == 404 and "페이지를 찾을 수 없습니다" in unknown.text


def test_the_secretary_accepts_a_transfer_and_the_new_team_is_told(site: Site) -> None:
    token = site.token(TEAM)
    item = site.visible(TEAM)[0]
    site.client.post(
        f"/t/{token}/items/{item.id}/transfer",
        data={"suggested_team": OTHER, "reason": "개방 포털 소관", "reporter": "김담당"},
    )
    (request,) = requests_of(site)

    listed = runner.invoke(app, ["requests"], env={"COLUMNS": "240"})
    assert listed.exit_code == 0, listed.output
    assert "결정을 기다리는 요청 1건" in listed.output
    assert f"#{request.id}" in listed.output and "소관 아님" in listed.output
    assert OTHER in listed.output and "김담당" in listed.output

    accepted = runner.invoke(app, ["request", "accept", str(request.id), "--by", SECRETARY_NAME])
    assert accepted.exit_code == 0, accepted.output
    assert f"요청 #{request.id}(소관 아님, {TEAM})을 수락했습니다" in accepted.output
    moved = site.item(item.id or 0)
    assert moved.team_id == team_id(site, OTHER)
    assert moved.routing_reason == f"transferred:{SECRETARY_NAME}"
    assert moved.announced_at is None
    assert [r.state for r in requests_of(site)] == ["accepted"]
    assert [(r.note, r.actor) for r in trail(site, item.id or 0)][-1] == (
        f"transfer accepted: {OTHER}",
        SECRETARY_NAME,
    )
    (told,) = notices(site, "request_decided")
    assert (
        told.team_id == team_id(site, TEAM) and told.dedupe_key == f"request:{request.id}:accepted"
    )
    assert "수락" in told.subject and OTHER in told.body and "/t/" in told.body

    twice = runner.invoke(app, ["request", "accept", str(request.id), "--by", SECRETARY_NAME])
    assert twice.exit_code == 2 and "이미 수락되었습니다" in twice.output
    assert runner.invoke(app, ["requests"]).output.startswith("결정을 기다리는 요청이 없습니다")

    # The old team no longer sees it; the next pass tells the new team, with the reason.
    assert item.id not in shown_ids(site.client.get(f"/t/{token}").text)
    report = announce.announce_team(site.settings, team_id(site, OTHER))
    assert report.queued == 1
    with session_scope(site.settings.resolved_database_url) as session:
        new = session.exec(
            select(Notification)
            .where(Notification.team_id == team_id(site, OTHER), Notification.kind == "new_items")
            .order_by(col(Notification.id).desc())
        ).first()
    assert new is not None and moved.summary in new.body
    assert f"소관 아님 요청을 간사가 받아들여 재배정({SECRETARY_NAME})" in new.body
    theirs = site.client.get(f"/t/{site.token(OTHER)}").text
    assert f"재배정({SECRETARY_NAME})" in article(theirs, item.id or 0)
    assert "간사가 소관 아님 요청을 수락해" in article(theirs, item.id or 0)


def test_extension_accepted_moves_the_due_date_and_refusal_changes_nothing(site: Site) -> None:
    token = site.token(TEAM)
    first, second = site.visible(TEAM)[:2]
    for item, day in ((first, "2099-07-31"), (second, "2099-08-31")):
        response = site.client.post(
            f"/t/{token}/items/{item.id}/extension",
            data={"new_due": day, "reason": "예산 협의 중", "reporter": "김담당"},
            follow_redirects=False,
        )
        assert response.status_code == 303
    ext_first, ext_second = requests_of(site)

    ok = runner.invoke(app, ["request", "accept", str(ext_first.id), "--by", SECRETARY_NAME])
    no = runner.invoke(
        app,
        [
            "request",
            "refuse",
            str(ext_second.id),
            "--by",
            SECRETARY_NAME,
            "--note",
            "회의 전 보고 필요",
        ],
    )
    assert ok.exit_code == 0 and "기한은 2099. 7. 31.(금)입니다" in ok.output
    assert no.exit_code == 0 and "거절했습니다" in no.output

    extended = site.item(first.id or 0)
    assert extended.stated_due == extended.effective_due == date(2099, 7, 31)
    kept = site.item(second.id or 0)
    assert (kept.stated_due, kept.effective_due) == (second.stated_due, second.effective_due)
    assert [r.state for r in requests_of(site)] == ["accepted", "refused"]
    assert requests_of(site)[1].decision_note == "회의 전 보고 필요"
    told = {n.dedupe_key: n for n in notices(site, "request_decided")}
    assert set(told) == {f"request:{ext_first.id}:accepted", f"request:{ext_second.id}:refused"}
    assert "회의 전 보고 필요" in told[f"request:{ext_second.id}:refused"].body

    page = site.client.get(f"/t/{token}").text
    assert "2099. 7. 31.(금)" in article(page, first.id or 0)
    assert "기한 경과" not in article(page, first.id or 0)
    assert "간사가 기한 연장 요청을 받아들이지 않음" in article(page, second.id or 0)
    # A new request may follow a refused one.
    again = site.client.post(
        f"/t/{token}/items/{second.id}/extension",
        data={"new_due": "2099-09-30", "reason": "재요청", "reporter": "김담당"},
        follow_redirects=False,
    )
    assert again.headers["location"].startswith(f"/t/{token}?requested=")


def test_unknown_request_and_missing_name_are_clear_errors(site: Site) -> None:
    missing = runner.invoke(app, ["request", "accept", "999", "--by", SECRETARY_NAME])
    assert missing.exit_code == 2 and "요청 #999이(가) 없습니다" in missing.output
    nameless = runner.invoke(app, ["request", "refuse", "1", "--by", " "])
    assert nameless.exit_code == 2 and "이름(--by)" in nameless.output
