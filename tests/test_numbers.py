"""Number normalisation: every spelling of a quantity, and what is not a quantity."""

from __future__ import annotations

import pytest

from monitor.facts.numbers import find_numbers, find_shares, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("600,000", 600000),
        ("600 000", 600000),
        ("600\u00a0000", 600000),
        ("600\u202f000", 600000),
        ("600k", 600000),
        ("600K", 600000),
        ("0.6 million", 600000),
        ("1.2 million", 1200000),
        ("1.2m", 1200000),
        ("six hundred thousand", 600000),
        ("twenty-eight", 28),
        ("twenty eight", 28),
        ("half a million", 500000),
        ("a million", 1000000),
        ("3bn", 3_000_000_000),
        ("19%", 19),
        ("19 per cent", 19),
        ("19 percent", 19),
        ("19.5%", 19.5),
        ("eight hundred thousand", 800000),
        ("1,234", 1234),
        ("a fifth", 20),
        ("one quarter", 25),
        ("two thirds", 66.7),
        ("a dozen", 12),
        ("two dozen", 24),
        ("$2.6-million", 2_600_000),
        ("$200MM", 200_000_000),
        ("a two-million-euro", 2_000_000),
        ("46.4C", 46.4),
        ("110F", 110),
        ("39pc", 39),
        ("$US1 million", 1_000_000),
        ("$A2.5bn", 2_500_000_000),
        ("NZ$40,000", 40_000),
        ("eight point six million", 8_600_000),
        ("one point nine billion", 1_900_000_000),
        ("twenty-four point five per cent", 24.5),
    ],
)
def test_spellings(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("in 2025", id="year"),
        pytest.param("since 2014", id="year-since"),
        pytest.param("at 08:19 PM", id="clock"),
        pytest.param("26.11.25", id="dotted-date"),
        pytest.param("November 27", id="month-day"),
        pytest.param("27 November", id="day-month"),
        pytest.param("Covid-19", id="in-word"),
        pytest.param("A4 paper", id="alnum"),
        pytest.param("one of the issues", id="one-of"),
        pytest.param("hundreds of thousands", id="vague-plural"),
        pytest.param("Oct. 14", id="abbrev-month"),
        pytest.param("dozens of people", id="vague-dozens"),
        pytest.param("the F16 jet", id="letter-before"),
        pytest.param("at 4pm", id="clock-pm"),
        pytest.param("PC sales", id="pc-word"),
        pytest.param("the Class 5-1A title", id="division-code"),
        pytest.param("the point is", id="point-word"),
    ],
)
def test_not_quantities(text: str) -> None:
    assert find_numbers(text, shares=True) == []


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("600,000 refugees", "refugees"),
        ("the 28-point plan", "point"),
        ("a 600,000-member cap", "member"),
        ("28 points", "points"),
        ("600,000", ""),
        ("46.4C", "°c"),
        ("a 110F day", "°f"),
    ],
)
def test_unit_is_the_next_word(text: str, unit: str) -> None:
    (n,) = find_numbers(text)
    assert n.unit == unit


def test_percent_flag_and_shares_only_on_request() -> None:
    (n,) = find_numbers("more than 19 per cent of Ukraine")
    assert n.is_percent and n.value == 19
    assert find_numbers("roughly a fifth of Ukraine") == []
    (share,) = find_shares("roughly a fifth of Ukraine")
    assert share.is_share and share.value == 20


def test_several_numbers_in_order() -> None:
    values = [n.value for n in find_numbers("raised from 600,000 to 800,000 in 2025")]
    assert values == [600000, 800000]


def test_a_share_written_close_up_is_a_percent() -> None:
    (n,) = find_numbers("reservoirs slide to 39pc")
    assert (n.value, n.is_percent) == (39, True)


def test_at_one_point_is_no_decimal() -> None:
    """ "At one point two officers were hurt": the idiom's "one" and the count "two", not
    1.2 (a spoken decimal is "one point two million")."""
    found = find_numbers("At one point two officers were hurt.", singles=True)
    assert [n.value for n in found] == [1, 2]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        # a price said aloud: the cents come after the currency's name
        ("It is five euros sixty a bird today.", [5.6]),
        ("Two dollars fifty cents each.", [2.5]),
        ("He paid three pounds twenty.", [3.2]),
        # a count after the currency is its own number
        ("They paid 10 euros to 30 farmers.", [10, 30]),
        ("Ten euros 30 farmers got.", [10, 30]),
        ("Five euros, sixty farms.", [5, 60]),
    ],
    ids=["euros-sixty", "dollars-fifty-cents", "pounds-twenty", "to-a-count", "a-count",
         "comma"],
)  # fmt: skip
def test_a_price_said_aloud_has_its_cents_after_the_currency(
    text: str, values: list[float]
) -> None:
    assert [n.value for n in find_numbers(text)] == values


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The age is cut to 63 and a half.", 63.5),
        ("Some 2 and a half million people marched.", 2_500_000),
        ("The age is cut to sixty-three and a half.", 63.5),
    ],
    ids=["digits-and-a-half", "with-a-scale", "in-words"],
)
def test_a_whole_in_digits_and_a_half(text: str, value: float) -> None:
    (n,) = find_numbers(text)
    assert n.value == value
