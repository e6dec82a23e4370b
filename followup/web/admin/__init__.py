"""The secretary's console on the web, mounted at ``/admin``; see :mod:`followup.web.admin.app`.

Nothing is imported here, so :mod:`followup.web.admin.auth` (used by the CLI and by
:mod:`followup.web.deps`) loads without the console's routes.
"""
