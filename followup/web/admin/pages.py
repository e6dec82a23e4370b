"""The console's pages: its templates under ``templates/web/admin/``, rendered with the path
the console is mounted at (``base``), and its Korean error page; :data:`View` and
:data:`PostedView`, what a page or a form of the committee a secretary is looking at works
with, and :data:`Signed`, a page whose object names its committee."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment

from followup.documents import FORMATS
from followup.settings import Settings
from followup.web.deps import (
    Clock,
    ClockDep,
    Database,
    DatabaseDep,
    Desk,
    PostedDesk,
    PostedForm,
    Secretary,
    SettingsDep,
    ViewedDesk,
    Who,
    desk_of,
)
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
            report_formats=tuple(FORMATS),
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

    def server_error(self, kind: str = "server") -> HTMLResponse:
        return self.error(None, 500, kind)


def base_path(request: Request) -> str:
    """Where the console is mounted (``/admin``): every link and form on its pages starts so."""
    return str(request.scope.get("root_path", ""))


def console_pages(request: Request) -> ConsolePages:
    pages: ConsolePages = request.app.state.pages
    return pages


async def get_pages(request: Request) -> ConsolePages:
    return console_pages(request)


Pages = Annotated[ConsolePages, Depends(get_pages)]


@dataclass(frozen=True)
class Refusal:
    """A posted form the page refused: the problem, shown above the form as posted."""

    problem: object
    form: dict[str, str]


@dataclass(frozen=True)
class SignedPage:
    """A page of one of the signed-in secretary's committees, which the page's object (an
    item, a meeting, a file) names: the request, the secretary, the settings, the clock, the
    database and the console's pages."""

    request: Request
    who: Who
    settings: Settings
    clock: Clock
    db: Database
    pages: ConsolePages

    def page(
        self, template: str, committee: Committee, status_code: int = 200, **extra: Any
    ) -> HTMLResponse:
        return self.pages.page(self.request, template, self.who, committee, status_code, **extra)

    def answer(
        self, template: str, committee: Committee, refused: Refusal | None, **extra: Any
    ) -> HTMLResponse:
        """A page that also answers its own forms: what was saved (the ``saved`` query), or
        the refused form's problem with the form as posted (422)."""
        saved = self.request.query_params.get("saved")
        if refused is None:
            return self.page(template, committee, done=saved, problem=None, form={}, **extra)
        return self.page(
            template,
            committee,
            422,
            done=saved,
            problem=refused.problem,
            form=refused.form,
            **extra,
        )

    def view(self, committee: Committee) -> ConsoleView:
        """The page as a view of ``committee`` once the object named it."""
        desk = desk_of(self.settings, self.clock, committee)
        return ConsoleView(self.request, self.who, desk, self.settings, self.db, self.pages)


async def signed_page(
    request: Request,
    who: Secretary,
    settings: SettingsDep,
    clock: ClockDep,
    db: DatabaseDep,
    pages: Pages,
) -> SignedPage:
    return SignedPage(request, who, settings, clock, db, pages)


Signed = Annotated[SignedPage, Depends(signed_page)]


@dataclass(frozen=True)
class ConsoleView:
    """A page of the committee the signed-in secretary is looking at: the request, the
    secretary, the committee's desk, the settings, the database and the console's pages."""

    request: Request
    who: Who
    desk: Desk
    settings: Settings
    db: Database
    pages: ConsolePages

    def page(self, template: str, status_code: int = 200, **extra: Any) -> HTMLResponse:
        return self.pages.page(
            self.request, template, self.who, self.desk.committee, status_code, **extra
        )


async def console_view(page: Signed, desk: ViewedDesk) -> ConsoleView:
    return ConsoleView(page.request, page.who, desk, page.settings, page.db, page.pages)


async def posted_view(form: PostedForm, page: Signed, desk: PostedDesk) -> ConsoleView:
    """The same for a posted form (its CSRF token checked first), of the committee it names."""
    return ConsoleView(page.request, page.who, desk, page.settings, page.db, page.pages)


View = Annotated[ConsoleView, Depends(console_view)]
PostedView = Annotated[ConsoleView, Depends(posted_view)]
