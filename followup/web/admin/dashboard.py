"""The console's first page (``/``): the committee's counts, charts, overdue and silent
items, open requests and failed messages."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from followup.loop.sessions import load_sessions
from followup.web.admin import views
from followup.web.admin.pages import View

router = APIRouter()


@router.get("/")
def dashboard(view: View) -> Response:
    desk = view.desk
    with view.db.session() as session:
        sessions = load_sessions(session, desk.spec, now=desk.now)
        board = views.dashboard(session, desk.spec, sessions, today=desk.today)
    return view.page("dashboard.html.j2", board=board)
