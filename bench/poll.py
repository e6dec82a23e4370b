"""The daily poll over many items on SQLite, next to one aggregate query over the same rows.

    python bench/poll.py [--items N] [--teams T] [--rounds R]

Builds a fresh SQLite database with N items (default 100,000) spread over T teams and 200
meetings, with a mix of statuses, announcement and report times, then prints the median time
of ``followup.loop.poll.poll_committee`` (every finding plus the day's snapshot) and of one
``SELECT team_id, status, count(*) ... GROUP BY`` over the same rows, and their ratio.
Targets: poll <= 2 s, ratio <= 3.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from followup.codes import ItemStatus
from followup.committee import parse_committee
from followup.loop.poll import poll_committee
from followup.settings import Settings
from models.db import get_engine
from models.tables import ActionItem, Committee, Meeting, MinutesFile, Team

STATUSES = (
    [ItemStatus.OPEN] * 5
    + [ItemStatus.IN_PROGRESS] * 3
    + [ItemStatus.DONE] * 2
    + [ItemStatus.EXPLAINED, ItemStatus.WITHDRAWN]
)


def committee_yaml(teams: int) -> str:
    lines = [
        "committee: 벤치위원회",
        "secretary: 팀0",
        "sessions: [2024-06-14, 2024-12-13]",
        "teams:",
    ]
    lines += [f"  - name: 팀{i}" for i in range(teams)]
    return "\n".join(lines) + "\n"


def build(url: str, items: int, teams: int) -> None:
    engine = get_engine(url)
    rng = random.Random(7)
    now = datetime(2024, 5, 20, 1, tzinfo=UTC)
    with engine.begin() as db:
        db.execute(
            sa.insert(Committee).values(
                id=1, name="벤치위원회", timezone="Asia/Seoul", created_at=now
            )
        )
        db.execute(
            sa.insert(Team),
            [
                {"id": i + 1, "committee_id": 1, "name": f"팀{i}", "link_version": 1}
                for i in range(teams)
            ],
        )
        meetings = 200
        db.execute(
            sa.insert(MinutesFile),
            [
                {
                    "id": m + 1,
                    "path": f"m{m}.md",
                    "sha256": "x",
                    "status": "approved",
                    "registered_at": now,
                    "updated_at": now,
                }
                for m in range(meetings)
            ],
        )
        db.execute(
            sa.insert(Meeting),
            [
                {
                    "id": m + 1,
                    "committee_id": 1,
                    "title": f"회의 {m}",
                    "place": "",
                    "held_on": date(2023, 1, 1) + timedelta(days=m),
                }
                for m in range(meetings)
            ],
        )
        rows = []
        for i in range(items):
            meeting = rng.randrange(meetings)
            announced = now - timedelta(days=rng.randrange(1, 120))
            rows.append(
                {
                    "minutes_file_id": meeting + 1,
                    "meeting_id": meeting + 1,
                    "natural_key": f"k{i}",
                    "kind": "recommendation",
                    "summary": f"요청 {i}",
                    "source_text": f"요청 {i}",
                    "line_start": 1,
                    "line_end": 1,
                    "speaker": "위원",
                    "speaker_role": "member",
                    "team_id": rng.randrange(teams) + 1,
                    "stated_due": date(2024, 3, 1) + timedelta(days=rng.randrange(200))
                    if rng.random() < 0.3
                    else None,
                    "status": rng.choice(STATUSES),
                    "review": "pending" if rng.random() < 0.05 else "none",
                    "announced_at": announced,
                    "reported_at": announced + timedelta(days=3) if rng.random() < 0.5 else None,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            if len(rows) == 10_000:
                db.execute(sa.insert(ActionItem), rows)
                rows = []
        if rows:
            db.execute(sa.insert(ActionItem), rows)


def median(work, rounds: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--teams", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        var = Path(folder)
        committee_file = var / "committee.yaml"
        committee_file.write_text(committee_yaml(args.teams), encoding="utf-8")
        settings = Settings(
            var_dir=var,
            committees=[committee_file],
            fixed_now=datetime(2024, 5, 20, 9, 30, tzinfo=UTC),
        )
        url = settings.resolved_database_url
        started = time.perf_counter()
        build(url, args.items, args.teams)
        print(
            f"built {args.items:,} items over {args.teams} teams in "
            f"{time.perf_counter() - started:.1f} s"
        )
        committee = parse_committee(committee_file.read_text(encoding="utf-8"))
        engine = get_engine(url)
        aggregate_sql = sa.text(
            "SELECT team_id, status, count(*) FROM action_item GROUP BY team_id, status"
        )

        def aggregate() -> None:
            with engine.connect() as db:
                db.execute(aggregate_sql).all()

        poll_committee(settings, committee)  # warm: the snapshot table and the caches
        poll_time = median(lambda: poll_committee(settings, committee), args.rounds)
        sql_time = median(aggregate, args.rounds)
    print(f"poll (every finding + snapshot): {poll_time * 1000:8.1f} ms   (target <= 2000 ms)")
    print(f"one aggregate GROUP BY query:    {sql_time * 1000:8.1f} ms")
    print(f"ratio poll / aggregate:          {poll_time / sql_time:8.2f}      (target <= 3)")


if __name__ == "__main__":
    main()
