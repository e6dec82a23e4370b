"""The store: every read and write of the database, as keyword-only functions over a session.

It holds the committees, their teams and minutes files, the meetings' action items and their
status trail, the outbox, session dates, the poll's snapshots, secretaries, change requests,
and the queries the console, the team pages, the 조치결과 report and the digest read. Each
area is a module (``files``, ``items``, ``outbox``, ``sessions``, ``poll``, ``reminders``,
``recurrence``, ``listing``, ``console``, ``requests``, ``team_page``, ``report``, ``digest``)
over ``base``; this package re-exports their public names, so a caller writes
``store.name(session, ...)`` whichever module holds it.

Every write is idempotent: rows are inserted with ``ON CONFLICT DO NOTHING`` against their
natural key (``base.insert_ignoring``, the one place that tells SQLite from PostgreSQL) and
then read back, never "check, then insert", so a retried task or two concurrent runs cannot
duplicate anything.

Only the store builds queries (``tests/test_layout.py`` checks it). It may import ``models``,
``followup.codes``, ``followup.committee`` and ``followup.calendar`` (and, for types only, the
minutes model); never extraction (``followup.korean``, ``followup.extract``), the loop,
intake, the web or Prefect: it reads and writes rows, and what is computed from text (an
item's nouns, say) is computed by its caller.
"""

from __future__ import annotations

from sqlmodel import Session

from followup import codes
from followup.store.base import insert_ignore
from followup.store.console import (
    PAGE_SIZE,
    FailedMessage,
    ItemFilter,
    ItemView,
    RequestRow,
    TeamReportRate,
    clear_login_failures,
    committee_agenda,
    committee_meetings,
    committee_teams,
    count_login_failure,
    failed_messages,
    filtered_items,
    lock_secretary,
    open_requests,
    overdue_items,
    review_count,
    save_secretary,
    secretary_by_name,
    secretary_committees,
    silent_items,
    snapshot_trend,
    status_counts,
    team_report_rates,
)
from followup.store.digest import (
    SilentTeam,
    StatusChange,
    last_digest_at,
    silent_teams,
    status_changes,
)
from followup.store.files import (
    CommitteeIds,
    approve,
    committee_name,
    committee_team_names,
    draft_count,
    ensure_committee,
    files_at,
    files_to_sync,
    minutes_file_path,
    minutes_files,
    record_failure,
    register_file,
    registered_files,
    team_ids_of,
    team_named,
)
from followup.store.items import (
    ExtractedRow,
    SyncResult,
    WithdrawnItem,
    action_items,
    add_trail_row,
    announced_items,
    current_file,
    earlier_items,
    item_committee,
    items_to_announce,
    mark_announced,
    meetings_and_agenda,
    pack_nouns,
    record_status,
    set_status,
    status_trail,
    sync_items,
    trail_of_items,
    unpack_nouns,
)
from followup.store.listing import (
    ItemRow,
    Totals,
    list_items,
    review_queue,
    totals,
)
from followup.store.outbox import (
    Due,
    Held,
    Queued,
    Refusal,
    Slot,
    attachments_of,
    claim_delivery,
    claim_due,
    claimed,
    held_by_others,
    latest_team_notices,
    outbox_rows,
    queue_notification,
    record_delivery,
    release_claims,
    requeue_notification,
    retarget,
    slots_of,
    stale_messages,
    sum_up,
)
from followup.store.poll import StatusCount, links_opened, poll_counts, write_snapshot
from followup.store.recurrence import (
    RepeatRow,
    item_texts,
    link_repeats,
    repeat_candidates,
    store_nouns,
)
from followup.store.reminders import ItemLine, open_item_lines
from followup.store.report import (
    ReportItem,
    meeting_dates,
    meeting_of,
    report_items,
)
from followup.store.requests import (
    add_change_request,
    close_request,
    open_requests_of_items,
    open_requests_with_items,
)
from followup.store.sessions import (
    add_session_dates,
    refresh_effective_due,
    session_dates,
    session_rows,
)
from followup.store.team_page import (
    bump_link_version,
    item_requests,
    link_team_row,
    team_page_state,
    touch_team,
    visible_items,
)
from models.tables import utc_now

# The status groups of ``followup.codes``, the same tuples, typed as the strings callers
# compare rows with (``store.LIVE_STATUSES`` keys a dict of stored statuses on the console).
OPEN_STATUSES: tuple[str, ...] = codes.OPEN_STATUSES
REPORTED_STATUSES: tuple[str, ...] = codes.REPORTED_STATUSES
LIVE_STATUSES: tuple[str, ...] = codes.LIVE_STATUSES
CLOSED_STATUSES: tuple[str, ...] = codes.CLOSED_STATUSES

__all__ = [
    "CLOSED_STATUSES",
    "LIVE_STATUSES",
    "OPEN_STATUSES",
    "PAGE_SIZE",
    "REPORTED_STATUSES",
    "CommitteeIds",
    "Due",
    "ExtractedRow",
    "FailedMessage",
    "Held",
    "ItemFilter",
    "ItemLine",
    "ItemRow",
    "ItemView",
    "Queued",
    "Refusal",
    "RepeatRow",
    "ReportItem",
    "RequestRow",
    "Session",
    "SilentTeam",
    "Slot",
    "StatusChange",
    "StatusCount",
    "SyncResult",
    "TeamReportRate",
    "Totals",
    "WithdrawnItem",
    "action_items",
    "add_change_request",
    "add_session_dates",
    "add_trail_row",
    "announced_items",
    "approve",
    "attachments_of",
    "bump_link_version",
    "claim_delivery",
    "claim_due",
    "claimed",
    "clear_login_failures",
    "close_request",
    "committee_agenda",
    "committee_meetings",
    "committee_name",
    "committee_team_names",
    "committee_teams",
    "count_login_failure",
    "current_file",
    "draft_count",
    "earlier_items",
    "ensure_committee",
    "failed_messages",
    "files_at",
    "files_to_sync",
    "filtered_items",
    "held_by_others",
    "insert_ignore",
    "item_committee",
    "item_requests",
    "item_texts",
    "items_to_announce",
    "last_digest_at",
    "latest_team_notices",
    "link_repeats",
    "link_team_row",
    "links_opened",
    "list_items",
    "lock_secretary",
    "mark_announced",
    "meeting_dates",
    "meeting_of",
    "meetings_and_agenda",
    "minutes_file_path",
    "minutes_files",
    "open_item_lines",
    "open_requests",
    "open_requests_of_items",
    "open_requests_with_items",
    "outbox_rows",
    "overdue_items",
    "pack_nouns",
    "poll_counts",
    "queue_notification",
    "record_delivery",
    "record_failure",
    "record_status",
    "refresh_effective_due",
    "register_file",
    "registered_files",
    "release_claims",
    "repeat_candidates",
    "report_items",
    "requeue_notification",
    "retarget",
    "review_count",
    "review_queue",
    "save_secretary",
    "secretary_by_name",
    "secretary_committees",
    "session_dates",
    "session_rows",
    "set_status",
    "silent_items",
    "silent_teams",
    "slots_of",
    "snapshot_trend",
    "stale_messages",
    "status_changes",
    "status_counts",
    "status_trail",
    "store_nouns",
    "sum_up",
    "sync_items",
    "team_ids_of",
    "team_named",
    "team_page_state",
    "team_report_rates",
    "totals",
    "touch_team",
    "trail_of_items",
    "unpack_nouns",
    "utc_now",
    "visible_items",
    "write_snapshot",
]
