"""Webhook delivery (Standard Webhooks v1): what is sent, how it is signed, what a reply means.

Only 2xx is success. A redirect is a misconfigured endpoint (not followed, permanent);
410 disables the endpoint; 429/502/503/504 honour Retry-After; other 4xx are permanent;
other 5xx, timeouts, resets and protocol errors are retryable. The `webhook-id` is the
alert id on every attempt (the receiver's idempotency key); the timestamp and signature
are fresh per attempt, and the bytes sent are exactly the bytes signed.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

import httpx

from monitor.alerts.channel import DeliveryResult, digest_id, retry_delay
from monitor.errors import ConfigError
from monitor.net import netguard
from monitor.net.fetch import deadline_client, parse_retry_after

EVENT_TYPES = {
    "fact_changed": "fact.changed",
    "fact_new": "fact.new",
    "story_matched": "story.matched",
}
DIGEST_EVENT = "alerts.digest"
RETRY_AFTER_CODES = frozenset({429, 502, 503, 504})
# A receiver asking for more than a day is treated as asking for a day: the outbox row
# must come back eventually, and the worker's schedule ends around a day anyway.
# The reply body is read only to confirm the exchange completed; its content is ignored.
REPLY_BYTES_MAX = 64 * 1024

__all__ = ["WebhookChannel", "parse_retry_after", "retry_delay", "sign"]


def _secret_key(secret: str) -> bytes:
    raw = secret.removeprefix("whsec_")
    try:
        # Same leniency as the reference library: tolerate missing base64 padding.
        key = base64.b64decode(raw + "==", validate=False)
    except (binascii.Error, ValueError) as exc:
        raise ConfigError(f"MONITOR_WEBHOOK_SECRET: not base64 after 'whsec_': {exc}") from None
    if not key:
        raise ConfigError("MONITOR_WEBHOOK_SECRET: empty once decoded (whsec_ + base64 key)")
    return key


def sign(key: bytes, msg_id: str, timestamp: str, body: bytes) -> str:
    """The `webhook-signature` value for one attempt: "v1,<base64 HMAC-SHA256>"."""
    digest = hmac.new(key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def classify(status: int, retry_after: float | None) -> DeliveryResult:
    """What an HTTP status from the receiver means for this delivery."""
    label = f"HTTP {status}"
    if 200 <= status < 300:
        return DeliveryResult.success(label)
    if 300 <= status < 400:
        return DeliveryResult.fail(f"{label} (redirect not followed)")
    if status == 410:
        return DeliveryResult.fail(f"{label} (endpoint gone, disabled)", disable=True)
    if status in RETRY_AFTER_CODES:
        return DeliveryResult.retry(label, retry_after)
    if status >= 500:
        return DeliveryResult.retry(label)
    return DeliveryResult.fail(label)


class WebhookChannel:
    """POSTs alerts to one operator-configured URL (loopback allowed: it is not untrusted)."""

    name = "webhook"

    def __init__(
        self,
        url: str,
        secret: str | None,
        client: httpx.Client | None = None,
        timeout: float = 10.0,
        now: Callable[[], float] = time.time,
    ) -> None:
        try:
            parsed = httpx.URL(url)
        except (httpx.InvalidURL, TypeError) as exc:
            raise ConfigError(f"MONITOR_WEBHOOK_URL: invalid URL: {exc}") from None
        if parsed.scheme not in ("http", "https") or not parsed.host:
            raise ConfigError("MONITOR_WEBHOOK_URL: must be an absolute http(s) URL")
        self.url = url
        self._key = _secret_key(secret) if secret else None
        self._owns_client = client is None
        # trust_env=False: a proxy variable must not silently reroute alerts; every socket
        # operation is clamped to the attempt's deadline
        self._client = client or deadline_client()
        self.timeout = timeout
        self._now = now

    def __repr__(self) -> str:
        # The URL may carry a token in its path or userinfo; show only where it goes.
        u = httpx.URL(self.url)
        return f"WebhookChannel({u.scheme}://{u.host}:{u.port or ''}, signed={bool(self._key)})"

    def close(self) -> None:
        if self._owns_client:
            self._client.close()

    def __enter__(self) -> WebhookChannel:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def build(self, alert: dict, now: int) -> tuple[bytes, dict[str, str]]:
        """The exact body and headers of one attempt at `now` (same id on every attempt)."""
        return self._envelope(alert["id"], EVENT_TYPES[alert["kind"]], alert, now)

    def build_digest(self, alerts: Sequence[dict], now: int) -> tuple[bytes, dict[str, str]]:
        """A digest: `{"type": "alerts.digest", "data": {"id", "count", "alerts": [...]}}`."""
        msg_id = digest_id(alerts)
        data = {"id": msg_id, "count": len(alerts), "alerts": list(alerts)}
        return self._envelope(msg_id, DIGEST_EVENT, data, now)

    def _envelope(
        self, msg_id: object, event_type: str, data: dict, now: int
    ) -> tuple[bytes, dict[str, str]]:
        if not isinstance(msg_id, str) or not msg_id or not msg_id.isascii():
            raise ValueError(f"alert id must be a non-empty ASCII string, got {msg_id!r}")
        if not msg_id.isprintable() or " " in msg_id:
            raise ValueError(f"alert id must not contain spaces or controls: {msg_id!r}")
        envelope = {
            "type": event_type,
            "timestamp": datetime.fromtimestamp(now, UTC).isoformat().replace("+00:00", "Z"),
            "data": data,
        }
        # allow_nan=False: NaN/Infinity are not JSON and a receiver could not parse them.
        body = json.dumps(
            envelope, separators=(",", ":"), ensure_ascii=False, allow_nan=False
        ).encode("utf-8")
        headers = {
            "content-type": "application/json",
            "webhook-id": msg_id,
            "webhook-timestamp": str(now),
        }
        if self._key is not None:
            headers["webhook-signature"] = sign(self._key, msg_id, str(now), body)
        return body, headers

    def send(self, alert: dict, *, attempt: int) -> DeliveryResult:
        now = self._now()
        return self._attempt(*self.build(alert, int(now)), now)

    def send_digest(self, alerts: Sequence[dict], *, attempt: int) -> DeliveryResult:
        now = self._now()
        return self._attempt(*self.build_digest(alerts, int(now)), now)

    def _attempt(self, body: bytes, headers: dict[str, str], now: float) -> DeliveryResult:
        """One POST, over by `timeout` seconds whatever the receiver does (slow to accept,
        silent after accepting, dripping headers or body)."""
        try:
            with netguard.deadline(time.monotonic() + self.timeout):
                return self._post(body, headers, now)
        except httpx.TimeoutException as exc:
            return DeliveryResult.retry(f"timeout ({type(exc).__name__})")
        except (httpx.UnsupportedProtocol, httpx.LocalProtocolError) as exc:
            return DeliveryResult.fail(f"request refused locally ({type(exc).__name__}: {exc})")
        except httpx.TransportError as exc:
            # ConnectError, ReadError, WriteError, RemoteProtocolError, ProxyError...
            return DeliveryResult.retry(f"{type(exc).__name__}: {str(exc)[:200]}")

    def _post(self, body: bytes, headers: dict[str, str], now: float) -> DeliveryResult:
        deadline = time.monotonic() + self.timeout
        with self._client.stream(
            "POST",
            self.url,
            content=body,
            headers=headers,
            timeout=self.timeout,
            follow_redirects=False,
        ) as response:
            # Read (a bounded part of) the reply: a connection cut mid-reply is a failed
            # exchange, so the alert is retried under the same id rather than assumed sent.
            # The deadline stops a receiver that drips bytes (httpx's timeout is per read).
            received = 0
            for chunk in response.iter_raw():
                received += len(chunk)
                if received >= REPLY_BYTES_MAX:
                    break
                if time.monotonic() > deadline:
                    return DeliveryResult.retry("timeout (reply too slow)")
            retry_after = parse_retry_after(response.headers.get("retry-after"), now)
            return classify(response.status_code, retry_after)
