"""Fact extraction, table-driven: what counts as a value of a fact, and the traps that must
not. Specs come from the shipped watchlist (the code knows nothing of the topic) plus a
watchlist of another topic to prove the code is general."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest

from monitor.facts.reader import extract_facts, mentions, split_sentences
from monitor.models import FactSpec
from monitor.text.documents import load_document
from monitor.watchlists import load_all

ROOT = Path(__file__).resolve().parents[1]
(WATCHLIST,) = load_all(ROOT / "watchlists")
SPECS = {s.id: s for s in WATCHLIST.facts}
PUB = datetime(2025, 12, 3, 9, 0)  # a Wednesday

QUAKE = FactSpec(
    id="death_toll",
    label="Death toll",
    kind="number",
    cues=(re.compile(r"\bkilled\b|\bdeath toll\b|\bdead\b", re.I),),
    subject=(re.compile(r"earthquake|quake", re.I),),
    reject_units=(re.compile("buildings?|homes", re.I),),
    minimum=1,
    maximum=10_000_000,
)


def values(text: str, fact: str, published: datetime = PUB) -> list[object]:
    spec = QUAKE if fact == "death_toll" else SPECS[fact]
    return [fv.value for fv in extract_facts(text, [spec], published)]


CASES = [
    # troop_cap: the cap, not the army's size, not other people
    ("cap-of", "The plan would cap Ukraine's army at 800,000 troops.", "troop_cap", [800000]),
    (
        "limit-space",
        "A limit of 800 000 soldiers on the military is proposed.",
        "troop_cap",
        [800000],
    ),
    (
        "ceiling-millions",
        "It sets a ceiling of 0.8 million troops for the army.",
        "troop_cap",
        [800000],
    ),
    (
        "words",
        "The draft limits the armed forces to eight hundred thousand personnel.",
        "troop_cap",
        [800000],
    ),
    ("k-suffix", "Ukraine's military would be capped at 800k.", "troop_cap", [800000]),
    ("member-cap", "It removes a 600,000-member cap on Ukraine's army.", "troop_cap", [600000]),
    ("refugees", "Some 600,000 refugees fled, and the cap on the army remains.", "troop_cap", []),
    ("current-size", "Ukraine's army currently has 880,000 troops.", "troop_cap", []),
    (
        "size-before-cap",
        "The army numbers 880,000 troops, above the proposed cap.",
        "troop_cap",
        [],
    ),
    (
        "from-to",
        "The plan raises the cap on Ukraine's army from 600,000 to 800,000 troops.",
        "troop_cap",
        [800000],
    ),
    (
        "up-from",
        "The text caps the armed forces at 800,000, up from the 600,000 proposed.",
        "troop_cap",
        [800000],
    ),
    ("no-cue", "Ukraine's military has 900,000 soldiers under arms.", "troop_cap", []),
    ("no-subject", "Energy prices were capped at 600,000 hryvnias.", "troop_cap", []),
    ("year-not-cap", "The cap on the military was agreed in 2025.", "troop_cap", []),
    ("money", "A cap of 600,000 dollars on military aid was set.", "troop_cap", []),
    (
        "russian-army",
        "The plan caps Ukraine's army at 600,000 but places no limit on Russia's "
        "army, which Putin has ordered expanded to 1.5 million.",
        "troop_cap",
        [600000],
    ),
    (
        "peacekeepers",
        "A European peacekeeping force in Ukraine would be capped at 30,000 troops.",
        "troop_cap",
        [],
    ),
    (
        "allowed-up-to",
        "Ukraine's army would be allowed to keep up to 800,000 troops.",
        "troop_cap",
        [800000],
    ),
    # plan_points
    ("n-point-plan", "Putin said the 28-point plan could be a basis.", "plan_points", [28]),
    ("cut-to", "The plan was cut to 20 points after talks in Geneva.", "plan_points", [20]),
    ("20-point", "Officials presented a revised 20-point plan.", "plan_points", [20]),
    ("word-points", "The framework now has nineteen points.", "plan_points", [19]),
    (
        "storey",
        "A 28-storey building was hit in Kyiv, officials said of the plan.",
        "plan_points",
        [],
    ),
    ("points-of-contention", "There are 3 points of contention in the plan.", "plan_points", []),
    ("percentage-points", "Support for the plan fell 5 percentage points.", "plan_points", []),
    ("poll-points", "Support for the plan fell 5 points in polls.", "plan_points", []),
    # casualties
    (
        "killed-wounded",
        "Over 1.2 million people have been killed or wounded in the war.",
        "casualties",
        [1200000],
    ),
    (
        "casualties-estimate",
        "Casualties are estimated at 1.5 million on both sides.",
        "casualties",
        [1500000],
    ),
    (
        "and-a-half",
        "Nearly one and a half million soldiers have been killed or wounded.",
        "casualties",
        [1500000],
    ),
    ("daily", "Russia lost 1,180 soldiers killed or wounded over the past day.", "casualties", []),
    ("period", "About 140,000 people were killed between 2014 and 2022.", "casualties", []),
    ("vague", "Hundreds of thousands have been killed or wounded.", "casualties", []),
    ("small", "Three people were killed in a drone strike.", "casualties", []),
    # territory_share
    (
        "per-cent",
        "Russian forces control more than 19 per cent of Ukraine.",
        "territory_share",
        [19],
    ),
    ("a-fifth", "Russia occupies about a fifth of Ukraine's territory.", "territory_share", [20]),
    ("percent-sign", "Moscow now controls 21% of Ukraine.", "territory_share", [21]),
    ("voters", "19 per cent of voters back the plan, a poll says.", "territory_share", []),
    ("control-not-share", "Russia controls 600,000 square km of Ukraine.", "territory_share", []),
    # talks_date: resolved against the article's date, attribution is not a talk date
    (
        "next-tuesday",
        "Talks will be held next Tuesday in Geneva.",
        "talks_date",
        [date(2025, 12, 9)],
    ),
    (
        "explicit",
        "Putin said on Monday that talks will be held on December 18.",
        "talks_date",
        [date(2025, 12, 18)],
    ),
    (
        "said-on",
        "Witkoff said on Monday that progress had been made in the talks.",
        "talks_date",
        [],
    ),
    ("visit-next-week", "Witkoff will visit Moscow next week.", "talks_date", [date(2025, 12, 8)]),
    (
        "past-call",
        "A recording of an October 14 call showed the envoy urging talks.",
        "talks_date",
        [],
    ),
    ("no-cue-date", "The report will be published on December 18.", "talks_date", []),
    (
        "day-only",
        "The next round of talks will be held on the 18th.",
        "talks_date",
        [date(2025, 12, 18)],
    ),
    (
        "this-weekend",
        "The delegation will travel to Miami for talks this weekend.",
        "talks_date",
        [date(2025, 12, 6)],
    ),
    ("past-tense-weekday", "Talks continued in Geneva on Monday.", "talks_date", []),
    ("moved", "The meeting has been moved to January 9.", "talks_date", [date(2026, 1, 9)]),
    # another topic, same code
    ("quake-toll", "The earthquake death toll rose to 1,234 on Tuesday.", "death_toll", [1234]),
    (
        "quake-buildings",
        "The earthquake destroyed 5,000 buildings; 40 were killed.",
        "death_toll",
        [40],
    ),
    ("quake-other-topic", "Forty people were killed in floods.", "death_toll", []),
    # a number said of a period well before publication is history, not the present value
    (
        "past-period-first",
        "In August 2023, officials put the number killed or wounded at nearly 500,000.",
        "casualties",
        [],
    ),
    (
        "past-season",
        "Counteroffensives in the autumn of 2022 cut the share Russia controlled to 18 per cent.",
        "territory_share",
        [],
    ),
    (
        "past-then-now",
        "In 2023 the figure was lower, but today 1.3 million are killed or wounded.",
        "casualties",
        [1300000],
    ),
    (
        "since-is-a-running-total",
        "Since February 2022 some 1.3 million have been killed or wounded.",
        "casualties",
        [1300000],
    ),
    (
        "recent-month-is-present",
        "In November 2025 the plan capped the army at 800,000.",
        "troop_cap",
        [800000],
    ),
    (
        "past-paragraph",
        "The draft, dated April 15th 2022, shows the gap. Russia wanted the army limited to "
        "85,000 troops.",
        "troop_cap",
        [],
    ),
    (
        "past-paragraph-back-to-now",
        "The draft of April 2022 failed. The new plan would cap the army at 800,000.",
        "troop_cap",
        [800000],
    ),
    (
        "quake-past-year",
        "The earthquake in 2019 killed 2,000; this one has killed 300.",
        "death_toll",
        [300],
    ),
    # a difference is not a level
    ("cut-by", "The plan would cut the army's limit by 200,000 troops.", "troop_cap", []),
    (
        "cut-by-to",
        "The plan would reduce the army by 200,000 to 600,000 troops.",
        "troop_cap",
        [600000],
    ),
    # a purpose clause belongs to another subject
    (
        "so-that",
        "Finland raised the age limit for reservists so that it can field a force of 280,000.",
        "troop_cap",
        [],
    ),
    # a question on its own line is read with the first sentence of its answer
    (
        "question-answer",
        "How big could the army be?\nUnder the latest draft, 800,000 in peacetime. It is "
        "880,000 now.",
        "troop_cap",
        [800000],
    ),
    ("question-alone", "How big could the army be?\nNobody knows yet.", "troop_cap", []),
    # a contrast inside a past paragraph is still the past
    (
        "past-paragraph-contrast",
        "In the spring of 2022 the delegations met in Istanbul. Moscow demanded that the army "
        "be capped at 85,000 troops, while Kyiv offered a ceiling of 250,000.",
        "troop_cap",
        [],
    ),
    # the writer's opinion, or a hypothetical weighed against another, is not a value
    (
        "opinion-first-person",
        "I suspect a 10-point plan would serve everyone better than 28 points of ambiguity.",
        "plan_points",
        [],
    ),
    ("opinion-in-my-view", "In my view the army should be capped at 400,000.", "troop_cap", []),
    ("would-be-better", "A cap of 400,000 troops would be better for the army.", "troop_cap", []),
    (
        "opinion-does-not-hide-a-date",
        "I think the delegations will meet in Geneva on December 18.",
        "talks_date",
        [date(2025, 12, 18)],
    ),
    ("would-is-a-term", "The plan would cap the army at 800,000 troops.", "troop_cap", [800000]),
    # the number is the subject of the cue's passive verb, however long the noun phrase
    (
        "passive-subject",
        "About 1.5 million Russian and Ukrainian soldiers have now been killed or wounded.",
        "casualties",
        [1500000],
    ),
    (
        "too-far-before",
        "1.5 million Russian and Ukrainian soldiers rotated; 9 killed.",
        "casualties",
        [],
    ),
    # an aside between dashes does not end the cue's clause
    (
        "dash-aside",
        "Combined casualties — soldiers killed and wounded — now total roughly 1.4m.",
        "casualties",
        [1400000],
    ),
    # a part of a total given before is not the total
    (
        "part-of-those",
        "Of those, up to 325,000 Russian soldiers and 140,000 Ukrainian soldiers were killed.",
        "casualties",
        [],
    ),
    # a value a correction withdraws, a report someone denies
    (
        "correction-withdraws",
        "An earlier version of this article misstated the share of Ukraine's territory under "
        "Russian control as 12 per cent.",
        "territory_share",
        [],
    ),
    (
        "denied-report",
        "An official denied media reports that the plan had raised the army's ceiling to 800,000.",
        "troop_cap",
        [],
    ),
    # a moved event: the new date counts however far the cue, the old one never
    (
        "moved-to",
        "The second round of talks between the delegations, originally set for Friday in "
        "Abu Dhabi, has been pushed to Monday, officials said.",
        "talks_date",
        [date(2025, 12, 8)],
    ),
    (
        "dash-is-still-a-break",
        "Ukraine's army has no cap — it was expanded to 880,000.",
        "troop_cap",
        [],
    ),
]


@pytest.mark.parametrize(
    ("text", "fact", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_fact_values(text: str, fact: str, expected: list[object]) -> None:
    assert values(text, fact) == expected


def test_value_carries_its_sentence() -> None:
    text = "Talks continue. The plan caps the army at 800,000 troops. Nothing else."
    (fv,) = extract_facts(text, [SPECS["troop_cap"]], PUB)
    assert fv.sentence == "The plan caps the army at 800,000 troops."
    assert fv.sentence[fv.span[0] : fv.span[1]] == "800,000"
    assert fv.normalised == "800000"


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("The U.S. delegation arrived. Talks began.", 2),
        ("Dr. Smith spoke at 3.5 p.m. today. He left.", 2),
        ("Line one\nLine two without stop", 2),
        ("He said: “It is over.” Then he left.", 2),
        ("Nov. 27 was busy. So was Dec. 1.", 2),
    ],
)
def test_split_sentences(text: str, count: int) -> None:
    assert len(split_sentences(text)) == count


def test_seed_baseline_is_exactly_what_the_seeds_say() -> None:
    found: dict[str, set[object]] = {}
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        doc = load_document(path)
        for fv in extract_facts(doc.text, WATCHLIST.facts, doc.published):
            found.setdefault(fv.fact, set()).add(fv.value)
    assert found["troop_cap"] == {600000}
    assert found["plan_points"] == {28}
    assert found["casualties"] == {1200000}
    assert 19 in found["territory_share"] and found["territory_share"] <= {19, 20}
    assert all(date(2025, 11, 27) <= d <= date(2025, 12, 7) for d in found["talks_date"])
    # "Speaking during a state visit to Kyrgyzstan on November 27, 2025": the day Putin spoke
    assert date(2025, 11, 27) not in found["talks_date"]
    assert set(found) == {"troop_cap", "plan_points", "casualties", "territory_share", "talks_date"}


COMPLIANCE = FactSpec(
    id="compliance",
    label="Group compliance with the cut",
    kind="percent",
    cues=(re.compile(r"\bcomplian(?:ce|t)\b", re.I),),
    maximum=200,
)
NEXT_MEETING = FactSpec(
    id="next_meeting",
    label="Next ministerial meeting",
    kind="date",
    cues=(re.compile(r"\bmeet(?:ing)?\b", re.I),),
    when="upcoming",
)
HURT = FactSpec(
    id="hurt",
    label="Injured miners",
    kind="number",
    cues=(re.compile(r"\binjured\b", re.I),),
    reject_units=(re.compile("trucks?", re.I),),
    minimum=1,
    maximum=100_000,
)


@pytest.mark.parametrize(
    ("spec", "texts", "expected"),
    [
        # no sentence holds a cue: every figure of the fact's kind in its range
        pytest.param(
            COMPLIANCE,
            ["Members delivered 84% of their pledged reductions in October.",
             "Output is 7% below its peak. The group has eight members."],
            ["84", "7"],
            id="no-cue-every-share",
        ),
        # a sentence with a cue: its figures only, from every text
        pytest.param(
            COMPLIANCE,
            ["Compliance was uneven, at 84% of pledges, while output fell 7%.",
             "Prices rose 3%.", "Its compliance had been 91% in 2025."],
            ["84", "7", "91"],
            id="cued-sentences-first",
        ),
        # an upcoming day: none before the text's own day
        pytest.param(
            NEXT_MEETING,
            ["Ministers met on 3 November and will meet again on 4 December."],
            ["2025-12-04"],
            id="upcoming-days-only",
        ),
        # the fact's range and rejected units hold
        pytest.param(
            HURT,
            ["Rescuers brought 12 trucks and said 40 miners were injured, 3 of them badly, "
             "at a mine that employs 250,000 people."],
            ["40", "3"],
            id="range-and-units",
        ),
    ],
)  # fmt: skip
def test_mentions_are_the_seed_figures_of_the_facts_kind(
    spec: FactSpec, texts: list[str], expected: list[str]
) -> None:
    published = datetime(2025, 11, 20, 9, 0)
    assert mentions([(t, published) for t in texts], spec) == expected
