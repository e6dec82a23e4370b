"""The team page's templates under ``templates/web/`` and its Korean error page; the cache
of rendered pages the team page and the console's dashboard share."""

from __future__ import annotations

import re
import threading
from collections.abc import Hashable
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
MAX_CACHED_PAGES = 512
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


class PageCache:
    """Rendered pages by slot (a team's token; a secretary's session and committee), each
    reused while the key it was rendered under is equal to the caller's (a key that changes
    whenever the page would); the oldest are dropped past ``size``."""

    def __init__(self, size: int = MAX_CACHED_PAGES) -> None:
        self._pages: dict[Hashable, tuple[object, bytes]] = {}
        self._lock = threading.Lock()
        self._size = size

    def get(self, slot: Hashable, key: object) -> bytes | None:
        with self._lock:
            hit = self._pages.get(slot)
        return hit[1] if hit is not None and hit[0] == key else None

    def put(self, slot: Hashable, key: object, body: bytes) -> None:
        with self._lock:
            self._pages[slot] = (key, body)
            while len(self._pages) > self._size:
                self._pages.pop(next(iter(self._pages)))
