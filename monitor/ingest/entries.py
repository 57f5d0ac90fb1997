"""The one path from a feed entry to an article, for polling and for feed files given to
backfill alike: the page's main text when it was extracted (else the entry's own content or
summary), the canonical URL (tracking parameters dropped; the page's own canonical link
when it is on the same site), the entry's date (else the page's), the page's site name
(else the feed's title)."""

from __future__ import annotations

from urllib.parse import urlsplit

from monitor.models import Article
from monitor.text.docdate import iso_datetime
from monitor.text.extract import Extracted
from monitor.text.feeds import FeedEntry
from monitor.text.textclean import html_to_text
from monitor.text.urls import canonical_url


def entry_article(
    entry: FeedEntry,
    *,
    feed: str,
    source: str,
    extracted: Extracted | None = None,
    feed_url: str | None = None,
) -> Article | None:
    """The article an entry stands for, or None when it has no text at all. `feed` names
    the feed (its URL, or a feed file's URI) for entries without a link; `source` is the
    publisher when the page does not name itself."""
    summary = html_to_text(entry.content_html or entry.summary_html)
    text = extracted.text if extracted and extracted.text.strip() else summary
    if not text.strip():
        return None
    url = entry.link
    canonical = canonical_url(url) if url else f"{feed}#{entry.identity}"
    if extracted and extracted.canonical_url and same_site(extracted.canonical_url, url):
        canonical = canonical_url(extracted.canonical_url)
    published = entry.published or (iso_datetime(extracted.date) if extracted else None)
    return Article(
        url=canonical,
        title=entry.title or (extracted.title if extracted else None) or "",
        text=text,
        published=published,
        source=(extracted.sitename if extracted and extracted.sitename else "") or source,
        feed_url=feed_url,
        guid=entry.identity,
        summary=summary,
    )


def same_site(a: str, b: str | None) -> bool:
    """Both URLs on one host (www. aside), the first over http(s)."""
    if not b:
        return False
    pa, pb = urlsplit(a), urlsplit(b)
    return pa.scheme in ("http", "https") and (pa.hostname or "").removeprefix("www.") == (
        pb.hostname or ""
    ).removeprefix("www.")
