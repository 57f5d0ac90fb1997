"""The ingest pipeline's alert rules on a small watchlist of another topic: one alert per
value, later sources attached, min_sources counts independent publishers, story alerts."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from monitor.ingest.pipeline import ingest
from monitor.models import Article
from monitor.store.db import Store
from monitor.watchlists import Watchlist, load_watchlist

WATCHLIST = """
name: quake
match: {{all: ['earthquake']}}
facts:
  death_toll:
    label: Death toll
    kind: number
    cues: ['\\bkilled\\b', 'death toll']
    range: [1, 1000000]
    min_sources: {min_sources}
notify: {{story_matched: {stories}}}
"""
WHEN = datetime(2026, 2, 6, 8, 0, tzinfo=UTC)


def make(tmp_path: Path, min_sources: int = 1, stories: bool = False) -> tuple[Store, Watchlist]:
    path = tmp_path / "quake.yaml"
    path.write_text(WATCHLIST.format(min_sources=min_sources, stories=str(stories).lower()))
    return Store.open(tmp_path / "m.db"), load_watchlist(path)


def article(url: str, text: str, source: str, title: str = "Earthquake news") -> Article:
    return Article(url=url, title=title, text=text, published=WHEN, source=source)


STORY = (
    "A powerful earthquake struck the region before dawn on Friday. Rescue teams worked "
    "through the night in freezing weather. The death toll rose to 1,200 by the evening, "
    "officials said. Thousands of buildings collapsed across several provinces."
)
OTHER = (
    "Aid agencies warned on Saturday that shelter was running short after the "
    "earthquake. Officials now say the earthquake killed 1,200 people, and more than "
    "10,000 were injured. Schools have been turned into shelters for families."
)


def test_first_value_alerts_once_later_sources_attach(tmp_path: Path) -> None:
    store, wl = make(tmp_path)
    first = ingest(store, article("https://a.example/1", STORY, "A"), [wl], origin="feed")
    copy = ingest(store, article("https://b.example/1", STORY, "B"), [wl], origin="feed")
    other = ingest(store, article("https://c.example/9", OTHER, "C"), [wl], origin="feed")
    assert len(first.alerts) == 1 and copy.alerts == [] and other.alerts == []
    assert copy.status == "duplicate"
    (alert,) = store.alerts()
    assert alert.alert.kind == "fact_new" and alert.alert.new == 1200
    assert len(alert.sources) == 3


def test_min_sources_counts_independent_publishers(tmp_path: Path) -> None:
    store, wl = make(tmp_path, min_sources=2)
    assert (
        ingest(store, article("https://a.example/1", STORY, "A"), [wl], origin="feed").alerts == []
    )
    # a syndicated copy is not an independent source
    assert (
        ingest(store, article("https://b.example/1", STORY, "B"), [wl], origin="feed").alerts == []
    )
    second = ingest(store, article("https://c.example/9", OTHER, "C"), [wl], origin="feed")
    assert len(second.alerts) == 1


@pytest.mark.parametrize("stories", [True, False])
def test_story_matched_only_for_new_stories(tmp_path: Path, stories: bool) -> None:
    store, wl = make(tmp_path, stories=stories)
    ingest(store, article("https://a.example/1", STORY, "A"), [wl], origin="feed")
    ingest(store, article("https://b.example/1", STORY, "B"), [wl], origin="feed")
    ingest(
        store,
        article("https://z.example/2", "Markets rose on Friday.", "Z", title="Markets"),
        [wl],
        origin="feed",
    )
    kinds = [a.alert.kind for a in store.alerts()]
    assert kinds.count("story_matched") == (1 if stories else 0)
    assert kinds.count("fact_new") == 1


def test_backfill_sends_nothing(tmp_path: Path) -> None:
    store, wl = make(tmp_path, stories=True)
    result = ingest(store, article("https://a.example/1", STORY, "A"), [wl], origin="backfill")
    assert result.alerts == [] and store.alerts() == []
    assert store.baseline_values("quake", "death_toll") == ["1200"]


PARTS = "In the capital alone 700 were killed, and 450 people were killed in the north."


@pytest.mark.parametrize(
    ("title", "body"),
    [
        pytest.param(
            "Earthquake killed 1,900 people, officials say",
            f"Rescuers found more survivors on Monday after the earthquake. {PARTS} The "
            "earthquake killed 1,900 people, officials said.",
            id="the-headline-states-it",
        ),
        pytest.param(
            "Rescue work ends",
            f"Rescue work ended on Monday after the earthquake. {PARTS} In all, the "
            "earthquake killed 1,900 people.",
            id="the-body-gives-it-as-the-total",
        ),
        pytest.param(
            "Earthquake that killed 1,200 is deadlier than thought",
            "Officials revised the figures after the earthquake: it has now killed 1,900.",
            id="a-headline-repeating-the-baseline-outranks-nothing",
        ),
    ],
)
def test_the_value_an_article_leads_with_outranks_its_parts(
    tmp_path: Path, title: str, body: str
) -> None:
    # the news is the value the article leads with; its other numbers for the fact are parts
    store, wl = make(tmp_path)
    ingest(store, article("https://a.example/1", STORY, "A"), [wl], origin="backfill")
    result = ingest(store, article("https://b.example/2", body, "B", title), [wl], origin="feed")
    assert [a.alert.new for a in store.alerts()] == [1900]
    assert len(result.alerts) == 1
    # every value is still recorded as an observation
    observed = {r["value"] for r in store.all("SELECT value FROM observations")}
    assert "1900" in observed and ("700" in observed) == (PARTS in body)


def test_a_value_below_min_confidence_waits_for_a_second_publisher(tmp_path: Path) -> None:
    from monitor.app.reports import facts_report

    path = tmp_path / "quake.yaml"
    path.write_text(
        WATCHLIST.format(min_sources=1, stories="false").replace(
            "    min_sources: 1", "    min_sources: 1\n    min_confidence: 0.97"
        )
    )
    store, wl = Store.open(tmp_path / "m.db"), load_watchlist(path)
    first = ingest(store, article("https://a.example/1", STORY, "A"), [wl], origin="feed")
    assert first.alerts == []  # sure of it, but not sure enough on one publisher's word
    (fact,) = facts_report(store, [wl])
    (seen,) = fact["seen_since"]
    assert seen["value"] == 1200 and seen["pending"] and seen["confidence"] < 0.97
    assert seen["evidence"][0]["why"]
    # a syndicated copy is not a second publisher; an independent report is
    copy = ingest(store, article("https://b.example/1", STORY, "B"), [wl], origin="feed")
    assert copy.alerts == []
    second = ingest(store, article("https://c.example/9", OTHER, "C"), [wl], origin="feed")
    (alert_id,) = second.alerts
    (alert,) = store.alerts()
    assert alert.alert.id == alert_id and alert.alert.new == 1200
    assert alert.alert.confidence is not None and 0 < alert.alert.confidence <= 0.99
    (fact,) = facts_report(store, [wl])
    assert not fact["seen_since"][0]["pending"]


@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        (
            "Western officials now estimate that more than 1.5 million Russian and Ukrainian "
            "soldiers have been killed or wounded.",
            "casualties",
            1500000,
        ),
        (
            "One compromise would set the ceiling for Ukraine's army at 750 000 troops, a "
            "European diplomat said.",
            "troop_cap",
            750000,
        ),
    ],
)
def test_fact_scope_reads_articles_without_the_story_words(
    text: str, fact: str, value: int
) -> None:
    """Issue 11: these pages lack the shipped watchlist's peace-talk words; their facts name
    Ukraine (the facts' `entity`), so they are read all the same."""
    from monitor.ingest.decide import extract_for
    from monitor.watchlists import load_all

    watchlists = load_all(Path(__file__).resolve().parent.parent / "watchlists")
    article_ = Article(url="https://x.example/1", title="Frontline report", text=text,
                       published=WHEN)  # fmt: skip
    assert not watchlists[0].match.matches(f"{article_.title}\n{text}")
    found, _ = extract_for(watchlists, article_)
    assert [(fv.fact, fv.value) for _, fv in found] == [(fact, value)]


REWRITE = (
    "Rescuers pulled survivors from the rubble of the earthquake on Saturday as the cold "
    "deepened. The death toll rose to 1,200 by the evening, officials said. Power was "
    "restored to parts of the capital, and the airport reopened for relief flights."
)


def test_a_wrong_verdict_keeps_its_evidence_quiet_and_lets_other_evidence_alert(
    tmp_path: Path,
) -> None:
    """Feedback (issue 12): an alert judged wrong raises nothing again from the same
    sentence, even on another site and in another article; the same value on other evidence
    is a new alert with an id of its own; judged right again, the first alert counts as
    sent and nothing new is raised."""
    from monitor.store import views

    store, wl = make(tmp_path)
    first = ingest(store, article("https://a.example/1", STORY, "A"), [wl], origin="feed")
    (first_id,) = first.alerts
    views.add_feedback(
        store, verdict="wrong", reason="draft", at=WHEN.isoformat(), alert_id=first_id
    )
    same = ingest(store, article("https://d.example/2", REWRITE, "D"), [wl], origin="feed")
    assert same.alerts == []  # "The death toll rose to 1,200 by the evening, officials said."
    other = ingest(store, article("https://c.example/9", OTHER, "C"), [wl], origin="feed")
    (second_id,) = other.alerts
    assert second_id != first_id
    again = ingest(store, article("https://e.example/3", OTHER + " More soon.", "E"), [wl],
                   origin="feed")  # fmt: skip
    assert again.alerts == []  # the value's new alert stands
    assert {a.alert.id for a in store.alerts()} == {first_id, second_id}


def test_judged_right_after_wrong_counts_as_sent(tmp_path: Path) -> None:
    from monitor.store import views

    store, wl = make(tmp_path)
    (first_id,) = ingest(
        store, article("https://a.example/1", STORY, "A"), [wl], origin="feed"
    ).alerts
    at = WHEN.isoformat()
    views.add_feedback(store, verdict="wrong", reason="", at=at, alert_id=first_id)
    views.add_feedback(store, verdict="right", reason="my mistake", at=at, alert_id=first_id)
    assert not any(a.wrong for a in store.fact_alerts("quake", "death_toll"))
    assert store.rejected_evidence("quake", "death_toll") == frozenset()
    other = ingest(store, article("https://c.example/9", OTHER, "C"), [wl], origin="feed")
    assert other.alerts == []


def test_backfill_names_the_facts_the_seeds_left_without_a_baseline(tmp_path: Path) -> None:
    """A seed whose figure is not read turns every restatement into an alert: the report
    says which facts still have no baseline value, so the user can check their cues."""
    from monitor.ingest.backfill import backfill

    path = tmp_path / "quake.yaml"
    injured = "  injured:\n    label: Injured\n    kind: number\n    cues: ['injured']\nnotify:"
    path.write_text(WATCHLIST.format(min_sources=1, stories="false").replace("notify:", injured))
    wl = load_watchlist(path)
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "01.txt").write_text(
        f"Earthquake kills 1,200\nSource: A\nPublished: 2026-02-06T08:00:00+00:00\n\n{STORY}\n"
    )
    store = Store.open(tmp_path / "m.db")
    report = backfill(store, [seeds], [wl], progress=False)
    assert list(report.unread) == ["quake/injured"]
    assert any(line.startswith("  quake/injured") for line in report.lines())
    assert store.baseline_values("quake", "death_toll") == ["1200"]


def _injured_too(tmp_path: Path) -> tuple[Watchlist, Path]:
    """The quake watchlist with a second fact, the injured (cue "injured", 10 and up), and
    an empty seeds folder."""
    path = tmp_path / "quake.yaml"
    injured = (
        "  injured:\n    label: Injured\n    kind: number\n    cues: ['injured']\n"
        "    range: [10, 100000]\nnotify:"
    )
    path.write_text(WATCHLIST.format(min_sources=1, stories="false").replace("notify:", injured))
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    return load_watchlist(path), seeds


def test_a_figure_the_seeds_state_but_the_reader_missed_is_no_change(tmp_path: Path) -> None:
    """The seed's "More than 300 people were hurt" holds none of the cues of a fact tracking
    the injured: the fact has no baseline value, and the figures of its kind the seeds state
    are kept as known in its place. A later "300 people were injured" raises nothing; a new
    figure alerts as the fact's first value; once a seed is read as the fact, the mentions
    go."""
    from monitor.app.reports import facts_report, facts_text
    from monitor.ingest.backfill import backfill

    wl, seeds = _injured_too(tmp_path)
    (seeds / "01.txt").write_text(
        "Earthquake kills 1,200\nSource: A\nPublished: 2026-02-06T08:00:00+00:00\n\n"
        f"{STORY} More than 300 people were hurt, and 4 hospitals are full.\n"
    )
    store = Store.open(tmp_path / "m.db")
    report = backfill(store, [seeds], [wl], progress=False)
    assert report.unread == {"quake/injured": ["1200", "300"]}
    assert "  quake/injured (figures the seeds state, not alerted: 1200, 300)" in report.lines()
    assert store.baseline_values("quake", "injured") == []  # never shown as the baseline
    assert store.mentioned_values("quake", "injured") == ["1200", "300"]
    shown = facts_text(facts_report(store, [wl]))
    assert "  mentioned in the seeds (a restatement raises no alert): 1,200, 300" in shown

    said = "The earthquake killed 1,200 people. Officials said 300 people were injured."
    again = ingest(store, article("https://a.example/2", said, "A"), [wl], origin="feed")
    assert again.alerts == []
    assert ("injured", "300") in {(fv.fact, fv.normalised) for _, fv in again.facts}
    more = "The earthquake killed 1,200 people. Officials said 450 people were injured."
    (alert_id,) = ingest(store, article("https://b.example/3", more, "B"), [wl],
                         origin="feed").alerts  # fmt: skip
    (alert,) = [a.alert for a in store.alerts() if a.alert.id == alert_id]
    assert (alert.fact, alert.value, alert.kind) == ("injured", "450", "fact_new")

    (seeds / "02.txt").write_text(
        "Earthquake update\nSource: B\nPublished: 2026-02-06T10:00:00+00:00\n\n"
        "Officials said 310 people were injured in the earthquake.\n"
    )
    again_report = backfill(store, [seeds], [wl], progress=False)
    assert "quake/injured" not in again_report.unread
    assert store.baseline_values("quake", "injured") == ["310"]
    assert store.mentioned_values("quake", "injured") == []


def test_a_seed_of_thousands_of_figures_keeps_a_bounded_number_of_mentions(
    tmp_path: Path,
) -> None:
    """A seed that is one long list of figures (a data dump saved as text) must not make
    every later value of an unread fact "known": at most MAX_MENTIONS are kept, the first
    stated, and the rest of the backfill still loads."""
    from monitor.facts.reader import MAX_MENTIONS
    from monitor.ingest.backfill import backfill

    wl, seeds = _injured_too(tmp_path)
    rows = "\n".join(f"Station {i} measured {1000 + i} readings." for i in range(5000))
    (seeds / "01.txt").write_text(
        "Earthquake kills 1,200\nSource: A\nPublished: 2026-02-06T08:00:00+00:00\n\n"
        f"{STORY}\n\n{rows}\n"
    )
    store = Store.open(tmp_path / "m.db")
    report = backfill(store, [seeds], [wl], progress=False)
    kept = store.mentioned_values("quake", "injured")
    assert len(kept) == MAX_MENTIONS == len(report.unread["quake/injured"])
    assert kept[:2] == ["1200", "1000"]  # the first stated
    assert store.baseline_values("quake", "death_toll") == ["1200"]  # the rest still loads
    late = "The earthquake killed 1,200 people. Officials said 5,999 people were injured."
    (alert_id,) = ingest(store, article("https://a.example/9", late, "A"), [wl],
                         origin="feed").alerts  # fmt: skip
    assert alert_id  # a figure past the cap is no mention: it alerts as the first value
