"""Smoke test: the whole-pipeline extraction benchmark runs on a few pages (no timing)."""

from __future__ import annotations

import pytest

from bench.extraction_quality import DATASET

pytestmark = pytest.mark.skipif(not DATASET.is_dir(), reason="shared eval data not present")


def test_pipeline_extraction_benchmark_runs() -> None:
    from bench.pipeline_extraction import evaluate

    result = evaluate(limit=3)
    assert result["monitor pipeline"]["stored"] == 3
    assert 0.0 <= result["monitor pipeline"]["f1"] <= 1.0
    assert set(result) == {"bare trafilatura", "monitor pipeline"}
