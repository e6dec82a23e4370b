"""The secretary's console, a sub-application mounted at ``/admin`` by ``create_app``.

Routes (under ``/admin``): ``/login``, ``/logout``; ``/`` the dashboard; ``/items`` the item
list with filters, ``/items.csv`` and ``/items.xlsx`` its exports, ``/items/{id}`` one item
with its actions (edit, reassign, merge, accept, reject, check); ``/sessions`` the sessions,
the reminder plan and each team's latest notice (resend).

A signed session cookie (Starlette's SessionMiddleware, scoped to ``/admin``: HttpOnly,
SameSite=Strict, Secure under an https base URL) holds the secretary's id, the sign-in time
(refused after 8 hours) and a CSRF token that every POST must carry. A secretary sees and
changes only the items of their own committees; any other id is a 404 like a missing one.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, urlencode

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from followup import store
from followup.calendar import local_date, utc_now
from followup.committee import Committee as CommitteeFile
from followup.committee import configured_committees
from followup.documents import exports
from followup.errors import FollowupError
from followup.intake import review
from followup.intake.ingest import limits
from followup.loop import checks
from followup.loop.digest import ON_DEMAND, build_digest, digest_files, queue_digest, render_digest
from followup.loop.remind import preview_reminders
from followup.loop.sessions import Sessions, add_session, load_sessions
from followup.loop.signing import link_secret
from followup.loop.team_links import reissue_link
from followup.outbox.sender import send_due
from followup.render import environment, korean_date
from followup.settings import Settings
from followup.web.admin import auth, views
from models.db import session_scope
from models.tables import ActionItem, Committee, Secretary, Team

log = logging.getLogger(__name__)

COOKIE = "followup_admin"
MAX_FORM_BYTES = 64 * 1024
MAX_FORM_FIELDS = 32
MAX_ID = 2**63 - 1
ALL_STATUSES = ("open", "in_progress", "done", "explained", "withdrawn", "rejected")
KINDS = ("recommendation", "commitment", "decision")
MAX_SUMMARY = 1000
FILTER_KEYS = ("meeting", "agenda", "team", "status", "overdue", "review", "carried", "q")


class Refused(Exception):
    """Answer the request with this status and the Korean error page of ``kind``."""

    def __init__(self, status: int, kind: str) -> None:
        self.status, self.kind = status, kind


@dataclass(frozen=True)
class Who:
    secretary_id: int
    name: str
    committees: tuple[Committee, ...]
    csrf: str

    @property
    def committee_ids(self) -> set[int]:
        return {c.id for c in self.committees if c.id is not None}


class Desk(NamedTuple):
    """The committee a signed-in secretary is looking at, and its clock."""

    committee: Committee
    spec: CommitteeFile
    now: datetime
    today: date


class _Errors:
    """Turns any exception of a handler into the Korean 500 page (logged, never shown)."""

    def __init__(self, app: ASGIApp, page: Callable[[], HTMLResponse]) -> None:
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
        except Exception:
            log.exception("console error on %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            await self.page()(scope, receive, send)


def admin_app(settings: Settings, *, clock: Callable[[], datetime] = utc_now) -> FastAPI:
    url = settings.resolved_database_url
    templates: Environment = environment(settings.templates_dir)
    read_limits = limits(settings)
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)

    def render(
        request: Request, template: str, status_code: int = 200, **context: Any
    ) -> HTMLResponse:
        base = request.scope.get("root_path", "")
        html = templates.get_template(f"web/admin/{template}").render(
            base=base, status_labels=STATUS_WORDS, **context
        )
        return HTMLResponse(html, status_code=status_code)

    def error_page(request: Request | None, status_code: int, kind: str) -> HTMLResponse:
        html = templates.get_template("web/admin/error.html.j2").render(
            base=request.scope.get("root_path", "") if request else "/admin",
            kind=kind,
            status_code=status_code,
            who=None,
        )
        return HTMLResponse(html, status_code=status_code)

    app.add_middleware(_Errors, page=lambda: error_page(None, 500, "server"))
    app.add_middleware(
        SessionMiddleware,
        secret_key=auth.session_key(link_secret(settings)),
        session_cookie=COOKIE,
        max_age=auth.SESSION_HOURS * 3600,
        path="/admin",
        same_site="strict",
        https_only=settings.base_url.startswith("https://"),
    )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> HTMLResponse:
        kind = {404: "missing", 405: "method"}.get(exc.status_code, "form")
        return error_page(request, exc.status_code, kind)

    @app.exception_handler(Refused)
    async def refused(request: Request, exc: Refused) -> HTMLResponse:
        return error_page(request, exc.status, exc.kind)

    # --- who is asking ---

    def csrf_token(request: Request) -> str:
        token = request.session.get("csrf")
        if not isinstance(token, str) or len(token) < 32:
            token = request.session["csrf"] = secrets.token_urlsafe(32)
        return token

    def signed_in(request: Request) -> Who | None:
        data = request.session
        sid, at = data.get("sid"), data.get("at")
        if not isinstance(sid, int) or not isinstance(at, int):
            return None
        now = clock()
        if not 0 <= now.timestamp() - at < auth.SESSION_HOURS * 3600:
            data.clear()
            return None
        with session_scope(url) as session:
            row = session.get(Secretary, sid)
            if row is None:
                data.clear()
                return None
            committees = store.secretary_committees(session, secretary_id=sid)
        return Who(sid, row.name, tuple(committees), csrf_token(request))

    def login_redirect(request: Request) -> RedirectResponse:
        base = request.scope.get("root_path", "")
        return RedirectResponse(f"{base}/login", status_code=303)

    def chosen(who: Who, value: str | None) -> Committee:
        wanted = _int(value)
        for committee in who.committees:
            if committee.id == wanted:
                return committee
        if not who.committees:
            raise Refused(403, "no_committee")
        return who.committees[0]

    def desk(who: Who, chosen_id: str | None) -> Desk:
        committee = chosen(who, chosen_id)
        spec = spec_of(committee)
        now = clock()
        return Desk(committee, spec, now, local_date(now, spec.timezone))

    def back_to_sessions(request: Request, committee: Committee, done: str) -> Response:
        base = request.scope.get("root_path", "")
        return RedirectResponse(f"{base}/sessions?c={committee.id}&done={done}", status_code=303)

    def spec_of(committee: Committee) -> CommitteeFile:
        try:
            committees = configured_committees(settings)
        except FollowupError:
            raise Refused(500, "config") from None
        for spec in committees:
            if spec.name == committee.name:
                return spec
        raise Refused(404, "not_configured")

    def context(request: Request, who: Who, committee: Committee, **extra: Any) -> dict[str, Any]:
        return {
            "who": who,
            "committee": committee,
            "csrf": who.csrf,
            "path": request.url.path,
            **extra,
        }

    async def posted(request: Request) -> dict[str, str]:
        form = await read_form(request)
        token = request.session.get("csrf")
        sent = form.get("csrf", "").encode()  # compare_digest refuses non-ASCII str
        if not (isinstance(token, str) and token and secrets.compare_digest(token.encode(), sent)):
            raise Refused(403, "csrf")
        return form

    # --- sign-in ---

    @app.get("/login")
    def login_page(request: Request) -> Response:
        if signed_in(request) is not None:
            return RedirectResponse(f"{request.scope.get('root_path', '')}/", status_code=303)
        return render(request, "login.html.j2", csrf=csrf_token(request), who=None, problem=None)

    @app.post("/login")
    async def login(request: Request) -> Response:
        form = await posted(request)
        name, password = form.get("name", "")[:200], form.get("password", "")[:1000]
        now = clock()

        def attempt() -> auth.SignIn:
            with session_scope(url) as session:
                return auth.sign_in(session, name=name, password=password, now=now)

        result = await run_in_threadpool(attempt)
        if result.secretary_id is not None:
            request.session.clear()
            request.session.update(
                sid=result.secretary_id, at=int(now.timestamp()), csrf=secrets.token_urlsafe(32)
            )
            return RedirectResponse(f"{request.scope.get('root_path', '')}/", status_code=303)
        locked = None
        if result.locked_until is not None:
            locked = max(-(-int((result.locked_until - now).total_seconds()) // 60), 1)
        return render(
            request,
            "login.html.j2",
            429 if locked else 401,
            csrf=csrf_token(request),
            who=None,
            problem="locked" if locked else "wrong",
            locked=locked,
            name=name,
        )

    @app.post("/logout")
    async def logout(request: Request) -> Response:
        await posted(request)
        request.session.clear()
        return login_redirect(request)

    # --- dashboard ---

    @app.get("/")
    def dashboard(request: Request) -> Response:
        who = signed_in(request)
        if who is None:
            return login_redirect(request)
        committee, spec, now, today = desk(who, request.query_params.get("c"))
        with session_scope(url) as session:
            sessions = load_sessions(session, spec, now=now)
            board = views.dashboard(session, spec, sessions, today=today)
        return render(request, "dashboard.html.j2", **context(request, who, committee, board=board))

    # --- items ---

    def item_filter(
        request: Request, committee: Committee, sessions: Sessions, today: date
    ) -> store.ItemFilter:
        q = request.query_params
        status = q.get("status")
        return store.ItemFilter(
            committee_id=committee.id or 0,
            meeting_id=_int(q.get("meeting")),
            agenda_item_id=_int(q.get("agenda")),
            team_id=_int(q.get("team")),
            status=status if status in ALL_STATUSES else None,
            overdue_on=today if q.get("overdue") == "1" else None,
            in_review=q.get("review") == "1",
            carried_before=(
                (sessions.last_before(today) or date.min) if q.get("carried") == "1" else None
            ),
            text=(q.get("q") or "").strip()[:200],
        )

    def filter_query(request: Request, committee: Committee) -> str:
        pairs = [("c", str(committee.id))]
        pairs += [(k, v) for k, v in request.query_params.items() if k in FILTER_KEYS and v]
        return urlencode(pairs)

    @app.get("/items")
    def items(request: Request) -> Response:
        who = signed_in(request)
        if who is None:
            return login_redirect(request)
        committee, spec, now, today = desk(who, request.query_params.get("c"))
        page = max(_int(request.query_params.get("page")) or 1, 1)
        with session_scope(url) as session:
            sessions = load_sessions(session, spec, now=now)
            spec_filter = item_filter(request, committee, sessions, today)
            rows, total = store.filtered_items(
                session,
                spec=spec_filter,
                offset=(page - 1) * store.PAGE_SIZE,
                limit=store.PAGE_SIZE,
            )
            choices = {
                "teams": store.committee_teams(session, committee_id=committee.id or 0),
                "meetings": store.committee_meetings(session, committee_id=committee.id or 0),
                "agenda": store.committee_agenda(session, committee_id=committee.id or 0),
            }
        pages = max(-(-total // store.PAGE_SIZE), 1)
        return render(
            request,
            "items.html.j2",
            **context(
                request,
                who,
                committee,
                rows=rows,
                total=total,
                page=page,
                pages=pages,
                today=today,
                query=request.query_params,
                filter_query=filter_query(request, committee),
                statuses=ALL_STATUSES,
                **choices,
            ),
        )

    def export(request: Request, fmt: str) -> Response:
        who = signed_in(request)
        if who is None:
            return login_redirect(request)
        committee, spec, now, today = desk(who, request.query_params.get("c"))
        with session_scope(url) as session:
            sessions = load_sessions(session, spec, now=now)
            rows, _ = store.filtered_items(
                session, spec=item_filter(request, committee, sessions, today), limit=None
            )
        labels = templates.get_template("web/admin/export.j2").module
        header = list(labels.columns)  # type: ignore[attr-defined]
        table = [export_row(labels, r, today, spec.timezone) for r in rows]
        name = f"followup-items-{today.isoformat()}"
        if fmt == "csv":
            body, mime = exports.to_csv(header, table), "text/csv; charset=utf-8"
        else:
            body = exports.to_xlsx(labels.sheet, header, table)  # type: ignore[attr-defined]
            mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return Response(
            body,
            media_type=mime,
            headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
        )

    @app.get("/items.csv")
    def items_csv(request: Request) -> Response:
        return export(request, "csv")

    @app.get("/items.xlsx")
    def items_xlsx(request: Request) -> Response:
        return export(request, "xlsx")

    def own_item(session: Session, who: Who, raw_id: str) -> ActionItem:
        item_id = _int(raw_id)
        if item_id is None or item_id < 1:
            raise Refused(404, "missing")
        if store.item_committee(session, item_id=item_id) not in who.committee_ids:
            raise Refused(404, "missing")
        item = session.get(ActionItem, item_id)
        assert item is not None
        return item

    def item_response(
        request: Request,
        who: Who,
        raw_id: str,
        *,
        status_code: int = 200,
        problem: str | None = None,
        form: dict[str, str] | None = None,
    ) -> HTMLResponse:
        with session_scope(url) as session:
            item = own_item(session, who, raw_id)
            committee_id = store.item_committee(session, item_id=item.id or 0)
            zone = next(c.timezone for c in who.committees if c.id == committee_id)
            detail = views.item_detail(
                session, item, inbox=settings.inbox, limits=read_limits, tz=zone
            )
        committee = next(c for c in who.committees if c.id == detail.team.committee_id)
        return render(
            request,
            "item.html.j2",
            status_code,
            **context(
                request,
                who,
                committee,
                d=detail,
                done=request.query_params.get("done"),
                problem=problem,
                form=form or {},
                kinds=KINDS,
                open_statuses=store.OPEN_STATUSES,
            ),
        )

    @app.get("/items/{item_id}")
    def item_page(request: Request, item_id: str) -> Response:
        who = signed_in(request)
        if who is None:
            return login_redirect(request)
        return item_response(request, who, item_id)

    @app.post("/items/{item_id}/{action}")
    async def item_action(request: Request, item_id: str, action: str) -> Response:
        form = await posted(request)
        who = signed_in(request)
        if who is None:
            return login_redirect(request)
        if action not in ACTIONS:
            raise Refused(404, "missing")
        return await run_in_threadpool(apply_action, request, who, item_id, action, form)

    def apply_action(
        request: Request, who: Who, raw_id: str, action: str, form: dict[str, str]
    ) -> Response:
        now = clock()
        try:
            with session_scope(url) as session:
                item = own_item(session, who, raw_id)
                ACTIONS[action](session, settings, item, form, who, now)
        except ActionProblem as problem:
            return item_response(
                request, who, raw_id, status_code=422, problem=problem.message, form=form
            )
        base = request.scope.get("root_path", "")
        return RedirectResponse(f"{base}/items/{item.id}?done={action}", status_code=303)

    # --- sessions and notices ---

    @app.get("/sessions")
    def sessions_page(request: Request) -> Response:
        who = signed_in(request)
        if who is None:
            return login_redirect(request)
        return sessions_response(request, who, request.query_params.get("c"))

    def sessions_response(
        request: Request,
        who: Who,
        chosen_id: str | None,
        *,
        status_code: int = 200,
        problem: str | None = None,
    ) -> HTMLResponse:
        committee, spec, now, today = desk(who, chosen_id)
        with session_scope(url) as session:
            sessions = load_sessions(session, spec, now=now)
            rows = store.session_rows(session, committee_id=sessions.committee_id)
            notices = views.team_notices(session, committee_id=sessions.committee_id)
        upcoming = sessions.upcoming(today)
        return render(
            request,
            "sessions.html.j2",
            status_code,
            **context(
                request,
                who,
                committee,
                rows=rows,
                today=today,
                upcoming=upcoming,
                plan=views.reminder_plan(spec, upcoming, today),
                notices=notices,
                problem=problem,
                done=request.query_params.get("done"),
            ),
        )

    @app.post("/sessions")
    async def session_add(request: Request) -> Response:
        form = await posted(request)
        who = signed_in(request)
        if who is None:
            return login_redirect(request)
        committee = chosen(who, form.get("c"))
        spec = spec_of(committee)
        try:
            day = date.fromisoformat(form.get("held_on", "").strip())
        except ValueError:
            return sessions_response(request, who, form.get("c"), status_code=422, problem="date")

        def add() -> str | None:
            try:
                with session_scope(url) as session:
                    add_session(session, spec, day, by=who.name, now=clock())
            except FollowupError:
                return "past"
            return None

        problem = await run_in_threadpool(add)
        if problem:
            return sessions_response(request, who, form.get("c"), status_code=422, problem=problem)
        return back_to_sessions(request, committee, "session")

    async def team_action(
        request: Request,
        team_id: str,
        act: Callable[[Who, Committee, int | None], bool],
        done: str,
    ) -> Response:
        """A form posted on one of the committee's teams: ``act`` runs in a worker thread and
        says whether the team was found (404 if not); then back to the sessions page."""
        form = await posted(request)
        who = signed_in(request)
        if who is None:
            return login_redirect(request)
        committee = chosen(who, form.get("c"))
        if not await run_in_threadpool(act, who, committee, _int(team_id)):
            raise Refused(404, "missing")
        return back_to_sessions(request, committee, done)

    @app.post("/notices/{team_id}/resend")
    async def resend(request: Request, team_id: str) -> Response:
        def requeue(who: Who, committee: Committee, wanted: int | None) -> bool:
            with session_scope(url) as session:
                latest = store.latest_team_notices(session, committee_id=committee.id or 0)
                original = latest.get(wanted or -1)
                if original is None:
                    return False
                store.requeue_notification(session, original=original, now=clock())
            return True

        return await team_action(request, team_id, requeue, "resend")

    @app.post("/teams/{team_id}/reissue")
    async def reissue(request: Request, team_id: str) -> Response:
        """A new link for the team: every older one stops working at once; the team is sent
        the new one."""

        def bump(who: Who, committee: Committee, wanted: int | None) -> bool:
            with session_scope(url) as session:
                team = session.get(Team, wanted) if wanted is not None else None
                if team is None or team.committee_id != committee.id or team.id is None:
                    return False
                reissue_link(session, settings, team.id, who.name, clock())
            send_due(settings, team_id=wanted)
            return True

        return await team_action(request, team_id, bump, "reissue")

    @app.get("/preview")
    def preview_page(request: Request) -> Response:
        """The next reminder of each team and the digest as they would go out now."""
        who = signed_in(request)
        if who is None:
            return login_redirect(request)
        committee = chosen(who, request.query_params.get("c"))
        spec = spec_of(committee)
        clocked = settings.model_copy(update={"fixed_now": clock()})
        step, reminders = preview_reminders(clocked, spec)
        try:
            with session_scope(url) as session:
                digest = build_digest(
                    session, spec, now=clocked.now(), templates=settings.templates_dir
                )
            subject, text, _ = render_digest(settings.templates_dir, digest)
            files = [name for name, _, _ in digest_files(digest)]
        except FollowupError:
            subject, text, files = "", "", []
        return render(
            request,
            "preview.html.j2",
            **context(
                request,
                who,
                committee,
                step=step,
                reminders=reminders,
                digest_subject=subject,
                digest_text=text,
                digest_files=files,
            ),
        )

    @app.post("/digest/send")
    async def digest_send(request: Request) -> Response:
        """Queue the digest for the secretary now and send the outbox."""
        form = await posted(request)
        who = signed_in(request)
        if who is None:
            return login_redirect(request)
        committee = chosen(who, form.get("c"))
        spec = spec_of(committee)

        def send() -> bool:
            try:
                queue_digest(settings, spec, now=clock(), step=ON_DEMAND)
            except FollowupError:
                return False
            report = send_due(settings)
            return not (report.failed or report.retrying)

        outcome = "digest" if await run_in_threadpool(send) else "digest_failed"
        return back_to_sessions(request, committee, outcome)

    def export_row(labels: Any, row: store.ItemView, today: date, tz: str) -> list[object]:
        item = row.item
        overdue = (
            item.effective_due is not None
            and item.effective_due < today
            and item.status in store.OPEN_STATUSES
        )
        reported = item.reported_at
        return [
            item.id,
            row.meeting,
            korean_date(row.held_on),
            row.agenda or "",
            row.team,
            labels.kinds.get(item.kind, item.kind),
            item.summary,
            item.speaker,
            labels.statuses.get(item.status, item.status),
            korean_date(item.effective_due),
            labels.overdue if overdue else "",
            item.report_note,
            korean_date(local_date(reported, tz)) if reported else "",
            labels.checks.get(item.check_result, item.check_result),
            item.source_text,
        ]

    return app


# --- item actions: each raises ActionProblem (a Korean message) or applies in the session ---


class ActionProblem(Exception):
    def __init__(self, message: str) -> None:
        self.message = message


STATUS_WORDS = {
    "open": "미착수",
    "in_progress": "추진 중",
    "done": "완료",
    "explained": "추진 불가",
    "withdrawn": "철회",
    "rejected": "반려",
}
Action = Callable[[Session, Settings, ActionItem, dict[str, str], Who, datetime], None]


def _must_be_open(item: ActionItem) -> None:
    if item.status not in store.OPEN_STATUSES:
        word = STATUS_WORDS.get(item.status, item.status)
        raise ActionProblem(
            f"{word} 상태인 항목은 바꿀 수 없습니다. 미착수·추진 중인 항목만 됩니다."
        )


def _edit(
    s: Session, _: Settings, item: ActionItem, form: dict[str, str], who: Who, now: datetime
) -> None:
    _must_be_open(item)
    summary = " ".join(form.get("summary", "").split())
    if len(summary) > MAX_SUMMARY:
        raise ActionProblem(f"요약은 {MAX_SUMMARY:,}자 이내로 적어 주십시오.")
    due_text = form.get("due", "").strip()
    try:
        due = date.fromisoformat(due_text) if due_text else None
    except ValueError:
        raise ActionProblem("기한은 날짜(YYYY-MM-DD)로 적어 주십시오.") from None
    kind = form.get("kind") or None
    if kind is not None and kind not in KINDS:
        raise ActionProblem("구분을 목록에서 골라 주십시오.")
    changed_summary = summary if summary and summary != item.summary else None
    changed_due = due if due and due != item.effective_due else None
    changed_kind = kind if kind and kind != item.kind else None
    if not (changed_summary or changed_due or changed_kind):
        raise ActionProblem("바뀐 내용이 없습니다.")
    review.edit(
        s,
        item_id=item.id or 0,
        by=who.name,
        summary=changed_summary,
        due=changed_due,
        kind=changed_kind,
    )


def _reassign(
    s: Session, _: Settings, item: ActionItem, form: dict[str, str], who: Who, now: datetime
) -> None:
    _must_be_open(item)
    team_id = _int(form.get("team"))
    teams = {t.id: t for t in store.committee_teams(s, committee_id=_committee_of_item(s, item))}
    target = teams.get(team_id)
    if target is None:
        raise ActionProblem("배정할 부서를 목록에서 골라 주십시오.")
    if target.id == item.team_id:
        raise ActionProblem("이미 그 부서에 배정되어 있습니다.")
    review.reassign(s, item_id=item.id or 0, team=target.name, by=who.name)


def _merge(
    s: Session, _: Settings, item: ActionItem, form: dict[str, str], who: Who, now: datetime
) -> None:
    _must_be_open(item)
    raw = form.get("others", "").replace(",", " ").replace("#", " ").split()
    others = [_int(v) for v in raw]
    if not others or any(o is None for o in others):
        raise ActionProblem("합칠 항목 번호를 적어 주십시오(예: 12, 13).")
    committee_id = _committee_of_item(s, item)
    ids = [o for o in others if o is not None and o != item.id]
    if not ids:
        raise ActionProblem("이 항목과 다른 항목 번호를 적어 주십시오.")
    for other_id in ids:
        if store.item_committee(s, item_id=other_id) != committee_id:
            raise ActionProblem(f"No. {other_id} 항목을 찾을 수 없습니다.")
        other = s.get(ActionItem, other_id)
        assert other is not None
        if other.status not in store.OPEN_STATUSES:
            raise ActionProblem(f"No. {other_id} 항목은 이미 종결되어 합칠 수 없습니다.")
    review.merge(s, into=item.id or 0, others=ids, by=who.name)


def _accept(
    s: Session, _: Settings, item: ActionItem, form: dict[str, str], who: Who, now: datetime
) -> None:
    _must_be_open(item)
    if item.review != "pending":
        raise ActionProblem("검토 대기 중인 항목이 아닙니다.")
    review.accept(s, item_id=item.id or 0, by=who.name)


def _reject(
    s: Session, _: Settings, item: ActionItem, form: dict[str, str], who: Who, now: datetime
) -> None:
    _must_be_open(item)
    note = " ".join(form.get("note", "").split())[:500]
    review.reject(s, item_id=item.id or 0, by=who.name, note=note)


def _check(
    s: Session, settings: Settings, item: ActionItem, form: dict[str, str], who: Who, now: datetime
) -> None:
    try:
        checks.check_item(
            s,
            settings,
            item_id=item.id or 0,
            result=form.get("result", ""),
            by=who.name,
            reason=form.get("reason", ""),
            now=now,
        )
    except checks.CheckError as error:
        raise ActionProblem(str(error)) from None


def _committee_of_item(s: Session, item: ActionItem) -> int:
    committee_id = store.item_committee(s, item_id=item.id or 0)
    assert committee_id is not None
    return committee_id


ACTIONS: dict[str, Action] = {
    "edit": _edit,
    "reassign": _reassign,
    "merge": _merge,
    "accept": _accept,
    "reject": _reject,
    "check": _check,
}


async def read_form(request: Request) -> dict[str, str]:
    """The URL-encoded form (first value of each field); refuses anything else."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        raise Refused(415, "form")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise Refused(413, "form")
    try:
        pairs = parse_qsl(
            body.decode("latin-1"),
            keep_blank_values=True,
            encoding="utf-8",
            errors="replace",
            max_num_fields=MAX_FORM_FIELDS,
        )
    except ValueError:
        raise Refused(400, "form") from None
    form: dict[str, str] = {}
    for key, value in pairs:
        form.setdefault(key, value)
    return form


def _int(value: str | None) -> int | None:
    if value is None or not value.isascii() or not value.isdigit() or len(value) > 19:
        return None
    number = int(value)
    return number if number <= MAX_ID else None
