"""The project's one exception hierarchy.

MonitorError
 ├── ConfigError          bad MONITOR_* setting
 ├── WatchlistError       invalid watchlist file (file, key, reason)
 ├── InputError           a local document that cannot be read (binary, encoding, empty)
 ├── FetchError           a URL that could not be fetched
 │    ├── BlockedURLError  refused by the SSRF guard / scheme policy
 │    ├── TooLargeError    body over the size cap
 │    └── RetryLater       the server asked us to come back later (429/503)
 ├── FeedError            a feed that could not be parsed at all
 ├── ExtractionError      a page that could not be extracted in time/memory
 ├── ModelMissing         the pinned English pipeline is not installed
 ├── AnalysisTimeout      an article's facts took longer than their deadline
 ├── StoreError           the database cannot be opened or is from a newer monitor
 └── AlreadyRunning       another `monitor run` holds the database's lock

Delivery problems are not exceptions: a channel returns a `DeliveryResult` value that the
outbox worker records (monitor.alerts.channel).
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
        self.others: list[WatchlistError] = []  # every error of the file, when several
        super().__init__(f"{file}: {key}: {reason}")

    @classmethod
    def several(cls, errors: list[WatchlistError]) -> WatchlistError:
        """The first error, carrying all of them; its message lists every one, a line each."""
        first = errors[0]
        if len(errors) == 1:
            return first
        combined = cls(first.file, first.key, first.reason)
        combined.others = list(errors)
        combined.args = ("\n".join(str(e) for e in errors),)
        return combined


class InputError(MonitorError):
    """Bad input from a user: a local document that cannot be loaded (unreadable, binary,
    unknown encoding, empty), or a bad value, verdict or filter given to the web API."""


class NotFound(InputError):
    """Asked for something that does not exist (an alert, a fact, an observation)."""


class FetchError(MonitorError):
    """A URL could not be fetched; the message says why."""

    def __init__(self, url: str, reason: str) -> None:
        self.url, self.reason = url, reason
        super().__init__(f"{url}: {reason}")


class BlockedURLError(FetchError):
    """The URL was refused before any byte was sent (scheme, private address)."""


class TooLargeError(FetchError):
    """The response body exceeded the size cap."""


class RetryLater(FetchError):
    """The server asked us to come back later (429/503); `retry_after` is in seconds."""

    def __init__(self, url: str, reason: str, retry_after: float | None = None) -> None:
        self.retry_after = retry_after
        super().__init__(url, reason)


class FeedError(MonitorError):
    """A feed document could not be parsed at all."""


class ExtractionError(MonitorError):
    """Main-text extraction failed or exceeded its time/memory budget."""


class AnalysisTimeout(MonitorError):
    """Reading an article's facts ran past its deadline (a poisoned entry): the entry is
    recorded as failed with this reason and never tried again."""


class ModelMissing(MonitorError):
    """The pinned English pipeline is not installed (see requirements/model.txt)."""


class StoreError(MonitorError):
    """The database cannot be opened or is from a newer version of monitor."""


class AlreadyRunning(MonitorError):
    """Another `monitor run` holds the database's lock."""
