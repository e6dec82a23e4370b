"""A team's current link, and reissuing it (which revokes every link sent before).

Plain functions over a session, for the CLI (``followup link``) and the secretary's console.
The version signed into a token is the team's ``link_version``; :func:`reissue_link` bumps it
in one statement, so from that commit on every older link gets 403.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from followup import store
from followup.calendar import local_date
from followup.codes import MessageKind
from followup.committee import Committee as CommitteeFile
from followup.committee import committee_of
from followup.errors import FollowupError
from followup.loop.signing import link_secret, sign_team_link, team_link_url
from followup.outbox.notices import Addressee, queue_notice
from followup.settings import Settings
from models.tables import Team


class UnknownTeamName(FollowupError):
    """A team name that is not one of the committee's teams."""


def team_by_name(session: Session, committee: CommitteeFile, name: str) -> Team:
    """The stored team ``name`` of the committee (stored on first use)."""
    ids = store.ensure_committee(session, committee=committee)
    team_id = ids.teams.get(name)
    if team_id is None:
        names = ", ".join(t.name for t in committee.teams)
        raise UnknownTeamName(f"{committee.name}에 '{name}' 부서가 없습니다. 부서: {names}")
    team = session.get(Team, team_id)
    assert team is not None
    return team


def session_cover(session_day: date | None, timezone: str) -> datetime | None:
    """The moment a link asking about the session on ``session_day`` must still work until:
    the end of the day after the session (a team may answer on the day, or just after it)."""
    if session_day is None:
        return None
    return datetime.combine(session_day + timedelta(days=1), time(23, 59), ZoneInfo(timezone))


def link_expires(settings: Settings, *, now: datetime, until: datetime | None = None) -> datetime:
    """When a link made at ``now`` stops working: ``settings.link_days`` from ``now``, or
    ``until`` when that is later (a link sent about a session works past that session)."""
    expires = now + timedelta(days=settings.link_days)
    return max(expires, until) if until is not None else expires


def link_for(
    settings: Settings, team: Team, *, now: datetime, until: datetime | None = None
) -> str:
    """A link to the team's page valid for ``settings.link_days`` from ``now`` (or until
    ``until`` when later), for the team's current version."""
    assert team.id is not None
    token = sign_team_link(
        link_secret(settings),
        team_id=team.id,
        committee_id=team.committee_id,
        version=team.link_version,
        expires=link_expires(settings, now=now, until=until),
    )
    return team_link_url(settings.base_url, token)


def link_with_last_day(
    settings: Settings,
    team: Team,
    *,
    timezone: str,
    now: datetime,
    session_day: date | None = None,
) -> tuple[str, date]:
    """The team's link made at ``now`` and the last day it works, in the committee's zone;
    with ``session_day``, it works at least until the day after that session."""
    until = session_cover(session_day, timezone)
    expires = link_expires(settings, now=now, until=until)
    return link_for(settings, team, now=now, until=until), local_date(expires, timezone)


def queue_to_team(
    session: Session,
    settings: Settings,
    team: Team,
    template: str,
    *,
    key: str,
    kind: str,
    now: datetime,
    session_day: date | None = None,
    step: str = "",
    **context: object,
) -> store.Queued:
    """Render a message to a team with today's date and the team's current link (and the
    link's last day: at least the day after ``session_day`` when given), and queue it to the
    team's targets."""
    assert team.id is not None
    committee = committee_of(settings, session, team.committee_id)
    link, last_day = link_with_last_day(
        settings, team, timezone=committee.timezone, now=now, session_day=session_day
    )
    to = Addressee(committee, team.committee_id, team.id, team.name)
    today = local_date(now, committee.timezone)
    return queue_notice(
        session,
        settings,
        to,
        template,
        key=key,
        kind=kind,
        now=now,
        today=today,
        link=link,
        link_expires=last_day,
        step=step,
        **context,
    )


def current_link(session: Session, settings: Settings, team_id: int, now: datetime) -> str:
    """The team's link as of now (old links of the same version stay valid too)."""
    team = session.get(Team, team_id)
    if team is None:
        raise UnknownTeamName(f"부서 #{team_id}이(가) 없습니다")
    return link_for(settings, team, now=now)


def reissue_link(session: Session, settings: Settings, team_id: int, by: str, now: datetime) -> str:
    """Bump the team's link version (every earlier link stops working at the commit), queue
    the new link to the team in the outbox, and return it."""
    team = store.bump_link_version(session, team_id=team_id)
    if team is None:
        raise UnknownTeamName(f"부서 #{team_id}이(가) 없습니다")
    queue_link_notice(session, settings, team, f"link:{team_id}:v{team.link_version}", by, now)
    return link_for(settings, team, now=now)


def queue_link_notice(
    session: Session,
    settings: Settings,
    team: Team,
    key: str,
    by: str,
    now: datetime,
    step: str = "",
) -> store.Queued:
    """Queue the team's notice of its new link (as of ``now``), issued by ``by``."""
    template, kind = "mail/link_reissued.txt.j2", MessageKind.LINK
    return queue_to_team(
        session, settings, team, template, key=key, kind=kind, now=now, step=step, by=by
    )
