"""The teams' requests to the secretary (``/requests``): each open 소관 아님 and 기한 연장
request of the committee, accepted or refused with a note (a refusal needs one). The decision
is :mod:`followup.loop.requests`' (as ``followup request accept|refuse``); then, as the CLI
does, the asking team's outbox is sent, so the team hears of it at once."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from followup import store
from followup.loop import requests as team_requests
from followup.outbox.sender import send_due
from followup.web.admin.pages import ConsoleView, PostedView, View
from followup.web.deps import PostedForm
from followup.web.forms import parse_id

router = APIRouter()
DECISIONS = ("accept", "refuse")


@dataclass(frozen=True)
class Decided:
    """What the page says after a decision: the decision and how telling the team went."""

    decision: team_requests.Decision
    sent: int
    undelivered: list[str] = field(default_factory=list)


def requests_response(
    view: ConsoleView,
    status_code: int = 200,
    *,
    decided: Decided | None = None,
    problem: str | None = None,
    error: str = "",
    form: dict[str, str] | None = None,
    request_id: int | None = None,
) -> HTMLResponse:
    """The page: the open requests, with what just happened or what was wrong on top
    (``problem`` a code the template words, ``error`` the domain's Korean message)."""
    committee_id = view.desk.committee.id or 0
    with view.db.session() as session:
        rows = team_requests.open_requests(session, committee_id=committee_id)
    # The navigation's count as of this page (a decision just taken is no longer open).
    counts = {**view.who.open_requests, committee_id: len(rows)}
    view = replace(view, who=replace(view.who, open_requests=counts))
    return view.page(
        "requests.html.j2",
        status_code,
        rows=rows,
        decided=decided,
        problem=problem,
        error=error,
        form=form or {},
        request_id=request_id,
        max_note=team_requests.MAX_REASON,
    )


@router.get("/requests")
def requests_page(view: View) -> Response:
    return requests_response(view)


def _form_problem(form: dict[str, str], note: str) -> str | None:
    """What is wrong with the decision form, as a code the page words; None if nothing."""
    action = form.get("do")
    if action not in DECISIONS:
        return "action"
    if action == "refuse" and not note:
        return "reason_required"
    if len(note) > team_requests.MAX_REASON:
        return "note_too_long"
    return None


@router.post("/requests/{request_id}")
def decide(request_id: str, form: PostedForm, view: PostedView) -> Response:
    """Accept (``do=accept``) or refuse (``do=refuse``, with a ``note``) one open request of
    the committee the form names. Another committee's request is a 404 like a missing one;
    one decided already is a 409 saying by whom."""
    wanted = parse_id(request_id)
    note = team_requests.clean_text(form.get("note"))
    problem = _form_problem(form, note)
    if problem is not None:
        return requests_response(view, 422, problem=problem, form=form, request_id=wanted)
    desk, decision = view.desk, None
    try:
        with view.db.session() as session:
            owner = store.request_committee(session, request_id=wanted) if wanted else None
            if wanted is not None and owner == desk.committee.id:
                apply = team_requests.accept if form["do"] == "accept" else team_requests.refuse
                decision = apply(
                    session, view.settings, wanted, by=view.who.name, note=note, now=desk.now
                )
    except team_requests.RequestError as error:
        return requests_response(view, 409, error=str(error), request_id=wanted)
    if decision is None:
        return requests_response(view, 404, problem="missing", request_id=wanted)
    delivery = send_due(view.settings, team_id=decision.team_id)
    return requests_response(
        view, decided=Decided(decision, delivery.sent, list(delivery.undelivered))
    )
