"""The console's items: the list with its filters (``/items``), its exports (``/items.csv``,
``/items.xlsx``), one item (``/items/{id}``) and the secretary's actions on it."""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from followup import store
from followup.calendar import local_date
from followup.codes import OPEN_STATUSES, ItemStatus
from followup.documents import exports
from followup.intake.ingest import limits
from followup.loop.sessions import Sessions, load_sessions
from followup.render import code_words
from followup.web.admin import views
from followup.web.admin.actions import ACTIONS, ActionProblem
from followup.web.admin.pages import Refusal, Signed, SignedPage, View, base_path
from followup.web.deps import (
    ClockDep,
    PostedForm,
    Refused,
    Who,
)
from followup.web.forms import parse_id, parse_number
from models.tables import ActionItem, Committee

router = APIRouter()

FILTER_KEYS = ("meeting", "agenda", "team", "status", "overdue", "review", "carried", "q")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def item_filter(
    request: Request, committee: Committee, sessions: Sessions, today: date
) -> store.ItemFilter:
    q = request.query_params
    status = q.get("status")
    return store.ItemFilter(
        committee_id=committee.id or 0,
        meeting_id=parse_number(q.get("meeting")),
        agenda_item_id=parse_number(q.get("agenda")),
        team_id=parse_number(q.get("team")),
        status=status if status in tuple(ItemStatus) else None,
        overdue_on=today if q.get("overdue") == "1" else None,
        in_review=q.get("review") == "1",
        carried_before=(
            (sessions.last_before(today) or date.min) if q.get("carried") == "1" else None
        ),
        text=(q.get("q") or "").strip()[:200],
    )


def filter_query(request: Request, committee: Committee) -> str:
    pairs = [("c", str(committee.id))]
    pairs += [(k, v) for k, v in request.query_params.items() if k in FILTER_KEYS and v]
    return urlencode(pairs)


@router.get("/items")
def items(view: View) -> Response:
    request, desk = view.request, view.desk
    committee_id = desk.committee.id or 0
    page = max(parse_number(request.query_params.get("page")) or 1, 1)
    with view.db.session() as session:
        sessions = load_sessions(session, desk.spec, now=desk.now)
        rows, total = store.filtered_items(
            session,
            spec=item_filter(request, desk.committee, sessions, desk.today),
            offset=(page - 1) * store.PAGE_SIZE,
            limit=store.PAGE_SIZE,
        )
        choices: dict[str, Any] = {
            "teams": store.committee_teams(session, committee_id=committee_id),
            "meetings": store.committee_meetings(session, committee_id=committee_id),
            "agenda": store.committee_agenda(session, committee_id=committee_id),
        }
    return view.page(
        "items.html.j2",
        rows=rows,
        total=total,
        page=page,
        pages=max(-(-total // store.PAGE_SIZE), 1),
        today=desk.today,
        query=request.query_params,
        filter_query=filter_query(request, desk.committee),
        **choices,
    )


@router.get("/items.csv")
@router.get("/items.xlsx")
def export(view: View) -> Response:
    """The listed items (every page of them) as a CSV or XLSX attachment."""
    request, desk, settings = view.request, view.desk, view.settings
    fmt = request.url.path.rpartition(".")[2]
    with view.db.session() as session:
        sessions = load_sessions(session, desk.spec, now=desk.now)
        rows, _ = store.filtered_items(
            session, spec=item_filter(request, desk.committee, sessions, desk.today), limit=None
        )
    labels: Any = view.pages.templates.get_template("web/admin/export.j2").module
    words = ExportWords(
        statuses=code_words(settings.templates_dir, "status"),
        kinds=code_words(settings.templates_dir, "kind"),
        checks=code_words(settings.templates_dir, "check"),
        overdue=labels.overdue,
    )
    table = [export_row(words, r, desk.today, desk.spec.timezone) for r in rows]
    name = f"followup-items-{desk.today.isoformat()}"
    if fmt == "csv":
        body, mime = exports.to_csv(list(labels.columns), table), "text/csv; charset=utf-8"
    else:
        body, mime = exports.to_xlsx(labels.sheet, list(labels.columns), table), XLSX
    return Response(
        body,
        media_type=mime,
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
    )


class ExportWords(NamedTuple):
    statuses: dict[str, str]
    kinds: dict[str, str]
    checks: dict[str, str]
    overdue: str


def export_row(words: ExportWords, row: store.ItemView, today: date, tz: str) -> list[object]:
    item = row.item
    overdue = (
        item.effective_due is not None
        and item.effective_due < today
        and item.status in OPEN_STATUSES
    )
    reported = item.reported_at
    return [
        item.id,
        row.meeting,
        row.held_on,
        row.agenda or "",
        row.team,
        words.kinds.get(item.kind, item.kind),
        item.summary,
        item.speaker,
        words.statuses.get(item.status, item.status),
        item.effective_due,
        words.overdue if overdue else "",
        item.report_note,
        local_date(reported, tz) if reported else None,
        words.checks.get(item.check_result, item.check_result),
        item.source_text,
    ]


def own_item(session: Session, who: Who, raw_id: str) -> ActionItem:
    """The item of id ``raw_id`` if it is one of the secretary's committees' (else 404)."""
    item_id = parse_id(raw_id)
    if item_id is None:
        raise Refused(404, "missing")
    if store.item_committee(session, item_id=item_id) not in who.committee_ids:
        raise Refused(404, "missing")
    item = store.action_item(session, item_id=item_id)
    assert item is not None
    return item


def item_response(here: SignedPage, raw_id: str, refused: Refusal | None = None) -> HTMLResponse:
    who, settings = here.who, here.settings
    with here.db.session() as session:
        item = own_item(session, who, raw_id)
        committee_id = store.item_committee(session, item_id=item.id or 0)
        zone = next(c.timezone for c in who.committees if c.id == committee_id)
        detail = views.item_detail(
            session, item, inbox=settings.inbox, limits=limits(settings), tz=zone
        )
    committee = next(c for c in who.committees if c.id == detail.team.committee_id)
    return here.answer("item.html.j2", committee, refused, d=detail)


@router.get("/items/{item_id}")
def item_page(item_id: str, here: Signed) -> Response:
    return item_response(here, item_id)


@router.post("/items/{item_id}/{action}")
def item_action(
    item_id: str, action: str, form: PostedForm, here: Signed, clock: ClockDep
) -> Response:
    """One of :data:`ACTIONS`; then back to the item, or the item with the problem (422)."""
    if action not in ACTIONS:
        raise Refused(404, "missing")
    now, who = clock(), here.who
    try:
        with here.db.session() as session:
            item = own_item(session, who, item_id)
            ACTIONS[action](session, here.settings, item, form, who, now)
    except ActionProblem as problem:
        return item_response(here, item_id, Refusal(problem.message, form))
    path = f"{base_path(here.request)}/items/{item.id}?saved={action}"
    return RedirectResponse(path, status_code=303)
