"""Intake: from a file in the inbox to items a team is told of.

``ingest`` registers and approves inbox files and quarantines what cannot be read; ``sync``
reads, parses and extracts one approved file and stores its items; ``announce`` queues each
team's new items; ``passes`` strings these steps into one pass (over plain calls or Prefect
tasks); ``summary`` is what the secretary reads after a pass; ``backfill`` imports an archive;
``review`` is the secretary's queue of held items.

May import: the top-level shared modules, ``minutes``, ``extract``, ``store``, ``loop``,
``outbox``, ``models``. Never Prefect, the web or the CLI.
"""
