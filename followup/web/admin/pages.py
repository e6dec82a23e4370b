"""The console's pages: its templates under ``templates/web/admin/``, rendered with the path
the console is mounted at (``base``), and its Korean error page."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment

from followup.web.deps import Who
from models.tables import Committee


class ConsolePages:
    def __init__(self, templates: Environment) -> None:
        self.templates = templates

    def render(
        self, request: Request, template: str, status_code: int = 200, **context: Any
    ) -> HTMLResponse:
        html = self.templates.get_template(f"web/admin/{template}").render(
            base=base_path(request), **context
        )
        return HTMLResponse(html, status_code=status_code)

    def page(
        self,
        request: Request,
        template: str,
        who: Who,
        committee: Committee,
        status_code: int = 200,
        **extra: Any,
    ) -> HTMLResponse:
        """A page of a signed-in secretary: the header shows who and which committee."""
        return self.render(
            request,
            template,
            status_code,
            who=who,
            committee=committee,
            csrf=who.csrf,
            path=request.url.path,
            **extra,
        )

    def error(self, request: Request | None, status_code: int, kind: str) -> HTMLResponse:
        html = self.templates.get_template("web/admin/error.html.j2").render(
            base=base_path(request) if request else "/admin",
            kind=kind,
            status_code=status_code,
            who=None,
        )
        return HTMLResponse(html, status_code=status_code)

    def server_error(self) -> HTMLResponse:
        return self.error(None, 500, "server")


def base_path(request: Request) -> str:
    """Where the console is mounted (``/admin``): every link and form on its pages starts so."""
    return str(request.scope.get("root_path", ""))


def console_pages(request: Request) -> ConsolePages:
    pages: ConsolePages = request.app.state.pages
    return pages


async def get_pages(request: Request) -> ConsolePages:
    return console_pages(request)


Pages = Annotated[ConsolePages, Depends(get_pages)]
