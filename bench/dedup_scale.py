"""Measures what dedup costs per incoming article as the store grows: exact + near-duplicate +
same-story lookup (monitor.ingest.pipeline.find_match) at 10k, 100k and 1M stored articles, and the
database size per 100k articles.

The corpus is synthetic but shaped like news: a Zipfian background vocabulary, and stories
(1 to ~20 articles published within a couple of days) with their own names, topic words and
key numbers. Rows go into the store in bulk, the way the store would have written them
(FTS triggers fire; term frequencies and same-story index terms come from monitor.text.dedup),
without running extraction or a MinHash per stored row: stored rows get random band keys,
which is what unrelated texts' band keys are, except for the newest rows, which get real
signatures so that syndicated copies of them can be found.

Run: .venv/bin/python -m bench.dedup_scale [--quick]
"""

from __future__ import annotations

import functools
import json
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from monitor.models import Article
from monitor.store.db import Store
from monitor.text import dedup

VOCAB = 60_000
NAMES = 20_000
WORDS_PER_ARTICLE = 350
PER_DAY = 2_000  # articles ingested per day: the rate that sets how far back "recent" goes
REAL_SIGNATURES = 2_000  # newest rows stored with real MinHash signatures (at most 1 in 10)
CHUNK = 5_000
START = datetime(2024, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Incoming:
    kind: str  # rewrite | new | copy
    story: int  # synthetic story id
    article: Article


@dataclass(frozen=True)
class Story:
    names: np.ndarray  # indices into the name list
    topic: np.ndarray  # indices into the vocabulary
    numbers: tuple[str, ...]


class Corpus:
    """Deterministic synthetic news: background words by Zipf rank, stories by seed."""

    def __init__(self, seed: int = 7, words: int = WORDS_PER_ARTICLE) -> None:
        self.words = words
        rng = np.random.default_rng(seed)
        syllables = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
        self.vocab = self._words(rng, syllables, VOCAB, 2, 4)
        self.names = [w.capitalize() for w in self._words(rng, syllables, NAMES, 2, 3)]
        weights = 1.0 / np.arange(1, VOCAB + 1) ** 1.07
        self.cdf = np.cumsum(weights / weights.sum())
        self.seed = seed

    @staticmethod
    def _words(rng: np.random.Generator, syl: list[str], n: int, lo: int, hi: int) -> list[str]:
        out: dict[str, None] = {}
        while len(out) < n:
            k = int(rng.integers(lo, hi + 1))
            out["".join(syl[i] for i in rng.integers(0, len(syl), k))] = None
        return list(out)

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - one corpus per run, bounded cache
    def story(self, story_id: int) -> Story:
        rng = np.random.default_rng((self.seed, story_id))
        numbers = (f"{rng.integers(1, 99)}.{rng.integers(0, 9)}", str(rng.integers(1990, 2026)))
        return Story(rng.integers(0, NAMES, 6), rng.integers(200, VOCAB, 60), numbers)

    def article(self, story_id: int, version: int) -> tuple[str, str]:
        """One telling of a story: its own mix of the story's words and background words."""
        story = self.story(story_id)
        rng = np.random.default_rng((self.seed, story_id, version))
        background = np.searchsorted(self.cdf, rng.random(self.words))
        background = np.minimum(background, VOCAB - 1)
        words = [self.vocab[i] for i in background]
        own = rng.choice(len(story.topic), 45, replace=False)
        for slot, i in zip(rng.integers(0, len(words), 45), own, strict=True):
            words[slot] = self.vocab[story.topic[i]]
        for slot in rng.integers(0, len(words), 20):
            words[slot] = self.names[story.names[rng.integers(0, len(story.names))]]
        for slot, number in zip(rng.integers(0, len(words), 2), story.numbers, strict=True):
            words[slot] = number
        sentences = [" ".join(words[i : i + 18]) + "." for i in range(0, len(words), 18)]
        title_words = [self.names[story.names[0]], *(self.vocab[i] for i in story.topic[:6])]
        return " ".join(title_words), "\n".join(s.capitalize() for s in sentences)


def layout(size: int, seed: int = 7) -> list[tuple[int, int]]:
    """(story id, version) per stored position, in publication order: half the articles are
    single reports, the rest come in stories of 2-20 tellings within ~1.5 days."""
    rng = np.random.default_rng(seed)
    slots: list[tuple[float, int, int]] = []
    story_id = 0
    while len(slots) < size:
        start = len(slots) + rng.random() * 50
        count = 1 if rng.random() < 0.5 else int(rng.integers(2, 21))
        for version in range(count):
            slots.append((start + rng.random() * PER_DAY * 1.5, story_id, version))
        story_id += 1
    slots.sort()
    return [(s, v) for _, s, v in slots[:size]]


def _published(position: int) -> str:
    return (START + timedelta(days=position / PER_DAY)).isoformat(timespec="seconds")


def build(store: Store, corpus: Corpus, size: int) -> tuple[list[tuple[int, int]], dict[int, int]]:
    """Write `size` articles in bulk, with their term frequencies and index terms; return the
    layout and each synthetic story's row id."""
    plan = layout(size)
    story_row: dict[int, int] = {}
    df: Counter[str] = Counter()
    store.conn.execute("PRAGMA synchronous=OFF")
    rng = np.random.default_rng(1)
    for start in range(0, size, CHUNK):
        rows, bands, index = [], [], []
        for pos in range(start, min(start + CHUNK, size)):
            sid, version = plan[pos]
            title, text = corpus.article(sid, version)
            if sid not in story_row:
                story_row[sid] = store.new_story(title)
            terms = dedup.salient_terms(title, text)
            df.update(terms.keys())
            index.append(dedup.index_terms(terms, df, pos + 1))
            real = pos >= size - min(REAL_SIGNATURES, size // 10)
            sig = dedup.signature(text) if real else None
            rows.append(_row(pos, sid, story_row[sid], title, text, sig, rng))
            bands.append(sig.bands if sig else tuple(enumerate(_random_keys(rng))))
        _write_chunk(store, start, rows, bands, index)
    with store.write():
        store.conn.executemany(
            "INSERT INTO term_df (term, df) VALUES (?, ?)", [("", size), *df.items()]
        )
    store.conn.execute("PRAGMA synchronous=FULL")
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return plan, story_row


def _random_keys(rng: np.random.Generator) -> list[int]:
    return [int(x) for x in rng.integers(-(2**63), 2**63 - 1, dedup.BANDS, dtype=np.int64)]


def _row(
    pos: int,
    sid: int,
    story: int,
    title: str,
    text: str,
    sig: dedup.Signature | None,
    rng: np.random.Generator,
) -> tuple[Any, ...]:
    minhash = sig.hashvalues if sig else rng.bytes(dedup.NUM_PERM * 8)
    return (
        pos + 1,
        f"https://news.example/{sid}/{pos}",
        title,
        text,
        _published(pos),
        _published(pos),
        "feed",
        dedup.content_hash(text),
        minhash,
        story,
    )


def _write_chunk(
    store: Store, start: int, rows: list[Any], bands: list[Any], index: list[list[str]]
) -> None:
    with store.write():
        store.conn.executemany(
            "INSERT INTO articles (id, url, title, text, published, fetched_at, origin, "
            "content_hash, minhash, story_id) VALUES (?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
        store.conn.executemany(
            "INSERT INTO article_bands (band, hash, article_id) VALUES (?, ?, ?)",
            [(b, h, start + i + 1) for i, keys in enumerate(bands) for b, h in keys],
        )
        store.conn.executemany(
            "INSERT INTO story_terms (term, article_id) VALUES (?, ?)",
            [(t, start + i + 1) for i, terms in enumerate(index) for t in terms],
        )


def queries(corpus: Corpus, plan: list[tuple[int, int]], n: int) -> list[Incoming]:
    """Incoming articles: rewrites of recent stories, new stories, copies of recent rows."""
    size = len(plan)
    recent = plan[size - min(REAL_SIGNATURES, size // 10) :]
    multi = sorted({sid for sid, version in recent if version > 0})
    out: list[Incoming] = []
    published = START + timedelta(days=size / PER_DAY)
    for i in range(n):
        kind = ("rewrite", "new", "copy")[i % 3]
        if kind == "rewrite":
            sid, version = multi[i % len(multi)], 1000 + i
        elif kind == "new":
            sid, version = 10_000_000 + i, 0
        else:
            sid, version = recent[-1 - i % len(recent)]
        title, text = corpus.article(sid, version)
        if kind == "copy":
            text = f"Read more from our partners.\n{text}\nShare this story."
        url = f"https://incoming.example/{kind}/{i}"
        article = Article(url, title, text, published, content_hash=dedup.content_hash(text))
        out.append(Incoming(kind, sid, article))
    return out


# Appended to every incoming article for the full-ingest timing, so that the topic rule of the
# shipped watchlist matches and fact matching (and the baseline/alert lookups) really run.
FACT_SENTENCE = (
    "Negotiators in the Ukraine peace talks said the plan would cap the army at {n:,} troops."
)


def measure(store: Store, incoming: list[Incoming], story_row: dict[int, int]) -> dict[str, float]:
    """Time find_match per incoming article; check each kind landed where it should. Then
    time the whole of `pipeline.ingest` (dedup, facts against the shipped watchlist, the
    alert decision, the write) for the same articles carrying a tracked-fact sentence."""
    from monitor.ingest.pipeline import find_match, ingest
    from monitor.watchlists import load_all

    times: list[float] = []
    ingest_times: list[float] = []
    hits: Counter[str] = Counter()
    watchlists = load_all(Path(__file__).resolve().parent.parent / "watchlists")
    for item in incoming:
        features = dedup.text_features(item.article.text)
        start = time.perf_counter()
        match = find_match(store, item.article, features)
        times.append(time.perf_counter() - start)
        if item.kind == "rewrite":
            good = match.story_id == story_row[item.story] and match.duplicate_of is None
        elif item.kind == "new":
            good = match.story_id is None
        else:
            good = match.duplicate_of is not None and match.story_id == story_row[item.story]
        hits[item.kind] += good
    for i, item in enumerate(incoming):
        text = f"{item.article.text}\n{FACT_SENTENCE.format(n=700_000 + 1_000 * (i % 50))}"
        article = replace(item.article, url=f"{item.article.url}/full", text=text)
        start = time.perf_counter()
        ingest(store, article, watchlists, origin="feed")
        ingest_times.append(time.perf_counter() - start)
    per_kind = len(incoming) / 3
    return {
        "ms_per_article": 1000 * statistics.fmean(times),
        "ms_p95": 1000 * sorted(times)[int(0.95 * (len(times) - 1))],
        "ms_ingest": 1000 * statistics.fmean(ingest_times),
        "ms_ingest_p95": 1000 * sorted(ingest_times)[int(0.95 * (len(ingest_times) - 1))],
        "story_recall": hits["rewrite"] / per_kind,
        "new_kept_apart": hits["new"] / per_kind,
        "copies_found": hits["copy"] / per_kind,
    }


def measure_sizes(
    sizes: tuple[int, ...] = (10_000, 100_000, 1_000_000), quick: bool = False, lookups: int = 300
) -> list[dict[str, Any]]:
    """Build a store of each size in a temporary directory and measure lookups in it."""
    if quick:
        # a smoke test: shorter articles keep it to seconds
        sizes, lookups = (1_000, 5_000), 30
    corpus = Corpus(words=120 if quick else WORDS_PER_ARTICLE)
    rows = []
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "scale.db"
            store = Store.open(path)
            try:
                started = time.perf_counter()
                plan, story_row = build(store, corpus, size)
                built = time.perf_counter() - started
                result = measure(store, queries(corpus, plan, lookups), story_row)
            finally:
                store.close()
            mb = sum(os.path.getsize(p) for p in Path(tmp).iterdir()) / 1e6
        rows.append(
            {"articles": size, **result, "db_mb_per_100k": mb * 100_000 / size, "build_s": built}
        )
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    return rows


def run(quick: bool = False) -> dict[str, Any]:
    rows = measure_sizes(quick=quick)
    base = rows[0]
    for row in rows:
        row["ratio_to_first"] = row["ms_per_article"] / base["ms_per_article"]
        row["ingest_ratio_to_first"] = row["ms_ingest"] / base["ms_ingest"]
    return {"sizes": rows, "lookups": 30 if quick else 300}


def rows(result: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    sizes = result["sizes"]
    first, last = sizes[0], sizes[-1]
    return [
        (
            f"dedup lookup ms/article at {last['articles']:,} stored",
            f"{last['ms_per_article']:.1f} ({last['ratio_to_first']:.2f}x)",
            f"{first['ms_per_article']:.1f} at {first['articles']:,}",
            "<= 1.5x",
        ),
        (
            f"full ingest ms/article at {last['articles']:,} stored",
            f"{last['ms_ingest']:.1f} ({last['ingest_ratio_to_first']:.2f}x)",
            f"{first['ms_ingest']:.1f} at {first['articles']:,}",
            "<= 1.5x",
        ),
        (
            "database MB per 100k articles",
            f"{last['db_mb_per_100k']:.0f}",
            "-",
            "-",
        ),
    ]


def section(result: dict[str, Any]) -> str:
    table = [
        "| stored articles | dedup ms/article (p95) | ratio | full ingest ms/article (p95) "
        "| ratio | DB MB per 100k | rewrites linked | new kept apart | copies found | build s |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in result["sizes"]:
        table.append(
            f"| {r['articles']:,} | {r['ms_per_article']:.1f} ({r['ms_p95']:.1f}) "
            f"| {r['ratio_to_first']:.2f} | {r['ms_ingest']:.1f} ({r['ms_ingest_p95']:.1f}) "
            f"| {r['ingest_ratio_to_first']:.2f} | {r['db_mb_per_100k']:.0f} "
            f"| {r['story_recall']:.2f} | {r['new_kept_apart']:.2f} | {r['copies_found']:.2f} "
            f"| {r['build_s']:.0f} |"
        )
    return f"""Synthetic Zipfian news corpus ({WORDS_PER_ARTICLE} words/article; half single
reports, half stories of 2-20 tellings within ~1.5 days; {PER_DAY:,} articles/day) written in
bulk into a store of each size. Then {result["lookups"]} incoming articles per size (a third
rewrites of
recent stories, a third new stories, a third syndicated copies): **dedup** is
`pipeline.find_match` alone (exact + near-duplicate + same-story; the MinHash of the incoming
text not included); **full ingest** is the whole `pipeline.ingest` (MinHash, dedup, fact
matching against the shipped watchlist with a tracked-fact sentence in every article, the
baseline/alert decision, and the durable write). Target: the largest store within 1.5x of the
smallest.

{chr(10).join(table)}

Why it stays flat: same-story candidates come from `story_terms(term, article_id)` (each
original article's 20 highest tf-idf terms; a lookup range-scans its own terms among the
newest 50,000 articles), near-duplicates from LSH band buckets (only true collisions), exact
copies from indexed hashes. The database is dominated by the text and its FTS5 index (~2.5 KB
each per article), the MinHash (1 KB) and the band rows.
"""


def main(argv: list[str]) -> None:
    result = run(quick="--quick" in argv)
    print(json.dumps(result["sizes"], indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
