"""The console's sessions page (``/sessions``): the committee's sessions and the reminders
ahead of the next, a session added, each team's latest notice resent and its link reissued."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from followup import store
from followup.errors import FollowupError
from followup.loop.resend import NothingToResend, resend_notice
from followup.loop.sessions import add_session, load_sessions
from followup.loop.team_links import reissue_link
from followup.outbox.sender import send_due
from followup.web.admin import views
from followup.web.admin.pages import ConsolePages, ConsoleView, Pages, PostedView, View, base_path
from followup.web.deps import (
    ClockDep,
    DatabaseDep,
    PostedCommittee,
    PostedForm,
    Refused,
    Secretary,
    SettingsDep,
    Who,
)
from followup.web.forms import parse_number
from models.tables import Committee, Notification, Team

router = APIRouter()


def back_to_sessions(request: Request, committee: Committee, done: str) -> Response:
    return RedirectResponse(
        f"{base_path(request)}/sessions?c={committee.id}&saved={done}", status_code=303
    )


def confirmed(form: dict[str, str]) -> bool:
    """The form was sent from the confirmation page (an action that reaches a team at once
    is never taken on the first click)."""
    return form.get("confirm") == "1"


def confirm_page(
    request: Request,
    who: Who,
    committee: Committee,
    pages: ConsolePages,
    action: str,
    team: Team,
    latest: Notification | None = None,
) -> HTMLResponse:
    return pages.page(
        request,
        "confirm.html.j2",
        who,
        committee,
        action=action,
        team=team,
        latest=latest,
        target=(
            f"{base_path(request)}/notices/{team.id}/resend"
            if action == "resend"
            else f"{base_path(request)}/teams/{team.id}/reissue"
        ),
    )


def sessions_response(
    view: ConsoleView, *, status_code: int = 200, problem: str | None = None
) -> HTMLResponse:
    desk = view.desk
    with view.db.session() as session:
        sessions = load_sessions(session, desk.spec, now=desk.now)
        rows = store.session_rows(session, committee_id=sessions.committee_id)
        notices = views.team_notices(session, committee_id=sessions.committee_id)
    upcoming = sessions.upcoming(desk.today)
    return view.page(
        "sessions.html.j2",
        status_code,
        rows=rows,
        today=desk.today,
        upcoming=upcoming,
        plan=views.reminder_plan(desk.spec, upcoming, desk.today),
        notices=notices,
        problem=problem,
        done=view.request.query_params.get("saved"),
    )


@router.get("/sessions")
def sessions_page(view: View) -> Response:
    return sessions_response(view)


@router.post("/sessions")
def session_add(form: PostedForm, view: PostedView) -> Response:
    """A session added by the secretary (422 with the page for a bad or past date)."""
    desk = view.desk
    try:
        day = date.fromisoformat(form.get("held_on", "").strip())
    except ValueError:
        return sessions_response(view, status_code=422, problem="date")
    try:
        with view.db.session() as session:
            add_session(session, desk.spec, day, by=view.who.name, now=desk.now)
    except FollowupError:
        return sessions_response(view, status_code=422, problem="past")
    return back_to_sessions(view.request, desk.committee, "session")


@router.post("/notices/{team_id}/resend")
def resend(team_id: str, form: PostedForm, view: PostedView) -> Response:
    """The team's latest notice rendered again as of now (the team's current link, the
    current next session) and queued (404 for a team without one), once the secretary has
    confirmed it on the page the first click shows; 422 with the page when there is nothing
    to send now."""
    desk = view.desk
    with view.db.session() as session:
        latest = store.latest_team_notices(session, committee_id=desk.committee.id or 0)
        original = latest.get(parse_number(team_id) or -1)
        if original is None:
            raise Refused(404, "missing")
        if not confirmed(form):
            team = store.team_by_id(session, team_id=original.team_id or 0)
            assert team is not None
            return confirm_page(
                view.request, view.who, desk.committee, view.pages, "resend", team, original
            )
        try:
            resend_notice(session, view.settings, original, by=view.who.name, now=desk.now)
        except NothingToResend:
            nothing = True
        else:
            nothing = False
    if nothing:
        return sessions_response(view, status_code=422, problem="resend")
    return back_to_sessions(view.request, desk.committee, "resend")


@router.post("/teams/{team_id}/reissue")
def reissue(
    request: Request,
    team_id: str,
    form: PostedForm,
    who: Secretary,
    committee: PostedCommittee,
    settings: SettingsDep,
    clock: ClockDep,
    db: DatabaseDep,
    pages: Pages,
) -> Response:
    """A new link for the team: every older one stops working at once; the team is sent
    the new one. The first click shows what will happen; the confirmed form acts."""
    wanted = parse_number(team_id)
    with db.session() as session:
        team = store.team_by_id(session, team_id=wanted) if wanted is not None else None
        if team is None or team.committee_id != committee.id or team.id is None:
            raise Refused(404, "missing")
        if not confirmed(form):
            return confirm_page(request, who, committee, pages, "reissue", team)
        reissue_link(session, settings, team.id, who.name, clock())
    send_due(settings, team_id=wanted)
    return back_to_sessions(request, committee, "reissue")
