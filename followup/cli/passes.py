"""Passes: one pass now, the demo, and serving the scheduled deployments."""

from __future__ import annotations

import json
import os
import shutil
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from followup.cli.app import EXAMPLES, app, fail, prefect_api_url, prefect_home, settings
from followup.errors import FollowupError


def require_committee_files() -> None:
    """Every committee file the settings name must exist: otherwise say so and point to
    ``followup init`` (a pass in an empty folder would find nothing to do)."""
    missing = [path for path in settings().committees if not Path(path).is_file()]
    if missing:
        names = ", ".join(str(path) for path in missing)
        fail(
            f"위원회 파일이 없습니다: {names} (현재 폴더 {Path.cwd()}). "
            "이 폴더에서 followup init 을 실행하면 위원회 파일과 알림 설정을 만들어 줍니다"
        )


@app.command()
def run(
    scheduled: Annotated[
        bool,
        typer.Option(
            "--scheduled",
            help="예약 실행처럼: 주말과 공휴일에는 아무것도 하지 않습니다(cron에서 쓰십시오)",
        ),
    ] = False,
) -> None:
    """회의록을 읽어 후속조치를 뽑고 담당 부서에 알립니다(한 번 실행).

    수신함의 승인된 회의록을 읽고, 후속조치를 뽑아 담당 부서를 정하고, 새 후속조치를
    부서에 알립니다. 이번 실행에서 바뀐 것과 전체 현황을 보여 줍니다.

    PREFECT_API_URL이 있으면 그 Prefect 서버의 flow 실행으로, 없으면 서버 없이 이
    프로세스에서 같은 단계를 실행합니다. 회의록은 var/inbox/approved/ 에 넣습니다(승인된 회의록)."""
    from followup.cli.schedule import day_off
    from followup.intake.summary import pass_summary

    require_committee_files()
    if day_off(scheduled):
        return
    current = settings()
    approved = current.inbox / "approved"
    current.inbox.mkdir(parents=True, exist_ok=True)  # approved/ is made by init, or the user
    try:
        if prefect_api_url():
            prefect_home()
            from flows.run import followup_pass

            result = followup_pass()
            assert result is not None  # only a scheduled run may skip the day
            mode = f"Prefect 서버 {prefect_api_url()}에서 실행"
        else:
            from followup.intake.passes import run_in_process

            result = run_in_process(current)
            mode = "Prefect 서버 없이 이 프로세스에서 실행"
        typer.echo(pass_summary(current, result, mode=mode), nl=False)
    except FollowupError as error:
        fail(error)
    if not any(path.is_file() for path in current.inbox.rglob("*")):
        typer.echo(
            f"수신함이 비어 있습니다: 승인된 회의록은 {approved}/ 에, 초안은 {current.inbox}/ 에 "
            "넣으십시오 (또는 followup approve 파일 --by 이름)."
        )
    failed = []
    if result.failed_files:
        failed.append(f"회의록 파일 {len(result.failed_files)}건을 처리하지 못했습니다")
    if result.failed_sends:
        failed.append(f"알림 {len(result.failed_sends)}건을 보내지 못했습니다")
    if failed:
        typer.echo(f"오류: 이번 실행에서 {', '.join(failed)} (위의 '!' 줄 참고).", err=True)
        raise typer.Exit(1)


@app.command()
def serve() -> None:
    """정해진 시각에 run, poll, remind 를 실행하도록 띄워 둡니다(Prefect).

    근무일 08:00과 13:00에 한 번 실행, 07:30에 점검, 09:00에 알림(서울 시각). 끌 때까지
    돌아갑니다. 대신 cron으로 followup run / poll / remind 를 부를 수도 있습니다(README)."""
    require_committee_files()
    prefect_home()
    from flows.deployments import main as serve_deployments

    serve_deployments()


@app.command()
def demo() -> None:
    """예시 회의록으로 후속조치 한 주기를 보여 줍니다(가상 시계, var/demo).

    승인된 회의록 처리, 부서의 이행상황 입력, D-15 알림, 보고서를 붙인 회의 전 보고.
    모든 메시지는 로컬 보관함 폴더에 씁니다. FOLLOWUP_VAR_DIR을 주면 그 폴더에 씁니다."""
    from followup.committee import load_committee
    from followup.demo import open_to_explore, play_cycle
    from followup.intake.summary import pass_summary
    from followup.outbox.channels import write_local_config
    from followup.settings import get_settings

    base = Path(os.environ.get("FOLLOWUP_VAR_DIR") or "var/demo")
    state = {
        "FOLLOWUP_INBOX": str((base / "inbox").resolve()),
        "FOLLOWUP_OUTBOX": str((base / "outbox").resolve()),
        "FOLLOWUP_COMMITTEES": json.dumps([str(EXAMPLES / "committee.yaml")]),
    }
    os.environ.update({"FOLLOWUP_VAR_DIR": str(base), **state})
    try:
        committee = load_committee(EXAMPLES / "committee.yaml")
    except FollowupError as error:
        fail(error)
    tags = [t[4:] for team in committee.teams for t in team.notify if t.startswith("tag:")]
    config = write_local_config(base / "apprise.yaml", tags, base / "outbox")
    state["FOLLOWUP_APPRISE_CONFIG"] = os.environ["FOLLOWUP_APPRISE_CONFIG"] = str(config.resolve())
    get_settings.cache_clear()
    current = settings()
    inbox = base / "inbox"
    for source in sorted((EXAMPLES / "inbox").rglob("*")):
        if source.is_file():
            target = inbox / source.relative_to(EXAMPLES / "inbox")
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists():
                shutil.copy2(source, target)
    try:
        cycle = play_cycle(current, committee)
        at = cycle.scenes[-1].at
        open_to_explore(current, committee, at=at, values=state)
    except FollowupError as error:
        fail(error)
    typer.echo(pass_summary(current, cycle.approval, mode="시연: 가상 시계"), nl=False)
    typer.echo("\n시연 한 주기 (가상 시계, 모든 메시지는 로컬 보관함으로)")
    for scene in cycle.scenes:
        typer.echo(f"  {scene.at:%Y-%m-%d %H:%M} {scene.title}")
        for note in scene.notes:
            typer.echo(f"      {note}")
    outbox = current.outbox.resolve()
    typer.echo(f"\n로컬 보관함: {outbox}")
    for path in sorted(outbox.iterdir()) if outbox.exists() else []:
        if path.suffix == ".md":
            extra = path.with_suffix(".files")
            attached = sorted(p.name for p in extra.iterdir()) if extra.is_dir() else []
            typer.echo(f"  {path.name}" + (f"  (첨부: {', '.join(attached)})" if attached else ""))
    _look_around(base, current.base_url, at)


def _look_around(base: Path, base_url: str, at: datetime) -> None:
    """How to look at the demo's state afterwards (README says the same)."""
    from followup.demo import DEMO_PASSWORD, DEMO_SECRETARY

    typer.echo(
        f"\n둘러보기: 명령마다 시연의 마지막 시각({at:%Y-%m-%d %H:%M})에서 시계가 시작합니다"
    )
    typer.echo(f"  FOLLOWUP_VAR_DIR={base} .venv/bin/followup items")
    typer.echo(f"  FOLLOWUP_VAR_DIR={base} .venv/bin/followup web")
    typer.echo(
        f"  부서 페이지: 로컬 보관함 알림(.md)의 링크 · 간사 관리 화면: {base_url}/admin/ "
        f"(이름 {DEMO_SECRETARY}, 비밀번호 {DEMO_PASSWORD})"
    )
