"""The outbox: every message a person receives is queued once and delivered once per target.

``notices`` renders a message from a template and queues it to one team; ``sender`` claims due
deliveries, sends each and records the outcome; ``channels`` is the one place that talks to
Apprise and the local ``outbox://`` folder; ``targets`` shows a target as a person reads it
(credentials masked), for the CLI's listing and the console without Apprise.

May import: the top-level shared modules, ``store``, ``models``. Never Prefect, the web or
the CLI.
"""
