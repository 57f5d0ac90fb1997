"""Finds each tracked fact's values sentence by sentence, with the sentence as evidence.
A value counts only in a sentence about the fact (cue + subject, no exclude), close to its
cue, in range, and not marked as an old or attributed value. Pure: no I/O, no clock."""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from monitor.facts import syntax, tables
from monitor.facts.changes import Approximation, tracks_extreme
from monitor.facts.dates import (
    coming_weekday,
    day_and_month,
    next_occurrence,
    past_periods,
    previous_weekday,
    resolve_dates,
    timeline_day,
)
from monitor.facts.focus import (
    DATELINE,
    DEMONSTRATIVE_START,
    LEAD_PARAGRAPHS,
    PRONOUN_START,
    Focus,
    headings,
    headline_may_decide,
)
from monitor.facts.numbers import NumberMatch, find_numbers
from monitor.models import FactSpec, FactValue, normalised
from monitor.text.calendar import MONTH, WEEKDAY

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

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
    r"(?:\w+\s+){0,2}[$€£¥]?$",
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
_BACK_TO_NOW_WORDS = re.compile(
    r"\b(?:now|today|currently|since\s+then|these\s+days)\b", re.IGNORECASE
)
_BACK_TO_NOW = re.compile(rf"[;–—]|{_BACK_TO_NOW_WORDS.pattern}", re.IGNORECASE)
# The writer's own opinion or a hypothetical weighed against another: not a reported number
# ("I suspect a 10-point plan would serve everyone better than 28 points"). Dates are
# exempt: "I think we will meet next Tuesday" from a negotiator is how talks get announced.
_OPINION = re.compile(
    r"\bI\s+(?:(?:still|also|would|do)\s+)?(?:suspect|think|believe|reckon|guess|doubt|"
    r"would|'d|argue|propose|suggest|prefer)\b|\bI'd\b|"
    r"\bwe\s+(?:still\s+|also\s+|do\s+)?(?:think|reckon|guess|suspect)\b|"
    r"\bin\s+my\s+(?:view|opinion|judgment|judgement)\b|\bmy\s+(?:guess|bet|hunch)\b|"
    r"\b(?:would|could|might|should)\s+(?:\w+\s+){0,4}(?:better|worse|preferable|wiser)\b",
    re.IGNORECASE,
)
_WISH = re.compile(r"\bI\s+(?:would|'d)\b|\bI['’]d\b", re.IGNORECASE)
# A part of a total given before ("Of those, up to 325,000 ... were killed"), a value a
# correction withdraws ("misstated the share as 12 per cent"), a report someone denies.
_PART_OF = re.compile(
    r"^\W*(?:of|among)\s+(?:those|them|these|whom|which|(?:the|that|this)\s+(?:total|sum|"
    r"amount|figure))\b",
    re.IGNORECASE,
)
_WITHDRAWN = re.compile(
    r"\b(?:misstated|misreported|mistakenly|incorrectly|erroneously|wrongly)\b|"
    r"\ban?\s+(?:earlier|previous)\s+version\b|"
    r"\b(?:den(?:y|ies|ied|ying)|dismiss(?:ed|es|ing)?|refut(?:ed|es|ing)?|reject(?:ed|s|ing)?)"
    r"\s+(?:\w+\s+){0,3}(?:reports?|claims?|suggestions?|speculation|rumou?rs?)\b",
    re.IGNORECASE,
)
# ... and so does the sentence after such a one that goes on with what the piece said: "An
# earlier version said 3,510 jobs had been lost; the correct figure is 3,150. It also said
# the airline's debts were €815 million; they are €851 million."
_ALSO_SAID = re.compile(
    r"^\W*(?:it|the\s+(?:article|story|report|piece|version))\s+also\s+"
    r"(?:said|stated|reported|gave|misstated|wrote)\b",
    re.IGNORECASE,
)
# The next sentence withdraws this one: "That figure was wrong.", "This date is incorrect."
_CALLED_WRONG = re.compile(
    r"\W*(?:(?:that|this|the|these|those)\s+(?:figure|number|date|claim|report|estimate|"
    r"statement|total|price|amount)s?|that|this)\s+(?:was|were|is|are)\s+(?:\w+\s+)?"
    r"(?:wrong|incorrect|inaccurate|false|mistaken|untrue|in error)\b",
    re.IGNORECASE,
)
# A value given as the whole: it outranks other values of the fact in the same article.
_TOTAL = re.compile(
    r"\b(?:in\s+total|in\s+all|all\s+told|altogether|combined|taken\s+together|overall|"
    r"cumulative(?:ly)?|to\s+date)\b|\(\s*total\s*\)"  # a key's "(total)"
    r"|^\s*\|\s*total\b",  # a row whose key opens with "Total"
    re.IGNORECASE,
)


# A value given as a bound or a threshold crossed, not the figure itself (an approximation,
# "roughly 1.4m", is a figure)
_BOUND = re.compile(
    r"\b(?:more\s+than|over|at\s+least|upwards\s+of|pass(?:es|ed)?|tops?|topped|"
    r"exceed(?:s|ed)?|surpass(?:es|ed)?|crossed|hits?|above|beyond|(?<!the\s)past)"
    r"\s+(?:[$€£¥]\s*)?$",
    re.IGNORECASE,
)


# A ceiling stated as such: "could face up to 10 years", "a maximum fine of $5,000"
_UP_TO = re.compile(
    r"\b(?:up\s+to|as\s+(?:much|many|long)\s+as|a\s+maximum(?:\s+\w+){0,2}\s+of)\s+\S?$",
    re.IGNORECASE,
)
_CEILING_WORDS = frozenset({"maximum", "max", "ceiling", "cap", "limit"})


def _ceiling(spec: FactSpec, sentence: str, n: NumberMatch) -> bool:
    """The fact is a ceiling (its label names a maximum: "Maximum prison term faced") and
    the number is given as one ("could face up to 10 years"): what may happen is then the
    fact itself, not a speculation about it."""
    return tracks_ceiling(spec) and bool(_UP_TO.search(sentence[max(0, n.start - 40) : n.start]))


def tracks_ceiling(spec: FactSpec) -> bool:
    """The fact's label names a ceiling: a maximum, a cap, a limit."""
    return bool(spec.label_words() & _CEILING_WORDS)


# Words of a label that tracks a forecast itself ("Projected budget deficit")
_FORECAST_WORDS = frozenset(
    {"projected", "projection", "forecast", "forecasted", "predicted", "prediction", "expected",
     "outlook"}
)  # fmt: skip


def tracks_forecast(spec: FactSpec) -> bool:
    """The fact's label names a forecast ("Projected budget deficit"): what the agency
    projects is the fact itself ("projects a deficit of $42 million"), not a speculation
    about it. A speculative verb ("could reach") still speculates."""
    return bool(spec.label_words() & _FORECAST_WORDS)


# A value given in round figures: "nearly 1,500", "about 46 degrees", "some 300"
_ABOUT = re.compile(
    r"\b(?:about|around|nearly|almost|roughly|some|approximately|close\s+to|just\s+under|"
    r"an\s+estimated|estimated|~)\s+\S?$",
    re.IGNORECASE,
)


# A mark the count is approached from below, not reached: "cull nears a million",
# "a toll approaching 100", "just short of 2,000"
_NEARS = re.compile(
    r"\b(?:nears|neared|nearing|approach(?:es|ed|ing)?|just\s+short\s+of|closing\s+in\s+on)"
    r"\s+(?:[$€£¥]\s*)?$",
    re.IGNORECASE,
)


def approximation(value: FactValue) -> Approximation:
    """How roughly the value is given: "about" ("nearly 1,500"), "above" for a lower bound
    ("more than 1,400", "cases pass 2,000", "pushes the deficit past $100 million"), "below"
    for a mark approached ("nears a million"), or "" when exactly."""
    before = value.sentence[max(0, value.span[0] - 20) : value.span[0]]
    if _BOUND.search(before):
        return "above"
    if _NEARS.search(before):
        return "below"
    said = value.sentence[value.span[0] : value.span[1]].strip()
    if _FRACTION.fullmatch(said):
        return "fraction"  # "barely a third": a round share
    if _ROUND_IN_WORDS.fullmatch(said) and _quoted(value.sentence, value.span[0]):
        return "about"  # '"Forty thousand people stuck abroad deserve to know"': rhetoric
    return "about" if _ABOUT.search(before) else ""


def _quoted(sentence: str, at: int) -> bool:
    """The offset lies inside a quotation: an odd number of quotation marks before it."""
    before = sentence[:at]
    return (before.count('"') + before.count("“") + before.count("”")) % 2 == 1


# a round figure written in words: one word of tens or units and a scale ("forty thousand",
# "two million", "a hundred thousand"), not "forty-one thousand five hundred"; said in a
# quotation it is a speaker's round figure (a writer's own "has reached eight million, up
# from 7.9 million" is the new figure)
_ROUND_IN_WORDS = re.compile(
    r"(?:a|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|a\s+hundred|one\s+hundred)\s+(?:thousand|million|billion)",
    re.IGNORECASE,
)


# a share given only as a fraction: "a third", "half", "two-thirds"; not "four and a half"
_FRACTION = re.compile(
    r"(?:(?:a|an|one|two|three|four)[\s-]+)?(?:half|thirds?|quarters?|fifths?|sixths?|tenths?)",
    re.IGNORECASE,
)


def is_bound(value: FactValue) -> bool:
    """The value is a bound or a threshold ("more than 2,000", "cases pass 2,000")."""
    return approximation(value) == "above"


def states_total(fv: FactValue) -> bool:
    """The value is given as the whole: its sentence says so ("taken together, close to 1.8
    million"), the count was brought to it (`RUNNING_TOTAL`), or it is what the count is
    now ("The confirmed death toll is now 71", "now stands at 71")."""
    before = fv.sentence[max(0, fv.span[0] - _NOW_REACH) : fv.span[0]]
    return bool(_TOTAL.search(fv.sentence) or _NOW.search(before)) or RUNNING_TOTAL in fv.why


# "is now 71", "now stands at 71", "has now risen to 71": what the count is now (not "Until
# now, 16 crew had been held")
_NOW = re.compile(
    r"\b(?:is|are|has|have|stands?|at)\s+now\b|\bnow\s+(?:stands?|at|totals?|is|are)\b",
    re.IGNORECASE,
)
_NOW_REACH = 25


# the evidence term of a value that a count was brought to ("brings to nine the number")
RUNNING_TOTAL = "a running total"


# A number that is the subject of a passive or perfect verb whose participle is the cue:
# "1.5 million Russian and Ukrainian soldiers have now been killed".
_AUX_BEFORE_CUE = re.compile(
    r"\b(?:have|has|had|were|was|are|is|been|be|being)\b(?:\s+\w+){0,2}\s*$", re.IGNORECASE
)
# An aside set off by a pair of dashes or brackets does not end the clause around it:
# "casualties — soldiers killed and wounded — now total roughly 1.4m". Brackets may hold
# one pair more: "44 deaths (case fatality ratio (CFR) 2.4%)".
_ASIDE = re.compile(r"\s*[–—]\s*[^–—;]*?\s*[–—]\s*|\s\((?:[^()]|\([^()]*\))*\)(?=[\s,.;:])")
# A sentence with one of these speaks of the present even in a paragraph about the past.
_PRESENT = re.compile(
    r"\b(?:now|today|currently|current|latest|new|newest|this\s+(?:week|month|year)|will|"
    r"would|is|are|has|have)\b",
    re.IGNORECASE,
)
# A day of the story's own week: a paragraph that opens on one is back in the present
_THIS_WEEK = re.compile(
    rf"\b(?:{WEEKDAY}|yesterday|today|tonight|this\s+(?:morning|afternoon|evening|week))\b",
    re.IGNORECASE,
)
# A date right after one of these is where the sentence's event was moved: it counts however
# far the cue ("talks ..., originally set for Sunday, has been pushed to Wednesday").
_MOVED_TO = re.compile(
    r"\b(?:pushed|moved|postponed|rescheduled|delayed|brought\s+forward|put\s+off|shifted)"
    r"\s+(?:back\s+)?(?:to|until|till|for)\s+(?:the\s+)?(?:next\s+|this\s+|coming\s+)?$",
    re.IGNORECASE,
)
# ... and a date introduced like this is the one it was moved from ("originally set for
# Sunday"), as is one the adverb alone introduces ("15 May (previously 17 May)").
_WAS_SET_FOR = re.compile(
    r"\b(?:(?:originally|initially|previously|first|earlier)\s+(?:\w+\s+){0,2}(?:for|on)\s+"
    r"(?:the\s+)?|(?:originally|initially|previously|formerly):?\s+)$",
    re.IGNORECASE,
)
# A date given as the one replaced: "allowed back on Monday, Dec. 7, rather than Dec. 4"
_REPLACED = re.compile(
    r"\b(?:rather\s+than|instead\s+of|in\s+place\s+of|not)\s+(?:on\s+|the\s+)?$", re.IGNORECASE
)
_TO_NEXT = re.compile(r"^\s*(?:\w+\s+)?to\s+", re.IGNORECASE)
_BULLET = re.compile(r"^[\s\u2022•*·-]+")
BEFORE_LIMIT = 3  # words a number may stand *before* its cue ("600,000-member cap")


# News sentences run to a few hundred characters; a longer "sentence" is a list, a table
# flattened into text or a hostile summary, and reading it whole costs time that grows
# faster than its length. It is read in pieces of at most this many characters, cut at a
# clause mark or a space, so the work per article stays linear in its length.
MAX_SENTENCE = 600
_CLAUSE_CUT = re.compile(r"[;,:]\s")
_WORD_CUT = re.compile(r"\s")


def _pieces(sentence: str) -> list[str]:
    """The sentence in pieces of at most MAX_SENTENCE characters: cut at the last clause
    mark in the second half of a piece, else at the last space, else hard."""
    out = []
    while len(sentence) > MAX_SENTENCE:
        head = sentence[:MAX_SENTENCE]

        def last(cut: re.Pattern[str], head: str = head) -> int | None:
            ends = [m.end() for m in cut.finditer(head) if m.end() > MAX_SENTENCE // 2]
            return ends[-1] if ends else None

        cut = last(_CLAUSE_CUT) or last(_WORD_CUT) or MAX_SENTENCE
        out.append(sentence[:cut].strip())
        sentence = sentence[cut:].strip()
    return [*out, sentence] if sentence else out


def split_sentences(text: str) -> list[str]:
    """Lines always split; within a line, split after . ! ? unless an abbreviation ends there;
    a sentence longer than MAX_SENTENCE characters is read in pieces."""
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
            sentences.extend(_pieces(line[start : m.end()].strip()))
            start = m.end()
        if line[start:].strip():
            sentences.extend(_pieces(line[start:].strip()))
    return sentences


def _a_measure(spec: FactSpec, noun: Token | None) -> bool:
    """The counted noun is a unit of measure (the fact's own units, a span of time, money):
    "one million dollars in damage", "10 years in prison" measure, they count no members."""
    if noun is None:
        return False
    word = noun.lemma_.lower()
    return (
        word in syntax.TIME_UNITS
        or word in _MONEY_NOUNS
        or any(_unit_in(p, noun.text.lower()) for p in spec.units)
    )


def _cued_tokens(doc: Doc | None, cues: Sequence[re.Match[str]]) -> frozenset[int]:
    """The tokens of the sentence's cue matches."""
    if doc is None:
        return frozenset()
    return frozenset(
        t.i for c in cues for t in doc if t.idx < c.end() and t.idx + len(t.text) > c.start()
    )


def _cell_of(spec: FactSpec, cell: tables.Cell) -> bool:
    """A table's cell may hold the fact. Not when another column's heading names the fact
    (the "Seats" column holds the seats, not the vote share of a row labelled "... seats"),
    nor when the row's label names one of the story's other parties, nor a caption. Where
    its own column's heading names the fact and the fact names its entity, the rows are
    entities: only the row that is ours counts (not one whose name only holds our name,
    "Harrowmere Royal Infirmary"), or without one the total ("| Kovia | 5.00%
    |" under "Policy rate" is a neighbour's rate). Where a row is the total, the others are
    its parts. A row that itself names an indicator ("| Next MPC decision | 17 Dec 2026 |")
    is read as such, whatever else its table's labels name."""
    if cell.caption:
        return False
    column = bool(_about(spec, cell.heading))
    if not column and any(_about(spec, h) for h in cell.headings):
        return False
    if any(p.search(cell.label) for p in spec.others):
        return False
    if column and spec.entity:
        if any(_row_of_entity(spec, label) for label in cell.labels):
            return _row_of_entity(spec, cell.label)
        return tables.is_total(cell.label)
    return tables.is_total(cell.label) or not any(tables.is_total(x) for x in cell.labels)


# a capitalised word: what is left of a row label beside the entity's name that makes the
# label another name ("Harrowmere Royal Infirmary" is a hospital of the Harrowmere board)
_CAPITALISED = re.compile(r"\b[A-Z][\w'-]*")


def _row_of_entity(spec: FactSpec, label: str) -> bool:
    """A table row's label is the tracked entity: it names it ("Civic Alliance", "Civic
    Alliance (CA)", "Harrowmere total"), and no other name is made of it ("Harrowmere Royal
    Infirmary" names a hospital of the board, one of its parts)."""
    for p in spec.entity:
        found = p.search(label)
        if found is not None:
            rest = _BRACKETS.sub("", label[: found.start()] + " " + label[found.end() :])
            if not _CAPITALISED.search(rest):
                return True
    return False


def _words_between(sentence: str, a: int, b: int) -> int:
    return len(_WORD.findall(sentence[min(a, b) : max(a, b)]))


# Between a cue and the event noun it names: "vaccination campaign", "oral vaccination drive"
_COMPOUND_GAP = re.compile(r"^[\w-]*(?:\s+[\w-]+){0,1}\s+$")


def _with_anaphors(spec: FactSpec, texts: Sequence[str]) -> FactSpec:
    """For a date fact: an event noun the article first names with a cue ("the mass
    vaccination campaign") carries the cue when it comes back alone ("the campaign, which
    had been scheduled to start on 19 October, would now begin on 26 October")."""
    if spec.kind != "date" or not spec.subject:
        return spec
    nouns: set[str] = set()
    for text in texts:
        for cue in (m for p in spec.cues for m in p.finditer(text)):
            for subject in (m for p in spec.subject for m in p.finditer(text)):
                gap = text[cue.end() : subject.start()]
                if 0 <= subject.start() - cue.end() <= 25 and _COMPOUND_GAP.match(gap):
                    nouns.add(subject.group(0).lower())
    if not nouns:
        return spec
    extra = tuple(re.compile(rf"\b{re.escape(n)}\b", re.IGNORECASE) for n in sorted(nouns))
    return replace(spec, cues=spec.cues + extra)


# A term a document defines for a name, in brackets right after it: 'Corvalis Airways S.A.
# ("the Company")', 'Caldris Energy Storage ("Caldris" or "the Company")'
_DEFINED = re.compile(r"\(([^()]{2,80})\)")
_QUOTED = re.compile(r"[\"“]\s*(?:the\s+)?([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2})\s*[\"”]")
# how far before the bracket the name it defines may end ("Corvalis Airways S.A. (")
_DEFINED_AFTER = 12


def _with_aliases(spec: FactSpec, texts: Sequence[str]) -> FactSpec:
    """For a fact that names its entity: a term the article defines for one of its names
    ('Corvalis Airways S.A. ("the Company")') stands for it wherever it comes back, written
    as defined ("the Company's debts total €784 million"); a lower-case "company" is not
    it."""
    if not spec.entity:
        return spec
    aliases: set[str] = set()
    for text in texts:
        for m in _DEFINED.finditer(text):
            before = text[max(0, m.start() - 80) : m.start()]
            named = [n for p in spec.entity for n in p.finditer(before)]
            if not any(len(before) - n.end() <= _DEFINED_AFTER for n in named):
                continue
            aliases |= {q.group(1) for q in _QUOTED.finditer(m.group(1))}
    known = [a for a in sorted(aliases) if not any(p.fullmatch(a) for p in spec.entity)]
    if not known:
        return spec
    extra = tuple(re.compile(rf"\b{re.escape(a)}\b") for a in known)
    return replace(spec, entity=spec.entity + extra)


# A person's age stated on its own, the way obituaries and profiles close a paragraph:
# "He was 95.", "Felt was 95.", "She is 33 years old." The subject and verb stand in for the
# cue of an age fact.
_AGE_COPULA = re.compile(
    r"^[\"'“‘]?(?:He|She|[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,2})\s+(?:was|is|turned)"
    r"(?=\s+\d{1,3}(?:\s+years?\s+old)?\s*[.!]?[\"'”’]?\s*$)"
)
# "Patrick Carlineo Jr., 55, of Addison": the name a number is set beside, as an age's cue
_AGE_APPOSITION = re.compile(r"\b[A-Za-z][\w'’.-]*(?=,\s+\d{1,3},)")
_AGE_WORDS = ("age", "aged", "years old")
_YEARS_OLD = re.compile(r"[\s-]+years?[\s-]+old\b", re.IGNORECASE)


def tracks_age(spec: FactSpec) -> bool:
    """The fact is a person's age: one of its cues is the word "age" ("aged", "years old")."""
    return spec.kind == "number" and any(p.search(w) for p in spec.cues for w in _AGE_WORDS)


def _with_age_copula(spec: FactSpec) -> FactSpec:
    """For an age fact: "He was 95." and "Parise, 35, scored" state the age without a cue
    word (the parse still has to set the number beside the name)."""
    if not tracks_age(spec):
        return spec
    return replace(spec, cues=(*spec.cues, _AGE_COPULA, _AGE_APPOSITION))


def _about(spec: FactSpec, sentence: str, *, scoped: bool = False) -> list[re.Match[str]]:
    """The cues of a sentence about the fact (cue and subject). An exclude pattern rules the
    sentence out, unless `scoped`: then it rules out only values in its own clause, which
    the caller checks on the parse (`_excluded`)."""
    if not scoped and any(p.search(sentence) for p in spec.exclude):
        return []
    if spec.subject and not any(p.search(sentence) for p in spec.subject):
        return []
    return [m for p in spec.cues for m in p.finditer(sentence)]


def _excluded(
    spec: FactSpec, sentence: str, doc: Doc, cue: tuple[int, int], value: tuple[int, int]
) -> bool:
    """An exclude pattern in the clause of the value or of its cue, or in a clause above it:
    "raised its offer to 4.5%, and the union lowered its claim to 7.5%" excludes the claim,
    not the offer; "the forecast assumes that the rate averages 3.9%" is excluded by
    "forecast"; "cut to 3.75%, a bigger move than economists had expected" is not."""
    spans = [
        m.span()
        for p in spec.exclude
        for m in p.finditer(sentence)
        if doc.text[m.start() : m.end()].strip()  # not in an aside blanked for the parse
    ]
    return any(syntax.governs(doc, span, value) or syntax.governs(doc, span, cue) for span in spans)


def _eligible(spec: FactSpec, sentence: str, n: NumberMatch) -> bool:
    if (spec.kind == "percent") != n.is_percent:
        return False
    if spec.minimum is not None and n.value < spec.minimum:
        return False
    if spec.maximum is not None and n.value > spec.maximum:
        return False
    if n.unit in _MULTIPLIERS and not any(_unit_in(p, n.unit) for p in spec.units):
        return False  # "about 14 times next year's profit" is a ratio, not an amount
    if _other_currency(spec, sentence, n) or _money_for_a_count(spec, sentence, n):
        return False
    after = _after(sentence, n.end)
    return not (after and any(_word_match(p, after) for p in spec.reject_units))


_MULTIPLIERS = frozenset({"times", "fold", "-fold"})


# A currency, by the symbol or code before an amount or the word after it
_CURRENCY_NAMES = {
    "dollar": ("$", "usd", "us$", "dollar", "dollars"),
    "euro": ("€", "eur", "euro", "euros"),
    "pound": ("£", "gbp", "pound", "pounds", "sterling"),
    "yen": ("¥", "jpy", "yen"),
}
_BEFORE_AMOUNT = re.compile(r"(US\$|[$€£¥]|\b(?:USD|EUR|GBP|JPY)\s?)$", re.IGNORECASE)
_LABEL_CURRENCY = re.compile(r"\b(dollars?|euros?|pounds?|sterling|yen)\b|([$€£¥])", re.IGNORECASE)


# Words of a label that count people or things, not money ("Customers without power")
_COUNTED = frozenset(
    {"people", "persons", "customers", "households", "homes", "properties", "deaths", "dead",
     "killed", "injured", "injuries", "wounded", "missing", "cases", "patients", "workers",
     "staff", "employees", "jobs", "seats", "votes", "troops", "soldiers", "passengers",
     "residents", "evacuees", "evacuated", "members", "users", "arrests", "arrested",
     "hostages", "victims", "survivors", "strikers", "children", "students", "visitors"}
)  # fmt: skip
_MONEY_WORDS = frozenset(
    {"price", "cost", "costs", "fine", "fines", "value", "worth", "pay", "paid", "wage",
     "wages", "salary", "amount", "money", "fee", "fees", "damages", "compensation", "loss",
     "losses", "budget", "funding", "revenue", "profit", "offer", "deal", "bill", "spending"}
)  # fmt: skip


def _counts_things(spec: FactSpec) -> bool:
    """The fact's label counts people or things and names no money: a word of people or
    things ("Heat deaths"), or a plural its own cue names ("Satellites on board" with the
    cue `satellites?`)."""
    words = spec.label_words()
    if words & _MONEY_WORDS or _LABEL_CURRENCY.search(spec.label):
        return False
    plurals = (w for w in words if len(w) > 3 and w.endswith("s") and not w.endswith("ss"))
    return bool(words & _COUNTED) or any(p.fullmatch(w) for w in plurals for p in spec.cues)


def _money_for_a_count(spec: FactSpec, sentence: str, n: NumberMatch) -> bool:
    """An amount of money ("€40 for each further 12 hours") is no count of people or things:
    the fact's label counts them and names no money."""
    return _counts_things(spec) and _said_currency(sentence, n) is not None


# nouns a sum of money is counted in, beyond the currencies `_CURRENCY_NAMES` knows
_MONEY_NOUNS = frozenset(
    {"dollar", "euro", "pound", "yen", "crown", "krona", "krone", "franc", "mark", "rupee",
     "peso", "yuan", "rand", "shilling", "lira", "dinar", "dirham", "riyal", "won", "ruble",
     "rouble", "zloty", "forint", "leu", "koruna", "real", "naira", "cedi", "baht", "ringgit",
     "credit", "coin", "cent", "penny", "pence", "grand", "buck", "share"}
)  # fmt: skip


def _count_for_money(spec: FactSpec, sentence: str, doc: Doc, n: NumberMatch) -> bool:
    """A fact of money (its label names a price, a cost, a fine ... or a currency) and a
    number with no currency that counts a plural noun of things ("pledged to buy 100,000
    electric delivery vans"): a count, not an amount. A noun the label names is its
    currency ("4,800 thalers" for "Annual tuition fee (thalers)")."""
    words = spec.label_words()
    if not (words & _MONEY_WORDS or _LABEL_CURRENCY.search(spec.label)) or _counts_things(spec):
        return False
    if _said_currency(sentence, n) is not None:
        return False
    noun = syntax.counted_noun(doc, n.start, n.end)
    return (
        noun is not None
        and noun.tag_ == "NNS"
        and noun.lemma_.lower() not in _MONEY_NOUNS
        # the currency the label names: "Annual tuition fee (thalers)"
        and not {noun.lower_, noun.lemma_.lower()} & words
        and not any(p.search(noun.text) for p in spec.units)
        and not any(p.search(noun.text) for p in spec.cues)  # "eight losses": a team's
    )


def _said_currency(sentence: str, n: NumberMatch) -> str | None:
    """The currency an amount is written in, by the sign or code before it or the word after
    it ("€40", "USD 40", "40 euros"), or None."""
    before = _BEFORE_AMOUNT.search(sentence[max(0, n.start - 5) : n.start])
    return _currency(before.group(1)) if before else _currency(n.unit)


def _currency(token: str) -> str | None:
    token = token.strip().lower()
    return next((name for name, forms in _CURRENCY_NAMES.items() if token in forms), None)


def _other_currency(spec: FactSpec, sentence: str, n: NumberMatch) -> bool:
    """The fact's label names a currency ("Offer per share (dollars)", "Fine (pounds)") and
    the amount is in another ("€31 per share", "12 million euros"): a conversion or another
    market's figure, not the tracked one. An amount with no currency passes."""
    named = _LABEL_CURRENCY.search(spec.label)
    if named is None:
        return False
    wanted = _currency(named.group(0))
    said = _said_currency(sentence, n)
    return said is not None and wanted is not None and said != wanted


def _word_match(pattern: re.Pattern[str], text: str) -> bool:
    """The pattern matches whole words at the start of `text`: `m` (metres) rejects
    "23 m" but not "23 miners", `metres?` rejects "640 metres" but not "640 metresx".
    Users write units as words; a match that ends inside a word is not one."""
    found = pattern.match(text)
    return found is not None and (
        found.end() == len(text) or not (text[found.end()].isalnum() or text[found.end()] == "_")
    )


_LEADING = re.compile(r"^[\s\-\u2010-\u2015]+(?:of\s+)?")


def _after(sentence: str, end: int) -> str:
    """The words right after a number, lower-cased: what `reject_units` patterns match at
    their start, so a pattern of several words ('troops? cap') works like one of one."""
    rest = sentence[end : end + 60]
    lead = _LEADING.match(rest)
    if not lead:
        return ""
    return rest[lead.end() :].lower()


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


_TO_BEFORE = re.compile(r"\bto\s+$", re.IGNORECASE)


def _is_old(sentence: str, n: NumberMatch, numbers: list[NumberMatch]) -> bool:
    """'from 600,000 to 800,000': the first is old; 'up from the 600,000': old."""
    before = sentence[max(0, n.start - 40) : n.start]
    if not _OLD_MARK.search(before) or _TO_BEFORE.search(before):
        return False  # "from the disaster to 11": the "to" value is the new one
    after = sentence[n.end : n.end + 30]
    followed_by_new = _TO_NEXT.match(after) and any(m.start > n.end for m in numbers)
    return bool(followed_by_new) or not _TO_NEXT.match(after)


def replaced(spec: FactSpec, sentence: str, span: tuple[int, int]) -> str:
    """The old value the sentence gives the value as replacing, normalised, or "": "revised
    from 10 to 11", "to €74 million, down from the €78 million" (`_is_old`, next to it)."""
    numbers = find_numbers(sentence, shares=spec.kind == "percent")
    value = next((n for n in numbers if n.start <= span[0] < n.end), None)
    for n in numbers:
        if n is value or not _is_old(sentence, n, numbers):
            continue
        if value is not None and n.is_percent != value.is_percent:
            continue  # "or 3,948 people, ..., up from 41 per cent": another measure
        gap = sentence[n.end : span[0]] if n.end <= span[0] else sentence[span[1] : n.start]
        if len(gap) <= _NEXT_TO and not re.search(r"\d", gap):
            return normalised(int(n.value) if float(n.value).is_integer() else n.value)
    return ""


# how far (characters) an old value stands from the value it is replaced by
_NEXT_TO = 80


def _is_delta(sentence: str, n: NumberMatch) -> bool:
    """A difference, not a level: "cut by 200,000", "four seats short of a majority", "12
    more than last year", "$1.3 million larger", a signed "+1,250" (a table's change
    column)."""
    return bool(
        sentence[max(0, n.start - 1) : n.start] == "+"
        or _DELTA.search(sentence[max(0, n.start - 30) : n.start])
        or _DIFFERENCE_AFTER.match(sentence, n.end)
        or (not n.is_percent and bool(_LARGER_AFTER.match(sentence, n.end)))
    )


# After a number: it is the gap to another figure ("four seats short of a majority")
_DIFFERENCE_AFTER = re.compile(
    r"\s*(?:[a-z]+\s+)?(?:short|shy)\s+of\b|\s*(?:[a-z]+\s+)?(?:more|fewer|less)\s+than\b"
    # not a span of time the next phrase starts: "closed 23 schools less than a week before"
    r"(?!\s+(?:a|an|one|two|three|four|\d+)\s+(?:minute|hour|day|week|month|year)s?\b)",
    re.IGNORECASE,
)
# After an amount or a count: "the deficit is $1.3 million larger". Not after a percentage:
# "prices were 3.5 per cent higher than a year earlier" is the inflation rate itself.
_LARGER_AFTER = re.compile(
    r"\s*(?:[a-z]+\s+)?(?:larger|bigger|greater|higher|lower|smaller|wider|narrower|deeper)\b"
    r"(?!-)",
    re.IGNORECASE,
)


# A value given only as a ceiling the figure stays under: "had been below 1 microgram per
# litre", "fewer than 100 remain" (not "just under", a round figure)
_BELOW = re.compile(
    r"(?<!\bjust )\b(?:below|less\s+than|fewer\s+than|under)\s+(?:[£$€]\s*)?$", re.IGNORECASE
)
# Before a number: the figure something else is measured against ("more than three times
# the £60,000 he earns now", "double the 2,000 expected"), not the fact's value
_COMPARED_TO = re.compile(
    r"\b(?:times|twice|double|triple|treble|thrice)\s+(?:the|that|his|her|its|their)\s+"
    r"(?:[£$€]\s*)?$",
    re.IGNORECASE,
)


def _in_the_past(sentence: str, n: NumberMatch, periods: list[tuple[int, int]]) -> bool:
    """A number stated of a past period: after "In August 2023," with nothing turning the
    sentence back to the present, or right before it ("250,000 in 2022")."""
    for start, end in periods:
        # a whole sentence in the past ("26 cases and 11 deaths between 2009 and 2018") has
        # no period before the number for a new clause to leave: only words come back to now
        back = _BACK_TO_NOW_WORDS if (start, end) == (0, 0) else _BACK_TO_NOW
        if end <= n.start and not back.search(sentence[end : n.start]):
            return True
        gap = sentence[n.end : start]
        if n.end <= start and _words_between(sentence, n.end, start) <= 3 and "," not in gap:
            return True
    return False


# A score or a record written as a pair: "beat the Chiefs 20-13", "have opened 9-14". The
# first is the winner's (or the wins), the second the loser's (or the losses).
_PAIR = re.compile(
    r"(?<![\w.,:/$€£-])(\d{1,3})\s?[-–]\s?(\d{1,3})(?![\w%]|[.,:/-]\d|\s?(?:%|per\s?cent))"
)
_ESCAPE = re.compile(r"\\[A-Za-z]")
_LOSING = frozenset(
    {"lost", "loss", "losses", "lose", "loses", "losing", "fell", "beaten", "loser", "losers"}
)
_WINNING = frozenset(
    {"win", "wins", "won", "beat", "victory", "victories", "defeated", "winning", "winner",
     "winners"}
)  # fmt: skip


def _losing_side(spec: FactSpec) -> bool:
    """The fact is about the losing side of a pair. The label says so when it names one side
    only ("Points scored by the losing side", "76ers losses"), whatever cues find the
    sentence ("beat" states the loser's score as well); otherwise the label and cues
    together name a loss (cues `lost`, `fell`) and no win."""
    label = spec.label_words()
    if (label & _LOSING) and not (label & _WINNING):
        return True
    if (label & _WINNING) and not (label & _LOSING):
        return False
    cues = (_ESCAPE.sub(" ", p.pattern) for p in spec.cues)  # a cue's \b is no letter
    words = label | set(_WORDS.findall(" ".join(cues).lower()))
    return bool(words & _LOSING) and not words & _WINNING


def _pairs(spec: FactSpec, sentence: str, numbers: list[NumberMatch]) -> list[NumberMatch]:
    """A pair is one phrase, read as one number: its first for the winning side, its second
    for a fact about the losing side ("Colts beat Chiefs 20-13": 13 for the Chiefs'
    points). Its span is the whole pair, so the parse ties it to the cue through the first
    number ("won 112-107 over the Thunder": 107 hangs on 112)."""
    if spec.kind != "number":
        return numbers
    losing = _losing_side(spec)
    pairs = {m.start(1): m for m in _PAIR.finditer(sentence)}
    used = {m.start(2) for m in pairs.values() if any(n.start == m.start(1) for n in numbers)}
    out = []
    for n in numbers:
        pair = pairs.get(n.start)
        if pair is not None and n.end == pair.end(1):
            value = float(pair.group(2)) if losing else n.value
            n = replace(n, value=value, start=pair.start(1), end=pair.end(2), unit="")
        elif n.start in used:
            continue  # the pair's second number, read with its first
        out.append(n)
    return out


# "cases rise to 2,480, deaths to 56": a cue noun followed by "to N" with no verb of its own
# shares the verb of the clause before; its number is the one after it
_GAP = re.compile(r"\s+(?:to|at)\s+$")


def _gapped(
    sentence: str, doc: Doc, cue: re.Match[str], candidates: list[NumberMatch]
) -> NumberMatch | None:
    """The number of an elliptical clause whose cue is its noun: "deaths to 56"."""
    following = [n for n in candidates if n.start > cue.end()]
    if not following:
        return None
    n = min(following, key=lambda m: m.start)
    if not _GAP.fullmatch(sentence[cue.end() : n.start]):
        return None
    c = syntax.head_of(doc, *cue.span())
    if c is None or c.pos_ != "NOUN" or c.dep_ in ("nsubj", "nsubjpass", "pobj", "dobj"):
        return None
    return n


# metric units of length and mass, in metres and kilograms: a figure in one is read in the
# unit the fact names ("a 500-metre zone" is 0.5 for a fact in km)
_METRIC: dict[str, tuple[str, float]] = {
    # not "m", which is as often millions ("€40m")
    **dict.fromkeys(("metre", "metres", "meter", "meters"), ("length", 1.0)),
    **dict.fromkeys(("km", "kms", "kilometre", "kilometres", "kilometer", "kilometers"),
                    ("length", 1000.0)),
    **dict.fromkeys(("kg", "kilogram", "kilograms", "kilo", "kilos"), ("mass", 1.0)),
    **dict.fromkeys(("t", "tonne", "tonnes"), ("mass", 1000.0)),
}  # fmt: skip


def in_fact_units(spec: FactSpec, n: NumberMatch) -> NumberMatch:
    """The number in the fact's own metric unit when it is given in another of the same
    kind ("500 metres" for a fact in km: 0.5 km); as it is otherwise."""
    given = _METRIC.get(n.unit)
    if given is None or not spec.units or any(_unit_in(p, n.unit) for p in spec.units):
        return n
    for name, (kind, factor) in _METRIC.items():
        if kind == given[0] and any(_unit_in(p, name) for p in spec.units):
            return replace(n, value=round(n.value * given[1] / factor, 9), unit=name)
    return n


def _candidates(spec: FactSpec, sentence: str, periods: list[tuple[int, int]]) -> list[NumberMatch]:
    """Numbers of the fact's kind and range that are not old, a difference or history."""
    numbers = find_numbers(sentence, shares=spec.kind == "percent", singles=True)
    numbers = [in_fact_units(spec, n) for n in numbers]
    ranges = _ranges(sentence, numbers)
    key = tables.key_end(sentence)  # "| Waiting over 52 weeks | 2,650 |": 52 is a label
    numbers = [n for n in numbers if n.start not in ranges and n.end > key]
    numbers = _pairs(spec, sentence, numbers)
    return [
        n
        for n in numbers
        if not _names_something(spec, sentence, n)
        and _eligible(spec, sentence, n)
        and not _in_the_past(sentence, n, periods)
        and not _COMPARED_TO.search(sentence[max(0, n.start - 30) : n.start])
        and not _a_tally(sentence, n)
        and not (
            _BELOW.search(sentence[max(0, n.start - 20) : n.start])
            and not _ceiling(spec, sentence, n)
        )
        and (
            _is_change_of_level(sentence, n)
            if tracks_change(spec)
            else not (_is_old(sentence, n, numbers) or _is_delta(sentence, n))
        )
    ]


# A vote's tally: "voted 31 to 9", "passed by 41 votes to 12", "approved 7-2"
_TALLIED = re.compile(
    r"\b(?:vot(?:e|es|ed|ing)|pass(?:es|ed)?|approv(?:e|es|ed)|reject(?:s|ed)?|"
    r"defeat(?:s|ed)?|carried|backed)\s+(?:by\s+)?$",
    re.IGNORECASE,
)
_TALLY_REST = re.compile(r"\s*(?:votes?\s+)?(?:to|-|–)\s*\d", re.IGNORECASE)
_TALLY_FIRST = re.compile(r"\d[\d,]*\s*(?:votes?\s+)?(?:to|-|–)\s*$", re.IGNORECASE)


def _a_tally(sentence: str, n: NumberMatch) -> bool:
    """The number is one side of a vote's tally ("Councillors have voted 31 to 9"): how
    many voted one way, no count of what the fact counts."""
    before = sentence[max(0, n.start - 40) : n.start]
    first = _TALLY_FIRST.search(before)
    if first is not None:  # "... 31 to" before the 9
        return bool(_TALLIED.search(before[: first.start()]))
    return bool(_TALLIED.search(before[-20:]) and _TALLY_REST.match(sentence, n.end))


# Words of a label that tracks a change itself ("Percentage rise or fall"), not a level
_CHANGE_WORDS = frozenset(
    {"change", "changes", "rise", "rises", "fall", "falls", "increase", "increases", "decrease",
     "decreases", "growth", "drop", "drops", "decline", "declines", "gain", "gains", "jump"}
)  # fmt: skip
# A level before a number: "to 35%", "from 54%", "at 12%", "reached 8.9%"
_LEVEL_BEFORE = re.compile(
    r"\b(?:to|from|at|of|reached|reaching|stood\s+at|stands\s+at)\s+"
    r"(?:(?:about|around|some|nearly|almost|roughly|just|only|a\s+record)\s+)?$",
    re.IGNORECASE,
)


# Words of a label that tracks when something ends ("Deadline to apply", "Warning ends")
_END_WORDS = frozenset(
    {"deadline", "end", "ends", "ending", "until", "close", "closes", "closing", "expiry",
     "expires", "last", "finish", "finishes"}
)  # fmt: skip


def tracks_end(spec: FactSpec) -> bool:
    """The date fact is when something ends: of a span of days ("between Nov. 8 and Nov.
    28") it takes the last; any other date fact takes the first, when the thing begins."""
    return bool(spec.label_words() & _END_WORDS)


def readings(spec: FactSpec) -> list[str]:
    """What the fact's label, cues and range make monitor read, in words, for the readings a
    user may not expect from what they wrote (`monitor watchlists check` shows them)."""
    out = []
    way = tracks_extreme(spec)
    if way:
        out.append(
            "the highest so far: a lower value never alerts"
            if way > 0
            else "the lowest so far: a higher value never alerts"
        )
    if spec.kind != "date" and tracks_change(spec):
        out.append('a change: "rose by 5%" is its value, the levels "from 3% to 8%" are not')
    if spec.kind == "number" and _counts_things(spec):
        out.append('a count: an amount of money ("€40 per household") is never its value')
    if spec.kind != "date" and tracks_ceiling(spec):
        out.append('a ceiling: "could face up to 10 years" counts, though it may not come')
    if spec.kind != "date" and tracks_forecast(spec):
        out.append('a forecast: "projects a deficit of $42 million" counts; "could reach" does not')
    if spec.kind == "number" and _losing_side(spec):
        out.append('the losing side: of a score "20-13" it reads 13')
    if spec.kind != "date" and _per_unit_fact(spec):
        out.append('a figure for each one: "each resident is allowed 120 litres" counts')
    if spec.kind != "date" and _asked_fact(spec):
        out.append('what is asked for: "the union demands 7%" counts')
    if tracks_age(spec):
        out.append('an age: "Felt, 95," and "He was 95." count without a cue word')
    if _counts_zero(spec):
        out.append('range starts at 0: "no one was hurt" is 0')
    if spec.kind == "date":
        out.append(
            "upcoming dates only: a day already past is ignored"
            if spec.when == "upcoming"
            else "past dates only"
            if spec.when == "past"
            else "any date, past or upcoming"
        )
        if tracks_end(spec):
            out.append('an end: "between Nov. 8 and Nov. 28" gives Nov. 28')
    return out


def tracks_change(spec: FactSpec) -> bool:
    """The fact is a change, not a level: its label names one ("Percentage rise or fall",
    "Change in sales"). Its value is the "by N" of a rise, or the bare "rose 6%"; the "to N"
    and "from N" of the same sentence are the levels before and after. A norm set on a change
    is a level: "Cap on annual rent increases" is the cap ("the cap falls to 2% from 2.5%")."""
    words = spec.label_words()
    return bool(words & _CHANGE_WORDS) and not words & syntax.NORM_NOUNS


def _is_change_of_level(sentence: str, n: NumberMatch) -> bool:
    """For a fact that tracks a change: the number is not a level ("fell from 54% to 35%")."""
    return not _LEVEL_BEFORE.search(sentence[max(0, n.start - 30) : n.start])


def _numbers(
    spec: FactSpec,
    sentence: str,
    doc: Doc,
    candidates: list[NumberMatch],
    disputed: Callable[[], bool] = lambda: False,
    periods: Sequence[tuple[int, int]] = (),
    story: str = "",
) -> list[tuple[float, int, int, syntax.Link]]:
    """Each cue's number: the candidate the parse ties to it by the shortest path inside one
    clause. A bare "one" counts only as a count of something ("killed one person").
    `disputed()`: the article rejects a claim, so what another party reported is not a
    value ("denied a report ... The Courier reported that ... $45")."""
    found: dict[float, tuple[float, int, int, syntax.Link]] = {}
    cues = _about(spec, sentence, scoped=True)
    if _counts_one(spec):
        cue_spans = [c.span() for c in cues]
        candidates = [
            *candidates,
            *(
                NumberMatch(float(count), start, end, unit=noun, single=True)
                for start, end, noun, count in syntax.singulars(doc)
                if not any(s < end and start < e for s, e in cue_spans)
            ),
        ]
    if _counts_zero(spec):  # "no one was hurt": none, for a fact whose range starts at 0
        candidates = [
            *candidates,
            *(
                NumberMatch(0.0, start, end, unit=noun, single=True)
                for start, end, noun in syntax.zeros(doc)
            ),
        ]
    if spec.kind == "number":  # "reported its third case", "a sixth death"
        candidates = [
            *candidates,
            *(
                NumberMatch(value, start, end, unit="", single=False)
                for value, start, end in syntax.ordinal_counts(doc, [c.span() for c in cues])
                if _in_range(spec, value)
            ),
        ]
    brackets = [m.span() for m in _BRACKETS.finditer(sentence)]
    ages = tracks_age(spec)
    forecast = tracks_forecast(spec)
    cued = _cued_tokens(doc, cues)
    for cue in cues:
        best: tuple[tuple[bool, bool, int, int], NumberMatch, syntax.Link] | None = None
        gapped = _gapped(sentence, doc, cue, candidates)
        for n in candidates if gapped is None else [gapped]:
            span = (n.start, n.end)
            tie = syntax.Link(1, "gapped") if gapped else syntax.link(doc, cue.span(), span)
            if tie is None or syntax.is_increment(doc, *span):
                continue
            # an age beside a name ("Hiller, 43,"), a number in a name ("Route 66"); but a
            # number on a noun that is the fact's cue is its value ("alert Level 5")
            named_by_cue = _names_itself(spec, sentence, doc, n)
            if syntax.in_a_name(doc, *span) and not named_by_cue:
                continue
            # an age is the value of a fact that tracks one ("Felt, 95, died")
            if syntax.is_age(doc, *span) and not (named_by_cue or ages):
                continue
            ceiling = _ceiling(spec, sentence, n)  # "if convicted, could face up to 10 years"
            if syntax.hypothetical(doc, *span) and not ceiling:
                continue
            if _excluded(spec, sentence, doc, cue.span(), span):
                continue
            # "17 died, including five at home" is a part; "4,020 cases, including 83 deaths"
            # gives the deaths themselves
            if syntax.included(doc, *span, cued) and not named_by_cue:
                continue
            # a fact that is a forecast reads what is projected, not what only could happen
            if syntax.projected(doc, *span, projections=not forecast) and not ceiling:
                continue
            if syntax.denied(doc, *span) or syntax.separate_matter(doc, *span):
                continue
            if syntax.set_aside(doc, *span):
                continue  # "we will now cut 420 positions, not 360"
            if syntax.left_the_state(doc, *span, cued):
                continue  # "two people listed as missing found safe"
            if syntax.since_event(doc, *span):
                continue  # "had been held since the pirates freed three sailors": backdrop
            if syntax.withdrawn_claim(doc, *span) or syntax.hearsay(doc, *span):
                continue  # "The article also said that 14 ...", "A post shared 40,000 times says"
            if any(syntax.of_the_period(doc, span, p) for p in periods if p != (0, 0)):
                continue  # "6,000 people were evacuated from Tamsford in 1969"
            if syntax.contested(doc, *span):
                continue  # "victims say true losses top $1.6bn": a rival claim
            if syntax.own_reckoning(doc, *span):
                continue  # "our model assumes about 250 patients": the writer's forecast
            if syntax.reported(doc, *span) and disputed():
                continue
            if syntax.per_period(doc, *span) or syntax.partitive_whole(
                doc, *span, cue.span(), cued
            ):
                continue
            if syntax.part_of_whole(doc, *span, cued):
                continue
            if syntax.members_acted_on(doc, *span, cue.span(), cued) and not _a_measure(
                spec, syntax.counted_noun(doc, *span)
            ):
                continue  # "3,000 patients on the waiting list will be offered operations"
            if syntax.per_unit(doc, *span) and not _per_unit_fact(spec):
                continue  # "each spacecraft is costing about $5 million"
            counted_per_time = (
                _said_currency(sentence, n) is None
                and bool(_PER_TIME_AFTER.match(sentence, n.end))
                and not spec.label_words() & _AVERAGE_LABEL  # "average patients a day"
            )
            if (syntax.per_time(doc, *span) or counted_per_time) and not _rate_fact(spec):
                continue  # "about $44.2 million per week" of a cost: a rate, not the cost;
                # "about 55 ships a day transit the canal", "462 cases per day"
            if syntax.counts_a_setting(doc, span, cue.span()):
                continue  # "averaged 22.8 points in the five games": the games
            if syntax.averaged(doc, *span) and not spec.label_words() & _AVERAGE_LABEL:
                continue  # "Hansbrough averaged 22.8 points": a mean, not the points scored
            norm = syntax.norm_of(doc, *span)
            if norm is not None and not _norm_fact(spec, norm):
                continue  # "The national standard for benzene is 5 micrograms": no reading
            if syntax.wanted(doc, *span) and not _asked_fact(spec):
                continue  # "a motion calling on the board to cut the allowance to 80 litres"
            owner = syntax.ones_own(doc, *span)
            if owner is not None and not any(p.search(owner.text) for p in spec.entity):
                continue  # "said Dorsch, whose 38,000 hens were culled": one member's, a part
            if syntax.first_state(doc, *span):
                continue  # "was first set at 1 km ... and was widened to 2 km": the old one
            if syntax.a_peoples_breakdown(doc, *span):
                continue  # "Nine Estravans were on the ferry: four were rescued, ..."
            if syntax.not_yet_done(doc, *span, cued) and not forecast:
                continue  # "120,000 birds, which will be culled over the next two days"
            if syntax.intended(doc, *span, cued) and not forecast:
                continue  # "plan to cut waiting list to 40,000": an aim, not the list
            member = None if n.is_percent else syntax.membership_change(doc, *span)
            if member is not None and member.i not in cued:
                continue  # "two cubesats have been added": a change to the whole
            place = syntax.by_place(doc, *span)
            if place is not None and not any(p.search(place) for p in spec.entity):
                continue  # "in Wrenby 610 left, and in Coldharbour Green 360": parts
            place = syntax.place_of(doc, *span) if story else None
            if (
                place is not None
                and place.lower() not in story.replace(sentence.lower(), "")
                and not any(p.search(place) for p in spec.entity)
            ):
                continue  # "64,000 properties in the Kessenby area": a place the story's
                # title and lead never name (but in this sentence) is a part of it
            if (
                n.single
                and tie.role not in _COUNT_ROLES
                and not syntax.of_the_event(doc, span, cue.span())
            ):
                continue
            if (
                n.single
                and _ARTICLE.match(sentence, n.start)
                and not syntax.acts_on(doc, cue.span())
            ):
                continue  # "None of the injuries involved a Corvid": no injury is counted
            doer = syntax.doer_of_cue_object(doc, span, cue.span())
            if doer is not None and not any(
                p.search(doer.text) or p.search(doer.lemma_) for p in spec.cues
            ):
                continue  # "the two canal pilots were directing the ship": pilots, not ships
            denied = syntax.negated(doc, *span)
            if denied is not None and (
                n.single or denied.i in cued or syntax.attribute_in(denied, cued)
            ):
                continue  # "is not eliminating a route": no route is counted; "Those two
                # contact farms are not infected": the cue itself is denied of them, as in
                # "Fifty-two thousand tonnes is not a catch limit"
            if n.single and syntax.speaker(doc, *span):
                continue  # "said one woman whose brother is underground"
            if not _counts_its_cue(spec, doc, cue, cues, n):
                continue
            noun = syntax.counted_noun(doc, *span)
            if noun is not None and not _counts(spec, noun.lemma_, noun.text):
                # "95 years old" is an age, not a span of time
                if not (ages and _YEARS_OLD.match(sentence, n.end)):
                    continue
            if noun is not None and tie.edges > 1 and _counts_other_things(spec, doc, noun, cues):
                continue  # "Pupils ... are still split between two church halls"
            if not _measures(spec, sentence, doc, n):
                continue
            if _count_for_money(spec, sentence, doc, n):
                continue  # "pledged to buy 100,000 electric delivery vans": vans, not money
            if syntax.listed(doc, *span) >= LIST_OF_KINDS:
                parts = syntax.breakdown(doc, *span)
                if parts is None or _names_measure(spec, sentence, n, parts[1]):
                    continue  # "made up of 118 container ships, 86 bulk carriers, 61 tankers
                    # ...": each is a kind of what the fact counts, a part of the whole
            # a value in brackets is an aside to one outside them: "9,650 (Situation Report
            # No. 11: 7,200)"
            bracketed = any(a <= n.start and n.end <= b for a, b in brackets)
            # a number written out outranks "a N" read as one ("buying a system for more
            # than $600,000": the amount, not one system)
            article = n.single and bool(_ARTICLE.match(sentence, n.start))
            rank = (bracketed, article, tie.edges, abs(n.start - cue.start()))
            if best is None or rank < best[0]:
                best = (rank, n, tie)
        if best:
            _, n, tie = best
            value, end = n.value, n.end
            parts = syntax.breakdown(doc, n.start, n.end)
            # "two women and one man died": the total is three; but "380 cases and nine
            # deaths" are two measures (the fact's cue names the noun itself)
            if parts is not None and not _names_measure(spec, sentence, n, parts[1]):
                value, end = value + parts[0], parts[1]
            if value not in found or tie.edges < found[value][3].edges:
                found[value] = (value, n.start, end, tie)
    # a level any figure of the sentence is the "to N" of: "lowered the number missing to
    # 62, after identifying all eight victims" tells what moved another fact's level too
    levels = [t for n in candidates if (t := syntax.level_verb(doc, n.start, n.end))]
    # a level whose new figure the sentence does not give moves too: "The figure rose from 78
    # on Monday because five survivors had been counted twice"
    levels += [t for t in doc if syntax.moved_from_a_figure(t)]
    return [
        f for f in found.values() if not any(syntax.explains_a_rise(doc, f[1:3], t) for t in levels)
    ]


# a list of at least this many counted nouns, each with its number, is a breakdown
LIST_OF_KINDS = 3
_ARTICLE = re.compile(r"an?\s", re.IGNORECASE)
_MODIFIES_NOUN = frozenset({"compound", "amod", "nmod"})
_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def _counts_its_cue(
    spec: FactSpec,
    doc: Doc,
    cue: re.Match[str],
    cues: Sequence[re.Match[str]],
    n: NumberMatch,
) -> bool:
    """A number joined to a cue to describe another noun ("28-point plan", "five-level
    scale", "a five-level alert system") counts the cue's things of that noun: it is the
    fact's value when the fact counts those things (the cue is one of its `units`: the points
    of a plan) or the noun is what the fact is about (its `subject`). A volcano's alert level
    is not read from "the observatory's five-level scale". `cue` is the cue the number is
    being tied to, `cues` all of the sentence's. Any other number passes."""
    if n.start < cue.end() and cue.start() < n.end:  # "28-point": one expression
        cue_word, described = cue.group(0), syntax.counted_noun(doc, n.start, n.end)
    else:
        # "five-level ...": the number hangs on a cue after it, which modifies a noun
        joined = next(
            (
                t.head
                for t in doc
                if n.start <= t.idx < n.end
                and t.like_num
                and t.head.idx >= n.end
                and any(m.start() <= t.head.idx < m.end() for m in cues)
                and t.head.dep_ in _MODIFIES_NOUN
                and t.head.head.pos_ in ("NOUN", "PROPN")
            ),
            None,
        )
        if joined is None:
            return True
        cue_word, described = joined.text, joined.head
        while described.dep_ in _MODIFIES_NOUN and described.head.pos_ in ("NOUN", "PROPN"):
            described = described.head  # "five-level alert system": the system
    if described is None or any(_unit_in(p, cue_word) for p in spec.units):
        return True
    return any(p.search(described.text) or p.search(described.lemma_) for p in spec.subject)


def _names_measure(spec: FactSpec, sentence: str, n: NumberMatch, end: int) -> bool:
    """A cue of the fact inside the coordinated nouns: they are measures, not kinds."""
    return any(n.start <= m.start() and m.end() <= end for p in spec.cues
               for m in p.finditer(sentence))  # fmt: skip


# "between 21,000 and 143,000", "in the range of $145 million to $175 million": a range
_RANGE_BEFORE = re.compile(r"\b(?:between|range\s+of)\s+(?:about\s+|around\s+)?$", re.I)
# a count given for each span of time, its noun between: "55 ships a day", "462 cases per
# day" (not "12 people a day after the quake": a day's distance; an amount of money so
# given, "$600 an hour", is a price)
_PER_TIME_AFTER = re.compile(
    r"\s+(?:[A-Za-z][\w-]*\s+){0,2}(?:a|an|per|each|every)\s+(?:day|week|month|year|hour)\b"
    r"(?!\s+(?:after|before|later|earlier|ago|since)\b)",
    re.IGNORECASE,
)
# a day things run from: its start ("rescue flights a day from Sunday", "starting on 3 May")
_FROM_DAY = re.compile(
    r"\b(?:from|starting(?:\s+on)?|beginning(?:\s+on)?)\s+(?:the\s+)?$", re.IGNORECASE
)
_DASHED = re.compile(r"\s?[-–]\s?[$€£]?\d")
_RANGE_JOIN = re.compile(r"^\s*(?P<word>and|to|-|–)\s*(?:\$|€|£)?\s*$", re.IGNORECASE)


def _marked_alike(sentence: str, a: NumberMatch, b: NumberMatch, gap: str) -> bool:
    """Both ends of a pair carry the same mark: two percentages, or two amounts in one
    currency ("$45-$48")."""
    if a.is_percent and b.is_percent:
        return True
    mark = sentence[max(0, a.start - 1) : a.start]
    return mark in ("$", "€", "£") and gap.strip().endswith(mark)


def _ranges(sentence: str, numbers: Sequence[NumberMatch]) -> set[int]:
    """Start offsets of numbers that are the ends of a range, not a value."""
    out: set[int] = set()
    for a in numbers:
        # "€17-20", "$45-48 a share": an amount joined to a second number by a dash (which
        # the number finder does not read as a number of its own) is a range
        if sentence[max(0, a.start - 1) : a.start] in ("$", "€", "£") and _DASHED.match(
            sentence, a.end
        ):
            out.add(a.start)
    for a, b in zip(numbers, numbers[1:], strict=False):
        gap = sentence[a.end : b.start]
        joined = _RANGE_JOIN.match(gap)
        before = sentence[max(0, a.start - 30) : a.start].rstrip("$€£ ")
        if joined and (_RANGE_BEFORE.search(before + " ") or "between" in before[-12:].lower()):
            out |= {a.start, b.start}
        # both ends marked alike: "$45-$48 per share", "45%-48%", "$145 million to $175
        # million" (not "from $42 to $46": that is a change)
        elif joined and joined["word"].lower() != "and" and _marked_alike(sentence, a, b, gap):
            if not re.search(r"\bfrom\s*$", before, re.IGNORECASE):
                out |= {a.start, b.start}
        # "138 to 156 seats": two plain numbers of one thing, neither a move "from" one nor
        # the "to" of a verb of change
        elif (
            joined
            and joined["word"].lower() == "to"
            and a.value < b.value
            and not (a.is_percent or b.is_percent)
            and not re.search(r"\b(?:from|by)(?:\s+\S+){0,2}\s*$", before, re.IGNORECASE)
        ):
            out |= {a.start, b.start}
    return out


def _names_itself(spec: FactSpec, sentence: str, doc: Doc, n: NumberMatch) -> bool:
    """The noun the number counts is one of the fact's cues ("83 deaths" for deaths)."""
    noun = syntax.counted_noun(doc, n.start, n.end)
    if noun is None:
        return False
    where = (noun.idx, noun.idx + len(noun.text))
    return any(
        m.start() < where[1] and where[0] < m.end() for p in spec.cues for m in p.finditer(sentence)
    )


# A number that names rather than counts: "toll-free number 1199", "Route 9", "No. 5"
_IDENTIFIER = re.compile(
    r"\b(?:number|no\.?|nos\.?|hotline|helpline|line|route|flight|code|version|page|room|"
    r"channel|article|section|chapter|paragraph|clause|item|bus|gate|platform|phone|tel\.?|"
    r"bulletin|week|issue|episode|season|level|grade|category|class|resolution)\s*#?\s*$",
    re.IGNORECASE,
)


def _names_something(spec: FactSpec, sentence: str, n: NumberMatch) -> bool:
    """The number names rather than counts ("toll-free number 1199", "Route 9"), unless the
    word before it is one of the fact's own cues: a watchlist tracking a volcano's "alert
    level" reads "alert Level 5" as the level."""
    base = max(0, n.start - 20)
    word = _IDENTIFIER.search(sentence[base : n.start])
    if word is None:
        return False
    start, end = base + word.start(), base + word.end()
    return not any(
        m.start() < end and start < m.end() for p in spec.cues for m in p.finditer(sentence)
    )


# label words of a fact that is what someone asks for ("Union pay demand"): a value asked
# for is its value, not another fact's
_ASKED_LABEL = frozenset({"demand", "demands", "demanded", "claim", "ask", "asks", "request"})

# label words of a fact that is itself a figure for each one ("Daily water allowance per
# person"): "each resident is allowed 150 litres" is its value
_PER_UNIT_LABEL = frozenset({"per", "each", "every", "apiece"})
_AVERAGE_LABEL = frozenset({"average", "averages", "mean", "typical"})


def _per_unit_fact(spec: FactSpec) -> bool:
    return bool(spec.label_words() & _PER_UNIT_LABEL)


# Words of a label that tracks a rate for a span of time ("Weekly wage offered", "Daily
# water allowance per person", "Leak rate")
_RATE_LABEL = _PER_UNIT_LABEL | {"rate", "hourly", "daily", "weekly", "monthly", "annual",
                                 "annually", "yearly"}  # fmt: skip


def _rate_fact(spec: FactSpec) -> bool:
    return bool(spec.label_words() & _RATE_LABEL)


def _asked_fact(spec: FactSpec) -> bool:
    return bool(spec.label_words() & _ASKED_LABEL)


def _counts_zero(spec: FactSpec) -> bool:
    """The fact can be none, and its range says so explicitly ([0, ...]): "no one was
    injured" states a count of zero. A fact without a range does not read zeros."""
    return spec.kind == "number" and spec.minimum is not None and _in_range(spec, 0.0)


def _norm_fact(spec: FactSpec, norm: Token) -> bool:
    """The fact tracks a norm of that kind (a cap, a target): its cues or its label name
    it ("Cap on Ukraine's armed forces", cue `cap`)."""
    word = norm.lemma_.lower()
    return word in spec.label_words() or any(c.search(norm.text) for c in spec.cues)


def _counts_one(spec: FactSpec) -> bool:
    """The fact can be one: "a man was wounded" states a count of one."""
    return spec.kind == "number" and (spec.minimum is None or spec.minimum <= 1)


_INDEFINITE = re.compile(r"\ban?\s", re.IGNORECASE)
_NONE = re.compile(r"\b(?:no|nobody|none|no-?one)\b", re.IGNORECASE)
_ORDINAL = re.compile(
    r"\b(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))\b",
    re.IGNORECASE,
)


def _in_range(spec: FactSpec, value: float) -> bool:
    low = spec.minimum if spec.minimum is not None else float("-inf")
    high = spec.maximum if spec.maximum is not None else float("inf")
    return low <= value <= high


# roles in which a bare "one" is a count: the cue verb's object or subject, or a noun's number
_COUNT_ROLES = frozenset(
    {"dobj", "nsubj", "nsubjpass", "nummod", "pobj", "attr", "same", "described"}
)


def _counts_other_things(
    spec: FactSpec, doc: Doc, noun: Token, cues: Sequence[re.Match[str]]
) -> bool:
    """The fact counts the things a plural cue noun names ("pupils", "boats"), and the number
    counts other things, in the plural too, that no cue or unit names: "Pupils at Harlow
    Street Primary are still split between two church halls" gives no count of pupils. A
    cue that is a verb ("killed", "left their homes") or a measure in the singular ("death
    toll", "bill") says nothing of what the number counts, nor does a plural the label does
    not count ("the three national marches")."""
    if noun.tag_ != "NNS" or noun.lemma_.lower() in _ANYONE:
        return False
    if any(_unit_in(p, noun.text) or _unit_in(p, noun.lemma_) for p in spec.units):
        return False
    roots = [r for m in cues if (r := syntax.head_of(doc, *m.span())) is not None]
    if any(r.i == noun.i for r in roots):
        return False
    # the plural the label itself counts ("Pupils affected"), not an event's ("the three
    # national marches", "late evacuations")
    counted = spec.label_words()
    return any(r.tag_ == "NNS" and r.pos_ == "NOUN" and r.lower_ in counted for r in roots)


# nouns that count anyone: "65,000 people took part" counts marchers or students alike
_ANYONE = frozenset({"people", "person", "persons"})


def _counts(spec: FactSpec, lemma: str, word: str) -> bool:
    """The counted noun is not a rejected kind of thing, nor a span of time the fact's
    `units` do not ask for ("three months of malaise")."""
    words = (lemma.lower(), word.lower())
    if any(_word_match(p, w) for p in spec.reject_units for w in words):
        return False
    if words[0] in syntax.TIME_UNITS:
        return any(_unit_in(p, w) for p in spec.units for w in words)
    return True


def _measures(spec: FactSpec, sentence: str, doc: Doc, n: NumberMatch) -> bool:
    """The number measures what the fact's `units` name: the word after it, its own words
    ("$13.9 billion"), the noun it counts, what the parse says it measures ("the number
    of workers on strike rose to 5,100": workers), or the unit its table heading gives in
    brackets ("| Total – Median wait (weeks) | 35 |")."""
    if not spec.units:
        return True
    own = sentence[n.start : n.end].lower()
    words = [n.unit, own, tables.heading_unit(sentence[: n.start]).lower()]
    words += [w for t in syntax.measured(doc, n.start, n.end) for w in (t.lemma_, t.lower_)]
    return any(_unit_in(p, w) for p in spec.units for w in words if w)


def _unit_in(pattern: re.Pattern[str], text: str) -> bool:
    """A unit pattern matches a whole word of `text`: `t` (tonnes) is in "3,100 t" and `m`
    in "€40m", but neither is in "three" or "metres"."""
    for found in pattern.finditer(text):
        start, end = found.span()
        if start == end:
            continue
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not before.isalpha() and not (after.isalnum() or after == "_"):
            return True
    return False


def _dates(
    spec: FactSpec,
    sentence: str,
    published: datetime | None,
    doc: Doc | None,
    disputed: Callable[[], bool] = lambda: False,
    *,
    headline: bool = False,
    entry: date | None = None,
) -> list[tuple[date, int, int, syntax.Link | None]]:
    """The dates the sentence ties to the fact's cues. `headline`: the sentence is a title,
    whose present tense tells of the past ("Police arrest suspect on Saturday"). `entry`:
    the day the timeline line the sentence is in is labelled with (`timeline_day`)."""
    every_cue = _about(spec, sentence, scoped=doc is not None)
    if not every_cue:
        return []
    cued = _cued_tokens(doc, every_cue)
    today = published.date() if published else None
    if entry is not None:
        # a timeline's line speaks from the day it is labelled with: its dates are read
        # against that day ("- 15 September: ... aims to reopen the canal on 19 September"
        # is the 19th after the 15th, long gone for an article of October)
        published = datetime.combine(
            entry, time(12), tzinfo=published.tzinfo if published else None
        )
    floor = (published - timedelta(days=1)).date() if published else None
    out: dict[date, tuple[date, int, int, syntax.Link | None]] = {}
    dateline = DATELINE.match(sentence)
    key = tables.key_end(sentence)
    resolved = resolve_dates(sentence, published)
    for d in resolved:
        if dateline and d.end <= dateline.end():
            continue  # "GREYHAVEN, Oct 20 (Coastline Wire) -": the day of writing
        if d.end <= key:
            continue  # "| Reopening date – This week (9 December) | 10 January |": a label
        # "at its meeting on July 15, ahead of the final decision": the decision is not then
        cues = [
            c
            for c in every_cue
            if doc is None
            or not (
                syntax.relative_event(doc, c.span(), (d.start, d.end))
                or syntax.contrasted(doc, c.span(), (d.start, d.end))
            )
        ]
        if not cues:
            continue
        if d.attribution and not (doc is not None and syntax.future_event(doc, d.start, d.end)):
            continue  # "said on Monday"; but "would be announced on March 11" is to come
        if (
            doc is not None
            and published is not None
            and d.value == published.date()
            and syntax.verbless(doc, d.start, d.end)
        ):
            continue  # "Dam levels: weekly update, 23 July 2027": the page's own date
        if (d.range_start or d.range_end) and d.range_end != tracks_end(spec):
            continue  # "vote between Nov. 8 and Nov. 28": the vote opens Nov. 8
        if (
            doc is not None
            and published is not None
            and not headline
            and _BARE_WEEKDAY.match(d.text)
            and d.value < published.date()
            and (
                syntax.to_come(doc, d.start, d.end)
                # "shares rose ahead of Tuesday's vote": the nearer Tuesday
                or syntax.awaited_day(doc, d.start, d.end)
                and coming_weekday(d.text, published.date()) - published.date()
                < published.date() - d.value
            )
        ):
            # "Stadia's launch day is Tuesday" (published on a Monday): the coming Tuesday
            d = replace(d, value=coming_weekday(d.text, published.date()), is_past=False)
        if (
            doc is not None
            and published is not None
            and floor is not None
            and d.value < floor
            and day_and_month(d.text)
            and not _A_YEAR.search(sentence)  # "... on November 9, 2024, five days before
            # it was due to meet on November 14": a year stated beside it decides
            and syntax.said_ahead(doc, d.start, d.end)
        ):
            # "the stadium would now open on 9 September" (in February): a day and month
            # said with a future or modal verb are their next occurrence, not the nearer
            # past one
            ahead = next_occurrence(d.value, published.date())
            d = replace(d, value=ahead, is_past=False) if ahead else d
        past = d.is_past or bool(floor and d.value < floor)
        if (spec.when == "upcoming" and past) or (spec.when == "past" and not past):
            continue
        if (
            doc is not None
            and _BARE_WEEKDAY.match(d.text)
            and syntax.day_in_a_name(doc, d.start, d.end)
        ):
            continue  # "the next Patch Tuesday is three weeks away": a named day
        if doc is not None and syntax.is_speech_day(doc, d.start, d.end):
            continue  # "Speaking during a visit on November 27": the day someone spoke
        before = sentence[max(0, d.start - 40) : d.start]
        if _WAS_SET_FOR.search(before) or _REPLACED.search(before):
            continue
        if doc is not None and syntax.moved_from(doc, d.start, d.end):
            continue  # "postponed to Tuesday, Nov. 24, from Thursday": the old day
        if (
            doc is not None
            and published is not None
            and _BARE_WEEKDAY.match(d.text)
            and not _MOVED_TO.search(before)
            and syntax.past_event(doc, d.start, d.end)
        ):
            # "talks broke up late on Monday", "police were called on Saturday": that day
            # is past, whatever else the sentence says of the future
            if spec.when == "upcoming":
                continue
            d = replace(d, value=previous_weekday(d.text, published.date()))
        if doc is not None and spec.when == "upcoming" and syntax.past_perfect(doc, d.start, d.end):
            continue  # "the decision it had planned for November 12": the old plan
        if doc is not None and (
            syntax.denied(doc, d.start, d.end)
            or syntax.withdrawn_claim(doc, d.start, d.end)
            or syntax.hearsay(doc, d.start, d.end)
        ):
            continue  # "denied a report that the review would take place on December 3"
        if doc is not None and syntax.negated_day(doc, d.start, d.end):
            continue  # "the ferry will not start on Thursday as planned": not its day
        if doc is not None and syntax.reported(doc, d.start, d.end) and disputed():
            continue  # "The Courier had reported that the board wanted to delay the vote"
        if doc is not None and syntax.hypothetical(doc, d.start, d.end):
            continue  # "Should a second bid arrive, the vote could be pushed back to ..."
        if doc is not None and syntax.projected(doc, d.start, d.end, projections=False):
            continue  # "full restoration may slip to late November": a possibility
        if doc is not None and syntax.wanted(doc, d.start, d.end):
            continue  # "demanded that the run-off be held on January 17"
        if doc is not None and syntax.another_event(doc, d.start, d.end):
            continue  # "will also hold a separate evidence session on 9 February"
        if doc is not None and syntax.set_against_cue(doc, (d.start, d.end), cued):
            continue  # "will publish the plan on 16 November, three days before the deadline"
        if doc is not None and any(
            _excluded(spec, sentence, doc, c.span(), (d.start, d.end)) for c in cues
        ):
            continue
        tie: syntax.Link | None = None
        tying: re.Match[str] | None = None
        if doc is not None:
            ties = [
                (t, c) for c in cues if (t := syntax.date_link(doc, c.span(), (d.start, d.end)))
            ]
            tie, tying = min(ties, key=lambda tc: tc[0].edges) if ties else (None, None)
        on_cues_verb = tie is not None and (
            tie.edges <= 1
            or (
                doc is not None
                and any(syntax.object_of_days_verb(doc, c.span(), (d.start, d.end)) for c in cues)
            )
        )
        if doc is not None and syntax.day_of_a_joined_verb(doc, (d.start, d.end), cues):
            continue  # "the ballot opens on 5 June and closes on 16 June": the closing day
        if doc is not None and syntax.day_of_the_other_end(
            doc, (d.start, d.end), cues, ending=tracks_end(spec)
        ):
            continue  # "the campaign, which ends on 4 November" is no start day
        if tracks_end(spec) and _FROM_DAY.search(sentence[max(0, d.start - 20) : d.start]):
            continue  # "three rescue flights a day from Sunday": when they start, not end
        if (
            doc is not None
            and tie is None
            and syntax.day_of_a_subordinate_clause(doc, (d.start, d.end), cues)
        ):
            continue  # "will be confirmed when the league publishes its fixtures on 22 June"
        if _TODAY.match(d.text) and not on_cues_verb:
            continue  # "today" is the day of the cue's own verb ("launches today"), not of
            # whatever else the sentence says ("Today the figures stand at ...")
        if _MOVED_TO.search(before):
            if (
                doc is not None
                and tie is None
                and syntax.moved_another_noun(doc, (d.start, d.end), cues)
            ):
                continue  # "the deadline for submissions to the inquiry has moved to April
                # 16": the parse ties no cue to the day, and the moved thing is another noun
            out.setdefault(d.value, (d.value, d.start, d.end, syntax.Link(1, "moved")))
        elif (
            doc is not None
            and (tie is None or (tie.edges > LOOSE_TIE and syntax.on_a_verb(doc, d.start, d.end)))
            and syntax.day_of_another_verb(doc, (d.start, d.end), [tying] if tying else cues)
        ):
            continue  # "a decision on the review would be announced on Thursday", "tickets
            # for the Superdraw go on sale on 4 October": the parse's path from the cue to
            # the day runs through another noun's verb
        elif any(
            _distance(spec, sentence, c, d.start, d.end) is not None
            or _words_between(sentence, d.end, c.start()) <= spec.window
            for c in cues
            if c.start() >= d.end
        ):
            out.setdefault(d.value, (d.value, d.start, d.end, tie))
        elif any(_distance(spec, sentence, c, d.start, d.end) is not None for c in cues):
            out.setdefault(d.value, (d.value, d.start, d.end, tie))
        elif tie is not None:  # tied by the parse beyond the word window
            out.setdefault(d.value, (d.value, d.start, d.end, tie))
    if doc is not None:
        # "would discuss a draft of the recovery plan on Thursday before it is published by
        # the 22 October deadline": where a cue noun carries its own day, a day the parse
        # does not tie to that noun is another event's
        owning = [
            c
            for c in every_cue
            if any(syntax.cue_own_date(doc, (d.start, d.end), c.span()) for d in resolved)
        ]
        out = {
            day: v
            for day, v in out.items()
            if not owning
            or any(syntax.date_link(doc, c.span(), (v[1], v[2])) is not None for c in owning)
        }
        # "will be able to withdraw up to €1,500 a day from Friday, ... as the lender
        # prepares to reopen its branches on Monday": a day the parse ties to the cue
        # outranks one that is only near it
        if any(v[3] is not None for v in out.values()):
            out = {day: v for day, v in out.items() if v[3] is not None}
    if entry is not None and spec.when == "upcoming" and today is not None:
        return [v for v in out.values() if v[0] >= today]  # gone by the article's day
    return list(out.values())


_A_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


_TODAY = re.compile(r"^(?:today|tonight|yesterday|last\s+night)$", re.IGNORECASE)
_BARE_WEEKDAY = re.compile(rf"^(?:on\s+)?(?:{WEEKDAY})$", re.IGNORECASE)
# A date named only by its week or month, or part of a week: a more precise date in that
# span outranks it ("next week's talks" and "talks next Tuesday" in one article).
_VAGUE = re.compile(r"\b(?:week|weekend|month)\b", re.IGNORECASE)
_PART_OF_WEEK = re.compile(r"\b(?:early|later|late|first|second|end)\b", re.IGNORECASE)
VAGUE_SPAN_DAYS = 6


def _vagueness(v: FactValue) -> int:
    """0: a day; 1: part of a week ("later next week"); 2: a week or month."""
    text = v.sentence[v.span[0] : v.span[1]]
    if not _VAGUE.search(text):
        return 0
    return 1 if _PART_OF_WEEK.search(text) else 2


def date_through(value: FactValue) -> date | None:
    """The last day a vague date may mean, or None for a day: "late August" runs to 31
    August, "next week" to its Sunday, "early January" to the 10th. A day the store holds
    inside that span is restated, not changed (see changes.decide)."""
    if not isinstance(value.value, date):
        return None
    day, text = value.value, value.sentence[value.span[0] : value.span[1]]
    if _VAGUE_WEEK.search(text):
        return day + timedelta(days=6 - day.weekday())
    if not _MONTH_ONLY.fullmatch(text):
        return None
    month_end = day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if _EARLY.search(text):
        return min(day + timedelta(days=9), month_end)
    return month_end


_VAGUE_WEEK = re.compile(r"\bweek(?:end)?\b", re.IGNORECASE)
_EARLY = re.compile(r"\b(?:early|mid|first)\b", re.IGNORECASE)
# a month without its day: "late August", "in early January", "the end of March"
_MONTH_ONLY = re.compile(
    rf"(?:(?:in|by)\s+)?(?:(?:the\s+)?(?:early|mid|late|end\s+of|start\s+of|first\s+half\s+of)"
    rf"[\s-]+)?(?:{MONTH})(?:\s+\d{{4}})?",
    re.IGNORECASE,
)


def drop_vague(values: Sequence[FactValue]) -> list[FactValue]:
    """A date value outranked by a more precise one of the same fact in its span."""
    out = []
    for v in values:
        level = _vagueness(v) if isinstance(v.value, date) else 0
        if level and any(
            o.fact == v.fact
            and isinstance(o.value, date)
            and isinstance(v.value, date)
            and _vagueness(o) < level
            and v.value <= o.value <= v.value + timedelta(days=VAGUE_SPAN_DAYS)
            for o in values
        ):
            continue
        out.append(v)
    return out


# how many sentences back, in its paragraph, a correction's "It also said" looks for what
# it corrects ("An earlier version of this article said ... The correct figure is 880,000.
# It also said compensation was €5.50 per bird.")
_CORRECTION_REACH = 3


def _corrected_before(sentences: Sequence[_Sentence], i: int) -> bool:
    """One of the few sentences before sentence i, in its paragraph, withdraws what an
    earlier version said."""
    return any(
        b.paragraph == sentences[i].paragraph and _WITHDRAWN.search(b.text)
        for b in sentences[max(0, i - _CORRECTION_REACH) : i]
    )


@dataclass(frozen=True)
class _Sentence:
    """A sentence with what its paragraph says about it."""

    text: str
    periods: list[tuple[int, int]]
    paragraph: int


def _sentences(text: str, published: datetime | None) -> list[_Sentence]:
    """Sentences with their past periods; a sentence of a paragraph that moved into the past
    and never came back to the present is all past ([(0, 0)]), and so is the next paragraph
    of the narrative until a sentence comes back ("The final vote was held on 30 March
    1996 ..." / "The commissioners raised the rate to 1.45% and cut 900 jobs."): a quotation,
    a table row or a paragraph that opens on a day of this week does not carry it."""
    out: list[_Sentence] = []
    lines = [line for line in text.splitlines() if line.strip()]
    question = ""
    carried = False
    for number, line in enumerate(lines):
        sentences = split_sentences(line)
        if question and sentences:  # "How big could the army be?" / "Under the draft, 800,000."
            sentences[0] = f"{question} {sentences[0]}"
        question = sentences[0] if len(sentences) == 1 and sentences[0].endswith("?") else ""
        if question:
            carried = False
            continue
        in_past = (
            carried
            and bool(sentences)
            and not line.lstrip().startswith(("|", '"', "“", "-", "*", "•"))
            and not _THIS_WEEK.search(sentences[0])
        )
        carried = False
        for sentence in sentences:
            periods = past_periods(sentence, published)
            whole = [(0, 0)] if in_past and not periods and not _PRESENT.search(sentence) else []
            out.append(_Sentence(sentence, periods or whole, number))
            in_past = bool(periods) or (in_past and not _PRESENT.search(sentence))
            # only a sentence wholly in the past hands it to the next paragraph: one that
            # opens on its period ("In 1996, ...") or was carried there, not a trailing
            # "down from 121 in 2021"
            carried = bool(whole) or bool(periods and periods[0][0] <= _OPENS_ON)
    return out


# how far into a sentence a past period may begin and still set the whole sentence there
_OPENS_ON = 3


def extract_facts(
    text: str,
    specs: Sequence[FactSpec],
    published: datetime | None,
    *,
    headline: bool = False,
    title: str = "",
    deadline: float | None = None,
) -> list[FactValue]:
    """Every (fact, value) stated in `text`, once per sentence, with the sentence and a
    confidence. Sentences that hold a cue and a candidate value are parsed (in one batch);
    a value counts when the parse ties it to the cue inside one clause. Numbers said of a
    period well before `published` are history, as are those of a paragraph that moved into
    such a period and never came back to the present. `headline`: `text` is a title;
    `title`: the rest of the article (its title, or its body for a title), which says what
    the whole article is about for facts that name their entity. `deadline`
    (time.monotonic()): AnalysisTimeout when reading runs past it (checked between
    sentences, whose cost is bounded by MAX_SENTENCE)."""
    text, cells = tables.as_statements(text, published)
    sentences = _sentences(text, published)
    syntax.check_deadline(deadline)
    specs = [
        _with_age_copula(
            _with_aliases(_with_anaphors(spec, [title, *(s.text for s in sentences)]), [text])
        )
        for spec in specs
    ]
    wanted: dict[tuple[int, str], list[NumberMatch]] = {}
    for i, s in enumerate(sentences):
        syntax.check_deadline(deadline)
        if _WITHDRAWN.search(s.text):
            continue
        if _ALSO_SAID.match(s.text) and _corrected_before(sentences, i):
            continue
        if i + 1 < len(sentences) and _CALLED_WRONG.match(sentences[i + 1].text):
            continue  # "... reduced attacks by 72%. That figure was wrong."
        # an opinion or a part of a total states no number of a fact; dates still count ("I
        # think we will meet next Tuesday"), but not the writer's own wish ("I would bring
        # that review forward to 3 December", "I'd rather the rescue began on the 30th")
        no_numbers = bool(_OPINION.search(s.text) or _PART_OF.search(s.text))
        no_dates = bool(_WISH.search(s.text))
        for spec in specs:
            if not _about(spec, s.text, scoped=True):
                continue
            if (cell := cells.get(s.text)) and not _cell_of(spec, cell):
                continue
            if spec.kind == "date":
                if not no_dates and resolve_dates(s.text, published):
                    wanted[(i, spec.id)] = []
            elif not no_numbers and (numbers := _candidates(spec, s.text, s.periods)):
                wanted[(i, spec.id)] = numbers
            elif not no_numbers and _counts_one(spec) and _INDEFINITE.search(s.text):
                wanted[(i, spec.id)] = []  # "a man was wounded": one, if the parse says so
            elif not no_numbers and _counts_zero(spec) and _NONE.search(s.text):
                wanted[(i, spec.id)] = []  # "no one was hurt": zero, if the parse says so
            elif not no_numbers and spec.kind == "number" and _ORDINAL.search(s.text):
                wanted[(i, spec.id)] = []  # "its third case": three, if the parse says so
    if not wanted:
        return []
    # a sentence opening with a pronoun is about its antecedent's subject ("Fred LaRue ...
    # has died. He was 75."): the sentence before it is parsed too, for its focus
    read = {i for i, _ in wanted}
    needed = sorted(
        {
            *read,
            *(i - 1 for i in read if i > 0 and _continues(sentences[i].text)),
            *_first_naming(specs, sentences, read),
            *_section_heads(specs, sentences, read, title),
        }
    )
    plain = [_without_asides(sentences[i].text, _spans(wanted, i)) for i in needed]
    if headline:
        plain = [_sentence_case(p) for p in plain]
    # the title too, for facts that name their entity: the headline says whose story it is
    # (not a Title Case one, where every word looks like a name)
    lead = _lead(title if headline else text)  # in a headline's pass `title` is the body
    read_title = not headline and _headline_to_read(specs, title, text, lead)
    heading = [title[:MAX_SENTENCE]] if read_title else []
    parsed = syntax.parse([*plain, *heading], deadline)
    docs = dict(zip(needed, parsed[: len(needed)], strict=True))
    head_doc = docs.get(0) if headline else (parsed[-1] if heading else None)
    focus = Focus(specs, sentences, docs, published, title, head_doc, lead)
    story = "" if headline else f"{title}\n{lead}".lower()
    disputed = functools.cache(lambda: _disputed(sentences, docs, deadline))
    values: list[FactValue] = []
    opening: dict[int, str] = {}  # each line's first sentence, where a timeline puts its day
    for s in sentences:
        opening.setdefault(s.paragraph, s.text)
    for spec in specs:
        for i, s in enumerate(sentences):
            if (i, spec.id) not in wanted:
                continue
            syntax.check_deadline(deadline)
            doc = docs[i]
            if spec.kind != "date" and focus.history(i):
                continue
            found: list[tuple[int | float | date, int, int, syntax.Link | None]] = []
            if spec.kind == "date":
                entry = timeline_day(opening[s.paragraph], published)
                found.extend(
                    _dates(spec, s.text, published, doc, disputed, headline=headline, entry=entry)
                )
            else:
                tied = _numbers(spec, s.text, doc, wanted[(i, spec.id)], disputed, s.periods, story)
                for number, start, end, link in tied:
                    shown = int(number) if float(number).is_integer() else round(number, 2)
                    found.append((shown, start, end, link))
            for value, start, end, tie in found:
                named = focus.about(spec, i, (start, end))
                if named is False:
                    continue
                score, why = confidence(tie, named, syntax.hedged(doc), headline)
                if spec.kind != "date" and syntax.running_total(doc, start, end):
                    why = (*why, RUNNING_TOTAL)
                was = "" if spec.kind == "date" else replaced(spec, s.text, (start, end))
                values.append(FactValue(spec.id, value, s.text, (start, end), score, why, was))
    values.sort(key=lambda v: text.find(v.sentence))
    return drop_vague(values)


def told_otherwise(spec: FactSpec, value: FactValue, text: str, body: Sequence[FactValue]) -> bool:
    """The body states the headline's figure, of the same thing (the word after it), in a
    sentence about the fact, in a clause one of the fact's `exclude` patterns holds (no
    comma, colon or "but" between them), and its reading of the body gives no such value:
    the body says what the figure is, and it is not the fact's ("81 ships cross on first
    day" over "Eighty-one ships passed through the canal on Monday, leaving 310 vessels in
    the queue", for a queue that excludes "passed through"). Likewise when a body sentence
    states the figure beside the whole it gives the fact (`states_total`). A body sentence
    the reader merely could not tie keeps the headline's."""
    if spec.kind == "date" or any(b.fact == value.fact and b.value == value.value for b in body):
        return False
    share = spec.kind == "percent"
    for b in body:
        if (
            b.fact == value.fact
            and states_total(b)
            and value.value in {n.value for n in find_numbers(b.sentence, shares=share)}
        ):
            # "Bird flu confirmed on three Tamsey farms" over "confirmed bird flu on the
            # three poultry farms near Tamsey ..., taking the number of infected farms to
            # 12": the body gives the whole beside the headline's figure, a part of it
            return True
    said = [n for n in find_numbers(value.sentence, shares=share) if n.start == value.span[0]]
    if not said or not said[0].unit:
        return False  # the same figure of the same thing: "81 ships", "Eighty-one ships"
    for s in split_sentences(text):
        if not _about(spec, s, scoped=True):
            continue
        for n in find_numbers(s, shares=share):
            if n.value != value.value or n.unit != said[0].unit:
                continue
            for m in (m for p in spec.exclude for m in p.finditer(s)):
                gap = s[min(n.end, m.end()) : max(n.start, m.start())]
                if not _CLAUSE_BREAK.search(gap):
                    return True  # excluded in the number's own clause
    return False


def _continues(sentence: str) -> bool:
    """The sentence speaks of what the one before it named ("He was 75.", "That quake
    killed 4,100.", "For the first six months it struggled ..."): that one is parsed too."""
    return bool(
        PRONOUN_START.match(sentence)
        or DEMONSTRATIVE_START.match(sentence)
        or _EARLY_IT.search(sentence[:_FIRST_WORDS])
    )


# "it" or "they" among a sentence's first words may be its subject (`Focus.history`)
_FIRST_WORDS = 60
_EARLY_IT = re.compile(r"\b(?:it|they)\b")


def _lead(text: str) -> str:
    """An article's opening paragraphs (LEAD_PARAGRAPHS of them)."""
    return "\n".join([line for line in text.splitlines() if line.strip()][:LEAD_PARAGRAPHS])


def _headline_to_read(specs: Sequence[FactSpec], title: str, text: str, lead: str) -> bool:
    """The article's title is parsed when it could say whose story the article is: a fact
    names its entity, the article names it, the title and the lead do not, and the title is
    in sentence case (in Title Case every word parses as a name)."""
    return (
        bool(title)
        and _sentence_case(title) == title
        and any(
            spec.entity
            and any(p.search(text) for p in spec.entity)
            and headline_may_decide(spec.entity, title, lead)
            for spec in specs
        )
    )


def _first_naming(
    specs: Sequence[FactSpec], sentences: Sequence[_Sentence], read: set[int]
) -> set[int]:
    """For each tracked entity that no sentence to be read names, the first sentence that
    does: parsed so the focus knows what kind of name it is (an ORG, a PERSON), and so
    which other names are of its kind."""
    out = set()
    for names in {spec.entity for spec in specs if spec.entity}:
        naming = [i for i, s in enumerate(sentences) if any(p.search(s.text) for p in names)]
        if naming and not read.intersection(naming):
            out.add(naming[0])
    return out


def _section_heads(
    specs: Sequence[FactSpec], sentences: Sequence[_Sentence], read: set[int], title: str
) -> set[int]:
    """The heading above each sentence to be read, for facts that name their entity: parsed
    so the focus knows whose section it is ("Pellory Health (2026)" in a roundup)."""
    if not any(spec.entity for spec in specs):
        return set()
    heads = headings(sentences, title)
    return {max((h for h in heads if h < i), default=i) for i in read} - read


def _inflections(verb: str) -> set[str]:
    """A regular verb's written forms: deny -> denies, denied; refute -> refutes, refuted;
    dismiss -> dismisses, dismissed; slap -> slaps, slapped."""
    if verb.endswith("y"):
        return {verb, verb[:-1] + "ies", verb[:-1] + "ied"}
    if verb.endswith("e"):
        return {verb, verb + "s", verb + "d"}
    past = verb + verb[-1] + "ed" if _DOUBLES.search(verb) else verb + "ed"
    return {verb, verb + ("es" if verb.endswith(("s", "sh", "ch", "x")) else "s"), past}


# a short verb ending consonant, vowel, consonant doubles its last letter: slapped, rebutted
_DOUBLES = re.compile(r"^[^aeiou]*[aeiou][bdgmnpt]$")


# Words of a sentence that may reject a claim ("Haskard denied the report", "The report is
# wrong"), from the lemmas `syntax.rejects_claim` reads; only such sentences are parsed to
# find out, and only when a value was reported.
_REJECTION_WORDS = frozenset(
    {w for verb in syntax.REJECTS for w in _inflections(verb)} | syntax.FALSEHOOD
)
_WORDS = re.compile(r"[a-z]+")


def _disputed(
    sentences: Sequence[_Sentence], docs: Mapping[int, Doc], deadline: float | None
) -> bool:
    """The article rejects a claim somewhere: in a parsed sentence, or in one that has a
    rejecting word and is parsed to see whether it rejects a claim."""
    if any(syntax.rejects_claim(doc) for doc in docs.values()):
        return True
    more = [
        s.text
        for i, s in enumerate(sentences)
        if i not in docs and _REJECTION_WORDS & set(_WORDS.findall(s.text.lower()))
    ]
    return bool(more) and any(syntax.rejects_claim(doc) for doc in syntax.parse(more, deadline))


def _spans(wanted: dict[tuple[int, str], list[NumberMatch]], i: int) -> list[tuple[int, int]]:
    return [(n.start, n.end) for (j, _), found in wanted.items() if j == i for n in found]


def _without_asides(sentence: str, keep: list[tuple[int, int]]) -> str:
    """The sentence as the parser should see it: an aside between a pair of dashes or
    brackets is blanked (same length, so offsets hold), unless a candidate value is in it.
    "Casualties — soldiers killed and wounded — now total 1.4m" parses as casualties total.
    So is a wire dateline ("QARSA, Sept 22 (DPS) - ")."""

    def blank(m: re.Match[str]) -> str:
        if any(m.start() < e and s < m.end() for s, e in keep):
            return m.group(0)
        return " " * len(m.group(0))

    return _WIRE_DATELINE.sub(blank, _ASIDE.sub(blank, sentence), count=1)


# A wire story's dateline: its city in capitals, perhaps a date or a country, perhaps the
# agency, then a dash ("QARSA, Sept 22 (DPS) - The number of vessels ..."). The parser
# takes the city for the root of the sentence and hangs the statement below it.
_WIRE_DATELINE = re.compile(
    r"^[A-Z][A-Z.'/-]+(?: [A-Z][A-Z.'/-]+){0,3}(?:,\s*[\w .']{1,30}?)?\s*(?:\([^)]{1,40}\))?"
    r"\s*[-–—]\s"
)


_TITLE_WORD = re.compile(r"\b[A-Za-z][a-z]+\b")


def _sentence_case(text: str) -> str:
    """A Title Case headline as the parser should see it ("Magnitude 6.1 Quake Strikes Near
    Town, Killing One" parses every word as a name): words lower-cased but the first and
    acronyms, same length so offsets hold. A headline in sentence case is left alone."""
    words = _TITLE_WORD.findall(text)
    if len(words) < 3 or sum(w[0].isupper() for w in words) < 0.6 * len(words):
        return text
    first = _TITLE_WORD.search(text)
    # the first word keeps its capital only when it opens the title ("2 Dead, 1 Wounded in
    # Shooting": after a figure, "Dead" is no name)
    start = first.end() if first and not re.search(r"\w", text[: first.start()]) else 0
    return text[:start] + _TITLE_WORD.sub(lambda m: m.group(0).lower(), text[start:])


# A parse path from cue to value longer than this many edges is a loose tie: it passes
# through other words' phrases.
LOOSE_TIE = 3


def confidence(
    tie: syntax.Link | None, named: bool | None, hedged: bool, headline: bool
) -> tuple[float, tuple[str, ...]]:
    """How sure a value is, from its evidence: how closely the parse ties it to the cue,
    whether the sentence names the tracked entity, whether it hedges, whether it is a title.
    Independent publishers add to it later (see `changes.corroborated`)."""
    score, why = 0.5, []
    if tie is None:
        why.append("near the cue")
    elif tie.edges <= 1:
        score += 0.35
        why.append(f"tied to the cue ({tie.role})")
    elif tie.edges <= LOOSE_TIE:
        score += 0.25
        why.append(f"tied to the cue ({tie.role}, {tie.edges} steps)")
    else:
        score += 0.15
        why.append(f"loosely tied to the cue ({tie.edges} steps)")
    if named:
        score += 0.1
        why.append("names the tracked entity")
    if hedged:
        score -= 0.25
        why.append("hedged")
    if headline:
        score += 0.05
        why.append("headline")
    return round(min(0.99, max(0.05, score)), 2), tuple(why)


# the most figures kept for one fact the seeds leave without a baseline value: a seed that
# is a table of thousands of figures must not make every later value "known"
MAX_MENTIONS = 50


def mentions(
    texts: Sequence[tuple[str, datetime | None]], spec: FactSpec, limit: int = MAX_MENTIONS
) -> list[str]:
    """The figures of the fact's kind that `texts` (text, published) state, without asking
    whether the syntax ties them to the fact: those of sentences holding its cue, or without
    any, every one in its range ("delivered 84% of their pledged reductions" under the cues
    compliance/conformity). What the seeds say but the reader could not read as the fact is
    still known material: a later article restating it is no change. A date counts only on
    or after its text's day when the fact's day is upcoming (the seeds' own days are not).
    At most `limit` distinct figures, the first stated: reading stops there."""
    cued: dict[str, None] = {}
    loose: dict[str, None] = {}
    for text, published in texts:
        if len(cued) >= limit:
            break
        statements, _ = tables.as_statements(text, published)
        for s in _sentences(statements, published):
            values: list[int | float | date]
            if spec.kind == "date":
                values = [
                    d.value
                    for d in resolve_dates(s.text, published)
                    if not d.attribution
                    and not (spec.when == "upcoming" and published and d.value < published.date())
                ]
            else:
                values = [
                    in_fact_units(spec, n).value
                    for n in find_numbers(s.text, shares=spec.kind == "percent")
                    if _eligible(spec, s.text, n)
                ]
            found = cued if _about(spec, s.text) else loose
            if len(found) < limit:
                found.update(dict.fromkeys(normalised(v) for v in values))
    return list(cued or loose)[:limit]
