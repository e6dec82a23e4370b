"""A delivery's target as a person reads it: a password in a URL masked. Light (no Apprise),
so the CLI's outbox listing and the console load it alone."""

from __future__ import annotations

import re

# user[:password]@ right after the scheme; an @ in the query (to=a@example.org) is no credential.
_CREDENTIALS = re.compile(r"//[^/?#@]*@")


def private(url: str) -> str:
    """The URL with its user and password (``//user:pass@``) shown as ``//***@``."""
    return _CREDENTIALS.sub("//***@", url)


def shown_target(target: str, source: str) -> str:
    """A delivery's target as the secretary reads it (the outbox listing, the console, the
    sender's report): its source and, for a tag, the service; credentials masked."""
    if source and source != target:
        return f"{private(source)} ({private(target)})"
    return private(target)
