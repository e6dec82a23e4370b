"""The console's first page (``/``): the committee's counts, charts, overdue and silent
items, open requests and failed messages.

The page is built from a handful of grouped queries (:func:`views.dashboard`) and kept,
rendered, per secretary's session: it is sent again only while the database's change mark
(:func:`followup.store.change_mark`: any commit by anyone, read before the page's own
reads), the day, the committee file and the secretary are what they were when it was
rendered; anything else builds it again.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from followup import store
from followup.loop.sessions import load_sessions
from followup.web.admin import views
from followup.web.admin.pages import ConsoleView, View, base_path
from followup.web.pages import PageCache

router = APIRouter()


@router.get("/")
async def dashboard(view: View) -> Response:
    """The kept page when nothing changed (read here: the change mark is one PRAGMA on a
    connection of its own), else the page built again in a worker thread."""
    desk = view.desk
    cache: PageCache = view.request.app.state.board_cache
    with view.db.session() as session:
        mark = store.change_mark(session)
    slot = (view.who.csrf, desk.committee.id)
    key = None if mark is None else (mark, *_page_key(view))
    body = cache.get(slot, key) if key is not None else None
    if body is not None:
        return HTMLResponse(body)
    response = await run_in_threadpool(_build, view)
    if key is not None:
        cache.put(slot, key, bytes(response.body))
    return response


def _build(view: ConsoleView) -> HTMLResponse:
    desk = view.desk
    with view.db.session() as session:
        sessions = load_sessions(session, desk.spec, now=desk.now)
        board = views.dashboard(session, desk.spec, sessions, today=desk.today)
    return view.page("dashboard.html.j2", board=board)


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
        dict(who.open_requests),
        base_path(view.request),
        view.request.url.path,
    )
