"""What the secretary sees after a pass: counts and each team's open items."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlmodel import col, select

from followup import store
from followup.announce import NotifyReport
from followup.committee import configured_committees
from followup.ingest import ScanResult
from followup.render import render
from followup.settings import Settings
from followup.sync import SyncReport
from models.db import session_scope
from models.tables import ActionItem, Committee, MinutesFile, Notification, Team


def team_items(settings: Settings, committee_name: str) -> list[dict[str, Any]]:
    """Every team of a committee with its open items, in minutes order."""
    with session_scope(settings.resolved_database_url) as session:
        teams = session.exec(
            select(Team)
            .join(Committee)
            .where(Committee.name == committee_name)
            .order_by(col(Team.id))
        ).all()
        out = []
        for team in teams:
            items = session.exec(
                select(ActionItem)
                .where(
                    ActionItem.team_id == team.id,
                    col(ActionItem.status).in_(store.OPEN_STATUSES),
                )
                .order_by(col(ActionItem.meeting_id), col(ActionItem.line_start))
            ).all()
            _, agenda = store.meetings_and_agenda(session, items=items)
            out.append(
                {
                    "name": team.name,
                    "open_items": [
                        {
                            "id": i.id,
                            "kind": i.kind,
                            "summary": i.summary,
                            "agenda": agenda.get(i.agenda_item_id),
                            "due": i.effective_due,
                            "routing_reason": i.routing_reason,
                            "review": i.review,
                        }
                        for i in items
                    ],
                }
            )
    return out


def pass_summary(
    settings: Settings,
    scan: ScanResult,
    synced: Sequence[SyncReport],
    notified: Sequence[NotifyReport],
) -> str:
    with session_scope(settings.resolved_database_url) as session:
        statuses = list(session.exec(select(MinutesFile.status)))
        pending = len(
            session.exec(
                select(ActionItem.id).where(
                    ActionItem.review == "pending",
                    col(ActionItem.status).in_(store.OPEN_STATUSES),
                )
            ).all()
        )
        unsent = len(
            session.exec(select(Notification.id).where(col(Notification.sent_at).is_(None))).all()
        )
    errors = list(scan.errors) + [r.error for r in synced if r.error]
    errors += [f for n in notified for f in [*n.failed, *n.retrying]]
    parts = []
    for committee in configured_committees(settings):
        parts.append(
            render(
                settings.templates_dir,
                "cli/run_summary.txt.j2",
                committee=committee.name,
                approved=statuses.count("approved"),
                drafts=statuses.count("draft"),
                failed=statuses.count("failed"),
                added=sum(r.added for r in synced),
                kept=sum(r.kept for r in synced),
                withdrawn=sum(r.withdrawn for r in synced),
                pending_review=pending,
                sent=sum(n.sent for n in notified),
                unsent=unsent,
                outbox=settings.outbox,
                teams=team_items(settings, committee.name),
                errors=errors,
            )
        )
    return "\n".join(parts)
