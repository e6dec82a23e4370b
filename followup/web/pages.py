"""The team page's templates under ``templates/web/`` and its Korean error page."""

from __future__ import annotations

import re
from typing import Any

from fastapi.responses import HTMLResponse
from jinja2 import Environment, Template

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
_DETERMINISTIC = re.compile(r"no such (table|column)|syntax error|has no column", re.I)
_FALLBACK = (
    '<!doctype html><html lang="ko"><meta charset="utf-8"><title>오류</title>'
    "<p>요청을 처리하지 못했습니다. 잠시 뒤 다시 시도해 주십시오.</p></html>"
)


def failure_kind(error: BaseException) -> str:
    """The error page's kind for an unexpected exception: ``server`` (일시적인 오류: the
    database busy or unreachable, a timeout, a connection or file system failure, which a
    retry may get past) or ``broken`` (anything else: the same request fails the same way
    again, and the page says so rather than "try again later")."""
    import sqlalchemy.exc

    temporary = (
        sqlalchemy.exc.OperationalError,
        sqlalchemy.exc.TimeoutError,
        sqlalchemy.exc.DisconnectionError,
        TimeoutError,
        ConnectionError,
    )
    if isinstance(error, sqlalchemy.exc.OperationalError) and _DETERMINISTIC.search(str(error)):
        return "broken"  # SQLite reports a missing table or a bad statement so too
    if isinstance(error, temporary):
        return "server"
    if isinstance(error, sqlalchemy.exc.DBAPIError) and error.connection_invalidated:
        return "server"
    return "broken"


class Pages:
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

    def origin_refused(self) -> HTMLResponse:
        return self.error(403, "origin")
