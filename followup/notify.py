"""Sending through Apprise, with a local outbox folder as the embedded default.

``outbox:///abs/folder`` is an Apprise custom scheme that writes one file per message, so a
machine with no mail or chat set up still shows every notice, and nothing leaves it. The file
name is derived from the message itself, so re-sending the same message after a crash
rewrites the same file instead of adding a second one.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import apprise
from apprise.decorators import notify

from followup.errors import FollowupError

OUTBOX_SCHEME = "outbox"


class DeliveryError(FollowupError):
    """A message that no target accepted."""


@notify(on=OUTBOX_SCHEME, name="followup local outbox")
def _write_outbox(
    body: str, title: str, notify_type: str, meta: dict[str, Any], *_: Any, **__: Any
) -> bool:
    folder = Path("/" + (meta.get("host") or "") + (meta.get("fullpath") or ""))
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / outbox_filename(title, body)
    handle, temp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".md")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(f"# {title}\n\n{body}\n")
    os.replace(temp, target)
    return True


def outbox_filename(title: str, body: str) -> str:
    digest = hashlib.sha256(f"{title}\n{body}".encode()).hexdigest()[:12]
    slug = re.sub(r"[^\w가-힣]+", "-", title).strip("-")[:60]
    return f"{slug}--{digest}.md"


def outbox_url(folder: Path) -> str:
    return f"{OUTBOX_SCHEME}://{folder.resolve()}"


def build_sender(targets: Iterable[str], *, config: Path | None, outbox: Path) -> apprise.Apprise:
    """An Apprise object for a list of targets: URLs, or ``tag:NAME`` from the config file.

    Targets that resolve to nothing (no config, unknown tag) fall back to the local outbox.
    """
    sender = apprise.Apprise()
    configured = apprise.Apprise()
    if config is not None and config.exists():
        loaded = apprise.AppriseConfig()
        loaded.add(str(config))
        configured.add(loaded)
    for target in targets:
        if target.startswith("tag:"):
            for service in configured.find(tag=target[4:]):
                sender.add(service)
        elif target:
            sender.add(target)
    if len(sender) == 0:
        sender.add(outbox_url(outbox))
    return sender


def deliver(
    subject: str, body: str, targets: Iterable[str], *, config: Path | None, outbox: Path
) -> None:
    sender = build_sender(list(targets), config=config, outbox=outbox)
    if not sender.notify(title=subject, body=body, body_format=apprise.NotifyFormat.TEXT):
        raise DeliveryError(f"no target accepted the message {subject!r}")
