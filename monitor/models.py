"""The record types that flow through the pipeline (frozen; advance with dataclasses.replace)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

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
    # a value whose confidence is below this waits for a second independent publisher
    min_confidence: float = 0.0
    # dates: "upcoming" (announced events: a past day does not count), "past" or "any"
    when: str = "any"


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

    @property
    def normalised(self) -> str:
        """The value as stored and compared: integer string, float string or ISO date."""
        if isinstance(self.value, date):
            return self.value.isoformat()
        if isinstance(self.value, float) and self.value.is_integer():
            return str(int(self.value))
        return str(self.value)


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
