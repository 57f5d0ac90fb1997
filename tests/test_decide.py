"""The ingest decider, table-driven and without a database: each row is an article (with the
values its facts read), what the store knows, and the intent expected."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from monitor.facts import changes
from monitor.facts.changes import alert_id
from monitor.facts.reader import RUNNING_TOTAL
from monitor.ingest.decide import (
    FactKnowledge,
    Knowledge,
    Prepared,
    StoryCandidate,
    decide,
    extract_for,
    live_page,
    ranked,
)
from monitor.models import Article, FactSpec, FactValue, Intent, Stored
from monitor.text import dedup
from monitor.watchlists import MatchRule, Notify, Watchlist

WHEN = datetime(2026, 2, 6, 8, 0, tzinfo=UTC)
STAMP = "2026-02-06T09:00:00+00:00"
TEXT = (
    "A powerful earthquake struck the coastal region before dawn on Friday, flattening "
    "homes in three villages. Rescue teams worked through the night in freezing weather "
    "while aftershocks rattled the area. The death toll rose to 1,200 by the evening, "
    "officials said, and thousands of buildings collapsed across several provinces."
)
EDITED = TEXT.replace("freezing weather", "bitter cold")
REWRITE = (
    "Officials raised the death toll from Friday's earthquake in the coastal region as rescue "
    "teams dug through collapsed buildings in three villages, with aftershocks rattling the "
    "provinces and thousands of homes flattened before dawn."
)

DEATHS = FactSpec(id="death_toll", label="Death toll", kind="number", cues=(re.compile("killed"),))
WATCHLIST = Watchlist(
    name="quake",
    path=Path("quake.yaml"),
    description="",
    feeds=(),
    match=MatchRule(all=(re.compile("earthquake"),)),
    facts=(DEATHS,),
    notify=Notify(channels=("webhook",), story_matched=True),
    interval=900,
)
QUIET = replace(WATCHLIST, notify=Notify(channels=("webhook",)))


def value(n: int, confidence: float = 0.9, sentence: str = "") -> FactValue:
    return FactValue(
        "death_toll", n, sentence or f"The death toll rose to {n:,}.", confidence=confidence
    )


def prepared(
    text: str = TEXT,
    url: str = "https://a.example/quake",
    source: str = "A",
    values: tuple[int, ...] = (),
    confidence: float = 0.9,
    lead: tuple[str, ...] = (),
) -> Prepared:
    features = dedup.text_features(text)
    article = Article(
        url=url,
        title="Earthquake kills hundreds",
        text=text,
        published=WHEN,
        source=source,
        content_hash=features.content_hash,
    )
    return Prepared(
        article,
        features,
        dedup.story_profile(article.title, text, features),
        tuple(("quake", value(n, confidence)) for n in values),
        {("quake", "death_toll"): lead} if lead else {},
    )


def stored(
    text: str = TEXT, id: int = 7, story: int = 3, origin: str = "feed", dup: int | None = None
) -> Stored:
    features = dedup.text_features(text)
    return Stored(id, story, dup, features.content_hash, origin, features.signature.hashvalues)


def facts(
    baseline: tuple[str, ...] = (),
    alerted: tuple[tuple[str, str], ...] = (),
    publishers: dict[str, frozenset[str]] | None = None,
) -> dict[tuple[str, str], FactKnowledge]:
    return {("quake", "death_toll"): FactKnowledge(baseline, alerted, publishers or {})}


def run(
    item: Prepared,
    known: Knowledge,
    origin: str = "feed",
    watchlist: Watchlist = QUIET,
) -> Intent:
    return decide(item, known, [watchlist], origin=origin, stamp=STAMP, channels=["webhook"])  # type: ignore[arg-type]


@dataclass
class Row:
    name: str
    item: Prepared
    known: Knowledge
    status: str
    duplicate_of: int | None = None
    story: int | None = None
    reason: str = ""
    origin: str = "feed"
    watchlist: Watchlist = QUIET
    extra: dict = field(default_factory=dict)


PLACEMENT = [
    Row("same URL, same content", prepared(), Knowledge(by_url=stored()), "unchanged"),
    Row(
        "same URL, new content keeps its story",
        prepared(EDITED),
        Knowledge(by_url=stored(TEXT, id=7, story=3)),
        "updated",
        story=3,
    ),
    Row(
        "a seed loaded twice",
        prepared(url="file:///seeds/b.txt"),
        Knowledge(by_hash=stored(origin="backfill")),
        "unchanged",
        reason="same content",
        origin="backfill",
    ),
    Row(
        "same content at another URL",
        prepared(url="https://b.example/copy"),
        Knowledge(by_hash=stored(id=7, story=3)),
        "duplicate",
        duplicate_of=7,
        story=3,
        reason="same content",
    ),
    Row(
        "a copy of a copy points at the original",
        prepared(url="https://b.example/copy"),
        Knowledge(by_hash=stored(id=9, story=3, dup=7)),
        "duplicate",
        duplicate_of=7,
        story=3,
    ),
    Row(
        "near-duplicate by MinHash",
        prepared(EDITED, url="https://b.example/edited"),
        Knowledge(near=(stored(TEXT, id=7, story=3),)),
        "duplicate",
        duplicate_of=7,
        story=3,
        reason="near-duplicate",
    ),
    Row(
        "a near-duplicate candidate that is the article itself does not count",
        prepared(EDITED),
        Knowledge(by_url=stored(TEXT, id=7, story=3), near=(stored(TEXT, id=7, story=3),)),
        "updated",
        story=3,
    ),
    Row("nothing known: a new story", prepared(), Knowledge(), "new"),
]


@pytest.mark.parametrize("row", PLACEMENT, ids=[r.name for r in PLACEMENT])
def test_placement(row: Row) -> None:
    intent = run(row.item, row.known, row.origin, row.watchlist)
    assert intent.status == row.status
    assert intent.match.duplicate_of == row.duplicate_of
    assert intent.match.story_id == row.story
    assert row.reason in (intent.match.reason or "")


def test_a_rewrite_joins_the_story_without_being_a_copy() -> None:
    item = prepared(REWRITE, url="https://c.example/rewrite")
    other = prepared()
    known = Knowledge(
        story=(StoryCandidate(7, 3, other.profile, other.signature.hashvalues),),
        df={},
        n_docs=1000,
    )
    intent = run(item, known)
    assert intent.status == "new"
    assert intent.match.story_id == 3 and intent.match.duplicate_of is None
    assert (intent.match.reason or "").startswith("same story")


def test_story_alert_only_for_a_new_story_from_a_feed() -> None:
    new = run(prepared(), Knowledge(), watchlist=WATCHLIST)
    (raised,) = new.alerts
    assert raised.alert.kind == "story_matched" and raised.channels == ("webhook",)
    assert new.sources == (raised.alert.id,)
    joined = run(
        prepared(url="https://b.example/c"), Knowledge(by_hash=stored()), watchlist=WATCHLIST
    )
    assert joined.alerts == ()
    seed = run(prepared(), Knowledge(), origin="backfill", watchlist=WATCHLIST)
    assert seed.alerts == ()


FACT_ROWS = [
    # (name, values, confidence, knowledge, min_confidence, min_sources, expected kinds, sources);
    # the alert's confidence comes from its evidence: 1,200 -> 5,000 is a jump of four times
    ("first value", (1200,), 0.9, Knowledge(), 0.0, 1, ["fact_new"], 1),
    ("value in the baseline", (1200,), 0.9, Knowledge(facts=facts(("1200",))), 0.0, 1, [], 0),
    ("changed value", (1500,), 0.9, Knowledge(facts=facts(("1200",))), 0.0, 1, ["fact_changed"], 1),
    (
        "already alerted: one more source, no second alert",
        (1500,),
        0.9,
        Knowledge(facts=facts(("1200",), (("1500", "msg_old"),))),
        0.0,
        1,
        [],
        1,
    ),
    (
        "the same value twice in one article",
        (1500, 1500),
        0.9,
        Knowledge(facts=facts(("1200",))),
        0.0,
        1,
        ["fact_changed"],
        1,
    ),
    (
        "below min_confidence waits for a second publisher",
        (5000,),
        0.5,
        Knowledge(facts=facts(("1200",))),
        0.7,
        1,
        [],
        0,
    ),
    (
        "below min_confidence, a second publisher already reported it",
        (5000,),
        0.5,
        Knowledge(facts=facts(("1200",), publishers={"5000": frozenset({"B"})})),
        0.7,
        1,
        ["fact_changed"],
        1,
    ),
    (
        "min_sources 2 with one publisher",
        (1500,),
        0.9,
        Knowledge(facts=facts(("1200",))),
        0.0,
        2,
        [],
        0,
    ),
    (
        "min_sources 2, the same publisher again does not count twice",
        (1500,),
        0.9,
        Knowledge(facts=facts(("1200",), publishers={"1500": frozenset({"A"})})),
        0.0,
        2,
        [],
        0,
    ),
    (
        "min_sources 2 with a second publisher",
        (1500,),
        0.9,
        Knowledge(facts=facts(("1200",), publishers={"1500": frozenset({"B"})})),
        0.0,
        2,
        ["fact_changed"],
        1,
    ),
]


@pytest.mark.parametrize(
    ("values", "confidence", "known", "min_confidence", "min_sources", "kinds", "sources"),
    [r[1:] for r in FACT_ROWS],
    ids=[r[0] for r in FACT_ROWS],
)
def test_fact_alerts(
    values: tuple[int, ...],
    confidence: float,
    known: Knowledge,
    min_confidence: float,
    min_sources: int,
    kinds: list[str],
    sources: int,
) -> None:
    spec = replace(DEATHS, min_confidence=min_confidence, min_sources=min_sources)
    watchlist = replace(QUIET, facts=(spec,))
    intent = run(prepared(values=values, confidence=confidence), known, watchlist=watchlist)
    assert [a.alert.kind for a in intent.alerts] == kinds
    assert len(intent.observations) == len(set(values))
    assert len(intent.sources) == sources
    for raised in intent.alerts:
        assert raised.observation == ("quake", "death_toll", raised.alert.value)
        assert raised.alert.old == tuple(
            int(v) for v in known.facts.get(("quake", "death_toll"), FactKnowledge()).baseline
        )
        assert raised.alert.evidence.url == "https://a.example/quake"


def test_corroboration_raises_the_confidence() -> None:
    alone = run(prepared(values=(1500,), confidence=0.8), Knowledge(facts=facts(("1200",))))
    backed = run(
        prepared(values=(1500,), confidence=0.8),
        Knowledge(facts=facts(("1200",), publishers={"1500": frozenset({"B", "C"})})),
    )
    assert alone.alerts[0].alert.confidence == changes.alert_confidence(())
    assert backed.alerts[0].alert.confidence == round(changes.alert_confidence(()) + 0.2, 2)


def test_a_copy_is_not_an_independent_publisher() -> None:
    spec = replace(DEATHS, min_sources=2)
    watchlist = replace(QUIET, facts=(spec,))
    known = Knowledge(
        by_hash=stored(id=7, story=3),
        facts=facts(("1200",), publishers={"1500": frozenset({"A"})}),
    )
    intent = run(
        prepared(values=(1500,), url="https://b.example/c", source="B"), known, watchlist=watchlist
    )
    assert intent.status == "duplicate" and intent.alerts == ()


def test_an_article_leading_with_another_figure_does_not_alert_a_component() -> None:
    known = Knowledge(facts=facts(("1200",)))
    intent = run(prepared(values=(300,), lead=("1500", "300")), known)
    assert intent.alerts == ()
    assert len(intent.observations) == 1  # still recorded as evidence


@pytest.mark.parametrize(
    ("title", "text", "live"),
    [
        ("Harlan Bridge collapse live: ninth victim found", "", True),
        ("Live: Bank of Estmark raises rates", "", True),
        ("Crew free after pirates leave ship - live", "", True),
        ("Drug approved: live updates as maker cuts price", "", True),
        ("Bank raises rates - reaction as it happened", "", True),
        ("Ninth victim found", "LIVE Last updated 18:25 CET", True),
        # controls: the word in a sentence
        ("Lorry driver found alive in hospital", "", False),
        ("Residents live in fear as the river rises", "They live on the bank.", False),
    ],
)
def test_a_live_page_is_known_by_its_title_or_badge(title: str, text: str, live: bool) -> None:
    assert live_page(title, text) is live


def test_a_live_page_leads_with_its_newest_entry() -> None:
    """A live blog runs newest first: its first figure is the latest, though the older
    recap further down is stated more surely (it names the bridge)."""
    newest = value(11, confidence=0.85, sentence="The toll stands at nine and 11 are missing.")
    recap = value(12, confidence=0.95, sentence="12 are missing since the bridge fell.")
    assert [v.value for v in ranked((), [newest, recap])] == [12, 11]
    assert [v.value for v in ranked((), [newest, recap], live=True)] == [11, 12]


def test_values_the_article_already_reported_are_not_recorded_again() -> None:
    known = Knowledge(
        by_url=stored(TEXT, id=7, story=3),
        reported=frozenset({("quake", "death_toll", "1200")}),
        facts=facts(("1000",), (("1200", "msg_1200"),)),
    )
    intent = run(prepared(EDITED, values=(1200,)), known)
    assert intent.status == "updated" and intent.observations == () and intent.alerts == ()


def test_backfill_values_join_the_baseline_and_never_alert() -> None:
    intent = run(prepared(values=(1200,)), Knowledge(), origin="backfill", watchlist=WATCHLIST)
    (obs,) = intent.observations
    assert obs.baseline and intent.alerts == ()


def test_alert_ids_are_stable() -> None:
    one = run(prepared(values=(1500,)), Knowledge(facts=facts(("1200",))))
    two = run(
        prepared(values=(1500,), url="https://z.example/x"), Knowledge(facts=facts(("1200",)))
    )
    assert one.alerts[0].alert.id == two.alerts[0].alert.id
    assert one.alerts[0].alert.id == alert_id("quake", "death_toll", "1500", "fact_changed")


def test_the_decision_carries_the_version_it_was_made_on() -> None:
    assert run(prepared(), Knowledge(version=41)).version == 41


def test_a_reading_below_the_standing_peak_is_recorded_not_alerted() -> None:
    """A fact whose label names an extreme: 1,100 after a peak of 1,200 is observed (it is
    what the article says) but raises nothing; 1,500 beats the peak and alerts."""
    peak = replace(DEATHS, label="Highest daily death toll")
    watchlist = replace(QUIET, facts=(peak,))
    known = Knowledge(facts=facts(("1200",)))
    lower = run(prepared(values=(1100,)), known, watchlist=watchlist)
    assert lower.alerts == () and len(lower.observations) == 1
    higher = run(prepared(values=(1500,)), known, watchlist=watchlist)
    assert [a.alert.kind for a in higher.alerts] == ["fact_changed"]


def test_a_round_figure_of_the_standing_value_is_no_change() -> None:
    """ "Officially, nearly 1,500 people have died" after 1,502 restates the toll in round
    figures: recorded, no alert; the same figure stated exactly is a change."""
    known = Knowledge(facts=facts(("1502",)))
    sentence = "Officially, nearly 1,500 people have died."
    rough = replace(
        prepared(), found=(("quake", replace(value(1500, sentence=sentence), span=(19, 24))),)
    )
    decision = run(rough, known)
    assert decision.alerts == () and len(decision.observations) == 1
    exact = run(prepared(values=(1500,)), known)
    assert [a.alert.kind for a in exact.alerts] == ["fact_changed"]


RATE = FactSpec("rate", "Steel tariff rate", "percent", (re.compile(r"\btariff\b"),))
LAUNCH = FactSpec("launch", "Launch date", "date", (re.compile(r"\blaunch\b"),))
NAMED = ("tied to the cue (nsubj)", "names the tracked entity")


@pytest.mark.parametrize(
    ("spec", "value", "why", "standing", "lead", "terms"),
    [
        (RATE, "35", NAMED, "25", ("35",), ("names the tracked entity",)),
        # the article states it twice (the title and the text, or two sentences)
        (RATE, "35", (), "25", ("35", "35"), ("stated more than once in the article",)),
        # one of many figures of the fact in one article: a roundup, a table, parts
        (RATE, "35", (), "25", ("35", "20", "10"), ("one of three or more values in the article",)),
        # how far it moves: 25 -> 60 is more than double, 25 -> 5 less than a quarter
        (RATE, "60", (), "25", ("60",), ("two to four times the standing value, or under half",)),
        (
            RATE,
            "5",
            (),
            "25",
            ("5",),
            ("four times the standing value or more, or under a quarter",),
        ),
        (RATE, "40", ("hedged", "headline"), "25", ("40",), ("headline", "hedged")),
        # nothing standing yet, and a date never jumps
        (RATE, "400", (), None, ("400",), ()),
        (LAUNCH, "2029-06-30", (), "2029-01-02", ("2029-06-30",), ()),
    ],
    ids=["named", "repeated", "many", "double", "quarter", "hedged-headline", "first", "date"],
)
def test_the_evidence_an_alert_is_scored_on(
    spec: FactSpec,
    value: str,
    why: tuple[str, ...],
    standing: str | None,
    lead: tuple[str, ...],
    terms: tuple[str, ...],
) -> None:
    assert changes.alert_evidence(spec, value, why, standing, lead) == terms


def test_the_alert_confidence_follows_its_evidence() -> None:
    """Stated twice outweighs everything else; a jump of four times pulls an alert below the
    default `min_confidence` a user would set (0.6); each term moves it the same way
    whatever else holds (a logistic model)."""
    plain = changes.alert_confidence(())
    twice = changes.alert_confidence(("stated more than once in the article",))
    jump = changes.alert_confidence(("four times the standing value or more, or under a quarter",))
    assert jump < 0.6 < plain < twice <= 0.99
    named = ("names the tracked entity",)
    for term in changes.ALERT_WEIGHTS:
        if term in named:
            continue
        up = changes.ALERT_WEIGHTS[term] > 0
        assert (changes.alert_confidence((*named, term)) > changes.alert_confidence(named)) == up


def test_a_value_gone_back_to_in_so_many_words_alerts_again() -> None:
    """1,200 was alerted, then 1,100; "revised from 1,100 to 1,200" goes back to 1,200 and
    says so: a change, with an alert id of its own. The same value restated without naming
    the standing one it replaces is the old alert's."""
    known = Knowledge(facts=facts(("1000",), (("1200", "msg_1200"), ("1100", "msg_1100"))))
    back = FactValue(
        "death_toll", 1200, "The toll was revised from 1,100 to 1,200.", replaces="1100"
    )
    item = replace(prepared(), found=(("quake", back),))
    (raised,) = run(item, known).alerts
    assert raised.alert.kind == "fact_changed" and raised.alert.value == "1200"
    assert raised.alert.id == alert_id("quake", "death_toll", "1200", "fact_changed", 1)
    assert raised.alert.id != alert_id("quake", "death_toll", "1200", "fact_changed")
    restated = run(prepared(values=(1200,)), known)
    assert restated.alerts == () and restated.sources == ("msg_1200",)
    # naming an older value than the standing one is no return ("from 1,000 to 1,200")
    older = replace(back, replaces="1000")
    assert run(replace(prepared(), found=(("quake", older),)), known).alerts == ()


def test_a_running_total_leads_the_article() -> None:
    """ "Officers arrested six people on Wednesday" is one raid's count; "brings to nine the
    number of people arrested" is the whole so far, and leads though it comes later."""
    raid = value(6, sentence="Officers arrested six people on Wednesday.")
    whole = replace(
        value(9, sentence="His arrest brings to nine the number of people arrested."),
        why=(RUNNING_TOTAL,),
    )
    assert [v.value for v in ranked((), [raid, whole])] == [9, 6]


def test_a_value_given_with_the_one_it_replaces_leads_the_article() -> None:
    """ "will cost an estimated $31 million, up from the $18 million" is the update; a part's
    cost tied more closely to its cue later in the article ("costing about $9.5 million")
    does not lead."""
    update = replace(
        value(31, confidence=0.7, sentence="It will cost $31 million, up from $18 million."),
        replaces="18",
    )
    part = value(9, confidence=0.95, sentence="The new filters, costing about $9 million.")
    assert [v.value for v in ranked((), [part, update])] == [31, 9]


QUEUE = FactSpec(
    id="queue",
    label="Vessels waiting to transit the canal",
    kind="number",
    cues=(re.compile(r"\bships?\b"), re.compile(r"\bvessels?\b")),
    exclude=(re.compile(r"\bpassed through\b"),),
)
CANAL = replace(
    WATCHLIST, name="canal", match=MatchRule(all=(re.compile("canal"),)), facts=(QUEUE,)
)
RESUMED = (
    "Eighty-one ships passed through the canal on Monday, the first day of traffic after the "
    "closure, leaving 310 vessels in the queue, the canal authority said."
)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # the body states the headline's figure and says it is not the queue: the body wins
        ("Traffic resumes on the canal; 81 ships cross on first day", ["310"]),
        # a headline figure the body does not state is read as before
        ("Canal queue stands at 310 ships as traffic resumes", ["310"]),
        ("Canal queue falls to 300 ships as traffic resumes", ["300", "310"]),
    ],
)
def test_the_body_says_what_the_headlines_figure_is(title: str, expected: list[str]) -> None:
    article = Article(url="https://a.example/canal", title=title, text=RESUMED, published=WHEN)
    found, lead = extract_for([CANAL], article)
    assert sorted(str(fv.normalised) for _, fv in found) == expected
    assert lead[("canal", "queue")][0] == expected[0]


FARMS = FactSpec(
    id="farms",
    label="Infected farms",
    kind="number",
    cues=(re.compile(r"\bconfirmed\b"), re.compile(r"\binfected\b")),
)
OUTBREAK = replace(
    WATCHLIST, name="outbreak", match=MatchRule(all=(re.compile("flu"),)), facts=(FARMS,)
)
CONFIRMED = (
    "Tests have confirmed bird flu on the three poultry farms near Tamsey, taking the number "
    "of infected farms in the region to 12 from nine, the agency said."
)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # the body states the headline's figure beside the whole: the headline's is a part
        ("Bird flu confirmed on three Tamsey farms", ["12"]),
        # a headline figure the body does not state is read as before
        ("Bird flu confirmed on 14 farms", ["12", "14"]),
    ],
)
def test_a_headline_figure_the_body_sets_beside_the_whole_is_a_part(
    title: str, expected: list[str]
) -> None:
    article = Article(url="https://a.example/flu", title=title, text=CONFIRMED, published=WHEN)
    found, _ = extract_for([OUTBREAK], article)
    assert sorted(str(fv.normalised) for _, fv in found) == expected


@pytest.mark.parametrize(
    ("baseline", "alerted", "replaces", "expected"),
    [
        # "about eight million, up from 7.9 million": the article says it replaces what
        # stands, so it is a change though it rounds it
        (["7900000"], [], "7900000", "change"),
        (["7000000"], ["7900000"], "7900000", "change"),
        # without the old value it is a restatement in round figures
        (["7900000"], [], "", "known"),
        # replacing something else than what stands is no reason to alert
        (["7900000"], [], "7500000", "known"),
    ],
)
def test_a_rounded_value_that_names_what_it_replaces_is_a_change(
    baseline: list[str], alerted: list[str], replaces: str, expected: str
) -> None:
    spec = FactSpec(id="need", label="People in need", kind="number", cues=(re.compile("need"),))
    decision = changes.decide(spec, "8000000", baseline, alerted, "about", replaces=replaces)
    assert decision.verdict == expected
