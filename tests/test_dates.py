"""Date resolution against the article's own date; attribution days are marked."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from monitor.facts.dates import past_periods, resolve_dates

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
        # news style: the weekday of publication, ahead, is that very day
        pytest.param(
            "envoys are due to meet Putin later on Thursday",
            THU,
            [date(2025, 11, 27)],
            id="later-on-the-same-weekday",
        ),
        pytest.param(
            "talks have been pushed to Wednesday", THU, [date(2025, 12, 3)], id="pushed-to"
        ),
        pytest.param("talks this Thursday", THU, [date(2025, 12, 4)], id="this-weekday-ahead"),
        # a day and month beside a full date, and close to it, are in that date's year; far
        # from it, the article's date decides
        pytest.param(
            "The mill closed on March 2, 2019, a week before its lease ended on March 9.",
            THU,
            [date(2019, 3, 2), date(2019, 3, 9)],
            id="beside-a-full-date",
        ),
        pytest.param(
            "Repairs, which began on 24 February 2022, end on 3 December.",
            THU,
            [date(2022, 2, 24), date(2025, 12, 3)],
            id="far-from-the-full-date",
        ),
        pytest.param(
            "The hearing on Nov. 3 follows the ruling of Oct. 28, 2021.",
            None,
            [date(2021, 11, 3), date(2021, 10, 28)],
            id="undated-text-beside-a-full-date",
        ),
    ],
)
def test_resolution(sentence: str, published: datetime | None, expected: list[date]) -> None:
    assert [d.value for d in resolve_dates(sentence, published)] == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Putin said on Thursday that talks would follow",
        "Ryabkov told reporters on Wednesday that contacts continue",
        "Last Thursday, November 27, 2025, Putin said a delegation would come",
        "Yermak wrote on Telegram on Monday",
        "Trump, asked about the meeting in an interview Friday, said he expected to speak soon",
        "in a statement on Tuesday, the ministry said talks would follow",
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


@pytest.mark.parametrize(
    ("sentence", "periods"),
    [
        ("In August 2023, officials put the toll at 500,000.", ["In August 2023"]),
        ("By early 2025 estimates had passed 1 million.", ["By early 2025"]),
        ("Forces controlled 27 per cent in the autumn of 2022.", ["in the autumn of 2022"]),
        ("The draft, dated April 15th 2022, shows the gap.", ["April 15th 2022"]),
        ("Losses in 2024 were the heaviest.", ["in 2024"]),
        # a running total from a past start, a recent month, the future, a year naming an event
        ("Deaths since February 2022 passed 14,000.", []),
        ("From 2022 the army grew.", []),
        ("In November 2025 the plan was drafted.", []),
        ("Poland aims for 300,000 troops by 2035.", []),
        ("The 2022 Istanbul talks failed.", []),
        ("It bought 2000 drones.", []),
        # a span of years (academic, financial) ends in its second year
        ("Loans rose in 2024-25.", []),
        ("Loans rose in 2022-23.", ["in 2022-23"]),
        ("Loans rose in 2022/2023.", ["in 2022/2023"]),
        # the period a figure is "for" ("a forecast deficit of $61 million for 1996-97")
        ("It forecast a deficit of $61 million for 1996-97.", ["for 1996-97"]),
        ("It forecast a deficit of $90 million for 2026-27.", []),
        # a year before 1900, and one an open "from" names when a clause tells its event
        ("In 1689 an avalanche killed 17 people.", ["In 1689"]),
        ("Parish records from 1689, when an avalanche killed 17 people, survive.", ["from 1689"]),
        ("From 2019, when the rate was set, it has been 1.10%.", ["From 2019"]),
    ],
)
def test_past_periods(sentence: str, periods: list[str]) -> None:
    published = datetime(2025, 12, 21, 9, 0)
    assert [sentence[a:b] for a, b in past_periods(sentence, published)] == periods


def test_past_periods_need_a_publication_date() -> None:
    assert past_periods("In August 2023 it was 500,000.", None) == []
