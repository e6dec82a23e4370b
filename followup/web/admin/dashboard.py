"""The console's first page (``/``): the committee's counts, charts, overdue and silent
items, open requests and failed messages."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from followup.loop.sessions import load_sessions
from followup.web.admin import views
from followup.web.admin.pages import Pages
from followup.web.deps import DatabaseDep, Secretary, ViewedDesk

router = APIRouter()


@router.get("/")
def dashboard(
    request: Request, who: Secretary, desk: ViewedDesk, db: DatabaseDep, pages: Pages
) -> Response:
    with db.session() as session:
        sessions = load_sessions(session, desk.spec, now=desk.now)
        board = views.dashboard(session, desk.spec, sessions, today=desk.today)
    return pages.page(request, "dashboard.html.j2", who, desk.committee, board=board)
