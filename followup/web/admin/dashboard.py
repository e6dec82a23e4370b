"""The console's first page (``/``): the committee's counts, charts, overdue and silent
items, open requests and failed messages.

The page is built from a handful of grouped queries (:func:`views.dashboard`) and kept,
rendered, per secretary's session and database connection: it is sent again only while the
database's change mark (:func:`followup.store.change_mark`: any commit by anyone, read
before the page's own reads), the day, the committee file and the secretary are what they
were when it was rendered; anything else builds it again.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from followup import store
from followup.loop.sessions import load_sessions
from followup.web.admin import views
from followup.web.admin.pages import ConsoleView, View, base_path
from followup.web.pages import PageCache

router = APIRouter()


@router.get("/")
def dashboard(view: View) -> Response:
    desk = view.desk
    cache: PageCache = view.request.app.state.board_cache
    with view.db.session() as session:
        mark = store.change_mark(session)
        slot = (mark[0] if mark else 0, view.who.csrf, desk.committee.id)
        key = (mark, *_page_key(view)) if mark else None
        body = cache.get(slot, key) if key else None
        if body is not None:
            return HTMLResponse(body)
        sessions = load_sessions(session, desk.spec, now=desk.now)
        board = views.dashboard(session, desk.spec, sessions, today=desk.today)
    response = view.page("dashboard.html.j2", board=board)
    if key:
        cache.put(slot, key, bytes(response.body))
    return response


def _page_key(view: ConsoleView) -> tuple[object, ...]:
    """What the page shows besides the database: the day, the committee (its row and its
    file), who is signed in, and where the console is mounted."""
    who, desk = view.who, view.desk
    committees = tuple((c.id, c.name) for c in who.committees)
    return (
        desk.today,
        desk.committee.id,
        desk.committee.name,
        desk.spec,
        who.secretary_id,
        who.name,
        committees,
        base_path(view.request),
        view.request.url.path,
    )
