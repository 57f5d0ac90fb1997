"""Decides whether monitor.text.extract's trafilatura settings keep extraction quality.

Scores monitor.text.extract.extract_html and plain `trafilatura.extract` (library defaults) on the
Scrapinghub article-extraction benchmark with the upstream metric: per page, the multisets of
lower-cased word 4-gram shingles of truth and prediction give TP/FP/FN (normalised per page),
precision and recall are averaged over pages and F1 is taken from the means.

    .venv/bin/python -m bench.extraction_quality [LIMIT]

Measured (181 pages, trafilatura 2.3.1): baseline F1 0.953 (P 0.928, R 0.978); monitor
(favor_precision, no comments/tables, per-page dedup cache) F1 0.956 (P 0.959, R 0.952).
"""

from __future__ import annotations

import gzip
import json
import logging
import re
import statistics
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import trafilatura  # the baseline only; the project's own extraction is monitor.text.extract

from monitor.text.extract import extract_html

DATASET = Path("/work/shared/eval/extraction/scrapinghub-aeb")
_TOKEN = re.compile(r"\w+")

Score = tuple[float, float, float]


def _shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall((text or "").lower())
    # a text shorter than n words is one (short) shingle, as upstream does
    count = max(1, len(tokens) - n + 1)
    return Counter(tuple(tokens[i : i + n]) for i in range(count) if tokens[i : i + n])


def shingle_score(truth: str, prediction: str) -> Score:
    """(tp, fp, fn) over 4-gram shingles, normalised to sum to 1 so long pages weigh the same."""
    true_sh, pred_sh = _shingles(truth), _shingles(prediction)
    tp = sum((true_sh & pred_sh).values())
    fp = sum((pred_sh - true_sh).values())
    fn = sum((true_sh - pred_sh).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def summarise(scores: list[Score]) -> dict[str, float]:
    """Mean precision/recall over pages (pages with nothing to score skipped), F1 of the means."""
    precision = statistics.mean(_precision(*s) for s in scores if s[0] + s[1] > 0)
    recall = statistics.mean(_recall(*s) for s in scores if s[0] + s[2] > 0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def _ours(html: bytes) -> str:
    result = extract_html(html)
    return result.text if result else ""


def _baseline(html: bytes) -> str:
    return trafilatura.extract(html) or ""


def evaluate(
    limit: int | None = None, extractors: dict[str, Callable[[bytes], str]] | None = None
) -> dict[str, dict[str, float]]:
    """Scores per extractor ({"baseline": ..., "monitor": ...}) over the first `limit` pages."""
    extractors = extractors or {"baseline": _baseline, "monitor": _ours}
    truth = json.loads((DATASET / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)[:limit]
    scores: dict[str, list[Score]] = {name: [] for name in extractors}
    for key in keys:
        html = gzip.decompress((DATASET / "html" / f"{key}.html.gz").read_bytes())
        for name, extractor in extractors.items():
            scores[name].append(shingle_score(truth[key]["articleBody"], extractor(html)))
    result = {name: summarise(page_scores) for name, page_scores in scores.items()}
    for summary in result.values():
        summary["pages"] = len(keys)
    return result


def main(argv: list[str]) -> None:
    logging.basicConfig(level=logging.CRITICAL)  # per-page library warnings are noise here
    limit = int(argv[0]) if argv else None
    result = evaluate(limit)
    for name, summary in result.items():
        print(
            f"{name:<9} F1={summary['f1']:.3f}  precision={summary['precision']:.3f}  "
            f"recall={summary['recall']:.3f}  pages={summary['pages']:.0f}"
        )
    delta = result["monitor"]["f1"] - result["baseline"]["f1"]
    print(f"difference F1 (monitor - baseline): {delta:+.4f}")


if __name__ == "__main__":
    main(sys.argv[1:])
