"""Finds each tracked fact's values sentence by sentence, with the sentence as evidence.
A value counts only in a sentence about the fact (cue + subject, no exclude), close to its
cue, in range, and not marked as an old or attributed value. Pure: no I/O, no clock."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta

from monitor.dates import past_periods, resolve_dates
from monitor.models import FactSpec, FactValue
from monitor.numbers import NumberMatch, find_numbers

_ABBREV = re.compile(
    r"(?:\b(?:[A-Z]\.){1,3}|\b(?:Mr|Mrs|Ms|Dr|Prof|St|Gen|Lt|Col|Sgt|Rep|Sen|Gov|Pres|No|vs|"
    r"etc|approx|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|e\.g|i\.e|a\.m|p\.m)\.)$"
)
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_WORD = re.compile(r"[\w'’]+")
# Between a number and its cue, these end the clause the number belongs to.
_CLAUSE_BREAK = re.compile(r"[;:–—]|,\s|\b(?:while|whereas|but|although|though)\b", re.IGNORECASE)
# A value introduced like this is the old one: "up from 600,000", "instead of 28".
_OLD_MARK = re.compile(
    r"\b(?:from|instead\s+of|rather\s+than|previously|originally|original|formerly|earlier|"
    r"initially|down\s+from|up\s+from|compared\s+with|compared\s+to)\s+(?:the\s+|a\s+|an\s+)?"
    r"(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_RELATIVE_CLAUSE = re.compile(
    r"[;–—]|\b(?:which|whereas|while|but|although|though|so\s+that|in\s+order\s+to)\b",
    re.IGNORECASE,
)
# A number introduced like this is a difference, not a level: "cut by 200,000", "grew by 5%".
_DELTA = re.compile(
    r"\bby\s+(?:(?:about|around|some|nearly|almost|roughly|more\s+than|over|up\s+to|another|"
    r"a\s+further)\s+)?$",
    re.IGNORECASE,
)
# Between a past period and a number, these turn the sentence back to the present. A
# contrast alone ("Moscow demanded 85,000, while Kyiv offered 250,000") stays in the past.
_BACK_TO_NOW = re.compile(
    r"[;–—]|\b(?:now|today|currently|since\s+then|these\s+days)\b", re.IGNORECASE
)
# The writer's own opinion or a hypothetical weighed against another: not a reported number
# ("I suspect a 10-point plan would serve everyone better than 28 points"). Dates are
# exempt: "I think we will meet next Tuesday" from a negotiator is how talks get announced.
_OPINION = re.compile(
    r"\bI\s+(?:(?:still|also|would|do)\s+)?(?:suspect|think|believe|reckon|guess|doubt|"
    r"would|'d|argue|propose|suggest|prefer)\b|\bI'd\b|"
    r"\bin\s+my\s+(?:view|opinion|judgment|judgement)\b|\bmy\s+(?:guess|bet|hunch)\b|"
    r"\b(?:would|could|might|should)\s+(?:\w+\s+){0,4}(?:better|worse|preferable|wiser)\b",
    re.IGNORECASE,
)
# A part of a total given before ("Of those, up to 325,000 ... were killed"), a value a
# correction withdraws ("misstated the share as 12 per cent"), a report someone denies.
_PART_OF = re.compile(r"^\W*(?:of|among)\s+(?:those|them|these|whom|which)\b", re.IGNORECASE)
_WITHDRAWN = re.compile(
    r"\b(?:misstated|misreported|mistakenly|incorrectly|erroneously|wrongly)\b|"
    r"\ban\s+earlier\s+version\s+of\s+this\b|"
    r"\b(?:den(?:y|ies|ied|ying)|dismiss(?:ed|es|ing)?|refut(?:ed|es|ing)?|reject(?:ed|s|ing)?)"
    r"\s+(?:\w+\s+){0,3}(?:reports?|claims?|suggestions?|speculation|rumou?rs?)\b",
    re.IGNORECASE,
)
# A value given as the whole: it outranks other values of the fact in the same article.
_TOTAL = re.compile(
    r"\b(?:in\s+total|in\s+all|all\s+told|altogether|combined|taken\s+together|overall)\b",
    re.IGNORECASE,
)


def states_total(sentence: str) -> bool:
    """The sentence gives a value as the whole ("taken together, close to 1.8 million")."""
    return bool(_TOTAL.search(sentence))


# A number that is the subject of a passive or perfect verb whose participle is the cue:
# "1.5 million Russian and Ukrainian soldiers have now been killed".
_AUX_BEFORE_CUE = re.compile(
    r"\b(?:have|has|had|were|was|are|is|been|be|being)\b(?:\s+\w+){0,2}\s*$", re.IGNORECASE
)
# An aside set off by a pair of dashes or brackets does not end the clause around it:
# "casualties — soldiers killed and wounded — now total roughly 1.4m".
_ASIDE = re.compile(r"\s*[–—]\s*[^–—;]*?\s*[–—]\s*|\s\([^()]*\)\s")
# A sentence with one of these speaks of the present even in a paragraph about the past.
_PRESENT = re.compile(
    r"\b(?:now|today|currently|current|latest|new|newest|this\s+(?:week|month|year)|will|"
    r"would|is|are|has|have)\b",
    re.IGNORECASE,
)
# A date right after one of these is where the sentence's event was moved: it counts however
# far the cue ("talks ..., originally set for Sunday, has been pushed to Wednesday").
_MOVED_TO = re.compile(
    r"\b(?:pushed|moved|postponed|rescheduled|delayed|brought\s+forward|put\s+off|shifted)"
    r"\s+(?:back\s+)?(?:to|until|till|for)\s+(?:the\s+)?(?:next\s+|this\s+|coming\s+)?$",
    re.IGNORECASE,
)
# ... and a date introduced like this is the one it was moved from ("originally set for Sunday").
_WAS_SET_FOR = re.compile(
    r"\b(?:originally|initially|previously|first|earlier)\s+(?:\w+\s+){0,2}(?:for|on)\s+"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)
_TO_NEXT = re.compile(r"^\s*(?:\w+\s+)?to\s+", re.IGNORECASE)
_BULLET = re.compile(r"^[\s\u2022•*·-]+")
BEFORE_LIMIT = 3  # words a number may stand *before* its cue ("600,000-member cap")


def split_sentences(text: str) -> list[str]:
    """Lines always split; within a line, split after . ! ? unless an abbreviation ends there."""
    sentences: list[str] = []
    for line in text.splitlines():
        line = _BULLET.sub("", line).strip()
        if not line:
            continue
        start = 0
        for m in _BOUNDARY.finditer(line):
            head = line[start : m.start() + 1]
            if _ABBREV.search(head):
                continue
            sentences.append(line[start : m.end()].strip())
            start = m.end()
        if line[start:].strip():
            sentences.append(line[start:].strip())
    return sentences


def _words_between(sentence: str, a: int, b: int) -> int:
    return len(_WORD.findall(sentence[min(a, b) : max(a, b)]))


def _about(spec: FactSpec, sentence: str) -> list[re.Match[str]]:
    if any(p.search(sentence) for p in spec.exclude):
        return []
    if spec.subject and not any(p.search(sentence) for p in spec.subject):
        return []
    return [m for p in spec.cues for m in p.finditer(sentence)]


def _eligible(spec: FactSpec, n: NumberMatch) -> bool:
    if (spec.kind == "percent") != n.is_percent:
        return False
    if spec.minimum is not None and n.value < spec.minimum:
        return False
    if spec.maximum is not None and n.value > spec.maximum:
        return False
    if n.unit and any(p.search(n.unit) for p in spec.reject_units):
        return False
    return not spec.units or any(p.search(n.unit) for p in spec.units)


def _distance(
    spec: FactSpec, sentence: str, cue: re.Match[str], start: int, end: int
) -> int | None:
    """Words from cue to value, or None when too far or in another clause."""
    if start >= cue.end():  # value after the cue: "capped at 600,000"
        gap = _ASIDE.sub(" ", sentence[cue.end() : start])
        if _RELATIVE_CLAUSE.search(gap):
            return None  # "no limit on X's army, which was expanded to 1.5 million"
        words = len(_WORD.findall(gap))
        return words if words <= spec.window else None
    if end <= cue.start():  # value before the cue: "a 600,000-member cap", "1.2m killed"
        gap = sentence[end : cue.start()]
        words = _words_between(sentence, end, cue.start())
        limit = spec.window if spec.units else max(BEFORE_LIMIT, spec.window // 2)
        if _AUX_BEFORE_CUE.search(gap):
            limit = max(limit, spec.window)
        return words if words <= limit and not _CLAUSE_BREAK.search(gap) else None
    return 0  # the cue is inside the value expression ("28-point")


def _is_old(sentence: str, n: NumberMatch, numbers: list[NumberMatch]) -> bool:
    """'from 600,000 to 800,000': the first is old; 'up from the 600,000': old."""
    if not _OLD_MARK.search(sentence[max(0, n.start - 40) : n.start]):
        return False
    after = sentence[n.end : n.end + 30]
    followed_by_new = _TO_NEXT.match(after) and any(m.start > n.end for m in numbers)
    return bool(followed_by_new) or not _TO_NEXT.match(after)


def _is_delta(sentence: str, n: NumberMatch) -> bool:
    return bool(_DELTA.search(sentence[max(0, n.start - 30) : n.start]))


def _in_the_past(sentence: str, n: NumberMatch, periods: list[tuple[int, int]]) -> bool:
    """A number stated of a past period: after "In August 2023," with nothing turning the
    sentence back to the present, or right before it ("250,000 in 2022")."""
    for start, end in periods:
        if end <= n.start and not _BACK_TO_NOW.search(sentence[end : n.start]):
            return True
        gap = sentence[n.end : start]
        if n.end <= start and _words_between(sentence, n.end, start) <= 3 and "," not in gap:
            return True
    return False


def _numbers(
    spec: FactSpec, sentence: str, periods: list[tuple[int, int]]
) -> list[tuple[float, int, int]]:
    cues = _about(spec, sentence)
    if not cues:
        return []
    numbers = find_numbers(sentence, shares=spec.kind == "percent")
    candidates = [
        n
        for n in numbers
        if _eligible(spec, n)
        and not _is_old(sentence, n, numbers)
        and not _is_delta(sentence, n)
        and not _in_the_past(sentence, n, periods)
    ]
    found: dict[float, tuple[float, int, int]] = {}
    for cue in cues:
        best: tuple[int, NumberMatch] | None = None
        for n in candidates:
            d = _distance(spec, sentence, cue, n.start, n.end)
            if d is not None and (best is None or d < best[0]):
                best = (d, n)
        if best:
            n = best[1]
            found.setdefault(n.value, (n.value, n.start, n.end))
    return list(found.values())


def _dates(
    spec: FactSpec, sentence: str, published: datetime | None
) -> list[tuple[object, int, int]]:
    cues = _about(spec, sentence)
    if not cues:
        return []
    floor = (published - timedelta(days=1)).date() if published else None
    out: dict[object, tuple[object, int, int]] = {}
    for d in resolve_dates(sentence, published):
        if d.attribution or d.is_past or (floor and d.value < floor):
            continue
        before = sentence[max(0, d.start - 40) : d.start]
        if _WAS_SET_FOR.search(before):
            continue
        if _MOVED_TO.search(before):
            out.setdefault(d.value, (d.value, d.start, d.end))
        elif any(
            _distance(spec, sentence, c, d.start, d.end) is not None
            or _words_between(sentence, d.end, c.start()) <= spec.window
            for c in cues
            if c.start() >= d.end
        ):
            out.setdefault(d.value, (d.value, d.start, d.end))
        elif any(_distance(spec, sentence, c, d.start, d.end) is not None for c in cues):
            out.setdefault(d.value, (d.value, d.start, d.end))
    return list(out.values())


def extract_facts(
    text: str, specs: Sequence[FactSpec], published: datetime | None
) -> list[FactValue]:
    """Every (fact, value) stated in `text`, once per sentence, with the sentence. Numbers said
    of a period well before `published` ("In August 2023, ... 500,000") are history, as are
    those of a paragraph that moved into such a period and never came back to the present."""
    values: list[FactValue] = []
    lines = [line for line in text.splitlines() if line.strip()]
    question = ""
    for line in lines:
        sentences = split_sentences(line)
        if question and sentences:  # "How big could the army be?" / "Under the draft, 800,000."
            sentences[0] = f"{question} {sentences[0]}"
        question = sentences[0] if len(sentences) == 1 and sentences[0].endswith("?") else ""
        if question:
            continue
        in_past = False
        for sentence in sentences:
            periods = past_periods(sentence, published)
            whole = [(0, 0)] if in_past and not periods and not _PRESENT.search(sentence) else []
            values.extend(_sentence_values(sentence, specs, published, periods or whole))
            in_past = bool(periods) or (in_past and not _PRESENT.search(sentence))
    return values


def _sentence_values(
    sentence: str,
    specs: Sequence[FactSpec],
    published: datetime | None,
    periods: list[tuple[int, int]],
) -> list[FactValue]:
    values: list[FactValue] = []
    if _WITHDRAWN.search(sentence):
        return values
    # an opinion or a part of a total states no number of a fact (dates still count)
    no_numbers = bool(_OPINION.search(sentence) or _PART_OF.search(sentence))
    for spec in specs:
        if spec.kind == "date":
            found = _dates(spec, sentence, published)
        else:
            found = [] if no_numbers else _numbers(spec, sentence, periods)
        for value, start, end in found:
            if spec.kind != "date":
                value = int(value) if float(value).is_integer() else round(value, 2)
            values.append(FactValue(spec.id, value, sentence, (start, end)))  # type: ignore[arg-type]
    return values
