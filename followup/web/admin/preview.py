"""The next reminders and the digest as they would go out now (``/preview``), and the
digest sent to the secretary at once (``/digest/send``)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from followup.errors import FollowupError
from followup.loop.digest import ON_DEMAND, build_digest, digest_files, queue_digest, render_digest
from followup.loop.remind import preview_reminders
from followup.outbox.sender import send_due
from followup.web.admin.pages import Pages
from followup.web.admin.sessions import back_to_sessions
from followup.web.deps import (
    ClockDep,
    DatabaseDep,
    PostedDesk,
    PostedForm,
    Secretary,
    SettingsDep,
    ViewedDesk,
)

router = APIRouter()


@router.get("/preview")
def preview_page(
    request: Request,
    who: Secretary,
    desk: ViewedDesk,
    settings: SettingsDep,
    db: DatabaseDep,
    pages: Pages,
) -> Response:
    """The next reminder of each team and the digest as they would go out now."""
    clocked = settings.model_copy(update={"fixed_now": desk.now})
    step, reminders = preview_reminders(clocked, desk.spec)
    try:
        with db.session() as session:
            digest = build_digest(
                session, desk.spec, now=clocked.now(), templates=settings.templates_dir
            )
        subject, text, _ = render_digest(settings.templates_dir, digest)
        files = [name for name, _, _ in digest_files(digest)]
    except FollowupError:
        subject, text, files = "", "", []
    return pages.page(
        request,
        "preview.html.j2",
        who,
        desk.committee,
        step=step,
        reminders=reminders,
        digest_subject=subject,
        digest_text=text,
        digest_files=files,
    )


@router.post("/digest/send")
def digest_send(
    request: Request,
    form: PostedForm,
    who: Secretary,
    desk: PostedDesk,
    settings: SettingsDep,
    clock: ClockDep,
) -> Response:
    """Queue the digest for the secretary now and send the outbox."""
    try:
        queue_digest(settings, desk.spec, now=clock(), step=ON_DEMAND)
    except FollowupError:
        return back_to_sessions(request, desk.committee, "digest_failed")
    report = send_due(settings)
    sent = not (report.failed or report.retrying)
    return back_to_sessions(request, desk.committee, "digest" if sent else "digest_failed")
