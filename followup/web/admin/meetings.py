"""The confirmation of a meeting's items before any team hears of them: the meetings waiting
(``/meetings``) and one meeting's items on one page in minutes order (``/meetings/{id}``),
where the secretary edits summary, team and due date inline, rejects what is not an item,
and confirms all or the selected items."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from followup import store
from followup.codes import OPEN_STATUSES, ReviewState
from followup.intake import review
from followup.store.console import meeting_items, meeting_row, meetings_awaiting
from followup.web.admin.actions import MAX_SUMMARY
from followup.web.admin.pages import Pages, Refusal, Signed, SignedPage, base_path
from followup.web.deps import (
    DatabaseDep,
    PostedForm,
    Refused,
    Secretary,
    ViewedDesk,
    Who,
)
from followup.web.forms import parse_id, parse_number
from models.tables import ActionItem, Committee, Meeting, Team

router = APIRouter()


class Problem(Exception):
    def __init__(self, message: str, item_id: int | None = None) -> None:
        super().__init__(message)
        self.message, self.item_id = message, item_id


@router.get("/meetings")
def awaiting_page(
    request: Request, who: Secretary, desk: ViewedDesk, db: DatabaseDep, pages: Pages
) -> Response:
    committee_id = desk.committee.id or 0
    with db.session() as session:
        rows = meetings_awaiting(session, committee_id=committee_id)
        meetings = store.committee_meetings(session, committee_id=committee_id)
    return pages.page(
        request, "meetings.html.j2", who, desk.committee, rows=rows, meetings=meetings
    )


def own_meeting(session: Session, who: Who, raw_id: str) -> tuple[Meeting, Committee]:
    """The meeting of id ``raw_id`` if it is one of the secretary's committees' (else 404)."""
    meeting_id = parse_id(raw_id)
    meeting = meeting_row(session, meeting_id=meeting_id) if meeting_id else None
    if meeting is None:
        raise Refused(404, "missing")
    for committee in who.committees:
        if committee.id == meeting.committee_id:
            return meeting, committee
    raise Refused(404, "missing")


def meeting_response(here: SignedPage, raw_id: str, refused: Refusal | None = None) -> HTMLResponse:
    with here.db.session() as session:
        meeting, committee = own_meeting(session, here.who, raw_id)
        rows = meeting_items(session, meeting_id=meeting.id or 0)
        teams = store.committee_teams(session, committee_id=committee.id or 0)
    waiting = [
        r for r in rows if r.item.review == ReviewState.PENDING and r.item.status in OPEN_STATUSES
    ]
    return here.answer(
        "meeting.html.j2",
        committee,
        refused,
        meeting=meeting,
        rows=rows,
        waiting=waiting,
        teams=teams,
        threshold=here.settings.review_threshold,
        count=parse_number(here.request.query_params.get("n")),
    )


@router.get("/meetings/{meeting_id}")
def meeting_page(meeting_id: str, here: Signed) -> Response:
    return meeting_response(here, meeting_id)


@router.post("/meetings/{meeting_id}")
def meeting_confirm(meeting_id: str, form: PostedForm, here: Signed) -> Response:
    """Save the inline edits, then: confirm all (``do=all``) or the selected (``do=selected``,
    the ``pick-ID`` boxes), reject one (``reject=ID``), or only save (``do=save``)."""
    try:
        with here.db.session() as session:
            meeting, _ = own_meeting(session, here.who, meeting_id)
            done, count = apply(session, meeting, form, here.who)
    except Problem as problem:
        return meeting_response(here, meeting_id, Refusal(problem, form))
    path = f"{base_path(here.request)}/meetings/{meeting.id}?saved={done}&n={count}"
    return RedirectResponse(path, status_code=303)


def apply(session: Session, meeting: Meeting, form: dict[str, str], who: Who) -> tuple[str, int]:
    rows = meeting_items(session, meeting_id=meeting.id or 0)
    open_rows = [r for r in rows if r.item.status in OPEN_STATUSES]
    teams = {t.id: t for t in store.committee_teams(session, committee_id=meeting.committee_id)}
    edited = 0
    for row in open_rows:
        edited += _edit(session, row.item, teams, form, who)
    reject = parse_id(form.get("reject"))
    if reject is not None:
        if reject not in {r.item.id for r in open_rows}:
            raise Problem("반려할 항목을 이 회의의 진행 중인 항목에서 골라 주십시오.")
        review.reject(session, item_id=reject, by=who.name, note="rejected at confirmation")
        return "removed", 1
    action = form.get("do", "")
    if action == "save":
        return "saved", edited
    if action == "all":
        return "confirmed", len(review.confirm(session, meeting_id=meeting.id or 0, by=who.name))
    if action == "selected":
        picked = [r.item.id for r in open_rows if form.get(f"pick-{r.item.id}") == "1"]
        if not picked:
            raise Problem("확인할 항목을 하나 이상 골라 주십시오.")
        confirmed = review.confirm(
            session, meeting_id=meeting.id or 0, by=who.name, item_ids=[i for i in picked if i]
        )
        return "confirmed", len(confirmed)
    raise Problem("할 일을 골라 주십시오.")


def _edit(
    session: Session,
    item: ActionItem,
    teams: dict[int | None, Team],
    form: dict[str, str],
    who: Who,
) -> int:
    """The row's inline edits (summary, due date, team) applied; 1 if anything changed."""
    assert item.id is not None
    n = item.id
    if f"summary-{n}" not in form:
        return 0
    summary = " ".join(form.get(f"summary-{n}", "").split())
    if not summary:
        raise Problem(f"No. {n} 항목의 요약을 적어 주십시오.", n)
    if len(summary) > MAX_SUMMARY:
        raise Problem(f"No. {n} 항목의 요약은 {MAX_SUMMARY:,}자 이내로 적어 주십시오.", n)
    due_text = form.get(f"due-{n}", "").strip()
    try:
        due = date.fromisoformat(due_text) if due_text else None
    except ValueError:
        raise Problem(f"No. {n} 항목의 기한은 날짜(YYYY-MM-DD)로 적어 주십시오.", n) from None
    team = teams.get(parse_number(form.get(f"team-{n}")))
    if team is None:
        raise Problem(f"No. {n} 항목의 담당부서를 목록에서 골라 주십시오.", n)
    changed = 0
    new_summary = summary if summary != item.summary else None
    new_due = due if due and due != item.effective_due else None
    if new_summary or new_due:
        review.edit(session, item_id=n, by=who.name, summary=new_summary, due=new_due)
        changed = 1
    if team.id != item.team_id:
        review.reassign(session, item_id=n, team=team.name, by=who.name)
        changed = 1
    return changed
