"""The next reminders and the digest as they would go out now (``/preview``), and the
digest sent to the secretary at once (``/digest/send``)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from followup.errors import FollowupError
from followup.loop.digest import ON_DEMAND, build_digest, digest_files, queue_digest, render_digest
from followup.loop.remind import preview_reminders
from followup.outbox.sender import send_due
from followup.web.admin.pages import PostedView, View
from followup.web.admin.sessions import back_to_sessions

router = APIRouter()


@router.get("/preview")
def preview_page(view: View) -> Response:
    """The next reminder of each team and the digest as they would go out now."""
    desk, settings = view.desk, view.settings
    clocked = settings.model_copy(update={"fixed_now": desk.now})
    step, reminders = preview_reminders(clocked, desk.spec)
    try:
        with view.db.session() as session:
            digest = build_digest(
                session, desk.spec, now=clocked.now(), templates=settings.templates_dir
            )
        subject, text, _ = render_digest(settings.templates_dir, digest)
        files = [name for name, _, _ in digest_files(digest)]
    except FollowupError:
        subject, text, files = "", "", []
    return view.page(
        "preview.html.j2",
        step=step,
        reminders=reminders,
        digest_subject=subject,
        digest_text=text,
        digest_files=files,
    )


@router.post("/digest/send")
def digest_send(view: PostedView) -> Response:
    """Queue the digest for the secretary now and send the outbox."""
    desk, settings = view.desk, view.settings
    try:
        queue_digest(settings, desk.spec, now=desk.now, step=ON_DEMAND)
    except FollowupError:
        return back_to_sessions(view.request, desk.committee, "digest_failed")
    report = send_due(settings)
    sent = not report.undelivered
    return back_to_sessions(view.request, desk.committee, "digest" if sent else "digest_failed")
