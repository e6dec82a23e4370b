"""The secretary's console on the web, mounted at ``/admin``; see :mod:`followup.web.admin.app`."""

from __future__ import annotations

from followup.web.admin.app import admin_app

__all__ = ["admin_app"]
