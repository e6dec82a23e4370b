"""The scheduled steps, once, now: the daily poll and the reminder ladder.

``followup serve`` runs them on a schedule; these commands run the same steps once (from cron,
or by hand), in this process without any Prefect server unless ``PREFECT_API_URL`` is set,
as ``followup run`` does. ``--now`` sets the clock (a preview of a given day);
``--scheduled`` does what a scheduled run does: nothing on a weekend or a public holiday.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from followup.cli.app import app, fail, prefect_api_url, prefect_home, settings
from followup.cli.passes import require_committee_files
from followup.errors import FollowupError

if TYPE_CHECKING:
    from followup.committee import Committee
    from followup.settings import Settings

Now = Annotated[
    str | None,
    typer.Option(
        "--now",
        metavar="시각",
        help="이 시각에 실행한 것처럼 합니다(미리보기). 예: 2024-06-05T09:00+09:00",
    ),
]
Scheduled = Annotated[
    bool,
    typer.Option(
        "--scheduled",
        help="예약 실행처럼: 주말과 공휴일에는 아무것도 하지 않습니다(cron에서 쓰십시오)",
    ),
]


def set_clock(ctx: typer.Context, now: str | None) -> None:
    """``--now``: the fixed clock every step reads (``FOLLOWUP_FIXED_NOW``), for this command
    (the flows read the settings themselves); the clock before it is put back afterwards."""
    if now is None:
        return
    from followup.cli.report import parse_now
    from followup.settings import get_settings

    moment = parse_now(now)
    before = os.environ.get("FOLLOWUP_FIXED_NOW")

    def restore() -> None:
        if before is None:
            os.environ.pop("FOLLOWUP_FIXED_NOW", None)
        else:
            os.environ["FOLLOWUP_FIXED_NOW"] = before
        get_settings.cache_clear()

    os.environ["FOLLOWUP_FIXED_NOW"] = moment.isoformat()
    get_settings.cache_clear()
    ctx.call_on_close(restore)


def day_off(scheduled: bool) -> bool:
    """A scheduled run on a day that is not a Korean working day: say so, do nothing."""
    if not scheduled:
        return False
    import logging

    from flows.guard import skip_if_not_working_day

    log = logging.getLogger("followup.cli.schedule")
    notes: list[str] = []

    class Note(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            notes.append(record.getMessage())

    log.addHandler(Note())
    log.setLevel(logging.INFO)
    log.propagate = False
    if skip_if_not_working_day(settings().now(), logger=log):
        for note in notes:
            typer.echo(note)
        return True
    return False


def _mode() -> str:
    if prefect_api_url():
        return f"Prefect 서버 {prefect_api_url()}에서 실행"
    return "Prefect 서버 없이 이 프로세스에서 실행"


def _render(name: str, **context: Any) -> None:
    from followup.render import render

    typer.echo(render(settings().templates_dir, name, **context), nl=False)


def _start(ctx: typer.Context, now: str | None, scheduled: bool) -> Settings | None:
    """The start of a step's command: the committee files checked, ``--now`` set; None on a
    day off of a scheduled run (nothing to do), else the settings."""
    require_committee_files()
    set_clock(ctx, now)
    return None if day_off(scheduled) else settings()


def _each_committee(
    current: Settings, flow: str, step: Callable[[Settings, Committee], Any]
) -> list[Any]:
    """One step over every committee: its Prefect flow (``poll`` or ``remind``) when a server
    is set, else ``step`` in this process."""
    from followup.committee import configured_committees

    try:
        if not prefect_api_url():
            return [step(current, c) for c in configured_committees(current)]
        prefect_home()
        from flows.poll import poll_flow
        from flows.remind import remind_flow

        flows: dict[str, Callable[[], list[Any]]] = {"poll": poll_flow, "remind": remind_flow}
        return flows[flow]()
    except FollowupError as error:
        fail(error)


@app.command()
def poll(ctx: typer.Context, now: Now = None, scheduled: Scheduled = False) -> None:
    """기한 경과, 보고 없음, 확인 대기를 세어 그날의 현황을 저장합니다(매일 점검 한 번).

    기한이 지난 항목, 보고가 없는 항목, 위원회 확인을 기다리는 항목, 링크를 열지 않았거나
    답하지 않은 부서를 세고 그날의 현황을 저장합니다. 다음 회의 일정이 없으면 간사에게
    한 번 알립니다."""
    current = _start(ctx, now, scheduled)
    if current is None:
        return
    from followup.loop.poll import poll_committee

    reports = _each_committee(current, "poll", poll_committee)
    _render("cli/poll.txt.j2", reports=reports, mode=_mode())


@app.command()
def remind(ctx: typer.Context, now: Now = None, scheduled: Scheduled = False) -> None:
    """오늘 나갈 회의 전 알림과 보고를 만들어 보냅니다(알림 단계 한 번).

    오늘이 회의 전 알림(D-15, D-7), 기한 전 알림, 미응답 부서 보고, 회의 전 보고(D-5)의
    날이면 메시지를 만들고, 보낼 때가 된 메시지를 모두 보냅니다. 같은 단계는 몇 번
    실행해도 한 번만 나갑니다."""
    current = _start(ctx, now, scheduled)
    if current is None:
        return
    from followup.loop.remind import remind_committee

    reports = _each_committee(current, "remind", remind_committee)
    sent = None
    if not prefect_api_url():  # a flow run sends in the flow
        from followup.outbox.sender import send_due

        try:
            sent = send_due(current)
        except FollowupError as error:
            fail(error)
    steps = [[step.split(" ", 1) for step in r.steps] for r in reports]
    _render("cli/remind.txt.j2", reports=reports, steps=steps, sent=sent, mode=_mode())
    if sent is not None and sent.undelivered:
        typer.echo(
            f"오류: 알림 {len(sent.undelivered)}건을 보내지 못했습니다 "
            "(위의 '!' 줄 참고, followup outbox 로 확인).",
            err=True,
        )
        raise typer.Exit(1)
