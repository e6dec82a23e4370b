"""Channels: targets resolved to services, one message to one service, the local folder.

``Channels.services`` turns a target into the services it stands for (a ``tag:`` into each
service the Apprise configuration names for it); ``Channels.send`` delivers to one service.
Mail targets (``mailto://``, ``mailtos://``) get the HTML with the message's own text part and
the attachments, composed with the standard library and sent over one SMTP connection per
server for the run; chat targets (Slack, Telegram, ...) get a short text with the link, through
Apprise. A target that resolves to nothing (an address Apprise cannot read, an unknown
``tag:``, no Apprise configuration for a tag) raises a permanent ``DeliveryError``: it is never
redirected.

``outbox:///abs/folder`` writes one ``.md`` file per message, with ``.html`` next to it and the
attachments in a ``.files`` folder, so a machine with no mail or chat set up still shows every
notice and nothing leaves it. The names are derived from the message itself, so writing the
same message again after a crash rewrites the same files instead of adding new ones.
"""

from __future__ import annotations

import base64
import contextlib
import copy
import hashlib
import html as html_lib
import logging
import mimetypes
import os
import re
import smtplib
import socket
import ssl
import tempfile
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email.header import Header
from email.utils import format_datetime, formataddr, make_msgid
from pathlib import Path
from typing import Any
from urllib.parse import quote

import apprise
import yaml
from apprise.decorators import notify
from apprise.logger import LOGGER_NAME
from apprise.plugins.email import NotifyEmail
from apprise.utils.parse import is_email, parse_emails

from followup.errors import FollowupError
from followup.outbox.targets import private
from followup.store.outbox import Attached
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


@dataclass(frozen=True)
class Service:
    """One service a target stands for: ``key`` names it in the outbox (the Apprise URL with
    its password masked; the target itself when it is one URL), ``url`` is what is sent to."""

    key: str
    url: str


class Channels:
    """Resolves targets (the Apprise configuration file is read once per run) and sends to one
    service at a time; mail keeps one SMTP connection per server for the run."""

    def __init__(self, *, config: Path | None, outbox: Path) -> None:
        self._config = config
        self._outbox = outbox
        self._tags: dict[str, list[Service]] | None = None
        self._contexts: dict[bool, ssl.SSLContext] = {}
        self._smtp: dict[tuple[str, int, str, str], smtplib.SMTP] = {}
        self._mailers: dict[str, NotifyEmail | None] = {}
        self._servers: dict[str, NotifyEmail] = {}

    def close(self) -> None:
        """Say goodbye to every mail server this run kept a connection to."""
        for smtp in self._smtp.values():
            with contextlib.suppress(OSError, smtplib.SMTPException):
                smtp.quit()
        self._smtp.clear()

    def services(self, target: str) -> list[Service]:
        """The services a target stands for, or a permanent ``DeliveryError``."""
        if target == LOCAL_TARGET:
            return [Service(LOCAL_TARGET, outbox_url(self._outbox))]
        if target.startswith("tag:"):
            return self._tag_services(target[4:])
        return [Service(target, target)]

    def send(self, url: str, message: Message) -> None:
        """Deliver to one service or raise ``DeliveryError`` with the cause."""
        if url.startswith(f"{OUTBOX_SCHEME}://"):
            rest = url.split("://", 1)[1]
            write_local(Path("/" + rest.lstrip("/")), message)
            return
        mailer = self._mailer(url)
        if mailer is not None:
            try:
                self._mail(mailer, message)
            except (OSError, smtplib.SMTPException) as exc:
                raise DeliveryError(_mail_failure(mailer, exc)) from exc
            return
        # A fresh instance per send: Apprise throttles consecutive sends of one instance.
        service = apprise.Apprise.instantiate(url)
        if service is None:
            raise DeliveryError(
                f"Apprise가 읽을 수 없는 주소입니다: {private(url)}", permanent=True
            )
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
            raise DeliveryError(f"{service.service_name}: {cause}")

    def _mailer(self, url: str) -> NotifyEmail | None:
        """The Apprise mail service of a ``mailto``/``mailtos`` URL (read once per run; only
        its settings are used), else None. URLs that differ only in their recipients share
        one service, copied with its own recipients read as Apprise reads them (setting up a
        mail service costs about 0.5 ms; a run may mail a thousand teams on one server)."""
        if url in self._mailers:
            return self._mailers[url]
        mailer = None
        base, to = _plain_to(url)
        shared_base = self._servers.get(base) if base else None
        if shared_base is not None:
            mailer = copy.copy(shared_base)
            mailer.targets = _recipients(to, shared_base)
            self._mailers[url] = mailer
            return mailer
        if url.split("://", 1)[0].lower() in ("mailto", "mailtos"):
            parsed = NotifyEmail.parse_url(url)
            if parsed:
                key = _server_key(parsed)
                shared = self._servers.get(key)
                if shared is not None:
                    mailer = copy.copy(shared)
                    mailer.targets = _recipients(parsed.get("targets"), shared)
                else:
                    # Handed over as a dictionary: the string form also writes a masked copy
                    # of the URL to the log.
                    service = apprise.Apprise.instantiate(parsed)
                    if isinstance(service, NotifyEmail):
                        mailer = self._servers[key] = service
                if mailer is not None and base:
                    self._servers[base] = mailer
        self._mailers[url] = mailer
        return mailer

    def _connection(
        self, service: NotifyEmail, *, fresh: bool = False
    ) -> tuple[smtplib.SMTP, bool]:
        """One connection per mail server for the whole run (opened, secured and logged in
        once); returns it and whether it was opened now."""
        mode = str(service.secure_mode)
        port = int(service.port or (465 if mode == "ssl" else 25))
        key = (str(service.smtp_host), port, mode, str(service.user or ""))
        smtp = self._smtp.get(key)
        if smtp is not None and not fresh:
            return smtp, False
        if smtp is not None:
            self._drop(smtp)
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
        return smtp, True

    def _drop(self, smtp: smtplib.SMTP) -> None:
        self._smtp = {k: v for k, v in self._smtp.items() if v is not smtp}
        with contextlib.suppress(OSError, smtplib.SMTPException):
            smtp.close()

    def _tag_services(self, tag: str) -> list[Service]:
        if self._config is None:
            raise DeliveryError(
                f"Apprise 설정 파일(FOLLOWUP_APPRISE_CONFIG)이 지정되지 않아 보낼 곳을 찾을 수 "
                f"없습니다: tag:{tag}",
                permanent=True,
            )
        if self._tags is None:
            if not self._config.is_file():
                raise DeliveryError(f"Apprise 설정 파일이 없습니다: {self._config}", permanent=True)
            loaded = apprise.AppriseConfig()
            loaded.add(str(self._config))
            self._tags = {}
            for server in loaded.services():
                url = server.url(privacy=False)
                key = server.url(privacy=True)
                if url.startswith(f"{OUTBOX_SCHEME}://"):  # ours: url() drops the folder
                    url = key = outbox_url(_folder(server.host, server.fullpath))
                for name in server.tags:
                    found = self._tags.setdefault(name, [])
                    if all(s.key != key for s in found):
                        found.append(Service(key, url))
        services = self._tags.get(tag)
        if not services:
            raise DeliveryError(
                f"Apprise 설정 파일 {self._config.name}에 없는 태그입니다: tag:{tag}",
                permanent=True,
            )
        return services

    def _mail(self, service: NotifyEmail, message: Message) -> None:
        """Mail composed with the standard library (the text part is the message's own text,
        the HTML its HTML), one mail per recipient as Apprise sends it, over the run's
        connection to the server."""
        sender = str(service.from_addr[1])
        for recipients, body in compose_mail(service, message):
            smtp, fresh = self._connection(service)
            try:
                try:
                    _envelope(smtp, sender, recipients)
                except (OSError, smtplib.SMTPServerDisconnected):
                    if fresh:
                        raise
                    # The kept connection was closed by the server while idle; nothing was
                    # sent on it, so a new one is safe.
                    smtp, _ = self._connection(service, fresh=True)
                    _envelope(smtp, sender, recipients)
                code, reply = smtp.data(body)
                if code != 250:
                    raise smtplib.SMTPDataError(code, reply)
            except (OSError, smtplib.SMTPException):
                self._drop(smtp)
                raise

    def _tls(self, service: NotifyEmail) -> ssl.SSLContext:
        verify = bool(service.verify_certificate)
        if verify not in self._contexts:
            context = ssl.create_default_context()
            if not verify:
                context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
            self._contexts[verify] = context
        return self._contexts[verify]


# What went wrong with a mail server, in the secretary's words (most specific class first).
_MAIL_CAUSES: tuple[tuple[type[BaseException], str], ...] = (
    (ConnectionRefusedError, "메일 서버가 연결을 받지 않습니다(서버가 꺼져 있거나 포트가 다름)"),
    (TimeoutError, "메일 서버가 제시간에 응답하지 않습니다"),
    (socket.gaierror, "메일 서버 주소를 찾을 수 없습니다"),
    (ssl.SSLError, "메일 서버와 보안 연결(TLS)을 맺지 못했습니다"),
    (smtplib.SMTPAuthenticationError, "메일 서버 로그인에 실패했습니다(계정·비밀번호 확인)"),
    (smtplib.SMTPRecipientsRefused, "메일 서버가 받는 주소를 거부했습니다"),
    (smtplib.SMTPSenderRefused, "메일 서버가 보내는 주소를 거부했습니다"),
    (smtplib.SMTPServerDisconnected, "메일 서버와의 연결이 끊겼습니다"),
    (smtplib.SMTPException, "메일 서버가 메일을 받지 않았습니다"),
    (OSError, "메일 서버에 연결하지 못했습니다"),
)


def _mail_failure(service: NotifyEmail, exc: BaseException) -> str:
    """The Korean cause, the server, then the technical detail (kept for whoever fixes it)."""
    cause = next(words for kind, words in _MAIL_CAUSES if isinstance(exc, kind))
    server = f"{service.smtp_host}:{service.port}" if service.port else str(service.smtp_host)
    return f"{cause}: {server} ({service.service_name}: {type(exc).__name__}: {exc})"


_PLAIN_TO = re.compile(r"[A-Za-z0-9@._,-]+")


def _plain_to(url: str) -> tuple[str, str]:
    """A mail URL whose only recipients are one plain ``to=`` parameter (no path, nothing to
    unquote): the URL without it, as a key, and the recipients; else ("", "")."""
    scheme, _, rest = url.partition("://")
    if scheme.lower() not in ("mailto", "mailtos") or "?" not in rest:
        return "", ""
    where, _, query = rest.partition("?")
    if "/" in where.rstrip("/"):
        return "", ""
    params = query.split("&")
    to = [p[3:] for p in params if p.startswith("to=")]
    if len(to) != 1 or not _PLAIN_TO.fullmatch(to[0]):
        return "", ""
    others = "&".join(p for p in params if not p.startswith("to="))
    return f"{scheme.lower()}://{where.rstrip('/')}?{others}#plain-to", to[0]


def _server_key(parsed: dict[str, Any]) -> str:
    """What a parsed mail URL says besides its recipients (the path and ``to=``)."""
    query = {k: v for k, v in (parsed.get("qsd") or {}).items() if k != "to"}
    rest = {
        k: v for k, v in parsed.items() if k not in ("targets", "qsd", "url", "fullpath", "path")
    }
    return repr((sorted(rest.items(), key=str), sorted(query.items())))


def _recipients(targets: Any, shared: NotifyEmail) -> list[tuple[Any, str]]:
    """The ``to`` recipients as Apprise's mail service reads them (its sender when none)."""
    out: list[tuple[Any, str]] = []
    for recipient in parse_emails(targets):
        found = is_email(recipient)
        if found:
            out.append((found["name"] or False, found["full_email"]))
    return out or [(False, str(shared.from_addr[1]))]


def _envelope(smtp: smtplib.SMTP, sender: str, recipients: list[str]) -> None:
    """MAIL FROM and RCPT TO; every recipient refused raises (nothing is sent)."""
    smtp.ehlo_or_helo_if_needed()
    code, reply = smtp.mail(sender)
    if code != 250:
        raise smtplib.SMTPSenderRefused(code, reply, sender)
    refused = {}
    for recipient in recipients:
        code, reply = smtp.rcpt(recipient)
        if code not in (250, 251):
            refused[recipient] = (code, reply)
    if refused:
        with contextlib.suppress(OSError, smtplib.SMTPException):
            smtp.rset()
        raise smtplib.SMTPRecipientsRefused(refused)


_CID = re.compile(r"cid:([^\s\"'>)]+)")
_CRLF = "\r\n"


def compose_mail(service: NotifyEmail, message: Message) -> list[tuple[list[str], bytes]]:
    """The mails of one message to one mail service: per ``to`` recipient (as Apprise sends
    them), its envelope recipients (with cc and bcc) and the RFC 5322 bytes, written with the
    standard library's ``email`` helpers (encoded words, addresses, dates, RFC 2231 names)
    and base64. The text part is the message's own text, the HTML part its HTML (or the text
    as HTML); attachments the HTML names by ``cid:`` are inline images of a
    ``multipart/related`` part (RFC 2387), the rest ``attachment`` parts. The parts are
    written once per message; only the headers differ per recipient."""
    html = message.html or text_as_html(message.body)
    inline = bool(service.inline or (message.html and "cid:" in message.html))
    referenced = {ref.replace("%20", " ") for ref in _CID.findall(html)} if inline else set()
    content_type, body = _body(message, html, referenced)
    subject = " ".join(message.subject.split())
    from_addr = (service.from_addr[0], service.from_addr[1])
    names = service.names or {}
    common = [
        *(
            (key, str(value))
            for key, value in {"X-Application": service.app_id, **service.headers}.items()
        ),
        ("Subject", subject),
        ("From", _address(*from_addr)),
    ]
    out = []
    for to_name, to_addr in service.targets:
        cc = sorted(set(service.cc) - set(service.bcc) - {to_addr})
        bcc = sorted(set(service.bcc) - {to_addr})
        reply_to = sorted(set(service.reply_to) - {to_addr})
        headers = [
            *common,
            ("To", _address(to_name, to_addr)),
            ("Message-ID", make_msgid(domain=str(service.smtp_host or "localhost"))),
            ("Date", format_datetime(datetime.now().astimezone())),
        ]
        if cc:
            headers.append(("Cc", ",".join(_address(names.get(a), a) for a in cc)))
        if reply_to:
            headers.append(
                (
                    "Reply-To",
                    ",".join(_address(names.get(a), a) for a in reply_to),
                )
            )
        head = "".join(f"{_header(k, v)}{_CRLF}" for k, v in headers)
        head += f"MIME-Version: 1.0{_CRLF}Content-Type: {content_type}{_CRLF}"
        out.append(([to_addr, *cc, *bcc], head.encode("ascii") + body))
    if not out:
        raise smtplib.SMTPRecipientsRefused({})
    return out


def _address(name: Any, address: Any) -> str:
    """An address with its display name (Apprise gives False for none), encoded when needed."""
    return formataddr((str(name) if name else None, str(address)), charset="utf-8")


def _header(name: str, value: str) -> str:
    """One header line: as it is when it is short ASCII, else RFC 2047 encoded words, folded."""
    if value.isascii() and len(name) + len(value) < 76 and "\n" not in value:
        return f"{name}: {value}"
    if value.isascii() and "=?" in value and "\n" not in value:  # formataddr encoded it already
        return f"{name}: {value}"
    return f"{name}: " + Header(value, "utf-8", header_name=name).encode(linesep=_CRLF)


def _boundary() -> str:
    return f"=_followup_{uuid.uuid4().hex}"


def _multipart(subtype: str, parts: list[tuple[str, bytes]]) -> tuple[str, bytes]:
    """``parts`` are (headers, body); returns the Content-Type value and the body."""
    boundary = _boundary()
    chunks = []
    for headers, body in parts:
        chunks.append(f"--{boundary}{_CRLF}{headers}{_CRLF}".encode("ascii") + body + b"\r\n")
    chunks.append(f"--{boundary}--{_CRLF}".encode("ascii"))
    return f'multipart/{subtype};{_CRLF} boundary="{boundary}"', b"".join(chunks)


def _base64(data: bytes) -> bytes:
    return base64.encodebytes(data).replace(b"\n", b"\r\n")


def _text(subtype: str, text: str) -> tuple[str, bytes]:
    return (
        f'Content-Type: text/{subtype}; charset="utf-8"{_CRLF}'
        f"Content-Transfer-Encoding: base64{_CRLF}",
        _base64(text.encode("utf-8")),
    )


def _file(item: Attached, disposition: str) -> tuple[str, bytes]:
    mime = item.mime if "/" in (item.mime or "") else "application/octet-stream"
    headers = (
        f"Content-Type: {mime}{_CRLF}Content-Transfer-Encoding: base64{_CRLF}"
        f"Content-Disposition: {disposition};{_filename(Path(item.filename).name)}{_CRLF}"
    )
    if disposition == "inline":
        headers += f"Content-ID: <{item.filename.replace(' ', '%20')}>{_CRLF}"
    return headers, _base64(item.content)


def _filename(name: str) -> str:
    """The ``filename`` parameter: quoted when ASCII, else RFC 2231 (UTF-8, percent-encoded,
    in continuations of at most 60 characters)."""
    if name.isascii() and len(name) < 60:
        quoted = name.replace("\\", "\\\\").replace('"', '\\"')
        return f' filename="{quoted}"'
    encoded = quote(name, safe="")
    pieces, piece = [], ""
    for token in re.findall(r"%[0-9A-F]{2}|.", encoded):
        if len(piece) + len(token) > 60:
            pieces.append(piece)
            piece = ""
        piece += token
    pieces.append(piece)
    charset = "utf-8''"
    return ";".join(
        f"{_CRLF} filename*{n}*={charset if n == 0 else ''}{p}" for n, p in enumerate(pieces)
    )


def _body(message: Message, html: str, referenced: set[str]) -> tuple[str, bytes]:
    """The Content-Type and the body of the whole mail (every part, encoded)."""
    kind, body = _multipart("alternative", [_text("plain", message.body), _text("html", html)])
    images = [a for a in message.attachments if a.filename in referenced]
    files = [a for a in message.attachments if a.filename not in referenced]
    if images:
        kind, body = _multipart(
            "related",
            [(f"Content-Type: {kind}{_CRLF}", body), *(_file(a, "inline") for a in images)],
        )
    if files:
        kind, body = _multipart(
            "mixed",
            [(f"Content-Type: {kind}{_CRLF}", body), *(_file(a, "attachment") for a in files)],
        )
    return kind, b"\r\n" + body


def _chat(service: Any, message: Message) -> bool:
    return bool(
        service.notify(
            title=message.subject, body=short_text(message), body_format=apprise.NotifyFormat.TEXT
        )
    )
