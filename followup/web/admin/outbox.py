"""The committee's outbox (``/outbox``): its deliveries not sent yet (pending and failed) with
their target, attempts, next try and error, as ``followup outbox`` lists them; a delivery
sent again (``/outbox/{id}/retry``, after a confirmation step) through
:func:`followup.outbox.sender.retry`, as ``followup outbox retry`` does."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from followup.outbox.channels import DeliveryError
from followup.outbox.sender import retry as retry_delivery
from followup.web.admin import views
from followup.web.admin.pages import ConsoleView, PostedView, View, base_path
from followup.web.admin.sessions import confirmed
from followup.web.deps import PostedForm
from followup.web.forms import parse_id

router = APIRouter()


@dataclass(frozen=True)
class Retried:
    """What the page says after a retry: the sender's report of the one delivery."""

    delivery_id: int
    delivered: list[str] = field(default_factory=list)
    undelivered: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


def committee_outbox(view: ConsoleView) -> list[views.OutboxRow]:
    desk = view.desk
    with view.db.session() as session:
        return views.outbox(session, committee_id=desk.committee.id or 0, tz=desk.spec.timezone)


def outbox_response(
    view: ConsoleView,
    status_code: int = 200,
    *,
    retried: Retried | None = None,
    error: str = "",
    missing: int | None = None,
) -> HTMLResponse:
    return view.page(
        "outbox.html.j2",
        status_code,
        rows=committee_outbox(view),
        retried=retried,
        error=error,
        missing=missing,
    )


@router.get("/outbox")
def outbox_page(view: View) -> Response:
    return outbox_response(view)


@router.post("/outbox/{delivery_id}/retry")
def retry(delivery_id: str, form: PostedForm, view: PostedView) -> Response:
    """Send one of the committee's unsent deliveries again now. The first click shows what
    will be sent where; the confirmed form sends. A delivery that is not the committee's, or
    not waiting any more (sent meanwhile), is a 404 with the page saying so."""
    wanted = parse_id(delivery_id)
    row = next((r for r in committee_outbox(view) if r.delivery_id == wanted), None)
    if wanted is None or row is None:
        return outbox_response(view, 404, missing=wanted or 0)
    if not confirmed(form):
        return view.page(
            "confirm.html.j2",
            action="retry",
            delivery=row,
            target=f"{base_path(view.request)}/outbox/{row.delivery_id}/retry",
        )
    try:
        outcome = retry_delivery(view.settings, wanted, now=view.desk.now)
    except DeliveryError as error:  # unknown, sent meanwhile, or held by a running sender
        return outbox_response(view, 409, error=str(error))
    return outbox_response(
        view,
        retried=Retried(
            wanted, list(outcome.delivered), list(outcome.undelivered), list(outcome.dropped)
        ),
    )
