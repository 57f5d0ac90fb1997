"""Smoke test: the memory benchmark ingests 150 short synthetic articles in a child process
through the real pipeline and reports its resident set at each checkpoint."""

from __future__ import annotations

from bench import memory


def test_quick_run_ingests_and_samples_memory() -> None:
    result = memory.run(quick=True)

    assert result["stored"] == result["articles"] == 150
    assert result["statuses"]["new"] > 100
    assert result["statuses"]["duplicate"] >= 150 // 20  # the syndicated copies
    assert result["alerts"] > 0  # the tracked-fact sentences reached the alert decision
    samples = result["samples"]
    assert [s["articles"] for s in samples] == [0, 50, 100, 150]
    assert all(0 < s["rss_mb"] <= s["peak_mb"] for s in samples)
    assert result["peak_mb"] == samples[-1]["peak_mb"] >= result["first_peak_mb"]
    assert result["articles_per_s"] > 0

    rows = memory.rows(result)
    assert len(rows) == 2
    assert all(len(row) == 4 and all(isinstance(c, str) for c in row) for row in rows)
    assert rows[0][0] == "peak RSS ingesting 150 articles"
    section = memory.section(result)
    assert "| 150 |" in section and "ukraine-peace.yaml" in section


def test_articles_are_deterministic_with_copies_and_facts() -> None:
    corpus = memory.Corpus(words=40)
    first = list(memory.articles(corpus, 40))
    assert first == list(memory.articles(corpus, 40))
    assert len({url for url, *_ in first}) == 40
    assert first[19][2] == f"Read more from our partners.\n{first[18][2]}\nShare this."
    assert "cap the army at 700,000 troops" in first[0][2]
