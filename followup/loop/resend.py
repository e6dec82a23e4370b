"""A team's latest notice sent again, rendered anew: never the stored text, whose link may
have expired and whose session may be past.

A new-items notice lists the same items again (those still open); a reissued link's notice
is made again; any other notice becomes the team's current reminder (its open items before
the next session). Each with the team's link as of now and the current next session.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import PurePath

from sqlmodel import Session

from followup import store
from followup.calendar import local_date
from followup.codes import MessageKind
from followup.committee import Committee as CommitteeFile
from followup.committee import committee_of
from followup.errors import FollowupError
from followup.loop.remind import queue_team_reminder
from followup.loop.sessions import load_sessions
from followup.loop.team_links import queue_link_notice, queue_to_team
from followup.settings import Settings
from models.tables import ActionItem, Notification, Team


class NothingToResend(FollowupError):
    """The notice would be a reminder, and there is no next session or no open item."""


def resend_notice(
    session: Session, settings: Settings, original: Notification, *, by: str, now: datetime
) -> str:
    """Queue ``original`` (a team's notice) again, rendered as of ``now``; its dedupe key."""
    team = session.get(Team, original.team_id)
    assert team is not None and team.id is not None
    committee = committee_of(settings, session, team.committee_id)
    step = f"resend:{now.isoformat()}"
    key = f"{original.kind}:{team.id}:{step}"
    items = []
    if original.kind == MessageKind.NEW_ITEMS:
        items = store.items_announced_with(session, team_id=team.id, at=original.created_at)
    if items:
        queue_new_items(session, settings, team, committee, items, key=key, now=now, step=step)
    elif original.kind == MessageKind.LINK:
        queue_link_notice(session, settings, team, key, by, now, step)
    elif not queue_team_reminder(
        settings, session, committee, team.id, key=key, step=step, now=now
    ):
        raise NothingToResend(team.name)
    return key


def queue_new_items(
    session: Session,
    settings: Settings,
    team: Team,
    committee: CommitteeFile,
    items: list[ActionItem],
    *,
    key: str,
    now: datetime,
    step: str = "",
) -> store.Queued:
    """Queue the team's notice of ``items`` (new to it), with its link as of ``now``, valid
    at least until the day after the next session."""
    context = new_items_context(session, committee, items, now)
    next_session = context["next_session"]
    return queue_to_team(
        session,
        settings,
        team,
        "mail/new_items.txt.j2",
        key=key,
        kind=MessageKind.NEW_ITEMS,
        now=now,
        session_day=next_session if isinstance(next_session, date) else None,
        step=step,
        **context,
    )


def new_items_context(
    session: Session, committee: CommitteeFile, items: list[ActionItem], now: datetime
) -> dict[str, object]:
    """What the new-items notice says besides the team and its link."""
    meetings, agenda = store.meetings_and_agenda(session, items=items)
    files = {
        file_id: PurePath(f.path).name
        for file_id, f in store.minutes_files(
            session, ids={i.minutes_file_id for i in items}
        ).items()
    }
    today = local_date(now, committee.timezone)
    return {
        "meetings": list(meetings.values()),
        "next_session": load_sessions(session, committee, now=now).next_after(today),
        "items": [
            {
                "summary": i.summary,
                "kind": i.kind,
                "speaker": i.speaker,
                "speaker_role": i.speaker_role,
                "agenda": agenda.get(i.agenda_item_id or -1),
                "due": i.effective_due,
                "stated": i.stated_due is not None,
                "routing_reason": i.routing_reason,
                "source": files.get(i.minutes_file_id, ""),
                "line_start": i.line_start,
                "line_end": i.line_end,
                "source_text": i.source_text,
            }
            for i in items
        ],
    }
