"""The record types that flow through the pipeline (frozen; advance with dataclasses.replace)."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any, Literal, cast

FactKind = Literal["number", "percent", "date"]


@dataclass(frozen=True)
class FactSpec:
    """How to recognise one tracked fact in a sentence (from a watchlist's `facts:` map).

    A sentence is *about* the fact when it matches one of `cues` and, if given, one of
    `subject`; it is disqualified by any of `exclude`. A number found in such a sentence
    counts when it lies within `window` words of a cue, its own unit word (the noun right
    after it, e.g. "600,000 refugees") is not in `reject_units`, and it is within
    [minimum, maximum]. Dates are resolved against the document's publication date.
    """

    id: str
    label: str
    kind: FactKind
    cues: tuple[re.Pattern[str], ...]
    subject: tuple[re.Pattern[str], ...] = ()
    exclude: tuple[re.Pattern[str], ...] = ()
    units: tuple[re.Pattern[str], ...] = ()
    reject_units: tuple[re.Pattern[str], ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    window: int = 12
    # number facts: values equal within this relative tolerance are the same value
    tolerance: float = 0.0
    # date facts: a new date within this many days of a baseline date is not a change
    date_window_days: int = 0
    min_sources: int = 1
    # names and aliases of what the fact is about (the watchlist's `entity`, or the fact's
    # own): a sentence about another named entity of the same kind does not count
    entity: tuple[re.Pattern[str], ...] = ()
    # the other parties of the story (`entity.others`: the other side of a dispute, a rival
    # bidder): a value whose clause is about one of them is theirs, even in a sentence that
    # also names ours, and such a name is never a place of the story
    others: tuple[re.Pattern[str], ...] = ()
    # the watchlist's `match` terms: a name one of them opens ("Ostrel" for a quake in
    # Vaskara's Ostrel province) belongs to the tracked story and is never another entity
    story: tuple[re.Pattern[str], ...] = ()
    # a value whose confidence is below this waits for a second independent publisher
    min_confidence: float = 0.0
    # dates: "upcoming" (announced events: a past day does not count), "past" or "any"
    when: str = "any"

    def label_words(self) -> frozenset[str]:
        """The label's words, lower-cased: some readings follow from them ("Highest
        temperature" tracks the highest so far; "Percentage rise or fall" a change)."""
        return frozenset(re.findall(r"[a-z]+", self.label.lower()))


def normalised(value: int | float | date) -> str:
    """A fact value as stored and compared: integer string ("600000"), float string ("2.5")
    or ISO date. Its inverse for the alert JSON is `number_or_text`; for people,
    monitor.alerts.render.format_value ("600,000")."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass(frozen=True)
class FactValue:
    """One value of a fact found in one sentence of one document."""

    fact: str
    value: int | float | date
    sentence: str
    # character offsets of the number/date expression inside `sentence`
    span: tuple[int, int] = (0, 0)
    # how sure the extractor is, in [0, 1], and the evidence that made it so
    confidence: float = 1.0
    why: tuple[str, ...] = ()
    # the value the sentence says this one replaces, normalised ("revised from 10 to 11":
    # "10"), or ""
    replaces: str = ""

    @property
    def normalised(self) -> str:
        return normalised(self.value)


@dataclass(frozen=True)
class Article:
    """A story as it moves through the pipeline; later stages fill later fields."""

    url: str  # canonical URL, or file:// URI for local documents
    title: str = ""
    text: str = ""
    published: datetime | None = None
    source: str = ""  # publisher / site name
    feed_url: str | None = None
    guid: str | None = None
    summary: str = ""
    content_hash: str = ""
    # set by dedup: id of the story this article is a copy/rewrite of
    story_id: int | None = None
    duplicate_of: int | None = None
    dup_reason: str | None = None
    facts: tuple[FactValue, ...] = field(default=())


# -- stored records: one dataclass each, with its one mapping to and from a row --------------

Scalar = int | float | str


def number_or_text(value: str) -> Scalar:
    """A stored value as the alert JSON gives it: an integer or float for counts, the text
    itself (an ISO date, a title) otherwise."""
    try:
        number = float(value)
    except ValueError:
        return value
    return int(number) if number.is_integer() else number


@dataclass(frozen=True)
class Evidence:
    """Where an alert's value was read: the sentence and its article."""

    text: str
    url: str
    title: str = ""
    source: str = ""
    published: str | None = None

    def to_json(self) -> dict[str, str | None]:
        return {
            "text": self.text,
            "url": self.url,
            "title": self.title,
            "source": self.source,
            "published": self.published,
        }


AlertKind = Literal["fact_changed", "fact_new", "story_matched"]


@dataclass(frozen=True)
class Alert:
    """The alert object of DESIGN.md "Alerts" (what webhooks, email and `monitor alerts
    --json` carry). `value` is the new value as stored and compared (normalised text)."""

    id: str
    kind: AlertKind
    watchlist: str
    fact: str | None
    label: str
    old: tuple[Scalar, ...]
    new: Scalar
    evidence: Evidence
    rule: str
    created_at: str
    confidence: float | None = None

    @property
    def value(self) -> str:
        return str(self.new)

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "id": self.id,
            "kind": self.kind,
            "watchlist": self.watchlist,
            "fact": self.fact,
            "label": self.label,
            "old": list(self.old),
            "new": self.new,
            "evidence": self.evidence.to_json(),
            "rule": self.rule,
            "created_at": self.created_at,
        }
        if self.confidence is not None:
            out["confidence"] = self.confidence
        return out

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Alert:
        ev = data.get("evidence") or {}
        assert isinstance(ev, dict)
        old = data.get("old") or []
        assert isinstance(old, list)
        confidence = data.get("confidence")
        return cls(
            id=str(data["id"]),
            kind=_alert_kind(data["kind"]),
            watchlist=str(data["watchlist"]),
            fact=None if data.get("fact") is None else str(data["fact"]),
            label=str(data.get("label") or ""),
            old=tuple(old),
            new=cast(Scalar, data["new"]),
            evidence=Evidence(
                text=str(ev.get("text") or ""),
                url=str(ev.get("url") or ""),
                title=str(ev.get("title") or ""),
                source=str(ev.get("source") or ""),
                published=ev.get("published"),
            ),
            rule=str(data.get("rule") or ""),
            created_at=str(data["created_at"]),
            confidence=None if confidence is None else float(cast(float, confidence)),
        )


def _alert_kind(value: object) -> AlertKind:
    if value == "fact_changed" or value == "fact_new" or value == "story_matched":
        return value
    raise ValueError(f"unknown alert kind {value!r}")


@dataclass(frozen=True)
class Observation:
    """A fact value seen in one article's sentence (the evidence), as stored."""

    watchlist: str
    fact: str
    value: str
    sentence: str
    article_id: int
    observed_at: str
    confidence: float = 1.0
    why: str = ""
    id: int | None = None
    # where the value sits in `sentence` (None for rows stored before schema v7)
    span_start: int | None = None
    span_end: int | None = None

    def to_row(self) -> dict[str, object]:
        row: dict[str, object] = {
            "watchlist": self.watchlist,
            "fact": self.fact,
            "value": self.value,
            "sentence": self.sentence,
            "article_id": self.article_id,
            "observed_at": self.observed_at,
            "confidence": self.confidence,
            "why": self.why,
            "span_start": self.span_start,
            "span_end": self.span_end,
        }
        if self.id is not None:
            row["id"] = self.id
        return row

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Observation:
        return cls(**{f: row[f] for f in _OBSERVATION_FIELDS if f in row.keys()})


DeliveryState = Literal["pending", "sent", "failed", "disabled"]


@dataclass(frozen=True)
class Delivery:
    """One alert on one channel: the outbox row. `alert` and `alert_created` are joined in
    when the row is read for sending."""

    id: int
    alert_id: str
    channel: str
    state: DeliveryState
    attempts: int
    next_attempt_at: str
    last_status: str | None
    updated_at: str
    digest_minutes: int = 0
    alert: Alert | None = None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Delivery:
        keys = row.keys()
        payload = row["payload"] if "payload" in keys else None
        return cls(
            **{f: row[f] for f in _DELIVERY_FIELDS if f in keys},
            alert=Alert.from_json(json.loads(payload)) if payload else None,
        )

    def to_json(self) -> dict[str, object]:
        return {f: getattr(self, f) for f in _DELIVERY_FIELDS if f not in ("id", "alert_id")}


@dataclass(frozen=True)
class FeedState:
    """A feed's poll state: conditional-GET validators, successes, failures, backoff."""

    url: str
    watchlist: str
    title: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    last_polled_at: str | None = None
    last_success_at: str | None = None
    last_error: str | None = None
    last_error_at: str | None = None
    error_count: int = 0
    next_poll_at: str | None = None
    items_seen: int = 0
    backlog: int = 0  # new entries seen but left for the next polls (per-poll cap)

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> FeedState:
        return cls(**{f: row[f] for f in _FEED_FIELDS if f in row.keys()})

    def to_row(self) -> dict[str, object]:
        return {f: getattr(self, f) for f in _FEED_FIELDS}


@dataclass(frozen=True)
class AlertRecord:
    """A stored alert with its deliveries and every article that reported its value."""

    alert: Alert
    deliveries: tuple[Delivery, ...] = ()
    sources: tuple[Evidence, ...] = ()

    def to_json(self) -> dict[str, object]:
        """The documented alert object, plus `deliveries` and `sources`."""
        return {
            **self.alert.to_json(),
            "deliveries": [d.to_json() for d in self.deliveries],
            "sources": [s.to_json() for s in self.sources],
        }


_OBSERVATION_FIELDS = tuple(f.name for f in fields(Observation))
_DELIVERY_FIELDS = tuple(f.name for f in fields(Delivery) if f.name != "alert")
_FEED_FIELDS = tuple(f.name for f in fields(FeedState))


# -- the ingest decision (monitor.ingest.decide makes it, Store.apply applies it) -------------

IngestStatus = Literal["new", "duplicate", "unchanged", "updated"]


@dataclass(frozen=True)
class Match:
    """Where dedup placed an article: the story it joins (None: a new story), the original
    it copies (None: it is an original), and why."""

    story_id: int | None = None
    duplicate_of: int | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Stored:
    """A stored article as dedup sees it."""

    id: int
    story_id: int | None
    duplicate_of: int | None = None
    content_hash: str = ""
    origin: str = "feed"
    minhash: bytes | None = None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Stored:
        return cls(**{f: row[f] for f in _STORED_FIELDS})


def evidence_key(fact: str, value: str, sentence: str) -> str:
    """What "the same evidence" means for user feedback: the fact, its value and the
    sentence, compared case- and space-insensitively (a copy of a wrong sentence on another
    site is the same evidence; the same value in another sentence is not)."""
    text = " ".join(sentence.split()).casefold()
    return hashlib.sha256(f"{fact}\x1f{value}\x1f{text}".encode()).hexdigest()[:32]


@dataclass(frozen=True)
class NewObservation:
    """An observation to store; `baseline`: the value also joins the fact's baseline (seeds)."""

    watchlist: str
    value: FactValue
    baseline: bool = False

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.watchlist, self.value.fact, self.value.normalised)


@dataclass(frozen=True)
class NewAlert:
    """An alert to raise with one delivery per channel (due at once, or when the channel
    kind's digest window closes); `observation` names the observation it stands on."""

    alert: Alert
    channels: tuple[str, ...] = ()
    digest_minutes: Mapping[str, int] = field(default_factory=dict)
    observation: tuple[str, str, str] | None = None


@dataclass(frozen=True)
class Intent:
    """What ingesting one article should change, decided without a database.

    `version` is the store's data version the decision was made on: the applier re-decides
    inside its write transaction when another writer committed since."""

    version: int
    status: IngestStatus
    article: Article
    match: Match = Match()
    # the stored article this one replaces (same URL, new content) or repeats (unchanged)
    article_id: int | None = None
    minhash: bytes | None = None
    bands: tuple[tuple[int, int], ...] = ()
    terms: Mapping[str, int] = field(default_factory=dict)
    origin: str = "feed"
    stamp: str = ""
    observations: tuple[NewObservation, ...] = ()
    alerts: tuple[NewAlert, ...] = ()
    # ids of alerts (new or already raised) this article is one more source of
    sources: tuple[str, ...] = ()
    # every value read, stored or not (the backfill report counts them)
    facts: tuple[tuple[str, FactValue], ...] = ()


@dataclass
class IngestResult:
    status: IngestStatus
    article_id: int | None = None
    dup_reason: str | None = None
    facts: list[tuple[str, FactValue]] = field(default_factory=list)
    alerts: list[str] = field(default_factory=list)


_STORED_FIELDS = ("id", "story_id", "duplicate_of", "content_hash", "origin", "minhash")
