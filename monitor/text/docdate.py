"""Decides when a document was published, from its metadata or from datelines in its text.

Order of evidence, first hit wins (a candidate later than `now` is never returned):

1. `meta_date` (HTML/feed metadata), parsed as given.
2. A "Published ..." line ("Published 26.11.25, 08:19 PM": numeric dates are day-first,
   two-digit years are 20xx).
3. A line near the top that is only a date ("November 30, 2025").
4. "Last <weekday>, <date>" near the top: the text looks back at that day, so it was
   written after it; we return the date + 1 day (the earliest it can have been written).
5. The first explicit full date (month name, day and year) in the first lines: a dateline
   ("Bishkek, Kyrgyzstan – ... on November 27, 2025") or, failing that, a photo caption
   under the headline, which on news pages is dated the day of the event reported.
6. `filename_mtime`.

Times without a zone are taken as UTC; every result is an aware UTC datetime.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import dateparser

from monitor.text.calendar import MONTH, WEEKDAY

# how many non-empty lines count as "near the top" (the dateline region)
TOP_LINES = 12

_MONTH = rf"(?i:{MONTH})\.?"
_WEEKDAY = rf"(?i:{WEEKDAY})"
# "November 27, 2025" / "27 November 2025"
_FULL_DATE = rf"(?:{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}|\d{{1,2}} {_MONTH},? \d{{4}})"
FULL_DATE = re.compile(rf"\b{_FULL_DATE}\b")
PUBLISHED = re.compile(
    r"^(?:published|posted|first published|date)(?: on)?\s*:?\s*(?P<date>.*\d.*)$", re.I
)
DATE_LINE = re.compile(rf"^(?:{_WEEKDAY},? )?(?P<date>{_FULL_DATE}|\d{{4}}-\d{{2}}-\d{{2}})$", re.I)
LAST_WEEKDAY = re.compile(rf"\blast {_WEEKDAY},? (?P<date>{_FULL_DATE})", re.I)

_BASE_SETTINGS: dict[str, Any] = {
    "RETURN_AS_TIMEZONE_AWARE": True,
    "TIMEZONE": "UTC",
    "TO_TIMEZONE": "UTC",
    # absolute dates only: "yesterday" or "3 hours ago" cannot be resolved from a file
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
}


def parse_date(
    text: str, *, order: str = "DMY", languages: list[str] | None = None
) -> datetime | None:
    """One absolute date expression -> aware UTC datetime, or None."""
    text = text.strip()
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        settings = {**_BASE_SETTINGS, "DATE_ORDER": order}
        try:
            value = dateparser.parse(text[:100], languages=languages, settings=settings)
        except (ValueError, OverflowError, TypeError):
            return None
    if value is None:
        return None
    return _as_utc(value)


def iso_datetime(value: str | None) -> datetime | None:
    """An ISO 8601 time from page metadata or the store, aware (naive ones are UTC; an
    offset is kept), or None when it is missing or not ISO."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _as_utc(value: datetime) -> datetime:
    """Naive datetimes are UTC by this module's convention."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _top_lines(text: str) -> list[str]:
    lines = (" ".join(line.split()) for line in text.splitlines())
    return [line for line in lines if line][:TOP_LINES]


def _candidates(text: str) -> list[datetime | None]:
    """Dates from the text, best evidence first (rules 2-5 of the module docstring)."""
    lines = _top_lines(text)
    found: list[datetime | None] = []
    for line in lines:
        match = PUBLISHED.match(line)
        if match:
            found.append(parse_date(match["date"], order="DMY", languages=["en"]))
    for line in lines:
        match = DATE_LINE.match(line)
        if match:
            found.append(parse_date(match["date"], order="MDY", languages=["en"]))
    for line in lines:
        match = LAST_WEEKDAY.search(line)
        if match:
            day = parse_date(match["date"], order="MDY", languages=["en"])
            found.append(day + timedelta(days=1) if day else None)
    for line in lines:
        for match in FULL_DATE.finditer(line):
            found.append(parse_date(match.group(0), order="MDY", languages=["en"]))
    return found


def find_published(
    text: str,
    *,
    meta_date: str | None = None,
    filename_mtime: datetime | None = None,
    now: datetime | None = None,
) -> datetime | None:
    """Publication time of a document as aware UTC, or None when nothing credible is found."""
    limit = _as_utc(now) if now is not None else datetime.now(UTC)
    candidates: list[datetime | None] = []
    if meta_date:
        # metadata dates are machine formats (ISO 8601, RFC 2822): English month names at most,
        # and not guessing among 200 languages keeps a bad value cheap
        candidates.append(parse_date(meta_date, order="YMD", languages=["en"]))
    candidates.extend(_candidates(text))
    if filename_mtime is not None:
        candidates.append(_as_utc(filename_mtime))
    for candidate in candidates:
        # a date after `now` is a typo, an event date or a clock error: never a publication
        if candidate is not None and candidate <= limit:
            return candidate
    return None
