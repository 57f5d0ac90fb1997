"""A feed with more new entries than one poll takes is worked through in steps (issue 13:
a 10,000-entry feed held a worker for 300 s): each poll stores at most `max_entries`, says
how many are left, and the next polls take the rest; nothing is lost or stored twice."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from httpserver import LoopbackServer

from monitor.app.cli import main
from monitor.ingest.poller import Poller
from monitor.net.fetch import Fetcher
from monitor.store.db import Store
from monitor.watchlists import Feed, MatchRule, Notify, Watchlist


def feed_of(site: LoopbackServer, n: int) -> None:
    items = "".join(
        f"<item><title>Story {i}</title><guid>urn:story:{i}</guid>"
        f"<pubDate>Mon, 01 Dec 2025 {i // 60:02d}:{i % 60:02d}:00 GMT</pubDate>"
        f"<description>Report number {i} on the harbour works, with details.</description></item>"
        for i in range(n)
    )
    site.routes["/feed.xml"] = (
        200,
        {"Content-Type": "application/rss+xml", "ETag": '"v1"'},
        f"<rss version='2.0'><channel><title>Big</title>{items}</channel></rss>".encode(),
    )


def test_a_big_feed_is_worked_through_in_steps(
    http_server: LoopbackServer, store: Store, tmp_path: Path
) -> None:
    feed_of(http_server, 25)
    feed = Feed(http_server.url("/feed.xml"), "big", 900)
    wl = Watchlist("w", Path("w.yaml"), "", (feed,), MatchRule(), (), Notify(), 900)
    stored, left = [], []
    with Fetcher(allow_private=True) as fetcher:
        poller = Poller(store, fetcher, [wl], max_entries=10)
        for _ in range(4):
            outcome = poller.poll(feed, wl)
            stored.append(outcome.new)
            (state,) = store.feeds()
            left.append(state.backlog)
            if state.backlog:
                assert state.etag is None  # the next poll gets the whole feed, not a 304
    assert stored == [10, 10, 5, 0] and left == [15, 5, 0, 0]
    assert store.one("SELECT COUNT(*) AS n FROM articles") == {"n": 25}
    (state,) = store.feeds()
    assert state.etag == '"v1"'  # stored once the backlog was done


def test_monitor_feeds_says_a_feed_is_being_worked_through(
    http_server: LoopbackServer, store: Store, tmp_path: Path
) -> None:
    url = http_server.url("/feed.xml")
    store.feed_state(url, "w")
    store.update_feed(url, backlog=9500, last_success_at="2026-03-01T12:00:00+00:00")
    wdir = tmp_path / "wl"
    wdir.mkdir()
    (wdir / "w.yaml").write_text(f"name: w\nmatch: {{any: ['x']}}\nfeeds: ['{url}']\n")
    env = {"MONITOR_DB": str(store.path), "MONITOR_WATCHLISTS": str(wdir)}
    shown = CliRunner().invoke(main, ["feeds"], env=env)
    assert shown.exit_code == 0, shown.output
    assert "working through it: 9500 new entries left" in shown.output
