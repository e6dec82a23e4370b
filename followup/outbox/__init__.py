"""The outbox: every message a person receives is queued once and delivered once per target.

``notices`` renders a message from a template and queues it to one team; ``sender`` claims due
deliveries, sends each and records the outcome; ``channels`` is the one place that talks to
Apprise and the local ``outbox://`` folder.

May import: the top-level shared modules, ``store``, ``models``. Never Prefect, the web or
the CLI.
"""
