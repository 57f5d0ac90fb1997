"""Finds the dates a sentence speaks of and resolves them against the article's own date:
"December 18", "next Tuesday", "first half of next week", "later this week". The day a person
*said* something ("said on Monday", "Last Thursday, November 27, Putin said") is marked as
attribution, not an event. Pure: the publication date is passed in."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

import dateparser

from monitor.text.calendar import MONTH, WEEKDAY, WEEKDAYS

_WEEKDAYS = WEEKDAYS
_WD = WEEKDAY
_MONTH = rf"(?:{MONTH})\.?"
_ORD = r"(?:st|nd|rd|th)?"
_ABSOLUTE = re.compile(
    rf"\b(?:(?P<wd>{_WD}),?\s+)?(?:(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}}){_ORD}|"
    rf"(?P<d2>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<m2>{_MONTH}))(?:,?\s+(?P<y>\d{{4}}))?\b",
    re.IGNORECASE,
)
_PART_MONTH = re.compile(
    rf"\b(?P<part>early|mid|late)[\s-]+(?P<m>{_MONTH})(?:\s+(?P<y>\d{{4}}))?\b", re.IGNORECASE
)
# "on the 18th": a day of the month without the month
_DAY_ONLY = re.compile(
    r"\b(?:on\s+)?the\s+(?P<d>\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?[A-Za-z]{3})", re.IGNORECASE
)
# "the 15th of next month", "the 3rd of this month"
_DAY_OF_MONTH = re.compile(
    r"\b(?:on\s+)?the\s+(?P<d>\d{1,2})(?:st|nd|rd|th)\s+of\s+(?P<which>this|next|last)\s+month\b",
    re.IGNORECASE,
)
_RELATIVE = re.compile(
    rf"\b(?P<phrase>(?:the\s+)?(?:first|second)\s+half\s+of\s+next\s+week|"
    rf"(?:early|later|late)\s+(?:this|next)\s+week|next\s+week(?:end)?|this\s+weekend|"
    rf"(?:the\s+)?end\s+of\s+(?:this|next)\s+week|tomorrow|the\s+day\s+after\s+tomorrow|"
    rf"next\s+month|(?:next|this|coming|last)\s+(?:{_WD})|(?:on\s+)?(?:{_WD})|today|tonight|yesterday|last\s+night)\b",
    re.IGNORECASE,
)
_REPORTING = re.compile(
    r"\b(?:said|says|told|tell|announced|stated|wrote|added|noted|confirmed|declared|reported|"
    r"tweeted|posted|insisted|warned|claimed|commented|remarked|spoke|speaking|interview|"
    r"statement|briefing|conference|speech|address)\b(?:\s+\w+){0,3}"
    r"\s*(?:on\s+|,\s*)?$",
    re.IGNORECASE,
)
# Without one of these, "on Tuesday" in a sentence is the past or present day it happened.
_FUTURE = re.compile(
    r"\b(?:will|would|shall|expected|scheduled|set\s+to|due\s+to|plans?\s+to|planned|"
    r"going\s+to|is\s+to|are\s+to|to\s+be\s+held|upcoming|next|coming|later|postponed|"
    r"delayed|moved|rescheduled|pushed|put\s+off|brought\s+forward|set\s+for|slated)\b",
    re.IGNORECASE,
)
# The first day of a span written before its month: "18-24 November", "from 18 to 24 November"
_DAYS_BEFORE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s*(?:-|–|to|until|till|through)\s*$")
# Between the two ends of a span of days
_SPAN_JOIN = re.compile(r"^\s*,?\s*(?P<word>and|-|–|through|thru|until|till)\s*$", re.IGNORECASE)
_BETWEEN = re.compile(r"\bbetween\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_PAST_MARK = re.compile(r"\b(?:last|earlier|previous|past|since|ago)\s*,?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class DateMatch:
    value: date
    start: int
    end: int
    text: str
    attribution: bool = False  # the day someone spoke, not the day of an event
    is_past: bool = False  # before the publication date
    range_end: bool = False  # the last day of a span ("between Nov. 8 and Nov. 28": Nov. 28)
    range_start: bool = False  # the first day of a span


@functools.cache  # a handful of spellings; dateparser takes milliseconds a call
def _month(name: str) -> int | None:
    parsed = dateparser.parse(
        f"1 {name.rstrip('.')} 2000", languages=["en"], settings={"DATE_ORDER": "DMY"}
    )
    return parsed.month if parsed else None


def _closest_year(month: int, day: int, ref: date) -> date | None:
    """A day and month without a year: the occurrence closest to the article's date."""
    options = []
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            options.append(date(year, month, day))
        except ValueError:
            continue
    return min(options, key=lambda d: abs((d - ref).days)) if options else None


def _on_its_weekday(month: int, day: int, weekday: str, ref: date) -> date | None:
    """A day and month stated with its weekday ("Saturday 9 September"): the occurrence
    near the article's date that falls on that weekday, when exactly one does."""
    wanted = _WEEKDAYS.index(weekday.lower())  # _WD spells the weekdays out in full
    options = [
        d
        for year in (ref.year - 1, ref.year, ref.year + 1)
        if (d := _safe_date(year, month, day)) is not None and d.weekday() == wanted
    ]
    return options[0] if len(options) == 1 else None


def day_and_month(text: str) -> bool:
    """The date expression is a day and a month without a year ("9 September", "Saturday,
    September 9"), whose year the resolver chose."""
    m = _ABSOLUTE.fullmatch(text.strip())
    return m is not None and not m.group("y")


def _with_year(m: re.Match[str]) -> date | None:
    """The date of an absolute match that states its year ("October 9, 2025")."""
    month = _month(m.group("m1") or m.group("m2"))
    if not m.group("y") or month is None:
        return None
    return _safe_date(int(m.group("y")), month, int(m.group("d1") or m.group("d2")))


# a day and month stated beside a full date and this close to it is in that date's year
_BESIDE_DAYS = 62


def _beside(month: int, day: int, at: int, anchors: list[tuple[int, date]]) -> date | None:
    """A day and month without a year in a sentence that states a full date: the one of its
    occurrences within two months of the nearest such date ("pulled the offering on October
    9, 2025, five days before the shares were due to start trading on October 14" is 14
    October 2025), else None and the article's date decides ("talks, which began on 24
    February 2022, resume on 3 December")."""
    if not anchors:
        return None
    _, anchor = min(anchors, key=lambda a: abs(a[0] - at))
    near = _closest_year(month, day, anchor)
    return near if near is not None and abs((near - anchor).days) <= _BESIDE_DAYS else None


def _week_start(ref: date) -> date:
    return ref - timedelta(days=ref.weekday())


def _relative(phrase: str, ref: date, future: bool = True) -> date | None:
    p = " ".join(phrase.lower().split()).removeprefix("the ").removeprefix("on ")
    next_monday = _week_start(ref) + timedelta(days=7)
    table = {
        "first half of next week": next_monday,
        "second half of next week": next_monday + timedelta(days=3),
        "early next week": next_monday,
        "later next week": next_monday + timedelta(days=3),
        "late next week": next_monday + timedelta(days=3),
        "next week": next_monday,
        "end of next week": next_monday + timedelta(days=4),
        "next weekend": next_monday + timedelta(days=5),
        "this weekend": _week_start(ref) + timedelta(days=5),
        "later this week": min(ref + timedelta(days=1), _week_start(ref) + timedelta(days=6)),
        "late this week": min(ref + timedelta(days=1), _week_start(ref) + timedelta(days=6)),
        "early this week": _week_start(ref),
        "end of this week": _week_start(ref) + timedelta(days=4),
        "today": ref,
        "tonight": ref,
        "yesterday": ref - timedelta(days=1),
        "last night": ref - timedelta(days=1),
        "tomorrow": ref + timedelta(days=1),
        "day after tomorrow": ref + timedelta(days=2),
        "next month": (ref.replace(day=1) + timedelta(days=32)).replace(day=1),
    }
    if p in table:
        return table[p]
    words = p.split()
    day = words[-1]
    if day not in _WEEKDAYS:
        return None
    target = _WEEKDAYS.index(day)
    if words[0] == "next" and len(words) == 2:
        # "next Tuesday": the Tuesday of next week (never later this week)
        return next_monday + timedelta(days=target)
    if words[0] in ("this", "coming"):
        return ref + timedelta(days=(target - ref.weekday()) % 7 or 7)
    if words[0] == "last":
        # "the shooting that took place last Friday": before the article's own day, an event
        # day like any other ("said last Friday" is still the day someone spoke)
        return ref - timedelta(days=(ref.weekday() - target) % 7 or 7)
    if future:
        # "will meet on Tuesday": the coming one; on a Tuesday, news style means that day
        # ("due to meet Putin later on Thursday", published on the Thursday)
        return ref + timedelta(days=(target - ref.weekday()) % 7)
    # "talks continued on Tuesday": the most recent such day, up to the article's own
    return ref - timedelta(days=(ref.weekday() - target) % 7)


def _found(sentence: str, m: re.Match[str], value: date, ref: date) -> DateMatch:
    """The match as a date of the sentence, flagged as attribution or past."""
    return DateMatch(
        value, m.start(), m.end(), m.group(0), *_flags(sentence, m.start(), value, ref)
    )


def _flags(sentence: str, start: int, value: date, ref: date) -> tuple[bool, bool]:
    before = sentence[max(0, start - 60) : start]
    attribution = bool(_REPORTING.search(before)) or bool(_PAST_MARK.search(before))
    return attribution, value < ref


def resolve_dates(sentence: str, published: datetime | None) -> list[DateMatch]:
    """Every date expression in the sentence, resolved; relative ones need `published`."""
    ref = (published or datetime(1970, 1, 1)).date()
    out: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    absolute = list(_ABSOLUTE.finditer(sentence))
    anchors = [(m.start(), d) for m in absolute if (d := _with_year(m)) is not None]
    for m in absolute:
        month = _month(m.group("m1") or m.group("m2"))
        day = int(m.group("d1") or m.group("d2"))
        if month is None:
            continue
        first = _DAYS_BEFORE.search(sentence[max(0, m.start() - 16) : m.start()])
        if m.group("d2") and first:
            day = int(first.group(1))  # "takes place 18-24 November": from the 18th
        value = (
            _safe_date(int(m.group("y")), month, day)
            if m.group("y")
            else _beside(month, day, m.start(), anchors)
            or (
                _on_its_weekday(month, day, m.group("wd"), ref)
                if published and m.group("wd")
                else None
            )
            or (_closest_year(month, day, ref) if published else None)
            # "February 22" in an undated text: no year to give it
        )
        if value is None:
            continue
        out.append(_found(sentence, m, value, ref))
        taken.append((m.start(), m.end()))
    for m in _PART_MONTH.finditer(sentence):
        month = _month(m.group("m"))
        if month is None or _overlaps(m.start(), m.end(), taken):
            continue
        day = {"early": 1, "mid": 15, "late": 21}[m.group("part").lower()]
        value = (
            _safe_date(int(m.group("y")), month, day)
            if m.group("y")
            else _closest_year(month, day, ref)
            if published
            else None
        )
        if value:
            out.append(_found(sentence, m, value, ref))
            taken.append((m.start(), m.end()))
    if published is None:
        return _spans(sentence, sorted(out, key=lambda d: d.start))
    for m in _DAY_OF_MONTH.finditer(sentence):
        if _overlaps(m.start(), m.end(), taken):
            continue
        ahead = {"last": -1, "this": 0, "next": 1}[m.group("which").lower()]
        value = _day_in_month(ref, ahead, int(m.group("d")))
        if value:
            out.append(_found(sentence, m, value, ref))
            taken.append((m.start(), m.end()))
    for m in _DAY_ONLY.finditer(sentence):
        if _overlaps(m.start(), m.end(), taken):
            continue
        value = _next_day_of_month(int(m.group("d")), ref)
        if value:
            out.append(_found(sentence, m, value, ref))
            taken.append((m.start(), m.end()))
    for m in _RELATIVE.finditer(sentence):
        if _overlaps(m.start(), m.end(), taken):
            continue
        value = _relative(m.group("phrase"), ref, bool(_FUTURE.search(sentence)))
        if value is None:
            continue
        attribution, past = _flags(sentence, m.start(), value, ref)
        bare_day = m.group("phrase").lower().split()[-1] in _WEEKDAYS and not re.match(
            r"(?:next|this|coming)\b", m.group("phrase"), re.IGNORECASE
        )
        past = past or (bare_day and not _FUTURE.search(sentence))  # it already happened
        out.append(DateMatch(value, m.start(), m.end(), m.group(0), attribution, past))
        taken.append((m.start(), m.end()))
    return _spans(sentence, sorted(out, key=lambda d: d.start))


def _spans(sentence: str, found: list[DateMatch]) -> list[DateMatch]:
    """Marks the two ends of a span of days ("between Nov. 8 and Nov. 28", "October 3
    through October 9"); "from A to B" is left alone: it is as often a move as a span."""
    out = list(found)
    for i, (a, b) in enumerate(zip(found, found[1:], strict=False)):
        joined = _SPAN_JOIN.match(sentence[a.end : b.start])
        if joined is None or a.value >= b.value:
            continue
        if joined["word"].lower() == "and" and not _BETWEEN.search(sentence[: a.start]):
            continue
        out[i] = replace(out[i], range_start=True)
        out[i + 1] = replace(out[i + 1], range_end=True)
    return out


def previous_weekday(phrase: str, ref: date) -> date:
    """The most recent day named in `phrase` ("on Saturday"), up to `ref` itself."""
    target = _WEEKDAYS.index(phrase.lower().split()[-1])
    return ref - timedelta(days=(ref.weekday() - target) % 7)


def coming_weekday(phrase: str, ref: date) -> date:
    """The next day named in `phrase` ("Tuesday"), from `ref` itself on."""
    target = _WEEKDAYS.index(phrase.lower().split()[-1])
    return ref + timedelta(days=(target - ref.weekday()) % 7)


def _next_day_of_month(day: int, ref: date) -> date | None:
    """ "the 18th" in an article of the 15th is this month's; of the 20th, next month's."""
    for months_ahead in range(3):
        candidate = _day_in_month(ref, months_ahead, day)
        if candidate and candidate >= ref:
            return candidate
    return None


def _day_in_month(ref: date, months_ahead: int, day: int) -> date | None:
    """That day of the month `months_ahead` from `ref`'s (negative: before), if it exists."""
    month_index = ref.month - 1 + months_ahead
    return _safe_date(ref.year + month_index // 12, month_index % 12 + 1, day)


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def next_occurrence(day: date, ref: date) -> date | None:
    """The first occurrence of `day`'s month and day after `ref` (none for a 29 February
    with no leap year in reach)."""
    for year in (ref.year, ref.year + 1):
        found = _safe_date(year, day.month, day.day)
        if found is not None and found > ref:
            return found
    return None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


# A period named with its year: "in August 2023", "the autumn of 2022", "early 2025", "in 2022",
# "March 29th 2022". Without a preposition, season or month, a bare year is not taken ("the
# 2022 talks" names an event, "2000 troops" is a count).
_SEASON = r"spring|summer|autumn|fall|winter"
_PERIOD = re.compile(
    rf"\b(?:(?P<prep>in|during|by|until|till|through|throughout|before|since|from|for|as\s+of|"
    rf"at\s+the\s+(?:start|beginning|end|height)\s+of)\s+)?(?:the\s+)?"
    rf"(?P<part>(?:early|mid|late|(?:{_SEASON})(?:\s+of)?|(?:start|beginning|end|middle)\s+of)"
    rf"[\s-]+)?(?:(?P<m>{_MONTH})\s+(?:(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+)?)?"
    rf"(?P<y>(?:1[5-9]|20)\d\d)(?:[-–/](?P<y2>\d\d(?:\d\d)?))?\b(?![,.]?\d)",
    re.IGNORECASE,
)
# "since February 2022" starts a running total; "from 2022" opens a range: neither is the past.
_OPEN_START = ("since", "from")
# A clause that tells what happened in the period just named: "from 1689, when ..."
_WHEN_AFTER = re.compile(r",?\s+when\b", re.IGNORECASE)
# The month in which a part of a year ends (its first day stands for it): "early 2025" is over
# by May, "the autumn of 2022" by December.
_PART_ENDS = {
    "early": 5,
    "start": 4,
    "beginning": 4,
    "spring": 6,
    "mid": 9,
    "middle": 9,
    "summer": 9,
    "autumn": 12,
    "fall": 12,
}
HISTORY_DAYS = 60  # a period that ended this long before publication is history
# A closed range of years: "between 2009 and 2018", "from 2010 to 2015".
_YEARS = re.compile(
    r"\b(?:between|from)\s+(?:(?:19|20)\d\d)\s*(?:and|to|-|–|—)\s*(?P<end>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
# A line of a timeline, labelled with its year: "2011: Turnout reached 65.8%"
_YEAR_LABEL = re.compile(r"^\W*((?:19|20)\d\d)\s*[:–—-]\s")


# A line of a timeline, labelled with its day: "- 15 September: 96 ships are waiting."
_DAY_LABEL = re.compile(
    rf"^\W*(?:(?P<d1>\d{{1,2}})\s+(?P<m1>{MONTH})|(?P<m2>{MONTH})\.?\s+(?P<d2>\d{{1,2}}))"
    r"(?:,?\s+(?P<y>(?:1[5-9]|20)\d\d))?\s*[:–—]\s",
    re.IGNORECASE,
)


def timeline_day(sentence: str, published: datetime | None) -> date | None:
    """The day a timeline's line is labelled with, when it is before the article's own
    ("- 15 September: The authority aims to reopen the canal on 19 September."): the line
    speaks from that day, not from the day of publication."""
    m = _DAY_LABEL.match(sentence)
    if m is None or published is None:
        return None
    month = _month(m.group("m1") or m.group("m2"))
    day = int(m.group("d1") or m.group("d2"))
    if month is None:
        return None
    if m.group("y"):
        value = _safe_date(int(m.group("y")), month, day)
    else:
        value = _closest_year(month, day, published.date())
    return value if value is not None and value < published.date() else None


def past_periods(sentence: str, published: datetime | None) -> list[tuple[int, int]]:
    """Spans naming a period that ended well before publication ("In August 2023"): what the
    sentence says next to them is history, not the story's present."""
    if published is None:
        return []
    horizon = published.date() - timedelta(days=HISTORY_DAYS)
    spans = []
    for m in _PERIOD.finditer(sentence):
        prep = " ".join((m.group("prep") or "").lower().split())
        when = _WHEN_AFTER.match(sentence, m.end())  # "records from 1689, when ... killed 17"
        if (prep in _OPEN_START and not when) or not (prep or m.group("part") or m.group("m")):
            continue
        year = int(m.group("y"))
        if m.group("y2") and not m.group("m"):
            # "in 2026-27": a span of years (an academic or financial one) ends in the second
            later = int(m.group("y2"))
            year = later if later > 999 else year - year % 100 + later
        month = _month(m.group("m")) if m.group("m") else None
        if month is None:
            part = (m.group("part") or "").lower().split()
            end = date(year, _PART_ENDS.get(part[0] if part else "", 12), 1)
        elif m.group("d"):
            end = _safe_date(year, month, int(m.group("d"))) or date(year, month, 1)
        else:
            end = (date(year, month, 1) + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        if end < horizon:
            spans.append((m.start(), m.end()))
    for m in _YEARS.finditer(sentence):
        if date(int(m.group("end")), 12, 31) < horizon:
            spans.append((0, 0))  # a closed range of past years: the whole sentence is history
    label = _YEAR_LABEL.match(sentence)
    if label and date(int(label.group(1)), 12, 31) < horizon:
        spans.append((0, 0))  # a timeline's entry: "2011: Turnout reached 65.8%, ..."
    return sorted(spans)
