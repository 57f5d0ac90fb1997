"""Shared pieces for end-to-end tests: a loopback news site (feed + pages), a watchlist
directory pointing at it, and the environment a user would set."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from html import escape
from pathlib import Path

import yaml
from httpserver import LoopbackServer

ROOT = Path(__file__).resolve().parents[1]
# page furniture in the seed documents that cleaning must remove
SEED_FURNITURE = (
    "I agree",
    "ADVERTISEMENT",
    "Leave a Reply",
    "will not be published",
    "Follow us on",
    "Search Trends",
    "cookies",
    "/VCG",
    "Our Web Desk",
)


@dataclass(frozen=True)
class Story:
    path: str
    title: str
    paragraphs: tuple[str, ...]
    published: datetime
    site: str = "Harbor Ledger"
    summary: str = ""
    sidebar: tuple[str, ...] = ("Markets close higher", "Weather: storms ahead")


def page(story: Story) -> bytes:
    """A realistic article page: nav, cookie banner, article, 'most read' sidebar, footer."""
    body = "".join(f"<p>{escape(p)}</p>" for p in story.paragraphs)
    most_read = "".join(f"<li><a href='/x'>{escape(s)}</a></li>" for s in story.sidebar)
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{escape(story.title)} | {escape(story.site)}</title>
<meta property="og:site_name" content="{escape(story.site)}">
<meta property="article:published_time" content="{story.published.isoformat()}">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<div id="cookie-banner" class="cookie-consent">We use cookies. <button>I agree</button></div>
<main><article><h1>{escape(story.title)}</h1>
<p class="byline">By Staff Reporter</p>{body}</article>
<aside class="sidebar most-read"><h2>Most read</h2><ul>{most_read}</ul></aside></main>
<footer><p>© 2025 {escape(story.site)}. All rights reserved.</p></footer>
</body></html>""".encode()


def rss(server: LoopbackServer, stories: list[Story]) -> bytes:
    items = "".join(
        f"<item><title>{escape(s.title)}</title><link>{server.url(s.path)}</link>"
        f"<guid>{server.url(s.path)}</guid><pubDate>{format_datetime(s.published)}</pubDate>"
        f"<description>{escape(s.summary or s.paragraphs[0])}</description></item>"
        for s in stories
    )
    return (
        f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
        f"<title>Harbor Ledger World</title><link>{server.url('/')}</link>"
        f"<description>news</description>{items}</channel></rss>"
    ).encode()


def publish(server: LoopbackServer, stories: list[Story], feed_path: str = "/feed.xml") -> None:
    for s in stories:
        server.routes[s.path] = (200, {"Content-Type": "text/html; charset=utf-8"}, page(s))
    server.routes[feed_path] = (200, {"Content-Type": "application/rss+xml"}, rss(server, stories))


def watchlist_dir(tmp_path: Path, feed_urls: list[str]) -> Path:
    """The shipped watchlist, with its feeds replaced by loopback ones."""
    data = yaml.safe_load((ROOT / "watchlists" / "ukraine-peace.yaml").read_text())
    data["feeds"] = [{"url": u, "name": "loopback"} for u in feed_urls]
    directory = tmp_path / "watchlists"
    directory.mkdir()
    (directory / "ukraine-peace.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    return directory


def service_env(tmp_path: Path, feeds: list[str], **extra: str) -> dict[str, str]:
    """The environment a user sets for a service on loopback: a database, the shipped
    watchlist pointing at `feeds`, the seed baseline, private addresses allowed."""
    return {
        "MONITOR_DB": str(tmp_path / "m.db"),
        "MONITOR_WATCHLISTS": str(watchlist_dir(tmp_path, feeds)),
        "MONITOR_SEEDS": str(ROOT / "seeds"),
        "MONITOR_ALLOW_PRIVATE": "1",
        "MONITOR_WEB_ADDR": "127.0.0.1:0",  # a free port: tests never clash on 8080
        **extra,
    }
