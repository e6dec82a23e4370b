"""The web app: the team pages behind the signed links."""

from __future__ import annotations

from typing import Annotated

import typer

from followup.cli.app import app
from followup.settings import get_settings


@app.command()
def web(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8000,
) -> None:
    """Serve the team pages behind the signed links (set FOLLOWUP_BASE_URL to their address)."""
    import uvicorn

    from followup.web.app import create_app

    # No "server:" banner; the access log has the tokens cut out (create_app installs it).
    uvicorn.run(create_app(get_settings()), host=host, port=port, server_header=False)
