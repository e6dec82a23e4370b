"""The page behind every team link (``{base_url}/t/{token}``): no account, a phone, a form.

Routes:

* ``GET /t/{token}``: the team's visible items with their forms (403 page for a link that is
  expired, revoked by a reissue, or not ours);
* ``POST /t/{token}/items/{item_id}``: store one report, then 303 back to the page;
* ``POST /t/{token}/items/{item_id}/transfer`` and ``.../extension``: the two requests to
  the secretary (소관 아님, 기한 연장), then 303 back;
  404 for an item that is not the team's, 422 with the page and a message for invalid input;
* ``GET /healthz``.

The token is a credential: it only ever travels in the path, it is cut out of the access log
(:class:`RedactTokens`), and every response says ``Cache-Control: no-store`` and
``Referrer-Policy: same-origin`` (no link on the page leads elsewhere, and the browser still
sends an ``Origin`` on our own forms, which :class:`_Guard` checks). Every error is a Korean
page with the same headers. The routes are the router of :mod:`followup.web.team`, over the
dependencies of :mod:`followup.web.deps`; this module assembles the app around them.

Production: ``uvicorn --factory followup.web.app:create_app --workers N --no-server-header
--proxy-headers`` behind a reverse proxy (README). The secretary's console is mounted with
``app.mount("/admin", ...)`` on the app :func:`create_app` returns
(:mod:`followup.web.admin.app`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import datetime
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from followup.loop.signing import link_secret
from followup.render import environment
from followup.settings import Settings, get_settings
from followup.web import team
from followup.web.admin.app import admin_app
from followup.web.deps import new_app
from followup.web.pages import SECURITY_HEADERS, PageCache, Pages, failure_kind
from models.db import get_engine

__all__ = ["SECURITY_HEADERS", "RedactTokens", "create_app", "install_log_redaction"]

_RAW_HEADERS = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
_UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
_TOKEN_PATH = re.compile(r"/t/[^/?#\s\"]+")
_HTTP_KINDS = {404: "notfound", 405: "method", 413: "form", 415: "form", 400: "form"}


class RedactTokens(logging.Filter):
    """Cuts team tokens out of log records (uvicorn's access log prints the whole path)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = _TOKEN_PATH.sub("/t/[token]", record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(
                _TOKEN_PATH.sub("/t/[token]", a) if isinstance(a, str) else a for a in record.args
            )
        return True


def install_log_redaction() -> None:
    for name in ("uvicorn.access", "uvicorn.error"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(RedactTokens())


class _Guard:
    """Pure ASGI middleware: the security headers on every response, and a POST (or other
    unsafe method) whose Origin, or else Referer, names another host than the base URL's
    is refused with 403 before it reaches a handler (defence in depth: the token in the
    path is the credential)."""

    def __init__(self, app: ASGIApp, *, host: str, refuse: Callable[[], Response]) -> None:
        self.app, self.host, self.refuse = app, host, refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] in _UNSAFE_METHODS and not self._same_origin(scope):
            await self.refuse()(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [
                    *message.get("headers", []),
                    *((k, v) for k, v in _RAW_HEADERS if k not in names),
                ]
            await send(message)

        await self.app(scope, receive, with_headers)

    def _same_origin(self, scope: Scope) -> bool:
        headers = dict(scope.get("headers", []))
        claimed = headers.get(b"origin") or headers.get(b"referer")
        if claimed is None:
            return True  # not a browser's cross-site form; the token still decides
        try:
            host = urlsplit(claimed.decode("latin-1")).netloc.lower()
        except ValueError:
            return False
        return host == self.host


def _pages(request: Request) -> Pages:
    pages: Pages = request.app.state.pages
    return pages


async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
    code = exc.status_code if 400 <= exc.status_code < 600 else 500
    response = _pages(request).error(
        code, _HTTP_KINDS.get(code, "server" if code >= 500 else "form")
    )
    if code == 405 and exc.headers:
        response.headers.update(exc.headers)
    return response


async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
    return _pages(request).error(422, "form")


async def server_error(request: Request, exc: Exception) -> Response:
    logging.getLogger("followup.web").error(
        "unhandled %s on %s %s",
        type(exc).__name__,
        request.method,
        _TOKEN_PATH.sub("/t/[token]", request.url.path),
    )
    return _pages(request).error(500, failure_kind(exc))


def create_app(
    settings: Settings | None = None, *, clock: Callable[[], datetime] | None = None
) -> FastAPI:
    """The app; called by uvicorn's ``--factory`` in every worker. Its clock is the
    settings' (the real one, unless a fixed or started clock is set: the demo's state is
    served at the demo's time) unless ``clock`` is given."""
    settings = settings or get_settings()
    clock = clock or settings.now
    secret = link_secret(settings)
    get_engine(settings.resolved_database_url)  # migrate now, not in the first request
    install_log_redaction()
    pages = Pages(environment(settings.templates_dir))
    app = new_app(
        settings,
        clock,
        {
            StarletteHTTPException: http_error,
            RequestValidationError: invalid_request,
            Exception: server_error,
        },
        title="followup",
    )
    app.state.link_secret = secret
    app.state.pages, app.state.page_cache = pages, PageCache()
    base_host = urlsplit(settings.base_url).netloc.lower()
    app.add_middleware(_Guard, host=base_host, refuse=pages.origin_refused)
    app.include_router(team.router)
    app.mount("/admin", admin_app(settings, clock=clock))
    return app
