"""The page behind every team link (``{base_url}/t/{token}``): no account, a phone, a form.

Routes:

* ``GET /t/{token}``: the team's visible items with a status form each (403 page for a link
  that is expired or not ours);
* ``POST /t/{token}/items/{item_id}``: store one report, then 303 back to the page; 404 for an
  item that is not the team's, 422 with the page and a message for an invalid report;
* ``GET /healthz``.

The token is a credential: it only ever travels in the path, and every response says
``Cache-Control: no-store`` and ``Referrer-Policy: no-referrer``. Handlers are thin: the
reading and writing is in :mod:`followup.web.status`, every text in ``templates/web/``.

Run it with ``uvicorn --factory followup.web.app:create_app``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment
from sqlmodel import select
from starlette.concurrency import run_in_threadpool

from followup.calendar import utc_now
from followup.committee import configured_committees
from followup.errors import FollowupError
from followup.links import InvalidLink, LinkClaims, link_secret, verify_team_link
from followup.render import environment
from followup.settings import Settings, get_settings
from followup.web import status
from followup.web.admin import admin_app
from models.db import session_scope
from models.tables import Committee

MAX_FORM_BYTES = 64 * 1024  # a 2,000-character Korean note is about 18 KB percent-encoded
MAX_FORM_FIELDS = 8

SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "X-Robots-Tag": "noindex, nofollow",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
}


class _Pages:
    """Renders the templates under ``web/`` (``*.html.j2``: HTML-escaped)."""

    def __init__(self, templates: Environment) -> None:
        self._env = templates

    def render(self, name: str, status_code: int, **context: Any) -> HTMLResponse:
        html = self._env.get_template(f"web/{name}").render(**context)
        return HTMLResponse(html, status_code=status_code)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    url = settings.resolved_database_url
    secret = link_secret(settings)
    pages = _Pages(environment(settings.templates_dir))
    app = FastAPI(title="followup", docs_url=None, redoc_url=None, openapi_url=None)

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    def claims_of(token: str) -> LinkClaims | None:
        try:
            return verify_team_link(secret, token, now=utc_now())
        except InvalidLink:
            return None

    def secretary(committee_name: str | None) -> str | None:
        try:
            return status.secretary_of(configured_committees(settings), committee_name)
        except (FollowupError, OSError):
            return None

    def invalid_link(token: str) -> HTMLResponse:
        """403, naming the secretary of the link's committee when the link is ours but
        expired, or of the only committee configured."""
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
        return pages.render("error.html.j2", 403, kind="link", secretary=secretary(name), back=None)

    def team_response(
        request: Request,
        token: str,
        claims: LinkClaims,
        *,
        status_code: int = 200,
        saved: int | None = None,
        unchanged: int | None = None,
        error: dict[str, Any] | None = None,
    ) -> HTMLResponse:
        try:
            with session_scope(url) as session:
                page = status.team_page(session, claims, now=utc_now())
        except status.UnknownTeam:
            return invalid_link(token)
        shown = page.item_ids
        return pages.render(
            "team.html.j2",
            status_code,
            page=page,
            secretary=secretary(page.committee),
            page_path=request.url_for("team_page", token=token).path,
            saved=saved if saved in shown else None,
            unchanged=unchanged if unchanged in shown else None,
            error=error,
            reportable=status.REPORTABLE,
            max_note=status.MAX_NOTE,
        )

    @app.get("/healthz")
    def healthz() -> dict[str, bool]:
        return {"ok": True}

    @app.get("/t/{token}", name="team_page", response_class=HTMLResponse)
    def team_page(
        request: Request, token: str, saved: str | None = None, unchanged: str | None = None
    ) -> HTMLResponse:
        claims = claims_of(token)
        if claims is None:
            return invalid_link(token)
        return team_response(request, token, claims, saved=_int(saved), unchanged=_int(unchanged))

    @app.get("/t/{token}/items/{item_id:int}")
    def item_page(request: Request, token: str, item_id: int) -> Response:
        """Where the browser is after a refused report; a plain visit goes to the page."""
        if claims_of(token) is None:
            return invalid_link(token)
        path = request.url_for("team_page", token=token).path
        return RedirectResponse(f"{path}#item-{item_id}", status_code=303)

    @app.post("/t/{token}/items/{item_id:int}")
    async def report_item(request: Request, token: str, item_id: int) -> Response:
        claims = claims_of(token)
        if claims is None:
            return await run_in_threadpool(invalid_link, token)
        form = await _read_form(request)
        if isinstance(form, int):
            back = request.url_for("team_page", token=token).path
            return pages.render("error.html.j2", form, kind="form", secretary=None, back=back)
        return await run_in_threadpool(store_report, request, token, claims, item_id, form)

    def store_report(
        request: Request, token: str, claims: LinkClaims, item_id: int, form: dict[str, str]
    ) -> Response:
        path = request.url_for("team_page", token=token).path
        try:
            with session_scope(url) as session:
                recorded = status.submit_report(
                    session,
                    claims,
                    item_id=item_id,
                    status=form.get("status"),
                    note=form.get("note"),
                    now=utc_now(),
                )
        except status.UnknownTeam:
            return invalid_link(token)
        except status.ItemNotFound:
            return pages.render("error.html.j2", 404, kind="item", secretary=None, back=path)
        except status.InvalidReport as invalid:
            error = {
                "item_id": item_id,
                "code": invalid.code,
                "status": form.get("status", ""),
                "note": form.get("note", ""),
            }
            return team_response(request, token, claims, status_code=422, error=error)
        outcome = "saved" if recorded else "unchanged"
        return RedirectResponse(f"{path}?{outcome}={item_id}#item-{item_id}", status_code=303)

    app.mount("/admin", admin_app(settings))
    return app


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


def _int(value: str | None) -> int | None:
    return int(value) if value is not None and value.isascii() and value.isdigit() else None
