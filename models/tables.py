"""SQLModel tables. Natural keys are unique constraints so every write can be idempotent."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


def utc_now() -> datetime:
    return datetime.now(UTC)


def _ts(nullable: bool = False) -> sa.Column:
    return sa.Column(sa.DateTime(timezone=True), nullable=nullable)


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
    ``synced_sha256`` is the content whose items are stored.
    """

    __tablename__ = "minutes_file"
    id: int | None = Field(default=None, primary_key=True)
    path: str = Field(sa_column_kwargs={"unique": True})
    sha256: str = ""
    status: str = Field(default="draft", index=True)
    error: str | None = None
    approved_by: str | None = None
    approved_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    committee_id: int | None = Field(default=None, foreign_key="committee.id")
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id")
    synced_sha256: str | None = None
    synced_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
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

    ``status``: open, in_progress, done, explained (reported why it cannot be done),
    withdrawn (no longer in the approved text), rejected (by the secretary in review).
    ``review``: none, pending (below the confidence threshold, held back), accepted.
    """

    __tablename__ = "action_item"
    __table_args__ = (sa.UniqueConstraint("minutes_file_id", "natural_key", name="uq_item_key"),)
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
    status: str = Field(default="open", index=True)
    review: str = Field(default="none", index=True)
    announced_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
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
    channel: str  # extract, resync, link, review, cli
    actor: str = ""
    created_at: datetime = Field(default_factory=utc_now, sa_column=_ts())


class Notification(SQLModel, table=True):
    """The outbox: a message is inserted once (unique dedupe key), then sent, then marked."""

    __tablename__ = "notification"
    id: int | None = Field(default=None, primary_key=True)
    dedupe_key: str = Field(sa_column_kwargs={"unique": True})
    kind: str  # new_items, failed_file, ...
    committee_id: int | None = Field(default=None, foreign_key="committee.id")
    team_id: int | None = Field(default=None, foreign_key="team.id", index=True)
    targets: str = ""  # newline-separated Apprise URLs or tag:NAME, resolved at send time
    subject: str
    body: str
    attempts: int = 0
    last_error: str | None = None
    sent_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    created_at: datetime = Field(default_factory=utc_now, sa_column=_ts())
