"""Every code the database stores and the product shows, as string enums.

A code is what a row keeps and what code compares; its Korean words live in one place,
``templates/codes.j2`` (one macro per family), which mail, web pages, the CLI and documents
all import. ``tests/test_codes.py`` checks that every member here has its Korean word there
and that no other module or template spells a status itself.

The enums are ``StrEnum``: a member equals its stored string, so rows written before this
module read back unchanged.
"""

from __future__ import annotations

from enum import StrEnum


class ItemStatus(StrEnum):
    """An action item's state, as a team reports it or as the pipeline closes it."""

    OPEN = "open"  # not started (미착수)
    IN_PROGRESS = "in_progress"
    DONE = "done"
    EXPLAINED = "explained"  # cannot be done, with a reason (추진 불가)
    WITHDRAWN = "withdrawn"  # no longer in the approved text
    REJECTED = "rejected"  # not an action item, by the secretary's review


# Not yet reported by the team.
OPEN_STATUSES: tuple[ItemStatus, ...] = (ItemStatus.OPEN, ItemStatus.IN_PROGRESS)
# Reported by the team and awaiting (or past) the committee's check.
REPORTED_STATUSES: tuple[ItemStatus, ...] = (ItemStatus.DONE, ItemStatus.EXPLAINED)
# Every status an item followed up can have: listed in reports, pages and digests.
LIVE_STATUSES: tuple[ItemStatus, ...] = OPEN_STATUSES + REPORTED_STATUSES
# The order a count line reads statuses out in (총 23건: 완료 8 · 추진 중 11 · 미착수 2 · 추진 불가 2).
COUNT_ORDER: tuple[ItemStatus, ...] = (
    ItemStatus.DONE,
    ItemStatus.IN_PROGRESS,
    ItemStatus.OPEN,
    ItemStatus.EXPLAINED,
)
# Closed by the pipeline or the secretary, never by a team; never listed in a report.
CLOSED_STATUSES: tuple[ItemStatus, ...] = (ItemStatus.WITHDRAWN, ItemStatus.REJECTED)


class ItemKind(StrEnum):
    RECOMMENDATION = "recommendation"  # a member's or the chair's ask
    COMMITMENT = "commitment"  # a department's promise
    DECISION = "decision"  # a resolution on an agenda item


class ReviewState(StrEnum):
    """Whether an item waits for the secretary before any team hears of it.

    Every new item of a new or corrected meeting is PENDING (확인 대기) until the secretary
    confirms it (ACCEPTED); NONE: released without it (a committee's ``auto_confirm_above``,
    an old meeting stored by backfill, items stored before the confirmation step)."""

    NONE = "none"
    PENDING = "pending"
    ACCEPTED = "accepted"


class CheckResult(StrEnum):
    """The committee's check of a reported 완료 or 추진 불가."""

    NOT_YET = ""
    ADEQUATE = "adequate"
    INSUFFICIENT = "insufficient"


class FileStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    FAILED = "failed"


class RequestKind(StrEnum):
    TRANSFER = "transfer"  # 소관 아님
    EXTENSION = "extension"  # 기한 연장


class RequestState(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    REFUSED = "refused"


class DeliveryState(StrEnum):
    """One message to one target (and a message's sum of its deliveries)."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class TrailChannel(StrEnum):
    """Through which door a status-trail row came."""

    EXTRACT = "extract"
    RESYNC = "resync"
    LINK = "link"  # a team's page
    REVIEW = "review"
    CLI = "cli"
    REQUEST = "request"
    CHECK = "check"


class MessageKind(StrEnum):
    """What a queued message is (the outbox's ``kind``); a reminder ladder step is one too."""

    NEW_ITEMS = "new_items"
    ITEM_CORRECTED = "item_corrected"  # a small edit that changed what is asked
    TEAM_REMOVED = "team_removed"  # a removed team's open items, told to the secretary
    AWAITING_CONFIRMATION = "awaiting_confirmation"  # a meeting's items, told to the secretary
    WITHDRAWN = "withdrawn"  # items withdrawn by a corrected file
    SUPERSEDED = "superseded"  # a corrected file, told to the secretary
    FAILED_FILE = "failed_file"
    REMINDER = "reminder"
    DUE_REMINDER = "due_reminder"
    ESCALATION = "escalation"
    DIGEST = "digest"
    NO_SESSION = "no_session"
    REQUEST_DECIDED = "request_decided"
    CHECK = "check"  # the committee's check, told to the team
    LINK = "link"  # a reissued link
    DELIVERY_FAILED = "delivery_failed"
