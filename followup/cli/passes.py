"""Passes: one pass now, the demo, and serving the scheduled deployments."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import typer

from followup.cli.app import EXAMPLES, app, fail, prefect_api_url, prefect_home
from followup.errors import FollowupError
from followup.settings import get_settings


@app.command()
def run() -> None:
    """One pass of everything: ingest the inbox, extract, assign, announce; print what changed.

    With PREFECT_API_URL set the pass is a flow run on that Prefect server; otherwise the same
    steps run in this process, without any Prefect server."""
    from followup.intake.summary import pass_summary

    settings = get_settings()
    try:
        if prefect_api_url():
            prefect_home()
            from flows.run import followup_pass

            result = followup_pass()
            assert result is not None  # only a scheduled run may skip the day
            mode = f"Prefect 서버 {prefect_api_url()}에서 실행"
        else:
            from followup.intake.passes import run_in_process

            result = run_in_process(settings)
            mode = "Prefect 서버 없이 이 프로세스에서 실행"
        typer.echo(pass_summary(settings, result, mode=mode), nl=False)
    except FollowupError as error:
        fail(error)
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
    """Serve the scheduled deployments (a pass at 08:00 and 13:00 on working days, Asia/Seoul)."""
    prefect_home()
    from flows.deployments import main as serve_deployments

    serve_deployments()


@app.command()
def demo() -> None:
    """Play one follow-up cycle on the sample minutes with a simulated clock (var/demo): the
    approval pass, a team's report, the D-15 reminder, the digest with its report."""
    from followup.committee import load_committee
    from followup.demo import play_cycle
    from followup.intake.summary import pass_summary
    from followup.outbox.channels import write_local_config

    base = Path("var/demo")
    os.environ.update(
        {
            "FOLLOWUP_VAR_DIR": str(base),
            "FOLLOWUP_INBOX": str(base / "inbox"),
            "FOLLOWUP_OUTBOX": str(base / "outbox"),
            "FOLLOWUP_COMMITTEES": json.dumps([str(EXAMPLES / "committee.yaml")]),
        }
    )
    committee = load_committee(EXAMPLES / "committee.yaml")
    tags = [t[4:] for team in committee.teams for t in team.notify if t.startswith("tag:")]
    config = write_local_config(base / "apprise.yaml", tags, base / "outbox")
    os.environ["FOLLOWUP_APPRISE_CONFIG"] = str(config)
    get_settings.cache_clear()
    settings = get_settings()
    inbox = base / "inbox"
    for source in sorted((EXAMPLES / "inbox").rglob("*")):
        if source.is_file():
            target = inbox / source.relative_to(EXAMPLES / "inbox")
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists():
                shutil.copy2(source, target)
    try:
        cycle = play_cycle(settings, committee)
    except FollowupError as error:
        fail(error)
    typer.echo(pass_summary(settings, cycle.approval, mode="시연: 가상 시계"), nl=False)
    typer.echo("\n시연 한 주기 (가상 시계, 모든 메시지는 로컬 보관함으로)")
    for scene in cycle.scenes:
        typer.echo(f"  {scene.at:%Y-%m-%d %H:%M} {scene.title}")
        for note in scene.notes:
            typer.echo(f"      {note}")
    outbox = settings.outbox.resolve()
    typer.echo(f"\n로컬 보관함: {outbox}")
    for path in sorted(outbox.iterdir()) if outbox.exists() else []:
        if path.suffix == ".md":
            extra = path.with_suffix(".files")
            attached = sorted(p.name for p in extra.iterdir()) if extra.is_dir() else []
            typer.echo(f"  {path.name}" + (f"  (첨부: {', '.join(attached)})" if attached else ""))
