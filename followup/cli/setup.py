"""First use: ``followup init`` writes a starter committee file and local channels."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import typer

from followup.cli.app import TEMPLATES, app, fail
from followup.errors import FollowupError

COMMITTEE_FILE = Path("committee.yaml")
APPRISE_FILE = Path("apprise.yaml")
ENV_FILE = Path(".env")
APPRISE_SETTING = "FOLLOWUP_APPRISE_CONFIG"


def _starter_committee() -> str:
    """The starter committee file (templates/cli/committee.yaml.j2), its next session four
    weeks from today."""
    from followup.render import render

    return render(
        TEMPLATES,
        "cli/committee.yaml.j2",
        committee="○○위원회",
        secretary="간사부서",
        session=_weekday(date.today() + timedelta(weeks=4)).isoformat(),
    )


def _weekday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


@app.command()
def init() -> None:
    """이 폴더에 위원회 파일, 알림 설정, 수신함 폴더를 만듭니다(처음 한 번).

    예시 위원회 파일(committee.yaml), 모든 알림을 로컬 보관함(var/outbox/)에 쓰는 알림
    설정(apprise.yaml, .env), 승인된 회의록을 넣을 폴더(var/inbox/approved/)를 만들고 다음에
    실행할 명령을 보여 줍니다. 있는 파일은 덮어쓰지 않습니다."""
    from followup.committee import load_committee
    from followup.outbox.channels import write_local_config

    written: list[str] = []
    kept: list[str] = []
    if COMMITTEE_FILE.exists():
        kept.append(str(COMMITTEE_FILE))
    else:
        COMMITTEE_FILE.write_text(_starter_committee(), encoding="utf-8")
        written.append(f"{COMMITTEE_FILE}  위원회와 부서 (고쳐 쓰십시오)")
    try:
        committee = load_committee(COMMITTEE_FILE)
    except FollowupError as error:
        fail(f"{error} — 위원회 파일을 고친 뒤 다시 실행하십시오")
    tags = sorted(
        {
            t.removeprefix("tag:")
            for team in committee.teams
            for t in team.notify
            if t.startswith("tag:")
        }
    )
    outbox = Path("var") / "outbox"
    if APPRISE_FILE.exists():
        kept.append(str(APPRISE_FILE))
    else:
        write_local_config(APPRISE_FILE, tags, outbox)
        written.append(f"{APPRISE_FILE}  알림 설정: 태그 {', '.join(tags)} → {outbox}/ 폴더")
    setting = f"{APPRISE_SETTING}={APPRISE_FILE.resolve()}"
    if not ENV_FILE.exists():
        ENV_FILE.write_text(
            f"# followup 설정 (README의 Configuration 참고)\n{setting}\n", encoding="utf-8"
        )
        written.append(f"{ENV_FILE}  설정: 알림 설정 파일의 위치")
    elif APPRISE_SETTING not in ENV_FILE.read_text(encoding="utf-8", errors="replace"):
        kept.append(f"{ENV_FILE} (이 줄을 더하십시오: {setting})")
    else:
        kept.append(str(ENV_FILE))
    approved = Path("var") / "inbox" / "approved"
    if approved.is_dir():
        kept.append(f"{approved}/")
    else:
        approved.mkdir(parents=True)
        written.append(f"{approved}/  승인된 회의록을 넣는 폴더 (초안은 var/inbox/ 에)")

    typer.echo(f"followup 시작 준비 — {Path.cwd()}")
    for line in written:
        typer.echo(f"  만듦: {line}")
    for line in kept:
        typer.echo(f"  그대로 둠: {line}")
    typer.echo("")
    typer.echo(f"먼저 {COMMITTEE_FILE}의 위원회 이름, 간사 부서, 부서와 회의 날짜를 고치십시오.")
    typer.echo("다음 명령:")
    typer.echo(
        "  1. followup approve 회의록파일 --by 이름   승인된 회의록을 수신함에 넣고 승인을 기록합니다"
    )
    typer.echo(f"     (또는 파일을 {approved}/ 에 넣습니다)")
    typer.echo(
        "  2. followup run                            회의록을 읽어 후속조치를 만들고 부서에 알립니다"
    )
    typer.echo("  3. followup items                          후속조치 목록을 봅니다")
    typer.echo(
        f"알림은 {outbox}/ 폴더에 파일로 쌓입니다. 메일 등으로 보내려면 {APPRISE_FILE}을 고치십시오."
    )
