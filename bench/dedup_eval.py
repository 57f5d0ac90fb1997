"""Measures same-story decisions on ECB+: every document goes through the real ingest path
(monitor.ingest.pipeline.ingest -> find_match) into a fresh store, and the stories it joins are
scored pairwise against the corpus's subtopics.

ECB+ (Cybulska & Vossen, LREC 2014, CC BY 3.0; see /work/shared/eval/dedup/ecbplus/README.md):
same subtopic = same seminal event (a positive pair); the other subtopic of the same topic is
a similar but different event (a hard negative: a wrong merge there hides a real change);
different topics are easy negatives. Documents arrive in a fixed shuffled order, as a feed
stream interleaves stories.

Run: .venv/bin/python -m bench.dedup_eval [PATH]
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from monitor.ingest.pipeline import ingest
from monitor.models import Article
from monitor.store.db import Store

CORPUS = Path("/work/shared/eval/dedup/ecbplus/ecbplus_docs.jsonl")
_NOW = datetime(2025, 1, 1, tzinfo=UTC)


def load(path: Path = CORPUS) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def assign(docs: list[dict[str, Any]], db: Path) -> tuple[dict[str, int], Counter[str]]:
    """Ingest every document; return doc_id -> story id, and how each was placed."""
    store = Store.open(db)
    placed: Counter[str] = Counter()
    try:
        ids: dict[str, int] = {}
        for doc in docs:
            article = Article(url=f"ecbplus:{doc['doc_id']}", title=doc["title"], text=doc["text"])
            result = ingest(store, article, (), origin="feed", now=lambda: _NOW)
            ids[doc["doc_id"]] = int(result.article_id or 0)
            reason = (result.dup_reason or "new").split(" (")[0]
            placed[reason] += 1
        stories = {r["id"]: r["story_id"] for r in store.all("SELECT id, story_id FROM articles")}
        return {doc_id: stories[aid] for doc_id, aid in ids.items()}, placed
    finally:
        store.close()


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def score(docs: list[dict[str, Any]], story: dict[str, int]) -> dict[str, float]:
    """Pairwise precision/recall of "same story", and merge rates of the two negative kinds."""
    cell: Counter[tuple[int, str]] = Counter()
    cell_topic: Counter[tuple[int, int]] = Counter()
    pred: Counter[int] = Counter()
    gold: Counter[str] = Counter()
    topic: Counter[int] = Counter()
    for doc in docs:
        s = story[doc["doc_id"]]
        cell[s, doc["subtopic"]] += 1
        cell_topic[s, doc["topic"]] += 1
        pred[s] += 1
        gold[doc["subtopic"]] += 1
        topic[doc["topic"]] += 1
    tp = sum(_pairs(n) for n in cell.values())
    predicted = sum(_pairs(n) for n in pred.values())
    positives = sum(_pairs(n) for n in gold.values())
    same_topic_pred = sum(_pairs(n) for n in cell_topic.values())
    hard_total = sum(_pairs(n) for n in topic.values()) - positives
    easy_total = _pairs(len(docs)) - positives - hard_total
    hard_merged = same_topic_pred - tp
    easy_merged = predicted - same_topic_pred
    precision = tp / predicted if predicted else 1.0
    recall = tp / positives if positives else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "hard_negative_merge_rate": hard_merged / hard_total if hard_total else 0.0,
        "easy_negative_merge_rate": easy_merged / easy_total if easy_total else 0.0,
        "positive_pairs": positives,
        "predicted_pairs": predicted,
        "stories": len(pred),
        "gold_stories": len(gold),
    }


def evaluate(path: Path = CORPUS, seed: int = 0) -> dict[str, Any]:
    """Ingest the corpus in a seeded shuffled order and score the stories it forms."""
    docs = load(path)
    random.Random(seed).shuffle(docs)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        story, placed = assign(docs, Path(tmp) / "ecbplus.db")
        elapsed = time.perf_counter() - start
    result: dict[str, Any] = score(docs, story)
    result.update(docs=len(docs), placed=dict(placed), ms_per_doc=1000 * elapsed / len(docs))
    return result


def run(quick: bool = False) -> dict[str, Any]:
    """Seed 0 is the headline; seeds 1 and 2 show how much the arrival order matters."""
    if quick:
        docs = [d for d in load() if d["topic"] in (1, 2)]
        with tempfile.TemporaryDirectory() as tmp:
            story, placed = assign(docs, Path(tmp) / "quick.db")
        return {"orders": [{**score(docs, story), "docs": len(docs), "placed": dict(placed)}]}
    return {"orders": [evaluate(seed=seed) for seed in (0, 1, 2)]}


def rows(result: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    r = result["orders"][0]
    return [
        ("same-story pairwise precision", f"{r['precision']:.3f}", "-", "-"),
        ("same-story pairwise recall", f"{r['recall']:.3f}", "-", "-"),
        (
            "hard negatives merged (similar, different event)",
            f"{r['hard_negative_merge_rate']:.3f}",
            "-",
            "-",
        ),
    ]


def section(result: dict[str, Any]) -> str:
    lines = [
        "| arrival order | precision | recall | F1 | hard-negative merge rate "
        "| easy-negative merge rate | stories formed (gold) |",
        "|---|---|---|---|---|---|---|",
    ]
    for seed, r in enumerate(result["orders"]):
        lines.append(
            f"| seed {seed} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} "
            f"| {r['hard_negative_merge_rate']:.4f} | {r['easy_negative_merge_rate']:.4f} "
            f"| {r['stories']} ({r['gold_stories']}) |"
        )
    first = result["orders"][0]
    placed = ", ".join(f"{k}: {v}" for k, v in sorted(first.get("placed", {}).items()))
    return f"""ECB+ (../shared/eval/dedup/ecbplus): {first["docs"]} news documents, 43 topics of two
similar events each. Every document goes through the real `pipeline.ingest -> find_match` into
a fresh store, in a seeded shuffled order; "same story" is scored pairwise against the
subtopics. A hard negative is a pair from the same topic but the other event (a wrong merge
there would hide a real change); an easy negative is a pair from different topics.

{chr(10).join(lines)}

Placement (seed 0): {placed}. Before the IDF rework (plain salient-term cosine >= 0.55 over
FTS5 OR-query candidates) the same run gave precision 0.999, recall 0.123. The threshold is
held above ECB+'s F1 optimum (0.25-0.30 gave recall ~0.8-0.87 at precision ~0.90) on purpose:
a wrong merge silences a real change, a missed merge only costs a `story_matched` repeat. On
the seeds, 001 joins 000 (score ~0.87) and 002-004 stay apart (highest cross score ~0.29).
"""


def main(argv: list[str]) -> None:
    path = Path(argv[0]) if argv else CORPUS
    print(json.dumps(evaluate(path), indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
