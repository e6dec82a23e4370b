"""The web's shared FastAPI dependencies, for the team page and the secretary's console.

Each app keeps what it was built with on ``app.state`` (``settings``, ``clock``; the console
also ``pages``): the dependencies read them from the app serving the request, so a test
builds an app with its own settings and a fixed clock.

The console's: the signed-in secretary (:data:`Secretary`; without one,
:class:`SignInRequired`, which the console's one handler turns into the redirect to its
sign-in page), the committee they are looking at (``c`` in the query or the posted form)
with its file and clock (:data:`ViewedDesk`, :data:`PostedDesk`), and the posted form
whose CSRF token has been checked (:data:`PostedForm`).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Coroutine, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Annotated, Any, NamedTuple

from fastapi import Depends, FastAPI, Request
from fastapi.responses import Response
from sqlmodel import Session

from followup.calendar import local_date
from followup.committee import Committee as CommitteeFile
from followup.committee import configured_committees
from followup.errors import FollowupError
from followup.settings import Settings
from followup.web.admin.auth import session_secretary
from followup.web.forms import FormRefused, parse_number, read_form
from models.db import session_scope
from models.tables import Committee

Clock = Callable[[], datetime]
Handler = Callable[[Request, Any], Coroutine[Any, Any, Response]]
# A meeting's confirmation page posts summary, team, due date and a box per item.
CONSOLE_FORM_FIELDS = 1024
CONSOLE_FORM_BYTES = 1024 * 1024


def new_app(
    settings: Settings, clock: Clock, handlers: dict[int | type[Exception], Handler], **kwargs: Any
) -> FastAPI:
    """An app without the API's docs pages, answering errors with ``handlers``, its settings
    and clock on ``app.state`` for the dependencies below."""
    app = FastAPI(
        docs_url=None, redoc_url=None, openapi_url=None, exception_handlers=handlers, **kwargs
    )
    app.state.settings, app.state.clock = settings, clock
    return app


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_clock(request: Request) -> Clock:
    clock: Clock = request.app.state.clock
    return clock


SettingsDep = Annotated[Settings, Depends(get_settings)]
ClockDep = Annotated[Clock, Depends(get_clock)]


class Database:
    """Opens the app's database sessions: each ``with db.session() as session`` is one unit of
    work (committed on success, rolled back on error), so a handler commits before it sends
    the outbox and rolls a refused change back before it shows the page again."""

    def __init__(self, url: str) -> None:
        self.url = url

    def session(self) -> AbstractContextManager[Session]:
        return session_scope(self.url)


async def get_database(settings: SettingsDep) -> Database:
    return Database(settings.resolved_database_url)


DatabaseDep = Annotated[Database, Depends(get_database)]


# --- the console ---


class Refused(Exception):
    """Answer the request with this status and the console's Korean error page of ``kind``."""

    def __init__(self, status: int, kind: str) -> None:
        super().__init__(status, kind)
        self.status, self.kind = status, kind


class SignInRequired(Exception):
    """No secretary is signed in: the console answers with its sign-in page's address."""


@dataclass(frozen=True)
class Who:
    secretary_id: int
    name: str
    committees: tuple[Committee, ...]
    csrf: str
    open_requests: Mapping[int, int] = field(default_factory=dict)  # per committee id

    @property
    def committee_ids(self) -> set[int]:
        return {c.id for c in self.committees if c.id is not None}


class Desk(NamedTuple):
    """The committee a signed-in secretary is looking at, and its clock."""

    committee: Committee
    spec: CommitteeFile
    now: datetime
    today: date


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not isinstance(token, str) or len(token) < 32:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return token


def signed_in(request: Request, db: DatabaseDep, clock: ClockDep) -> Who | None:
    """The secretary of the session cookie, or None (and the cookie emptied) when it is
    missing or its session is not on the server (signed out, a new password, older than the
    session hours)."""
    data = request.session
    token = data.get("tok")
    if not isinstance(token, str):
        return None
    with db.session() as session:
        signed = session_secretary(session, token=token, now=clock())
    if signed is None:
        data.clear()
        return None
    return Who(
        signed.secretary_id,
        signed.name,
        signed.committees,
        csrf_token(request),
        signed.open_requests,
    )


async def current_secretary(who: Annotated[Who | None, Depends(signed_in)]) -> Who:
    if who is None:
        raise SignInRequired
    return who


SignedIn = Annotated[Who | None, Depends(signed_in)]
Secretary = Annotated[Who, Depends(current_secretary)]


async def posted_form(request: Request) -> dict[str, str]:
    """The posted form, refused (403) unless it carries the session's CSRF token."""
    try:
        form = await read_form(
            request, max_fields=CONSOLE_FORM_FIELDS, max_bytes=CONSOLE_FORM_BYTES
        )
    except FormRefused as refused:
        raise Refused(refused.status, "form") from None
    check_csrf(request, form)
    return form


def check_csrf(request: Request, form: dict[str, str]) -> None:
    """Refuse (403) a posted form without the session's CSRF token."""
    token = request.session.get("csrf")
    sent = form.get("csrf", "").encode()  # compare_digest refuses non-ASCII str
    if not (isinstance(token, str) and token and secrets.compare_digest(token.encode(), sent)):
        raise Refused(403, "csrf")


PostedForm = Annotated[dict[str, str], Depends(posted_form)]


def chosen(who: Who, value: str | None) -> Committee:
    """The secretary's committee of id ``value``, else their first (403 with none)."""
    wanted = parse_number(value)
    for committee in who.committees:
        if committee.id == wanted:
            return committee
    if not who.committees:
        raise Refused(403, "no_committee")
    return who.committees[0]


async def viewed_committee(request: Request, who: Secretary) -> Committee:
    return chosen(who, request.query_params.get("c"))


async def posted_committee(form: PostedForm, who: Secretary) -> Committee:
    return form_committee(form, who)


def form_committee(form: dict[str, str], who: Who) -> Committee:
    """The committee a form acts on: one of the secretary's own, or 403. A form naming
    another committee is refused, never applied to the secretary's first committee."""
    wanted = form.get("c")
    if wanted and parse_number(wanted) not in who.committee_ids:
        raise Refused(403, "other_committee")
    return chosen(who, wanted)


ViewedCommittee = Annotated[Committee, Depends(viewed_committee)]
PostedCommittee = Annotated[Committee, Depends(posted_committee)]


def spec_of(settings: Settings, committee: Committee) -> CommitteeFile:
    """The committee's file (500 if the files cannot be read, 404 if it is gone)."""
    try:
        committees = configured_committees(settings)
    except FollowupError:
        raise Refused(500, "config") from None
    for spec in committees:
        if spec.name == committee.name:
            return spec
    raise Refused(404, "not_configured")


def desk_of(settings: Settings, clock: Clock, committee: Committee) -> Desk:
    """The committee's desk. Cheap enough for the event loop (the committee file is cached
    and only looked at with a stat), so the dependencies above are coroutines: a request
    does not hop to a worker thread for each."""
    spec = spec_of(settings, committee)
    now = clock()
    return Desk(committee, spec, now, local_date(now, spec.timezone))


async def viewed_desk(settings: SettingsDep, clock: ClockDep, committee: ViewedCommittee) -> Desk:
    return desk_of(settings, clock, committee)


async def posted_desk(settings: SettingsDep, clock: ClockDep, committee: PostedCommittee) -> Desk:
    return desk_of(settings, clock, committee)


ViewedDesk = Annotated[Desk, Depends(viewed_desk)]
PostedDesk = Annotated[Desk, Depends(posted_desk)]
