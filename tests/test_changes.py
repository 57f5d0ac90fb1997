"""Change detection: what is known, what was alerted, what is a change (pure)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from monitor.facts.changes import Approximation, alert_id, decide, outranked, same_value
from monitor.models import FactSpec


def spec(kind: str = "number", **kw: object) -> FactSpec:
    return FactSpec(id="f", label="F", kind=kind, cues=(re.compile("x"),), **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fact", "value", "baseline", "alerted", "verdict"),
    [
        pytest.param(spec(), "600000", ["600000"], [], "known", id="same-number"),
        pytest.param(spec(), "800000", ["600000"], [], "change", id="new-number"),
        pytest.param(spec(), "800000", ["600000"], ["800000"], "alerted", id="already-alerted"),
        pytest.param(spec(), "28", [], [], "new", id="empty-baseline"),
        pytest.param(
            spec(tolerance=0.01), "1205000", ["1200000"], [], "known", id="within-tolerance"
        ),
        pytest.param(
            spec(tolerance=0.01), "1300000", ["1200000"], [], "change", id="outside-tolerance"
        ),
        pytest.param(
            spec("date", date_window_days=2),
            "2025-12-02",
            ["2025-12-01"],
            [],
            "known",
            id="date-in-window",
        ),
        pytest.param(
            spec("date", date_window_days=2),
            "2025-12-18",
            ["2025-12-01"],
            [],
            "change",
            id="date-moved",
        ),
        pytest.param(
            spec("date"),
            "2025-12-18",
            ["2025-12-01"],
            ["2025-12-18"],
            "alerted",
            id="date-already-alerted",
        ),
    ],
)
def test_decide(
    fact: FactSpec, value: str, baseline: list[str], alerted: list[str], verdict: str
) -> None:
    assert decide(fact, value, baseline, alerted).verdict == verdict


def test_same_value_rejects_garbage() -> None:
    assert not same_value(spec(), "abc", "600000")


def test_alert_id_is_stable_and_distinct() -> None:
    a = alert_id("w", "troop_cap", "800000", "fact_changed")
    assert a == alert_id("w", "troop_cap", "800000", "fact_changed")
    assert a != alert_id("w", "troop_cap", "800001", "fact_changed")
    assert a.startswith("msg_")


@pytest.mark.parametrize(
    ("value", "lead", "baseline", "expected"),
    [
        pytest.param("1000000", ["1400000"], ["1200000"], True, id="body-part-of-new-headline"),
        pytest.param("1400000", ["1400000"], ["1200000"], False, id="the-headline-value"),
        pytest.param("1405000", ["1400000"], ["1200000"], False, id="headline-within-tolerance"),
        pytest.param("1400000", ["1200000"], ["1200000"], False, id="headline-only-repeats"),
        pytest.param("1400000", [], ["1200000"], False, id="no-headline-value"),
    ],
)
def test_outranked_by_a_new_lead_value(
    value: str, lead: list[str], baseline: list[str], expected: bool
) -> None:
    assert outranked(spec(tolerance=0.01), value, lead, baseline) is expected


PEAK = FactSpec("peak", "Highest temperature of the heatwave (C)", "number", (re.compile("peak"),))
LOW = FactSpec("low", "Lowest reservoir level (percent)", "percent", (re.compile("level"),))
LEVEL = FactSpec("level", "Reservoir level (percent)", "percent", (re.compile("level"),))
MAX_READ = FactSpec("max", "Maximum temperature recorded (C)", "number", (re.compile("max"),))
MAX_FINE = FactSpec("fine", "Maximum fine for landlords (euros)", "number", (re.compile("fine"),))


@pytest.mark.parametrize(
    ("spec", "value", "baseline", "alerted", "verdict"),
    [
        # a fact whose label names the highest so far: a lower reading beats nothing
        (PEAK, "45.9", ["45.8"], ["47.3"], "within"),
        (PEAK, "44.2", ["45.8"], [], "within"),
        (PEAK, "47.6", ["45.8"], ["47.3"], "change"),
        # the lowest so far, the other way round
        (LOW, "40", ["34.6"], [], "within"),
        (LOW, "31", ["34.6"], [], "change"),
        # a level moves both ways
        (LEVEL, "40", ["34.6"], [], "change"),
        # nothing known yet: new
        (PEAK, "45.8", [], [], "new"),
        # a maximum with a reading is the highest so far; one a rule sets moves both ways
        (MAX_READ, "44.2", ["45.8"], [], "within"),
        (MAX_FINE, "25000", ["20000"], ["40000"], "change"),
    ],
    ids=["below-alerted-peak", "below-baseline-peak", "new-peak", "above-low", "new-low",
         "level-both-ways", "first-value", "maximum-reading", "maximum-set-by-rule"],
)  # fmt: skip
def test_an_extreme_only_moves_one_way(
    spec: FactSpec, value: str, baseline: list[str], alerted: list[str], verdict: str
) -> None:
    assert decide(spec, value, baseline, alerted).verdict == verdict


@pytest.mark.parametrize(
    ("value", "known", "approximate", "verdict"),
    [
        # a round figure restates the standing value it rounds
        ("1500", "1502", "about", "known"),  # "nearly 1,500 people have died"
        ("46", "45.8", "about", "known"),  # "nearly 46 degrees"
        ("1500", "1488", "about", "known"),  # "about 1,500"
        # but not one it does not round, nor a value given exactly
        ("1500", "1415", "about", "change"),
        ("1500", "1502", "", "change"),
        # a lower bound restates a standing value at most one step above it
        ("1400", "1415", "above", "known"),  # "more than 1,400"
        ("1500", "1488", "above", "change"),  # "more than 1,500" when 1,488 stood: a rise
        ("7", "7.6", "about", "change"),  # 7.6 rounds to 8, not 7
        # a share given as a fraction restates one within five points ("barely a third")
        ("33.33", "34.1", "fraction", "known"),
        ("50", "40", "fraction", "change"),  # "half" after 40%: a rise
        # a mark approached restates a standing value just below it ("nears a million")
        ("1000000", "960000", "below", "known"),
        ("1000000", "400000", "below", "change"),  # far below: the count moved
        ("1000000", "1040000", "below", "change"),  # above the mark: not approaching it
    ],
    ids=["nearly", "nearly-decimal", "about", "too-far", "exact", "bound-restates",
         "bound-rises", "single-digit", "fraction-restates", "fraction-rises",
         "nears-restates", "nears-far-below", "nears-above"],
)  # fmt: skip
def test_a_round_figure_restates_what_it_rounds(
    value: str, known: str, approximate: Approximation, verdict: str
) -> None:
    fact = spec("percent") if approximate == "fraction" else spec()
    assert decide(fact, value, [known], [], approximate).verdict == verdict
    # the same against an alerted value
    expected = "alerted" if verdict == "known" else "change"
    assert decide(fact, value, ["1"], [known], approximate).verdict == expected


@pytest.mark.parametrize(
    ("value", "through", "stored", "verdict"),
    [
        # "late August" (21 to 31 August) restates 27 August
        ("2027-08-21", date(2027, 8, 31), "2027-08-27", "known"),
        # but not a day outside its span, nor a precise day
        ("2027-08-21", date(2027, 8, 31), "2027-07-23", "change"),
        ("2027-08-21", None, "2027-08-27", "change"),
        # "next week" restates the Thursday of that week
        ("2027-06-14", date(2027, 6, 20), "2027-06-17", "known"),
    ],
    ids=["late-month-restates", "late-month-moves", "a-day-is-a-day", "next-week"],
)
def test_a_vague_date_restates_a_day_inside_its_span(
    value: str, through: date | None, stored: str, verdict: str
) -> None:
    assert decide(spec("date"), value, [stored], [], "", through).verdict == verdict
    expected = "alerted" if verdict == "known" else "change"
    assert decide(spec("date"), value, ["2020-01-01"], [stored], "", through).verdict == expected


@pytest.mark.parametrize(
    ("value", "baseline", "alerted", "mentioned", "approx", "verdict"),
    [
        # the seeds said 84% where no cue of the fact stood: a restatement is no change
        pytest.param("84", [], [], ["84", "12"], "", "known", id="restates-a-mention"),
        pytest.param("80", [], [], ["84"], "about", "known", id="rounds-a-mention"),
        pytest.param("91", [], [], ["84", "12"], "", "new", id="a-new-figure"),
        # a value read as the fact stands: mentions no longer count
        pytest.param("84", ["79"], [], ["84"], "", "change", id="a-baseline-stands"),
        # after 91 was alerted, a return to 84 is a change, not a restatement of the seeds
        pytest.param("84", [], ["91"], ["84"], "", "new", id="an-alert-stands"),
    ],
)
def test_a_figure_the_seeds_mention_is_known_while_nothing_stands(
    value: str,
    baseline: list[str],
    alerted: list[str],
    mentioned: list[str],
    approx: Approximation,
    verdict: str,
) -> None:
    fact = spec("percent")
    assert decide(fact, value, baseline, alerted, approx, mentioned=mentioned).verdict == verdict
