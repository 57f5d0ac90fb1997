"""What every benchmark shares: the machine and versions it ran on, the stored result of each
benchmark (bench/results/NAME.json), and the rendering of bench/RESULTS.md from them.

Each benchmark module exposes `run(quick=False) -> dict`, `section(result) -> str` (markdown:
what was measured and how, with its table) and `rows(result) -> [(figure, value, baseline,
target)]` for the summary table. Results are stored per benchmark so that re-running one
(`python -m bench --only polling`) keeps the others' figures, each with its own date.
"""

from __future__ import annotations

import json
import os
import platform
import sqlite3
from datetime import UTC, datetime
from importlib import import_module, metadata
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
RESULTS_DIR = BENCH / "results"
RESULTS_MD = BENCH / "RESULTS.md"
# hand-written notes (re-runs after a change, comparisons with an earlier commit), kept
# under the summary table when RESULTS.md is rewritten
NOTES_MD = BENCH / "NOTES.md"

PACKAGES = (
    "monitor",
    "trafilatura",
    "feedparser",
    "httpx",
    "apscheduler",
    "sqlite-utils",
    "numpy",
    "spacy",
    "lxml",
)

# name -> (module, title); the order of the report
BENCHMARKS: dict[str, tuple[str, str]] = {
    "throughput": ("bench.throughput", "Ingest throughput"),
    "polling": ("bench.polling", "Polling 1,000 feeds"),
    "memory": ("bench.memory", "Memory while ingesting"),
    "dedup_scale": ("bench.dedup_scale", "Dedup and matching cost as the store grows"),
    "extraction": ("bench.pipeline_extraction", "Extraction quality through the pipeline"),
    "same_story": ("bench.dedup_eval", "Same-story dedup on ECB+"),
    "alerts": ("bench.alert_quality", "Alert quality on the project's case corpus"),
    "feeds": ("bench.feeds_eval", "Feed parsing robustness"),
    "realnews": ("bench.realnews_eval", "Facts from real news (blind labels) and a new topic"),
    "web": ("bench.web", "Web interface render time"),
}


def machine() -> dict[str, Any]:
    """The facts a reader needs to compare figures: CPU, cores, memory, OS, Python, SQLite."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            cpu = next(
                (line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")),
                cpu,
            )
    except OSError:
        pass
    try:
        memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError):
        memory_gb = 0.0
    return {
        "cpu": cpu,
        "cores": len(os.sched_getaffinity(0)),
        "memory_gb": round(memory_gb, 1),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
    }


def versions() -> dict[str, str]:
    found = {}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "-"
    return found


def module(name: str) -> Any:
    return import_module(BENCHMARKS[name][0])


def save(name: str, result: dict[str, Any], seconds: float, quick: bool) -> dict[str, Any]:
    record = {
        "name": name,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": round(seconds, 1),
        "quick": quick,
        "machine": machine(),
        "versions": versions(),
        "result": result,
    }
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    path.write_text(json.dumps(record, indent=2, default=str) + "\n", encoding="utf-8")
    return record


def load(name: str) -> dict[str, Any] | None:
    path = RESULTS_DIR / f"{name}.json"
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def table(header: tuple[str, ...], body: list[tuple[Any, ...]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in body]
    return "\n".join(lines)


def summary(records: list[dict[str, Any]]) -> list[tuple[str, ...]]:
    out = []
    for record in records:
        title = BENCHMARKS[record["name"]][1]
        for figure, value, baseline, target in module(record["name"]).rows(record["result"]):
            out.append((title, figure, value, baseline, target))
    return out


def render(records: list[dict[str, Any]]) -> str:
    """The whole of RESULTS.md: machine, versions, the summary table, a section per benchmark."""
    parts = [
        "# Benchmark results",
        "",
        "Written by `python -m bench` (`make bench`); each figure sits next to its baseline,",
        "measured in the same run on the same machine. Re-run one benchmark with",
        "`python -m bench --only NAME`; the others keep their figures and dates.",
        "Raw results: `bench/results/NAME.json`.",
        "",
    ]
    if records:
        newest = max(records, key=lambda r: r["date"])
        m = newest["machine"]
        parts += [
            f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB RAM, {m['os']}, "
            f"Python {m['python']}, SQLite {m['sqlite']}.",
            "Versions: " + ", ".join(f"{k} {v}" for k, v in newest["versions"].items()) + ".",
            "",
            "## Summary",
            "",
            table(("benchmark", "figure", "value", "baseline", "target"), summary(records)),
            "",
        ]
    if NOTES_MD.exists():
        parts += [NOTES_MD.read_text(encoding="utf-8").strip(), ""]
    for record in records:
        name = record["name"]
        title = BENCHMARKS[name][1]
        parts += [
            f"## {title}",
            "",
            f"_`python -m bench --only {name}`: {record['date'][:10]}, {record['seconds']} s._",
            "",
            module(name).section(record["result"]).strip(),
            "",
        ]
    return "\n".join(parts)


def write_results() -> Path:
    records = [r for name in BENCHMARKS if (r := load(name)) and not r.get("quick")]
    RESULTS_MD.write_text(render(records), encoding="utf-8")
    return RESULTS_MD
