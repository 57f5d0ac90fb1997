"""The alert-quality corpus (bench/cases) is well formed, the scorer pairs alerts with
expectations correctly, and the whole pipeline run over every case over loopback HTTP meets
the product's target: never cry wolf, never miss a real change."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.alert_quality import (
    HOLDOUT_DIR,
    CaseResult,
    Expected,
    evaluate,
    load_cases,
    score,
    update_results,
)

CASES = load_cases()
HOLDOUT = load_cases(HOLDOUT_DIR) if HOLDOUT_DIR.is_dir() else []  # measured, never asserted
NUMBERS = {c.number: c for c in CASES + HOLDOUT}
PAGE_MARKERS = ("<title>", "og:site_name", "<nav", "<article", "cookie", "<footer")
# page furniture besides the article: a sidebar, an ad slot, comments or a sign-up form
FURNITURE = re.compile(
    r"most read|most viewed|popular|trending|related|latest|read more|more episodes|"
    r"more opinion|also today|advert|sponsored|promo|<form|comment|subscribe|newsletter"
)


def test_corpus_is_large_and_covers_both_outcomes() -> None:
    assert len(CASES) >= 40
    assert len(NUMBERS) == len(CASES) + len(HOLDOUT), "case numbers must be unique"
    silent = [c for c in CASES if not c.expect]
    alerting = [c for c in CASES if c.expect]
    assert len(silent) >= 15 and len(alerting) >= 15
    assert any(c.html is None and c.expect for c in CASES), "summary-only real change"
    assert any(c.html is None and not c.expect for c in CASES), "summary-only repeat"
    assert {e.fact for c in CASES for e in c.expect} == {
        "troop_cap",
        "plan_points",
        "talks_date",
        "casualties",
        "territory_share",
    }


@pytest.mark.parametrize("case", CASES + HOLDOUT, ids=lambda c: c.id)
def test_case_is_a_full_news_page(case) -> None:
    assert case.description and case.title and case.source and case.url.startswith("https://")
    assert case.published.tzinfo is not None, "published must carry its UTC offset"
    seen, step = {case.number}, case
    while step.after is not None:  # a chain of earlier steps: known cases, no cycle
        assert step.after in NUMBERS and step.after not in seen, f"after: {step.after}"
        seen.add(step.after)
        step = NUMBERS[step.after]
    if case.html is None:
        assert case.summary, "a summary-only case needs the feed summary"
        return
    page = case.html.lower()
    missing = [m for m in PAGE_MARKERS if m not in page]
    assert not missing, f"page lacks {missing}"
    assert FURNITURE.search(page), "page has no sidebar, ad slot, comments or form"


def test_score_pairs_each_expectation_with_one_alert() -> None:
    expected = [
        Expected("troop_cap", "800000"),
        Expected("talks_date", between=("2026-01-01", "2026-01-10")),
        Expected("plan_points", "20"),
    ]
    raised = [
        ("troop_cap", "800000.0"),  # numbers compare as numbers
        ("troop_cap", "800000"),  # a second alert for the same value is a false alarm
        ("talks_date", "2026-01-05"),
        ("territory_share", "21"),
    ]
    result = score(expected, raised)
    assert result.tp == ["troop_cap=800000.0", "talks_date=2026-01-05"]
    assert result.fp == ["troop_cap=800000", "territory_share=21"]
    assert result.fn == ["plan_points=20"]
    assert score([], []).tp == score([], []).fp == score([], []).fn == []


def test_update_results_rewrites_only_its_own_section(tmp_path: Path) -> None:
    path = tmp_path / "RESULTS.md"
    path.write_text("# Benchmark results\n\n## Extraction\n\nF1 0.91\n", encoding="utf-8")
    failing = CaseResult("039-x", raised=[("casualties", "1180", "1,180 killed")])
    failing.fp = ["casualties=1180"]
    report = {
        "cases": 2, "tp": 1, "fp": 1, "fn": 0, "precision": 0.5, "recall": 1.0,
        "errors": {}, "failing": ["039-x"], "results": [CaseResult("001-y"), failing],
    }  # fmt: skip
    update_results(report, path)
    update_results(report, path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Benchmark results\n\n## Extraction\n\nF1 0.91\n")
    assert text.count("## Alert quality") == 1
    assert "precision 0.500" in text and "false alarm: casualties=1180" in text


@pytest.fixture(scope="module")
def report() -> dict:
    return evaluate()


def test_scorer_runs_every_case_end_to_end(report: dict) -> None:
    assert report["cases"] == len(CASES)
    assert report["errors"] == {}
    assert report["tp"] + report["fn"] == sum(len(c.expect) for c in CASES)


def test_alerts_meet_the_target(report: dict) -> None:
    assert report["precision"] >= 0.95 and report["recall"] >= 0.95, report["failing"]
