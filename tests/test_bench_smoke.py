"""`python -m bench` on tiny inputs: each quality benchmark runs end to end through the real
pipeline, prints its summary rows, and RESULTS.md is rendered from the stored results.

The speed and scale benchmarks have their own smoke tests (test_bench_throughput,
test_bench_polling, test_bench_memory, test_dedup)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import report
from bench.__main__ import main

QUALITY = ("extraction", "same_story", "alerts", "feeds", "realnews")


@pytest.fixture
def results_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(report, "RESULTS_DIR", tmp_path / "results")
    monkeypatch.setattr(report, "RESULTS_MD", tmp_path / "RESULTS.md")
    return tmp_path


def test_quick_run_prints_a_row_per_figure_and_writes_nothing(
    results_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--quick", "--only", ",".join(QUALITY)]) == 0
    out = capsys.readouterr().out
    for name in QUALITY:
        assert report.BENCHMARKS[name][1] in out
    assert "alert precision, 6 realistic cases | 1.000" in out
    assert not (results_dir / "RESULTS.md").exists()
    assert not (results_dir / "results").exists()


def test_results_are_stored_per_benchmark_and_rendered(results_dir: Path) -> None:
    from bench import alert_quality, feeds_eval

    report.save("alerts", alert_quality.run(quick=True), 1.0, quick=False)
    report.save("feeds", feeds_eval.run(quick=True), 2.0, quick=False)
    stored = json.loads((results_dir / "results" / "alerts.json").read_text())
    assert stored["result"]["cases"] == 6 and stored["machine"]["cores"] >= 1
    assert stored["versions"]["trafilatura"] != "-"

    text = report.write_results().read_text()
    assert text.startswith("# Benchmark results")
    assert "## Alert quality on the project's case corpus" in text
    assert "## Feed parsing robustness" in text
    assert "| crashes (target 0) | 0 |" in text
    assert "## Ingest throughput" not in text  # never run here: no stale heading


def test_unknown_benchmark_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--only", "nope"])
    assert exc.value.code == 2
    assert "unknown benchmark nope" in capsys.readouterr().err
