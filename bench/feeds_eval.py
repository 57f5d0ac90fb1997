"""Measures parse_feed over the shared feed corpus: crashes (must be 0), refusals, and entries
read from the real-world feeds against bare feedparser and the other parsers' expectations.

Layout (see /work/shared/eval/feeds/README.md): feedparser-tests/ (synthetic; a leading
comment may carry "Header: Content-type: ..." lines), and the real-ish feeds in
feed-rs-fixtures/ (expected parse beside each feed as <name>.serde.json), rss-parser/
(test/input/<name>.* with test/output/<name>.json) and miniflux-testdata/.

Run: .venv/bin/python bench/feeds_eval.py [ROOT]
"""

from __future__ import annotations

import io
import json
import re
import sys
import time
import warnings
from pathlib import Path

import feedparser

from monitor.errors import FeedError
from monitor.text.feeds import parse_feed

ROOT = Path("/work/shared/eval/feeds")
SKIP_NAMES = {"README.md", "LICENSE", "LICENSE-MIT"}
HEADER_RE = re.compile(rb"^\s*Header:\s*([\w-]+):\s*(.*?)\s*$", re.M)


def feed_files(root: Path) -> list[Path]:
    """Every feed document: not the READMEs, licences or expected-output files."""
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file()
        and p.name not in SKIP_NAMES
        and not p.name.endswith(".serde.json")
        and "test/output" not in p.as_posix()
    )


def is_real(path: Path, root: Path) -> bool:
    rel = path.relative_to(root).as_posix()
    return rel.startswith(("feed-rs-fixtures/", "rss-parser/")) or (
        rel.startswith("miniflux-testdata/") and "/parser/testdata/" in rel
    )


def expected_entries(path: Path) -> int | None:
    """Entries the corpus's own parser expects, where the corpus says."""
    serde = path.with_name(path.stem + ".serde.json")
    if serde.exists():
        return len(json.loads(serde.read_bytes()).get("entries") or [])
    if path.parent.name == "input" and "rss-parser" in path.parts:
        out = path.parent.parent / "output" / (path.stem + ".json")
        if out.exists():
            text = out.read_bytes().decode("utf-8", "replace")
            return len((json.loads(text).get("feed") or {}).get("items") or [])
    return None


def content_type_of(data: bytes) -> str | None:
    """feedparser's test runner takes HTTP headers from 'Header:' lines in the comment."""
    for name, value in HEADER_RE.findall(data[:2000]):
        if name.lower() == b"content-type":
            return value.decode("latin-1")
    return None


def _bare_count(data: bytes) -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return len(feedparser.parse(io.BytesIO(data)).entries)


def _run(path: Path) -> tuple[int, str | None, str | None, int]:
    """(entries, FeedError message, crash description, warnings) for one file."""
    data = path.read_bytes()
    url = f"https://eval.test/{path.name}"
    try:
        parsed = parse_feed(data, url=url, content_type=content_type_of(data))
    except FeedError as exc:
        return 0, str(exc), None, 0
    except Exception as exc:  # the number this bench exists to keep at zero
        return 0, None, f"{path}: {type(exc).__name__}: {exc}", 0
    return len(parsed.entries), None, None, len(parsed.warnings)


def evaluate(root: Path = ROOT, *, baseline: bool = True, every: int = 1) -> dict:
    """Run every feed file (or every n-th) through parse_feed; `baseline` also runs bare
    feedparser."""
    started = time.monotonic()
    counts = {"files": 0, "parsed": 0, "feed_errors": 0, "warnings": 0}
    real = {"files": 0, "entries": 0, "bare_feedparser_entries": 0, "refused": []}
    versus_expected = {"files": 0, "expected": 0, "read": 0, "differ": []}
    crashes: list[str] = []
    slowest = (0.0, "")
    for path in feed_files(root)[::every]:
        t0 = time.monotonic()
        entries, refused, crash, warned = _run(path)
        slowest = max(slowest, (time.monotonic() - t0, str(path)))
        counts["files"] += 1
        counts["parsed"] += refused is None and crash is None
        counts["feed_errors"] += refused is not None
        counts["warnings"] += warned
        crashes += [crash] if crash else []
        if not is_real(path, root):
            continue
        real["files"] += 1
        real["entries"] += entries
        real["refused"] += [refused] if refused else []
        if baseline and path.suffix != ".json":
            real["bare_feedparser_entries"] += _bare_count(path.read_bytes())
        expected = expected_entries(path)
        if expected is not None:
            versus_expected["files"] += 1
            versus_expected["expected"] += expected
            versus_expected["read"] += entries
            if expected != entries:
                diff = f"{path.name}: expected {expected}, read {entries}"
                versus_expected["differ"].append(diff)
    return {
        **counts,
        "crashes": crashes,
        "real": real,
        "versus_expected": versus_expected,
        "slowest": {"seconds": round(slowest[0], 3), "file": slowest[1]},
        "seconds": round(time.monotonic() - started, 2),
    }


def run(quick: bool = False) -> dict:
    if quick:
        return evaluate(every=20)
    return evaluate()


def rows(result: dict) -> list[tuple[str, str, str, str]]:
    real = result["real"]
    return [
        (
            f"feed files parsed without an exception (of {result['files']:,})",
            f"{result['files'] - len(result['crashes']):,}",
            "-",
            "all",
        ),
        (
            "entries read from the real-world feeds",
            f"{real['entries']:,}",
            f"{real['bare_feedparser_entries']:,} (bare feedparser)",
            "-",
        ),
    ]


def section(result: dict) -> str:
    real, versus = result["real"], result["versus_expected"]
    differ = "\n".join(f"- {d}" for d in versus["differ"][:15]) or "- none"
    return f"""Every file under ../shared/eval/feeds/ (feedparser's own test suite, feed-rs
fixtures, rss-parser fixtures, miniflux test data) through `monitor.text.feeds.parse_feed`, bytes
in, as the poller hands them over. An exception other than the module's own `FeedError` (a
clear refusal)
counts as a crash.

| figure | value |
|---|---|
| files | {result["files"]:,} |
| parsed | {result["parsed"]:,} |
| refused with a FeedError | {result["feed_errors"]:,} |
| crashes (target 0) | {len(result["crashes"])} |
| real-world files / entries read | {real["files"]} / {real["entries"]:,} |
| entries bare feedparser reads from the same files | {real["bare_feedparser_entries"]:,} |
| files with an expected entry count | {versus["files"]} |
| entries expected / read there | {versus["expected"]:,} / {versus["read"]:,} |
| slowest file | {result["slowest"]["seconds"]} s |

Files where the count differs from the other parser's expectation (first 15):

{differ}
"""


if __name__ == "__main__":
    print(json.dumps(evaluate(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT), indent=2))
