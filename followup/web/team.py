"""The team page's routes (``/t/{token}`` and its forms, ``/healthz``); see
:mod:`followup.web.app` for the app around them.

Handlers are thin: the reading and writing is in :mod:`followup.loop.updates`, every text in
``templates/web/``. The token is checked before anything else is read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from followup import store
from followup.codes import RequestKind
from followup.committee import configured_committees
from followup.errors import FollowupError
from followup.loop import requests, updates
from followup.loop.signing import InvalidLink, LinkClaims, verify_team_link
from followup.settings import Settings
from followup.web.deps import Clock, ClockDep, Database, DatabaseDep, SettingsDep
from followup.web.forms import FormRefused, parse_id, read_form
from followup.web.pages import PageCache, Pages

MAX_FORM_FIELDS = 8
OUTCOMES = ("saved", "unchanged", "requested", "pending")
REPORT = "report"  # the report form; the request forms are named by their RequestKind
# Each request form's own field (besides the reason and the name) and what stores it.
REQUEST_FORMS: dict[str, tuple[str, Callable[..., requests.Submitted]]] = {
    RequestKind.TRANSFER: ("suggested_team", updates.submit_transfer),
    RequestKind.EXTENSION: ("new_due", updates.submit_extension),
}

router = APIRouter()


@dataclass(frozen=True)
class TeamSite:
    """What the team routes work with: the app's settings, link secret, pages, page cache,
    clock and database."""

    settings: Settings
    secret: bytes
    pages: Pages
    cache: PageCache
    clock: Clock
    db: Database

    def claims_of(self, token: str) -> LinkClaims | None:
        try:
            return verify_team_link(self.secret, token, now=self.clock())
        except InvalidLink:
            return None

    def secretary(self, committee: str | None) -> str | None:
        try:
            return updates.secretary_of(configured_committees(self.settings), committee)
        except (FollowupError, OSError):
            return None

    def secretary_names(self) -> str:
        # The committee file is cached: this costs a stat of the file.
        return ",".join(c.secretary for c in configured_committees(self.settings))

    def invalid_link(self, token: str) -> HTMLResponse:
        """403, naming the secretary of the link's committee when the link is ours but
        expired or revoked, or of the only committee configured."""
        name = None
        try:
            # The signature is checked before the expiry: a token that verifies at the epoch
            # is one we signed, so its committee may be named.
            old = verify_team_link(self.secret, token, now=datetime.fromtimestamp(0, UTC))
            with self.db.session() as session:
                name = store.committee_name(session, committee_id=old.committee_id)
        except InvalidLink:
            pass
        return self.pages.error(403, "link", secretary=self.secretary(name))

    def page(
        self,
        token: str,
        claims: LinkClaims,
        *,
        status_code: int = 200,
        notice: tuple[str, int] | None = None,
        error: dict[str, Any] | None = None,
    ) -> HTMLResponse:
        """The team's page; a plain view is served from the cache while nothing changed."""
        plain = notice is None and error is None and status_code == 200
        now = self.clock()
        try:
            with self.db.session() as session:
                if plain:
                    key = (updates.page_state(session, claims, now=now), self.secretary_names())
                    hit = self.cache.get(token, key)
                    if hit is not None:
                        return HTMLResponse(hit)
                page = updates.team_page(session, claims, now=now)
        except updates.UnknownTeam:
            return self.invalid_link(token)
        if notice is not None and notice[1] not in page.item_ids:
            notice = None
        response = self.pages.render(
            "team.html.j2",
            status_code,
            page=page,
            secretary=self.secretary(page.committee),
            page_path=f"/t/{token}",
            notice=notice,
            error=error,
            reportable=updates.REPORTABLE,
            max_note=updates.MAX_NOTE,
            max_reason=requests.MAX_REASON,
        )
        if plain:
            self.cache.put(token, key, bytes(response.body))
        return response

    def store(
        self, token: str, claims: LinkClaims, item_id: int, action: str, form: dict[str, str]
    ) -> Response:
        """Store one form, then 303 back to the page (422 with the page if it is invalid)."""
        path = f"/t/{token}"
        now = self.clock()
        try:
            with self.db.session() as session:
                outcome = submit(session, claims, item_id, action, form, now=now)
        except updates.UnknownTeam:
            return self.invalid_link(token)
        except updates.ItemNotFound:
            return self.pages.error(404, "item", back=path)
        except (updates.InvalidReport, requests.InvalidRequest) as invalid:
            error = {"item_id": item_id, "form": action, "code": invalid.code, "values": form}
            return self.page(token, claims, status_code=422, error=error)
        return RedirectResponse(f"{path}?{outcome}={item_id}#item-{item_id}", status_code=303)


def submit(
    session: Session,
    claims: LinkClaims,
    item_id: int,
    action: str,
    form: dict[str, str],
    *,
    now: datetime,
) -> str:
    """Apply the report or the request; the outcome shown on the page."""
    if action == REPORT:
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
        return "saved" if recorded else "unchanged"
    field, submit_request = REQUEST_FORMS[action]
    submitted = submit_request(
        session,
        claims,
        item_id=item_id,
        reason=form.get("reason"),
        name=form.get("reporter"),
        now=now,
        **{field: form.get(field)},
    )
    return "requested" if submitted.created else "pending"


async def team_site(
    request: Request, settings: SettingsDep, clock: ClockDep, db: DatabaseDep
) -> TeamSite:
    state = request.app.state
    return TeamSite(settings, state.link_secret, state.pages, state.page_cache, clock, db)


Site = Annotated[TeamSite, Depends(team_site)]


@router.get("/healthz")
def healthz() -> dict[str, bool]:
    return {"ok": True}


@router.get("/t/{token}", name="team_page", response_class=HTMLResponse)
def team_page(request: Request, token: str, site: Site) -> HTMLResponse:
    claims = site.claims_of(token)
    if claims is None:
        return site.invalid_link(token)
    notice = None
    for outcome in OUTCOMES:
        item_id = parse_id(request.query_params.get(outcome))
        if item_id is not None:
            notice = (outcome, item_id)
            break
    return site.page(token, claims, notice=notice)


@router.get("/t/{token}/items/{item_id}")
@router.get("/t/{token}/items/{item_id}/{kind}")
def item_page(token: str, item_id: str, site: Site, kind: str = "") -> Response:
    """Where the browser is after a refused form; a plain visit goes to the page."""
    if site.claims_of(token) is None:
        return site.invalid_link(token)
    number = parse_id(item_id)
    if number is None or kind not in ("", *requests.KINDS):
        return site.pages.error(404, "item", back=f"/t/{token}")
    return RedirectResponse(f"/t/{token}#item-{number}", status_code=303)


@router.post("/t/{token}/items/{item_id}")
async def report_item(request: Request, token: str, item_id: str, site: Site) -> Response:
    return await post_form(request, site, token, item_id, REPORT)


@router.post("/t/{token}/items/{item_id}/{kind}")
async def request_item(
    request: Request, token: str, item_id: str, kind: str, site: Site
) -> Response:
    if kind not in requests.KINDS:
        return site.pages.error(404, "notfound")
    return await post_form(request, site, token, item_id, kind)


async def post_form(
    request: Request, site: TeamSite, token: str, item_id: str, action: str
) -> Response:
    """The link, then the item id, then the form are checked; the form is stored in a
    worker thread."""
    claims = site.claims_of(token)
    if claims is None:
        return await run_in_threadpool(site.invalid_link, token)
    number = parse_id(item_id)
    if number is None:
        return site.pages.error(404, "item", back=f"/t/{token}")
    try:
        form = await read_form(request, max_fields=MAX_FORM_FIELDS)
    except FormRefused as refused:
        return site.pages.error(refused.status, "form", back=f"/t/{token}")
    return await run_in_threadpool(site.store, token, claims, number, action, form)
