"""The team app under abuse: every error a Korean page with the security headers, ids out of
range, other sites' forms, revoked and forged links, a fuzz over routes, methods, headers and
bodies, a fixed number of queries per page, tokens kept out of the logs, private files."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sqlmodel import select

from followup import store
from followup.calendar import utc_now
from followup.committee import cached_committee, configured_committees
from followup.errors import FollowupError
from followup.loop import team_links
from followup.loop.signing import link_secret, sign_team_link
from followup.settings import Settings
from followup.web.app import create_app
from models.db import get_engine, session_scope
from models.tables import ActionItem, Meeting, MinutesFile, StatusUpdate, Team
from tests.helpers import OTHER, TEAM, Site, article, free_port, shown_ids

HEADERS = ("cache-control", "referrer-policy", "x-frame-options", "content-security-policy")


def assert_korean_page(response: object, status: int, text: str) -> None:
    assert response.status_code == status  # type: ignore[attr-defined]
    headers = response.headers  # type: ignore[attr-defined]
    assert headers["content-type"].startswith("text/html")
    for name in HEADERS:
        assert name in headers, name
    assert "server" not in headers
    assert text in response.text  # type: ignore[attr-defined]
    assert '<html lang="ko">' in response.text  # type: ignore[attr-defined]


def test_every_error_is_a_korean_page_with_the_headers(site: Site) -> None:
    token = site.token(TEAM)
    item = site.visible(TEAM)[0]
    client = site.client
    assert_korean_page(client.get("/nowhere"), 404, "페이지를 찾을 수 없습니다")
    assert_korean_page(client.put("/healthz"), 405, "허용되지 않는 요청입니다")
    assert_korean_page(client.delete(f"/t/{token}"), 405, "허용되지 않는 요청입니다")
    big = client.post(f"/t/{token}/items/{item.id}", data={"note": "가" * 30_000})
    assert_korean_page(big, 413, "저장하지 못했습니다")
    bad = client.post(f"/t/{token}/items/{item.id}", data={"status": "x", "reporter": "김"})
    assert_korean_page(bad, 422, "진행 상황을 하나 골라 주십시오")
    for huge in ("9223372036854775808", str(2**31), "0", "-1", "1e3", "١٢"):
        response = client.post(f"/t/{token}/items/{huge}", data={"status": "done"})
        assert_korean_page(response, 404, "해당 후속조치를 찾을 수 없습니다")
        assert_korean_page(client.get(f"/t/{token}/items/{huge}"), 404, "찾을 수 없습니다")
    assert client.get(f"/t/{token}?saved=9223372036854775808").status_code == 200


def test_a_broken_database_gives_a_korean_500_page(site: Site) -> None:
    token = site.token(TEAM)
    with TestClient(create_app(site.settings), raise_server_exceptions=False) as client:
        with get_engine(site.settings.resolved_database_url).begin() as connection:
            connection.execute(sa.text("DROP TABLE change_request"))
        # A missing table fails every time: the page does not say "try again later".
        page = client.get(f"/t/{token}")
        assert_korean_page(page, 500, "다시 시도해도 같은 오류가 날 것입니다")
        assert "일시적" not in page.text


def test_a_form_sent_from_another_site_is_refused(site: Site) -> None:
    token = site.token(TEAM)
    item = site.visible(TEAM)[0]
    form = {"status": "done", "note": "x", "reporter": "김담당"}
    path = f"/t/{token}/items/{item.id}"
    for header in (
        {"origin": "https://evil.example"},
        {"origin": "null"},
        {"referer": "https://evil.example/page"},
        {"origin": "https://followup.example.org.evil.example"},
    ):
        response = site.client.post(path, data=form, headers=header)
        assert_korean_page(response, 403, "다른 사이트에서 보낸 입력은 받지 않습니다")
    assert site.item(item.id or 0).status == "open"
    ours = site.client.post(
        path, data=form, headers={"origin": "https://followup.example.org"}, follow_redirects=False
    )
    assert ours.status_code == 303 and site.item(item.id or 0).status == "done"


def test_revoked_forged_and_cross_team_links_get_403_and_no_data(site: Site) -> None:
    old = site.token(TEAM)
    item = site.visible(TEAM)[0]
    with session_scope(site.settings.resolved_database_url) as session:
        team = session.exec(select(Team).where(Team.name == TEAM)).one()
        assert team.id is not None
        before = team_links.current_link(session, site.settings, team.id, utc_now())
        new = team_links.reissue_link(session, site.settings, team.id, "박간사", utc_now())
    legacy_payload = sign_team_link(
        link_secret(site.settings),
        team_id=team.id,
        committee_id=team.committee_id,
        version=1,
        expires=utc_now() + timedelta(days=1),
    )
    other = site.token(OTHER)
    forged = f"{other.split('.')[0]}.{old.split('.')[1]}"
    for token in (old, before.rsplit("/", 1)[1], legacy_payload, forged, "x" * 300):
        for response in (
            site.client.get(f"/t/{token}"),
            site.client.post(f"/t/{token}/items/{item.id}", data={"status": "done"}),
            site.client.post(
                f"/t/{token}/items/{item.id}/transfer",
                data={"suggested_team": OTHER, "reason": "x", "reporter": "y"},
            ),
        ):
            assert_korean_page(response, 403, "링크가 만료되었거나 올바르지 않습니다")
            assert item.summary not in response.text
    assert new.startswith("https://followup.example.org/t/")
    fresh = site.client.get(new.removeprefix("https://followup.example.org"))
    assert fresh.status_code == 200 and item.id in shown_ids(fresh.text)
    # Another team's token never shows this team's item.
    theirs = site.client.post(f"/t/{other}/items/{item.id}", data={"status": "done"})
    assert theirs.status_code == 404 and item.summary not in theirs.text
    assert site.item(item.id or 0).status == "open"


def test_page_views_are_recorded(site: Site) -> None:
    token = site.token(TEAM)
    site.client.get(f"/t/{token}")
    with session_scope(site.settings.resolved_database_url) as session:
        team = session.exec(select(Team).where(Team.name == TEAM)).one()
        untouched = session.exec(select(Team).where(Team.name == OTHER)).one()
    assert team.link_opened_at is not None and team.last_seen_at is not None
    assert untouched.link_opened_at is None and untouched.last_seen_at is None


ROUTES = [
    "/",
    "/healthz",
    "/t/{token}",
    "/t/{token}/items/{id}",
    "/t/{token}/items/{id}/{kind}",
    "/t/{token}/{kind}",
    "/docs",
    "/openapi.json",
    "/t/",
    "/t/{token}/items/",
]


@pytest.fixture
def fuzz_client(site: Site) -> Iterator[tuple[TestClient, str, int]]:
    with TestClient(create_app(site.settings), raise_server_exceptions=False) as client:
        yield client, site.token(TEAM), site.visible(TEAM)[0].id or 0


def test_fuzz_no_response_is_a_server_error(fuzz_client: tuple[TestClient, str, int]) -> None:
    client, token, item_id = fuzz_client
    text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
    header_text = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=40)

    @hypothesis_settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        route=st.sampled_from(ROUTES),
        method=st.sampled_from(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]),
        token_choice=st.one_of(
            st.just(token), text.filter(lambda t: "/" not in t and "?" not in t and "#" not in t)
        ),
        item=st.one_of(st.just(str(item_id)), st.integers().map(str), text),
        kind=st.sampled_from(["transfer", "extension", "x", ""]),
        content_type=st.sampled_from(
            [
                "application/x-www-form-urlencoded",
                "application/json",
                "text/plain",
                "",
                "multipart/form-data",
            ]
        ),
        origin=st.one_of(st.none(), st.just("https://followup.example.org"), header_text),
        form=st.dictionaries(
            st.sampled_from(
                [
                    "status",
                    "note",
                    "planned_on",
                    "reporter",
                    "suggested_team",
                    "reason",
                    "new_due",
                    "x",
                ]
            ),
            text,
            max_size=8,
        ),
        raw=st.one_of(st.none(), st.binary(max_size=200)),
    )
    def check(route, method, token_choice, item, kind, content_type, origin, form, raw):  # type: ignore[no-untyped-def]
        path = route.format(token=token_choice, id=item, kind=kind)
        path = "".join(ch if ch.isprintable() and ch not in " \\" else "_" for ch in path)
        headers = {"content-type": content_type} if content_type else {}
        if origin is not None:
            headers["origin"] = origin
        if raw is not None:
            body = raw
        else:
            from urllib.parse import urlencode

            body = urlencode(form).encode()
        try:
            response = client.request(method, path, content=body, headers=headers)
        except (ValueError, UnicodeError):  # a URL the client itself refuses to send
            return
        assert response.status_code < 500, (method, path, response.status_code)
        assert "server" not in response.headers
        assert response.headers["cache-control"] == "no-store"

    check()


def seed_items(settings: Settings, count: int) -> tuple[str, int]:
    """A team with ``count`` items, each with a report, a trail, an open request and a
    repeat link; returns (the team's token path, the team id)."""
    now = utc_now()
    committee = configured_committees(settings)[0]
    url = settings.resolved_database_url
    with session_scope(url) as session:
        ids = store.ensure_committee(session, committee=committee)
        team_id = ids.teams[TEAM]
        meeting = Meeting(
            committee_id=ids.committee_id, title=f"회의 {count}", held_on=date(2024, 1, 5)
        )
        session.add(meeting)
        session.flush()
        file = MinutesFile(path=f"seed-{count}.md", status="approved")
        session.add(file)
        session.flush()
        previous = None
        for n in range(count):
            item = ActionItem(
                minutes_file_id=file.id or 0,
                meeting_id=meeting.id or 0,
                natural_key=f"k{n}",
                kind="recommendation",
                summary=f"요청 {n}",
                source_text="원문",
                line_start=n,
                line_end=n,
                speaker="위원 홍길동",
                speaker_role="member",
                team_id=team_id,
                routing_reason="keywords: 사일로",
                status=("open", "in_progress", "done", "explained")[n % 4],
                report_note="조치",
                reporter="김담당",
                reported_at=now,
                repeats_item_id=previous,
            )
            session.add(item)
            session.flush()
            previous = item.id
            session.add(
                StatusUpdate(
                    action_item_id=item.id or 0,
                    new_status=item.status,
                    channel="link",
                    actor="김담당",
                    report_note="조치",
                )
            )
            store.add_change_request(
                session,
                item_id=item.id or 0,
                team_id=team_id,
                kind="extension",
                new_due=date(2099, 1, 1),
                reason="사유",
                requested_by="김담당",
                now=now,
            )
        team = session.get(Team, team_id)
        assert team is not None
        link = team_links.link_for(settings, team, now=now)
    return link.removeprefix(settings.base_url.rstrip("/")), team_id


def test_a_page_makes_the_same_number_of_queries_for_5_and_50_items(
    settings: Settings, tmp_path: Path
) -> None:
    if not settings.resolved_database_url.startswith("sqlite"):
        pytest.skip(
            "needs one fresh database per size: SQLite files under var/ (the PostgreSQL run has one database per test)"
        )
    counts = []
    for count in (5, 50):
        settings.var_dir = tmp_path / f"var{count}"
        path, _ = seed_items(settings, count)
        engine = get_engine(settings.resolved_database_url)
        statements: list[str] = []

        def count_statement(*args: object, seen: list[str] = statements) -> None:
            seen.append(str(args[2]))

        cached: list[str] = []

        def count_cached(*args: object, seen: list[str] = cached) -> None:
            seen.append(str(args[2]))

        with TestClient(create_app(settings)) as client:
            client.get(path)  # the first view also records link_opened_at
            touch_every_item(settings)
            sa.event.listen(engine, "before_cursor_execute", count_statement)
            try:
                response = client.get(path)  # changed items: the page is read again
            finally:
                sa.event.remove(engine, "before_cursor_execute", count_statement)
            sa.event.listen(engine, "before_cursor_execute", count_cached)
            try:
                again = client.get(path)  # nothing changed: the rendered page is reused
            finally:
                sa.event.remove(engine, "before_cursor_execute", count_cached)
        assert response.status_code == 200 and len(shown_ids(response.text)) == count
        assert f"{count}건:" in response.text and "다시 읽음" in response.text
        assert again.text == response.text
        counts.append((len(statements), len(cached)))
    assert counts[0] == counts[1], counts
    assert counts[0][0] <= 11 and counts[0][1] <= 2, counts


def touch_every_item(settings: Settings) -> None:
    with session_scope(settings.resolved_database_url) as session:
        for item in session.exec(select(ActionItem)):
            item.summary += " 다시 읽음"
            item.updated_at = utc_now()
            session.add(item)


def test_a_reused_page_shows_changes_made_elsewhere(site: Site) -> None:
    token = site.token(TEAM)
    item = site.visible(TEAM)[0]
    before = site.client.get(f"/t/{token}").text
    assert site.client.get(f"/t/{token}").text == before
    assert "2099. 3. 6.(금)" not in article(before, item.id or 0)
    # A set-based update (as sessions.refresh_effective_due makes) leaves updated_at alone.
    with get_engine(site.settings.resolved_database_url).begin() as connection:
        connection.execute(
            sa.text("UPDATE action_item SET effective_due = '2099-03-06' WHERE id = :id"),
            {"id": item.id},
        )
    after = site.client.get(f"/t/{token}").text
    assert "2099. 3. 6.(금)" in article(after, item.id or 0)
    # A request from the page adds a trail row only: the page shows it.
    site.client.post(
        f"/t/{token}/items/{item.id}/transfer",
        data={"suggested_team": OTHER, "reason": "x", "reporter": "김"},
    )
    assert "간사의 결정을 기다리는 중" in article(site.client.get(f"/t/{token}").text, item.id or 0)


def test_count_line_folded_done_items_speaker_reason_and_repeats(settings: Settings) -> None:
    path, _ = seed_items(settings, 8)
    with TestClient(create_app(settings)) as client:
        html = client.get(path).text
    assert "8건: 미착수 2 · 추진 중 2 · 완료 2 · 추진 불가 2" in html
    assert "완료한 항목 2건 보기" in html
    ids = shown_ids(html)
    card = article(html, ids[1])
    assert "위원 홍길동" in card and "담당 키워드 일치(사일로)" in card
    assert "회의 8(2024. 1. 5.(금)) 회의에서 요구된 사항의 재요구" in card
    assert "기한 연장 요청(2099. 1. 1.(목)까지)" in card


def test_committee_file_is_parsed_once_until_it_changes(settings: Settings) -> None:
    path = settings.committees[0]
    first = cached_committee(path)
    assert cached_committee(path) is first
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("  - 2024-06-14", "  - 2024-06-14\n  - 2024-09-13"), encoding="utf-8"
    )
    again = cached_committee(path)
    assert again is not first and date(2024, 9, 13) in again.sessions


def test_a_short_link_secret_is_refused_in_korean(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.link_secret = "a"
    with pytest.raises(FollowupError, match="FOLLOWUP_LINK_SECRET이 너무 짧습니다"):
        create_app(settings)
    settings.link_secret = "x" * 32
    create_app(settings)


def test_database_secret_and_outbox_files_are_private(site: Site) -> None:
    var = site.settings.var_dir
    sqlite = site.settings.resolved_database_url.startswith("sqlite")
    database = [var / "followup.db"] if sqlite else []  # PostgreSQL keeps its own files
    for path in [*database, var / "link-secret", *site.settings.outbox.glob("*.md")]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert list(site.settings.outbox.glob("*.md")), "the pass wrote messages holding links"
    for extra in var.glob("followup.db-*"):
        assert stat.S_IMODE(extra.stat().st_mode) == 0o600, extra


def test_the_real_server_logs_no_token_and_sends_no_banner(site: Site, tmp_path: Path) -> None:
    port = free_port()
    token = site.token(TEAM)
    env = {
        k: v for k, v in os.environ.items() if k.startswith("FOLLOWUP_") or k in ("PATH", "HOME")
    }
    log = tmp_path / "web.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "followup.cli", "web", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                    break
                except OSError:
                    assert time.monotonic() < deadline, log.read_text()
                    time.sleep(0.2)
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/t/{token}", timeout=10) as page:
                assert page.status == 200 and page.headers.get("server") is None
                assert TEAM in page.read().decode()
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/t/{token}x", timeout=10)
            assert refused.value.code == 403
        finally:
            server.terminate()
            server.wait(10)
    output = log.read_text()
    assert "GET /t/[token] HTTP/1.1" in output  # the access log is on, without the token
    assert token not in output and token.split(".")[1] not in output
