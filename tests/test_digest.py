"""Digests: a channel with `notify.digest_minutes` holds alerts until the window closes, then
sends them as one message (one signed webhook, one email); other channels are not held."""

from __future__ import annotations

import random
from datetime import timedelta
from email import policy
from email.parser import BytesParser
from pathlib import Path

from smtpserver import RecordingHandler, smtp_server
from standardwebhooks.webhooks import Webhook
from test_delivery import T0, Clock
from test_pipeline import STORY, article
from test_webhook import SECRET, Receiver, reply

from monitor.alerts.channel import digest_id
from monitor.alerts.delivery import LEASE, deliver_pending
from monitor.alerts.email import EmailChannel
from monitor.alerts.webhook import WebhookChannel
from monitor.ingest.pipeline import ingest
from monitor.models import Alert
from monitor.store.db import Store
from monitor.watchlists import load_watchlist


def add(store: Store, n: int, channels: list[str], windows: dict[str, int], at=T0) -> dict:
    alert = {
        "id": f"msg_{n}",
        "kind": "fact_changed",
        "watchlist": "w",
        "fact": "cap",
        "label": "Cap",
        "old": [600000],
        "new": 700000 + n,
        "evidence": {
            "text": f"Capped at {700000 + n:,}.",
            "url": f"https://e.org/{n}",
            "title": f"Story <{n}>",
            "source": "S",
            "published": None,
        },
        "rule": "r",
        "created_at": at.isoformat(timespec="seconds"),
    }
    with store.write():
        store.insert_alert(Alert.from_json(alert), None, channels, alert["created_at"], windows)
    return alert


def rows(store: Store) -> list[tuple[str, str, str, int]]:
    return [
        (r["alert_id"], r["channel"].split(":")[0], r["state"], r["attempts"])
        for r in store.all("SELECT * FROM deliveries ORDER BY alert_id, channel")
    ]


def test_webhook_digest_waits_for_the_window_then_sends_one_signed_message(store: Store) -> None:
    rx = Receiver(reply(200))
    clock = Clock()
    try:
        name = f"webhook:{rx.url}"
        channels = {name: WebhookChannel(rx.url, SECRET)}
        first = add(store, 1, [name], {"webhook": 30})
        clock.now += timedelta(minutes=10)
        second = add(store, 2, [name], {"webhook": 30}, at=clock.now)
        assert deliver_pending(store, channels, now=clock).sent == 0
        assert rx.requests == []  # the window of the first alert is still open

        clock.now = T0 + timedelta(minutes=30)
        stats = deliver_pending(store, channels, now=clock)
        assert stats.sent == 2
        ((_, headers, body),) = rx.requests  # both alerts, one request
        payload = Webhook(SECRET).verify(body, {k.lower(): v for k, v in headers.items()})
        assert payload["type"] == "alerts.digest"
        assert payload["data"]["count"] == 2
        assert [a["id"] for a in payload["data"]["alerts"]] == [first["id"], second["id"]]
        assert headers["webhook-id"] == payload["data"]["id"] == digest_id([first, second])
        assert [r[2:] for r in rows(store)] == [("sent", 1), ("sent", 1)]
        assert deliver_pending(store, channels, now=clock).sent == 0  # nothing twice
    finally:
        rx.stop()


def test_failed_digest_retries_under_the_same_id(store: Store) -> None:
    rx = Receiver(lambda h, n: reply(500 if n == 1 else 200)(h, n))
    clock = Clock()
    try:
        name = f"webhook:{rx.url}"
        channels = {name: WebhookChannel(rx.url, SECRET)}
        add(store, 1, [name], {"webhook": 5})
        add(store, 2, [name], {"webhook": 5})
        clock.now += timedelta(minutes=5)
        first = deliver_pending(store, channels, now=clock, rng=random.Random(1))
        assert (first.sent, first.retrying) == (0, 2)
        clock.now += timedelta(seconds=10)
        assert deliver_pending(store, channels, now=clock).sent == 2
        ids = [h["webhook-id"] for _, h, _ in rx.requests]
        assert len(ids) == 2 and ids[0] == ids[1]
        attempts = store.all("SELECT ok, status FROM delivery_attempts ORDER BY id")
        assert [a["ok"] for a in attempts] == [0, 0, 1, 1]  # every row records every attempt
    finally:
        rx.stop()


def test_a_digest_being_sent_is_not_taken_by_a_second_worker(store: Store) -> None:
    rx = Receiver(reply(200))
    clock = Clock()
    try:
        name = f"webhook:{rx.url}"
        add(store, 1, [name], {"webhook": 5})
        clock.now += timedelta(minutes=5)
        # a worker that claimed the batch and crashed before reporting back
        with store.write():
            store.conn.execute(
                "UPDATE deliveries SET next_attempt_at = ?, last_status = 'sending'",
                ((clock.now + LEASE).isoformat(timespec="seconds"),),
            )
        add(store, 2, [name], {"webhook": 0}, at=clock.now)  # a due row of the same channel
        with store.write():
            store.conn.execute("UPDATE deliveries SET digest_minutes = 5")
        channels = {name: WebhookChannel(rx.url, SECRET)}
        assert deliver_pending(store, channels, now=clock).sent == 1  # only the unleased row
        clock.now += LEASE + timedelta(seconds=1)  # the lease ran out: the crashed send is redone
        assert deliver_pending(store, channels, now=clock).sent == 1
        assert [r[2] for r in rows(store)] == ["sent", "sent"]
    finally:
        rx.stop()


def test_digest_per_channel_email_batched_webhook_immediate(store: Store) -> None:
    rx = Receiver(reply(200))
    handler = RecordingHandler()
    clock = Clock()
    with smtp_server(handler) as (_, port):
        try:
            hook = f"webhook:{rx.url}"
            channels = {
                hook: WebhookChannel(rx.url, None),
                "email": EmailChannel.from_url(
                    f"smtp://127.0.0.1:{port}", "m@desk.example", ["a@desk.example"]
                ),
            }
            windows = {"email": 60, "webhook": 0}
            alerts = [add(store, n, [hook, "email"], windows) for n in (1, 2, 3)]
            assert deliver_pending(store, channels, now=clock).sent == 3
            assert len(rx.requests) == 3 and handler.messages == []

            clock.now += timedelta(minutes=60)
            assert deliver_pending(store, channels, now=clock).sent == 3
            (mail,) = handler.messages
            msg = BytesParser(policy=policy.default).parsebytes(mail.content)
            assert msg["Subject"].startswith("[monitor] 3 alerts: Cap: 600,000 -> 700,001")
            text = msg.get_body(("plain",)).get_content()
            html = msg.get_body(("html",)).get_content()
            for alert in alerts:
                assert alert["evidence"]["text"] in text and alert["id"] in html
            assert "Story &lt;1&gt;" in html and "<1>" not in html  # escaped
            assert msg["X-Monitor-Alert-Id"] == digest_id(alerts)
        finally:
            rx.stop()


def test_watchlist_digest_holds_the_alert_ingest_raises(tmp_path: Path) -> None:
    path = tmp_path / "quake.yaml"
    path.write_text(
        "name: quake\nmatch: {all: [earthquake]}\n"
        "facts:\n  death_toll:\n    kind: number\n    cues: ['death toll']\n"
        "notify: {digest_minutes: {email: 45}}\n"
    )
    wl = load_watchlist(path)
    assert dict(wl.notify.digest_minutes) == {"email": 45}
    store = Store.open(tmp_path / "m.db")
    try:
        result = ingest(
            store,
            article("https://a.example/1", STORY, "A"),
            [wl],
            origin="feed",
            now=lambda: T0,
            channels=["email", "webhook:http://127.0.0.1:9/h"],
        )
        assert len(result.alerts) == 1
        due = {
            r["channel"].split(":")[0]: (r["digest_minutes"], r["next_attempt_at"])
            for r in store.all("SELECT * FROM deliveries")
        }
        assert due == {
            "email": (45, (T0 + timedelta(minutes=45)).isoformat(timespec="seconds")),
            "webhook": (0, T0.isoformat(timespec="seconds")),
        }
    finally:
        store.close()
