"""The outbox worker against real loopback webhook receivers: retries keep the id, one
failing channel never blocks another, 410 disables, old alerts expire, leases prevent
double sends."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from standardwebhooks.webhooks import Webhook
from test_webhook import SECRET, Receiver, reply

from monitor.alerts.delivery import LEASE, MAX_AGE, deliver_pending
from monitor.alerts.webhook import WebhookChannel
from monitor.models import Alert
from monitor.store.db import Store

T0 = datetime(2025, 12, 24, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


def add_alert(
    store: Store, channels: list[str], alert_id: str = "msg_a1", created: datetime = T0
) -> dict:
    alert = {
        "id": alert_id,
        "kind": "fact_changed",
        "watchlist": "w",
        "fact": "cap",
        "label": "Cap",
        "old": [600000],
        "new": 800000,
        "evidence": {
            "text": "Capped at 800,000.",
            "url": "https://e.org/a",
            "title": "T",
            "source": "S",
            "published": None,
        },
        "rule": "r",
        "created_at": created.isoformat(),
    }
    with store.write():
        store.insert_alert(
            Alert.from_json(alert), None, channels, created.isoformat(timespec="seconds")
        )
    return alert


def states(store: Store) -> dict[str, tuple[str, int]]:
    return {
        r["channel"]: (r["state"], r["attempts"])
        for r in store.all("SELECT channel, state, attempts FROM deliveries")
    }


def test_signed_delivery_is_verifiable(store: Store) -> None:
    rx = Receiver(reply(200))
    try:
        name = f"webhook:{rx.url}"
        add_alert(store, [name])
        stats = deliver_pending(store, {name: WebhookChannel(rx.url, SECRET)}, now=Clock())
        assert (stats.sent, stats.failed) == (1, 0)
        ((_, headers, body),) = rx.requests
        payload = Webhook(SECRET).verify(body, {k.lower(): v for k, v in headers.items()})
        assert payload["data"]["id"] == "msg_a1" and payload["data"]["new"] == 800000
        assert states(store)[name] == ("sent", 1)
        # nothing is sent twice
        assert deliver_pending(store, {name: WebhookChannel(rx.url, SECRET)}).sent == 0
        assert len(rx.requests) == 1
    finally:
        rx.stop()


def test_retry_keeps_id_and_refreshes_timestamp(store: Store) -> None:
    rx = Receiver(lambda h, n: reply(500 if n == 1 else 200)(h, n))
    clock = Clock()
    try:
        name = f"webhook:{rx.url}"
        add_alert(store, [name])
        channels = {name: WebhookChannel(rx.url, SECRET, now=lambda: clock.now.timestamp())}
        first = deliver_pending(store, channels, now=clock, rng=random.Random(1))
        assert (first.sent, first.retrying) == (0, 1)
        assert deliver_pending(store, channels, now=clock).sent == 0  # not due yet
        clock.now += timedelta(seconds=10)
        assert deliver_pending(store, channels, now=clock).sent == 1
        ids = [h["webhook-id"] for _, h, _ in rx.requests]
        stamps = [h["webhook-timestamp"] for _, h, _ in rx.requests]
        assert ids == ["msg_a1", "msg_a1"] and stamps[0] != stamps[1]
        attempts = store.all("SELECT ok, status FROM delivery_attempts ORDER BY id")
        assert [a["ok"] for a in attempts] == [0, 1]
        assert "500" in attempts[0]["status"]
    finally:
        rx.stop()


def test_failing_channel_does_not_block_another(store: Store) -> None:
    good = Receiver(reply(200))
    down = "http://127.0.0.1:9/hook"  # discard port: connection refused
    try:
        names = [f"webhook:{down}", f"webhook:{good.url}"]
        add_alert(store, names)
        channels = {
            names[0]: WebhookChannel(down, None, timeout=1.0),
            names[1]: WebhookChannel(good.url, None),
        }
        stats = deliver_pending(store, channels, now=Clock())
        assert (stats.sent, stats.retrying) == (1, 1)
        assert states(store) == {names[0]: ("pending", 1), names[1]: ("sent", 1)}
    finally:
        good.stop()


def test_gone_disables_endpoint(store: Store) -> None:
    rx = Receiver(reply(410))
    try:
        name = f"webhook:{rx.url}"
        add_alert(store, [name], "msg_1")
        add_alert(store, [name], "msg_2")
        deliver_pending(store, {name: WebhookChannel(rx.url, None)}, now=Clock())
        assert len(rx.requests) == 1  # the second alert is not even tried
        assert {r["state"] for r in store.all("SELECT state FROM deliveries")} == {"disabled"}
    finally:
        rx.stop()


def test_expired_alert_is_failed_and_shown(store: Store) -> None:
    rx = Receiver(reply(200))
    try:
        name = f"webhook:{rx.url}"
        add_alert(store, [name], created=T0 - MAX_AGE - timedelta(hours=1))
        stats = deliver_pending(store, {name: WebhookChannel(rx.url, None)}, now=Clock())
        assert stats.failed == 1 and not rx.requests
        (row,) = store.alerts()
        assert row.deliveries[0].state == "failed"
        assert "expired" in (row.deliveries[0].last_status or "")
    finally:
        rx.stop()


def test_leased_delivery_is_not_sent_twice_until_lease_ends(store: Store) -> None:
    """A worker that died mid-send leaves a lease; after it, the same id is sent again."""
    rx = Receiver(reply(200))
    clock = Clock()
    try:
        name = f"webhook:{rx.url}"
        add_alert(store, [name])
        with store.write():  # what a killed worker leaves behind: claimed, never recorded
            store.conn.execute(
                "UPDATE deliveries SET next_attempt_at = ?",
                ((clock.now + LEASE).isoformat(timespec="seconds"),),
            )
        assert deliver_pending(store, {name: WebhookChannel(rx.url, None)}, now=clock).sent == 0
        clock.now += LEASE + timedelta(seconds=1)
        assert deliver_pending(store, {name: WebhookChannel(rx.url, None)}, now=clock).sent == 1
        assert [h["webhook-id"] for _, h, _ in rx.requests] == ["msg_a1"]
    finally:
        rx.stop()
