"""What the secretary sees after a pass: what this pass changed, then the totals."""

from __future__ import annotations

from followup import store
from followup.committee import configured_committees
from followup.intake.passes import PassResult
from followup.render import render
from followup.settings import Settings
from models.db import session_scope


def pass_summary(settings: Settings, result: PassResult, *, mode: str) -> str:
    """This pass's files, items and messages, and the totals; never the whole backlog
    (``followup items`` lists it)."""
    with session_scope(settings.resolved_database_url) as session:
        totals = store.totals(session)
    synced = [r for r in result.synced if not r.error]
    return render(
        settings.templates_dir,
        "cli/run_summary.txt.j2",
        committees=[c.name for c in configured_committees(settings)],
        mode=mode,
        files_synced=len(synced),
        files_failed=len(result.failed_files),
        added=sum(r.added for r in synced),
        kept=sum(r.kept for r in synced),
        withdrawn=sum(r.withdrawn for r in synced),
        reopened=sum(r.reopened for r in synced),
        changed_files=[r for r in synced if r.added or r.withdrawn or r.reopened],
        teams=[
            {"name": n.team, "sent": n.sent, "failed": len(n.failed) + len(n.retrying)}
            for n in result.announced
            if n.sent or n.failed or n.retrying
        ],
        sent=sum(n.sent for n in result.announced),
        sends_failed=len(result.failed_sends),
        outbox=settings.outbox,
        totals=totals,
        failures=result.failed_files + result.failed_sends,
    )
