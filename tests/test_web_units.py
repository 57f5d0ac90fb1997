"""The web interface's pure parts, table-driven: literal search queries, safe links, the
value highlighted in its sentence, the timeline's escaping, basic auth, the web settings,
users' precision, and the decider skipping evidence a user judged wrong (a non-Ukraine
watchlist: a quake's death toll)."""

from __future__ import annotations

import base64
import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from monitor import settings
from monitor.app.quality import quality_report, quality_text
from monitor.errors import ConfigError, InputError, NotFound
from monitor.facts.changes import alert_id
from monitor.ingest.decide import FactKnowledge, Knowledge, Prepared, decide
from monitor.models import Article, FactSpec, FactValue, evidence_key
from monitor.store import views
from monitor.store.db import Store
from monitor.text import dedup
from monitor.watchlists import MatchRule, Notify, Watchlist
from monitor.web.present import (
    MARK_CLOSE,
    MARK_OPEN,
    Point,
    fts_query,
    highlight,
    safe_url,
    snippet_parts,
    timeline_svg,
    when,
)
from monitor.web.security import basic_password, password_ok, token_ok


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("600,000", '"600,000"'),
        ('say "hi', '"say" """hi"'),
        ("talks: Geneva", '"talks:" "Geneva"'),
        ("NEAR( a OR b", '"NEAR(" "a" "OR" "b"'),
        ("   ", ""),
    ],
)
def test_search_words_become_literal_fts_strings(text: str, query: str) -> None:
    assert fts_query(text) == query


@pytest.mark.parametrize("text", ["600,000", '"unbalanced', "talks: Geneva", "NEAR(", "*", "^"])
def test_literal_queries_never_raise_in_sqlite(text: str) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(body)")
    conn.execute("INSERT INTO t VALUES ('the cap of 600,000 troops; talks: Geneva')")
    rows = conn.execute("SELECT body FROM t WHERE t MATCH ?", (fts_query(text),)).fetchall()
    assert len(rows) <= 1


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.org/a", True),
        ("http://example.org/a", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("data:text/html,<script>", False),
        ("file:///etc/passwd", False),
        ("", False),
        (None, False),
    ],
)
def test_only_http_links_are_links(url: str | None, safe: bool) -> None:
    assert (safe_url(url) is not None) == safe


@pytest.mark.parametrize(
    ("sentence", "value", "span", "marked"),
    [
        ("Deaths rose to 1,204 on Friday.", "1204", (15, 20), "1,204"),
        ("Deaths rose to 1,204 on Friday.", "1204", (None, None), "1,204"),
        ("Deaths rose to 1 204 on Friday.", "1204", (None, None), "1 204"),
        ("The rate is 4.25%.", "4.25", (None, None), "4.25"),
        ("Talks on 2026-03-01.", "2026-03-01", (None, None), "2026-03-01"),
        ("twelve people died", "12", (None, None), ""),  # words: nothing to mark
        ("short", "5", (3, 99), ""),  # a span past the end is not trusted
    ],
)
def test_the_value_is_highlighted_in_its_sentence(
    sentence: str, value: str, span: tuple[int | None, int | None], marked: str
) -> None:
    before, mark, after = highlight(sentence, value, span)
    assert mark == marked and before + mark + after == sentence


def test_snippet_markers_become_hits() -> None:
    parts = snippet_parts(f"cap of {MARK_OPEN}600{MARK_CLOSE},{MARK_OPEN}000{MARK_CLOSE} troops")
    assert parts == [
        ("cap of", False),
        ("600", True),
        (",", False),
        ("000", True),
        ("troops", False),
    ]


def test_timeline_escapes_every_label_and_has_no_script_or_style() -> None:
    moment = datetime(2026, 3, 1, tzinfo=UTC)
    svg = timeline_svg(
        "number",
        [
            Point(moment, 5.0, '<script>alert(1)</script> "quoted"'),
            Point(moment, 7.0, "b", "wrong"),
        ],
        [{"value": "5", "origin": "seed", "added_at": "2026-03-02T00:00:00+00:00"}],
        moment,
    )
    assert "<script" not in svg and "&lt;script&gt;" in svg
    assert "style=" not in svg and 'class="mark wrong"' in svg and 'class="baseline"' in svg


def test_timeline_of_dates_and_of_nothing() -> None:
    moment = datetime(2026, 3, 1, tzinfo=UTC)
    svg = timeline_svg("date", [Point(moment, 739000.0, "x")], [], moment)
    assert "<circle" in svg
    assert "no values yet" in timeline_svg("number", [], [], moment)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("2025-12-02T09:00:00+00:00", "2025-12-02 09:00"),
        ("2025-12-02T11:00:00+02:00", "2025-12-02 09:00"),
        ("2025-12-02", "2025-12-02"),
        ("not a time", "not a time"),
        (None, ""),
    ],
)
def test_times_are_shown_in_utc_minutes(text: str | None, shown: str) -> None:
    assert when(text) == shown


def _basic(text: str) -> str:
    return "Basic " + base64.b64encode(text.encode()).decode()


@pytest.mark.parametrize(
    ("header", "password"),
    [
        (_basic("monitor:s3cret pass"), "s3cret pass"),
        (_basic("anyone:a:b"), "a:b"),
        (_basic("nocolon"), None),
        ("Basic !!!", None),
        ("Bearer abc", None),
        (None, None),
    ],
)
def test_basic_auth_password(header: str | None, password: str | None) -> None:
    assert basic_password(header) == password


def test_passwords_and_tokens_compare_safely() -> None:
    assert password_ok("right one", "right one")
    assert not password_ok("wrong", "right one")
    assert not password_ok("anything", None)  # no password set: nobody writes
    assert not password_ok(None, "right one")
    assert token_ok("a", "a") and not token_ok("", "") and not token_ok("a", None)


@pytest.mark.parametrize(
    ("env", "error"),
    [
        ({"MONITOR_WEB_ADDR": "8080"}, "MONITOR_WEB_ADDR"),
        ({"MONITOR_WEB_ADDR": "localhost:99999"}, "MONITOR_WEB_ADDR"),
        ({"MONITOR_WEB_ADDR": ":8080"}, "MONITOR_WEB_ADDR"),
        ({"MONITOR_WEB_PASSWORD": "short"}, "MONITOR_WEB_PASSWORD"),
    ],
)
def test_bad_web_settings_are_refused_naming_the_variable(env: dict[str, str], error: str) -> None:
    with pytest.raises(ConfigError, match=error):
        settings.load(env)


def test_web_settings_defaults_and_ipv6() -> None:
    assert settings.load({}).web_addr == ("127.0.0.1", 8080)
    assert settings.load({"MONITOR_WEB_ADDR": "[::1]:0"}).web_addr == ("::1", 0)
    loaded = settings.load({"MONITOR_WEB_PASSWORD": "long enough"})
    assert loaded.redacted()["MONITOR_WEB_PASSWORD"] == "***"


def test_quality_counts_unjudged_alerts_as_right() -> None:
    alerts = [
        {"watchlist": "quake", "fact": "deaths", "month": "2026-03", "verdict": "wrong"},
        {"watchlist": "quake", "fact": "deaths", "month": "2026-03", "verdict": None},
        {"watchlist": "quake", "fact": "deaths", "month": "2026-04", "verdict": "right"},
        {"watchlist": "quake", "fact": "injured", "month": "2026-04", "verdict": None},
    ]
    feedback = [{"target": "observation", "verdict": "wrong"}]
    report = quality_report(alerts, feedback)
    assert report["total"] == {
        "alerts": 4, "wrong": 1, "right": 1, "judged": 2, "precision": 0.75, "precision_judged": 0.5
    }  # fmt: skip
    deaths = next(f for f in report["facts"] if f["fact"] == "deaths")
    assert deaths["precision"] == round(2 / 3, 3)
    assert [m["month"] for m in report["months"]] == ["2026-03", "2026-04"]
    assert report["observations_judged"] == {"wrong": 1, "right": 0}
    assert any("quake/deaths" in line for line in quality_text(report))
    assert "nothing to judge" in quality_text(quality_report([], []))[-1]


# -- the decider and the store: judged-wrong evidence -------------------------------------
DEATHS = FactSpec(
    id="deaths",
    label="Deaths in the Kestrel Valley quake",
    kind="number",
    cues=(re.compile("toll"),),
)
QUAKE = Watchlist(
    name="kestrel-quake",
    path=Path("kestrel.yaml"),
    description="",
    feeds=(),
    match=MatchRule(),
    facts=(DEATHS,),
    notify=Notify(),
    interval=900,
)
SENTENCE = "The death toll from the Kestrel Valley quake rose to 212, officials said."


def _prepared(sentence: str) -> Prepared:
    features = dedup.text_features(sentence)
    article = Article(
        url="https://news.example/q",
        title="Quake toll",
        text=sentence,
        content_hash=features.content_hash,
    )
    fv = FactValue("deaths", 212, sentence, (54, 57), 0.9)
    return Prepared(
        article,
        features,
        dedup.story_profile(article.title, sentence, features),
        (("kestrel-quake", fv),),
    )


@pytest.mark.parametrize(
    ("rejected_sentence", "alerts"),
    [
        (None, 1),  # nobody judged it: a change from 180
        (SENTENCE, 0),  # this very evidence was judged wrong
        ("  the DEATH toll from the Kestrel Valley quake rose to 212,  officials said. ", 0),
        ("Another report said 212 people died.", 1),  # other evidence of the value alerts
    ],
)
def test_judged_wrong_evidence_raises_no_alert(rejected_sentence: str | None, alerts: int) -> None:
    rejected = (
        frozenset({evidence_key("deaths", "212", rejected_sentence)})
        if rejected_sentence
        else frozenset()
    )
    known = Knowledge(
        facts={("kestrel-quake", "deaths"): FactKnowledge(baseline=("180",), rejected=rejected)}
    )
    intent = decide(
        _prepared(SENTENCE), known, [QUAKE], origin="feed", stamp="2026-03-01T00:00:00+00:00"
    )
    assert len([a for a in intent.alerts if a.alert.kind == "fact_changed"]) == alerts
    assert len(intent.observations) == 1  # recorded either way


def test_store_feedback_round_trip(store: Store) -> None:
    at = "2026-03-01T00:00:00+00:00"
    with store.write():
        article_id = store.insert(
            "articles",
            {"url": "https://n.example/1", "fetched_at": at, "origin": "feed", "content_hash": "h"},
        )
        obs = store.insert(
            "observations",
            {
                "watchlist": "kestrel-quake", "fact": "deaths", "value": "212",
                "sentence": SENTENCE, "article_id": article_id, "observed_at": at,
            },
        )  # fmt: skip
        aid = alert_id("kestrel-quake", "deaths", "212", "fact_changed")
        store.insert(
            "alerts",
            {
                "id": aid, "kind": "fact_changed", "watchlist": "kestrel-quake", "fact": "deaths",
                "value": "212", "payload": "{}", "observation_id": obs, "created_at": at,
            },
        )  # fmt: skip
        store.insert(
            "deliveries",
            {"alert_id": aid, "channel": "webhook", "state": "failed", "next_attempt_at": at,
             "updated_at": at},
        )  # fmt: skip
    assert store.alerted("kestrel-quake", "deaths") == [("212", aid)]
    with pytest.raises(InputError, match="verdict"):
        views.add_feedback(store, verdict="nah", reason="", at=at, alert_id=aid)
    with pytest.raises(NotFound):
        views.add_feedback(store, verdict="wrong", reason="", at=at, alert_id="nosuch")
    with pytest.raises(NotFound):
        views.add_feedback(store, verdict="wrong", reason="", at=at, observation_id=999)
    assert views.feedback_rows(store) == []  # refused verdicts stored nothing
    row = views.add_feedback(store, verdict="wrong", reason=" misread ", at=at, alert_id=aid)
    assert row["reason"] == "misread" and row["evidence_key"] == evidence_key(
        "deaths", "212", SENTENCE
    )
    assert store.rejected_evidence("kestrel-quake", "deaths") == {row["evidence_key"]}
    assert store.alerted("kestrel-quake", "deaths") == []  # may alert again on other evidence
    assert views.retry_now(store, aid, at) == 1
    assert views.delivery_states(store) == {"pending": 1}
    with pytest.raises(NotFound):
        views.retry_now(store, "nosuch", at)


def test_the_grafana_dashboard_queries_only_metrics_that_exist() -> None:
    import json

    from prometheus_client import REGISTRY

    import monitor.metrics  # noqa: F401 - registers the metrics

    suffixes = {"counter": ("_total",), "histogram": ("_bucket", "_count", "_sum")}
    names = {m.name + suffix for m in REGISTRY.collect() for suffix in suffixes.get(m.type, ("",))}
    dashboard = json.loads((Path(__file__).parents[1] / "docs/grafana-dashboard.json").read_text())
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    for panel in dashboard["panels"]:
        (target,) = panel["targets"]
        used = set(re.findall(r"monitor_[a-z_]+", target["expr"]))
        assert used and used <= names, used - names
        assert target["expr"] in readme, panel["title"]  # the README shows the same query
