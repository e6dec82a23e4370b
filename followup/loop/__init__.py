"""The follow-up loop: from an announced item to its answer at the next session.

``sessions`` (when the committee meets), ``ladder`` (reminder dates, pure), ``poll`` (overdue
and silent items), ``remind`` (reminders, escalation, the digest's send), ``digest`` (the
secretary's pre-meeting digest), ``updates`` (a team's status updates and requests through its
page), ``requests`` (the secretary's decisions on them), ``checks`` (the committee's check of a
report), ``recurrence`` (재요구), ``signing`` and ``team_links`` (signed team links), ``resend``
(a team's latest notice sent again, rendered anew), ``teams`` (the stored teams following the
committee file).

May import: the top-level shared modules, ``store``, ``outbox``, ``documents``, ``models``.
Never Prefect, the web or the CLI.
"""
