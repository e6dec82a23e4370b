"""SQLModel tables. Natural keys are unique constraints so every write can be idempotent."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from followup.codes import ItemStatus, RequestState, ReviewState


def utc_now() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """A timestamp stored in UTC and read back aware. SQLite keeps no zone: an aware time in
    another zone would be stored with its local clock reading, and every time read back
    naive. Converting on the way in and tagging on the way out makes both databases alike."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


def _ts(nullable: bool = False) -> sa.Column:
    return sa.Column(UTCDateTime(), nullable=nullable)


class Committee(SQLModel, table=True):
    __tablename__ = "committee"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column_kwargs={"unique": True})
    timezone: str = "Asia/Seoul"
    created_at: datetime = Field(default_factory=utc_now, sa_column=_ts())


class Team(SQLModel, table=True):
    __tablename__ = "team"
    __table_args__ = (sa.UniqueConstraint("committee_id", "name", name="uq_team_name"),)
    id: int | None = Field(default=None, primary_key=True)
    committee_id: int = Field(foreign_key="committee.id", index=True)
    name: str
    link_version: int = 1  # signed into team links; bumping it revokes every older link
    link_opened_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    last_seen_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))


class SessionDate(SQLModel, table=True):
    """A coming (or past) session of a committee, added with ``followup session add``; merged
    with the committee file's ``sessions``. A cancelled one (``cancelled_at``: removed from the
    file, or by ``followup session remove``) is kept but is no session any more."""

    __tablename__ = "session_date"
    __table_args__ = (sa.UniqueConstraint("committee_id", "held_on", name="uq_session_date"),)
    id: int | None = Field(default=None, primary_key=True)
    committee_id: int = Field(foreign_key="committee.id", index=True)
    held_on: date
    added_by: str = ""
    created_at: datetime = Field(default_factory=utc_now, sa_column=_ts())
    cancelled_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    cancelled_by: str = Field(default="", sa_column_kwargs={"server_default": ""})


class Meeting(SQLModel, table=True):
    __tablename__ = "meeting"
    __table_args__ = (sa.UniqueConstraint("committee_id", "held_on", "title", name="uq_meeting"),)
    id: int | None = Field(default=None, primary_key=True)
    committee_id: int = Field(foreign_key="committee.id", index=True)
    title: str
    held_on: date | None = None
    place: str = ""


class MinutesFile(SQLModel, table=True):
    """One minutes file in the inbox. ``status``: draft, approved or failed.

    Approval belongs to the path: a corrected approved file stays approved and is re-synced.
    ``signatories``: the members who signed the approved minutes (서명 위원), one name a line.
    ``committee_id``: the committee whose meeting the file holds, or the one it was uploaded
    to in the console before it is read. ``synced_sha256`` is the content whose items are
    stored.
    """

    __tablename__ = "minutes_file"
    id: int | None = Field(default=None, primary_key=True)
    path: str = Field(sa_column_kwargs={"unique": True})
    sha256: str = ""
    status: str = Field(default="draft", index=True)
    error: str | None = None
    approved_by: str | None = None
    approved_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    signatories: str = Field(default="", sa_column_kwargs={"server_default": ""})
    committee_id: int | None = Field(default=None, foreign_key="committee.id")
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id")
    synced_sha256: str | None = None
    synced_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    superseded_by_id: int | None = Field(default=None, foreign_key="minutes_file.id")
    registered_at: datetime = Field(default_factory=utc_now, sa_column=_ts())
    updated_at: datetime = Field(default_factory=utc_now, sa_column=_ts())


class AgendaItem(SQLModel, table=True):
    __tablename__ = "agenda_item"
    __table_args__ = (sa.UniqueConstraint("meeting_id", "position", name="uq_agenda_position"),)
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    position: int
    title: str
    group_name: str = ""


class ActionItem(SQLModel, table=True):
    """An action item: what was asked or promised, by whom, for which team, by when.

    ``status``: open (미착수), in_progress (추진 중), done (완료), explained (추진 불가, with a
    reason), withdrawn (no longer in the approved text), rejected (by the secretary in review).
    ``review``: none, pending (below the confidence threshold, held back), accepted.
    ``check_result``: the committee's check of a reported done/explained item: "" (not yet),
    adequate (적정: closed) or insufficient (미흡: reopened and carried to the next session).
    The report_* fields are the team's latest report, for the 조치결과 table.
    """

    __tablename__ = "action_item"
    __table_args__ = (sa.UniqueConstraint("meeting_id", "natural_key", name="uq_item_key"),)
    id: int | None = Field(default=None, primary_key=True)
    minutes_file_id: int = Field(foreign_key="minutes_file.id", index=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    natural_key: str
    kind: str
    summary: str
    source_text: str
    line_start: int
    line_end: int
    speaker: str
    speaker_role: str
    agenda_item_id: int | None = Field(default=None, foreign_key="agenda_item.id")
    agenda_reason: str = ""
    team_id: int = Field(foreign_key="team.id", index=True)
    routing_reason: str = ""
    stated_due: date | None = None
    due_text: str | None = None
    effective_due: date | None = None
    confidence: float = 0.0
    status: str = Field(default=ItemStatus.OPEN, index=True)
    review: str = Field(default=ReviewState.NONE, index=True)
    presentation_plan: bool = False
    announced_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    report_note: str = ""
    planned_on: date | None = None
    reporter: str = ""
    reported_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    check_result: str = ""
    checked_by: str = ""
    checked_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    repeats_item_id: int | None = Field(default=None, foreign_key="action_item.id")
    nouns: str | None = None  # content nouns of the source, for 재요구 (NULL: not yet read)
    created_at: datetime = Field(default_factory=utc_now, sa_column=_ts())
    updated_at: datetime = Field(default_factory=utc_now, sa_column=_ts())


class StatusUpdate(SQLModel, table=True):
    """The audit trail: every change of an item's status, by whom and through which channel."""

    __tablename__ = "status_update"
    id: int | None = Field(default=None, primary_key=True)
    action_item_id: int = Field(foreign_key="action_item.id", index=True)
    old_status: str | None = None
    new_status: str
    note: str = ""
    channel: str  # extract, resync, link, review, cli, request, check
    actor: str = ""
    report_note: str = ""
    planned_on: date | None = None
    created_at: datetime = Field(default_factory=utc_now, sa_column=_ts())


class ChangeRequest(SQLModel, table=True):
    """A team's request to the secretary about one item: ``transfer`` (소관 아님, with a
    suggested team) or ``extension`` (기한 연장, with a new date). ``state``: open, accepted,
    refused. At most one open request of a kind per item (a partial unique index)."""

    __tablename__ = "change_request"
    __table_args__ = (
        sa.Index(
            "uq_open_request",
            "action_item_id",
            "kind",
            unique=True,
            sqlite_where=sa.text("state = 'open'"),
            postgresql_where=sa.text("state = 'open'"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    action_item_id: int = Field(foreign_key="action_item.id", index=True)
    team_id: int = Field(foreign_key="team.id", index=True)  # the team that asked
    kind: str
    suggested_team: str = ""
    new_due: date | None = None
    reason: str = ""
    requested_by: str = ""
    state: str = Field(default=RequestState.OPEN, index=True)
    decided_by: str = ""
    decision_note: str = ""
    decided_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    created_at: datetime = Field(default_factory=utc_now, sa_column=_ts())


class Snapshot(SQLModel, table=True):
    """The poll's daily count of items per committee x team x status, for digests and charts."""

    __tablename__ = "snapshot"
    __table_args__ = (
        sa.UniqueConstraint("committee_id", "team_id", "taken_on", "status", name="uq_snapshot"),
    )
    id: int | None = Field(default=None, primary_key=True)
    committee_id: int = Field(foreign_key="committee.id", index=True)
    team_id: int = Field(foreign_key="team.id")
    taken_on: date = Field(index=True)
    status: str
    count: int


class Notification(SQLModel, table=True):
    """The outbox: a message is inserted once (unique dedupe key: committee, team, kind, step,
    session), then delivered per target (``Delivery``). ``status`` sums up its deliveries:
    pending, sent or failed. ``not_before`` holds it until office hours on a working day."""

    __tablename__ = "notification"
    id: int | None = Field(default=None, primary_key=True)
    dedupe_key: str = Field(sa_column_kwargs={"unique": True})
    kind: str  # new_items, failed_file, reminder, escalation, digest, ...
    step: str = ""
    committee_id: int | None = Field(default=None, foreign_key="committee.id")
    team_id: int | None = Field(default=None, foreign_key="team.id", index=True)
    targets: str = ""  # newline-separated Apprise URLs or tag:NAME, resolved at send time
    # The targets are the team's ``notify`` in the committee file: the sender reads them again
    # from the current file, so a target fixed there is used by the next attempt.
    follow_team: bool = Field(default=True, sa_column_kwargs={"server_default": sa.true()})
    subject: str
    body: str
    html: str | None = None
    status: str = Field(default="pending", index=True)
    not_before: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    attempts: int = 0
    last_error: str | None = None
    sent_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    created_at: datetime = Field(default_factory=utc_now, sa_column=_ts())


# Delivery.target of a message to the local outbox folder (a team with no targets).
LOCAL_TARGET = "outbox://"


class Delivery(SQLModel, table=True):
    """One message to one service. A sender claims a row (``claimed_until``, a lease) before
    sending, so overlapping runs never send it twice; ``state``: pending, sent, failed.
    ``source`` is the target it came from (``tag:NAME``, an Apprise URL); ``target`` is the
    service itself once the sender resolved it (a tag naming two services is two rows)."""

    __tablename__ = "delivery"
    __table_args__ = (sa.UniqueConstraint("notification_id", "target", name="uq_delivery"),)
    id: int | None = Field(default=None, primary_key=True)
    notification_id: int = Field(foreign_key="notification.id", index=True)
    target: str
    source: str = Field(default="", sa_column_kwargs={"server_default": ""})
    state: str = Field(default="pending", index=True)
    attempts: int = 0
    last_error: str | None = None
    next_attempt_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    claimed_until: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    claimed_by: str = ""
    sent_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))


class Attachment(SQLModel, table=True):
    """A file sent with a message (the digest's report as DOCX, HWPX, CSV; its chart)."""

    __tablename__ = "attachment"
    __table_args__ = (sa.UniqueConstraint("notification_id", "filename", name="uq_attachment"),)
    id: int | None = Field(default=None, primary_key=True)
    notification_id: int = Field(foreign_key="notification.id", index=True)
    filename: str
    mime: str
    content: bytes = Field(sa_column=sa.Column(sa.LargeBinary, nullable=False))


class Secretary(SQLModel, table=True):
    """A secretary who signs in to the web console; sees only their committees."""

    __tablename__ = "secretary"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column_kwargs={"unique": True})
    password_hash: str
    failed_logins: int = 0
    locked_until: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    created_at: datetime = Field(default_factory=utc_now, sa_column=_ts())


class SecretaryCommittee(SQLModel, table=True):
    __tablename__ = "secretary_committee"
    __table_args__ = (
        sa.UniqueConstraint("secretary_id", "committee_id", name="uq_secretary_committee"),
    )
    id: int | None = Field(default=None, primary_key=True)
    secretary_id: int = Field(foreign_key="secretary.id", index=True)
    committee_id: int = Field(foreign_key="committee.id", index=True)


class ConsoleSession(SQLModel, table=True):
    """A secretary's signed-in console session, kept on the server: the cookie holds only
    ``token``'s random value; signing out deletes the row, a new password deletes all of the
    secretary's rows, and a row older than the session hours is no session."""

    __tablename__ = "console_session"
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(sa_column_kwargs={"unique": True})
    secretary_id: int = Field(foreign_key="secretary.id", index=True)
    created_at: datetime = Field(default_factory=utc_now, sa_column=_ts())


class LoginFailure(SQLModel, table=True):
    """Failed sign-ins counted per client address and name (known or not): five in a row
    lock that address out of that name only, so a guesser elsewhere never locks the real
    secretary out, and an unknown name is answered like a known one."""

    __tablename__ = "login_failure"
    __table_args__ = (sa.UniqueConstraint("address", "name", name="uq_login_failure"),)
    id: int | None = Field(default=None, primary_key=True)
    address: str
    name: str
    failures: int = 0
    locked_until: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
