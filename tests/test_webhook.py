"""Webhook channel against a real HTTP receiver on 127.0.0.1 (no mocks of the sender)."""

from __future__ import annotations

import json
import random
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from monitor.alerts.channel import MAX_ATTEMPTS, RETRY_SCHEDULE, DeliveryResult, retry_delay
from monitor.alerts.webhook import WebhookChannel, parse_retry_after
from monitor.errors import ConfigError

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

ALERT = {
    "id": "alrt_9f2c1e7a",
    "kind": "fact_changed",
    "watchlist": "ukraine-peace",
    "fact": "troop_cap",
    "label": "Troop cap",
    "old": [600000],
    "new": 800000,
    "evidence": {
        "text": "The revised plan caps Ukraine's armed forces at 800,000 — «Київ» agreed.",
        "url": "https://harbor-ledger.example/world/plan",
        "title": "Revised plan raises cap",
        "source": "Harbor Ledger",
        "published": "2025-12-24T09:00:00+00:00",
    },
    "rule": "new value not in baseline",
    "created_at": "2025-12-24T09:05:00+00:00",
}


class Receiver:
    """Records every request; `behave(handler, n)` answers request number n (1-based)."""

    def __init__(self, behave: Callable[[BaseHTTPRequestHandler, int], None]) -> None:
        self.requests: list[tuple[str, dict[str, str], bytes]] = []
        self.release = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                receiver.requests.append((self.path, dict(self.headers), body))
                behave(self, len(receiver.requests))

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self.thread.start()

    def stop(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


def reply(status: int, headers: dict[str, str] | None = None, body: bytes = b"ok"):
    def behave(h: BaseHTTPRequestHandler, n: int) -> None:
        h.send_response(status)
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    return behave


@pytest.fixture
def receiver_factory() -> Iterator[Callable[..., Receiver]]:
    started: list[Receiver] = []

    def start(behave=None) -> Receiver:
        r = Receiver(behave or reply(200))
        started.append(r)
        return r

    yield start
    for r in started:
        r.stop()


def send(url: str, alert: dict = ALERT, timeout: float = 1.0, **kw) -> DeliveryResult:
    with WebhookChannel(url, kw.pop("secret", SECRET), timeout=timeout, **kw) as channel:
        return channel.send(alert, attempt=1)


def test_signed_delivery_verifies_with_standard_webhooks_library(receiver_factory):
    r = receiver_factory()
    result = send(r.url)
    assert result == DeliveryResult(ok=True, status="HTTP 200")
    path, headers, body = r.requests[0]
    payload = Webhook(SECRET).verify(body, headers)
    assert payload["type"] == "fact.changed"
    assert payload["data"] == ALERT
    assert headers["webhook-id"] == ALERT["id"]
    assert headers["content-type"] == "application/json"
    # Compact separators and raw UTF-8: the body is exactly what was documented and signed.
    assert body == json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    assert "«Київ»".encode() in body


def test_tampered_body_does_not_verify(receiver_factory):
    r = receiver_factory()
    send(r.url)
    _, headers, body = r.requests[0]
    with pytest.raises(WebhookVerificationError):
        Webhook(SECRET).verify(body.replace(b"800000", b"900000"), headers)


def test_retries_keep_id_and_get_fresh_timestamp_and_signature(receiver_factory):
    r = receiver_factory()
    base = time.time()
    clock = iter([base, base + 65])
    with WebhookChannel(r.url, SECRET, timeout=1.0, now=lambda: next(clock)) as channel:
        assert channel.send(ALERT, attempt=1).ok
        assert channel.send(ALERT, attempt=2).ok
    (_, h1, b1), (_, h2, b2) = r.requests
    assert h1["webhook-id"] == h2["webhook-id"] == ALERT["id"]
    assert int(h2["webhook-timestamp"]) - int(h1["webhook-timestamp"]) == 65
    assert h1["webhook-signature"] != h2["webhook-signature"]
    for body, headers in ((b1, h1), (b2, h2)):
        assert Webhook(SECRET).verify(body, headers)["data"]["id"] == ALERT["id"]


@pytest.mark.parametrize(
    ("kind", "event_type"),
    [("fact_new", "fact.new"), ("story_matched", "story.matched")],
)
def test_event_type_follows_alert_kind(receiver_factory, kind, event_type):
    r = receiver_factory()
    assert send(r.url, {**ALERT, "kind": kind}).ok
    assert json.loads(r.requests[0][2])["type"] == event_type


def test_unsigned_when_no_secret(receiver_factory):
    r = receiver_factory()
    assert send(r.url, secret=None).ok
    headers = r.requests[0][1]
    assert "webhook-signature" not in headers
    assert headers["webhook-id"] == ALERT["id"]


@pytest.mark.parametrize(
    ("status", "headers", "expected"),
    [
        (204, {}, DeliveryResult(ok=True, status="HTTP 204")),
        (500, {}, DeliveryResult(ok=False, status="HTTP 500")),
        (404, {}, DeliveryResult(ok=False, permanent=True, status="HTTP 404")),
        (400, {}, DeliveryResult(ok=False, permanent=True, status="HTTP 400")),
        (
            410,
            {},
            DeliveryResult(
                ok=False, permanent=True, disable=True, status="HTTP 410 (endpoint gone, disabled)"
            ),
        ),
        (429, {"Retry-After": "7"}, DeliveryResult(ok=False, status="HTTP 429", retry_after=7.0)),
        (503, {"Retry-After": "120"}, DeliveryResult(ok=False, status="HTTP 503", retry_after=120)),
        (502, {}, DeliveryResult(ok=False, status="HTTP 502")),
    ],
    ids=[
        "204-ok",
        "500-retry",
        "404-permanent",
        "400-permanent",
        "410-disable",
        "429",
        "503",
        "502",
    ],
)
def test_status_codes(receiver_factory, status, headers, expected):
    r = receiver_factory(reply(status, headers))
    assert send(r.url) == expected
    assert len(r.requests) == 1


def test_redirect_is_not_followed(receiver_factory):
    target = receiver_factory()
    r = receiver_factory(reply(301, {"Location": target.url}))
    result = send(r.url)
    assert not result.ok and result.permanent and result.status.startswith("HTTP 301")
    assert len(r.requests) == 1
    assert target.requests == []


def close_without_reply(h: BaseHTTPRequestHandler, n: int) -> None:
    h.close_connection = True
    h.connection.shutdown(socket.SHUT_RDWR)


def truncated_reply(h: BaseHTTPRequestHandler, n: int) -> None:
    h.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\npartial")
    h.wfile.flush()
    h.close_connection = True
    h.connection.shutdown(socket.SHUT_RDWR)


@pytest.mark.parametrize("behave", [close_without_reply, truncated_reply], ids=["none", "cut"])
def test_connection_closed_mid_exchange_is_retryable(receiver_factory, behave):
    r = receiver_factory(behave)
    result = send(r.url)
    assert not result.ok and not result.permanent
    assert "RemoteProtocolError" in result.status
    assert len(r.requests) == 1


def test_slow_receiver_times_out_retryably(receiver_factory):
    def stall(h: BaseHTTPRequestHandler, n: int) -> None:
        r.release.wait(10)  # released at teardown, so the test does not wait it out

    r = receiver_factory(stall)
    result = send(r.url, timeout=0.5)
    assert result == DeliveryResult(ok=False, status="timeout (ReadTimeout)")


def test_receiver_down_is_retryable():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = send(f"http://127.0.0.1:{port}/hook")
    assert not result.ok and not result.permanent
    assert result.status.startswith("ConnectError")


def test_proxy_environment_is_ignored(receiver_factory, monkeypatch):
    # A proxy variable pointing nowhere must not reroute (or break) delivery.
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("ALL_PROXY", "http://127.0.0.1:9")
    r = receiver_factory()
    assert send(r.url).ok


@pytest.mark.parametrize(
    "bad",
    [{**ALERT, "kind": "nonsense"}, {**ALERT, "id": "a b"}, {**ALERT, "new": float("nan")}],
    ids=["kind", "id-space", "nan"],
)
def test_programming_errors_raise(bad):
    channel = WebhookChannel("http://127.0.0.1:9/hook", SECRET)
    with pytest.raises((KeyError, ValueError)):
        channel.send(bad, attempt=1)


@pytest.mark.parametrize("url", ["ftp://example.com/x", "/relative", "not a url"])
def test_bad_url_is_a_config_error(url):
    with pytest.raises(ConfigError):
        WebhookChannel(url, None)


def test_repr_hides_path_and_secret():
    channel = WebhookChannel("https://u:pw@hooks.example/T0K3N", SECRET)
    assert "T0K3N" not in repr(channel) and "pw" not in repr(channel)
    assert SECRET not in repr(channel)


def test_retry_after_parsing():
    now = 1_766_570_400.0  # 2025-12-24T10:00:00Z
    assert parse_retry_after("7", now) == 7.0
    assert parse_retry_after("Wed, 24 Dec 2025 10:01:00 GMT", now) == 60.0
    assert parse_retry_after("Wed, 24 Dec 2025 09:00:00 GMT", now) == 0.0
    assert parse_retry_after("99999999", now) == 86400.0
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after(None, now) is None


def test_retry_delay_follows_schedule_with_jitter():
    rng = random.Random(1)
    for attempt, base in enumerate(RETRY_SCHEDULE, start=1):
        delays = [retry_delay(attempt, rng) for _ in range(200)]
        assert all(0.8 * base <= d <= 1.2 * base for d in delays)
        assert len(set(delays)) > 1  # jittered, not fixed
    assert 0.8 * 36000 <= retry_delay(MAX_ATTEMPTS + 5, rng) <= 1.2 * 36000
    assert RETRY_SCHEDULE[:3] == (5.0, 300.0, 1800.0)
    with pytest.raises(ValueError):
        retry_delay(0, rng)
