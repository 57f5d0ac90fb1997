"""A third channel kind through Apprise (Slack, Discord, Telegram, ntfy, Matrix, Teams, ...):
one channel per URL of MONITOR_NOTIFY_URLS, through the same outbox as webhooks and email
(per-URL delivery state, retries, digests). An Apprise URL often carries a token: it is
never logged or shown; the channel's name keeps the scheme, the host and a short hash."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from urllib.parse import urlsplit

from monitor.alerts.channel import DeliveryResult
from monitor.alerts.render import digest_subject, render_digest_text, render_text, subject
from monitor.errors import ConfigError

# Apprise logs what its plugins do; its warnings may quote a service's reply
logging.getLogger("apprise").setLevel(logging.ERROR)


def channel_name(url: str) -> str:
    """`apprise:<scheme>://<host>#<hash>`: tells URLs apart without showing a secret."""
    parts = urlsplit(url)
    digest = hashlib.sha256(url.encode()).hexdigest()[:8]
    return f"apprise:{parts.scheme}://{parts.hostname or ''}#{digest}"


class AppriseChannel:
    """Sends an alert as a short text notification through one Apprise URL."""

    def __init__(self, url: str) -> None:
        import apprise  # on demand: only when MONITOR_NOTIFY_URLS is set

        self.name = channel_name(url)
        self._apprise = apprise.Apprise()
        if not self._apprise.add(url):
            scheme = urlsplit(url).scheme or "(none)"
            raise ConfigError(
                f"MONITOR_NOTIFY_URLS: {self.name}: not a URL Apprise can use (scheme {scheme!r})"
            )
        self._text = apprise.NotifyFormat.TEXT

    def __repr__(self) -> str:
        return f"AppriseChannel({self.name})"

    def send(self, alert: dict, *, attempt: int) -> DeliveryResult:
        return self._notify(subject(alert), render_text(alert))

    def send_digest(self, alerts: Sequence[dict], *, attempt: int) -> DeliveryResult:
        return self._notify(digest_subject(alerts), render_digest_text(alerts))

    def _notify(self, title: str, body: str) -> DeliveryResult:
        """Apprise answers sent or not, without the reason (its own timeouts bound the
        attempt: 4 s to connect, 4 s a read, unless the URL sets cto/rto); a failure is
        retried on the outbox's schedule."""
        try:
            ok = self._apprise.notify(title=title, body=body, body_format=self._text)
        except Exception as exc:  # a plugin bug is this delivery's failure only
            return DeliveryResult.retry(f"apprise error: {type(exc).__name__}")
        if ok:
            return DeliveryResult.success("apprise: sent")
        return DeliveryResult.retry("apprise: not sent (the service refused or did not answer)")
