"""Date resolution against the article's own date; attribution days are marked."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from monitor.dates import resolve_dates

THU = datetime(2025, 11, 27, 12, 0)  # a Thursday
WED = datetime(2025, 11, 26, 20, 19)


@pytest.mark.parametrize(
    ("sentence", "published", "expected"),
    [
        pytest.param(
            "a visit in the first half of next week",
            THU,
            [date(2025, 12, 1)],
            id="first-half-next-week",
        ),
        pytest.param(
            "in the second half of next week", THU, [date(2025, 12, 4)], id="second-half-next-week"
        ),
        pytest.param(
            "will hold talks later this week", THU, [date(2025, 11, 28)], id="later-this-week"
        ),
        pytest.param("talks next Tuesday", WED, [date(2025, 12, 2)], id="next-tuesday"),
        pytest.param(
            "talks will be held on Tuesday", WED, [date(2025, 12, 2)], id="on-tuesday-upcoming"
        ),
        pytest.param(
            "talks were held on Tuesday", WED, [date(2025, 11, 25)], id="on-tuesday-past-tense"
        ),
        pytest.param("talks next week", WED, [date(2025, 12, 1)], id="next-week"),
        pytest.param("talks on December 18", THU, [date(2025, 12, 18)], id="month-day"),
        pytest.param("talks on 18 December", THU, [date(2025, 12, 18)], id="day-month"),
        pytest.param("a meeting on Dec. 18", THU, [date(2025, 12, 18)], id="abbrev"),
        pytest.param("talks on January 9", THU, [date(2026, 1, 9)], id="rolls-into-next-year"),
        pytest.param("talks in early January", THU, [date(2026, 1, 1)], id="early-month"),
        pytest.param("on November 27, 2025", THU, [date(2025, 11, 27)], id="full-date"),
        pytest.param("talks tomorrow", THU, [date(2025, 11, 28)], id="tomorrow"),
    ],
)
def test_resolution(sentence: str, published: datetime, expected: list[date]) -> None:
    assert [d.value for d in resolve_dates(sentence, published)] == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Putin said on Thursday that talks would follow",
        "Ryabkov told reporters on Wednesday that contacts continue",
        "Last Thursday, November 27, 2025, Putin said a delegation would come",
        "Yermak wrote on Telegram on Monday",
    ],
)
def test_attribution_days_are_marked(sentence: str) -> None:
    dates = resolve_dates(sentence, THU)
    assert dates and all(d.attribution for d in dates)


def test_past_dates_are_marked() -> None:
    (d,) = resolve_dates("a recording of an October 14 call", THU)
    assert d.value == date(2025, 10, 14) and d.is_past


@pytest.mark.parametrize(
    "sentence",
    ["Talks continued in Geneva on Wednesday, officials said.", "They met on Monday."],
)
def test_bare_weekday_without_future_is_past(sentence: str) -> None:
    (d,) = resolve_dates(sentence, WED)
    assert d.is_past


def test_relative_needs_a_publication_date() -> None:
    assert resolve_dates("talks next week", None) == []
