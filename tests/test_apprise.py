"""Apprise as the third channel kind (issue 13): MONITOR_NOTIFY_URLS, one channel per URL
through the same outbox (per-URL delivery state, retries, digests), tested against loopback
receivers with Apprise's json:// scheme. A URL's secret never shows in a channel name, a
log line or `monitor alerts`."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest
from test_webhook import ALERT, Receiver, reply

from monitor.alerts.apprise_channel import AppriseChannel, channel_name
from monitor.alerts.channels import build_channels
from monitor.alerts.delivery import deliver_pending
from monitor.errors import ConfigError
from monitor.models import Alert
from monitor.settings import load
from monitor.store.db import Store

TOKEN = "s3cr3t-t0ken"


def json_url(receiver: Receiver) -> str:
    return receiver.url.replace("http://", "json://") + f"?token={TOKEN}"


def fresh(n: int = 0) -> Alert:
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    return Alert.from_json(
        {**ALERT, "id": f"msg_apprise_{n}", "new": 800000 + n, "created_at": stamp}
    )


def test_an_alert_reaches_a_json_receiver() -> None:
    receiver = Receiver(reply(200))
    try:
        channel = AppriseChannel(json_url(receiver))
        result = channel.send(ALERT, attempt=1)
    finally:
        receiver.stop()
    assert result.ok
    (_, _, body) = receiver.requests[0]
    sent = json.loads(body)
    assert "800,000" in sent["title"] and "800,000" in sent["message"]
    assert TOKEN not in channel.name and channel.name.startswith("apprise:json://127.0.0.1#")


def test_per_url_state_retries_and_no_secret_in_logs(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    good, bad = Receiver(reply(200)), Receiver(reply(500))
    try:
        settings = load({"MONITOR_NOTIFY_URLS": f"{json_url(good)} , {json_url(bad)}"})
        channels = build_channels(settings)
        assert len(channels) == 2
        store = Store.open(tmp_path / "m.db")
        with store.write():
            store.insert_alert(fresh(), None, list(channels), fresh().created_at)
        with caplog.at_level(logging.DEBUG):
            stats = deliver_pending(store, channels)
        states = {
            r["channel"]: (r["state"], r["attempts"])
            for r in store.all("SELECT channel, state, attempts FROM deliveries")
        }
        (record,) = store.alerts()
        store.close()
    finally:
        good.stop()
        bad.stop()
    assert stats.sent == 1 and stats.retrying == 1
    assert states[channel_name(json_url(good))] == ("sent", 1)
    assert states[channel_name(json_url(bad))] == ("pending", 1)
    assert TOKEN not in caplog.text
    assert TOKEN not in json.dumps(record.to_json())


def test_a_digest_is_one_notification() -> None:
    receiver = Receiver(reply(200))
    try:
        channel = AppriseChannel(json_url(receiver))
        result = channel.send_digest([fresh(1).to_json(), fresh(2).to_json()], attempt=1)
    finally:
        receiver.stop()
    assert result.ok and len(receiver.requests) == 1
    body = json.loads(receiver.requests[0][2])["message"]
    assert "800,001" in body and "800,002" in body


@pytest.mark.parametrize("url", ["nosuchscheme://x/y", "not a url"])
def test_a_url_apprise_cannot_use_is_refused_at_start(url: str) -> None:
    with pytest.raises(ConfigError, match="MONITOR_NOTIFY_URLS"):
        build_channels(load({"MONITOR_NOTIFY_URLS": url}))
