"""The outbox sender: claim the due deliveries, send each to its target, record the outcome.

Exactly once per target: a sender claims rows with a lease (``store.claim_due``, one
conditional UPDATE) and commits the claim before it sends; the outcome of each send is
committed right after it. The one window in which a crash can re-send a message is between
the server accepting it and that commit: the lease then expires and the next pass sends it
again. A failed send is retried with a growing wait (settings ``send_*``); after the last
attempt, or at once when the target resolves to nothing, the delivery is ``failed`` and, in
the same transaction, a notice to the secretary is queued.
"""

from __future__ import annotations

import os
import socket
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session

from followup import store
from followup.codes import DeliveryState, MessageKind
from followup.committee import Committee as CommitteeFile
from followup.committee import committee_of, configured_committees
from followup.outbox.channels import Attached, Channels, DeliveryError, Message, write_local
from followup.render import render_message
from followup.settings import Settings
from models.db import session_scope

BATCH = 50
FAILURE_KIND = MessageKind.DELIVERY_FAILED


@dataclass
class SendOutcome:
    """``retrying``: failed this pass, tried again later; ``failed``: failed for good."""

    sent: int = 0
    retrying: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def add(self, other: SendOutcome) -> None:
        self.sent += other.sent
        self.retrying += other.retrying
        self.failed += other.failed


def backoff(settings: Settings, attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed attempt: doubling, capped."""
    minutes = settings.send_backoff_minutes * 2 ** (attempts - 1)
    return timedelta(minutes=min(minutes, settings.send_backoff_max_hours * 60))


def send_due(
    settings: Settings,
    *,
    team_id: int | None = None,
    notification_ids: list[int] | None = None,
    now: datetime | None = None,
    worker: str | None = None,
) -> SendOutcome:
    """Send every due delivery (of one team, or of some messages, or all) and record each
    outcome; then send the failure notices this queued for the secretary."""
    url = settings.resolved_database_url
    worker = worker or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    channels = Channels(config=settings.apprise_config, outbox=settings.outbox)
    lease = timedelta(seconds=settings.send_lease_seconds)
    report = SendOutcome()
    notices: list[int] = []
    try:
        _send_batches(
            settings, channels, report, notices, url, worker, lease, team_id, notification_ids, now
        )
    finally:
        channels.close()
    if notices:
        report.add(send_due(settings, notification_ids=notices, now=now, worker=worker))
    return report


def _send_batches(
    settings: Settings,
    channels: Channels,
    report: SendOutcome,
    notices: list[int],
    url: str,
    worker: str,
    lease: timedelta,
    team_id: int | None,
    notification_ids: list[int] | None,
    now: datetime | None,
) -> None:
    """Claim due deliveries in batches and send each; the claims are committed first."""
    while True:
        moment = now or settings.now()
        claimed_at = time.monotonic()
        with session_scope(url) as session:
            batch = store.claim_due(
                session,
                worker=worker,
                now=moment,
                lease_until=moment + lease,
                limit=BATCH,
                team_id=team_id,
                notification_ids=notification_ids,
            )
            if batch is None:
                break
            files = store.attachments_of(
                session, notification_ids={d.notification_id for d in batch}
            )
        for position, due in enumerate(batch):
            if time.monotonic() - claimed_at > lease.total_seconds() / 2:
                _release(url, [d.delivery_id for d in batch[position:]], worker)
                break
            message = Message(
                due.subject,
                due.body,
                due.html,
                tuple(
                    Attached(a.filename, a.mime, a.content)
                    for a in files.get(due.notification_id, [])
                ),
            )
            notice = _send_one(settings, channels, due, message, now or settings.now(), report)
            if notice is not None:
                notices.append(notice)


def _release(url: str, ids: list[int], worker: str) -> None:
    with session_scope(url) as session:
        store.release_claims(session, delivery_ids=ids, worker=worker)


def _send_one(
    settings: Settings,
    channels: Channels,
    due: store.Due,
    message: Message,
    moment: datetime,
    report: SendOutcome,
) -> int | None:
    """Send one claimed delivery and record it; returns the id of a failure notice queued."""
    error: str | None = None
    permanent = False
    try:
        channels.send(due.target, message)
    except DeliveryError as exc:
        error, permanent = exc.reason, exc.permanent
    except OSError as exc:  # the local outbox folder could not be written
        error = f"로컬 보관함에 쓰지 못함: {exc}"
    attempts = due.attempts + 1
    if error is None:
        state, next_attempt = DeliveryState.SENT, None
        report.sent += 1
    elif permanent or attempts >= settings.send_attempts:
        state, next_attempt = DeliveryState.FAILED, None
        report.failed.append(f"{due.subject} → {due.target}: {error} ({attempts}회 시도, 실패)")
    else:
        state, next_attempt = DeliveryState.PENDING, moment + backoff(settings, attempts)
        report.retrying.append(f"{due.subject} → {due.target}: {error} (다시 시도 예정)")
    if error is not None and due.kind == FAILURE_KIND and attempts == 1:
        # The secretary's own channel is down: keep a copy where they can still see it.
        error += f" (로컬 보관함에 사본 저장: {write_local(settings.outbox, message)})"
    notice = None
    with session_scope(settings.resolved_database_url) as session:
        store.record_delivery(
            session,
            delivery_id=due.delivery_id,
            notification_id=due.notification_id,
            now=moment,
            error=error,
            state=state,
            next_attempt_at=next_attempt,
        )
        if state == DeliveryState.FAILED and due.kind != FAILURE_KIND:
            notice = _queue_failure_notice(settings, session, due, error or "", attempts, moment)
    return notice


def _queue_failure_notice(
    settings: Settings,
    session: Session,
    due: store.Due,
    error: str,
    attempts: int,
    moment: datetime,
) -> int:
    committee = _committee(settings, session, due.committee_id)
    ids = store.ensure_committee(session, committee=committee)
    team = None
    if due.team_id is not None:
        team = next((name for name, i in ids.teams.items() if i == due.team_id), None)
    subject, body = render_message(
        settings.templates_dir,
        "mail/delivery_failed.txt.j2",
        committee=committee.name,
        secretary=committee.secretary,
        team=team,
        delivery_id=due.delivery_id,
        target=due.target,
        error=error,
        attempts=attempts,
        original_subject=due.subject,
        original_body=due.body,
    )
    return store.queue_notification(
        session,
        dedupe_key=f"{FAILURE_KIND}:{due.delivery_id}:{moment.isoformat()}",
        kind=FAILURE_KIND,
        subject=subject,
        body=body,
        targets=committee.secretary_team.notify,
        committee_id=ids.committee_id,
        team_id=ids.teams[committee.secretary],
        now=moment,
    ).id


def _committee(settings: Settings, session: Session, committee_id: int | None) -> CommitteeFile:
    if committee_id is not None:
        return committee_of(settings, session, committee_id)
    return configured_committees(settings)[0]


def retry(settings: Settings, delivery_id: int, *, now: datetime | None = None) -> SendOutcome:
    """``followup outbox retry ID``: make a delivery due again (a fresh count of attempts)
    and send it now."""
    moment = now or settings.now()
    with session_scope(settings.resolved_database_url) as session:
        row = store.reset_delivery(session, delivery_id=delivery_id, now=moment)
        if row is None:
            raise DeliveryError(f"보내지 않은 배달 #{delivery_id}이(가) 없습니다", permanent=True)
        notification_id = row.notification_id
    return send_due(settings, notification_ids=[notification_id], now=moment)
