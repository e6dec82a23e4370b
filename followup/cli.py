"""The ``followup`` command."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path
from typing import Annotated

import typer

from followup.errors import FollowupError
from followup.settings import PROJECT_ROOT, get_settings

app = typer.Typer(
    help="followup: committee minutes -> action items -> teams -> status report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXAMPLES = PROJECT_ROOT / "examples"


def _prefect_home() -> None:
    """Keep Prefect's local state with ours under var/ unless the user chose elsewhere."""
    os.environ.setdefault("PREFECT_HOME", str((get_settings().var_dir / "prefect").resolve()))
    # The machine may have no route to the internet; the local server must not try to phone home.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


def _fail(error: Exception) -> None:
    typer.echo(f"error: {error}", err=True)
    raise typer.Exit(2)


@app.command()
def run() -> None:
    """One pass of everything: ingest the inbox, extract, assign, notify; print per team."""
    _prefect_home()
    from flows.run import followup_pass
    from followup.report import pass_summary

    try:
        result = followup_pass()
        typer.echo(pass_summary(get_settings(), result.scan, result.synced, result.notified))
    except FollowupError as error:
        _fail(error)


@app.command()
def serve() -> None:
    """Serve the scheduled deployments (a pass at 08:00 and 13:00 on weekdays, Asia/Seoul)."""
    _prefect_home()
    from flows.deployments import main as serve_deployments

    serve_deployments()


@app.command()
def web(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8000,
) -> None:
    """Serve the team pages behind the signed links (set FOLLOWUP_BASE_URL to their address)."""
    import uvicorn

    from followup.web.app import create_app

    uvicorn.run(create_app(get_settings()), host=host, port=port)


@app.command()
def demo() -> None:
    """Run one pass on the sample minutes in examples/ with embedded defaults (var/demo)."""
    base = Path("var/demo")
    os.environ.update(
        {
            "FOLLOWUP_VAR_DIR": str(base),
            "FOLLOWUP_INBOX": str(base / "inbox"),
            "FOLLOWUP_OUTBOX": str(base / "outbox"),
            "FOLLOWUP_COMMITTEES": json.dumps([str(EXAMPLES / "committee.yaml")]),
        }
    )
    get_settings.cache_clear()
    inbox = base / "inbox"
    for source in sorted((EXAMPLES / "inbox").rglob("*")):
        if source.is_file():
            target = inbox / source.relative_to(EXAMPLES / "inbox")
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists():
                shutil.copy2(source, target)
    run()


@app.command()
def approve(
    file: Annotated[Path, typer.Argument(help="minutes file (copied into the inbox if outside)")],
    by: Annotated[str, typer.Option("--by", help="who approved the minutes")],
) -> None:
    """Record that the signatory members approved a minutes file."""
    from followup.jobs import approve_file

    try:
        row = approve_file(get_settings(), file, by=by)
    except FollowupError as error:
        _fail(error)
    typer.echo(f"approved: {row.path} (by {by}); the next `followup run` extracts it")


@app.command()
def files() -> None:
    """List registered minutes files with their status (drafts are never extracted)."""
    from sqlmodel import col, select

    from models.db import session_scope
    from models.tables import MinutesFile

    with session_scope(get_settings().resolved_database_url) as session:
        rows = session.exec(select(MinutesFile).order_by(col(MinutesFile.path))).all()
    for row in rows:
        who = f" by {row.approved_by}" if row.approved_by else ""
        line = f"{row.status:9} {row.path}{who}"
        if row.error:
            line += f"\n          {row.error}"
        typer.echo(line)


@app.command()
def extract(
    minutes: Annotated[Path, typer.Argument(help="minutes file")],
    committee: Annotated[Path, typer.Option("--committee", help="committee file (YAML)")],
    as_json: Annotated[bool, typer.Option("--json", help="print a JSON array")] = False,
) -> None:
    """Extract action items from one minutes file, without storing anything."""
    from followup.committee import load_committee
    from followup.extract.items import extract_items
    from followup.jobs import limits
    from followup.minutes.parse import parse_minutes
    from followup.minutes.read import read_minutes_text

    try:
        spec = load_committee(committee)
        text = read_minutes_text(minutes, limits=limits(get_settings()))
        items = extract_items(parse_minutes(text, source=str(minutes)), spec)
    except FollowupError as error:
        _fail(error)
    if as_json:
        typer.echo(json.dumps([i.to_json() for i in items], ensure_ascii=False, indent=2))
        return
    for item in items:
        due = item.stated_due.isoformat() if item.stated_due else "-"
        typer.echo(
            f"{item.line_start:>4}  {item.kind:14} {item.team:12} {due:10} "
            f"{item.confidence:.2f}  {item.summary}"
        )


@app.command(name="eval")
def evaluate(
    gold: Annotated[
        Path, typer.Argument(help="gold file (YAML), or a folder: every gold file in it")
    ],
) -> None:
    """Score extraction against a gold file (or every gold file in a folder, with the
    micro-average and per-file figures) and print the JSON scores."""
    from followup.extract.score import gold_files, micro_average

    if not gold.is_dir():
        typer.echo(json.dumps(_score_gold(gold), ensure_ascii=False, indent=2))
        return
    found = gold_files(gold)
    if not found:
        _fail(FollowupError(f"{gold}: no gold file (YAML with 'items:') in this folder"))
    per_file = [(path.relative_to(gold).as_posix(), _score_gold(path)) for path in found]
    typer.echo(json.dumps(micro_average(per_file), ensure_ascii=False, indent=2))


def _score_gold(gold: Path) -> dict[str, object]:
    from followup.committee import load_committee
    from followup.extract.items import extract_items
    from followup.extract.score import load_gold, score_items
    from followup.jobs import limits
    from followup.minutes.parse import parse_minutes
    from followup.minutes.read import read_minutes_text

    try:
        spec = load_gold(gold)
        committee = load_committee(spec.committee)
        text = read_minutes_text(spec.minutes, limits=limits(get_settings()))
        items = extract_items(parse_minutes(text, source=str(spec.minutes)), committee)
    except FollowupError as error:
        _fail(error)
    return score_items(spec, [i.to_json() for i in items])


review_app = typer.Typer(
    help="The secretary's review queue: low-confidence items wait here, unsent.",
    invoke_without_command=True,
)
app.add_typer(review_app, name="review")
By = Annotated[str, typer.Option("--by", help="who decides (recorded)")]


@review_app.callback()
def review_list(ctx: typer.Context) -> None:
    """List the items waiting for review (the default)."""
    if ctx.invoked_subcommand is not None:
        return
    from followup import review
    from followup.render import render
    from models.db import session_scope

    settings = get_settings()
    with session_scope(settings.resolved_database_url) as session:
        queued = review.pending(session)
    typer.echo(render(settings.templates_dir, "cli/review.txt.j2", items=queued), nl=False)


def _review(action: str, **kwargs: object) -> None:
    from followup import review
    from models.db import session_scope

    try:
        with session_scope(get_settings().resolved_database_url) as session:
            item = getattr(review, action)(session, **kwargs)
            typer.echo(f"#{item.id} {item.status} ({item.review}): {item.summary}")
    except FollowupError as error:
        _fail(error)


@review_app.command("accept")
def review_accept(item: int, by: By) -> None:
    """Release an item to the team (sent with the next pass)."""
    _review("accept", item_id=item, by=by)


@review_app.command("reject")
def review_reject(item: int, by: By, note: Annotated[str, typer.Option()] = "") -> None:
    """Close an item that is not an action item."""
    _review("reject", item_id=item, by=by, note=note)


@review_app.command("edit")
def review_edit(
    item: int,
    by: By,
    summary: Annotated[str | None, typer.Option()] = None,
    due: Annotated[str | None, typer.Option(help="YYYY-MM-DD")] = None,
    kind: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Correct an item's summary, due date or kind."""
    from datetime import date

    try:
        when = date.fromisoformat(due) if due else None
    except ValueError:
        _fail(FollowupError(f"--due {due!r} is not a date (YYYY-MM-DD)"))
    _review("edit", item_id=item, by=by, summary=summary, due=when, kind=kind)


@review_app.command("reassign")
def review_reassign(item: int, team: str, by: By) -> None:
    """Give an item to another team (it is announced to that team next pass)."""
    _review("reassign", item_id=item, team=team, by=by)


@review_app.command("merge")
def review_merge(into: int, others: list[int], by: By) -> None:
    """Merge items the extractor split: keep INTO, close OTHERS into it."""
    _review("merge", into=into, others=others, by=by)


def main() -> None:
    try:
        app()
    except FollowupError as error:  # pragma: no cover - last resort for unexpected paths
        typer.echo(f"error: {error}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
