"""The outbox sender: deliver every unsent message and record the outcome on its row."""

from __future__ import annotations

from followup import store
from followup.notify import DeliveryError, deliver
from followup.settings import Settings
from models.db import session_scope
from models.tables import Notification


def send_unsent(settings: Settings, *, team_id: int) -> tuple[int, list[str]]:
    url = settings.resolved_database_url
    with session_scope(url) as session:
        pending = [n for n in store.unsent_notifications(session) if n.team_id == team_id]
    sent, failed = 0, []
    for message in pending:
        try:
            deliver(
                message.subject,
                message.body,
                [t for t in message.targets.split("\n") if t],
                config=settings.apprise_config,
                outbox=settings.outbox,
            )
            error = None
        except (DeliveryError, OSError) as exc:
            error = str(exc)
        with session_scope(url) as session:
            row = session.get(Notification, message.id)
            assert row is not None
            row.attempts += 1
            if error is None:
                row.sent_at, row.last_error = settings.now(), None
                sent += 1
            else:
                row.last_error = error
                failed.append(f"{message.subject}: {error}")
            session.add(row)
    return sent, failed
