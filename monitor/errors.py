"""The project's one exception hierarchy.

MonitorError
 ├── ConfigError          bad MONITOR_* setting
 ├── WatchlistError       invalid watchlist file (file, key, reason)
 ├── InputError           a local document that cannot be read (binary, encoding, empty)
 ├── FetchError           a URL that could not be fetched
 │    ├── BlockedURLError  refused by the SSRF guard / scheme policy
 │    └── TooLargeError    body over the size cap
 ├── FeedError            a feed that could not be parsed at all
 ├── ExtractionError      a page that could not be extracted in time/memory
 ├── ModelMissing         the pinned English pipeline is not installed
 └── DeliveryError        a notifier channel failed (permanent or retryable)
"""

from __future__ import annotations


class MonitorError(Exception):
    """Base of every error this project raises on purpose."""


class ConfigError(MonitorError):
    """A MONITOR_* environment variable has an invalid value."""


class WatchlistError(MonitorError):
    """A watchlist file is invalid; the message names file, key and reason."""

    def __init__(self, file: str, key: str, reason: str) -> None:
        self.file, self.key, self.reason = file, key, reason
        super().__init__(f"{file}: {key}: {reason}")


class InputError(MonitorError):
    """A local document cannot be loaded (unreadable, binary, unknown encoding, empty)."""


class FetchError(MonitorError):
    """A URL could not be fetched; the message says why."""

    def __init__(self, url: str, reason: str) -> None:
        self.url, self.reason = url, reason
        super().__init__(f"{url}: {reason}")


class BlockedURLError(FetchError):
    """The URL was refused before any byte was sent (scheme, private address)."""


class TooLargeError(FetchError):
    """The response body exceeded the size cap."""


class FeedError(MonitorError):
    """A feed document could not be parsed at all."""


class ExtractionError(MonitorError):
    """Main-text extraction failed or exceeded its time/memory budget."""


class DeliveryError(MonitorError):
    """A notification channel failed. `permanent` says whether retrying can help."""

    def __init__(self, reason: str, *, permanent: bool = False, retry_after: float | None = None):
        self.permanent, self.retry_after = permanent, retry_after
        super().__init__(reason)


class ModelMissing(MonitorError):
    """The pinned English pipeline is not installed (see requirements/model.txt)."""
