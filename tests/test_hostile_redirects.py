"""A redirect no client can follow (issue 13: `data:` and backslash Locations made `monitor
poll` exit 1 with a traceback, and an article page's entry was lost on every poll) is a
FetchError naming the URL: the feed fails alone, a page falls back to the feed's summary."""

from __future__ import annotations

from pathlib import Path

import pytest
from e2e import ROOT
from httpserver import LoopbackServer

from monitor.errors import FetchError
from monitor.ingest.poller import Poller
from monitor.net.fetch import Fetcher
from monitor.store.db import Store
from monitor.watchlists import Feed, load_all

LOCATIONS = [
    "data:text/xml,<rss/>",
    "http:\\\\evil.example\\feed",
    "javascript:alert(1)",
    "http://[::1",
    "file:///etc/passwd",
]
SUMMARY = "Negotiators agreed to cap Ukraine's army at 800,000 troops in the revised peace plan."


@pytest.mark.parametrize("location", LOCATIONS)
def test_a_bad_location_is_a_fetch_error(http_server: LoopbackServer, location: str) -> None:
    http_server.routes["/r"] = (302, {"Location": location}, b"")
    with Fetcher(allow_private=True) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.fetch(http_server.url("/r"))
    assert caught.value.url == http_server.url("/r")


@pytest.mark.parametrize("location", LOCATIONS)
def test_the_feed_fails_alone_and_a_page_falls_back_to_the_summary(
    http_server: LoopbackServer, store: Store, location: str
) -> None:
    site = http_server
    site.routes["/bad-feed.xml"] = (302, {"Location": location}, b"")
    site.routes["/story"] = (302, {"Location": location}, b"")
    item = (
        f"<item><title>Peace plan revised</title><link>{site.url('/story')}</link>"
        f"<guid>g1</guid><description>{SUMMARY}</description></item>"
    )
    site.routes["/feed.xml"] = (
        200,
        {"Content-Type": "application/rss+xml"},
        f"<rss version='2.0'><channel><title>t</title>{item}</channel></rss>".encode(),
    )
    (wl,) = load_all(ROOT / "watchlists")
    with Fetcher(allow_private=True) as fetcher:
        poller = Poller(store, fetcher, [wl])
        bad = poller.poll(Feed(site.url("/bad-feed.xml"), "bad", 900), wl)
        good = poller.poll(Feed(site.url("/feed.xml"), "good", 900), wl)
    assert bad.status == "error" and bad.line().count("bad-feed.xml") == 1
    assert good.status == "new" and good.new == 1 and good.errors == 0
    (article,) = store.all("SELECT text FROM articles")
    assert article["text"] == SUMMARY
    seen = store.all("SELECT identity, article_id FROM entries")
    assert len(seen) == 1 and seen[0]["article_id"] is not None  # stored, not redone


def test_monitor_poll_survives_it(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from e2e import service_env

    with LoopbackServer() as site:
        site.routes["/feed.xml"] = (302, {"Location": "data:text/xml,<rss/>"}, b"")
        env = {**os.environ, **service_env(tmp_path, [site.url("/feed.xml")])}
        env["MONITOR_SEEDS"] = str(tmp_path / "none")
        done = subprocess.run(
            [sys.executable, "-m", "monitor", "poll"],
            env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert "1 feed error" in done.stdout + done.stderr


def test_another_feeds_alert_is_still_delivered(tmp_path: Path) -> None:
    """The issue's case whole: one feed redirects to `data:`, another carries a change; one
    `monitor poll` stores the change, delivers its alert to the webhook, and exits 0."""
    import os
    import subprocess
    import sys

    from e2e import publish, service_env
    from test_end_to_end import NEW_CAP

    with LoopbackServer() as site, LoopbackServer() as receiver:
        receiver.routes["/hook"] = (200, {}, b"ok")
        site.routes["/bad.xml"] = (302, {"Location": "data:text/xml,<rss/>"}, b"")
        publish(site, [NEW_CAP], feed_path="/good.xml")
        feeds = [site.url("/bad.xml"), site.url("/good.xml")]
        env = {
            **os.environ,
            **service_env(tmp_path, feeds, MONITOR_WEBHOOK_URL=receiver.url("/hook")),
        }
        done = subprocess.run(
            [sys.executable, "-m", "monitor", "poll"],
            env=env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        hooks = [r for r in receiver.requests if r.path == "/hook"]
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert "1 feed error" in done.stdout and "bad.xml" in done.stdout
    assert len(hooks) == 1 and b"troop_cap" in hooks[0].body
