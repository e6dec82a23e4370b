"""The web app: the team pages behind the signed links."""

from __future__ import annotations

from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from followup.cli.app import app, settings


@app.command()
def web(
    host: Annotated[str, typer.Option(metavar="주소", help="받을 주소")] = "127.0.0.1",
    port: Annotated[int, typer.Option(metavar="포트", help="받을 포트")] = 8000,
) -> None:
    """부서 링크가 여는 이행상황 페이지와 간사 관리 화면(/admin/)을 띄웁니다
    (링크의 주소는 FOLLOWUP_BASE_URL)."""
    import uvicorn

    from followup.web.app import create_app

    current = settings()
    if current.fixed_now or current.clock_start:
        started = current.now().astimezone(ZoneInfo("Asia/Seoul"))
        typer.echo(f"가상 시계: {started:%Y-%m-%d %H:%M}부터 (FOLLOWUP_CLOCK_START·FIXED_NOW)")
    # No "server:" banner; the access log has the tokens cut out (create_app installs it).
    uvicorn.run(create_app(current), host=host, port=port, server_header=False)
