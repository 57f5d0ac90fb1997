"""Takes one extracted article through dedup, topic matching, fact extraction and change
detection, and stores the outcome in one transaction (article, observations, baseline or
alert rows together: the transactional outbox)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any, Literal

from monitor.facts import changes

from monitor.text import dedup
from monitor.facts.reader import drop_vague, extract_facts, is_bound, states_total
from monitor.models import Article, FactSpec, FactValue
from monitor.store.db import Store
from monitor.watchlists import Watchlist

log = logging.getLogger("monitor.ingest.pipeline")

Origin = Literal["backfill", "feed"]
Status = Literal["new", "duplicate", "unchanged", "updated"]


@dataclass
class IngestResult:
    status: Status
    article_id: int | None = None
    dup_reason: str | None = None
    facts: list[tuple[str, FactValue]] = field(default_factory=list)
    alerts: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Match:
    """Where dedup placed an article."""

    story_id: int | None = None
    duplicate_of: int | None = None
    reason: str | None = None


def find_match(
    store: Store,
    article: Article,
    sig: dedup.Signature,
    exclude: int | None = None,
    profile: dedup.StoryProfile | None = None,
) -> Match:
    """Exact repeat, then near-duplicate (persisted LSH), then same-story rewrite.
    `exclude` is the article's own id when a known URL is being updated; `profile` is the
    article's story profile when the caller has it."""
    exact = store.article_by_hash(article.content_hash)
    if exact and exact["id"] != exclude:
        return Match(exact["story_id"], exact["duplicate_of"] or exact["id"], "same content")
    best, best_sim = None, 0.0
    for candidate_id in store.band_candidates(sig.bands):
        row = store.article(candidate_id) if candidate_id != exclude else None
        if row and row["minhash"]:
            sim = dedup.similarity(sig.hashvalues, row["minhash"])
            if sim > best_sim:
                best, best_sim = row, sim
    if best is not None and best_sim >= dedup.NEAR_DUP_THRESHOLD:
        return Match(
            best["story_id"], best["duplicate_of"] or best["id"], f"near-duplicate ({best_sim:.2f})"
        )
    return same_story(store, article, sig, exclude, profile)


def same_story(
    store: Store,
    article: Article,
    sig: dedup.Signature,
    exclude: int | None = None,
    profile: dedup.StoryProfile | None = None,
) -> Match:
    """The known story this article rewrites, if any: candidates from the recent same-story
    index, scored with IDF weights from the store's document frequencies."""
    profile = profile or dedup.story_profile(article.title, article.text)
    df, n_docs = store.document_frequencies(profile.terms)
    wanted = dedup.index_terms(profile.terms, df, n_docs)
    candidates = [
        row
        for row in store.story_candidates(
            wanted, dedup.STORY_RECENT_ARTICLES, dedup.STORY_CANDIDATES
        )
        if row["id"] != exclude and not dedup.too_far_apart(article.published, row["published"])
    ]
    profiles = [dedup.story_profile(row["title"], row["text"]) for row in candidates]
    more, _ = store.document_frequencies(t for p in profiles for t in p.terms if t not in df)
    scorer = dedup.StoryScorer(profile, {**df, **more}, n_docs)
    story, story_sim = None, 0.0
    for row, other in zip(candidates, profiles, strict=True):
        shared = dedup.similarity(sig.hashvalues, row["minhash"]) if row["minhash"] else 0.0
        sim = scorer.score(other, shared)
        if sim > story_sim:
            story, story_sim = row, sim
    if story is not None and story_sim >= dedup.STORY_THRESHOLD:
        return Match(story["story_id"], None, f"same story ({story_sim:.2f})")
    return Match()


Lead = dict[tuple[str, str], tuple[str, ...]]


def in_scope(wl: Watchlist, text: str) -> bool:
    """A watchlist's facts are read from an article on its topic (`match`) or naming what
    it tracks (`entity`): a figure about the tracked thing can come in a story that lacks
    the story words ("1.5 million Ukrainian soldiers killed or wounded", no talks)."""
    if wl.match.matches(text):
        return True
    names = {p for spec in wl.facts for p in spec.entity} | set(wl.entity)
    return any(p.search(text) for p in names)


def extract_for(
    watchlists: Sequence[Watchlist], article: Article
) -> tuple[list[tuple[Watchlist, FactValue]], Lead]:
    """Facts of every watchlist whose scope the article is in, and per (watchlist, fact) the
    article's number values in rank order (`_ranked`): the first the baseline does not hold
    is the article's figure (`changes.outranked`). Dates do not lead: one article may
    announce two meetings on two days."""
    found: list[tuple[Watchlist, FactValue]] = []
    lead: Lead = {}
    text = f"{article.title}\n{article.text}"
    for wl in watchlists:
        if not in_scope(wl, text):
            continue
        published = article.published
        body = extract_facts(article.text, wl.facts, published, title=article.title)
        title = (
            extract_facts(article.title, wl.facts, published, headline=True, title=article.text)
            if article.title
            else []
        )
        only_title = [
            fv for fv in title if not any(fv.fact == f.fact and fv.value == f.value for f in body)
        ]
        both = drop_vague([*only_title, *body])  # a precise day outranks the title's week
        found.extend((wl, fv) for fv in body if fv in both)
        found.extend((wl, fv) for fv in only_title if fv in both)
        for fv in _ranked(title, body):
            key = (wl.name, fv.fact)
            lead[key] = (*lead.get(key, ()), fv.normalised)
    return found, lead


def _ranked(title: Sequence[FactValue], body: Sequence[FactValue]) -> list[FactValue]:
    """An article's number values in the order they speak for it: exact values before
    bounds ("more than 2,000", "cases pass 2,000"), the headline's first, then one given as
    the whole ("in all"), then the surest, then the first stated."""

    def rank(item: tuple[int, FactValue]) -> tuple[bool, bool, bool, float, int]:
        position, fv = item
        in_title = any(t.fact == fv.fact and t.value == fv.value for t in title)
        bound = is_bound(fv)  # "cases pass 2,000" gives way to "2,115 cases"
        return (bound, not in_title, not states_total(fv.sentence), -fv.confidence, position)

    values = [*title, *body]
    ordered = sorted(enumerate(values), key=rank)
    return [fv for _, fv in ordered if not isinstance(fv.value, date)]


def ingest(
    store: Store,
    article: Article,
    watchlists: Sequence[Watchlist],
    *,
    origin: Origin,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    channels: Sequence[str] = (),
    features: dedup.TextFeatures | None = None,
) -> IngestResult:
    """Store one article and what it says; idempotent per URL and per content. `features`
    are `dedup.text_features(article.text)` when the caller has them (the extraction worker
    derives them); features of another text are ignored."""
    if features is not None and features.text != article.text:
        features = None
    content_hash = features.content_hash if features else dedup.content_hash(article.text)
    article = replace(article, content_hash=content_hash)
    existing = store.article_by_url(article.url)
    if existing and existing["content_hash"] == article.content_hash:
        return IngestResult("unchanged", existing["id"])
    if origin == "backfill":
        same = store.article_by_hash(article.content_hash)
        if same and same["origin"] == "backfill":
            return IngestResult("unchanged", same["id"], "same content")
    features = features or dedup.text_features(article.text)
    sig = features.signature
    # the profile is built once: same-story lookup and the store's term index both read it
    profile = dedup.story_profile(article.title, article.text, features)
    match = find_match(store, article, sig, existing["id"] if existing else None, profile)
    found, lead = extract_for(watchlists, article)
    stamp = now().isoformat(timespec="seconds")
    with store.write():
        racing = store.article_by_url(article.url)
        if racing and not existing:  # another process stored it since we looked
            return IngestResult("unchanged", racing["id"])
        story_id = match.story_id or (existing or {}).get("story_id")
        story_id = story_id or store.new_story(article.title)
        row = _row(article, origin, stamp, story_id, match, sig)
        if existing:
            article_id = existing["id"]
            store.update_article(article_id, row, sig.bands, profile.terms)
            status: Status = "updated"
        else:
            article_id = store.insert_article(row, sig.bands, profile.terms)
            status = "duplicate" if match.duplicate_of else "new"
        result = IngestResult(status, article_id, match.reason)
        if origin == "feed" and status == "new" and match.story_id is None:
            result.alerts += _story_alerts(
                store, watchlists, article, article_id, story_id, stamp, channels
            )
        for wl, fv in found:
            obs_id = store.add_observation(
                wl.name,
                fv.fact,
                fv.normalised,
                fv.sentence,
                article_id,
                stamp,
                fv.confidence,
                "; ".join(fv.why),
            )
            result.facts.append((wl.name, fv))
            if obs_id is None:
                continue
            spec = next(s for s in wl.facts if s.id == fv.fact)
            if origin == "backfill":
                store.add_baseline(wl.name, fv.fact, fv.normalised, "seed", obs_id, stamp)
            else:
                alert = _consider(
                    store,
                    wl,
                    spec,
                    fv,
                    article,
                    article_id,
                    obs_id,
                    stamp,
                    channels,
                    lead.get((wl.name, fv.fact), ()),
                )
                if alert:
                    result.alerts.append(alert)
    return result


def _story_alerts(
    store: Store,
    watchlists: Sequence[Watchlist],
    article: Article,
    article_id: int,
    story_id: int,
    stamp: str,
    channels: Sequence[str],
) -> list[str]:
    """Google-Alerts style: one `story_matched` alert per new on-topic story, for the
    watchlists that ask for it. Copies and rewrites of a known story never count."""
    ids = []
    text = f"{article.title}\n{article.text}"
    for wl in watchlists:
        if not wl.notify.story_matched or not wl.match.matches(text):
            continue
        first = next(iter(article.text.split("\n")), "").strip()
        alert_id = changes.alert_id(wl.name, None, str(story_id), "story_matched")
        alert: dict[str, Any] = {
            "id": alert_id,
            "kind": "story_matched",
            "watchlist": wl.name,
            "fact": None,
            "label": "New story",
            "old": [],
            "new": article.title or article.url,
            "evidence": {
                "text": first[:500],
                "url": article.url,
                "title": article.title,
                "source": article.source,
                "published": article.published.isoformat() if article.published else None,
            },
            "rule": f"watchlist {wl.name}: new story matching the topic rule",
            "created_at": stamp,
        }
        wanted = [c for c in channels if c.split(":", 1)[0] in wl.notify.channels]
        store.insert_alert(alert, None, wanted, stamp, wl.notify.digest_minutes)
        store.add_alert_source(alert_id, article_id, stamp)
        ids.append(alert_id)
    return ids


def _consider(
    store: Store,
    wl: Watchlist,
    spec: FactSpec,
    fv: FactValue,
    article: Article,
    article_id: int,
    obs_id: int,
    stamp: str,
    channels: Sequence[str],
    lead: Sequence[str] = (),
) -> str | None:
    """Inside the ingest transaction: raise at most one alert per (watchlist, fact, value).
    `lead`: the values of this fact the article leads with (see `extract_for`)."""
    baseline = store.baseline_values(wl.name, fv.fact)
    alerted = store.alerted_values(wl.name, fv.fact)
    decision = changes.decide(spec, fv.normalised, baseline, alerted)
    if decision.verdict == "known":
        return None
    if decision.verdict == "alerted":
        alert = store.alert_for(wl.name, fv.fact, decision.matched)
        if alert:
            store.add_alert_source(alert["id"], article_id, stamp)
        return None
    if changes.outranked(spec, fv.normalised, lead, baseline):
        log.info("%s/%s=%s: the article leads with %s", wl.name, fv.fact, fv.normalised, lead)
        return None
    sources = store.independent_sources(wl.name, fv.fact, fv.normalised)
    if changes.pending(spec, fv.confidence, sources):
        log.info(
            "%s/%s=%s pending: confidence %.2f below %.2f, %d independent source(s)",
            wl.name,
            fv.fact,
            fv.normalised,
            fv.confidence,
            spec.min_confidence,
            sources,
        )
        return None
    if spec.min_sources > 1 and sources < spec.min_sources:
        log.info(
            "%s/%s=%s seen in %d of %d required sources",
            wl.name,
            fv.fact,
            fv.normalised,
            sources,
            spec.min_sources,
        )
        return None
    kind = "fact_changed" if decision.verdict == "change" else "fact_new"
    alert = build_alert(wl, spec, fv, kind, baseline, article, stamp)
    alert["confidence"] = changes.corroborated(fv.confidence, sources)
    wanted = [c for c in channels if c.split(":", 1)[0] in wl.notify.channels]
    store.insert_alert(alert, obs_id, wanted, stamp, wl.notify.digest_minutes)
    store.add_alert_source(alert["id"], article_id, stamp)
    log.info(
        "alert %s: %s %s -> %s (%s)", alert["id"], fv.fact, baseline, fv.normalised, article.url
    )
    return str(alert["id"])


def build_alert(
    wl: Watchlist,
    spec: FactSpec,
    fv: FactValue,
    kind: str,
    baseline: Sequence[str],
    article: Article,
    stamp: str,
) -> dict[str, Any]:
    """The alert JSON of DESIGN.md: ids, old/new values, evidence and why it fired."""
    value: Any = fv.normalised
    old: list[Any] = list(baseline)
    if spec.kind != "date":
        value = _number(value)
        old = [_number(v) for v in baseline]
    return {
        "id": changes.alert_id(wl.name, spec.id, fv.normalised, kind),
        "kind": kind,
        "watchlist": wl.name,
        "fact": spec.id,
        "label": spec.label,
        "old": old,
        "new": value,
        "evidence": {
            "text": fv.sentence,
            "url": article.url,
            "title": article.title,
            "source": article.source,
            "published": article.published.isoformat() if article.published else None,
        },
        "rule": f"watchlist {wl.name}: fact {spec.id} ({spec.kind}) "
        f"{'changed from the baseline' if kind == 'fact_changed' else 'first value'}",
        "created_at": stamp,
    }


def _number(value: str) -> int | float:
    number = float(value)
    return int(number) if number.is_integer() else number


def _row(
    article: Article, origin: str, stamp: str, story_id: int, match: Match, sig: dedup.Signature
) -> dict[str, Any]:
    return {
        "url": article.url,
        "guid": article.guid,
        "feed_url": article.feed_url,
        "title": article.title,
        "text": article.text,
        "summary": article.summary,
        "source": article.source,
        "published": article.published.isoformat() if article.published else None,
        "fetched_at": stamp,
        "origin": origin,
        "content_hash": article.content_hash,
        "minhash": sig.hashvalues,
        "story_id": story_id,
        "duplicate_of": match.duplicate_of,
        "dup_reason": match.reason,
    }
