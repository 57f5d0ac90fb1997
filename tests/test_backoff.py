"""A failing feed is not fetched again before its backoff or the server's Retry-After
(issue 13: a feed answering 500, or 429 with Retry-After: 3600, on a 10 s interval was
polled 7 times in 70 s)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from httpserver import LoopbackServer

from monitor.ingest.poller import Poller
from monitor.net.fetch import Fetcher
from monitor.store.db import Store
from monitor.watchlists import Feed, MatchRule, Notify, Watchlist

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
RSS = b"<rss version='2.0'><channel><title>t</title></channel></rss>"


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


def poll_every_10s(
    site: LoopbackServer, store: Store, route: tuple, seconds: int, failures: int = 0
) -> tuple[int, list[str]]:
    """Poll a 10 s feed once every 10 s of a fake clock for `seconds`; the number of times
    the server was asked, and the outcomes."""
    site.routes["/feed.xml"] = route
    feed = Feed(site.url("/feed.xml"), "f", 10)
    wl = Watchlist("w", Path("w.yaml"), "", (feed,), MatchRule(), (), Notify(), 10)
    clock = Clock()
    statuses = []
    with Fetcher(allow_private=True) as fetcher:
        poller = Poller(store, fetcher, [wl], now=clock)
        for _ in range(seconds // 10):
            statuses.append(poller.poll(feed, wl).status)
            clock.now += timedelta(seconds=10)
    asked = sum(1 for r in site.requests if r.path == "/feed.xml")
    return asked, statuses


def test_a_failing_feed_backs_off_exponentially(http_server: LoopbackServer, store: Store) -> None:
    asked, statuses = poll_every_10s(http_server, store, (500, {}, b"oops"), 70)
    # fetched at 0 s (fails: next at +10), 10 s (+20), 30 s (+40), then held until 70 s
    assert asked == 3
    assert statuses.count("backoff") == 4 and statuses.count("error") == 3


def test_retry_after_is_honoured(http_server: LoopbackServer, store: Store) -> None:
    asked, statuses = poll_every_10s(http_server, store, (429, {"Retry-After": "3600"}, b""), 70)
    assert asked == 1 and statuses[1:] == ["backoff"] * 6
    (state,) = store.feeds()
    assert datetime.fromisoformat(state.next_poll_at or "") >= T0 + timedelta(seconds=3600)


def test_an_absurd_retry_after_is_a_day(http_server: LoopbackServer, store: Store) -> None:
    asked, _ = poll_every_10s(
        http_server, store, (503, {"Retry-After": "99999999999999999999"}, b""), 20
    )
    (state,) = store.feeds()
    assert asked == 1
    assert datetime.fromisoformat(state.next_poll_at or "") == T0 + timedelta(days=1)


@pytest.mark.parametrize("failures", [1, 100])
def test_backoff_is_capped(http_server: LoopbackServer, store: Store, failures: int) -> None:
    url = http_server.url("/feed.xml")
    store.feed_state(url, "w")
    store.update_feed(url, error_count=failures, next_poll_at=None)
    http_server.routes["/feed.xml"] = (500, {}, b"")
    feed = Feed(url, "f", 900)
    wl = Watchlist("w", Path("w.yaml"), "", (feed,), MatchRule(), (), Notify(), 900)
    with Fetcher(allow_private=True) as fetcher:
        outcome = Poller(store, fetcher, [wl], now=Clock()).poll(feed, wl)
    (state,) = store.feeds()
    assert outcome.status == "error" and state.error_count == failures + 1
    delay = datetime.fromisoformat(state.next_poll_at or "") - T0
    assert delay == timedelta(seconds=min(900 * 2**failures, 6 * 3600))


def test_a_recovered_feed_is_polled_on_its_interval(
    http_server: LoopbackServer, store: Store
) -> None:
    asked, statuses = poll_every_10s(
        http_server, store, (200, {"Content-Type": "application/rss+xml"}, RSS), 30
    )
    assert asked == 3 and "backoff" not in statuses
