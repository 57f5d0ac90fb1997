"""Finds the numbers in a sentence and normalises them: "600,000", "600 000", "600k",
"0.6 million", "six hundred thousand", "eight point six million", "28-point", "19 per cent",
"39pc", "46.4C", and shares ("a fifth").
Years, clock times, calendar dates and digits inside words are not numbers. Pure."""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, replace

from monitor.text.calendar import MONTH as MONTHS

_SMALL = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {
    w: 10 * (i + 2)
    for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_SUFFIX = {
    "k": 1_000,
    "thousand": 1_000,
    "m": 1_000_000,
    "mln": 1_000_000,
    "mn": 1_000_000,
    "million": 1_000_000,
    "mm": 1_000_000,  # finance: "$200MM"
    "bn": 1_000_000_000,
    "b": 1_000_000_000,
    "billion": 1_000_000_000,
}
_SHARES = {
    "half": 50.0,
    "third": 100 / 3,
    "quarter": 25.0,
    "fifth": 20.0,
    "sixth": 100 / 6,
    "tenth": 10.0,
}

# 600,000 | 600 000 (also NBSP / thin space) | 1.2 | 28 ; then an optional scale and percent
_DIGITS = re.compile(
    r"(?:(?<=\$US)|(?<=\$A)|(?<=\$C)|(?<=\$NZ)|(?<![\w.,:/\-]))"  # "$US1 million" (AU/NZ press)
    r"(?P<num>\d{1,3}(?:(?:,|[ \u00a0\u202f\u2009])\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:[\s\-\u2010-\u2013]?(?P<scale>k|thousand|mm|m|mln|mn|million|bn|b|billion)\b)?"
    r"(?P<pct>\s?(?:%|per\s?cent\b|percent\b|pct\b)|pc\b)?"
    r"(?P<degrees>°?[CF](?![\w°]))?"  # "46.4C", "110F": a temperature written close up
    # nor the head of a code ("Class 5-1A", "4-2A": a division, not a score)
    r"(?![\w]|[.,:/]\d|[-\u2010-\u2013]\d{1,2}[AC-JLN-Z](?![a-z]))",
    re.IGNORECASE,
)
_DIGIT_WORD = "|".join(w for w, i in _SMALL.items() if i < 10)
# "eight point six million" (spoken figures, transcripts): "point" only before a digit word,
# and not in "at one point" ("at one point two officers were hurt")
_POINT = rf"(?<!\bat one )point(?=[\s-]+(?:{_DIGIT_WORD})\b)"
_WORDNUM = "|".join([*_SMALL, *_TENS, *_SCALES, "dozen", "a", "and", "half", _POINT])
_WORDS = re.compile(
    rf"(?<![\w-])(?P<words>(?:(?:{_WORDNUM})(?:[\s-]+|(?=\W|$)))+)"
    r"(?P<pct>(?:per\s?cent|percent)\b)?",
    re.IGNORECASE,
)
_SHARE = re.compile(
    r"\b(?P<count>a|one|two|three|four)[\s-]+(?P<part>half|thirds?|quarters?|fifths?|sixths?|"
    r"tenths?)\b",
    re.IGNORECASE,
)
_UNIT = re.compile(r"^(?:-|\s)+(?:of\s+)?([A-Za-z][\w'-]*)")
_DATE_NEAR_BEFORE = re.compile(rf"\b(?:{MONTHS})\.?\s*$", re.IGNORECASE)
# a day before its month, alone or opening a span of days ("13-14 May", "13 and 14 May")
_DATE_NEAR_AFTER = re.compile(
    rf"^(?:st|nd|rd|th)?\s*(?:(?:[-–]|to|and)\s*\d{{1,2}}(?:st|nd|rd|th)?\s*)?(?:of\s+)?"
    rf"(?:{MONTHS})\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class NumberMatch:
    value: float
    start: int
    end: int
    is_percent: bool = False
    is_share: bool = False  # a fraction in words ("a fifth"), value in percent
    unit: str = ""  # the word right after the number, lower-cased ("troops", "point")
    single: bool = False  # a bare "one": a count only where the syntax says so


def parse_number(text: str) -> float | None:
    """The value of one number expression, or None."""
    found = find_numbers(text, shares=True)
    return found[0].value if len(found) == 1 else None


def _unit(sentence: str, end: int) -> str:
    m = _UNIT.match(sentence[end : end + 40])
    return m.group(1).lower() if m else ""


def _is_calendar(sentence: str, start: int, end: int, raw: str) -> bool:
    """Years, dates and ordinals are not quantities."""
    if _DATE_NEAR_BEFORE.search(sentence[max(0, start - 12) : start]):
        return True
    if _DATE_NEAR_AFTER.match(sentence[end : end + 14]):
        return True
    plain = raw.isdigit()
    return plain and len(raw) == 4 and 1800 <= int(raw) <= 2100


def _digits(sentence: str) -> list[NumberMatch]:
    out = []
    for m in _DIGITS.finditer(sentence):
        raw = m.group("num")
        scale, pct = m.group("scale"), m.group("pct")
        if not scale and not pct and _is_calendar(sentence, m.start(), m.end(), raw):
            continue
        if scale and scale.lower() in ("m", "b") and not re.match(r"\d", raw):
            continue
        value = float(re.sub(r"[,\s\u00a0\u202f\u2009]", "", raw))
        if scale:
            value *= _SUFFIX[scale.lower()]
        unit = "°" + m.group("degrees")[-1].lower() if m.group("degrees") else ""
        out.append(
            NumberMatch(
                value,
                m.start(),
                m.end(),
                bool(pct),
                False,
                "" if pct else unit or _unit(sentence, m.end()),
            )
        )
    return out


def words_value(words: list[str]) -> float | None:
    """English number words to a value: "six hundred thousand" -> 600000, "eight point six
    million" -> 8600000."""
    words = list(words)
    if "point" in words:
        at = words.index("point")
        digits = list(itertools.takewhile(lambda w: _SMALL.get(w, 10) < 10, words[at + 1 :]))
        scales = words[at + 1 + len(digits) :]
        whole = words_value(words[:at]) if words[:at] != ["zero"] else 0.0
        if whole is None or not digits or any(w not in _SCALES for w in scales):
            return None
        value = whole + float("0." + "".join(str(_SMALL[w]) for w in digits))
        return value * math.prod(_SCALES[w] for w in scales)
    total, current, seen = 0.0, 0.0, False
    for i, word in enumerate(words):
        if word == "and" and words[i + 1 : i + 3] == ["a", "half"]:
            current += 0.5  # "one and a half million"
            words[i + 1 : i + 3] = ["and", "and"]
            continue
        if word == "and":
            continue
        if word == "a":
            # "a million" is one million; the "a" of "a two-million-euro booty" is an article
            nxt = words[i + 1] if i + 1 < len(words) else ""
            if nxt in _SCALES or nxt in ("hundred", "half", "dozen"):
                current = current or 1
            continue
        if word == "half":
            current = (current or 1) * 0.5
            seen = True
            continue
        if word in _SMALL or word in _TENS:
            current += _SMALL.get(word, _TENS.get(word, 0))
            seen = True
        elif word == "hundred":
            current = (current or 1) * 100
            seen = True
        elif word == "dozen":  # "a dozen", "two dozen"; "dozens" is no number
            current = (current or 1) * 12
            seen = True
        elif word in _SCALES:
            total += (current or 1) * _SCALES[word]
            current, seen = 0.0, True
    value = total + current
    return value if seen and value else None


def _words(sentence: str, singles: bool = False) -> list[NumberMatch]:
    out = []
    for m in _WORDS.finditer(sentence):
        text = m.group("words")
        tokens = [t for t in re.split(r"[\s-]+", text.lower()) if t]
        while tokens and tokens[-1] in ("a", "and"):
            tokens.pop()
        while tokens and tokens[0] in ("and",):
            tokens.pop(0)
        # the span starts at the first number word: "and seven" is "seven"
        lead = re.match(r"(?:and[\s-]+)+", text, re.IGNORECASE)
        begin = m.start() + (lead.end() if lead else 0)
        if not tokens or all(t in ("a", "and", "half") for t in tokens):
            continue
        single = tokens == ["one"]
        if (single and not singles) or (len(tokens) == 1 and tokens[0] in _SCALES):
            continue  # "one of the", a bare "million" are not quantities worth tracking
        value = words_value(tokens)
        if value is None:
            continue
        end = m.start() + len(text.rstrip(" -"))
        pct = bool(m.group("pct"))
        out.append(
            NumberMatch(
                value,
                begin,
                m.end() if pct else end,
                pct,
                False,
                "" if pct else _unit(sentence, end),
                single,
            )
        )
    return out


def find_shares(sentence: str) -> list[NumberMatch]:
    """Fractions in words as percentages: "a fifth" -> 20, "two thirds" -> 66.7."""
    out = []
    for m in _SHARE.finditer(sentence):
        part = m.group("part").lower().rstrip("s")
        count = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4}[m.group("count").lower()]
        if part == "half" and count != 1:
            continue
        value = round(count * _SHARES[part], 1)
        out.append(NumberMatch(value, m.start(), m.end(), True, True, ""))
    return out


def find_numbers(
    sentence: str, *, shares: bool = False, singles: bool = False
) -> list[NumberMatch]:
    """Every quantity in the sentence, in order; overlapping matches keep the longest.
    `singles`: also a bare "one", marked `single` (the caller's syntax decides if it counts)."""
    found = (
        _digits(sentence) + _words(sentence, singles) + (find_shares(sentence) if shares else [])
    )
    found.sort(key=lambda n: (n.start, -(n.end - n.start)))
    out: list[NumberMatch] = []
    for n in found:
        if out and n.start < out[-1].end:
            continue
        if out and _spoken_price(sentence, out[-1], n):
            # "five euros sixty a bird" is 5.60 euros, not five and sixty
            out[-1] = replace(out[-1], value=out[-1].value + n.value / 100, end=n.end)
            continue
        out.append(_with_a_half(sentence, n))  # the "a half million" after it then overlaps
    return out


def _with_a_half(sentence: str, n: NumberMatch) -> NumberMatch:
    """A whole in digits with "and a half" after it, and its scale: "63 and a half" is 63.5,
    "2 and a half million" 2,500,000."""
    half = _AND_A_HALF.match(sentence, n.end)
    if half is None or n.is_percent:
        return n
    scale = _SCALES[half.group("scale").lower()] if half.group("scale") else 1
    return replace(
        n, value=(n.value + 0.5) * scale, end=half.end(), unit=_unit(sentence, half.end())
    )


# the half after a whole in digits: "63 and a half", "2 and a half million"
_AND_A_HALF = re.compile(
    r"\s+and\s+a\s+half(?:\s+(?P<scale>thousand|million|billion))?\b", re.IGNORECASE
)
# "five euros sixty", "two dollars fifty cents": a price said aloud, its cents after the unit
_SPOKEN_UNIT = re.compile(r"\s+(?:euros?|dollars?|pounds?|francs?)\s+$", re.IGNORECASE)
_CENTS_AFTER = frozenset({"", "cents", "pence", "per", "each"})


def _spoken_price(sentence: str, whole: NumberMatch, cents: NumberMatch) -> bool:
    """`cents` are the hundredths of the `whole` said before a currency's name."""
    return (
        not whole.is_percent
        and whole.value == int(whole.value)
        and not cents.is_percent
        and cents.value == int(cents.value)
        and 1 <= cents.value <= 99
        and (cents.unit in _CENTS_AFTER or not cents.unit.endswith("s"))  # not "30 farmers"
        and bool(_SPOKEN_UNIT.fullmatch(sentence[whole.end : cents.start]))
    )
