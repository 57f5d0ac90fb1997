"""find_published: seeds, order of evidence, and the never-in-the-future rule."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from monitor.text.docdate import find_published, parse_date

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("002", datetime(2025, 11, 26, 20, 19, tzinfo=UTC)),  # "Published 26.11.25, 08:19 PM"
        ("003", datetime(2025, 11, 30, tzinfo=UTC)),  # date line at the top
        ("001", datetime(2025, 11, 28, tzinfo=UTC)),  # "Last Thursday, November 27": + 1 day
        ("004", datetime(2025, 11, 27, tzinfo=UTC)),  # dateline in the first paragraph
        ("000", datetime(2025, 11, 27, tzinfo=UTC)),  # only the photo caption is dated
    ],
)
def test_seed_dates(prefix: str, expected: datetime) -> None:
    assert find_published(_seed(prefix)) == expected


def test_last_weekday_is_after_the_day_it_names() -> None:
    published = find_published(_seed("001"))
    assert published is not None and published.date() >= datetime(2025, 11, 27).date()


@pytest.mark.parametrize(
    ("text", "kwargs", "expected"),
    [
        (
            "November 30, 2025",
            {"meta_date": "2025-11-20T09:30:00+0000"},
            datetime(2025, 11, 20, 9, 30, tzinfo=UTC),
        ),
        (
            "x",
            {"meta_date": "Wed, 26 Nov 2025 20:19:00 GMT"},
            datetime(2025, 11, 26, 20, 19, tzinfo=UTC),
        ),
        ("x", {"meta_date": "not a date"}, None),
        (
            "no date here",
            {"filename_mtime": datetime(2025, 1, 2, 3, 4)},
            datetime(2025, 1, 2, 3, 4, tzinfo=UTC),
        ),
        ("Published: 03.04.25, 09:00 AM\n\nBody.", {}, datetime(2025, 4, 3, 9, 0, tzinfo=UTC)),
        ("Monday, 1 December 2025\n\nBody.", {}, datetime(2025, 12, 1, tzinfo=UTC)),
        ("It happened yesterday, officials said 3 hours ago.", {}, None),
        ("", {}, None),
    ],
    ids=[
        "meta-first",
        "meta-rfc2822",
        "bad-meta",
        "mtime-last",
        "published-dmy",
        "weekday-date-line",
        "relative-ignored",
        "empty",
    ],
)
def test_order_of_evidence(text: str, kwargs: dict, expected: datetime | None) -> None:
    assert find_published(text, now=datetime(2026, 1, 1, tzinfo=UTC), **kwargs) == expected


def test_future_candidates_skipped() -> None:
    now = datetime(2025, 11, 29, tzinfo=UTC)
    text = "November 30, 2025\n\nSpeaking on November 27, 2025, the minister said."
    assert find_published(text, now=now) == datetime(2025, 11, 27, tzinfo=UTC)
    assert find_published("November 30, 2025", now=now) is None
    # a naive `now` is UTC
    assert find_published("November 30, 2025", now=datetime(2025, 11, 29)) is None


def test_result_is_aware_utc() -> None:
    value = parse_date("2025-11-30T10:00:00+02:00")
    assert value == datetime(2025, 11, 30, 8, 0, tzinfo=UTC)
    assert value is not None and value.utcoffset() is not None
