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
page with the same headers. Handlers are thin: the reading and writing is in
:mod:`followup.loop.updates`, every text in ``templates/web/``.

Production: ``uvicorn --factory followup.web.app:create_app --workers N --no-server-header
--proxy-headers`` behind a reverse proxy (README). The secretary's console is mounted with
``app.include_router(...)`` on the app :func:`create_app` returns.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, Template
from sqlmodel import select
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from followup.calendar import utc_now
from followup.committee import configured_committees
from followup.errors import FollowupError
from followup.loop import requests, updates
from followup.loop.signing import InvalidLink, LinkClaims, link_secret, verify_team_link
from followup.render import environment
from followup.settings import Settings, get_settings
from followup.web.admin import admin_app
from models.db import get_engine, session_scope
from models.tables import Committee

MAX_FORM_BYTES = 64 * 1024  # a 2,000-character Korean note is about 18 KB percent-encoded
MAX_FORM_FIELDS = 8
MAX_ID = 2**31 - 1
MAX_CACHED_PAGES = 512  # the id columns are 32-bit integers on PostgreSQL

SECURITY_HEADERS = {
    "cache-control": "no-store",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "x-robots-tag": "noindex, nofollow",
    "content-security-policy": (
        "default-src 'none'; style-src 'unsafe-inline'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
}
_RAW_HEADERS = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
_UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
_TOKEN_PATH = re.compile(r"/t/[^/?#\s\"]+")


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


class _Pages:
    """Renders the templates under ``web/`` (``*.html.j2``: HTML-escaped), each loaded once."""

    def __init__(self, templates: Environment) -> None:
        self._env = templates
        self._cache: dict[str, Template] = {}

    def render(self, name: str, status_code: int, **context: Any) -> HTMLResponse:
        template = self._cache.get(name)
        if template is None:
            template = self._cache[name] = self._env.get_template(f"web/{name}")
        return HTMLResponse(template.render(**context), status_code=status_code)

    def error(self, status_code: int, kind: str, **context: Any) -> HTMLResponse:
        context.setdefault("secretary", None)
        context.setdefault("back", None)
        try:
            response = self.render("error.html.j2", status_code, kind=kind, **context)
        except Exception:  # the last resort must not fail in turn
            response = HTMLResponse(_FALLBACK, status_code=status_code)
        response.headers.update(SECURITY_HEADERS)
        return response


_FALLBACK = (
    '<!doctype html><html lang="ko"><meta charset="utf-8"><title>오류</title>'
    "<p>요청을 처리하지 못했습니다. 잠시 뒤 다시 시도해 주십시오.</p></html>"
)
_HTTP_KINDS = {404: "notfound", 405: "method", 413: "form", 415: "form", 400: "form"}


def create_app(settings: Settings | None = None) -> FastAPI:
    """The app; called by uvicorn's ``--factory`` in every worker."""
    settings = settings or get_settings()
    url = settings.resolved_database_url
    secret = link_secret(settings)
    get_engine(url)  # migrate now, not in the first request
    install_log_redaction()
    pages = _Pages(environment(settings.templates_dir))
    app = FastAPI(title="followup", docs_url=None, redoc_url=None, openapi_url=None)
    base_host = urlsplit(settings.base_url).netloc.lower()
    app.add_middleware(_Guard, host=base_host, refuse=lambda: pages.error(403, "origin"))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = exc.status_code if 400 <= exc.status_code < 600 else 500
        response = pages.error(code, _HTTP_KINDS.get(code, "server" if code >= 500 else "form"))
        if code == 405 and exc.headers:
            response.headers.update(exc.headers)
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        return pages.error(422, "form")

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        logging.getLogger("followup.web").error(
            "unhandled %s on %s %s",
            type(exc).__name__,
            request.method,
            _TOKEN_PATH.sub("/t/[token]", request.url.path),
        )
        return pages.error(500, "server")

    def claims_of(token: str) -> LinkClaims | None:
        try:
            return verify_team_link(secret, token, now=utc_now())
        except InvalidLink:
            return None

    def secretary(committee_name: str | None) -> str | None:
        try:
            return updates.secretary_of(configured_committees(settings), committee_name)
        except (FollowupError, OSError):
            return None

    # Rendered pages by token, reused while updates.page_state (one query) is unchanged.
    rendered: dict[str, tuple[object, bytes]] = {}
    rendered_lock = threading.Lock()

    def secretary_name() -> str | None:
        # The committee file is cached: this costs a stat of the file.
        committees = configured_committees(settings)
        return ",".join(c.secretary for c in committees)

    def invalid_link(token: str) -> HTMLResponse:
        """403, naming the secretary of the link's committee when the link is ours but
        expired or revoked, or of the only committee configured."""
        name = None
        try:
            # The signature is checked before the expiry: a token that verifies at the epoch
            # is one we signed, so its committee may be named.
            old = verify_team_link(secret, token, now=datetime.fromtimestamp(0, UTC))
            with session_scope(url) as session:
                name = session.exec(
                    select(Committee.name).where(Committee.id == old.committee_id)
                ).first()
        except InvalidLink:
            pass
        return pages.error(403, "link", secretary=secretary(name))

    def team_response(
        request: Request,
        token: str,
        claims: LinkClaims,
        *,
        status_code: int = 200,
        notice: tuple[str, int] | None = None,
        error: dict[str, Any] | None = None,
    ) -> HTMLResponse:
        plain = notice is None and error is None and status_code == 200
        now = utc_now()
        try:
            with session_scope(url) as session:
                if plain:
                    key = (updates.page_state(session, claims, now=now), secretary_name())
                    with rendered_lock:
                        hit = rendered.get(token)
                    if hit is not None and hit[0] == key:
                        return HTMLResponse(hit[1])
                page = updates.team_page(session, claims, now=now)
        except updates.UnknownTeam:
            return invalid_link(token)
        if notice is not None and notice[1] not in page.item_ids:
            notice = None
        response = pages.render(
            "team.html.j2",
            status_code,
            page=page,
            secretary=secretary(page.committee),
            page_path=f"/t/{token}",
            notice=notice,
            error=error,
            reportable=updates.REPORTABLE,
            max_note=updates.MAX_NOTE,
            max_reason=requests.MAX_REASON,
        )
        if plain:
            with rendered_lock:
                rendered[token] = (key, bytes(response.body))
                while len(rendered) > MAX_CACHED_PAGES:
                    rendered.pop(next(iter(rendered)))
        return response

    @app.get("/healthz")
    def healthz() -> dict[str, bool]:
        return {"ok": True}

    @app.get("/t/{token}", name="team_page", response_class=HTMLResponse)
    def team_page(request: Request, token: str) -> HTMLResponse:
        claims = claims_of(token)
        if claims is None:
            return invalid_link(token)
        notice = None
        for outcome in _OUTCOMES:
            item_id = _id(request.query_params.get(outcome))
            if item_id is not None:
                notice = (outcome, item_id)
                break
        return team_response(request, token, claims, notice=notice)

    @app.get("/t/{token}/items/{item_id}")
    @app.get("/t/{token}/items/{item_id}/{kind}")
    def item_page(request: Request, token: str, item_id: str, kind: str = "") -> Response:
        """Where the browser is after a refused form; a plain visit goes to the page."""
        if claims_of(token) is None:
            return invalid_link(token)
        number = _id(item_id)
        if number is None or kind not in ("", *requests.KINDS):
            return pages.error(404, "item", back=f"/t/{token}")
        return RedirectResponse(f"/t/{token}#item-{number}", status_code=303)

    @app.post("/t/{token}/items/{item_id}")
    async def report_item(request: Request, token: str, item_id: str) -> Response:
        return await _post(request, token, item_id, "report")

    @app.post("/t/{token}/items/{item_id}/{kind}")
    async def request_item(request: Request, token: str, item_id: str, kind: str) -> Response:
        if kind not in requests.KINDS:
            return pages.error(404, "notfound")
        return await _post(request, token, item_id, kind)

    async def _post(request: Request, token: str, item_id: str, action: str) -> Response:
        claims = claims_of(token)
        if claims is None:
            return await run_in_threadpool(invalid_link, token)
        number = _id(item_id)
        if number is None:
            return pages.error(404, "item", back=f"/t/{token}")
        form = await _read_form(request)
        if isinstance(form, int):
            return pages.error(form, "form", back=f"/t/{token}")
        return await run_in_threadpool(store_form, request, token, claims, number, action, form)

    def store_form(
        request: Request,
        token: str,
        claims: LinkClaims,
        item_id: int,
        action: str,
        form: dict[str, str],
    ) -> Response:
        path = f"/t/{token}"
        now = utc_now()
        try:
            with session_scope(url) as session:
                if action == "report":
                    recorded = updates.submit_report(
                        session,
                        claims,
                        item_id=item_id,
                        status=form.get("status"),
                        note=form.get("note"),
                        planned_on=form.get("planned_on"),
                        reporter=form.get("reporter"),
                        now=now,
                    )
                    outcome = "saved" if recorded else "unchanged"
                elif action == requests.TRANSFER:
                    submitted = updates.submit_transfer(
                        session,
                        claims,
                        item_id=item_id,
                        suggested_team=form.get("suggested_team"),
                        reason=form.get("reason"),
                        name=form.get("reporter"),
                        now=now,
                    )
                    outcome = "requested" if submitted.created else "pending"
                else:
                    submitted = updates.submit_extension(
                        session,
                        claims,
                        item_id=item_id,
                        new_due=form.get("new_due"),
                        reason=form.get("reason"),
                        name=form.get("reporter"),
                        now=now,
                    )
                    outcome = "requested" if submitted.created else "pending"
        except updates.UnknownTeam:
            return invalid_link(token)
        except updates.ItemNotFound:
            return pages.error(404, "item", back=path)
        except (updates.InvalidReport, requests.InvalidRequest) as invalid:
            error = {"item_id": item_id, "form": action, "code": invalid.code, "values": form}
            return team_response(request, token, claims, status_code=422, error=error)
        return RedirectResponse(f"{path}?{outcome}={item_id}#item-{item_id}", status_code=303)

    app.mount("/admin", admin_app(settings))
    return app


_OUTCOMES = ("saved", "unchanged", "requested", "pending")


async def _read_form(request: Request) -> dict[str, str] | int:
    """The URL-encoded form (first value of each field), or the HTTP status refusing it.

    Parsed here rather than by FastAPI's ``Form``, which needs python-multipart."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        return 415
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            return 413
    try:
        pairs = parse_qsl(
            body.decode("latin-1"),
            keep_blank_values=True,
            encoding="utf-8",
            errors="replace",
            max_num_fields=MAX_FORM_FIELDS,
        )
    except ValueError:
        return 400
    form: dict[str, str] = {}
    for key, value in pairs:
        form.setdefault(key, value)
    return form


def _id(value: str | None) -> int | None:
    """An id from the path or query: ASCII digits within the id columns' range, else None."""
    if value is None or not (value.isascii() and value.isdigit()) or len(value) > 10:
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None
