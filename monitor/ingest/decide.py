"""The ingest decision, as pure functions (in the manner of lemon24/reader's update decider):

    prepare(article, watchlists)            -> Prepared   the article's own features and facts
    decide(prepared, knowledge, watchlists) -> Intent     what storing it should change

`Knowledge` is what the store knows of the article's candidates (the same URL, the same
content, near-duplicates by LSH band, same-story candidates with their term frequencies, and
each fact's baseline, alerts and publishers); `monitor.ingest.pipeline.gather` reads it.
Nothing here touches a database, so every dedup and alert rule is testable with plain values;
`Store.apply` applies an intent in one transaction, re-deciding inside it when another writer
committed since the knowledge was read."""

from __future__ import annotations

import re
import time
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import cache
from typing import Literal

from monitor.facts import changes
from monitor.facts.reader import (
    approximation,
    date_through,
    drop_vague,
    extract_facts,
    is_bound,
    states_total,
    told_otherwise,
)
from monitor.models import (
    Alert,
    AlertKind,
    Article,
    Evidence,
    FactSpec,
    FactValue,
    IngestStatus,
    Intent,
    Match,
    NewAlert,
    NewObservation,
    Stored,
    evidence_key,
    number_or_text,
)
from monitor.text import dedup
from monitor.watchlists import MatchRule, Watchlist

Origin = Literal["backfill", "feed"]
# per (watchlist, fact): the article's number values in rank order (see `ranked`)
Lead = dict[tuple[str, str], tuple[str, ...]]


@dataclass(frozen=True)
class Prepared:
    """Everything the article alone gives: computed once, outside any transaction."""

    article: Article  # content_hash set
    features: dedup.TextFeatures
    profile: dedup.StoryProfile
    found: tuple[tuple[str, FactValue], ...] = ()  # (watchlist name, value)
    lead: Lead = field(default_factory=dict)

    @property
    def signature(self) -> dedup.Signature:
        return self.features.signature


@dataclass(frozen=True)
class StoryCandidate:
    """A recent original article that may tell the same story, with its profile."""

    id: int
    story_id: int | None
    profile: dedup.StoryProfile
    minhash: bytes | None = None


@dataclass(frozen=True)
class FactKnowledge:
    """One fact's state: active baseline values, alerted values with their alert ids, and
    the publishers already reporting each value in original articles."""

    baseline: tuple[str, ...] = ()
    alerted: tuple[tuple[str, str], ...] = ()  # (value, alert id)
    publishers: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # evidence keys (models.evidence_key) a user judged wrong: they raise no alert again
    rejected: frozenset[str] = frozenset()
    # value -> how many of its alerts a user judged wrong (a new alert gets a new id)
    judged_wrong: Mapping[str, int] = field(default_factory=dict)
    # figures of the fact's kind the seeds state, kept while the seeds yield no baseline
    # value (`reader.mentions`): restating one while nothing stands is no change
    mentioned: tuple[str, ...] = ()


@dataclass(frozen=True)
class Knowledge:
    version: int = 0
    by_url: Stored | None = None
    by_hash: Stored | None = None
    near: tuple[Stored, ...] = ()
    story: tuple[StoryCandidate, ...] = ()
    df: Mapping[str, int] = field(default_factory=dict)
    n_docs: int = 0
    facts: Mapping[tuple[str, str], FactKnowledge] = field(default_factory=dict)
    # (watchlist, fact, value) the stored article of the same URL already reported
    reported: frozenset[tuple[str, str, str]] = frozenset()


# -- prepare: the article alone ---------------------------------------------------------------


# seconds an article's facts may take to read: far above a real article (well under a
# second), far below what stalls a poll (a poisoned 51 KB summary of one repeated phrase)
ANALYSIS_DEADLINE = 20.0


def prepare(
    article: Article,
    watchlists: Sequence[Watchlist],
    features: dedup.TextFeatures | None = None,
    deadline: float | None = None,
) -> Prepared:
    """Hash, MinHash, story profile and facts of one article. `features` are
    `dedup.text_features(article.text)` when the caller has them (the extraction worker
    derives them); features of another text are ignored. AnalysisTimeout when reading the
    facts runs past `deadline` (time.monotonic(); default ANALYSIS_DEADLINE from now)."""
    deadline = time.monotonic() + ANALYSIS_DEADLINE if deadline is None else deadline
    if features is None or features.text != article.text:
        features = dedup.text_features(article.text)
    article = replace(article, content_hash=features.content_hash)
    profile = dedup.story_profile(article.title, article.text, features)
    found, lead = extract_for(watchlists, article, deadline)
    return Prepared(article, features, profile, tuple((wl.name, fv) for wl, fv in found), lead)


def in_scope(wl: Watchlist, text: str) -> bool:
    """A watchlist's facts are read from an article on its topic (`match`) or naming what
    it tracks (`entity`): a figure about the tracked thing can come in a story that lacks
    the story words ("1.5 million Ukrainian soldiers killed or wounded", no talks)."""
    if wl.match.matches(text):
        return True
    names = {p for spec in wl.facts for p in spec.entity} | set(wl.entity)
    return any(p.search(text) for p in names) and names_as_matched(wl.match, names, text)


@cache
def _literals(pattern: str) -> tuple[str, ...]:
    """A name pattern as the words it matches, one per alternative ("W\\. Mark Felt" ->
    "W. Mark Felt"; "Colts|Indianapolis" -> "Colts", "Indianapolis")."""
    text = re.sub(r"\\[bB]|\(\?[:=!]", "", pattern)
    text = re.sub(r"\\(.)", r"\1", text)
    parts = (re.sub(r"[()?\[\]*+^$]", "", part).strip() for part in text.split("|"))
    return tuple(part for part in parts if part)


def names_as_matched(rule: MatchRule, names: Collection[re.Pattern[str]], text: str) -> bool:
    """The names a story rule asks for are there: `match` terms that are themselves tracked
    names (a game's other team, a fight's other boxer: all ['colts'], any ['chiefs',
    'kansas city']) say which of the tracked things the story must name. An article about
    the Colts' game with the Jaguars names the tracked team, not the tracked game. Topic
    words never gate a fact."""
    literals = [lit for p in names for lit in _literals(p.pattern)]

    def a_name(term: re.Pattern[str]) -> bool:
        return any(term.search(lit) for lit in literals)

    if not all(p.search(text) for p in rule.all if a_name(p)):
        return False
    if rule.any and all(a_name(p) for p in rule.any):
        return any(p.search(text) for p in rule.any)
    return True


def extract_for(
    watchlists: Sequence[Watchlist], article: Article, deadline: float | None = None
) -> tuple[list[tuple[Watchlist, FactValue]], Lead]:
    """Facts of every watchlist whose scope the article is in, and per (watchlist, fact) the
    article's number values in rank order (`ranked`): the first the baseline does not hold
    is the article's figure (`changes.outranked`). Dates do not lead: one article may
    announce two meetings on two days."""
    found: list[tuple[Watchlist, FactValue]] = []
    lead: Lead = {}
    text = f"{article.title}\n{article.text}"
    live = live_page(article.title, article.text)
    for wl in watchlists:
        if not in_scope(wl, text):
            continue
        published = article.published
        body = extract_facts(
            article.text, wl.facts, published, title=article.title, deadline=deadline
        )
        title = (
            extract_facts(
                article.title,
                wl.facts,
                published,
                headline=True,
                title=article.text,
                deadline=deadline,
            )
            if article.title
            else []
        )
        specs = {spec.id: spec for spec in wl.facts}
        title = [fv for fv in title if not told_otherwise(specs[fv.fact], fv, article.text, body)]
        only_title = [
            fv for fv in title if not any(fv.fact == f.fact and fv.value == f.value for f in body)
        ]
        both = drop_vague([*only_title, *body])  # a precise day outranks the title's week
        found.extend((wl, fv) for fv in body if fv in both)
        found.extend((wl, fv) for fv in only_title if fv in both)
        for fv in ranked(title, body, live=live):
            key = (wl.name, fv.fact)
            lead[key] = (*lead.get(key, ()), fv.normalised)
    return found, lead


# A live page: "Harlan Bridge live: ...", "Live: ...", "... - live", "live updates", "as it
# happened", or a body that opens with the page's LIVE badge.
_LIVE_TITLE = re.compile(
    r"^\s*live\b\s*[:|–—-]|\blive\s*:|[:|–—-]\s*live\s*$|\blive\s+(?:updates?|blog|coverage)\b"
    r"|\bas it happened\b",
    re.IGNORECASE,
)


def live_page(title: str, text: str) -> bool:
    """A live blog: its entries run newest first, so the first figure stated is the latest
    (a recap or the morning's summary further down is older)."""
    return bool(_LIVE_TITLE.search(title)) or text.lstrip().startswith("LIVE")


def ranked(
    title: Sequence[FactValue], body: Sequence[FactValue], *, live: bool = False
) -> list[FactValue]:
    """An article's number values in the order they speak for it: exact values before
    bounds ("more than 2,000", "cases pass 2,000"), the headline's first, then one given as
    the whole ("in all"), then one given with the value it replaces ("will cost an estimated
    $31 million, up from the $18 million it estimated on 10 May": the update itself), then
    the surest, then the first stated. On a live page (`live`) the first stated comes before
    the surest: its entries run newest first."""

    def rank(item: tuple[int, FactValue]) -> tuple[bool, bool, bool, bool, float, int]:
        position, fv = item
        in_title = any(t.fact == fv.fact and t.value == fv.value for t in title)
        bound = is_bound(fv)  # "cases pass 2,000" gives way to "2,115 cases"
        surest = 0.0 if live else -fv.confidence
        return (bound, not in_title, not states_total(fv), not fv.replaces, surest, position)

    values = [*title, *body]
    ordered = sorted(enumerate(values), key=rank)
    return [fv for _, fv in ordered if not isinstance(fv.value, date)]


# -- decide: the article against what the store knows -----------------------------------------


def place(prepared: Prepared, known: Knowledge) -> Match:
    """Exact repeat, then near-duplicate (LSH candidates), then same-story rewrite."""
    exclude = known.by_url.id if known.by_url else None
    return copy_of(prepared, known) or same_story(prepared, known, exclude)


def copy_of(prepared: Prepared, known: Knowledge) -> Match | None:
    """The stored original this article repeats (the same text, or a near-duplicate by
    MinHash), if any. Reads only `by_url`, `by_hash` and `near`: the store gathers the
    costlier same-story candidates only when this finds none."""
    exclude = known.by_url.id if known.by_url else None
    exact = known.by_hash
    if exact and exact.id != exclude:
        return Match(exact.story_id, exact.duplicate_of or exact.id, "same content")
    best, best_sim = None, 0.0
    for row in known.near:
        if row.id != exclude and row.minhash:
            sim = dedup.similarity(prepared.signature.hashvalues, row.minhash)
            if sim > best_sim:
                best, best_sim = row, sim
    if best is not None and best_sim >= dedup.NEAR_DUP_THRESHOLD:
        return Match(
            best.story_id, best.duplicate_of or best.id, f"near-duplicate ({best_sim:.2f})"
        )
    return None


def same_story(prepared: Prepared, known: Knowledge, exclude: int | None = None) -> Match:
    """The known story this article rewrites, if any: candidates from the recent same-story
    index, scored with IDF weights from the store's document frequencies."""
    scorer = dedup.StoryScorer(prepared.profile, known.df, known.n_docs)
    story, story_sim = None, 0.0
    for row in known.story:
        if row.id == exclude:
            continue
        shared = (
            dedup.similarity(prepared.signature.hashvalues, row.minhash) if row.minhash else 0.0
        )
        sim = scorer.score(row.profile, shared)
        if sim > story_sim:
            story, story_sim = row, sim
    if story is not None and story_sim >= dedup.STORY_THRESHOLD:
        return Match(story.story_id, None, f"same story ({story_sim:.2f})")
    return Match()


def decide(
    prepared: Prepared,
    known: Knowledge,
    watchlists: Sequence[Watchlist],
    *,
    origin: Origin,
    stamp: str,
    channels: Sequence[str] = (),
) -> Intent:
    """What storing the article changes: unchanged (same URL and content, or a seed loaded
    twice), new, a duplicate of a stored original, or an update of its own URL; with the
    observations to record and at most one alert per (watchlist, fact, value)."""
    article = prepared.article
    base = Intent(known.version, "unchanged", article, origin=origin, stamp=stamp)
    existing = known.by_url
    if existing and existing.content_hash == article.content_hash:
        return replace(base, article_id=existing.id)
    same = known.by_hash
    if origin == "backfill" and same and same.origin == "backfill":
        return replace(base, article_id=same.id, match=Match(reason="same content"))
    match = place(prepared, known)
    if existing:
        status: IngestStatus = "updated"
        match = replace(match, story_id=match.story_id or existing.story_id)
    else:
        status = "duplicate" if match.duplicate_of else "new"
    intent = replace(
        base,
        status=status,
        match=match,
        article_id=existing.id if existing else None,
        minhash=prepared.signature.hashvalues,
        bands=tuple(prepared.signature.bands),
        terms=dict(prepared.profile.terms),
        facts=prepared.found,
    )
    by_name = {wl.name: wl for wl in watchlists}
    alerts: list[NewAlert] = []
    sources: list[str] = []
    if origin == "feed" and status == "new" and match.story_id is None:
        alerts += story_alerts(watchlists, article, stamp, channels)
        sources += [a.alert.id for a in alerts]
    observations: list[NewObservation] = []
    seen = set(known.reported)
    raised: dict[tuple[str, str], list[tuple[str, str]]] = {}
    publisher = article.source or article.url
    for name, fv in prepared.found:
        key = (name, fv.fact, fv.normalised)
        if key in seen:  # this article already reported the value
            continue
        seen.add(key)
        wl = by_name[name]
        spec = next(s for s in wl.facts if s.id == fv.fact)
        fact = known.facts.get((name, fv.fact), FactKnowledge())
        alerted = [*fact.alerted, *raised.get((name, fv.fact), [])]
        lead = prepared.lead.get((name, fv.fact), ())
        fv = scored(spec, fv, fact.baseline, alerted, lead)
        observations.append(NewObservation(name, fv, baseline=origin == "backfill"))
        if origin == "backfill":
            continue
        if evidence_key(fv.fact, fv.normalised, fv.sentence) in fact.rejected:
            continue  # a user said this evidence was wrong: recorded, never alerted again
        publishers = set(fact.publishers.get(fv.normalised, frozenset()))
        if match.duplicate_of is None:
            publishers.add(publisher)
        verdict = consider(spec, fv, fact.baseline, alerted, len(publishers), lead, fact.mentioned)
        if isinstance(verdict, str):  # an alert already raised for an equal value
            sources.append(verdict)
        elif verdict is not None:
            kind, confidence = verdict
            alert = build_alert(
                wl,
                spec,
                fv,
                kind,
                fact.baseline,
                article,
                stamp,
                confidence,
                # the value's earlier alerts, judged wrong or gone back to ("from 10 to 11"
                # after 11, then 10): a new alert for it gets an id of its own
                fact.judged_wrong.get(fv.normalised, 0)
                + sum(v == fv.normalised for v, _ in alerted),
            )
            alerts.append(new_alert(wl, alert, channels, key))
            sources.append(alert.id)
            raised.setdefault((name, fv.fact), []).append((fv.normalised, alert.id))
    return replace(
        intent,
        observations=tuple(observations),
        alerts=tuple(alerts),
        sources=tuple(dict.fromkeys(sources)),
    )


def consider(
    spec: FactSpec,
    fv: FactValue,
    baseline: Sequence[str],
    alerted: Sequence[tuple[str, str]],
    publishers: int,
    lead: Sequence[str] = (),
    mentioned: Sequence[str] = (),
) -> tuple[AlertKind, float] | str | None:
    """One value against its fact's state: None (known, short of the standing extreme of a
    fact that tracks one, outranked by the article's own figure, pending, or short of
    sources), the id of the alert already raised for an equal
    value, or the kind and confidence of a new alert."""
    decision = changes.decide(
        spec,
        fv.normalised,
        baseline,
        [v for v, _ in alerted],
        approximation(fv),
        date_through(fv),
        fv.replaces,
        mentioned,
    )
    if decision.verdict in ("known", "within"):
        return None
    if decision.verdict == "alerted":
        return next(i for v, i in alerted if v == decision.matched)
    if changes.outranked(spec, fv.normalised, lead, baseline):
        return None
    if changes.pending(spec, fv.confidence, publishers):
        return None
    if spec.min_sources > 1 and publishers < spec.min_sources:
        return None
    kind: AlertKind = "fact_changed" if decision.verdict == "change" else "fact_new"
    return kind, changes.corroborated(fv.confidence, publishers)


def scored(
    spec: FactSpec,
    fv: FactValue,
    baseline: Sequence[str],
    alerted: Sequence[tuple[str, str]],
    lead: Sequence[str],
) -> FactValue:
    """The value with the confidence an alert on it would carry (`changes.alert_evidence`,
    `changes.alert_confidence`): from its extraction's evidence, the article's other values
    of the fact, and how far it moves from the standing value (the baseline's, else the last
    alerted). Its `why` gains the terms that hold."""
    known = [*baseline] or [v for v, _ in alerted]
    terms = changes.alert_evidence(spec, fv.normalised, fv.why, known[-1] if known else None, lead)
    added = tuple(t for t in terms if t not in fv.why)
    return replace(fv, confidence=changes.alert_confidence(terms), why=(*fv.why, *added))


def new_alert(
    wl: Watchlist,
    alert: Alert,
    channels: Sequence[str],
    observation: tuple[str, str, str] | None = None,
) -> NewAlert:
    wanted = tuple(c for c in channels if c.split(":", 1)[0] in wl.notify.channels)
    return NewAlert(alert, wanted, dict(wl.notify.digest_minutes), observation)


def story_alerts(
    watchlists: Sequence[Watchlist], article: Article, stamp: str, channels: Sequence[str]
) -> list[NewAlert]:
    """Google-Alerts style: one `story_matched` alert per new on-topic story, for the
    watchlists that ask for it. Copies and rewrites of a known story never count; the id
    is the story's first article, so a replay cannot mint a second one."""
    out = []
    text = f"{article.title}\n{article.text}"
    for wl in watchlists:
        if not wl.notify.story_matched or not wl.match.matches(text):
            continue
        first = next(iter(article.text.split("\n")), "").strip()
        alert = Alert(
            id=changes.alert_id(wl.name, None, article.url, "story_matched"),
            kind="story_matched",
            watchlist=wl.name,
            fact=None,
            label="New story",
            old=(),
            new=article.title or article.url,
            evidence=_evidence(first[:500], article),
            rule=f"watchlist {wl.name}: new story matching the topic rule",
            created_at=stamp,
        )
        out.append(new_alert(wl, alert, channels))
    return out


def build_alert(
    wl: Watchlist,
    spec: FactSpec,
    fv: FactValue,
    kind: AlertKind,
    baseline: Sequence[str],
    article: Article,
    stamp: str,
    confidence: float | None = None,
    wrong_before: int = 0,
) -> Alert:
    """The alert JSON of DESIGN.md: ids, old/new values, evidence and why it fired."""
    return Alert(
        id=changes.alert_id(wl.name, spec.id, fv.normalised, kind, wrong_before),
        kind=kind,
        watchlist=wl.name,
        fact=spec.id,
        label=spec.label,
        old=tuple(number_or_text(v) for v in baseline),
        new=number_or_text(fv.normalised),
        evidence=_evidence(fv.sentence, article),
        rule=f"watchlist {wl.name}: fact {spec.id} ({spec.kind}) "
        f"{'changed from the baseline' if kind == 'fact_changed' else 'first value'}",
        created_at=stamp,
        confidence=confidence,
    )


def _evidence(text: str, article: Article) -> Evidence:
    return Evidence(
        text=text,
        url=article.url,
        title=article.title,
        source=article.source,
        published=_iso(article.published),
    )


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
