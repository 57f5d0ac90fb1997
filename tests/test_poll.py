"""A poll cycle meets every hostile feed and link the ingestion issue names, over a real
loopback server: each is logged with its URL and reason, the rest of the cycle goes on, and
nothing already stored is lost."""

from __future__ import annotations

import gzip
import logging
from datetime import UTC, datetime
from html import escape
from ipaddress import ip_address
from pathlib import Path

import pytest
from e2e import ROOT, Story, page, publish, watchlist_dir
from httpserver import LoopbackServer, drip

from monitor.ingest.backfill import backfill
from monitor.ingest.poller import Poller
from monitor.net.fetch import Fetcher
from monitor.store.db import Store
from monitor.text.extract import extract_html_bounded
from monitor.watchlists import load_all

MB = 1024 * 1024
TEXT = (
    "Negotiators met in Geneva to discuss the Ukraine peace plan on Tuesday, officials "
    "said, and agreed to continue the talks. "
)


def rss(items: list[tuple[str, str | None, str]]) -> bytes:
    """items: (guid, link or None, summary)."""
    body = "".join(
        f"<item><title>Ukraine peace talks {escape(g)}</title><guid>{escape(g)}</guid>"
        + (f"<link>{escape(link)}</link>" if link else "")
        + f"<description>{escape(summary)}</description>"
        "<pubDate>Wed, 03 Dec 2025 09:00:00 GMT</pubDate></item>"
        for g, link, summary in items
    )
    return (
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>Hostile</title>{body}"
        "</channel></rss>"
    ).encode()


def nested_tables(size: int) -> bytes:
    row = "<tr>" + "<td><table><tr><td>cell text here</td></tr></table></td>" * 20 + "</tr>"
    return ("<html><body><table>" + row * (size // len(row)) + "</table></body></html>").encode()


QUADRATIC = (
    '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "' + "x" * 50_000 + '">]>'
    "<rss version='2.0'><channel><title>" + "&a;" * 2000 + "</title></channel></rss>"
).encode()


@pytest.fixture
def site() -> LoopbackServer:
    with LoopbackServer() as server:
        yield server


def build_site(site: LoopbackServer, private: LoopbackServer) -> dict[str, str]:
    """Routes for every hostile case; returns feed name -> expected error fragment."""
    rss_type = {"Content-Type": "application/rss+xml"}
    good = Story(
        "/a1", "Peace talks continue in Geneva", (TEXT * 4,), datetime(2025, 12, 3, 9, tzinfo=UTC)
    )
    publish(site, [good], feed_path="/unused.xml")
    secret = private.url("/secret")
    site.routes.update(
        {
            "/doc.pdf": (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4 " + b"x" * 1000),
            "/img.png": (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n" + b"\0" * 500),
            "/tables": (200, {"Content-Type": "text/html"}, nested_tables(10 * MB)),
            "/to-private": (302, {"Location": secret}, b""),
            "/good.xml": (
                200,
                rss_type,
                rss(
                    [
                        ("g1", site.url("/a1"), TEXT),
                        ("g2", secret, TEXT + "(private link)"),
                        ("g3", "http://169.254.169.254/latest/meta-data/", TEXT + "(metadata)"),
                        ("g4", "http://2130706433/", TEXT + "(decimal ip)"),
                        ("g5", "http://[::1]/", TEXT + "(v6 loopback)"),
                        ("g6", site.url("/to-private"), TEXT + "(redirect into private)"),
                        ("g7", "javascript:alert(1)", TEXT + "(javascript link)"),
                        ("g8", "file:///etc/passwd", TEXT + "(file link)"),
                        ("g9", site.url("/doc.pdf"), TEXT + "(pdf)"),
                        ("g10", site.url("/img.png"), TEXT + "(image)"),
                        ("g11", site.url("/tables"), TEXT + "(nested tables)"),
                        ("g11", site.url("/a1"), TEXT + "(duplicate guid)"),
                        ("g12", None, TEXT + "(no link)"),
                    ]
                ),
            ),
            "/malformed.xml": (
                200,
                rss_type,
                rss([("m1", None, TEXT + "(malformed)")]).replace(
                    b"</channel>", b"<broken></channel>"
                ),
            ),
            "/html.xml": (200, {"Content-Type": "text/html"}, page(good)),
            "/404.xml": (404, {}, b"not here"),
            "/500.xml": (500, {}, b"oops"),
            "/drip.xml": lambda h: (200, rss_type, drip(b"<rss>" * 100, 0.5, site.stopping)),
            "/loop.xml": (302, {"Location": "/loop.xml"}, b""),
            "/big.xml": (200, rss_type, b"<rss>" + b" " * (13 * MB)),
            "/bomb.xml": (
                200,
                {**rss_type, "Content-Encoding": "gzip"},
                gzip.compress(b" " * (50 * MB)),
            ),
            "/quadratic.xml": (200, rss_type, QUADRATIC),
            "/empty.xml": (200, rss_type, rss([])),
            "/redirect-private.xml": (302, {"Location": private.url("/feed.xml")}, b""),
        }
    )
    return {
        "/html.xml": "not a feed",
        "/404.xml": "404",
        "/500.xml": "500",
        "/drip.xml": "deadline",
        "/loop.xml": "redirect",
        "/big.xml": "",
        "/bomb.xml": "",
        "/quadratic.xml": "entit",
        "/redirect-private.xml": "",
    }


def test_hostile_cycle(
    site: LoopbackServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with LoopbackServer() as private:
        expected_errors = build_site(site, private)
        feeds = ["/good.xml", "/malformed.xml", "/empty.xml", *expected_errors]
        (wl,) = load_all(watchlist_dir(tmp_path, [site.url(f) for f in feeds]))
        store = Store.open(tmp_path / "m.db")
        backfill(store, [ROOT / "seeds"], [wl], progress=False)
        before = store.all("SELECT id, content_hash FROM articles ORDER BY id")
        port = site.port
        fetcher = Fetcher(
            address_policy=lambda ip, p: ip == ip_address("127.0.0.1") and p == port,
            deadline=3.0,
            max_bytes=12 * MB,
        )
        poller = Poller(
            store,
            fetcher,
            [wl],
            extract=lambda html, url, date=True: extract_html_bounded(
                html, url, timeout_s=2, date=date
            ),
        )
        caplog.set_level(logging.INFO)
        outcomes = {
            o.url.removeprefix(site.url("/")[:-1]): o
            for o in (poller.poll(f, wl) for f in wl.feeds)
        }
        fetcher.close()

        assert private.requests == []  # no refused URL ever reached the private server
        for path, fragment in expected_errors.items():
            outcome = outcomes[path]
            assert outcome.status == "error", (path, outcome)
            assert fragment in (outcome.error or "")
            assert site.url(path) in caplog.text
        assert outcomes["/empty.xml"].status == "unchanged"
        malformed = outcomes["/malformed.xml"]  # bozo: read as far as possible
        assert malformed.entries == 1 and malformed.new + malformed.duplicates == 1
        good = outcomes["/good.xml"]
        assert good.status == "new" and good.errors == 0
        urls = [r["url"] for r in store.all("SELECT url FROM articles")]
        assert site.url("/a1") in urls
        texts = " ".join(r["text"] for r in store.all("SELECT text FROM articles"))
        assert "(pdf)" in texts and "(nested tables)" in texts  # summary fallback
        assert "root:" not in texts  # file:///etc/passwd never read
        # everything stored before is still there, unchanged
        after = {r["id"]: r["content_hash"] for r in store.all("SELECT * FROM articles")}
        assert all(after[r["id"]] == r["content_hash"] for r in before)
        state = {r.url: r for r in store.feeds()}
        assert state[site.url("/404.xml")].error_count == 1
        assert "404" in (state[site.url("/404.xml")].last_error or "")
        # a second poll fetches no entry page again
        seen = len(site.requests)
        poller.fetcher = Fetcher(address_policy=lambda ip, p: p == port, deadline=2.0)
        again = poller.poll(wl.feeds[0], wl)
        assert again.new == 0
        assert [r.path for r in site.requests[seen:]] == ["/good.xml"]
        store.close()


def test_the_page_date_is_searched_only_when_the_entry_has_none(tmp_path: Path) -> None:
    """The entry's own date wins over the page's, so a page is searched for its date (about
    two fifths of its extraction time) only for entries without one: then that date is the
    article's."""
    dated = Story("/dated", "Talks resume", ("Envoys met again in Geneva.",),
                  datetime(2025, 11, 28, 9, 0, tzinfo=UTC))  # fmt: skip
    undated = Story("/undated", "Talks pause", ("Envoys left Geneva.",),
                    datetime(2025, 11, 29, 9, 0, tzinfo=UTC))  # fmt: skip
    asked: dict[str, bool] = {}

    def extract(html: bytes, url: str, *, date: bool = True) -> object:
        asked[url.rsplit("/", 1)[-1]] = date
        return extract_html_bounded(html, url, timeout_s=10, date=date)

    with LoopbackServer() as site:
        publish(site, [dated, undated])
        feed = site.routes["/feed.xml"]
        no_date = feed[2].replace(b"<pubDate>Sat, 29 Nov 2025 09:00:00 +0000</pubDate>", b"")
        assert no_date != feed[2]
        site.routes["/feed.xml"] = (feed[0], feed[1], no_date)
        (wl,) = load_all(watchlist_dir(tmp_path, [site.url("/feed.xml")]))
        store = Store.open(tmp_path / "m.db")
        fetcher = Fetcher(allow_private=True, deadline=10)
        try:
            outcome = Poller(store, fetcher, [wl], extract=extract).poll(wl.feeds[0], wl)
        finally:
            fetcher.close()
        assert outcome.new == 2
        assert asked == {"dated": False, "undated": True}
        rows = store.all("SELECT title, published FROM articles")
        published = {r["title"]: r["published"] for r in rows}
        store.close()
    assert published["Talks resume"].startswith("2025-11-28T09:00")  # the entry's
    assert published["Talks pause"].startswith("2025-11-29T09:00")  # the page's
