"""The secretary's console through its routes, on a real database after a real pass over the
sample minutes: sign-in and its protections, the dashboard, the item list, its exports, an
item's page and the committee's check."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import sqlalchemy as sa
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlmodel import col, select
from typer.testing import CliRunner

from followup.calendar import utc_now
from followup.cli import app as cli_app
from followup.loop.team_links import link_for
from followup.render import korean_date
from followup.web.app import create_app
from models.db import get_engine, session_scope
from models.tables import (
    ActionItem,
    LoginFailure,
    Notification,
    Secretary,
    Snapshot,
    StatusUpdate,
    Team,
)
from tests.helpers import (
    OTHER,
    PASSWORD,
    SAMPLE,
    SECRETARY,
    TEAM,
    Console,
    assert_korean_page,
    csrf,
    report_done,
    sign_in,
    visible,
)


def test_pages_without_a_session_go_to_sign_in(console: Console) -> None:
    item = console.items()[0]
    for path in (
        "/admin/",
        "/admin/items",
        f"/admin/items/{item.id}",
        "/admin/sessions",
        "/admin/items.xlsx",
        "/admin/items.csv",
    ):
        response = console.client.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"] == "/admin/login"
        assert item.summary not in response.text
    page = console.client.get("/admin/login")
    assert page.status_code == 200 and "간사 관리 화면 로그인" in page.text
    assert_korean_page(page)


def test_sign_in_sets_a_strict_http_only_secure_expiring_cookie_and_sign_out_ends_it(
    console: Console,
) -> None:
    page = console.client.get("/admin/login")
    response = console.client.post(
        "/admin/login",
        data={"csrf": csrf(page.text), "name": SECRETARY, "password": PASSWORD},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/admin/"
    cookie = response.headers["set-cookie"].lower()
    for flag in ("httponly", "samesite=strict", "secure", "path=/admin", "max-age=28800"):
        assert flag in cookie, flag
    board = console.client.get("/admin/")
    assert board.status_code == 200 and SECRETARY in board.text
    out = console.client.post(
        "/admin/logout", data={"csrf": csrf(board.text)}, follow_redirects=False
    )
    assert out.status_code == 303 and out.headers["location"] == "/admin/login"
    assert console.client.get("/admin/", follow_redirects=False).status_code == 303


def test_a_post_without_the_csrf_token_is_refused(console: Console) -> None:
    item = visible(console, TEAM)[0]
    other_team = console.team_id(OTHER)
    # Signing in needs the token too.
    console.client.get("/admin/login")
    refused = console.client.post("/admin/login", data={"name": SECRETARY, "password": PASSWORD})
    assert refused.status_code == 403 and "요청을 확인할 수 없습니다" in refused.text
    assert_korean_page(refused)

    token = sign_in(console.client)
    for data in ({"team": str(other_team)}, {"team": str(other_team), "csrf": token[:-1] + "x"}):
        response = console.client.post(f"/admin/items/{item.id}/reassign", data=data)
        assert response.status_code == 403
        assert_korean_page(response)
    assert console.item(item.id or 0).team_id == item.team_id

    ok = console.client.post(
        f"/admin/items/{item.id}/reassign", data={"team": str(other_team), "csrf": token}
    )
    assert ok.status_code == 200 and "다른 부서로 재배정했습니다" in ok.text
    moved = console.item(item.id or 0)
    assert moved.team_id == other_team and moved.announced_at is None
    with session_scope(console.settings.resolved_database_url) as session:
        trail = session.exec(
            select(StatusUpdate)
            .where(StatusUpdate.action_item_id == item.id)
            .order_by(col(StatusUpdate.id))
        ).all()
    assert (trail[-1].channel, trail[-1].actor) == ("review", SECRETARY)


def test_repeated_wrong_passwords_lock_the_account(console: Console) -> None:
    page = console.client.get("/admin/login")
    token = csrf(page.text)
    statuses = []
    for _ in range(5):
        response = console.client.post(
            "/admin/login", data={"csrf": token, "name": SECRETARY, "password": "wrong password"}
        )
        statuses.append(response.status_code)
    assert statuses == [401, 401, 401, 401, 429]
    assert "계정이 잠겼습니다" in response.text and "15분" in response.text
    right = console.client.post(
        "/admin/login",
        data={"csrf": token, "name": SECRETARY, "password": PASSWORD},
        follow_redirects=False,
    )
    assert right.status_code == 429 and "계정이 잠겼습니다" in right.text
    with session_scope(console.settings.resolved_database_url) as session:
        row = session.exec(select(LoginFailure).where(LoginFailure.name == SECRETARY)).one()
    assert (row.address, row.failures) == ("testclient", 5) and row.locked_until is not None
    # An unknown name is told apart from a wrong password by nothing.
    unknown = console.client.post(
        "/admin/login", data={"csrf": token, "name": "누구", "password": "wrong password"}
    )
    assert unknown.status_code == 401 and "이름 또는 비밀번호가 올바르지 않습니다" in unknown.text


def count_queries(console: Console, path: str) -> int:
    engine = get_engine(console.settings.resolved_database_url)
    seen: list[str] = []

    def count(*args: object) -> None:
        seen.append(str(args[2]))

    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        assert console.client.get(path).status_code == 200
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def test_dashboard_counts_rates_overdue_and_charts_in_a_fixed_number_of_queries(
    console: Console,
) -> None:
    sign_in(console.client)  # lands on the dashboard, rendered and kept
    with session_scope(console.settings.resolved_database_url) as session:
        # A row the page does not show (a snapshot older than the trend): the page is built
        # again, as after any change.
        session.add(
            Snapshot(
                committee_id=console.committee_id(),
                team_id=console.team_id(TEAM),
                taken_on=date(2000, 1, 1),
                status="open",
                count=1,
            )
        )
    before = count_queries(console, "/admin/")
    mine = visible(console, TEAM)
    report_done(console, mine[0])
    with session_scope(console.settings.resolved_database_url) as session:
        team_ids = [t.id for t in session.exec(select(Team))]
        today = date.today()
        for day in range(5):
            for team_id in team_ids:
                session.add(
                    Snapshot(
                        committee_id=console.committee_id(),
                        team_id=team_id or 0,
                        taken_on=today - timedelta(days=5 - day),
                        status="open",
                        count=3 + day,
                    )
                )
    after = count_queries(console, "/admin/")
    assert after == before  # reports and snapshots add rows, not queries

    html = console.client.get("/admin/").text
    announced = [
        i
        for i in console.items(TEAM)
        if i.announced_at is not None and i.status in ("open", "in_progress", "done", "explained")
    ]
    row = re.search(rf">{TEAM}</a></td>(.*?)</tr>", html, re.S)
    assert row, "the team's row"
    cells = re.findall(r'<td class="num"[^>]*>([^<]*)</td>', row.group(1))
    rate = round(100 / len(announced))
    assert cells[2] == "1" and f"{rate}% (1/{len(announced)})" in row.group(1)
    assert '<ul class="chart bars"' in html and '<svg class="chart trend"' in html
    assert "<script" not in html
    assert (
        "기한 경과" in html and f"/admin/items/{mine[1].id}" in html
    )  # the sample's due date is past
    assert "2023년 2차 빅데이터심의위원회" in html


def team_cells(html: str, team: str) -> list[str]:
    """The numbers in a team's row of the dashboard's table (statuses, total, rate)."""
    row = re.search(rf">{team}</a></td>(.*?)</tr>", html, re.S)
    assert row, f"the row of {team}"
    return re.findall(r'<td class="num"[^>]*>([^<]*)</td>', row.group(1))


def test_the_dashboard_is_sent_again_only_while_nothing_changed(console: Console) -> None:
    """Viewed again with nothing changed, the dashboard is the page rendered before (on
    SQLite: the sign-in's queries, nothing else); a report through a
    team's link, another process's commit and the secretary's own change show at once."""
    sign_in(console.client)
    url = console.settings.resolved_database_url
    mine = visible(console, TEAM)
    done = int(team_cells(console.client.get("/admin/").text, TEAM)[2])

    report_done(console, mine[0])
    built = count_queries(console, "/admin/")
    if url.startswith("sqlite"):
        assert count_queries(console, "/admin/") <= 4 < built  # the sign-in's own
    assert int(team_cells(console.client.get("/admin/").text, TEAM)[2]) == done + 1

    other = sa.create_engine(url)  # its own connections, as another process would have
    try:
        with other.begin() as connection:
            connection.execute(
                sa.update(ActionItem)
                .where(col(ActionItem.id) == mine[1].id)
                .values(status="done", reported_at=utc_now())
            )
    finally:
        other.dispose()
    assert int(team_cells(console.client.get("/admin/").text, TEAM)[2]) == done + 2

    total = int(team_cells(console.client.get("/admin/").text, TEAM)[4])
    page = console.client.get(f"/admin/items/{mine[2].id}").text
    moved = console.client.post(
        f"/admin/items/{mine[2].id}/reassign",
        data={"csrf": csrf(page), "team": str(console.team_id(OTHER))},
        follow_redirects=False,
    )
    assert moved.status_code == 303
    assert int(team_cells(console.client.get("/admin/").text, TEAM)[4]) == total - 1


def test_the_item_list_filters_searches_and_exports_the_same_rows(console: Console) -> None:
    sign_in(console.client)
    team_id = console.team_id(TEAM)
    mine = [i for i in console.items(TEAM) if i.status in ("open", "in_progress")]
    listed = console.client.get(f"/admin/items?team={team_id}")
    assert listed.status_code == 200
    ids = [int(n) for n in re.findall(r'<tr id="row-(\d+)">', listed.text)]
    assert sorted(ids) == sorted(i.id for i in mine)

    word = mine[0].summary.split()[0]
    searched = console.client.get("/admin/items", params={"q": word})
    found = {int(n) for n in re.findall(r'<tr id="row-(\d+)">', searched.text)}
    expected = {
        i.id
        for i in console.items()
        if i.status in ("open", "in_progress", "done", "explained")
        and (word in i.summary or word in i.source_text)
    }
    assert found == expected and mine[0].id in found

    review = console.client.get("/admin/items?review=1")
    assert {int(n) for n in re.findall(r'<tr id="row-(\d+)">', review.text)} == {
        i.id for i in console.items() if i.review == "pending" and i.status == "open"
    }
    none = console.client.get("/admin/items", params={"q": "%_없는 말%"})
    assert "조건에 맞는 후속조치가 없습니다" in none.text

    xlsx = console.client.get(f"/admin/items.xlsx?team={team_id}")
    assert xlsx.status_code == 200 and "attachment" in xlsx.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("번호", "회의", "회의일", "안건", "담당부서")
    assert sorted(r[0] for r in rows[1:]) == sorted(i.id for i in mine)
    assert {r[4] for r in rows[1:]} == {TEAM} and {r[8] for r in rows[1:]} <= {"미착수", "추진 중"}
    by_id = {r[0]: r for r in rows[1:]}
    assert by_id[mine[0].id][6] == mine[0].summary and by_id[mine[0].id][14] == mine[0].source_text

    raw = console.client.get(f"/admin/items.csv?team={team_id}").content
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert table[0][0] == "번호" and sorted(int(r[0]) for r in table[1:]) == sorted(
        i.id for i in mine
    )


def test_an_item_page_shows_the_source_lines_reason_and_trail(console: Console) -> None:
    sign_in(console.client)
    item = visible(console, TEAM)[0]
    page = console.client.get(f"/admin/items/{item.id}")
    assert page.status_code == 200
    quoted = re.findall(r'<div class="quoted"><span class="n">(\d+)</span>', page.text)
    assert [int(n) for n in quoted] == list(range(item.line_start, item.line_end + 1))
    numbers = [int(n) for n in re.findall(r'<span class="n">(\d+)</span>', page.text)]
    assert numbers[0] == max(item.line_start - 3, 1) and numbers[-1] == item.line_end + 3
    assert SAMPLE.name in page.text and "회의록 추출" in page.text
    assert "keywords" not in page.text and "named in the text" not in page.text  # reason in Korean

    (console.settings.inbox / "approved" / SAMPLE.name).unlink()
    gone = console.client.get(f"/admin/items/{item.id}")
    assert gone.status_code == 200 and "찾거나 읽을 수 없어" in gone.text
    assert item.source_text in gone.text


def test_the_committee_check_closes_or_reopens_and_tells_the_team(console: Console) -> None:
    token = sign_in(console.client)
    first, second = visible(console, TEAM)[:2]
    report_done(console, first)
    report_done(console, second)

    adequate = console.client.post(
        f"/admin/items/{first.id}/check", data={"csrf": token, "result": "adequate"}
    )
    assert adequate.status_code == 200 and "위원회 확인: 적정" in adequate.text
    closed = console.item(first.id or 0)
    assert (closed.status, closed.check_result, closed.checked_by) == (
        "done",
        "adequate",
        SECRETARY,
    )

    no_reason = console.client.post(
        f"/admin/items/{second.id}/check",
        data={"csrf": token, "result": "insufficient", "reason": " "},
    )
    assert no_reason.status_code == 422 and "미흡으로 판단한 사유를 적어 주십시오" in no_reason.text
    assert console.item(second.id or 0).status == "done"

    reason = "실적 자료가 없어 완료로 볼 수 없습니다"
    reopened = console.client.post(
        f"/admin/items/{second.id}/check",
        data={"csrf": token, "result": "insufficient", "reason": reason},
    )
    assert (
        reopened.status_code == 200
        and "위원회 확인: 미흡" in reopened.text
        and reason in reopened.text
    )
    row = console.item(second.id or 0)
    assert (row.status, row.check_result, row.checked_by) == (
        "in_progress",
        "insufficient",
        SECRETARY,
    )
    with session_scope(console.settings.resolved_database_url) as session:
        (notice,) = session.exec(select(Notification).where(Notification.kind == "check")).all()
        trail = session.exec(select(StatusUpdate).where(StatusUpdate.channel == "check")).all()
    assert notice.team_id == second.team_id and reason in notice.body and "이월" in notice.body
    assert "https://followup.example.org/t/" in notice.body and "미흡" in notice.subject
    assert [(t.action_item_id, t.new_status, t.actor) for t in trail] == [
        (first.id, "done", SECRETARY),
        (second.id, "in_progress", SECRETARY),
    ]
    # It stays open, so the list of carried-over and open items has it.
    assert (
        f'<tr id="row-{second.id}">' in console.client.get("/admin/items?status=in_progress").text
    )
    # Checking it again (nothing reported since) is refused and tells no one twice.
    again = console.client.post(
        f"/admin/items/{second.id}/check",
        data={"csrf": token, "result": "insufficient", "reason": reason},
    )
    assert again.status_code == 422
    with session_scope(console.settings.resolved_database_url) as session:
        assert (
            len(session.exec(select(Notification).where(Notification.kind == "check")).all()) == 1
        )


def test_sessions_can_be_added_and_a_team_notice_resent(console: Console) -> None:
    token = sign_in(console.client)
    day = date.today() + timedelta(days=40)
    added = console.client.post(
        "/admin/sessions",
        data={"csrf": token, "c": str(console.committee_id()), "held_on": day.isoformat()},
    )
    assert added.status_code == 200 and "회의 일정을 추가했습니다" in added.text
    assert "← 다음 회의" in added.text and "회의 전 알림(모든 부서)" in added.text
    past = console.client.post(
        "/admin/sessions",
        data={"csrf": token, "c": str(console.committee_id()), "held_on": "2020-01-01"},
    )
    assert past.status_code == 422 and "지난 날짜" in past.text

    team_id = console.team_id(TEAM)
    with session_scope(console.settings.resolved_database_url) as session:
        before = session.exec(select(Notification).where(Notification.team_id == team_id)).all()
    resent = console.client.post(
        f"/admin/notices/{team_id}/resend",
        data={"csrf": token, "c": str(console.committee_id()), "confirm": "1"},
    )
    assert resent.status_code == 200 and "다시 보내도록" in resent.text
    with session_scope(console.settings.resolved_database_url) as session:
        after = session.exec(
            select(Notification)
            .where(Notification.team_id == team_id)
            .order_by(col(Notification.id))
        ).all()
    assert len(after) == len(before) + 1
    copy = after[-1]
    assert copy.step.startswith("resend:") and copy.sent_at is None
    assert (copy.kind, copy.subject, copy.targets) == (
        before[-1].kind,
        before[-1].subject,
        before[-1].targets,
    )
    # Rendered again: it now names the session just added, which the first notice could not.
    assert korean_date(day) in copy.body and korean_date(day) not in before[-1].body


def test_secretary_add_from_the_command_line(console: Console) -> None:
    runner = CliRunner()
    result = runner.invoke(
        cli_app,
        ["secretary", "add", "이은경", "--committee", "빅데이터심의위원회", "--password-stdin"],
        input="another long password\n",
    )
    assert result.exit_code == 0, result.output
    assert "이은경: 서울특별시 빅데이터심의위원회" in result.output
    short = runner.invoke(
        cli_app,
        ["secretary", "add", "김철수", "--committee", "빅데이터심의위원회", "--password-stdin"],
        input="short\n",
    )
    assert short.exit_code == 2 and "10자 이상" in short.output
    sign_in(console.client, "이은경", "another long password")
    with session_scope(console.settings.resolved_database_url) as session:
        stored = session.exec(select(Secretary).where(Secretary.name == "이은경")).one()
    assert stored.password_hash.startswith("$argon2id$")


def test_one_committees_secretary_cannot_see_or_change_anothers_items(
    two_committees: Console,
) -> None:
    console = two_committees
    item = visible(console, TEAM)[0]
    token = sign_in(console.client, "청년간사", "youth password 1")
    board = console.client.get("/admin/")
    assert "서울특별시 청년정책위원회" in board.text and item.summary not in board.text
    assert console.client.get(f"/admin/items/{item.id}").status_code == 404
    listed = console.client.get(f"/admin/items?c={console.committee_id()}")
    assert item.summary not in listed.text and "조건에 맞는 후속조치가 없습니다" in listed.text
    xlsx = console.client.get(f"/admin/items.xlsx?c={console.committee_id()}")
    assert len(list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows())) == 1
    for action, data in (
        ("reassign", {"team": str(console.team_id(OTHER))}),
        ("reject", {}),
        ("edit", {"summary": "바꿈"}),
    ):
        response = console.client.post(
            f"/admin/items/{item.id}/{action}", data={"csrf": token, **data}
        )
        assert response.status_code == 404
        assert_korean_page(response)
    assert console.item(item.id or 0) == item

    # The other committee's secretary, side by side, sees and changes their own.
    with TestClient(create_app(console.settings), base_url="https://testserver") as theirs:
        mine = sign_in(theirs)
        assert theirs.get(f"/admin/items/{item.id}").status_code == 200
        ok = theirs.post(
            f"/admin/items/{item.id}/edit", data={"csrf": mine, "summary": "요약을 고침"}
        )
        assert ok.status_code == 200 and console.item(item.id or 0).summary == "요약을 고침"


def test_the_next_reminders_and_the_digest_are_previewed_and_the_digest_sent_now(
    console: Console,
) -> None:
    token = sign_in(console.client)
    day = date.today() + timedelta(days=40)
    console.client.post(
        "/admin/sessions",
        data={"csrf": token, "c": str(console.committee_id()), "held_on": day.isoformat()},
    )
    page = console.client.get(f"/admin/preview?c={console.committee_id()}")
    assert page.status_code == 200
    assert_korean_page(page)
    assert "회의 전 조치결과 현황" in page.text and "report-" in page.text
    assert f"{TEAM} · " in page.text and "이행상황 입력 요청" in page.text
    with session_scope(console.settings.resolved_database_url) as session:
        assert not session.exec(select(Notification).where(Notification.kind == "digest")).all()

    sent = console.client.post(
        "/admin/digest/send", data={"csrf": token, "c": str(console.committee_id())}
    )
    assert sent.status_code == 200 and "종합 보고를 간사에게 보냈습니다" in sent.text
    with session_scope(console.settings.resolved_database_url) as session:
        (digest,) = session.exec(select(Notification).where(Notification.kind == "digest")).all()
    assert digest.status == "sent" and digest.html


def test_a_reissued_link_replaces_the_old_one_at_once(console: Console) -> None:
    token = sign_in(console.client)
    team_id = console.team_id(TEAM)
    with session_scope(console.settings.resolved_database_url) as session:
        team = session.get(Team, team_id)
        assert team is not None
        old = link_for(console.settings, team, now=utc_now())
    path = "/" + old.split("/", 3)[3]
    assert console.client.get(path).status_code == 200
    done = console.client.post(
        f"/admin/teams/{team_id}/reissue",
        data={"csrf": token, "c": str(console.committee_id()), "confirm": "1"},
    )
    assert done.status_code == 200 and "링크를 새로 발급해 보냈습니다" in done.text
    assert console.client.get(path).status_code == 403
    with session_scope(console.settings.resolved_database_url) as session:
        (notice,) = session.exec(
            select(Notification).where(Notification.team_id == team_id, Notification.kind == "link")
        ).all()
    (new,) = re.findall(r"https://followup\.example\.org/t/\S+", notice.body)
    assert new != old and notice.status == "sent"
    assert console.client.get("/" + new.split("/", 3)[3]).status_code == 200
