"""Measures the memory of a process ingesting 100k articles through the real
`monitor.ingest.pipeline.ingest` (dedup, topic match and facts against the shipped watchlist, the
alert decision, the durable write) into a fresh database: resident set size at checkpoints,
to show it stays flat however many articles are stored.

The ingesting process is a child holding only the product: the parent generates the
articles (bench.dedup_scale's synthetic Zipfian news: half single reports, half stories of
2-20 tellings; every 20th article a syndicated copy of the one before, every 10th carrying
a tracked-fact sentence so that facts, alerts and alert sources are written) and sends
them over a pipe in small batches. The child reads VmRSS/VmHWM from /proc/self/status
at every checkpoint.

    .venv/bin/python -m bench.memory [--quick] [--n N]

The full 100k takes about an hour on 2 cores (ingest runs at 20-45 articles/s, slowing as
the store grows towards dedup's 50,000-article same-story window); --n sets a smaller run.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from bench.dedup_scale import FACT_SENTENCE, PER_DAY, START, WORDS_PER_ARTICLE, Corpus, layout

ROOT = Path(__file__).resolve().parents[1]
WATCHLIST = ROOT / "watchlists" / "ukraine-peace.yaml"
ARTICLES = 100_000
WORDS = WORDS_PER_ARTICLE
CHECKPOINTS = 10
BATCH = 50
TARGET_MB = 300
FLAT = 1.10  # peak at the end within 10% of the peak at the first checkpoint

# (url, title, text, published ISO, source)
Item = tuple[str, str, str, str, str]


def articles(corpus: Corpus, n: int) -> Iterator[Item]:
    previous: tuple[str, str] = ("", "")
    for pos, (story, version) in enumerate(layout(n, corpus.seed)):
        published = (START + timedelta(days=pos / PER_DAY)).isoformat(timespec="seconds")
        source = f"site{pos % 300}"
        if pos % 20 == 19:  # a syndicated copy of the article before, under other boilerplate
            title, text = previous[0], f"Read more from our partners.\n{previous[1]}\nShare this."
        else:
            title, text = corpus.article(story, version)
            if pos % 10 == 0:
                fact = FACT_SENTENCE.format(n=700_000 + 1_000 * (pos // 10 % 50))
                text = f"{text}\n{fact}"
        previous = (title, text)
        yield f"https://news{pos % 300}.example/{story}/{pos}", title, text, published, source


def memory() -> dict[str, float]:
    """This process's resident set now and at its peak, in MB. Not ru_maxrss: on Linux it
    survives exec, so a spawned child would report its parent's peak from before the exec."""
    fields = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                fields[name] = int(value.split()[0]) / 1024
    return {"rss_mb": fields["VmRSS"], "peak_mb": fields["VmHWM"]}


def _child(conn: Connection, db: str, every: int) -> None:
    """Ingest what the parent sends; report memory at startup and every `every` articles."""
    from monitor.ingest.pipeline import ingest
    from monitor.models import Article
    from monitor.store.db import Store
    from monitor.watchlists import load_watchlist

    store = Store.open(db)
    watchlists = [load_watchlist(WATCHLIST)]
    statuses: Counter[str] = Counter()
    count, alerts = 0, 0
    conn.send({"articles": 0, "seconds": 0.0, **memory()})
    batch = conn.recv()
    started = time.perf_counter()
    while batch is not None:
        for url, title, text, published, source in batch:
            article = Article(
                url=url,
                title=title,
                text=text,
                published=datetime.fromisoformat(published),
                source=source,
                feed_url=f"https://{source}.example/rss",
            )
            result = ingest(store, article, watchlists, origin="feed")
            statuses[result.status] += 1
            alerts += len(result.alerts)
            count += 1
            if count % every == 0:
                seconds = time.perf_counter() - started
                conn.send({"articles": count, "seconds": seconds, **memory()})
        batch = conn.recv()
    db_bytes = sum(os.path.getsize(p) for p in Path(db).parent.glob(Path(db).name + "*"))
    stored = store.one("SELECT COUNT(*) AS n FROM articles")
    stories = store.one("SELECT COUNT(*) AS n FROM stories")
    store.close()
    conn.send(
        {
            "done": True,
            "statuses": dict(statuses),
            "alerts": alerts,
            "stored": stored["n"] if stored else 0,
            "stories": stories["n"] if stories else 0,
            "db_mb": db_bytes / 1e6,
        }
    )


def measure(n: int, checkpoints: int = CHECKPOINTS, words: int = WORDS) -> dict[str, Any]:
    every = max(1, n // checkpoints)
    ctx = multiprocessing.get_context("spawn")
    here, there = ctx.Pipe()
    samples: list[dict[str, Any]] = []
    corpus = Corpus(words=words)  # before the child starts: its clock measures ingest only
    with tempfile.TemporaryDirectory() as tmp:
        child = ctx.Process(target=_child, args=(there, str(Path(tmp) / "memory.db"), every))
        child.start()
        there.close()
        try:
            samples.append(here.recv())
            batch: list[Item] = []
            for item in articles(corpus, n):
                batch.append(item)
                if len(batch) == BATCH:
                    here.send(batch)
                    batch = []
                    while here.poll():
                        samples.append(_progress(here.recv()))
            if batch:
                here.send(batch)
            here.send(None)
            while "done" not in (message := here.recv()):
                samples.append(_progress(message))
        finally:
            child.join(60)
            if child.is_alive():
                child.kill()
    return {"articles": n, "words": words, "samples": samples, **message}


def _progress(sample: dict[str, Any]) -> dict[str, Any]:
    print(json.dumps(sample), file=sys.stderr, flush=True)
    return sample


def run(quick: bool = False, n: int | None = None) -> dict[str, Any]:
    n = n or (150 if quick else ARTICLES)
    load = os.getloadavg()[0]
    # quick: a smoke test; shorter articles keep it to seconds
    result = measure(n, 3 if quick else CHECKPOINTS, 120 if quick else WORDS)
    samples = result["samples"]
    last = samples[-1]
    first = samples[1] if len(samples) > 1 else last
    result.update(
        load_average=load,
        startup_mb=samples[0]["rss_mb"],
        peak_mb=last["peak_mb"],
        first_peak_mb=first["peak_mb"],
        growth=last["peak_mb"] / first["peak_mb"],
        articles_per_s=last["articles"] / last["seconds"],
    )
    return result


def _at(result: dict[str, Any], fraction: float) -> dict[str, Any]:
    """The checkpoint nearest to this fraction of the articles."""
    want = fraction * result["articles"]
    return min(result["samples"][1:], key=lambda s: abs(s["articles"] - want))


def rows(result: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    n = result["articles"]
    first = result["samples"][1]
    return [
        (
            f"peak RSS ingesting {n:,} articles",
            f"{result['peak_mb']:.0f} MB ({result['growth']:.2f}x the peak at "
            f"{first['articles']:,})",
            f"{result['first_peak_mb']:.0f} MB at {first['articles']:,}; "
            f"{result['startup_mb']:.0f} MB at start",
            f"< {TARGET_MB} MB, flat (<= {FLAT:.2f}x)",
        ),
        (
            f"ingest rate over {n:,} articles (one process)",
            f"{result['articles_per_s']:.0f} articles/s",
            "-",
            "-",
        ),
    ]


def section(result: dict[str, Any]) -> str:
    table = [
        "| articles ingested | RSS MB | peak RSS MB (VmHWM) | articles/s since the last row |",
        "|---|---|---|---|",
        f"| 0 (started, watchlist loaded) | {result['startup_mb']:.0f} "
        f"| {result['samples'][0]['peak_mb']:.0f} | - |",
    ]
    fractions = sorted({0.1, 0.5, 1.0} | ({0.25, 0.75} if len(result["samples"]) > 5 else set()))
    shown = {id(_at(result, f)): _at(result, f) for f in fractions}
    previous = result["samples"][0]
    for sample in result["samples"][1:]:
        if id(sample) in shown:
            rate = (sample["articles"] - previous["articles"]) / (
                sample["seconds"] - previous["seconds"]
            )
            table.append(
                f"| {sample['articles']:,} | {sample['rss_mb']:.0f} | {sample['peak_mb']:.0f} "
                f"| {rate:.0f} |"
            )
            previous = sample
    statuses = ", ".join(f"{v:,} {k}" for k, v in sorted(result["statuses"].items()))
    verdict = "met" if result["peak_mb"] < TARGET_MB and result["growth"] <= FLAT else "**not met**"
    return f"""{result["articles"]:,} synthetic news articles (bench.dedup_scale's Zipfian
corpus, {result["words"]} words each: half single reports, half stories of 2-20 tellings;
every 20th a syndicated copy, every 10th carrying a tracked-fact sentence) ingested one by one
through the real `pipeline.ingest` (dedup, topic match and facts against
watchlists/ukraine-peace.yaml, alert decision, durable write) into a fresh SQLite database, in
a child process that holds only the product; the parent generates the articles and sends them
in batches of {BATCH}. Resident set from /proc/self/status at every checkpoint (VmHWM: the
peak so far). Outcome: {statuses}; {result["alerts"]} alerts; {result["stored"]:,} articles
in {result["stories"]:,} stories, database {result["db_mb"]:.0f} MB.
{result["articles_per_s"]:.0f} articles/s overall (load average {result["load_average"]:.1f}
at the start, shared machine). Target: under {TARGET_MB} MB and flat (the end within
{FLAT:.2f}x of the first checkpoint): {verdict}.

{chr(10).join(table)}
"""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.memory", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="150 short articles, a smoke test")
    parser.add_argument("--n", type=int, default=None, help=f"articles (default {ARTICLES:,})")
    args = parser.parse_args(argv)
    result = run(quick=args.quick, n=args.n)
    print(json.dumps({k: v for k, v in result.items() if k != "samples"}, indent=2))
    print(section(result))


if __name__ == "__main__":
    main()
