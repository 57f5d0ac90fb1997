"""Loopback SMTP servers for tests: a real aiosmtpd on 127.0.0.1 that records what it gets.

aiosmtpd's `Controller(port=0)` fails to start (its readiness probe connects to port 0), so
a free port is picked first by binding a socket to port 0 and closing it (RELIABILITY.md).
"""

from __future__ import annotations

import socket
import ssl
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, Session

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@dataclass
class Received:
    """One message as the server accepted it, with whether the session was encrypted."""

    mail_from: str
    rcpt_tos: list[str]
    content: bytes
    tls: bool


@dataclass
class RecordingHandler:
    """Accepts every message and keeps it; `data_reply` answers DATA instead (e.g. "451 ...")."""

    data_reply: str | None = None
    drop_on_data: bool = False
    messages: list[Received] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Session, envelope: Envelope) -> str:  # noqa: N802
        if self.drop_on_data:
            server.transport.close()
            return "250 OK"
        if self.data_reply:
            return self.data_reply
        content = envelope.original_content or b""
        # session.ssl is only set by STARTTLS; the transport knows about implicit TLS too.
        tls = server.transport.get_extra_info("ssl_object") is not None
        self.messages.append(
            Received(str(envelope.mail_from), list(envelope.rcpt_tos), content, tls)
        )
        return "250 Message accepted"


@dataclass
class RecordingAuthenticator:
    """aiosmtpd authenticator: records (mechanism, login, password, tls) and accepts or not."""

    accept: bool = True
    calls: list[tuple[str, bytes, bytes, bool]] = field(default_factory=list)

    def __call__(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        login = getattr(auth_data, "login", b"")
        password = getattr(auth_data, "password", b"")
        self.calls.append((mechanism, login, password, session.ssl is not None))
        return AuthResult(success=self.accept, handled=False)


@contextmanager
def smtp_server(handler: Any | None = None, **kwargs: Any) -> Iterator[tuple[Controller, int]]:
    """Run an aiosmtpd Controller on a free loopback port; kwargs go to Controller/SMTP."""
    port = free_port()
    controller = Controller(handler or RecordingHandler(), hostname=HOST, port=port, **kwargs)
    controller.start()
    try:
        yield controller, port
    finally:
        controller.stop()


def self_signed_cert(directory: Path) -> tuple[Path, Path]:
    """A throwaway certificate for CN=localhost / IP 127.0.0.1, made with `openssl req`."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-nodes", "-days", "1",
            "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-keyout", str(key), "-out", str(cert),
            "-subj", "/CN=localhost",
            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


def server_tls_context(cert: Path, key: Path) -> ssl.SSLContext:
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)
    return ctx


def client_tls_context(cert: Path) -> ssl.SSLContext:
    """A client context that trusts exactly the throwaway certificate (verification stays on)."""
    return ssl.create_default_context(cafile=str(cert))
