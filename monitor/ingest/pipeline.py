"""Ingests one article: prepare (the article alone, no store), gather what the store knows of
its candidates, decide (pure, `monitor.ingest.decide`), and have the store apply the intent in
one transaction (article, observations, baseline or alert rows together: the transactional
outbox). The applier re-gathers and re-decides under its write lock when another writer
committed in between, so two workers never both store a copy and its original as new."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from monitor.ingest.decide import (
    FactKnowledge,
    Knowledge,
    Origin,
    Prepared,
    StoryCandidate,
    copy_of,
    decide,
    in_scope,
    place,
    prepare,
)
from monitor.models import Article, IngestResult, Intent, Match
from monitor.store.db import Store
from monitor.text import dedup
from monitor.watchlists import Watchlist

__all__ = ["IngestResult", "find_match", "gather", "in_scope", "ingest", "prepare"]


def gather(
    store: Store, prepared: Prepared, profiles: dict[int, dedup.StoryProfile] | None = None
) -> Knowledge:
    """What the store knows of this article's candidates and of the facts it reports. The
    data version is read first: a commit by another writer during the reads shows as a
    newer version when the intent is applied. `profiles` caches the candidates' story
    profiles (by article id) between a gather and the applier's re-gather."""
    profiles = {} if profiles is None else profiles
    version = store.data_version()
    article = prepared.article
    by_url = store.stored_by_url(article.url)
    exclude = by_url.id if by_url else None
    near = tuple(
        row
        for row in store.stored_articles(store.band_candidates(prepared.signature.bands))
        if row.id != exclude
    )
    by_hash = store.stored_by_hash(article.content_hash)
    known = Knowledge(version=version, by_url=by_url, by_hash=by_hash, near=near)
    if copy_of(prepared, known) is None:  # a rewrite, perhaps: read its candidates
        known = replace(known, **_story_candidates(store, prepared, exclude, profiles))
    values: dict[tuple[str, str], set[str]] = {}
    for name, fv in prepared.found:
        values.setdefault((name, fv.fact), set()).add(fv.normalised)
    facts = {key: _fact(store, *key, reported) for key, reported in values.items()}
    return replace(
        known, facts=facts, reported=store.reported(by_url.id) if by_url else frozenset()
    )


def _fact(store: Store, name: str, fact: str, reported: set[str]) -> FactKnowledge:
    alerts = store.fact_alerts(name, fact)
    baseline = tuple(store.baseline_values(name, fact))
    return FactKnowledge(
        baseline=baseline,
        alerted=tuple((a.value, a.id) for a in alerts if not a.wrong),
        publishers=store.publishers(name, fact, sorted(reported)),
        rejected=store.rejected_evidence(name, fact),
        judged_wrong=Counter(a.value for a in alerts if a.wrong),
        # kept only while no baseline value stands (`Store.add_baseline` retires them)
        mentioned=() if baseline else tuple(store.mentioned_values(name, fact)),
    )


def _story_candidates(
    store: Store, prepared: Prepared, exclude: int | None, profiles: dict[int, dedup.StoryProfile]
) -> dict[str, Any]:
    """Recent originals sharing the article's distinctive terms, with their profiles and the
    document frequencies of every term the scorer will weigh."""
    article, profile = prepared.article, prepared.profile
    df, n_docs = store.document_frequencies(profile.terms)
    wanted = dedup.index_terms(profile.terms, df, n_docs)
    story = tuple(
        StoryCandidate(row["id"], row["story_id"], _profile(profiles, row), row["minhash"])
        for row in store.story_candidates(
            wanted, dedup.STORY_RECENT_ARTICLES, dedup.STORY_CANDIDATES
        )
        if row["id"] != exclude and not dedup.too_far_apart(article.published, row["published"])
    )
    more, _ = store.document_frequencies(t for c in story for t in c.profile.terms if t not in df)
    return {"story": story, "df": {**df, **more}, "n_docs": n_docs}


def ingest(
    store: Store,
    article: Article,
    watchlists: Sequence[Watchlist],
    *,
    origin: Origin,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    channels: Sequence[str] = (),
    features: dedup.TextFeatures | None = None,
    prepared: Prepared | None = None,
) -> IngestResult:
    """Store one article and what it says; idempotent per URL and per content. `prepared`
    is `prepare(article, watchlists, features)` when the caller made it already (a poll
    prepares its entries in parallel, then ingests them in publication order)."""
    prepared = prepared or prepare(article, watchlists, features)
    stamp = now().isoformat(timespec="seconds")
    profiles: dict[int, dedup.StoryProfile] = {}

    def decide_now() -> Intent:
        return decide(
            prepared,
            gather(store, prepared, profiles),
            watchlists,
            origin=origin,
            stamp=stamp,
            channels=channels,
        )

    return store.apply(decide_now(), redecide=decide_now)


def _profile(cache: dict[int, dedup.StoryProfile], row: dict[str, Any]) -> dedup.StoryProfile:
    profile = cache.get(row["id"])
    if profile is None:
        profile = cache[row["id"]] = dedup.story_profile(row["title"], row["text"])
    return profile


def find_match(store: Store, article: Article, features: dedup.TextFeatures | None = None) -> Match:
    """Where dedup would place `article` now (no facts read, nothing stored)."""
    prepared = prepare(article, [], features)
    return place(prepared, gather(store, prepared))
