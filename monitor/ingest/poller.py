"""One poll of one feed: conditional fetch, parse, fetch and extract each new entry's page
(falling back to the feed's own summary), then ingest. Errors are values per feed and per
entry: logged with the URL, counted, and the rest of the cycle goes on."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Literal, Protocol

from monitor import metrics
from monitor.errors import AnalysisTimeout, FeedError, FetchError, MonitorError, RetryLater
from monitor.ingest.decide import ANALYSIS_DEADLINE, Prepared, prepare
from monitor.ingest.entries import entry_article
from monitor.ingest.pipeline import ingest
from monitor.models import Article, FeedState
from monitor.net.fetch import Fetcher
from monitor.store.db import Store
from monitor.text.dedup import TextFeatures
from monitor.text.extract import Extracted, extract_html_bounded
from monitor.text.feeds import FeedEntry, ParsedFeed, parse_feed
from monitor.watchlists import Feed, Watchlist

log = logging.getLogger("monitor.poll")

MAX_BACKOFF = timedelta(hours=6)
# new entries one poll of a feed takes; the rest wait for the next polls (a 10,000-entry
# feed is worked through in steps instead of holding a worker for many minutes)
MAX_ENTRIES_PER_POLL = 500
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
HTML_TYPES = ("text/html", "application/xhtml+xml")


class Extractor(Protocol):
    """A page's bytes and URL to its text and metadata; `date=False` when the caller has the
    publication date already (the feed entry's), so the page's is not searched for."""

    def __call__(self, html: bytes, url: str, *, date: bool = True) -> Extracted | None: ...


@dataclass
class FeedOutcome:
    url: str
    status: Literal["new", "unchanged", "error", "backoff"] = "unchanged"
    entries: int = 0
    new: int = 0
    duplicates: int = 0
    alerts: int = 0
    errors: int = 0
    error: str | None = None
    seconds: float = 0.0

    def line(self) -> str:
        if self.status in ("error", "backoff"):
            return f"feed {self.url}: {self.status}: {self.error}"
        return (
            f"feed {self.url}: {self.status}, {self.entries} entries, {self.new} new, "
            f"{self.duplicates} duplicates, {self.alerts} alerts, {self.errors} entry errors,"
            f" {self.seconds:.2f}s"
        )


@dataclass
class Item:
    """A new entry of a feed, prepared for ingest (None: it has no text)."""

    entry: FeedEntry
    position: int
    prepared: Prepared | None
    error: str | None = None  # why the entry is recorded as failed

    def order_key(self, batch: int) -> tuple[bool, datetime, int, int]:
        published = self.prepared.article.published if self.prepared else None
        if published is not None and published.tzinfo is None:
            published = published.replace(tzinfo=UTC)
        return (published is None, published or _LATEST, batch, -self.position)


_LATEST = datetime.max.replace(tzinfo=UTC)


@dataclass
class Batch:
    """One feed's poll, collected and not yet stored."""

    feed: Feed
    outcome: FeedOutcome
    state: FeedState
    parsed: ParsedFeed | None = None
    etag: str | None = None
    modified: str | None = None
    items: list[Item] = field(default_factory=list)
    error: FetchError | FeedError | None = None
    stopped: bool = False
    skipped: bool = False  # backing off: not fetched at all
    backlog: int = 0  # new entries over the per-poll cap, left for the next polls


class Poller:
    """Polls feeds into one store. Not shared between threads: one Poller per worker."""

    def __init__(
        self,
        store: Store,
        fetcher: Fetcher,
        watchlists: Sequence[Watchlist],
        *,
        channels: Sequence[str] = (),
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        extract: Extractor | None = None,
        should_stop: Callable[[], bool] = lambda: False,
        max_entries: int = MAX_ENTRIES_PER_POLL,
        analysis_seconds: float = ANALYSIS_DEADLINE,
    ) -> None:
        self.store, self.fetcher, self.watchlists = store, fetcher, watchlists
        self.max_entries, self.analysis_seconds = max_entries, analysis_seconds
        self.should_stop = should_stop
        self.channels, self.now = channels, now
        self.extract: Extractor = extract or extract_html_bounded

    def poll(self, feed: Feed, watchlist: Watchlist) -> FeedOutcome:
        """Poll one feed: collect its new entries, then ingest them oldest first."""
        batch = self.collect(feed, watchlist)
        self.ingest_batches([batch])
        return batch.outcome

    def collect(self, feed: Feed, watchlist: Watchlist) -> Batch:
        """Fetch and parse the feed, then fetch, extract and prepare (dedup features and facts)
        each entry not seen before. Nothing about the entries is stored yet: `ingest_batches`
        does that, in publication order across every batch of a cycle."""
        started = time.monotonic()
        batch = Batch(feed, FeedOutcome(feed.url), self.store.feed_state(feed.url, watchlist.name))
        wait = backing_off(batch.state, self.now(), grace=min(60, feed.interval // 10) + 1)
        if wait is not None:
            batch.outcome.status, batch.skipped = "backoff", True
            batch.outcome.error = (
                f"backing off until {wait} after {batch.state.error_count} failure(s)"
            )
            return batch
        try:
            result = self.fetcher.fetch(
                feed.url,
                etag=batch.state.etag,
                last_modified=batch.state.last_modified,
                accept=FEED_ACCEPT,
            )
            if not result.not_modified:
                parsed = parse_feed(
                    result.content,
                    url=result.final_url,
                    content_type=result.content_type,
                    charset=result.charset,
                )
                for warning in parsed.warnings:
                    log.warning("feed %s: %s", feed.url, warning)
                batch.parsed, batch.etag, batch.modified = parsed, result.etag, result.last_modified
                batch.outcome.entries = len(parsed.entries)
                self._prepare_entries(batch, parsed)
        except (FetchError, FeedError) as exc:
            batch.error = exc
        batch.outcome.seconds = time.monotonic() - started
        return batch

    def _prepare_entries(self, batch: Batch, parsed: ParsedFeed) -> None:
        feed = batch.feed
        for position, entry in enumerate(parsed.entries):
            if self.should_stop():
                # Entries not yet marked seen are simply redone on the next poll.
                log.info("feed %s: stopping, %s left for the next poll", feed.url, entry.link)
                batch.stopped = True
                break
            if self.store.seen_entry(feed.url, entry.identity):
                continue
            if len(batch.items) >= self.max_entries:
                batch.backlog += 1  # counted, left for the next polls
                continue
            try:
                started = time.monotonic()
                article, features = self._article(feed, parsed, entry)
                deadline = time.monotonic() + self.analysis_seconds
                prepared = (
                    prepare(article, self.watchlists, features, deadline) if article else None
                )
                metrics.EXTRACTION.observe(time.monotonic() - started)
            except AnalysisTimeout as exc:
                # a poisoned entry: recorded as failed, so no later poll or restart hangs on it
                self._entry_failed(batch, entry, exc)
                batch.items.append(Item(entry, position, None, error=str(exc)))
                continue
            except Exception as exc:  # one bad entry must not end the feed's cycle
                self._entry_failed(batch, entry, exc)
                continue
            batch.items.append(Item(entry, position, prepared))

    def ingest_batches(self, batches: Sequence[Batch]) -> None:
        """Ingest the collected entries of every batch oldest first (entries without a date
        after the dated ones, in the feed's reverse order: feeds list the newest first), so
        the first report is the evidence and later copies and rewrites join its story. Then
        record each feed's success or failure."""
        ordered = sorted(
            ((item.order_key(n), batch, item) for n, batch in enumerate(batches)
             for item in batch.items),
            key=lambda keyed: keyed[0],
        )  # fmt: skip
        for _, batch, item in ordered:
            if self.should_stop():
                batch.stopped = True
                continue
            started = time.monotonic()
            self._ingest_item(batch, item)
            batch.outcome.seconds += time.monotonic() - started
        with self.store.write(durable=False):  # every feed's state in one commit
            for batch in batches:
                if batch.skipped:
                    continue
                if batch.error is not None:
                    self._failed(batch.feed, batch.state, batch.error, batch.outcome)
                elif not batch.stopped:
                    self._succeeded(batch)
        for batch in batches:  # one line per feed; a failure's at WARNING, its URL once
            metrics.count_poll(batch.feed.url, batch.outcome.status)
            log.log(
                logging.WARNING if batch.outcome.status == "error" else logging.INFO,
                "%s",
                batch.outcome.line(),
                extra={"fields": {"feed": batch.feed.url, "status": batch.outcome.status}},
            )

    def _ingest_item(self, batch: Batch, item: Item) -> None:
        feed, entry, outcome = batch.feed, item.entry, batch.outcome
        if item.prepared is None:
            self._mark(feed, entry, None, item.error)
            return
        try:
            result = ingest(
                self.store,
                item.prepared.article,
                self.watchlists,
                origin="feed",
                now=self.now,
                channels=self.channels,
                prepared=item.prepared,
            )
        except Exception as exc:  # one bad entry must not end the feed's cycle
            self._entry_failed(batch, entry, exc)
            return
        self._mark(feed, entry, result.article_id)
        metrics.count_ingest(result.status, len(result.facts), len(result.alerts))
        outcome.status = "new"
        outcome.new += result.status in ("new", "updated")
        outcome.duplicates += result.status == "duplicate"
        outcome.alerts += len(result.alerts)

    def _entry_failed(self, batch: Batch, entry: FeedEntry, exc: Exception) -> None:
        batch.outcome.errors += 1
        where = f"entry {entry.link or entry.identity} of {batch.feed.url}"
        if isinstance(exc, MonitorError):
            log.warning("%s: %s", where, exc)
        else:
            log.error("%s failed", where, exc_info=exc)

    def _mark(
        self, feed: Feed, entry: FeedEntry, article_id: int | None, error: str | None = None
    ) -> None:
        self.store.mark_entry(feed.url, entry.identity, article_id, self._stamp(), error)

    def _article(
        self, feed: Feed, parsed: ParsedFeed, entry: FeedEntry
    ) -> tuple[Article | None, TextFeatures | None]:
        """The entry's page, extracted (the feed's own summary when the page fails), with
        dedup's features of the text when the extractor derived them."""
        # the entry's own date wins over the page's (entry_article): then none is looked for
        extracted = self._page(entry.link, entry.published is None) if entry.link else None
        article = entry_article(
            entry,
            feed=feed.url,
            source=parsed.title or feed.name,
            extracted=extracted,
            feed_url=feed.url,
        )
        if article is None:
            log.info("entry %s of %s: no text, skipped", entry.link or entry.identity, feed.url)
            return None, None
        return article, extracted.features if extracted else None

    def _page(self, url: str, date: bool = True) -> Extracted | None:
        try:
            page = self.fetcher.fetch(url)
        except FetchError as exc:
            log.warning("page %s: %s; using the feed summary", url, exc.reason)
            return None
        if page.content_type and page.content_type not in HTML_TYPES:
            log.info("page %s is %s, not HTML; using the feed summary", url, page.content_type)
            return None
        extracted = self.extract(page.content, page.final_url, date=date)
        if extracted is None:
            log.info("page %s: nothing extracted; using the feed summary", url)
        return extracted

    def _succeeded(self, batch: Batch) -> None:
        """A poll that worked. With a backlog (more new entries than one poll takes), the
        validators are not stored, so the next poll gets the whole feed again, not a 304."""
        feed, state, parsed, now = batch.feed, batch.state, batch.parsed, self.now()
        values: dict[str, object] = {
            "last_polled_at": _iso(now),
            "last_success_at": _iso(now),
            "error_count": 0,
            "next_poll_at": _iso(now + timedelta(seconds=feed.interval)),
            "backlog": batch.backlog,
        }
        if parsed is not None:
            values.update(
                title=parsed.title or state.title,
                items_seen=state.items_seen + len(parsed.entries),
            )
            if not batch.backlog:
                values.update(etag=batch.etag, last_modified=batch.modified)
        if batch.backlog:
            log.info(
                "feed %s: %d new entries left for the next polls (at most %d a poll)",
                feed.url,
                batch.backlog,
                self.max_entries,
            )
        self.store.update_feed(feed.url, **values)

    def _failed(
        self, feed: Feed, state: FeedState, exc: MonitorError, outcome: FeedOutcome
    ) -> None:
        now = self.now()
        errors = state.error_count + 1
        # the exponent is capped before it is raised: 2 ** errors overflowed timedelta
        backoff = feed.interval * 2 ** min(errors - 1, 16)
        delay = min(timedelta(seconds=backoff), MAX_BACKOFF)
        if isinstance(exc, RetryLater) and exc.retry_after:
            delay = max(delay, timedelta(seconds=exc.retry_after))
        self.store.update_feed(
            feed.url,
            last_polled_at=_iso(now),
            last_error=str(exc),
            last_error_at=_iso(now),
            error_count=errors,
            next_poll_at=_iso(now + delay),
        )
        reason = (
            exc.reason if isinstance(exc, FetchError) else str(exc).removeprefix(f"{feed.url}: ")
        )
        outcome.status = "error"
        outcome.error = f"{reason} ({errors} in a row, next try in {delay})"

    def _stamp(self) -> str:
        return _iso(self.now())


def backing_off(state: FeedState, now: datetime, grace: float = 0) -> str | None:
    """When a failing feed may be fetched again, if not yet: its backoff (doubling per
    failure in a row, up to MAX_BACKOFF) or the server's Retry-After, whichever is later,
    as recorded at the last failure. A feed that last succeeded is never held back; `grace`
    seconds early is on time (the scheduler's jitter)."""
    if not state.error_count or not state.next_poll_at:
        return None
    due = datetime.fromisoformat(state.next_poll_at)
    return state.next_poll_at if due > now + timedelta(seconds=grace) else None


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")
