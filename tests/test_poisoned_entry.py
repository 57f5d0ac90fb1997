"""A poisoned entry (issue 13: a summary repeating `Ukraine army troops cap 800,000 ` froze
the poll; never marked seen, it hung again after every restart) meets the per-article
analysis deadline: it is recorded as failed with its reason, the rest of the feed is
stored, and no later poll tries it again."""

from __future__ import annotations

import pytest
from e2e import ROOT
from httpserver import LoopbackServer

from monitor.facts import syntax
from monitor.ingest.poller import Poller
from monitor.net.fetch import Fetcher
from monitor.store.db import Store
from monitor.watchlists import Feed, load_all

POISON = "Ukraine army troops cap 800,000 " * 1600  # 51 KB, one endless sentence
GOOD = "Negotiators agreed in Geneva to cap Ukraine's army at 800,000 troops, officials said."


@pytest.fixture(autouse=True)
def model_loaded() -> None:
    """The parser loads once per process; the deadline is about reading, not loading."""
    syntax.nlp()


def feed(site: LoopbackServer) -> None:
    items = "".join(
        f"<item><title>{title}</title><guid>urn:{guid}</guid><description>{text}</description>"
        f"<pubDate>Tue, 02 Dec 2025 0{i}:00:00 GMT</pubDate></item>"
        for i, (guid, title, text) in enumerate(
            [("poison", "Ukraine peace talks", POISON), ("good", "Ukraine peace talks", GOOD)]
        )
    )
    site.routes["/feed.xml"] = (
        200,
        {"Content-Type": "application/rss+xml"},
        f"<rss version='2.0'><channel><title>t</title>{items}</channel></rss>".encode(),
    )


def test_a_poisoned_entry_is_recorded_as_failed_and_never_retried(
    http_server: LoopbackServer, store: Store
) -> None:
    feed(http_server)
    (wl,) = load_all(ROOT / "watchlists")
    source = Feed(http_server.url("/feed.xml"), "t", 900)
    with Fetcher(allow_private=True) as fetcher:
        poller = Poller(store, fetcher, [wl], analysis_seconds=1.0)
        first = poller.poll(source, wl)
        second = poller.poll(source, wl)
    assert first.errors == 1 and first.new == 1
    assert second.errors == 0 and second.new == 0
    rows = {r["identity"]: r for r in store.all("SELECT identity, article_id, error FROM entries")}
    assert rows["urn:poison"]["article_id"] is None
    assert "deadline" in rows["urn:poison"]["error"]
    assert rows["urn:good"]["article_id"] is not None and rows["urn:good"]["error"] is None
    (article,) = store.all("SELECT text FROM articles")
    assert article["text"] == GOOD


def test_backfill_skips_a_poisoned_document_and_loads_the_rest(tmp_path) -> None:  # noqa: ANN001
    """The same deadline in backfill: the poisoned document is reported and skipped, the
    good one is stored (before, AnalysisTimeout would have ended the whole backfill)."""
    from monitor.ingest.backfill import backfill

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a-poison.txt").write_text("Ukraine peace talks\n\n" + POISON)
    (docs / "b-good.txt").write_text("Ukraine peace talks in Geneva\n\n" + GOOD)
    store = Store.open(tmp_path / "m.db")
    try:
        report = backfill(store, [docs], load_all(ROOT / "watchlists"), analysis_seconds=1.0)
        texts = [r["text"] for r in store.all("SELECT text FROM articles")]
    finally:
        store.close()
    (error,) = report.errors
    assert "a-poison.txt" in error and "deadline" in error
    assert report.new == 1 and texts == [GOOD]
