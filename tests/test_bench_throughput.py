"""Smoke test: the ingest-throughput benchmark runs end to end on a few articles and the
articles really reach the store (no timing is checked)."""

from __future__ import annotations

import random

import pytest

from bench.extraction_quality import DATASET

pytestmark = pytest.mark.skipif(not DATASET.is_dir(), reason="shared eval data not present")


def test_copies_differ_but_keep_the_story() -> None:
    from bench.throughput import corpus, load_pages, variant

    pages = load_pages(3)
    items = corpus(9, pages)
    assert len({i.html for i in items}) == 9 and len({i.url for i in items}) == 9
    assert items[0].html == pages[0]  # the first round is the pages themselves
    copy = variant(pages[0], 10, random.Random(1))
    assert b"Ukraine peace talks" in copy and b"(10)</title>" in copy


def test_quick_run_stores_articles_and_reports_each_figure() -> None:
    from bench.throughput import rows, run, section

    result = run(quick=True)
    n = result["n"]
    for phase in ("one_core", "two_cores"):
        measured = result[phase]
        assert measured["articles"] == n and measured["per_s"] > 0
        assert measured["stored"]["articles"] > 0 and measured["stored"]["entries"] == n
        assert measured["entry_errors"] == 0
    assert result["one_core"]["cpus"] == 1 and result["one_core"]["workers"] == 1
    assert result["two_cores"]["workers"] == 2
    assert result["bare"]["bare"]["extracted"] > 0 and result["bare"]["cpus"] == 1
    assert result["ratio_one_core"] > 0 and result["ratio_two_cores"] > 0
    figures = rows(result)
    assert len(figures) == 2 and all(len(row) == 4 for row in figures)
    text = section(result)
    assert "| what | cores |" in text and "bare_extraction" in text
