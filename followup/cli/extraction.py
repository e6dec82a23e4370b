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
    from followup.intake.ingest import limits
    from followup.intake.sync import read_and_extract

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
    gold: Annotated[
        Path, typer.Argument(help="gold file (YAML), or a folder: every gold file in it")
    ],
) -> None:
    """Score extraction against a gold file (or every gold file in a folder, with the
    micro-average and per-file figures) and print the JSON scores: precision, recall and F1
    with the field accuracies; the sent view (sent_precision of the items at or above the
    review threshold, sent and held counts); per_kind figures; and summary_check, the share
    of summaries a secretary could table as they are."""
    from followup.extract.score import gold_files, micro_average

    if not gold.is_dir():
        typer.echo(json.dumps(_score_gold(gold), ensure_ascii=False, indent=2))
        return
    found = gold_files(gold)
    if not found:
        fail(FollowupError(f"{gold}: 이 폴더에 정답 파일(items:가 있는 YAML)이 없습니다"))
    per_file = [(path.relative_to(gold).as_posix(), _score_gold(path)) for path in found]
    typer.echo(json.dumps(micro_average(per_file), ensure_ascii=False, indent=2))


def _score_gold(gold: Path) -> dict[str, object]:
    from followup.committee import load_committee
    from followup.extract.score import load_gold, score_items, score_views
    from followup.intake.ingest import limits
    from followup.intake.sync import read_and_extract

    try:
        spec = load_gold(gold)
        committee = load_committee(spec.committee)
        _, _, items = read_and_extract(
            spec.minutes, committees=[committee], read_limits=limits(get_settings())
        )
    except FollowupError as error:
        fail(error)
    extracted = [i.to_json() for i in items]
    threshold = get_settings().review_threshold
    return {**score_items(spec, extracted), **score_views(spec, extracted, threshold)}
