"""What the secretary sees after a pass: what this pass changed, then the totals."""

from __future__ import annotations

from followup import store
from followup.committee import Committee as CommitteeFile
from followup.committee import configured_committees
from followup.intake.passes import PassResult
from followup.outbox.channels import OUTBOX_SCHEME, Channels, DeliveryError
from followup.render import render
from followup.settings import Settings
from models.db import session_scope
from models.tables import LOCAL_TARGET


def local_only(channels: Channels, committees: list[CommitteeFile], team: str) -> bool:
    """Whether every target of ``team`` is the local outbox folder (no notify target, or
    tags the channel configuration sends only there): its messages are kept, not sent to it."""
    for committee in committees:
        for spec in committee.teams:
            if spec.name != team:
                continue
            targets = [t for t in spec.notify if t.strip()] or [LOCAL_TARGET]
            try:
                urls = [s.url for target in targets for s in channels.services(target)]
            except DeliveryError:
                return False  # not delivered at all: the pass reports the failure
            return all(url.startswith(f"{OUTBOX_SCHEME}://") for url in urls)
    return False


def pass_summary(settings: Settings, result: PassResult, *, mode: str) -> str:
    """This pass's files, items and messages, and the totals; never the whole backlog
    (``followup items`` lists it). A message that only went to the local outbox folder is
    counted as kept there (로컬 보관), not as sent to the team."""
    with session_scope(settings.resolved_database_url) as session:
        totals = store.totals(session)
    synced = [r for r in result.synced if not r.error]
    committees = configured_committees(settings)
    channels = Channels(config=settings.apprise_config, outbox=settings.outbox)
    teams = [
        {
            "name": n.team,
            "sent": 0 if local else n.sent,
            "kept": n.sent if local else 0,
            "failed": len(n.failed) + len(n.retrying),
        }
        for n in result.announced
        if n.sent or n.failed or n.retrying
        for local in [local_only(channels, committees, n.team)]
    ]
    told_sent = sum(n.told_sent for n in result.announced)
    told_failed = sum(len(n.told_failed) for n in result.announced)
    if told_sent or told_failed:  # the secretary's notices of failed deliveries: a row apart
        secretary = committees[0].secretary if committees else ""
        local = local_only(channels, committees, secretary)
        teams.append(
            {
                "name": f"{secretary}(발송 실패 안내)",
                "sent": 0 if local else told_sent,
                "kept": told_sent if local else 0,
                "failed": told_failed,
            }
        )
    return render(
        settings.templates_dir,
        "cli/run_summary.txt.j2",
        committees=[c.name for c in committees],
        mode=mode,
        files_synced=len(synced),
        files_failed=len(result.failed_files),
        added=sum(r.added for r in synced),
        kept=sum(r.kept for r in synced),
        withdrawn=sum(r.withdrawn for r in synced),
        reopened=sum(r.reopened for r in synced),
        changed_files=[r for r in synced if r.added or r.withdrawn or r.reopened],
        teams=teams,
        sent=sum(t["sent"] for t in teams),
        kept_local=sum(t["kept"] for t in teams),
        sends_failed=len(result.failed_sends),
        outbox=settings.outbox,
        totals=totals,
        failures=result.failed_files + result.failed_sends,
    )
