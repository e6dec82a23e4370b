"""Extraction without storing: one file's items, and scores against gold files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from followup.cli.app import app, fail
from followup.errors import FollowupError
from followup.settings import get_settings


@app.command()
def extract(
    minutes: Annotated[Path, typer.Argument(help="minutes file")],
    committee: Annotated[Path, typer.Option("--committee", help="committee file (YAML)")],
    as_json: Annotated[bool, typer.Option("--json", help="print a JSON array")] = False,
) -> None:
    """Extract action items from one minutes file, without storing anything."""
    from followup.committee import load_committee
    from followup.ingest import limits
    from followup.sync import read_and_extract

    try:
        spec = load_committee(committee)
        _, _, items = read_and_extract(
            minutes, committees=[spec], read_limits=limits(get_settings())
        )
    except FollowupError as error:
        fail(error)
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
    gold: Annotated[Path, typer.Argument(help="gold file (YAML)")],
) -> None:
    """Score extraction against a gold file and print the JSON scores."""
    from followup.committee import load_committee
    from followup.extract.score import load_gold, score_items
    from followup.ingest import limits
    from followup.sync import read_and_extract

    try:
        spec = load_gold(gold)
        committee = load_committee(spec.committee)
        _, _, items = read_and_extract(
            spec.minutes, committees=[committee], read_limits=limits(get_settings())
        )
    except FollowupError as error:
        fail(error)
    scores = score_items(spec, [i.to_json() for i in items])
    typer.echo(json.dumps(scores, ensure_ascii=False, indent=2))
