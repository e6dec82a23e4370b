"""Sessions: when the committee meets next, from its file and from ``followup session add``.

The committee file's ``sessions`` are copied into the ``session_date`` table on every pass, so
the table is the one list; dates added on the command line need no file edit. An item with no
stated due date is due at the first session after its meeting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session

from followup import store
from followup.calendar import local_date, next_session
from followup.committee import Committee as CommitteeFile
from followup.errors import FollowupError
from followup.store.sessions import cancel_session_dates

FROM_FILE = "committee file"


@dataclass(frozen=True)
class Sessions:
    committee_id: int
    dates: tuple[date, ...]
    added: int = 0  # dates of the committee file new to the table on this load

    def next_after(self, day: date) -> date | None:
        return next_session(self.dates, day)

    def upcoming(self, today: date) -> date | None:
        """The next session as of ``today``: a session held today is still the next one."""
        return next_session(self.dates, today - timedelta(days=1))

    def last_before(self, day: date) -> date | None:
        earlier = [d for d in self.dates if d < day]
        return max(earlier) if earlier else None


def load_sessions(session: Session, committee: CommitteeFile, *, now: datetime) -> Sessions:
    """The committee's sessions: the file's dates merged into the table (a date the file no
    longer lists is cancelled, with what was queued for it), then read back. When the table
    already agrees with the file (the usual case: a page view between passes) nothing is
    written: two reads, and no write lock taken."""
    state = store.committee_state(session, name=committee.name)
    if state is not None and _in_step(state, committee):
        held = tuple(d for d, _, cancelled, _ in state.sessions if not cancelled)
        return Sessions(committee_id=state.committee_id, dates=held)
    ids = store.ensure_committee(session, committee=committee)
    added = store.add_session_dates(
        session,
        committee_id=ids.committee_id,
        dates=committee.sessions,
        added_by=FROM_FILE,
        now=now,
        restore_from=FROM_FILE,
    )
    dropped = cancel_session_dates(
        session,
        committee_id=ids.committee_id,
        added_by=FROM_FILE,
        keep=committee.sessions,
        by=FROM_FILE,
        now=now,
    )
    if added or dropped:  # items without a stated due date move to the first session after them
        store.refresh_effective_due(session, committee_id=ids.committee_id)
    dates = store.session_dates(session, committee_id=ids.committee_id)
    return Sessions(committee_id=ids.committee_id, dates=tuple(dates), added=added)


def _in_step(state: store.CommitteeState, committee: CommitteeFile) -> bool:
    """Whether merging the committee file into ``state`` would change nothing: every team of
    the file stored and none left to rename, every date of the file stored and not cancelled
    by the file, and no date the file added and no longer lists."""
    names = {t.name for t in committee.teams}
    renamed = {old for t in committee.teams for old in t.renamed_from}
    if not names <= state.teams or renamed & state.teams:
        return False
    stored = {d: (cancelled, by) for d, _, cancelled, by in state.sessions}
    wanted = set(committee.sessions)
    for day in wanted:
        row = stored.get(day)
        if row is None or row == (True, FROM_FILE):
            return False
    return not any(
        added_by == FROM_FILE and not cancelled and day not in wanted
        for day, added_by, cancelled, _ in state.sessions
    )


def add_session(
    session: Session, committee: CommitteeFile, held_on: date, *, by: str, now: datetime
) -> Sessions:
    """Record a coming session; items without a stated due date move to it where it is the
    first session after their meeting."""
    if held_on < local_date(now, committee.timezone):
        raise FollowupError(
            f"{held_on.isoformat()}은(는) 지난 날짜입니다: 다가오는 회의 날짜를 입력하십시오"
        )
    ids = store.ensure_committee(session, committee=committee)
    store.add_session_dates(
        session, committee_id=ids.committee_id, dates=[held_on], added_by=by, now=now
    )
    sessions = load_sessions(session, committee, now=now)
    store.refresh_effective_due(session, committee_id=ids.committee_id)
    return sessions


def remove_session(
    session: Session, committee: CommitteeFile, held_on: date, *, by: str, now: datetime
) -> Sessions:
    """Cancel a session (``followup session remove``): no reminder, escalation or digest goes
    out for it (those queued and not sent are dropped), and items due at it move to the next
    session. A date the committee file lists stays cancelled until it is added again."""
    ids = store.ensure_committee(session, committee=committee)
    load_sessions(session, committee, now=now)
    cancelled = cancel_session_dates(
        session, committee_id=ids.committee_id, dates=[held_on], by=by, now=now
    )
    if not cancelled:
        raise FollowupError(
            f"{held_on.isoformat()}에는 예정된 회의가 없습니다: followup session list로 확인하십시오"
        )
    store.refresh_effective_due(session, committee_id=ids.committee_id)
    return load_sessions(session, committee, now=now)
