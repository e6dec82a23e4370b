"""The outbox sender: claim the due deliveries, send each to its service, record the outcome.

Exactly once per service: a sender claims rows with a lease (``store.claim_due``, one
conditional UPDATE; ``retry`` takes its one row the same way) and commits the claim before it
sends. Before sending, each message's targets are resolved again: from the team's ``notify``
in the current committee file (a target fixed there is used) and the current Apprise
configuration, one delivery per service (a ``tag:`` naming two services is two rows, so a
working service never gets a copy because the other failed). The outcome of each send is
committed right after it (one small UPDATE); the messages' own status is summed up per batch.

The one window in which a crash re-sends a message: a sender killed after the server
accepted a message and before that UPDATE committed. Its claim then holds the delivery until
the lease expires (settings ``send_lease_seconds``); meanwhile other passes report it as held
(and exit non-zero); afterwards the next pass sends that one message again.

A failed send is retried with a growing wait (settings ``send_*``); after the last attempt, or
at once when the target resolves to nothing, the delivery is ``failed`` and, in the same
transaction, a notice to the secretary is queued.
"""

from __future__ import annotations

import os
import socket
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta
from operator import iadd
from zoneinfo import ZoneInfo

from sqlmodel import Session

from followup import store
from followup.codes import DeliveryState, MessageKind
from followup.committee import Committee as CommitteeFile
from followup.committee import committee_of, configured_committees
from followup.errors import FollowupError
from followup.outbox.channels import Channels, DeliveryError, Message, write_local
from followup.outbox.notices import Addressee, queue_notice
from followup.outbox.targets import shown_target
from followup.settings import Settings
from models.db import get_engine, session_scope
from models.tables import LOCAL_TARGET

BATCH = 50
FAILURE_KIND = MessageKind.DELIVERY_FAILED
HOLD_WAIT_SECONDS = 15.0  # how long a pass waits for deliveries another sender is sending
SEOUL = ZoneInfo("Asia/Seoul")


@dataclass
class SendOutcome:
    """``retrying``: not sent this pass, tried again later (a failed send, or a delivery
    another sender's claim holds: those are in ``held`` too); ``failed``: failed for good;
    ``dropped``: deliveries whose target left the committee file (nothing to send);
    ``delivered``: what was sent, as ``subject → target``; ``told``: the failure notices this
    send queued for the secretary, sent after it and counted apart (never as the team's)."""

    sent: int = 0
    retrying: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    held: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    delivered: list[str] = field(default_factory=list)
    told: SendOutcome | None = None

    def add(self, other: SendOutcome) -> None:
        """Add up every count and list of another outcome, and the notices each told."""
        for name in (f.name for f in fields(self) if f.name != "told"):
            setattr(self, name, iadd(getattr(self, name), getattr(other, name)))
        if other.told is not None:
            if self.told is None:
                self.told = SendOutcome()
            self.told.add(other.told)

    @property
    def undelivered(self) -> list[str]:
        """Every message not delivered, the secretary's failure notices included."""
        told = self.told.undelivered if self.told is not None else []
        return [*self.failed, *self.retrying, *told]


def backoff(settings: Settings, attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed attempt: doubling, capped."""
    minutes = settings.send_backoff_minutes * 2 ** (attempts - 1)
    return timedelta(minutes=min(minutes, settings.send_backoff_max_hours * 60))


def _worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def send_due(
    settings: Settings,
    *,
    team_id: int | None = None,
    notification_ids: list[int] | None = None,
    now: datetime | None = None,
    worker: str | None = None,
    wait: float = HOLD_WAIT_SECONDS,
) -> SendOutcome:
    """Send every due delivery (of one team, or of some messages, or all) and record each
    outcome; then send the failure notices this queued for the secretary. Deliveries another
    sender holds are waited for up to ``wait`` seconds, then reported as held."""
    run = _Run(settings, worker or _worker(), now)
    try:
        run.sum_up_stale()
        run.send_all(store.Messages(team_id, notification_ids), wait)
    finally:
        run.close()
    return run.finish()


class UnknownDelivery(DeliveryError):
    """``outbox retry`` named a delivery that does not exist."""


def retry(settings: Settings, delivery_id: int, *, now: datetime | None = None) -> SendOutcome:
    """``followup outbox retry ID``: take the delivery under the same claim a sender takes
    (made due now, with a fresh count of attempts) and send it. A delivery another sender
    holds is not touched: a ``DeliveryError`` says so."""
    run = _Run(settings, _worker(), now)
    moment = run.moment()
    claim = run.claim(moment)
    with session_scope(run.url) as session:
        got = store.claim_delivery(session, delivery_id=delivery_id, claim=claim, now=moment)
    if isinstance(got, store.Refusal):
        error = UnknownDelivery if got.reason == "missing" else DeliveryError
        raise error(_refusal(delivery_id, got), permanent=True)
    try:
        run.send_batch([got], claim)
    finally:
        run.close()
    return run.finish()


def _refusal(delivery_id: int, refusal: store.Refusal) -> str:
    if refusal.reason == "missing":
        return f"배달 #{delivery_id}이(가) 없습니다"
    if refusal.reason == "sent":
        return f"배달 #{delivery_id}은(는) 이미 보냈습니다"
    return (
        f"배달 #{delivery_id}은(는) 다른 발송({refusal.claimed_by})이 "
        f"{_clock(refusal.claimed_until)}까지 맡아 보내는 중이므로 다시 보내지 않았습니다. "
        "그 발송이 끝난 뒤 followup outbox로 확인하십시오"
    )


def _clock(moment: datetime | None) -> str:
    return f"{moment.astimezone(SEOUL):%H:%M:%S}" if moment is not None else "?"


def _shown(due: store.Due) -> str:
    return shown_target(due.target, due.source)


class _Run:
    """One sender run: its worker name, channels (one SMTP connection per server) and the
    session that records outcomes."""

    def __init__(self, settings: Settings, worker: str, now: datetime | None) -> None:
        self.settings = settings
        self.url = settings.resolved_database_url
        self.worker = worker
        self.now = now
        self.lease = timedelta(seconds=settings.send_lease_seconds)
        self.channels = Channels(config=settings.apprise_config, outbox=settings.outbox)
        self.report = SendOutcome()
        self.notices: list[int] = []
        self.teams: dict[int, dict[int, tuple[str, ...]] | None] = {}
        self.recorder = Session(get_engine(self.url), expire_on_commit=False)

    def moment(self) -> datetime:
        return self.now or self.settings.now()

    def claim(self, moment: datetime) -> store.Claim:
        """This run's claim on what it takes at ``moment``: held for one lease."""
        return store.Claim(self.worker, moment + self.lease)

    def close(self) -> None:
        self.channels.close()
        self.recorder.close()

    def finish(self) -> SendOutcome:
        if self.notices:
            told = send_due(self.settings, notification_ids=self.notices, now=self.now, wait=0)
            if self.report.told is None:
                self.report.told = SendOutcome()
            self.report.told.add(told)
        return self.report

    def sum_up_stale(self) -> None:
        with session_scope(self.url) as session:
            stale = store.stale_messages(session)
            store.sum_up(session, notification_ids=stale, now=self.moment())

    def send_all(self, messages: store.Messages, wait: float) -> None:
        deadline = time.monotonic() + wait
        while True:
            while True:
                moment = self.moment()
                claim = self.claim(moment)
                with session_scope(self.url) as session:
                    batch = store.claim_due(
                        session, claim=claim, now=moment, limit=BATCH, messages=messages
                    )
                if batch is None:
                    break
                self.send_batch(batch, claim)
            with session_scope(self.url) as session:
                held = store.held_by_others(
                    session,
                    worker=self.worker,
                    now=self.moment(),
                    messages=messages,
                )
            if not held:
                return
            if time.monotonic() >= deadline:
                break
            time.sleep(0.2)
        for row in held:
            line = (
                f"{row.subject} → {row.target}: 다른 발송({row.claimed_by})이 "
                f"{_clock(row.claimed_until)}까지 맡고 있어 이번에 보내지 못함(배달 #{row.id}; "
                "그 발송이 결과를 남기지 못하면 그때 다시 보냄)"
            )
            self.report.held.append(line)
            self.report.retrying.append(line)

    def send_batch(self, batch: Sequence[store.Due], claim: store.Claim) -> None:
        """Send the deliveries this run claimed, recording each."""
        claimed_at = time.monotonic()
        dues, services = self._fit(batch, claim)
        with session_scope(self.url) as session:
            files = store.attachments_of(
                session, notification_ids={d.notification_id for d in dues}
            )
        try:
            for position, due in enumerate(dues):
                if time.monotonic() - claimed_at > self.lease.total_seconds() / 2:
                    with session_scope(self.url) as session:
                        store.release_claims(
                            session,
                            delivery_ids=[d.delivery_id for d in dues[position:]],
                            worker=self.worker,
                        )
                    break
                attached = tuple(files.get(due.notification_id, []))
                message = Message(due.subject, due.body, due.html, attached)
                self._send_one(due, services[(due.notification_id, due.target)], message)
        finally:
            store.sum_up(
                self.recorder,
                notification_ids={d.notification_id for d in dues},
                now=self.moment(),
            )
            self.recorder.commit()

    def _team_notify(self, committee_id: int, team_id: int) -> tuple[str, ...] | None:
        """The team's ``notify`` in the current committee file (None: not found there)."""
        if committee_id not in self.teams:
            found: dict[int, tuple[str, ...]] | None = None
            with session_scope(self.url) as session:
                try:
                    committee = committee_of(self.settings, session, committee_id)
                except FollowupError:
                    committee = None
                if committee is not None:
                    found = {}
                    for team in committee.teams:
                        row = store.team_named(session, committee_id=committee_id, name=team.name)
                        if row is not None and row.id is not None:
                            found[row.id] = team.notify
            self.teams[committee_id] = found
        teams = self.teams[committee_id]
        return None if teams is None else teams.get(team_id)

    def _sources(self, due: store.Due) -> list[str]:
        stored = [t for t in due.targets.split("\n") if t.strip()] or [LOCAL_TARGET]
        if not (due.follow_team and due.committee_id and due.team_id):
            return stored
        notify = self._team_notify(due.committee_id, due.team_id)
        if notify is None:
            return stored
        return [t.strip() for t in notify if t.strip()] or [LOCAL_TARGET]

    def _fit(
        self, batch: Sequence[store.Due], claim: store.Claim
    ) -> tuple[list[store.Due], dict[tuple[int, str], str | DeliveryError]]:
        """Resolve each message's targets again and make its deliveries one per service
        (``store.retarget``) where they are not; returns the deliveries to send and, per
        (message, target), the service URL or why there is none."""
        services: dict[tuple[int, str], str | DeliveryError] = {}
        wanted: dict[int, list[tuple[str, str]]] = {}
        sources: dict[int, list[str]] = {}
        for due in batch:
            if due.notification_id in wanted:
                continue
            pairs: list[tuple[str, str]] = []
            sources[due.notification_id] = self._sources(due)
            for source in sources[due.notification_id]:
                try:
                    found = self.channels.services(source)
                except DeliveryError as error:
                    services.setdefault((due.notification_id, source), error)
                    pairs.append((source, source))
                    continue
                for service in found:
                    services.setdefault((due.notification_id, service.key), service.url)
                    pairs.append((service.key, source))
            wanted[due.notification_id] = pairs
        with session_scope(self.url) as session:
            slots = store.slots_of(session, notification_ids=wanted)
        changed = []
        for nid, pairs in wanted.items():
            keys = {key for key, _ in pairs}
            have = {slot.target for slot in slots.get(nid, [])}
            mine = [d for d in batch if d.notification_id == nid]
            if any(d.target not in keys for d in mine) or not keys <= have:
                changed.append(nid)
        if not changed:
            return list(batch), services
        moment = self.moment()
        for nid in changed:
            with session_scope(self.url) as session:
                store.retarget(
                    session,
                    notification_id=nid,
                    targets=sources[nid],
                    wanted=wanted[nid],
                    claim=claim,
                    now=moment,
                )
        with session_scope(self.url) as session:
            fitted = store.claimed(session, claim=claim, notification_ids=changed)
        kept = {d.delivery_id for d in fitted}
        for due in batch:
            if due.notification_id in changed and due.delivery_id not in kept:
                self.report.dropped.append(
                    f"{due.subject} → {_shown(due)}: 받을 곳이 위원회 파일에서 빠져 보내지 않음"
                    f"(배달 #{due.delivery_id})"
                )
        dues = [d for d in batch if d.notification_id not in changed] + fitted
        return sorted(dues, key=lambda d: d.delivery_id), services

    def _send_one(self, due: store.Due, service: str | DeliveryError, message: Message) -> None:
        """Send one claimed delivery and commit its outcome at once."""
        error: str | None = None
        permanent = False
        try:
            if isinstance(service, DeliveryError):
                raise service
            self.channels.send(service, message)
        except DeliveryError as exc:
            error, permanent = exc.reason, exc.permanent
        except OSError as exc:  # the local outbox folder could not be written
            error = f"로컬 보관함에 쓰지 못함: {exc}"
        moment = self.moment()
        attempts = due.attempts + 1
        shown = _shown(due)
        if error is None:
            # The exactly-once record: one UPDATE, committed before the next message.
            sent = store.Attempt(DeliveryState.SENT)
            store.record_delivery(self.recorder, due, sent, now=moment, sum_up=False)
            self.recorder.commit()
            self.report.sent += 1
            self.report.delivered.append(f"{due.subject} → {shown}")
            return
        if permanent or attempts >= self.settings.send_attempts:
            state, next_attempt = DeliveryState.FAILED, None
            self.report.failed.append(f"{due.subject} → {shown}: {error} ({attempts}회 시도, 실패)")
        else:
            state, next_attempt = DeliveryState.PENDING, moment + backoff(self.settings, attempts)
            self.report.retrying.append(f"{due.subject} → {shown}: {error} (다시 시도 예정)")
        if due.kind == FAILURE_KIND and attempts == 1:
            # The secretary's own channel is down: keep a copy where they can still see it.
            error += f" (로컬 보관함에 사본 저장: {write_local(self.settings.outbox, message)})"
        with session_scope(self.url) as session:
            attempt = store.Attempt(state, error, next_attempt)
            store.record_delivery(session, due, attempt, now=moment)
            if state == DeliveryState.FAILED and due.kind != FAILURE_KIND:
                self.notices.append(
                    _queue_failure_notice(self.settings, session, due, error, attempts, moment)
                )


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
    return queue_notice(
        session,
        settings,
        Addressee.named(committee, ids),
        "mail/delivery_failed.txt.j2",
        key=f"{FAILURE_KIND}:{due.delivery_id}:{moment.isoformat()}",
        kind=FAILURE_KIND,
        now=moment,
        team=team,  # the team whose delivery failed
        delivery_id=due.delivery_id,
        console=f"{settings.base_url.rstrip('/')}/admin/outbox?c={ids.committee_id}"
        f"#delivery-{due.delivery_id}",
        target=_shown(due),
        error=error,
        attempts=attempts,
        original_subject=due.subject,
        original_body=due.body,
    ).id


def _committee(settings: Settings, session: Session, committee_id: int | None) -> CommitteeFile:
    if committee_id is not None:
        return committee_of(settings, session, committee_id)
    return configured_committees(settings)[0]
