"""Decides whether ingestion keeps up with extraction: articles per second through the whole
product path next to bare `trafilatura.bare_extraction` on the same pages, in the same run.

The 181 scrapinghub-aeb pages are replicated with small variations (per copy: its own URL and
feed title, a changed <title>, two paragraphs swapped, a sentence substituted, a number
changed; every tenth copy carries an on-topic sentence with the watchlist's facts) until there
are N articles, and put behind RSS feeds of 50 items. The real `Runtime.poll_feed` polls them
from 8 threads, as `monitor poll` does: parse the feed, the page bytes through the
`ExtractionPool`, canonical URL, dedup, facts, store (`pipeline.ingest` into a fresh SQLite
store with watchlists/ukraine-peace.yaml). Only the network is left out: a fetcher serves the
bytes from memory. Each measurement runs in a subprocess of its own, pinned with
`os.sched_setaffinity` (the pool's workers inherit the mask), so one core means one core.

    .venv/bin/python -m bench.throughput [--quick] [--n N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from bench.extraction_quality import DATASET

ROOT = Path(__file__).resolve().parents[1]
WATCHLIST = ROOT / "watchlists" / "ukraine-peace.yaml"
FULL_N, QUICK_N = 10_000, 24
PER_FEED = 50
POLL_THREADS = 8  # monitor poll's default
TARGET_ONE_CORE = 0.85  # pipeline / bare extraction, one core
TARGET_TWO_CORES = 1.6  # two-core pipeline / one-core pipeline

_PARAGRAPH = re.compile(rb"<p[\s>].*?</p>", re.S | re.I)
_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.S | re.I)
_NUMBER = re.compile(rb"(?<=[\s>])\d{2,4}(?=[\s.,<])")
FILLERS = (
    "Officials declined to comment on the figures when contacted on {day}.",
    "A spokesperson said {n} people had been told about the change so far.",
    "The report was updated on {day} with {n} further responses.",
    "Analysts said the numbers were broadly in line with expectations.",
)
ON_TOPIC = (
    "Ukraine peace talks resumed as envoys discussed the {points}-point plan, which would cap "
    "Ukraine's armed forces at {cap:,} troops, officials said on {day}."
)


@dataclass(frozen=True)
class Item:
    """One article of the corpus: where its feed entry points and the page it serves."""

    url: str
    title: str
    summary: str
    published: datetime
    html: bytes


def load_pages(limit: int | None = None) -> list[bytes]:
    paths = sorted((DATASET / "html").glob("*.html.gz"))[:limit]
    return [gzip.decompress(p.read_bytes()) for p in paths]


def variant(html: bytes, copy: int, rng: random.Random) -> bytes:
    """A copy of a page as another site might serve it: same story, small edits."""
    if copy == 0:
        return html
    day = (datetime(2025, 11, 20) + timedelta(days=copy % 6)).strftime("%A %d %B")
    spans = [m.span() for m in _PARAGRAPH.finditer(html)]
    parts: dict[int, bytes] = {i: html[a:b] for i, (a, b) in enumerate(spans)}
    if len(spans) >= 3:
        i = rng.randrange(1, len(spans) - 1)
        parts[i], parts[i + 1] = parts[i + 1], parts[i]  # paragraph order swapped
        j = rng.randrange(len(spans))
        sentence = rng.choice(FILLERS).format(day=day, n=rng.randrange(2, 900))
        if copy % 10 == 0:  # on topic: the watchlist's facts, values changing between copies
            sentence = ON_TOPIC.format(
                points=rng.choice((20, 28)), cap=rng.choice((600_000, 800_000)), day=day
            )
        parts[j] = b"<p>" + sentence.encode() + b"</p>"  # a paragraph substituted
    out, last = [], 0
    for i, (a, b) in enumerate(spans):
        out += [html[last:a], parts[i]]
        last = b
    page = b"".join([*out, html[last:]])
    page = _NUMBER.sub(lambda m: str(int(m.group()) + copy).encode(), page, count=1)
    return _TITLE.sub(lambda m: b"<title>" + m.group(1) + b" (%d)</title>" % copy, page, count=1)


def corpus(n: int, pages: Sequence[bytes]) -> list[Item]:
    """n items, copy by copy: every page once, then every page's first copy, and so on."""
    items = []
    start = datetime(2025, 11, 20, tzinfo=UTC)
    for number in range(n):
        copy, index = divmod(number, len(pages))
        rng = random.Random(number)
        html = variant(pages[index], copy, rng)
        found = _TITLE.search(html)
        title = re.sub(r"\s+", " ", (found.group(1) if found else b"").decode("utf-8", "replace"))
        items.append(
            Item(
                url=f"https://site{copy}.example/news/{index}/{number}",
                title=title.strip() or f"page {index} ({copy})",
                summary=f"Copy {copy} of page {index}.",
                published=start + timedelta(minutes=7 * number),
                html=html,
            )
        )
    return items


def rss(items: Sequence[Item]) -> bytes:
    entries = "".join(
        f"<item><title>{escape(i.title)}</title><link>{escape(i.url)}</link>"
        f"<guid>{escape(i.url)}</guid><description>{escape(i.summary)}</description>"
        f"<pubDate>{format_datetime(i.published)}</pubDate></item>"
        for i in items
    )
    return f"<rss version='2.0'><channel><title>bench</title>{entries}</channel></rss>".encode()


class MemoryFetcher:
    """The Poller's fetcher seam: bytes served from memory, no sockets."""

    def __init__(self, documents: dict[str, tuple[bytes, str]]) -> None:
        self.documents = documents

    def fetch(self, url: str, **_conditional: Any) -> Any:
        from monitor.net.fetch import FetchResult

        content, kind = self.documents[url]
        return FetchResult(
            url=url,
            final_url=url,
            status=200,
            headers={"content-type": kind},
            content=content,
            etag=None,
            last_modified=None,
            not_modified=False,
            content_type=kind,
            charset=None,
            elapsed=0.0,
        )

    def close(self) -> None:
        pass


def _counts(db: Path) -> dict[str, int]:
    from monitor.store.db import Store

    store = Store.open(db)
    try:
        one = {
            "articles": "SELECT COUNT(*) AS n FROM articles",
            "duplicates": "SELECT COUNT(*) AS n FROM articles WHERE duplicate_of IS NOT NULL",
            "stories": "SELECT COUNT(*) AS n FROM stories",
            "observations": "SELECT COUNT(*) AS n FROM observations",
            "alerts": "SELECT COUNT(*) AS n FROM alerts",
            "entries": "SELECT COUNT(*) AS n FROM entries",
        }
        return {name: int(store.one(sql)["n"]) for name, sql in one.items()}  # type: ignore[index]
    finally:
        store.close()


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure_pipeline(items: Sequence[Item], workers: int) -> dict[str, Any]:
    """The items through `Runtime.poll_feed` from POLL_THREADS threads; seconds and counts."""
    from monitor.app.service import Runtime
    from monitor.settings import Settings
    from monitor.store.db import Store
    from monitor.text.extract import ExtractionPool
    from monitor.watchlists import Feed, load_watchlist

    watchlist = load_watchlist(WATCHLIST)
    documents = {i.url: (i.html, "text/html") for i in items}
    feeds = []
    for start in range(0, len(items), PER_FEED):
        url = f"https://feeds.example/{start // PER_FEED}.xml"
        documents[url] = (rss(items[start : start + PER_FEED]), "application/rss+xml")
        feeds.append(Feed(url, f"bench {start // PER_FEED}", 900))
    with tempfile.TemporaryDirectory() as tmp, ExtractionPool(workers) as pool:
        settings = Settings(db=Path(tmp) / "bench.db", seeds=Path(tmp) / "no-seeds")
        Store.open(settings.db).close()  # the schema, before the clock starts
        runtime = Runtime(
            settings, MemoryFetcher(documents), [watchlist], extraction=pool, deliver_at_once=False
        )
        with ThreadPoolExecutor(workers) as warm:  # each worker started and past its imports
            list(warm.map(pool.extract, [items[0].html] * workers))
        load = os.getloadavg()[0]
        started, cpu = time.perf_counter(), _cpu_seconds()
        with ThreadPoolExecutor(POLL_THREADS) as threads:
            outcomes = list(threads.map(lambda f: runtime.poll_feed(f, watchlist), feeds))
        seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
        counts = _counts(settings.db)
    return {
        "articles": len(items),
        "seconds": seconds,
        "per_s": len(items) / seconds,
        "main_cpu_ms": 1000 * cpu / len(items),  # this process's threads, workers not included
        "workers": workers,
        "cpus": len(os.sched_getaffinity(0)),
        "load_before": load,
        "load_after": os.getloadavg()[0],
        "stored": counts,
        "new": sum(o.new for o in outcomes if o),
        "duplicate": sum(o.duplicates for o in outcomes if o),
        "entry_errors": sum(o.errors for o in outcomes if o),
    }


def measure_bare(items: Sequence[Item]) -> dict[str, Any]:
    """Library defaults, then monitor's own settings (extract_html, in process): per second."""
    import trafilatura

    from monitor.text.extract import extract_html

    result: dict[str, Any] = {"articles": len(items), "cpus": len(os.sched_getaffinity(0))}
    result["load_before"] = os.getloadavg()[0]
    runs = {
        "bare": lambda i: trafilatura.bare_extraction(i.html),
        "settings": lambda i: extract_html(i.html, i.url),
    }
    for name, extract in runs.items():
        extract(items[0])  # past the lazy imports and first-use tables
        started = time.perf_counter()
        found = sum(extract(item) is not None for item in items)
        result[name] = {"seconds": time.perf_counter() - started, "extracted": found}
        result[name]["per_s"] = len(items) / result[name]["seconds"]
    result["load_after"] = os.getloadavg()[0]
    return result


def _phase(args: argparse.Namespace) -> dict[str, Any]:
    os.sched_setaffinity(0, set(args.cpus))  # first: every thread and worker inherits it
    logging.basicConfig(level=logging.CRITICAL)  # per-page library warnings are noise here
    items = corpus(args.n, load_pages())
    if args.phase == "bare":
        return measure_bare(items)
    return measure_pipeline(items, args.workers)


def _run_phase(phase: str, n: int, cpus: Sequence[int], workers: int = 1) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.throughput", "--phase", phase, "--n", str(n)]
    command += ["--workers", str(workers), "--cpus", *map(str, cpus)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"{phase} phase failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.splitlines()[-1])


def run(quick: bool = False, n: int | None = None) -> dict[str, Any]:
    n = n or (QUICK_N if quick else FULL_N)
    cpus = sorted(os.sched_getaffinity(0))
    result: dict[str, Any] = {"n": n, "pages": len(load_pages()), "cpus": len(cpus)}
    result["bare"] = _run_phase("bare", n, cpus[:1])
    result["one_core"] = _run_phase("pipeline", n, cpus[:1], workers=1)
    result["two_cores"] = _run_phase("pipeline", n, cpus[:2], workers=2)
    bare = result["bare"]
    result["ratio_one_core"] = result["one_core"]["per_s"] / bare["bare"]["per_s"]
    result["ratio_one_core_settings"] = result["one_core"]["per_s"] / bare["settings"]["per_s"]
    result["ratio_two_cores"] = result["two_cores"]["per_s"] / result["one_core"]["per_s"]
    return result


def _met(value: float, target: float) -> str:
    return "met" if value >= target else "missed"


def rows(result: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    bare, one, two = result["bare"], result["one_core"], result["two_cores"]
    return [
        (
            f"ingest, 1 core, {result['n']:,} articles (articles/s)",
            f"{one['per_s']:.1f} ({result['ratio_one_core']:.2f}x)",
            f"{bare['bare']['per_s']:.1f} (bare_extraction)",
            f">= {TARGET_ONE_CORE}x bare",
        ),
        (
            "ingest, 2 cores (articles/s)",
            f"{two['per_s']:.1f} ({result['ratio_two_cores']:.2f}x)",
            f"{one['per_s']:.1f} (1 core)",
            f">= {TARGET_TWO_CORES}x 1 core",
        ),
    ]


def section(result: dict[str, Any]) -> str:
    bare, one, two = result["bare"], result["one_core"], result["two_cores"]
    stored = two["stored"]
    table = "\n".join(
        f"| {a} | {b} | {c} | {d} | {e} |"
        for a, b, c, d, e in (
            ("bare `trafilatura.bare_extraction`, library defaults", "1", "-",
             f"{bare['bare']['per_s']:.1f}", "baseline"),
            ("`extract_html` in process (monitor's settings, metadata)", "1", "-",
             f"{bare['settings']['per_s']:.1f}",
             f"{bare['settings']['per_s'] / bare['bare']['per_s']:.2f}x bare"),
            ("monitor pipeline, pool of 1", "1", f"{one['load_before']:.1f}",
             f"{one['per_s']:.1f}",
             f"{result['ratio_one_core']:.2f}x bare, {result['ratio_one_core_settings']:.2f}x "
             f"in-process (target >= {TARGET_ONE_CORE}x bare: "
             f"{_met(result['ratio_one_core'], TARGET_ONE_CORE)})"),
            ("monitor pipeline, pool of 2", "2", f"{two['load_before']:.1f}",
             f"{two['per_s']:.1f}",
             f"{result['ratio_two_cores']:.2f}x one core (target >= {TARGET_TWO_CORES}x: "
             f"{_met(result['ratio_two_cores'], TARGET_TWO_CORES)})"),
        )
    )  # fmt: skip
    return f"""{result["n"]:,} articles made from the {result["pages"]} scrapinghub-aeb pages
(every page copied with its own URL, a changed title, two paragraphs swapped, a sentence
substituted and a number changed; every tenth copy on topic), behind RSS feeds of {PER_FEED},
polled by the real `Runtime.poll_feed` from {POLL_THREADS} threads as `monitor poll` does:
feed parse, page bytes through the `ExtractionPool`, dedup, facts, store into a fresh SQLite
store with watchlists/ukraine-peace.yaml. Only the network is left out (pages served from
memory). Each row ran in its own process pinned with `os.sched_setaffinity`, pool workers
included; the baselines ran on the same {result["n"]:,} pages in the same run.

| what | cores | load avg | articles/s | against |
|---|---|---|---|---|
{table}

Stored by the two-core run: {stored["articles"]:,} articles ({stored["duplicates"]:,}
near-duplicates or copies, {stored["stories"]:,} stories), {stored["observations"]:,}
observations, {stored["alerts"]} alerts; {two["entry_errors"]} entry errors.
"""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.throughput")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_N} articles")
    parser.add_argument("--n", type=int, default=None, help=f"articles (default {FULL_N:,})")
    parser.add_argument("--phase", choices=("bare", "pipeline"), help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--cpus", type=int, nargs="+", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase:  # one measurement, in its pinned process: JSON on the last line
        print(json.dumps(_phase(args)))
        return 0
    result = run(quick=args.quick, n=args.n)
    print(section(result))
    for figure, value, baseline, target in rows(result):
        print(f"{figure}: {value}; baseline {baseline}; target {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
