"""Channels: one message to one target through Apprise, and the local ``outbox://`` folder.

Mail targets (``mailto://``, ``mailtos://``) get the HTML with its text part and the
attachments; chat targets (Slack, Telegram, ...) get a short text with the link. A target
that resolves to nothing (an address Apprise cannot read, an unknown ``tag:``, no Apprise
configuration for a tag) raises a permanent ``DeliveryError``: it is never redirected.

``outbox:///abs/folder`` writes one ``.md`` file per message, with ``.html`` next to it and the
attachments in a ``.files`` folder, so a machine with no mail or chat set up still shows every
notice and nothing leaves it. The names are derived from the message itself, so writing the
same message again after a crash rewrites the same files instead of adding new ones.
"""

from __future__ import annotations

import contextlib
import hashlib
import html as html_lib
import logging
import mimetypes
import os
import re
import smtplib
import ssl
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import apprise
import yaml
from apprise.attachment.file import AttachFile
from apprise.decorators import notify
from apprise.logger import LOGGER_NAME
from apprise.plugins.email import NotifyEmail

from followup.errors import FollowupError
from models.tables import LOCAL_TARGET

OUTBOX_SCHEME = "outbox"
SHORT_CHARS = 300  # chat messages: the opening lines up to about this length, then the links
_LINK = re.compile(r"https?://[^\s<>\"')]+")


# Apprise refuses an attachment whose type Python's mimetypes does not know; HWPX is not listed.
mimetypes.add_type("application/hwp+zip", ".hwpx")


class DeliveryError(FollowupError):
    """A target that did not take the message. ``permanent``: retrying cannot help (a target
    that resolves to nothing) until someone fixes the address or the configuration."""

    def __init__(self, reason: str, *, permanent: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent


@dataclass(frozen=True)
class Attached:
    filename: str
    mime: str
    content: bytes


@dataclass(frozen=True)
class Message:
    subject: str
    body: str  # the plain text, always
    html: str | None = None
    attachments: Sequence[Attached] = field(default_factory=tuple)


@notify(on=OUTBOX_SCHEME, name="followup local outbox")
def _write_outbox(
    body: str, title: str, notify_type: str, meta: dict[str, Any], *_: Any, **__: Any
) -> bool:
    """The scheme registered with Apprise so configuration files may name ``outbox://``;
    ``Channels`` writes such targets itself, with the HTML and the attachments."""
    write_local(_folder(meta.get("host"), meta.get("fullpath")), Message(title, body))
    return True


def _folder(host: str | None, path: str | None) -> Path:
    return Path("/" + (host or "") + (path or ""))


def outbox_url(folder: Path) -> str:
    return f"{OUTBOX_SCHEME}://{folder.resolve()}"


def write_local_config(path: Path, tags: Iterable[str], folder: Path) -> Path:
    """An Apprise configuration file sending every tag to the local outbox folder: the demo's
    channels, written out so that no tag is left unresolved."""
    path.parent.mkdir(parents=True, exist_ok=True)
    urls = [{outbox_url(folder): [{"tag": tag}]} for tag in sorted(set(tags))]
    path.write_text(yaml.safe_dump({"urls": urls}, allow_unicode=True), encoding="utf-8")
    return path


def outbox_stem(title: str, body: str) -> str:
    digest = hashlib.sha256(f"{title}\n{body}".encode()).hexdigest()[:12]
    slug = re.sub(r"[^\w가-힣]+", "-", title).strip("-")[:60]
    return f"{slug}--{digest}"


def _write_atomic(target: Path, content: bytes) -> None:
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    with os.fdopen(handle, "wb") as out:
        out.write(content)
    os.replace(temp, target)


def write_local(folder: Path, message: Message) -> Path:
    """Write a message to the local outbox folder; returns its ``.md`` file."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = outbox_stem(message.subject, message.body)
    if message.attachments:
        files = folder / f"{stem}.files"
        files.mkdir(exist_ok=True)
        for item in message.attachments:
            _write_atomic(files / Path(item.filename).name, item.content)
    if message.html:
        _write_atomic(folder / f"{stem}.html", message.html.encode())
    target = folder / f"{stem}.md"
    _write_atomic(target, f"# {message.subject}\n\n{message.body}\n".encode())
    return target


def text_as_html(body: str) -> str:
    """A plain-text message as HTML, for mail of a message that has no HTML of its own."""
    escaped = _LINK.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', html_lib.escape(body))
    return f'<div style="white-space: pre-wrap">{escaped}</div>'


def short_text(message: Message) -> str:
    """What a chat target gets: the opening lines, up to about ``SHORT_CHARS``, then every
    link of the message that they do not already hold."""
    lines: list[str] = []
    length = 0
    for line in (raw.strip() for raw in message.body.splitlines()):
        if not line:
            if lines and length >= SHORT_CHARS // 3:
                break
            continue
        if length + len(line) > SHORT_CHARS and lines:
            break
        lines.append(line)
        length += len(line)
    text = "\n".join(lines)
    if len(text) > SHORT_CHARS:
        text = text[: SHORT_CHARS - 1] + "…"
    links = [link for link in dict.fromkeys(_LINK.findall(message.body)) if link not in text]
    return "\n".join([text, *links])


class _Capture(logging.Handler):
    """Apprise only logs why a send failed: keep those lines for ``last_error``."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.levelno >= logging.WARNING or "Exception" in text:
            self.lines.append(text)


class Channels:
    """Resolves targets (the Apprise configuration file is read once) and sends to them."""

    def __init__(self, *, config: Path | None, outbox: Path) -> None:
        self._config = config
        self._outbox = outbox
        self._tags: dict[str, list[str]] | None = None
        self._contexts: dict[bool, ssl.SSLContext] = {}
        self._smtp: dict[tuple[str, int, str, str], smtplib.SMTP] = {}

    def close(self) -> None:
        """Say goodbye to every mail server this run kept a connection to."""
        for smtp in self._smtp.values():
            with contextlib.suppress(OSError, smtplib.SMTPException):
                smtp.quit()
        self._smtp.clear()

    def _connection(self, service: NotifyEmail) -> smtplib.SMTP:
        """One connection per mail server for the whole run (opened, secured and logged in
        once), reopened when the server has dropped it."""
        mode = str(service.secure_mode)
        port = int(service.port or (465 if mode == "ssl" else 25))
        key = (str(service.smtp_host), port, mode, str(service.user or ""))
        smtp = self._smtp.get(key)
        if smtp is not None:
            try:
                if smtp.noop()[0] == 250:
                    return smtp
            except (OSError, smtplib.SMTPException):
                pass
            self._smtp.pop(key, None)
        timeout = service.socket_connect_timeout
        if mode == "ssl":
            smtp = smtplib.SMTP_SSL(
                service.smtp_host, port, timeout=timeout, context=self._tls(service)
            )
        else:
            smtp = smtplib.SMTP(service.smtp_host, port, timeout=timeout)
        try:
            if mode == "starttls":
                smtp.starttls(context=self._tls(service))
            if service.user and service.password:
                smtp.login(service.user, service.password)
        except BaseException:
            smtp.close()
            raise
        self._smtp[key] = smtp
        return smtp

    def _tag_urls(self, tag: str) -> list[str]:
        if self._config is None:
            raise DeliveryError(
                f"Apprise 설정 파일(FOLLOWUP_APPRISE_CONFIG)이 지정되지 않아 tag:{tag}을(를) "
                "찾을 수 없습니다",
                permanent=True,
            )
        if self._tags is None:
            if not self._config.is_file():
                raise DeliveryError(
                    f"Apprise 설정 파일 {self._config}이(가) 없습니다", permanent=True
                )
            loaded = apprise.AppriseConfig()
            loaded.add(str(self._config))
            self._tags = {}
            for server in loaded.services():
                url = server.url(privacy=False)
                if url.startswith(f"{OUTBOX_SCHEME}://"):  # ours: url() drops the folder
                    url = outbox_url(_folder(server.host, server.fullpath))
                for name in server.tags:
                    self._tags.setdefault(name, []).append(url)
        urls = self._tags.get(tag)
        if not urls:
            raise DeliveryError(
                f"Apprise 설정 파일 {self._config.name}에 tag:{tag}이(가) 없습니다", permanent=True
            )
        return urls

    def _mail(self, service: NotifyEmail, message: Message) -> None:
        """Mail as Apprise composes it (its URL, headers and MIME), sent over smtplib with
        one TLS context per pass: Apprise's own send builds a new one, loading the CA
        bundle, for every message (about 0.15 s each)."""
        html = message.html or text_as_html(message.body)
        with contextlib.ExitStack() as stack:
            attach = None
            if message.attachments:
                folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="followup-"))
                attach = apprise.AppriseAttachment()
                for item in message.attachments:
                    path = Path(folder) / Path(item.filename).name
                    path.write_bytes(item.content)
                    attach.add(AttachFile(str(path), name=item.filename, mimetype=item.mime))
            prepared = list(
                NotifyEmail.prepare_emails(
                    subject=message.subject,
                    body=html,
                    notify_format=apprise.NotifyFormat.HTML,
                    from_addr=service.from_addr,
                    to=service.targets,
                    cc=service.cc,
                    bcc=service.bcc,
                    reply_to=service.reply_to,
                    smtp_host=service.smtp_host,
                    attach=attach,
                    headers={"X-Application": service.app_id, **service.headers},
                    names=service.names,
                    # the digest's charts are images the HTML shows by cid: (RFC 2387)
                    inline=bool(service.inline or (message.html and "cid:" in message.html)),
                )
            )
        if not prepared:
            raise smtplib.SMTPRecipientsRefused({})
        smtp = self._connection(service)
        try:
            for mail in prepared:
                refused = smtp.sendmail(str(service.from_addr[1]), mail.to_addrs, mail.body)
                if refused:
                    raise smtplib.SMTPRecipientsRefused(refused)
        except (OSError, smtplib.SMTPServerDisconnected):
            self._smtp = {k: v for k, v in self._smtp.items() if v is not smtp}
            raise

    def _tls(self, service: NotifyEmail) -> ssl.SSLContext:
        verify = bool(service.verify_certificate)
        if verify not in self._contexts:
            context = ssl.create_default_context()
            if not verify:
                context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
            self._contexts[verify] = context
        return self._contexts[verify]

    def resolve(self, target: str) -> list[str]:
        """The Apprise URLs a target stands for."""
        if target == LOCAL_TARGET:
            return [outbox_url(self._outbox)]
        if target.startswith("tag:"):
            return self._tag_urls(target[4:])
        return [target]

    def send(self, target: str, message: Message) -> None:
        """Deliver to one target or raise ``DeliveryError`` with the cause."""
        errors = []
        for url in self.resolve(target):
            if url.startswith(f"{OUTBOX_SCHEME}://"):
                rest = url.split("://", 1)[1]
                write_local(Path("/" + rest.lstrip("/")), message)
                continue
            # A fresh instance per send: Apprise throttles consecutive sends of one instance.
            service = apprise.Apprise.instantiate(url)
            if service is None:
                raise DeliveryError(
                    f"Apprise가 읽을 수 없는 주소입니다: {_private(url)}", permanent=True
                )
            if isinstance(service, NotifyEmail):
                try:
                    self._mail(service, message)
                except (OSError, smtplib.SMTPException) as exc:
                    errors.append(f"{service.service_name}: {type(exc).__name__}: {exc}")
                continue
            capture = _Capture()
            logger = logging.getLogger(LOGGER_NAME)
            level = logger.level
            logger.addHandler(capture)
            logger.setLevel(logging.DEBUG)
            try:
                accepted = _chat(service, message)
            finally:
                logger.removeHandler(capture)
                logger.setLevel(level)
            if not accepted:
                cause = " / ".join(capture.lines[-3:]) or "수신 거부(원인 기록 없음)"
                errors.append(f"{service.service_name}: {cause}")
        if errors:
            raise DeliveryError("; ".join(errors))


def _private(url: str) -> str:
    return re.sub(r"//[^/@]*@", "//***@", url)


def _chat(service: Any, message: Message) -> bool:
    return bool(
        service.notify(
            title=message.subject, body=short_text(message), body_format=apprise.NotifyFormat.TEXT
        )
    )
