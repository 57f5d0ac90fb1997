"""Loads local documents as the baseline: same stages as live ingestion minus the fetch.
Idempotent: a document already loaded (same URL or same content) changes nothing."""

from __future__ import annotations

import logging
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from tqdm import tqdm

from monitor.errors import AnalysisTimeout, FeedError, InputError
from monitor.facts.reader import mentions
from monitor.ingest.decide import ANALYSIS_DEADLINE, in_scope, prepare
from monitor.ingest.entries import entry_article
from monitor.ingest.pipeline import IngestResult, ingest
from monitor.models import Article
from monitor.store.db import Store, utcnow
from monitor.text.documents import LocalDocument, iter_documents
from monitor.text.feeds import parse_feed
from monitor.watchlists import Watchlist

log = logging.getLogger("monitor.ingest.backfill")


@dataclass
class BackfillReport:
    documents: int = 0
    new: int = 0
    duplicates: int = 0
    unchanged: int = 0
    same_story: int = 0
    errors: list[str] = field(default_factory=list)
    facts: Counter[str] = field(default_factory=Counter)
    # "watchlist/fact" of every tracked fact that still has no baseline value, with the
    # seeds' figures of its kind kept as known in its place (`reader.mentions`)
    unread: dict[str, list[str]] = field(default_factory=dict)

    def lines(self) -> list[str]:
        out = [
            f"documents: {self.documents} read, {self.new} new, {self.duplicates} duplicates, "
            f"{self.same_story} linked to a known story, {self.unchanged} already loaded, "
            f"{len(self.errors)} skipped",
        ]
        out += [f"  skipped: {e}" for e in self.errors]
        if self.facts:
            out.append("baseline facts found:")
            out += [f"  {fact}: {n}" for fact, n in sorted(self.facts.items())]
        if self.unread:
            out.append(
                "no baseline value for (its first value seen will alert as new, and a seed "
                "that states it unread makes every restatement a change: check the fact's "
                "cues against the seed with `monitor facts`):"
            )
            out += [
                f"  {name}"
                + (f" (figures the seeds state, not alerted: {', '.join(said)})" if said else "")
                for name, said in self.unread.items()
            ]
        return out


def articles_of(doc: LocalDocument) -> Iterator[Article]:
    """One article per text document; one per entry for a feed file."""
    uri = doc.path.resolve().as_uri()
    if doc.kind != "feed":
        yield Article(
            url=uri, title=doc.title, text=doc.text, published=doc.published, source=doc.source
        )
        return
    feed = parse_feed(doc.raw, url=uri)
    for entry in feed.entries:
        article = entry_article(entry, feed=uri, source=feed.title or doc.source)
        if article is not None:
            yield article


def backfill(
    store: Store,
    paths: Sequence[Path],
    watchlists: Sequence[Watchlist],
    *,
    progress: bool | None = None,
    analysis_seconds: float = ANALYSIS_DEADLINE,
    now: datetime | None = None,
) -> BackfillReport:
    """Read, clean, date, dedup and extract every document under `paths` into the baseline.
    A document (or a feed file's entry) whose facts take longer than `analysis_seconds` to
    read is skipped with the reason; the rest still loads. `now` (the clock by default)
    bounds the documents' publication dates (benchmarks replaying a story set later)."""
    report = BackfillReport()
    items = list(iter_documents(paths, now))
    show = sys.stderr.isatty() if progress is None else progress
    for item in tqdm(items, desc="backfill", unit="doc", disable=not show):
        if isinstance(item, InputError):
            report.errors.append(str(item))
            log.warning("skipped: %s", item)
            continue
        report.documents += 1
        try:
            articles = list(articles_of(item))
        except (FeedError, InputError) as exc:
            report.errors.append(f"{item.path}: {exc}")
            log.warning("skipped %s: %s", item.path, exc)
            continue
        for article in articles:
            try:
                deadline = time.monotonic() + analysis_seconds
                prepared = prepare(article, watchlists, deadline=deadline)
            except AnalysisTimeout as exc:
                report.errors.append(f"{article.url}: {exc}")
                log.warning("skipped %s: %s", article.url, exc)
                continue
            result = ingest(store, article, watchlists, origin="backfill", prepared=prepared)
            _count(report, result)
    report.unread = _unread(store, watchlists)
    return report


def _unread(store: Store, watchlists: Sequence[Watchlist]) -> dict[str, list[str]]:
    """Every tracked fact still without a baseline value, with the figures of its kind the
    loaded documents in its watchlist's scope state (at most `reader.MAX_MENTIONS`, the
    first stated); those are kept as known (a fact with a baseline value keeps none). The seeds
    are read again only when some fact needs them."""
    unread: dict[str, list[str]] = {}
    at = utcnow()
    seeds: list[tuple[str, str, datetime | None]] | None = None
    for wl in watchlists:
        texts: list[tuple[str, datetime | None]] | None = None
        for spec in wl.facts:
            if store.baseline_values(wl.name, spec.id):
                continue  # adding a baseline value retired any mentions
            if texts is None:
                seeds = store.seed_texts() if seeds is None else seeds
                texts = [
                    (t, published)
                    for title, text, published in seeds
                    if in_scope(wl, f"{title}\n{text}")
                    for t in (title, text)
                    if t
                ]
            said = mentions(texts, spec)
            store.set_mentions(wl.name, spec.id, said, at)
            unread[f"{wl.name}/{spec.id}"] = said
    return unread


def _count(report: BackfillReport, result: IngestResult) -> None:
    if result.status == "unchanged":
        report.unchanged += 1
        return
    if result.status == "duplicate":
        report.duplicates += 1
    else:
        report.new += 1
        if result.dup_reason:
            report.same_story += 1
    for _, fv in result.facts:
        report.facts[fv.fact] += 1
