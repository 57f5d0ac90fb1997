"""A poll's new entries are ingested in publication order, across the feeds of a cycle: the
first report is the alert's evidence and later copies join its story, whichever page
arrived first and however the feed lists them (feeds list the newest first)."""

from __future__ import annotations

import re
import time
from pathlib import Path

from e2e import page, publish, rss, service_env
from httpserver import LoopbackServer
from test_end_to_end import NEW_CAP, SYNDICATED

from monitor.app.service import poll_once
from monitor.settings import load
from monitor.store.db import Store


def settings(tmp_path: Path, feeds: list[str]):  # noqa: ANN201 - Settings
    return load(service_env(tmp_path, feeds))


def evidence_and_links(db: Path) -> tuple[str, list[dict]]:
    store = Store.open(db)
    try:
        (record,) = [r for r in store.alerts() if r.alert.kind != "story_matched"]
        rows = store.all(
            "SELECT url, story_id, duplicate_of FROM articles WHERE origin = 'feed' ORDER BY id"
        )
    finally:
        store.close()
    return record.alert.evidence.url, rows


def slow(story_page: bytes, seconds: float):  # noqa: ANN201 - a route
    def route(handler):  # noqa: ANN001, ANN202
        time.sleep(seconds)
        return 200, {"Content-Type": "text/html; charset=utf-8"}, story_page

    return route


def test_first_report_is_the_evidence_across_feeds(tmp_path: Path) -> None:
    """The original's page is slow, so its feed finishes after the copy's; the cycle still
    ingests the original first."""
    with LoopbackServer() as site:
        publish(site, [NEW_CAP], "/ledger.xml")
        publish(site, [SYNDICATED], "/courier.xml")
        site.routes[NEW_CAP.path] = slow(page(NEW_CAP), 1.0)
        conf = settings(tmp_path, [site.url("/courier.xml"), site.url("/ledger.xml")])
        outcomes, _ = poll_once(conf)
        assert sum(o.errors for o in outcomes) == 0
        url, rows = evidence_and_links(conf.db)
    assert url.endswith(NEW_CAP.path)
    original, copy = rows
    assert original["url"].endswith(NEW_CAP.path) and original["duplicate_of"] is None
    assert copy["duplicate_of"] is not None and copy["story_id"] == original["story_id"]


def test_a_feed_listing_the_newest_first_is_ingested_oldest_first(tmp_path: Path) -> None:
    with LoopbackServer() as site:
        publish(site, [SYNDICATED, NEW_CAP])  # the copy (10:00) listed above the original
        conf = settings(tmp_path, [site.url("/feed.xml")])
        poll_once(conf)
        url, rows = evidence_and_links(conf.db)
    assert url.endswith(NEW_CAP.path)
    assert [r["duplicate_of"] is None for r in rows] == [True, False]


def test_entries_without_dates_keep_the_feeds_reverse_order(tmp_path: Path) -> None:
    with LoopbackServer() as site:
        publish(site, [SYNDICATED, NEW_CAP])
        body = rss(site, [SYNDICATED, NEW_CAP]).replace(b"<pubDate>", b"<x>")
        body = body.replace(b"</pubDate>", b"</x>")
        site.routes["/feed.xml"] = (200, {"Content-Type": "application/rss+xml"}, body)
        for story in (SYNDICATED, NEW_CAP):  # and pages without a date
            undated = re.sub(rb'<meta property="article:published_time"[^>]*>', b"", page(story))
            site.routes[story.path] = (200, {"Content-Type": "text/html"}, undated)
        conf = settings(tmp_path, [site.url("/feed.xml")])
        poll_once(conf)
        _, rows = evidence_and_links(conf.db)
    assert rows[0]["url"].endswith(NEW_CAP.path)
