"""The secretary's console, a sub-application mounted at ``/admin`` by ``create_app``.

Routes (under ``/admin``), one router per page family: :mod:`~followup.web.admin.sign_in`
(``/login``, ``/logout``); :mod:`~followup.web.admin.dashboard` (``/``);
:mod:`~followup.web.admin.items` (``/items`` the item list with filters, ``/items.csv`` and
``/items.xlsx`` its exports, ``/items/{id}`` one item with its actions: edit, reassign,
merge, accept, reject, check); :mod:`~followup.web.admin.meetings` (``/meetings`` the
meetings whose items wait for confirmation, ``/meetings/{id}`` one meeting's items to confirm);
:mod:`~followup.web.admin.files` (``/files`` the committee's minutes files, ``/files/new``
the upload of approved minutes, ``/files/{id}`` one file, where a draft is approved);
:mod:`~followup.web.admin.sessions` (``/sessions`` the
sessions, the reminder plan and each team's latest notice: resend, link reissue);
:mod:`~followup.web.admin.reports` (``/sessions/{day}/report.{fmt}`` and
``/meetings/{id}/report.{fmt}``, the 조치결과 report as DOCX, HWPX, XLSX or CSV);
:mod:`~followup.web.admin.requests` (``/requests``, the teams' requests accepted or refused);
:mod:`~followup.web.admin.outbox` (``/outbox``, the deliveries not sent yet, and a retry);
:mod:`~followup.web.admin.preview` (``/preview``, ``/digest/send``). What they share (the
settings, the clock, the database, the signed-in secretary and their committee, the posted
form) are the dependencies of :mod:`followup.web.deps`.

A signed session cookie (Starlette's SessionMiddleware, scoped to ``/admin``: HttpOnly,
SameSite=Strict, Secure under an https base URL) holds the token of a session kept on the
server (:mod:`~followup.web.admin.auth`: ended at sign-out, at a new password, after 8
hours) and a CSRF token that every POST must carry. A secretary sees and
changes only the items of their own committees; any other id is a 404 like a missing one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from followup.calendar import utc_now
from followup.loop.signing import link_secret
from followup.render import environment
from followup.settings import Settings
from followup.web.admin import (
    auth,
    dashboard,
    files,
    items,
    meetings,
    outbox,
    preview,
    reports,
    requests,
    sessions,
    sign_in,
)
from followup.web.admin.pages import ConsolePages, console_pages
from followup.web.deps import Refused, SignInRequired, new_app
from followup.web.pages import PageCache, failure_kind

log = logging.getLogger(__name__)

COOKIE = "followup_admin"
BOARD_PAGES = 128  # rendered dashboards kept, one per secretary's session and committee
ROUTERS = (
    sign_in.router,
    dashboard.router,
    items.router,
    meetings.router,
    files.router,
    sessions.router,
    reports.router,
    requests.router,
    outbox.router,
    preview.router,
)


class _Errors:
    """Turns any exception of a handler into the Korean 500 page (logged, never shown): a
    temporary failure's, or one that says retrying will not help
    (:func:`followup.web.pages.failure_kind`)."""

    def __init__(self, app: ASGIApp, page: Callable[[str], HTMLResponse]) -> None:
        self.app, self.page = app, page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking)
        except Exception as error:
            log.exception("console error on %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            await self.page(failure_kind(error))(scope, receive, send)


async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
    kind = {404: "missing", 405: "method"}.get(exc.status_code, "form")
    return console_pages(request).error(request, exc.status_code, kind)


async def refused(request: Request, exc: Refused) -> Response:
    return console_pages(request).error(request, exc.status, exc.kind)


async def to_sign_in(request: Request, exc: SignInRequired) -> Response:
    return sign_in.to_sign_in(request)


def admin_app(settings: Settings, *, clock: Callable[[], datetime] = utc_now) -> FastAPI:
    pages = ConsolePages(environment(settings.templates_dir))
    app = new_app(
        settings,
        clock,
        {StarletteHTTPException: http_error, Refused: refused, SignInRequired: to_sign_in},
    )
    app.state.pages, app.state.board_cache = pages, PageCache(BOARD_PAGES)
    app.add_middleware(_Errors, page=pages.server_error)
    app.add_middleware(
        SessionMiddleware,
        secret_key=auth.session_key(link_secret(settings)),
        session_cookie=COOKIE,
        max_age=auth.SESSION_HOURS * 3600,
        path="/admin",
        same_site="strict",
        https_only=settings.base_url.startswith("https://"),
    )
    for router in ROUTERS:
        app.include_router(router)
    return app
