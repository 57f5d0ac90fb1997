"""Email delivery over SMTP: how the message is built, how TLS is enforced, what a reply means.

`smtp://user:pass@host:587?starttls=true` upgrades with STARTTLS and refuses to go on (a
permanent failure, before any AUTH) if the server does not offer it; `smtps://` is implicit
TLS. Credentials over an unencrypted connection are refused at configuration time. SMTP
4xx, disconnects, refused connections and timeouts are retryable; 5xx (incl. 535 auth
refused) are permanent. The password never appears in a repr, a status or a log line.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import smtplib
import socket
import ssl
import threading
import time
from collections.abc import Callable, Sequence
from email.message import EmailMessage
from email.utils import formatdate
from urllib.parse import parse_qs, unquote, urlsplit

from monitor.alerts.channel import DeliveryResult, digest_id
from monitor.alerts.render import (
    clean_line,
    digest_subject,
    render_digest_html,
    render_digest_text,
    render_html,
    render_text,
    subject,
)
from monitor.errors import ConfigError

__all__ = ["EmailChannel", "build_digest_message", "build_message"]

_TRUE, _FALSE = ("true", "1", "yes"), ("false", "0", "no")
_ADDRESS = re.compile(r"^[^\s<>@,;]+@[^\s<>@,;]+$")
_ID_SAFE = re.compile(r"[^A-Za-z0-9._-]")


def _message_id(alert_id: str, sender: str) -> str:
    """Message-ID from the alert id: every retry of one alert carries the same id."""
    local = _ID_SAFE.sub("-", alert_id)[:100]
    if local != alert_id:
        # Keep ids that differ only in unsafe characters distinct.
        local = f"{local}.{hashlib.sha256(alert_id.encode('utf-8', 'replace')).hexdigest()[:12]}"
    return f"<alert.{local}@{sender.rpartition('@')[2]}>"


def build_message(alert: dict, sender: str, recipients: list[str], now: float) -> EmailMessage:
    """The alert as a multipart/alternative message; never raises on hostile alert text."""
    msg = EmailMessage()
    msg["Subject"] = subject(alert)
    msg["From"] = sender
    msg["To"] = ", ".join(recipients)
    msg["Date"] = formatdate(now, usegmt=True)
    msg["Message-ID"] = _message_id(clean_line(alert.get("id"), 200) or "unknown", sender)
    msg["X-Monitor-Alert-Id"] = clean_line(alert.get("id"), 200) or "unknown"
    msg.set_content(render_text(alert))
    msg.add_alternative(render_html(alert), subtype="html")
    return msg


def build_digest_message(
    alerts: Sequence[dict], sender: str, recipients: list[str], now: float
) -> EmailMessage:
    """Several alerts as one multipart/alternative message (a digest)."""
    msg = EmailMessage()
    msg_id = digest_id(alerts)
    msg["Subject"] = digest_subject(alerts)
    msg["From"] = sender
    msg["To"] = ", ".join(recipients)
    msg["Date"] = formatdate(now, usegmt=True)
    msg["Message-ID"] = _message_id(msg_id, sender)
    msg["X-Monitor-Alert-Id"] = msg_id
    msg.set_content(render_digest_text(alerts))
    msg.add_alternative(render_digest_html(alerts), subtype="html")
    return msg


def _flag(query: dict[str, list[str]], key: str, default: bool) -> bool:
    values = query.pop(key, None)
    if values is None:
        return default
    value = values[-1].lower()
    if value not in _TRUE + _FALSE:
        raise ConfigError(f"MONITOR_SMTP_URL: {key}={values[-1]!r} is not true/false")
    return value in _TRUE


def _check_address(address: str, what: str) -> str:
    if not _ADDRESS.match(address):
        raise ConfigError(f"{what}: {address!r} is not a plain address like name@example.org")
    return address


def _smtp_code_result(code: int, text: bytes | str) -> DeliveryResult:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    status = f"SMTP {code} {clean_line(text, 200)}".rstrip()
    return DeliveryResult.fail(status) if code >= 500 else DeliveryResult.retry(status)


def _refused_result(refused: dict) -> DeliveryResult:
    # All recipients refused: retry only if some refusal was temporary (4xx).
    codes = sorted(code for code, _ in refused.values())
    status = f"SMTP {'/'.join(map(str, codes))} all recipients refused"
    return DeliveryResult.retry(status) if min(codes) < 500 else DeliveryResult.fail(status)


class EmailChannel:
    """Sends alerts to fixed recipients through one SMTP server (operator-configured)."""

    name = "email"

    def __init__(
        self,
        host: str,
        port: int,
        sender: str,
        recipients: list[str],
        *,
        security: str = "starttls",
        username: str | None = None,
        password: str | None = None,
        timeout: float = 15.0,
        ssl_context: ssl.SSLContext | None = None,
        now: Callable[[], float] = time.time,
    ) -> None:
        if security not in ("none", "starttls", "tls"):
            raise ValueError(f"security must be none, starttls or tls, got {security!r}")
        if (username or password) and security == "none":
            raise ConfigError(
                "MONITOR_SMTP_URL: credentials need an encrypted connection: "
                "use ?starttls=true or smtps://"
            )
        if not recipients:
            raise ConfigError("MONITOR_EMAIL_TO: no recipients")
        self.host, self.port, self.security = host, port, security
        self.sender = _check_address(sender, "MONITOR_EMAIL_FROM")
        self.recipients = [_check_address(r, "MONITOR_EMAIL_TO") for r in recipients]
        self._username, self._password = username, password
        self.timeout = timeout
        self._ssl_context = ssl_context or ssl.create_default_context()
        self._now = now

    @classmethod
    def from_url(
        cls,
        smtp_url: str,
        sender: str,
        recipients: list[str],
        timeout: float = 15.0,
        ssl_context: ssl.SSLContext | None = None,
    ) -> EmailChannel:
        """Parse `smtp://user:pass@host:587?starttls=true` or `smtps://user:pass@host:465`.

        User and password are percent-decoded. `?insecure=true` skips certificate checks
        (a self-signed relay); `ssl_context` overrides the trust store instead.
        """
        parts = urlsplit(smtp_url)
        scheme = parts.scheme.lower()
        if scheme not in ("smtp", "smtps"):
            raise ConfigError("MONITOR_SMTP_URL: scheme must be smtp:// or smtps://")
        try:
            host, port = parts.hostname, parts.port
        except ValueError as exc:
            raise ConfigError(f"MONITOR_SMTP_URL: {exc}") from None
        if not host:
            raise ConfigError("MONITOR_SMTP_URL: no host")
        query = parse_qs(parts.query, keep_blank_values=True)
        starttls = _flag(query, "starttls", False)
        insecure = _flag(query, "insecure", False)
        if query:
            raise ConfigError(f"MONITOR_SMTP_URL: unknown option(s) {', '.join(sorted(query))}")
        if scheme == "smtps" and starttls:
            raise ConfigError("MONITOR_SMTP_URL: smtps:// is already TLS; drop ?starttls")
        security = "tls" if scheme == "smtps" else ("starttls" if starttls else "none")
        if insecure and ssl_context is None:
            ssl_context = ssl.create_default_context()
            ssl_context.check_hostname = False
            ssl_context.verify_mode = ssl.CERT_NONE
        default_port = 465 if scheme == "smtps" else (587 if starttls else 25)
        return cls(
            host,
            port or default_port,
            sender,
            recipients,
            security=security,
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            timeout=timeout,
            ssl_context=ssl_context,
        )

    def __repr__(self) -> str:
        user = f"{self._username}@" if self._username else ""
        return f"EmailChannel(smtp {self.security} {user}{self.host}:{self.port})"

    def send(self, alert: dict, *, attempt: int) -> DeliveryResult:
        return self._attempt(build_message(alert, self.sender, self.recipients, self._now()))

    def send_digest(self, alerts: Sequence[dict], *, attempt: int) -> DeliveryResult:
        msg = build_digest_message(alerts, self.sender, self.recipients, self._now())
        return self._attempt(msg)

    def _attempt(self, msg: EmailMessage) -> DeliveryResult:
        try:
            return self._deliver(msg)
        except smtplib.SMTPRecipientsRefused as exc:
            return _refused_result(exc.recipients)
        except smtplib.SMTPResponseException as exc:
            return _smtp_code_result(exc.smtp_code, exc.smtp_error)
        except smtplib.SMTPNotSupportedError as exc:
            return DeliveryResult.fail(f"SMTP not supported: {clean_line(exc, 200)}")
        except smtplib.SMTPServerDisconnected:
            return DeliveryResult.retry("SMTP server disconnected")
        except ssl.SSLCertVerificationError as exc:
            # A certificate that does not verify will not start verifying on its own.
            return DeliveryResult.fail(f"TLS certificate rejected: {exc.verify_message}")
        except TimeoutError:
            return DeliveryResult.retry("timeout")
        except (OSError, smtplib.SMTPException) as exc:
            # Connection refused/reset, DNS failure, other TLS errors: may heal.
            return DeliveryResult.retry(f"{type(exc).__name__}: {clean_line(exc, 200)}")

    def _deliver(self, msg: EmailMessage) -> DeliveryResult:
        """One SMTP exchange, over by `timeout` seconds in all: smtplib's timeout is per
        socket operation, so a server dripping its replies kept an attempt open without
        end. At the deadline a watchdog shuts the socket and the attempt is retried."""
        smtp = (
            smtplib.SMTP_SSL(timeout=self.timeout, context=self._ssl_context)
            if self.security == "tls"
            else smtplib.SMTP(timeout=self.timeout)
        )
        expired = threading.Event()

        def cut() -> None:
            expired.set()
            sock = getattr(smtp, "sock", None)
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

        watchdog = threading.Timer(self.timeout, cut)
        watchdog.daemon = True
        watchdog.start()
        # smtplib takes the TLS server name from `_host`, which only its constructor sets;
        # connecting after construction lets the watchdog cover the greeting too
        smtp.__dict__["_host"] = self.host
        try:
            smtp.connect(self.host, self.port)
            return self._converse(smtp, msg)
        except (OSError, smtplib.SMTPException):
            if expired.is_set():
                return DeliveryResult.retry(f"timeout: the exchange took over {self.timeout:g} s")
            raise
        finally:
            # QUIT is a courtesy: once DATA got its 250 the alert is delivered, and a
            # failed goodbye must not turn that into a retry (a duplicate mail). The
            # watchdog still bounds it.
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                smtp.close()
            watchdog.cancel()

    def _converse(self, smtp: smtplib.SMTP, msg: EmailMessage) -> DeliveryResult:
        smtp.ehlo()
        if self.security == "starttls":
            if not smtp.has_extn("starttls"):
                # Never fall back to plaintext (and never AUTH) when TLS was asked for.
                return DeliveryResult.fail("STARTTLS required but not offered by server")
            smtp.starttls(context=self._ssl_context)
            smtp.ehlo()
        if self._username is not None:
            smtp.login(self._username, self._password or "")
        refused = smtp.send_message(msg, self.sender, self.recipients)
        if refused:
            return DeliveryResult.success(f"SMTP 250 ({len(refused)} recipient(s) refused)")
        return DeliveryResult.success("SMTP 250")
