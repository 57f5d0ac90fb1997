"""Builds the configured notification channels from settings, keyed by delivery name
("webhook:<url>" per endpoint, "email")."""

from __future__ import annotations

from monitor.alerts.channel import Channel
from monitor.settings import Settings


def build_channels(settings: Settings) -> dict[str, Channel]:
    channels: dict[str, Channel] = {}
    if settings.webhook_urls:
        from monitor.alerts.webhook import WebhookChannel

        for url in settings.webhook_urls:
            channels[f"webhook:{url}"] = WebhookChannel(url, settings.webhook_secret)
    if settings.notify_urls:
        from monitor.alerts.apprise_channel import AppriseChannel

        for url in settings.notify_urls:
            channel = AppriseChannel(url)
            channels[channel.name] = channel
    if settings.smtp_url:
        from monitor.alerts.email import EmailChannel

        channels["email"] = EmailChannel.from_url(
            settings.smtp_url, settings.email_from, list(settings.email_to)
        )
    return channels


def test_alert() -> dict:
    """A clearly-labelled alert for `monitor notify test`."""
    from datetime import UTC, datetime

    now = datetime.now(UTC).isoformat(timespec="seconds")
    return {
        "id": "msg_test_" + now.replace(":", "").replace("-", "").replace("+", ""),
        "kind": "fact_changed",
        "watchlist": "test",
        "fact": "test",
        "label": "Test alert",
        "old": [1],
        "new": 2,
        "evidence": {
            "text": "This is a test alert from monitor notify test.",
            "url": "https://example.org/",
            "title": "monitor test",
            "source": "monitor",
            "published": now,
        },
        "rule": "monitor notify test",
        "created_at": now,
    }
