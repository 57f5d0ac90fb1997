"""Decides what a fact value seen in a new story means against what is already known:
part of the baseline, already alerted, or a change worth one alert. Pure."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from monitor.models import FactSpec

Verdict = Literal["known", "alerted", "change", "new", "within"]


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    # the stored value this one was judged equal to (known/alerted), if any
    matched: str | None = None


def parse_value(spec: FactSpec, value: str) -> float | date:
    if spec.kind == "date":
        return date.fromisoformat(value)
    return float(value)


def same_value(spec: FactSpec, a: str, b: str) -> bool:
    """Equal after normalisation, within the fact's tolerance or date window."""
    if a == b:
        return True
    try:
        va, vb = parse_value(spec, a), parse_value(spec, b)
    except ValueError:
        return False
    if isinstance(va, date) and isinstance(vb, date):
        return abs((va - vb).days) <= spec.date_window_days
    if isinstance(va, float) and isinstance(vb, float):
        scale = max(abs(va), abs(vb)) or 1.0
        return abs(va - vb) <= spec.tolerance * scale
    return False


def decide(
    spec: FactSpec,
    value: str,
    baseline: Sequence[str],
    alerted: Sequence[str],
    approximate: Approximation = "",
    through: date | None = None,
    replaces: str = "",
    mentioned: Sequence[str] = (),
) -> Decision:
    """`known` when the baseline holds an equal value, `alerted` when an alert for an equal
    value exists, `within` when the fact tracks an extreme (the highest so far) and the value
    does not beat the standing one, else `change` (baseline has values) or `new` (baseline
    is empty). A value given roughly (`approximate`: "about", "above" for a lower bound,
    "below" for a mark approached) equals a stored one it rounds ("nearly 1,500" after
    1,502, "more than 1,400" after 1,415): the article restates it in round figures. A vague
    date (`through`: the last day it may mean, "late August" to 31 August) restates a stored
    day inside its span. A value
    the article says replaces the standing one (`replaces`: "revised from 10 to 11" after
    the alert for 10) is a `change` even where an earlier alert or the baseline held it:
    the figure went back, in so many words; and it is a change where it only rounds the
    standing value ("eight million, up from 7.9 million"). While nothing stands (no baseline,
    no alert), a value restating one the seeds `mentioned` (figures of the fact's kind the
    reader could not tie to it, `reader.mentions`) is `known`: the seeds said it already."""

    def restates(stored: str) -> bool:
        return (
            same_value(spec, value, stored)
            or rounds(spec, value, stored, approximate)
            or within_span(value, through, stored)
        )

    standing = alerted[-1] if alerted else None
    # what stands: the last alert, or without one the baseline
    held = [standing] if standing is not None else list(baseline)
    if (
        replaces
        and held
        and not tracks_extreme(spec)
        and any(same_value(spec, replaces, h) for h in held)
        and not any(same_value(spec, value, h) for h in held)
    ):
        return Decision("change")  # "eight million, up from 7.9 million": not a rounding
    for known in baseline:
        if restates(known):
            return Decision("known", known)
    for seen in alerted:
        if restates(seen):
            return Decision("alerted", seen)
    if not baseline and not alerted:
        for said in mentioned:
            if restates(said):
                return Decision("known", said)
    way = tracks_extreme(spec)
    standing = extreme(way, [*baseline, *alerted]) if way else None
    if standing is not None and not _beats(way, float(value), float(standing)):
        return Decision("within", standing)  # 45.9C after the 47.3C record: a reading
    return Decision("change" if baseline else "new")


Approximation = Literal["", "about", "above", "below", "fraction"]

# A share given as a fraction ("barely a third", "half") is a round figure to this many
# percentage points either way: it restates 34.1%, while 40% would be a change.
FRACTION_POINTS = 5.0


def rounds(spec: FactSpec, value: str, known: str, approximate: Approximation) -> bool:
    """`value`, given roughly, is `known` in round figures: within half its last significant
    digit ("nearly 1,500" for 1,502, "about 46" for 45.8), or for a lower bound at most one
    such digit below it ("more than 1,400" for 1,415), and for a mark approached at most half
    a digit above it ("nears a million" for 960,000)."""
    if not approximate or spec.kind == "date":
        return False
    try:
        v, k = float(value), float(known)
    except ValueError:
        return False
    if approximate == "fraction":
        return spec.kind == "percent" and abs(k - v) <= FRACTION_POINTS
    step = _step(value)
    if approximate == "above":
        return 0 <= k - v <= step
    if approximate == "below":
        return 0 <= v - k <= step / 2  # "nears a million" after 960,000
    return abs(k - v) <= step / 2


def within_span(value: str, through: date | None, stored: str) -> bool:
    """A stored day lies in the span a vague date covers, from `value` to `through`."""
    if through is None:
        return False
    try:
        return date.fromisoformat(value) <= date.fromisoformat(stored) <= through
    except ValueError:
        return False


def _step(value: str) -> float:
    """The place of a number's last significant digit: 1500 -> 100, 46 -> 1, 7.3 -> 0.1."""
    if "." in value:
        return 10.0 ** -len(value.split(".", 1)[1].rstrip("0") or "0")
    digits = value.lstrip("-")
    return 10.0 ** min(len(digits) - len(digits.rstrip("0")), len(digits) - 1)


# Words of a label whose fact is an extreme that only moves one way: the highest reading so
# far can be beaten, not lowered, by a later reading ("Highest temperature of the heatwave")
_HIGHEST = frozenset({"highest", "peak", "hottest"})
_LOWEST = frozenset({"lowest", "coldest"})
# "maximum" and "minimum" name a bound that a rule sets, and that moves both ways ("Maximum
# fine for landlords": cut to €25,000 from €40,000), unless the label names a reading
# ("Maximum temperature recorded")
_BOUNDS = {"maximum": 1, "minimum": -1}
_READING = frozenset({"recorded", "measured", "observed", "reached", "record", "temperature",
                      "temperatures", "gust", "gusts", "reading", "readings"})  # fmt: skip


def tracks_extreme(spec: FactSpec) -> int:
    """+1: the fact is the highest value so far (its label says highest, peak, hottest, or
    maximum with a reading: "Maximum temperature recorded"); -1: the lowest (lowest, coldest,
    minimum with a reading); 0: a level that moves both ways, a bound set by rule among
    them ("Maximum fine for landlords")."""
    if spec.kind == "date":
        return 0
    words = spec.label_words()
    if words & _HIGHEST:
        return 1
    if words & _LOWEST:
        return -1
    if words & _READING:
        return next((way for word, way in _BOUNDS.items() if word in words), 0)
    return 0


def extreme(way: int, values: Sequence[str]) -> str | None:
    """The standing extreme among the known and alerted values: the highest (`way` +1) or
    the lowest (-1); None when none is a number."""
    numbers = []
    for v in values:
        try:
            numbers.append((float(v), v))
        except ValueError:
            continue
    return (max if way > 0 else min)(numbers)[1] if numbers else None


def _beats(way: int, value: float, standing: float) -> bool:
    return value > standing if way > 0 else value < standing


def outranked(spec: FactSpec, value: str, lead: Sequence[str], baseline: Sequence[str]) -> bool:
    """True when the article's own figure for this fact is another value. `lead` is the
    article's values of the fact in rank order (its headline's first, then one given as the
    total, then the surest, then the first stated); its figure is the first of them the
    baseline does not hold. Another value in the body is then a component, a comparison or
    context ("roughly 1.4m killed or wounded" in the title; "close to 1m" Russian and
    "400,000" Ukrainian in the body). A lead that only repeats known values outranks
    nothing."""
    figure = next((h for h in lead if not any(same_value(spec, h, k) for k in baseline)), None)
    return figure is not None and not same_value(spec, value, figure)


# Each further independent publisher of the same value adds this much confidence.
CORROBORATION = 0.1
CORROBORATION_MAX = 0.2


def corroborated(confidence: float, sources: int) -> float:
    """A value's confidence with its independent publishers counted: one source is the
    extractor's own confidence; each further one adds a little, up to a cap."""
    bonus = min(CORROBORATION_MAX, CORROBORATION * max(0, sources - 1))
    return round(min(0.99, confidence + bonus), 2)


# How sure an alert is, as a logistic model over its evidence and its article: weights
# fitted on the alerts of the 26 blind batches and the case corpus (705 alerts, 551 right;
# bench/NOTES.md, stop 30). Scored with each batch left out in turn (a topic the fit never
# saw), it ranks right above wrong alerts with an AUC of 0.70, where the value's extraction
# confidence alone scores 0.51: how tightly the parse ties a value says little about
# whether the alert is right; whether the article states it twice, and how far it jumps
# from the standing value, say more.
ALERT_BIAS = 0.95
ALERT_WEIGHTS = {
    "names the tracked entity": 0.38,
    "headline": 0.61,
    "hedged": -0.32,
    "stated more than once in the article": 1.64,
    "one of three or more values in the article": -0.61,
    "two to four times the standing value, or under half": -0.74,
    "four times the standing value or more, or under a quarter": -1.34,
}


def alert_evidence(
    spec: FactSpec, value: str, why: Sequence[str], standing: str | None, lead: Sequence[str]
) -> tuple[str, ...]:
    """The terms of `ALERT_WEIGHTS` that hold for a value: from its extraction (`why`), from
    the article's values of the fact (`lead`, every statement counted; it holds numbers
    only, so a date never gains or loses by it) and from how far it moves from the standing
    value (numbers only)."""
    terms = [w for w in ("names the tracked entity", "headline", "hedged") if w in why]
    if lead.count(value) >= 2:
        terms.append("stated more than once in the article")
    if len(set(lead)) >= 3:
        terms.append("one of three or more values in the article")
    if spec.kind != "date" and standing is not None:
        try:
            new, old = float(value), float(standing)
        except ValueError:
            new = old = 0.0
        if new > 0 and old > 0:
            jump = abs(math.log10(new / old))
            if jump >= math.log10(4):
                terms.append("four times the standing value or more, or under a quarter")
            elif jump >= math.log10(2):
                terms.append("two to four times the standing value, or under half")
    return tuple(terms)


def alert_confidence(terms: Sequence[str]) -> float:
    """The alert's confidence from its evidence terms (`alert_evidence`)."""
    score = ALERT_BIAS + sum(ALERT_WEIGHTS[t] for t in terms)
    return round(min(0.99, max(0.01, 1 / (1 + math.exp(-score)))), 2)


def pending(spec: FactSpec, confidence: float, sources: int) -> bool:
    """A value below the fact's `min_confidence` waits for a second independent publisher
    instead of alerting at once; corroborated, it alerts."""
    return confidence < spec.min_confidence and sources < 2


def alert_id(
    watchlist: str, fact: str | None, value: str | None, kind: str, wrong_before: int = 0
) -> str:
    """Stable: the same (watchlist, fact, value, kind) always gets the same id, so a receiver
    can drop repeats and a replayed observation can never mint a second alert. `wrong_before`
    counts the value's earlier alerts that a user judged wrong: the value reported again on
    other evidence is a new alert, with an id of its own (and as stable)."""
    parts = [watchlist, fact or "", value or "", kind] + (
        [str(wrong_before)] if wrong_before else []
    )
    key = "\x1f".join(parts)
    return "msg_" + hashlib.sha256(key.encode()).hexdigest()[:26]
