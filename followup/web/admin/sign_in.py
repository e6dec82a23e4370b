"""Signing in and out of the console (``/login``, ``/logout``)."""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from followup.web.admin import auth
from followup.web.admin.pages import Pages, base_path
from followup.web.deps import ClockDep, DatabaseDep, PostedForm, SignedIn, csrf_token

router = APIRouter()


def to_sign_in(request: Request) -> RedirectResponse:
    return RedirectResponse(f"{base_path(request)}/login", status_code=303)


@router.get("/login")
def login_page(request: Request, who: SignedIn, pages: Pages) -> Response:
    if who is not None:
        return RedirectResponse(f"{base_path(request)}/", status_code=303)
    return pages.render(request, "login.html.j2", csrf=csrf_token(request), who=None, problem=None)


@router.post("/login")
def login(
    request: Request, form: PostedForm, db: DatabaseDep, clock: ClockDep, pages: Pages
) -> Response:
    name, password = form.get("name", "")[:200], form.get("password", "")[:1000]
    now = clock()
    address = request.client.host if request.client else ""
    with db.session() as session:
        result = auth.sign_in(session, name=name, password=password, address=address, now=now)
        if result.secretary_id is not None:
            token = auth.start_session(session, secretary_id=result.secretary_id, now=now)
    if result.secretary_id is not None:
        request.session.clear()
        request.session.update(tok=token, csrf=secrets.token_urlsafe(32))
        return RedirectResponse(f"{base_path(request)}/", status_code=303)
    locked = None
    if result.locked_until is not None:
        locked = max(-(-int((result.locked_until - now).total_seconds()) // 60), 1)
    return pages.render(
        request,
        "login.html.j2",
        429 if locked else 401,
        csrf=csrf_token(request),
        who=None,
        problem="locked" if locked else "wrong",
        locked=locked,
        name=name,
    )


@router.post("/logout")
def logout(request: Request, form: PostedForm, db: DatabaseDep) -> Response:
    """Sign out: the server forgets the session, so a copy of the cookie opens nothing."""
    token = request.session.get("tok")
    if isinstance(token, str):
        with db.session() as session:
            auth.end_session(session, token=token)
    request.session.clear()
    return to_sign_in(request)
