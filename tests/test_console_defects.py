"""Defects of the console and the team page, each as the secretary or the team would meet it:
D1 a team overwriting an item the committee closed, D3 minutes' text rendered as HTML,
D7/D8 a repeated merge number and a huge page number, D17 one-click resend and reissue,
D20 a form naming another committee."""

from __future__ import annotations

import io
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from sqlmodel import col, select
from typer.testing import CliRunner

from followup.cli import app as cli_app
from followup.committee import load_committee
from followup.loop.remind import remind_committee
from followup.render import environment, korean_date
from followup.web.app import create_app
from models.db import session_scope
from models.tables import ActionItem, Notification, Team
from tests.helpers import (
    OTHER,
    TEAM,
    Console,
    assert_korean_page,
    at_seoul,
    clocked,
    csrf,
    report_done,
    set_sessions,
    sign_in,
    team_link,
    visible,
)

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def set_item(console: Console, item_id: int, **values: object) -> None:
    with session_scope(console.settings.resolved_database_url) as session:
        row = session.get(ActionItem, item_id)
        assert row is not None
        for key, value in values.items():
            setattr(row, key, value)
        session.add(row)


def report_and_check(
    console: Console, item: ActionItem, reported: str, **check: str
) -> tuple[str, Any]:
    """The team reports ``reported`` through its page, then the secretary signs in and
    records the committee's ``check``: the team page's path and the console's answer."""
    page = team_link(console, item)
    sent = console.client.post(
        f"{page}/items/{item.id}",
        data={"status": reported, "note": "예산 미확보로 추진 불가", "reporter": "담당 주무관"},
        follow_redirects=False,
    )
    assert sent.status_code == 303
    token = sign_in(console.client)
    checked = console.client.post(f"/admin/items/{item.id}/check", data={"csrf": token, **check})
    assert checked.status_code == 200
    return page, checked


# D1 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("reported", ["done", "explained"])
def test_an_item_the_committee_closed_is_read_only_to_the_team(
    console: Console, reported: str
) -> None:
    item = visible(console, TEAM)[0]
    page, closed = report_and_check(console, item, reported, result="adequate")
    assert "위원회 확인: 적정" in closed.text

    shown = console.client.get(page)
    card = shown.text.split(f'id="item-{item.id}"', 1)[1].split("</article>", 1)[0]
    assert "위원회 확인 결과: <strong>적정</strong>" in card and "종결된 항목" in card
    assert f'action="{page}/items/{item.id}"' not in card  # no report form
    assert "기한 연장 요청 보내기" not in card

    for path, data in (
        (f"{page}/items/{item.id}", {"status": "open", "note": "", "reporter": "다른 주무관"}),
        (
            f"{page}/items/{item.id}/extension",
            {"new_due": "2030-01-01", "reason": "더 필요", "reporter": "다른 주무관"},
        ),
    ):
        refused = console.client.post(path, data=data, follow_redirects=False)
        assert refused.status_code == 422
        assert "위원회가 확인해 종결한 항목이라 더 바꿀 수 없습니다" in refused.text
    after = console.item(item.id or 0)
    assert (after.status, after.check_result, after.reporter) == (
        reported,
        "adequate",
        "담당 주무관",
    )


# D2 ---------------------------------------------------------------------------------------

MONDAY = at_seoul(date(2030, 3, 4), 10, 0)
FIRST_SESSION, SECOND_SESSION = date(2030, 3, 8), date(2030, 7, 26)
LATER = at_seoul(date(2030, 7, 15), 10, 0)  # past the first session and its links' 120 days


def team_notices(console: Console, team: str) -> list[Notification]:
    team_id = console.team_id(team)
    with session_scope(console.settings.resolved_database_url) as session:
        return list(
            session.exec(
                select(Notification)
                .where(Notification.team_id == team_id)
                .order_by(col(Notification.id))
            )
        )


def link_in(body: str) -> str:
    match = re.search(r"https://followup\.example\.org(/t/\S+)", body)
    assert match, body
    return match.group(1)


def resend_at(console: Console, moment: datetime, team: str) -> tuple[TestClient, Notification]:
    """The secretary confirms 다시 보내기 for ``team`` on a console whose clock reads
    ``moment``; the page, and the notice it queued."""
    later = TestClient(
        create_app(console.settings, clock=lambda: moment), base_url="https://testserver"
    )
    token = sign_in(later)
    before = team_notices(console, team)
    done = later.post(
        f"/admin/notices/{console.team_id(team)}/resend",
        data={"csrf": token, "confirm": "1"},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"].endswith("saved=resend")
    after = team_notices(console, team)
    assert len(after) == len(before) + 1
    return later, after[-1]


def test_resend_renders_the_reminder_again_with_todays_link_and_the_coming_session(
    console: Console,
) -> None:
    set_sessions(console.settings, FIRST_SESSION, SECOND_SESSION)
    remind_committee(
        clocked(console.settings, MONDAY), load_committee(console.settings.committees[0])
    )
    original = team_notices(console, TEAM)[-1]
    assert original.kind == "reminder" and korean_date(FIRST_SESSION) in original.body
    later, again = resend_at(console, LATER, TEAM)
    assert again.kind == "reminder"
    assert korean_date(SECOND_SESSION) in again.body and "2030. 3. 8." not in again.body
    assert "다음 회의(7. 26.)" in again.subject and "(3. 8.)" not in again.subject
    assert later.get(link_in(original.body)).status_code != 200  # the old link has expired
    opened = later.get(link_in(again.body))
    assert opened.status_code == 200 and TEAM in opened.text


def test_resend_of_a_new_items_notice_lists_the_same_items_with_a_working_link(
    console: Console,
) -> None:
    original = team_notices(console, TEAM)[-1]
    assert original.kind == "new_items"
    set_sessions(console.settings, SECOND_SESSION)
    later, again = resend_at(console, LATER, TEAM)
    assert again.kind == "new_items" and again.subject == original.subject
    for item in visible(console, TEAM):
        assert item.summary in again.body
    assert f"다음 회의({korean_date(SECOND_SESSION)})" in again.body
    assert later.get(link_in(original.body)).status_code != 200
    assert later.get(link_in(again.body)).status_code == 200


def test_resend_with_nothing_to_remind_says_so_and_queues_nothing(console: Console) -> None:
    set_sessions(console.settings, FIRST_SESSION)
    remind_committee(
        clocked(console.settings, MONDAY), load_committee(console.settings.committees[0])
    )
    assert team_notices(console, TEAM)[-1].kind == "reminder"
    later = TestClient(
        create_app(console.settings, clock=lambda: LATER), base_url="https://testserver"
    )
    token = sign_in(later)
    before = team_notices(console, TEAM)
    refused = later.post(
        f"/admin/notices/{console.team_id(TEAM)}/resend", data={"csrf": token, "confirm": "1"}
    )
    assert refused.status_code == 422 and "다시 보낼 알림이 없습니다" in refused.text
    assert team_notices(console, TEAM) == before


# D3 ---------------------------------------------------------------------------------------


def test_minutes_text_in_the_routing_reason_is_shown_as_text_not_html(console: Console) -> None:
    sign_in(console.client)
    item = visible(console, TEAM)[0]
    set_item(console, item.id or 0, routing_reason=f"agenda_owner:{HOSTILE}")
    for response in (
        console.client.get(team_link(console, item)),
        console.client.get(f"/admin/items/{item.id}"),
    ):
        assert response.status_code == 200
        assert "<script>" not in response.text and "<img src=x" not in response.text
        assert "안건 담당 부서(&lt;script&gt;alert(" in response.text


def test_every_label_macro_escapes_on_a_page_and_not_in_a_text_mail() -> None:
    templates = Path(__file__).resolve().parents[1] / "templates"
    env = environment(templates)
    mail = env.get_template("mail/_labels.j2").module
    page = env.get_template("web/_labels.html.j2").module
    names = sorted(n for n in dir(mail) if not n.startswith("_"))
    assert names == sorted(n for n in dir(page) if not n.startswith("_"))
    item = {
        "summary": HOSTILE,
        "agenda": HOSTILE,
        "meeting_on": None,
        "status": "open",
        "effective_due": None,
    }
    calls = {
        "kind": (HOSTILE,),
        "reason": (f"agenda_owner:{HOSTILE}",),
        "lines": (HOSTILE, HOSTILE),
        "status": (HOSTILE,),
        "item_line": (item, None),
        "request_event": (f"transfer requested: {HOSTILE}", None),
    }
    dates_only = {"short": (date(2024, 6, 7),), "by_when": (date(2024, 6, 7),)}  # no text in
    assert sorted([*calls, *dates_only]) == names
    for name, args in dates_only.items():
        shown = env.from_string(
            '{% import "web/_labels.html.j2" as label %}{{ label.' + name + "(*args) }}"
        ).render(args=args)
        assert shown.startswith("6. 7."), name
    for name, args in calls.items():
        shown = env.from_string(
            '{% import "web/_labels.html.j2" as label %}{{ label.' + name + "(*args) }}"
        ).render(args=args)
        assert "<script>" not in shown and "&lt;script&gt;" in shown, name
        text = env.get_template("mail/_labels.j2").module
        assert "<script>" in str(getattr(text, name)(*args)), name  # text mail keeps the text
    # No page imports the label macros compiled without autoescape.
    for html in (templates / "web").rglob("*.html.j2"):
        if html.name != "_labels.html.j2":
            assert '"mail/_labels.j2"' not in html.read_text(encoding="utf-8"), html


# D9 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reported", "word", "now"), [("explained", "추진 불가", "미착수"), ("done", "완료", "추진 중")]
)
def test_after_insufficient_the_card_shows_the_report_as_it_was_and_the_reason(
    console: Console, reported: str, word: str, now: str
) -> None:
    item = visible(console, TEAM)[0]
    page, _ = report_and_check(
        console, item, reported, result="insufficient", reason="대체 재원 검토 결과를 보고할 것"
    )
    card = console.client.get(page).text.split(f'id="item-{item.id}"', 1)[1]
    card = card.split("</article>", 1)[0]
    last = card.split('<div class="last">', 1)[1].split("</div>", 1)[0]
    assert f"담당 주무관 · {word}" in last and "예산 미확보로 추진 불가" in last
    shown = card.split('<details class="trail">', 1)[0]  # not folded away in the trail
    assert "위원회 확인 결과: <strong>미흡</strong>" in shown
    assert "사유: 대체 재원 검토 결과를 보고할 것" in shown
    assert f"지금 상태는 {now}입니다" in shown
    assert f'<li class="tag status-{console.item(item.id or 0).status}">{now}</li>' in card


# D7 / D8 ----------------------------------------------------------------------------------


def test_merge_with_a_repeated_number_merges_once(console: Console) -> None:
    token = sign_in(console.client)
    keep, other = visible(console, TEAM)[:2]
    merged = console.client.post(
        f"/admin/items/{keep.id}/merge",
        data={"csrf": token, "others": f"{other.id}, {other.id} #{other.id}"},
    )
    assert merged.status_code == 200 and "항목을 합쳤습니다" in merged.text
    assert console.item(other.id or 0).status == "rejected"
    assert console.item(keep.id or 0).source_text.count(other.source_text) == 1


@pytest.mark.parametrize("page", ["184467440737095518", "2147483647", "99999999", "-3", "0", "x"])
def test_a_huge_or_odd_page_number_shows_a_page(console: Console, page: str) -> None:
    sign_in(console.client)
    response = console.client.get(f"/admin/items?page={page}")
    assert response.status_code == 200
    assert_korean_page(response)


# D17 --------------------------------------------------------------------------------------


def test_resend_and_reissue_ask_before_they_act(console: Console) -> None:
    token = sign_in(console.client)
    team_id = console.team_id(TEAM)
    committee = str(console.committee_id())

    def notices() -> list[Notification]:
        with session_scope(console.settings.resolved_database_url) as session:
            return list(session.exec(select(Notification).where(Notification.team_id == team_id)))

    before = notices()
    sessions = console.client.get(f"/admin/sessions?c={committee}")
    assert "다시 보내기" in sessions.text and "링크 새로 발급" in sessions.text
    ask = console.client.post(
        f"/admin/notices/{team_id}/resend", data={"csrf": token, "c": committee}
    )
    assert ask.status_code == 200 and f"{TEAM}: 알림 다시 보내기" in ask.text
    assert '<input type="hidden" name="confirm" value="1">' in ask.text and "취소" in ask.text
    assert len(notices()) == len(before)
    with session_scope(console.settings.resolved_database_url) as session:
        version = session.get(Team, team_id).link_version  # type: ignore[union-attr]
    ask = console.client.post(
        f"/admin/teams/{team_id}/reissue", data={"csrf": token, "c": committee}
    )
    assert (
        ask.status_code == 200 and "지금까지 보낸 링크는 모두 바로 열리지 않게 됩니다" in ask.text
    )
    with session_scope(console.settings.resolved_database_url) as session:
        assert session.get(Team, team_id).link_version == version  # type: ignore[union-attr]
    assert len(notices()) == len(before)

    done = console.client.post(
        f"/admin/notices/{team_id}/resend", data={"csrf": token, "c": committee, "confirm": "1"}
    )
    assert done.status_code == 200 and "다시 보내도록" in done.text
    assert len(notices()) == len(before) + 1


# D20 --------------------------------------------------------------------------------------


def test_a_form_naming_another_committee_is_refused(two_committees: Console) -> None:
    console = two_committees
    theirs = str(console.committee_id())  # 빅데이터심의위원회, not the youth secretary's
    token = sign_in(console.client, "청년간사", "youth password 1")
    team_id = console.team_id(OTHER)
    with session_scope(console.settings.resolved_database_url) as session:
        before = len(list(session.exec(select(Notification))))
    for path, data in (
        ("/admin/sessions", {"held_on": "2031-03-03"}),
        (f"/admin/notices/{team_id}/resend", {"confirm": "1"}),
        (f"/admin/teams/{team_id}/reissue", {"confirm": "1"}),
        ("/admin/digest/send", {}),
    ):
        response = console.client.post(path, data={"csrf": token, "c": theirs, **data})
        assert response.status_code == 403, path
        assert "맡은 위원회가 아닙니다" in response.text
        assert_korean_page(response)
    with session_scope(console.settings.resolved_database_url) as session:
        assert len(list(session.exec(select(Notification)))) == before
    own = console.client.get("/admin/sessions")
    assert "2031" not in own.text


# D4 ---------------------------------------------------------------------------------------

CONTROLS = "\x00\x01\x0b\x0c\x1b\x1f\x7f\x85"


def no_controls(text: str) -> bool:
    return not any(ch in text for ch in CONTROLS) and "\r" not in text


def documents_open(console: Console, tmp_path: Path, meeting_id: int) -> None:
    """The item export, the preview, the digest and the report in every format all work."""
    set_sessions(console.settings, date.today() + timedelta(days=20))
    export = console.client.get(f"/admin/items.xlsx?c={console.committee_id()}")
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet is not None and all(
        no_controls(str(c.value)) for row in sheet.iter_rows() for c in row if c.value
    )
    preview = console.client.get("/admin/preview")
    assert preview.status_code == 200 and "\x00" not in preview.text
    assert "회의 전 종합 보고" in preview.text and ".docx" in preview.text
    token = csrf(preview.text)
    sent = console.client.post("/admin/digest/send", data={"csrf": token}, follow_redirects=False)
    assert sent.status_code == 303 and sent.headers["location"].endswith("saved=digest")
    for fmt in ("docx", "hwpx", "xlsx", "csv"):
        out = tmp_path / f"report.{fmt}"
        made = CliRunner().invoke(
            cli_app, ["report", "--meeting", str(meeting_id), "--out", str(out)]
        )
        assert made.exit_code == 0, made.output
        assert out.stat().st_size > 0


def test_control_characters_typed_anywhere_are_cleaned_once(
    console: Console, tmp_path: Path
) -> None:
    token = sign_in(console.client)
    first, second = visible(console, TEAM)[:2]
    edited = console.client.post(
        f"/admin/items/{first.id}/edit",
        data={"csrf": token, "summary": f"데이터 품질{CONTROLS}점검 결과 보고"},
    )
    assert edited.status_code == 200
    assert console.item(first.id or 0).summary == "데이터 품질 점검 결과 보고"
    answered = console.client.post(
        f"{team_link(console, second)}/items/{second.id}",
        data={
            "status": "in_progress",
            "note": "협의 중\x00\r\n다음 주\x0b완료",
            "reporter": "주무관\x1f",
        },
        follow_redirects=False,
    )
    assert answered.status_code == 303
    stored = console.item(second.id or 0)
    assert (stored.report_note, stored.reporter) == ("협의 중\n다음 주\n완료", "주무관")
    typed = CliRunner().invoke(
        cli_app,
        [
            "review",
            "edit",
            str(second.id),
            "--by",
            "간사\x00",
            "--summary",
            "예산\x1b 확보\x07 방안",
        ],
    )
    assert typed.exit_code == 0, typed.output
    assert console.item(second.id or 0).summary == "예산 확보 방안"
    documents_open(console, tmp_path, first.meeting_id or 0)


def test_control_characters_already_stored_break_no_document(
    console: Console, tmp_path: Path
) -> None:
    sign_in(console.client)
    item = visible(console, TEAM)[0]
    stored = CONTROLS
    if console.settings.resolved_database_url.startswith("postgresql"):
        stored = CONTROLS.replace("\x00", "")  # PostgreSQL text never holds NUL
    set_item(
        console,
        item.id or 0,
        summary=f"공공데이터{stored} 개방 확대",
        report_note=f"개방 완료\x0b{stored}",
        status="done",
    )
    documents_open(console, tmp_path, item.meeting_id or 0)


# D15 --------------------------------------------------------------------------------------


def test_the_item_export_has_date_cells_readable_widths_and_a_bold_frozen_header(
    console: Console,
) -> None:
    sign_in(console.client)
    item = visible(console, TEAM)[0]
    report_done(console, item, note="데이터 품질 점검 용역을 발주하여 5월에 완료함")
    export = console.client.get(f"/admin/items.xlsx?c={console.committee_id()}")
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    assert sheet.freeze_panes == "A2" and all(c.font.b for c in sheet[1])
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == item.id)
    for name in ("회의일", "기한", "보고일"):
        cell = row[header.index(name)]
        assert isinstance(cell.value, datetime), name  # a date Excel sorts, not text
        assert cell.number_format == "yyyy. m. d.", name
    assert row[header.index("기한")].value.date() == item.effective_due
    widths = {
        name: sheet.column_dimensions[get_column_letter(i + 1)].width
        for i, name in enumerate(header)
    }
    # Short columns fit their words; the long Korean text gets a wide, wrapping column.
    assert 10 <= widths["담당부서"] <= 20 and 11 <= widths["회의일"] <= 16
    assert widths["위원 의견·요구사항"] >= 40 and widths["회의록 원문"] <= 60
    assert row[header.index("회의록 원문")].alignment.wrap_text
    csv_text = console.client.get(f"/admin/items.csv?c={console.committee_id()}").text
    assert korean_date(item.effective_due) in csv_text  # the CSV reads as the pages do


# D14 --------------------------------------------------------------------------------------

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def test_no_text_leaves_a_particle_for_the_reader_to_choose() -> None:
    for path in TEMPLATES.rglob("*.j2"):
        text = path.read_text(encoding="utf-8")
        for both in ("(으)로", "을(를)", "를(을)", "이(가)", "은(는)", "과(와)"):
            assert both not in text, (path.name, both)
    for word, pair, read in (
        ("PDF", "으로/로", "PDF로"),
        ("HTML", "으로/로", "HTML로"),
        ("tag:secretary", "을/를", "tag:secretary를"),
        ("XLSX", "이/가", "XLSX가"),
        ("‘알림 4건’", "을/를", "‘알림 4건’을"),
        ("#12", "은/는", "#12는"),
    ):
        assert environment(TEMPLATES).from_string("{{ w|josa(p) }}").render(w=word, p=pair) == read


def test_a_reported_and_a_reopened_item_read_with_the_right_particle(console: Console) -> None:
    token = sign_in(console.client)
    item = visible(console, TEAM)[0]
    report_done(console, item)
    page = console.client.get(f"/admin/items/{item.id}").text
    assert "<strong>완료로</strong> 보고했습니다" in page and "(으)" not in page
    console.client.post(
        f"/admin/items/{item.id}/check",
        data={"csrf": token, "result": "insufficient", "reason": "증빙 부족"},
    )
    page = console.client.get(f"/admin/items/{item.id}").text
    assert "미흡 · 추진 중으로 되돌림" in page and "(으)" not in page
    ask = console.client.post(
        f"/admin/notices/{console.team_id(TEAM)}/resend", data={"csrf": token}
    )
    shown = ask.text.split("최근 알림", 1)[1].split("</p>", 1)[0]
    assert re.search(r"\(No\. \d+\)’를 지금의 링크와 다음 회의 일정으로 다시 만들어", shown), shown
    assert "(를)" not in ask.text


def test_a_due_date_set_to_a_past_session_is_not_called_the_next_one(console: Console) -> None:
    past, coming = visible(console, TEAM)[:2]
    for item, day in (
        (past, date.today() - timedelta(days=3)),
        (coming, date.today() + timedelta(days=30)),
    ):
        set_item(console, item.id or 0, stated_due=None, effective_due=day)
    page = console.client.get(team_link(console, past)).text
    card = page.split(f'id="item-{past.id}"', 1)[1].split("</dl>", 1)[0]
    assert korean_date(date.today() - timedelta(days=3)) in card
    assert "(회의일)" in card and "다음 회의일" not in card
    card = page.split(f'id="item-{coming.id}"', 1)[1].split("</dl>", 1)[0]
    assert "(다음 회의일)" in card


def test_the_console_speaks_korean_not_settings_keys_or_commands(console: Console) -> None:
    login = console.client.get("/admin/login").text
    assert "followup" not in login and "운영하는 담당자에게 요청해 주십시오" in login
    sign_in(console.client)
    set_sessions(console.settings, date.today() + timedelta(days=20))
    sessions = console.client.get("/admin/sessions").text
    assert "reminders" not in sessions and "알림 일정 설정" in sessions
    allowed = {"No.", "CSV", "XLSX", "YYYY-MM-DD", "selected"}  # (an option's attribute)
    for path in (TEMPLATES / "web").rglob("*.html.j2"):
        text = re.sub(
            r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}|<style.*?</style>",
            "",
            path.read_text("utf-8"),
            flags=re.S,
        )
        words = set(re.findall(r"[A-Za-z][A-Za-z_.-]{2,}", re.sub(r"<[^>]+>", " ", text)))
        assert words <= allowed, (path.name, words - allowed)


def test_a_failure_that_will_recur_is_not_called_temporary(console: Console) -> None:
    sign_in(console.client)
    with TestClient(
        create_app(console.settings), base_url="https://testserver", raise_server_exceptions=False
    ) as client:
        sign_in(client)
        with session_scope(console.settings.resolved_database_url) as session:
            session.execute(sa.text("DROP TABLE snapshot"))
        page = client.get("/admin/")
    assert page.status_code == 500 and "일시적" not in page.text
    assert "다시 시도해도 같은 결과가 나올 것입니다" in page.text
    assert_korean_page(page)
