"""The stored teams following the committee file's list of teams.

A team renamed in the file (``renamed_from``) keeps its row, items and links
(``store.ensure_committee``); the open items of a team the file no longer lists go to the
secretary's team, held in review for triage, and the secretary is told once per batch.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlmodel import Session

from followup import store
from followup.codes import MessageKind
from followup.committee import Committee as CommitteeFile
from followup.outbox.notices import Addressee, queue_notice
from followup.settings import Settings
from followup.store.items import hand_to_triage, items_of_unlisted_teams


def follow_teams(
    settings: Settings, session: Session, committee: CommitteeFile, *, now: datetime
) -> int:
    """Make the stored teams follow the committee file; how many items moved to triage."""
    ids = store.ensure_committee(session, committee=committee)
    orphans = items_of_unlisted_teams(
        session, committee_id=ids.committee_id, listed=[t.name for t in committee.teams]
    )
    if not orphans:
        return 0
    secretary = Addressee.named(committee, ids)
    meetings, _ = store.meetings_and_agenda(session, items=[item for item, _ in orphans])
    items = [
        {
            "id": item.id,
            "team": name,
            "summary": item.summary,
            "kind": item.kind,
            "status": item.status,
            "meeting": meetings[item.meeting_id].title,
            "held_on": meetings[item.meeting_id].held_on,
        }
        for item, name in orphans
    ]
    moved = hashlib.sha256(",".join(str(item.id) for item, _ in orphans).encode()).hexdigest()
    hand_to_triage(session, orphans, team_id=secretary.team_id, now=now)
    queue_notice(
        session,
        settings,
        secretary,
        "mail/team_removed.txt.j2",
        key=f"team_removed:{ids.committee_id}:{moved[:16]}",
        kind=MessageKind.TEAM_REMOVED,
        now=now,
        teams=sorted({name for _, name in orphans}),
        items=items,
    )
    return len(orphans)
