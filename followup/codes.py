"""Every code the database stores and the product shows, as string enums.

A code is what a row keeps and what code compares; its Korean words live in one place,
``templates/codes.j2`` (one macro per family), which mail, web pages, the CLI and documents
all import. ``tests/test_codes.py`` checks that every member here has its Korean word there
and that no other module or template spells a status itself.

The enums are ``StrEnum``: a member equals its stored string, so rows written before this
module read back unchanged. A member's string is its name in lower case (``auto()``), the
one exception spelled out.
"""

from __future__ import annotations

from enum import StrEnum, auto


class ItemStatus(StrEnum):
    """An action item's state, as a team reports it or as the pipeline closes it."""

    OPEN = auto()  # not started (미착수)
    IN_PROGRESS = auto()
    DONE = auto()
    EXPLAINED = auto()  # cannot be done, with a reason (추진 불가)
    WITHDRAWN = auto()  # no longer in the approved text
    REJECTED = auto()  # not an action item, by the secretary's review


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
    RECOMMENDATION = auto()  # a member's or the chair's ask
    COMMITMENT = auto()  # a department's promise
    DECISION = auto()  # a resolution on an agenda item


class ReviewState(StrEnum):
    """Whether an item waits for the secretary before any team hears of it.

    Every new item of a new or corrected meeting is PENDING (확인 대기) until the secretary
    confirms it (ACCEPTED); NONE: released without it (a committee's ``auto_confirm_above``,
    an old meeting stored by backfill, items stored before the confirmation step)."""

    NONE = auto()
    PENDING = auto()
    ACCEPTED = auto()


class CheckResult(StrEnum):
    """The committee's check of a reported 완료 or 추진 불가."""

    NOT_YET = ""
    ADEQUATE = auto()
    INSUFFICIENT = auto()


# The small families, each a plain list of names: a minutes file in the inbox; a team's
# request (TRANSFER 소관 아님, EXTENSION 기한 연장) and its state; one message to one target
# (and a message's sum of its deliveries).
FileStatus = StrEnum("FileStatus", "DRAFT APPROVED FAILED")
RequestKind = StrEnum("RequestKind", "TRANSFER EXTENSION")
RequestState = StrEnum("RequestState", "OPEN ACCEPTED REFUSED")
DeliveryState = StrEnum("DeliveryState", "PENDING SENT FAILED")


class TrailChannel(StrEnum):
    """Through which door a status-trail row came."""

    EXTRACT = auto()
    RESYNC = auto()
    LINK = auto()  # a team's page
    REVIEW = auto()
    CLI = auto()
    REQUEST = auto()
    CHECK = auto()


class MessageKind(StrEnum):
    """What a queued message is (the outbox's ``kind``); a reminder ladder step is one too."""

    NEW_ITEMS = auto()
    ITEM_CORRECTED = auto()  # a small edit that changed what is asked
    TEAM_REMOVED = auto()  # a removed team's open items, told to the secretary
    AWAITING_CONFIRMATION = auto()  # a meeting's items, told to the secretary
    WITHDRAWN = auto()  # items withdrawn by a corrected file
    SUPERSEDED = auto()  # a corrected file, told to the secretary
    FAILED_FILE = auto()
    REMINDER = auto()
    DUE_REMINDER = auto()
    ESCALATION = auto()
    DIGEST = auto()
    NO_SESSION = auto()
    REQUEST_DECIDED = auto()
    CHECK = auto()  # the committee's check, told to the team
    LINK = auto()  # a reissued link
    DELIVERY_FAILED = auto()
