"""Notices: a message rendered from a template and queued to one team of a committee.

Every notice a person gets (a team's, or the secretary's) goes to one team of the committee
file, to that team's ``notify`` targets, and its template is given the committee's name, the
secretary and the addressed team. A caller states only what differs: the template, the
dedupe key, the kind and what the template says besides.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from followup import store
from followup.committee import Committee as CommitteeFile
from followup.render import render_message
from followup.settings import Settings


@dataclass(frozen=True)
class Addressee:
    """One team of a committee file, with its stored ids: who a notice goes to."""

    committee: CommitteeFile
    committee_id: int
    team_id: int
    team: str

    @classmethod
    def named(
        cls, committee: CommitteeFile, ids: store.CommitteeIds, team: str | None = None
    ) -> Addressee:
        """The committee's team ``team``: the secretary's when no team is named."""
        name = team or committee.secretary
        return cls(committee, ids.committee_id, ids.teams[name], name)


def queue_message(
    session: Session,
    to: Addressee,
    message: tuple[str, str],
    *,
    key: str,
    kind: str,
    now: datetime,
    **options: Any,
) -> store.Queued:
    """Queue a rendered ``(subject, body)`` to the addressee's targets, once by ``key``;
    ``options`` are :func:`store.queue_notification`'s (``step``, ``html``, ``attachments``,
    ``not_before``)."""
    subject, body = message
    return store.queue_notification(
        session,
        dedupe_key=key,
        kind=kind,
        subject=subject,
        body=body,
        targets=to.committee.team(to.team).notify,
        committee_id=to.committee_id,
        team_id=to.team_id,
        now=now,
        **options,
    )


def queue_notice(
    session: Session,
    settings: Settings,
    to: Addressee,
    template: str,
    *,
    key: str,
    kind: str,
    now: datetime,
    step: str = "",
    **context: object,
) -> store.Queued:
    """Render ``template`` with the committee, the secretary and the addressed team (each
    of which ``context`` may say otherwise) and queue it to the addressee once by ``key``
    (``step`` names the run that queued it)."""
    names = {"committee": to.committee.name, "secretary": to.committee.secretary, "team": to.team}
    message = render_message(settings.templates_dir, template, **(names | context))
    return queue_message(session, to, message, key=key, kind=kind, now=now, step=step)
