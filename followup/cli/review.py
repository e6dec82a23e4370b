"""The secretary's review queue."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from followup.cli.app import App, app, code_of, fail, parse_date, settings
from followup.errors import FollowupError

review_app = App(
    help="신뢰도가 낮아 아직 부서에 보내지 않은 후속조치를 간사가 검토합니다.",
    invoke_without_command=True,
)
app.add_typer(review_app, name="review")
By = Annotated[str, typer.Option("--by", metavar="이름", help="결정한 사람 (기록됨)")]
ItemId = Annotated[int, typer.Argument(metavar="번호", help="후속조치 번호")]


@review_app.callback()
def review_list(ctx: typer.Context) -> None:
    """검토를 기다리는 후속조치를 보여 줍니다(하위 명령이 없을 때)."""
    if ctx.invoked_subcommand is not None:
        return
    from followup.intake import review
    from followup.render import render
    from models.db import session_scope

    current = settings()
    with session_scope(current.resolved_database_url) as session:
        queued = review.pending(session)
    typer.echo(render(current.templates_dir, "cli/review.txt.j2", items=queued), nl=False)


def _open_item(session: Any, item_id: int) -> Any:
    """The item to decide on, which must exist and still be open (Korean errors here: the
    review module's own are for the console's logs)."""
    from followup import store
    from followup.render import code_words
    from models.tables import ActionItem

    item = session.get(ActionItem, item_id)
    if item is None:
        fail(f"#{item_id} 후속조치가 없습니다")
    if item.status not in store.OPEN_STATUSES:
        word = code_words(settings().templates_dir, "status").get(item.status, item.status)
        fail(f"#{item_id}은(는) 이미 {word} 상태라 검토할 수 없습니다")
    return item


def _review(action: str, **kwargs: Any) -> None:
    from followup.intake import review
    from followup.render import code_words
    from models.db import session_scope

    current = settings()
    ids = [kwargs.get("item_id", kwargs.get("into")), *kwargs.get("others", [])]
    try:
        with session_scope(current.resolved_database_url) as session:
            for item_id in ids:
                _open_item(session, item_id)
            if action == "reassign":
                _check_team(session, kwargs["item_id"], kwargs["team"])
            item = getattr(review, action)(session, **kwargs)
            statuses = code_words(current.templates_dir, "status")
            reviews = code_words(current.templates_dir, "review")
            state = statuses.get(item.status, item.status)
            if reviews.get(item.review):
                state += f" ({reviews[item.review]})"
            typer.echo(f"#{item.id} {state}: {item.summary}")
    except FollowupError as error:
        fail(error)


def _check_team(session: Any, item_id: int, team: str) -> None:
    from followup import store

    item = store.action_item(session, item_id=item_id)
    current = store.team_by_id(session, team_id=item.team_id) if item else None
    if current is None:
        return  # no such item: the review step names it
    names = store.committee_team_names(session, committee_id=current.committee_id)
    if team not in names:
        fail(f"부서 '{team}'은(는) 이 위원회에 없습니다 (있는 부서: {', '.join(names)})")


@review_app.command("accept")
def review_accept(item: ItemId, by: By) -> None:
    """항목을 부서에 보내도록 승인합니다(다음 실행 때 보냄)."""
    _review("accept", item_id=item, by=by)


@review_app.command("reject")
def review_reject(
    item: ItemId,
    by: By,
    note: Annotated[str, typer.Option(metavar="의견", help="반려 사유 (기록됨)")] = "",
) -> None:
    """후속조치가 아닌 항목을 반려해 닫습니다."""
    _review("reject", item_id=item, by=by, note=note)


@review_app.command("edit")
def review_edit(
    item: ItemId,
    by: By,
    summary: Annotated[str | None, typer.Option(metavar="내용", help="새 요약")] = None,
    due: Annotated[str | None, typer.Option(metavar="날짜", help="새 기한 YYYY-MM-DD")] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            metavar="구분",
            help="새 구분: 권고·요청, 부서 약속, 의결 (또는 recommendation, commitment, decision)",
        ),
    ] = None,
) -> None:
    """항목의 요약, 기한, 구분을 고칩니다."""
    if not (summary or due or kind):
        fail("고칠 것을 적어 주십시오: --summary, --due, --kind 중 하나 이상")
    when = parse_date(due, "--due") if due else None
    code = code_of("kind", kind, "--kind") if kind else None
    _review("edit", item_id=item, by=by, summary=summary, due=when, kind=code)


@review_app.command("reassign")
def review_reassign(
    item: ItemId,
    team: Annotated[str, typer.Argument(metavar="부서", help="새 담당 부서 이름")],
    by: By,
) -> None:
    """항목을 다른 부서에 맡깁니다(다음 실행 때 그 부서에 알림)."""
    _review("reassign", item_id=item, team=team, by=by)


@review_app.command("merge")
def review_merge(
    into: Annotated[int, typer.Argument(metavar="번호", help="남길 항목 번호")],
    others: Annotated[list[int], typer.Argument(metavar="합칠번호", help="합쳐 닫을 항목 번호들")],
    by: By,
) -> None:
    """추출기가 나눈 항목을 합칩니다: 첫 번호를 남기고 나머지를 그 항목으로 합쳐 닫습니다."""
    _review("merge", into=into, others=others, by=by)


@review_app.command("confirm")
def review_confirm(
    by: By,
    meeting: Annotated[
        int, typer.Option("--meeting", metavar="번호", help="회의 번호 (웹 관리 화면의 회의 목록)")
    ],
) -> None:
    """회의의 확인 대기 항목을 확인합니다. 다음 실행 때 각 부서에 보냅니다."""
    from followup.intake import review
    from models.db import session_scope

    try:
        with session_scope(settings().resolved_database_url) as session:
            confirmed = review.confirm(session, meeting_id=meeting, by=by)
            ids = ", ".join(f"#{item.id}" for item in confirmed)
    except FollowupError as error:
        fail(error)
    if confirmed:
        typer.echo(f"회의 #{meeting}의 후속조치 {len(confirmed)}건을 확인했습니다({ids}).")
        typer.echo("다음 알림 때 각 부서에 보냅니다.")
    else:
        typer.echo(f"회의 #{meeting}에는 확인 대기 중인 후속조치가 없습니다.")
