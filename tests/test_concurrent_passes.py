"""Two passes at once, as a manual run during a scheduled one: two real processes on one
database (SQLite, or PostgreSQL with FOLLOWUP_TEST_DATABASE=postgresql)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from sqlmodel import select

from followup.settings import Settings
from models.db import session_scope
from models.tables import ActionItem, Delivery, Notification
from tests.helpers import SAMPLE


def test_two_passes_at_once_store_and_send_everything_once(settings: Settings) -> None:
    shutil.copy(SAMPLE, settings.inbox / "approved" / SAMPLE.name)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "followup.cli", "run"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=600) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [err[-1500:] for _, err in outputs]

    with session_scope(settings.resolved_database_url) as session:
        items = session.exec(select(ActionItem)).all()
        notices = session.exec(select(Notification)).all()
        deliveries = session.exec(select(Delivery)).all()
    keys = [(i.meeting_id, i.natural_key) for i in items]
    assert len(items) >= 18 and len(keys) == len(set(keys))
    teams_told = [n.team_id for n in notices if n.kind == "new_items"]
    assert len(teams_told) == len(set(teams_told)) == 5  # one notice per team, not two
    assert all(d.state == "sent" and d.attempts == 1 for d in deliveries)  # each sent once
    assert len(list(settings.outbox.glob("*.md"))) == len(notices)
    added = sum(int(out.split("새로 ")[2].split("건")[0]) for out, _ in outputs)
    assert added == len(items)  # the items were stored by one pass or the other, never twice
