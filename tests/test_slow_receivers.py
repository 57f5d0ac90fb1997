"""One slow receiver must not stop delivery (issue 13): a webhook dripping its reply one byte
every few seconds held one delivery for about 185 s and the email behind it waited 3
minutes; an SMTP server dripping its greeting never finished. Each attempt now has an
overall deadline, and channels are served at the same time."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler

import pytest
from smtpserver import smtp_server
from test_webhook import ALERT, Receiver

from monitor.alerts.delivery import deliver_pending
from monitor.alerts.email import EmailChannel
from monitor.alerts.webhook import WebhookChannel
from monitor.models import Alert
from monitor.store.db import Store


def header_drip(stop: threading.Event):  # noqa: ANN201 - a Receiver behaviour
    """Accept the POST, then send the status line one byte every 0.3 s for a minute."""

    def behave(handler: BaseHTTPRequestHandler, n: int) -> None:
        for byte in b"HTTP/1.1 200 OK\r\nX-Padding: " + b"x" * 200:
            if stop.wait(0.3):
                return
            try:
                handler.wfile.write(bytes([byte]))
                handler.wfile.flush()
            except OSError:  # the client gave up: what this test wants
                handler.server.gave_up.set()  # type: ignore[attr-defined]
                return

    return behave


@pytest.fixture
def dripping() -> Iterator[Receiver]:
    stop = threading.Event()
    receiver = Receiver(header_drip(stop))
    receiver.server.gave_up = threading.Event()  # type: ignore[attr-defined]
    yield receiver
    stop.set()
    receiver.stop()


@pytest.fixture
def silent() -> Iterator[Receiver]:
    """Accepts the request, reads it, never answers."""
    receiver = Receiver(lambda h, n: receiver.release.wait(60))
    yield receiver
    receiver.stop()


def test_a_dripping_webhook_attempt_ends_at_its_deadline(dripping: Receiver) -> None:
    channel = WebhookChannel(dripping.url, None, timeout=1.0)
    try:
        result = channel.send(ALERT, attempt=1)
    finally:
        channel.close()
    assert not result.ok and not result.permanent and "timeout" in result.status
    assert dripping.server.gave_up.wait(10)  # type: ignore[attr-defined]


def test_a_silent_webhook_attempt_ends_at_its_deadline(silent: Receiver) -> None:
    channel = WebhookChannel(silent.url, None, timeout=1.0)
    try:
        result = channel.send(ALERT, attempt=1)
    finally:
        channel.close()
    assert not result.ok and not result.permanent and "timeout" in result.status


class DrippingSMTP:
    """A TCP server that sends an SMTP greeting one byte every 0.3 s."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.stop = threading.Event()
        self.cut = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        conn, _ = self.sock.accept()
        with conn:
            for byte in b"220-" + b"x" * 400:
                if self.stop.wait(0.3):
                    return
                try:
                    conn.sendall(bytes([byte]))
                except OSError:
                    self.cut.set()
                    return
            if conn.recv(1) == b"":
                self.cut.set()

    def close(self) -> None:
        self.stop.set()
        self.sock.close()


def test_a_dripping_smtp_server_is_cut_at_the_deadline() -> None:
    server = DrippingSMTP()
    try:
        channel = EmailChannel(
            "127.0.0.1", server.port, "m@example.org", ["a@example.org"], security="none",
            timeout=1.0,
        )  # fmt: skip
        result = channel.send(ALERT, attempt=1)
        assert not result.ok and not result.permanent and "timeout" in result.status
    finally:
        server.close()


def test_one_slow_channel_does_not_delay_another(
    tmp_path,
    silent: Receiver,  # noqa: ANN001
) -> None:
    """The webhook accepts and never answers; the email behind it is delivered while the
    webhook attempt is still open (events are ordered, no wall time is asserted)."""
    store = Store.open(tmp_path / "m.db")
    alert = Alert.from_json({**ALERT, "created_at": datetime.now(UTC).isoformat()})
    webhook = WebhookChannel(silent.url, None, timeout=20.0)
    with smtp_server() as (smtp, port):
        email = EmailChannel("127.0.0.1", port, "m@example.org", ["a@example.org"],
                             security="none")  # fmt: skip
        channels = {f"webhook:{silent.url}": webhook, "email": email}
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        with store.write():
            store.insert_alert(alert, None, list(channels), stamp)
        done = threading.Event()

        def deliver() -> None:
            deliver_pending(store, channels)
            done.set()

        worker = threading.Thread(target=deliver)
        worker.start()
        deadline = time.monotonic() + 15
        while not smtp.handler.messages and time.monotonic() < deadline:
            time.sleep(0.05)
        assert smtp.handler.messages, "the email waited for the webhook"
        assert not done.is_set()  # the webhook attempt is still open
        silent.release.set()
        worker.join(30)
    webhook.close()
    rows = {r["channel"]: r["state"] for r in store.all("SELECT channel, state FROM deliveries")}
    store.close()
    assert rows["email"] == "sent"
