"""The team page behind every signed link; see :mod:`followup.web.app`.

:mod:`followup.loop.updates` (plain functions over a session) imports no web framework, so
``create_app`` is loaded only when asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from followup.web.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from followup.web.app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
