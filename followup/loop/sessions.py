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
    longer lists is cancelled, with what was queued for it), then read back."""
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
