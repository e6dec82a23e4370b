"""Extraction without storing: one file's items, and scores against gold files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from followup.cli.app import app, fail, settings
from followup.errors import FollowupError


@app.command()
def extract(
    minutes: Annotated[Path, typer.Argument(metavar="회의록", help="회의록 파일")],
    committee: Annotated[
        Path, typer.Option("--committee", metavar="파일", help="위원회 파일 (YAML)")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="JSON 배열로 출력")] = False,
) -> None:
    """회의록 파일 하나에서 후속조치를 뽑아 보여 줍니다. 아무것도 저장하지 않습니다."""
    from followup.committee import load_committee
    from followup.intake.ingest import limits
    from followup.intake.sync import read_and_extract

    try:
        spec = load_committee(committee)
        _, _, items = read_and_extract(minutes, committees=[spec], read_limits=limits(settings()))
    except FollowupError as error:
        fail(error)
    if as_json:
        typer.echo(json.dumps([i.to_json() for i in items], ensure_ascii=False, indent=2))
        return
    from followup.render import code_words

    kinds = code_words(settings().templates_dir, "kind")
    for item in items:
        due = item.stated_due.isoformat() if item.stated_due else "-"
        typer.echo(
            f"{item.line_start:>4}  {kinds.get(item.kind, item.kind):8} {item.team:12} {due:10} "
            f"{item.confidence:.2f}  {item.summary}"
        )


@app.command(name="eval")
def evaluate(
    gold: Annotated[
        Path,
        typer.Argument(metavar="정답", help="정답 파일(YAML), 또는 폴더: 그 안의 모든 정답 파일"),
    ],
) -> None:
    """추출 결과를 정답 파일과 견주어 점수를 JSON으로 보여 줍니다(폴더면 전체 평균과 파일별
    점수): 정밀도·재현율·F1과 항목별 정확도, 보내질 항목의 정밀도(sent_precision)와 보냄·보류
    건수, 종류별 점수, 요약 점검(summary_check) 통과 비율."""
    from followup.extract.score import gold_files, micro_average

    if not gold.exists():
        fail(f"{gold}: 정답 파일이나 폴더가 없습니다")
    if not gold.is_dir():
        typer.echo(json.dumps(_score_gold(gold), ensure_ascii=False, indent=2))
        return
    found = gold_files(gold)
    if not found:
        fail(f"{gold}: 이 폴더에 정답 파일(items:가 있는 YAML)이 없습니다")
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
            spec.minutes, committees=[committee], read_limits=limits(settings())
        )
    except FollowupError as error:
        fail(error)
    extracted = [i.to_json() for i in items]
    threshold = settings().review_threshold
    return {**score_items(spec, extracted), **score_views(spec, extracted, threshold)}
