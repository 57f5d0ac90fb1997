"""Decides how well the whole pipeline alerts: every case in bench/cases/ is served as a feed
and a page over a real loopback HTTP server, polled into a store holding the seed baseline,
and the alerts raised are compared with the case's `expect` by (fact, value).

A case file (YAML): description, published, source, url, title, html (the full page),
optional summary (the feed item's description), optional `page: none` (the page answers
404: only the summary exists), optional `after: NNN` (that case is polled first, in the same
store; only alerts raised by this case are scored), and `expect`: a list of
`{fact, value}` or `{fact, between: [low, high]}` (a vague date such as "early January").

Run: .venv/bin/python -m bench.alert_quality [--cases DIR] [--update-results] [-v]
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
CASES_DIR = ROOT / "bench" / "cases"
# Cases written blind (without reading the extractor) and never tuned against: the honest
# estimate of how the rules generalise. Reported next to the main corpus, not asserted.
HOLDOUT_DIR = ROOT / "bench" / "holdout"
SEEDS_DIR = ROOT / "seeds"
WATCHLISTS_DIR = ROOT / "watchlists"
RESULTS = ROOT / "bench" / "RESULTS.md"
START, END = "<!-- alert-quality:start -->", "<!-- alert-quality:end -->"


@dataclass(frozen=True)
class Expected:
    fact: str
    value: str | None = None
    between: tuple[str, str] | None = None

    def accepts(self, fact: str, value: str) -> bool:
        if fact != self.fact:
            return False
        if self.between is not None:
            return _ordered(self.between[0]) <= _ordered(value) <= _ordered(self.between[1])
        return _ordered(value) == _ordered(self.value or "")

    def __str__(self) -> str:
        shown = f"{self.between[0]}..{self.between[1]}" if self.between else self.value
        return f"{self.fact}={shown}"


@dataclass(frozen=True)
class Case:
    id: str  # file stem, e.g. "001-troop-cap-800000-comma"
    description: str
    published: datetime
    source: str
    url: str
    title: str
    html: str | None  # None: the page answers 404
    summary: str = ""
    after: str | None = None
    expect: tuple[Expected, ...] = ()

    @property
    def number(self) -> str:
        return self.id.split("-", 1)[0]


@dataclass
class CaseResult:
    case: str
    raised: list[tuple[str, str, str]] = field(default_factory=list)  # fact, value, evidence
    tp: list[str] = field(default_factory=list)
    fp: list[str] = field(default_factory=list)
    fn: list[str] = field(default_factory=list)
    error: str | None = None


def _ordered(value: str) -> Any:
    """Numbers compare as numbers ("800000" == "800000.0"); dates and the rest as text."""
    try:
        return (0, float(value), "")
    except ValueError:
        return (1, 0.0, value)


def _text(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def load_case(path: Path) -> Case:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    published = raw["published"]
    if not isinstance(published, datetime):
        published = datetime.fromisoformat(str(published))
    expect = tuple(
        Expected(
            fact=e["fact"],
            value=_text(e["value"]) if "value" in e else None,
            between=(_text(e["between"][0]), _text(e["between"][1])) if "between" in e else None,
        )
        for e in raw.get("expect") or []
    )
    after = raw.get("after")
    return Case(
        id=path.stem,
        description=raw["description"],
        published=published,
        source=raw["source"],
        url=raw["url"],
        title=raw["title"],
        html=None if raw.get("page") == "none" else raw["html"],
        summary=raw.get("summary") or "",
        after=None if after is None else str(after).zfill(3),
        expect=expect,
    )


def load_cases(cases_dir: Path = CASES_DIR) -> list[Case]:
    return [load_case(p) for p in sorted(Path(cases_dir).glob("*.yaml"))]


def score(expected: Sequence[Expected], raised: Sequence[tuple[str, str]]) -> CaseResult:
    """Pair each expectation with at most one raised (fact, value); the rest are misses/extras."""
    result = CaseResult(case="")
    left = list(raised)
    for exp in expected:
        hit = next((r for r in left if exp.accepts(*r)), None)
        if hit is None:
            result.fn.append(str(exp))
        else:
            left.remove(hit)
            result.tp.append(f"{hit[0]}={hit[1]}")
    result.fp = [f"{fact}={value}" for fact, value in left]
    return result


# -- the loopback publisher ---------------------------------------------------------------
class _Site:
    """What the server publishes: one RSS feed per case (path /feeds/<id>.xml) and pages."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, str, bytes]] = {}
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.routes))
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self.thread.start()

    def publish(self, case: Case) -> tuple[str, str]:
        """Serve the case; returns (feed URL, entry link)."""
        parts = urlsplit(case.url)
        link = self.base + parts.path + (f"?{parts.query}" if parts.query else "")
        if case.html is not None:
            self.routes[parts.path] = (200, "text/html; charset=utf-8", case.html.encode())
        feed_path = f"/feeds/{case.number}.xml"
        self.routes[feed_path] = (200, "application/rss+xml; charset=utf-8", _rss(case, link))
        return self.base + feed_path, link

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _handler(routes: dict[str, tuple[int, str, bytes]]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            status, ctype, body = routes.get(
                urlsplit(self.path).path, (404, "text/html", b"<h1>Not found</h1>")
            )
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass  # quiet: the scorer prints its own table

    return Handler


def _rss(case: Case, link: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(case.source)}</title><link>{escape(link)}</link>"
        f"<description>Latest news from {escape(case.source)}</description>"
        f"<item><title>{escape(case.title)}</title><link>{escape(link)}</link>"
        f'<guid isPermaLink="true">{escape(link)}</guid>'
        f"<pubDate>{format_datetime(case.published)}</pubDate>"
        f"<description>{escape(case.summary)}</description></item>"
        "</channel></rss>"
    ).encode()


# -- running ------------------------------------------------------------------------------
def _chain(case: Case, by_number: dict[str, Case]) -> list[Case]:
    chain = [case]
    while chain[0].after is not None:
        before = by_number[chain[0].after]
        if before in chain:
            raise ValueError(f"{case.id}: `after` loops back to {before.id}")
        chain.insert(0, before)
    return chain


def replay_clock(cases: Sequence[Case]) -> datetime | None:
    """A day after the last case when the story is dated after today, else None (the
    clock)."""
    last = max((c.published for c in cases), default=None)
    if last is None or last <= datetime.now(UTC):
        return None
    return last + timedelta(days=1)


def baseline_db(
    directory: Path, seeds: Path, watchlists: Sequence[Any], now: datetime | None = None
) -> Path:
    """The seed baseline, loaded once and copied for every case."""
    from monitor.ingest.backfill import backfill
    from monitor.store.db import Store

    path = directory / "baseline.db"
    store = Store.open(path)
    try:
        backfill(store, [seeds], watchlists, progress=False, now=now)
    finally:
        store.close()
    return path


def run_case(
    case: Case,
    by_number: dict[str, Case],
    baseline: Path,
    watchlists: Sequence[Any],
    extract: Any = None,  # a monitor.ingest.poller.Extractor
    now: datetime | None = None,
) -> CaseResult:
    from monitor.ingest.poller import Poller
    from monitor.net.fetch import Fetcher
    from monitor.store.db import Store
    from monitor.watchlists import Feed

    with tempfile.TemporaryDirectory(prefix="alertq-") as tmp:
        db = Path(tmp) / "monitor.db"
        shutil.copy(baseline, db)
        store, site, fetcher = Store.open(db), _Site(), Fetcher(allow_private=True, deadline=10)
        try:
            clock = (lambda: now) if now is not None else (lambda: datetime.now(UTC))
            poller = Poller(store, fetcher, watchlists, extract=extract, now=clock)
            before: set[str] = set()
            for step in _chain(case, by_number):
                if step is case:
                    before = {a.alert.id for a in store.alerts(limit=10_000)}
                feed_url, _ = site.publish(step)
                outcome = poller.poll(Feed(feed_url, step.source, 900), watchlists[0])
                if outcome.status == "error" or outcome.errors:
                    raise RuntimeError(f"poll of {step.id}: {outcome.line()}")
            new = [a.alert for a in store.alerts(limit=10_000) if a.alert.id not in before]
        finally:
            fetcher.close()
            site.close()
            store.close()
    result = score(case.expect, [(a.fact, a.value) for a in new])
    result.case = case.id
    result.raised = [(a.fact, a.value, a.evidence.text) for a in new]
    return result


def evaluate(
    cases_dir: Path | str = CASES_DIR,
    verbose: bool = False,
    *,
    seeds: Path = SEEDS_DIR,
    watchlists_dir: Path = WATCHLISTS_DIR,
    extract: Any = None,  # a monitor.ingest.poller.Extractor
) -> dict[str, Any]:
    """Run every case; returns counts, precision, recall and the per-case results. A batch
    whose story is dated after today is replayed with the clock set a day after its last
    case: the backfill never takes a future date as a publication date, so its seeds would
    load undated."""
    from monitor.watchlists import load_all

    cases = load_cases(Path(cases_dir))
    by_number = {c.number: c for c in cases}
    watchlists = load_all(watchlists_dir)
    results: list[CaseResult] = []
    now = replay_clock(cases)
    with tempfile.TemporaryDirectory(prefix="alertq-base-") as tmp:
        baseline = baseline_db(Path(tmp), seeds, watchlists, now)
        for case in cases:
            try:
                result = run_case(case, by_number, baseline, watchlists, extract, now)
            except Exception as exc:  # one broken case must not hide the others' numbers
                result = CaseResult(case.id, fn=[str(e) for e in case.expect])
                result.error = f"{type(exc).__name__}: {exc}"
            results.append(result)
            if verbose and (result.fp or result.fn or result.error):
                print(_mismatch(result), file=sys.stderr)
    tp, fp, fn = (sum(len(getattr(r, k)) for r in results) for k in ("tp", "fp", "fn"))
    return {
        "cases": len(results),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "errors": {r.case: r.error for r in results if r.error},
        "failing": [r.case for r in results if r.fp or r.fn or r.error],
        "results": results,
    }


# -- reporting ----------------------------------------------------------------------------
def _mismatch(r: CaseResult) -> str:
    lines = [f"{r.case}:"]
    if r.error:
        lines.append(f"  error: {r.error}")
    lines += [f"  missed: {x}" for x in r.fn]
    for fact, value, evidence in r.raised:
        if f"{fact}={value}" in r.fp:
            lines.append(f"  false alarm: {fact}={value}  <- {evidence[:140]!r}")
    return "\n".join(lines)


def table(report: dict[str, Any]) -> str:
    rows = ["| case | expected | raised | verdict |", "|---|---|---|---|"]
    for r in report["results"]:
        verdict = "error" if r.error else ("ok" if not (r.fp or r.fn) else "FAIL")
        raised = ", ".join(f"{f}={v}" for f, v, _ in r.raised) or "-"
        rows.append(f"| {r.case} | {', '.join(r.tp + r.fn) or '-'} | {raised} | {verdict} |")
    return "\n".join(rows)


def summary_line(report: dict[str, Any]) -> str:
    return (
        f"{report['cases']} cases: precision {report['precision']:.3f}, recall "
        f"{report['recall']:.3f} (tp {report['tp']}, fp {report['fp']}, fn {report['fn']}), "
        f"{len(report['errors'])} errors, {len(report['failing'])} failing"
    )


def update_results(report: dict[str, Any], path: Path = RESULTS) -> None:
    """Rewrite only the alert-quality section of RESULTS.md, creating the file if needed."""
    failing = [r for r in report["results"] if r.fp or r.fn or r.error]
    body = [
        START,
        "## Alert quality",
        "",
        f"`python -m bench.alert_quality`, {datetime.now().date().isoformat()}: "
        + summary_line(report)
        + ".",
        "",
        "Failing cases:" if failing else "No failing cases.",
        *[f"\n```\n{_mismatch(r)}\n```" for r in failing],
        END,
    ]
    section = "\n".join(body)
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    if START in text and END in text:
        head, rest = text.split(START, 1)
        text = head + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")


def run(quick: bool = False) -> dict[str, Any]:
    """The whole corpus, or its first six cases; JSON-ready (per-case verdicts as dicts)."""
    if quick:
        with tempfile.TemporaryDirectory(prefix="alertq-quick-") as tmp:
            for path in sorted(CASES_DIR.glob("*.yaml"))[:6]:
                shutil.copy(path, tmp)
            report = evaluate(tmp)
    else:
        report = evaluate()
        if sorted(HOLDOUT_DIR.glob("*.yaml")):
            report["holdout"] = _jsonable(evaluate(HOLDOUT_DIR))
    return _jsonable(report)


def _jsonable(report: dict[str, Any]) -> dict[str, Any]:
    report["results"] = [
        {
            "case": r.case,
            "tp": r.tp,
            "fp": r.fp,
            "fn": r.fn,
            "error": r.error,
            "raised": [list(x) for x in r.raised],
        }
        for r in report["results"]
    ]
    return report


def rows(result: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    n = result["cases"]
    out = [
        (f"alert precision, {n} realistic cases", f"{result['precision']:.3f}", "-", ">= 0.95"),
        (f"alert recall, {n} realistic cases", f"{result['recall']:.3f}", "-", ">= 0.95"),
    ]
    if "holdout" in result:
        held = result["holdout"]
        out.append(
            (
                f"alert precision / recall, {held['cases']} held-out blind cases",
                f"{held['precision']:.3f} / {held['recall']:.3f}",
                "-",
                "-",
            )
        )
    return out


def _failing_table(results: list[dict[str, Any]]) -> str:
    failing = [r for r in results if r["fp"] or r["fn"] or r["error"]]
    lines = [
        f"| {r['case']} | {', '.join(r['tp'] + r['fn']) or '-'} "
        f"| {', '.join(f'{f}={v}' for f, v, _ in r['raised']) or '-'} "
        f"| {'error' if r['error'] else 'FAIL' if r['fp'] or r['fn'] else 'ok'} |"
        for r in failing
    ]
    if not failing:
        return "No failing case."
    return "Failing cases:\n\n| case | expected | raised | verdict |\n|---|---|---|---|\n" + (
        "\n".join(lines)
    )


def section(result: dict[str, Any]) -> str:
    verdict = _failing_table(result["results"])
    held = result.get("holdout")
    holdout = (
        f"""
Held-out batch (`bench/holdout/`, {held["cases"]} cases written blind, without reading the
extractor, and never tuned against): precision {held["precision"]:.3f}, recall
{held["recall"]:.3f} (true alerts {held["tp"]}, false alarms {held["fp"]}, missed {held["fn"]}),
{len(held["errors"])} errors. {_failing_table(held["results"])}
"""
        if held
        else ""
    )
    return f"""Every case in `bench/cases/` (pages with site boilerplate, syndicated copies,
rewrites, sidebars, attribution dates, army-size-not-cap, off-topic numbers, summary-only entries,
tracking parameters, real changes in many spellings) is served as a feed and a page over a
loopback HTTP server and polled by the real `Poller` into a store holding the seed baseline;
the alerts raised are compared with the case's `expect` by (fact, value). Per case detail:
`python -m bench.alert_quality -v`.

{result["cases"]} cases: precision {result["precision"]:.3f}, recall {result["recall"]:.3f}
(true alerts {result["tp"]}, false alarms {result["fp"]}, missed {result["fn"]}),
{len(result["errors"])} errors. Target: both >= 0.95. Cases 061-090, 091-120 and 121-150
were each written as a blind held-out batch (by someone who had read neither the extractor
nor the watchlist) and scored before any rule was adjusted to them: precision / recall
0.722 / 0.812, 0.647 / 0.786 and 0.565 / 0.867. Those are the honest estimate of how the
rules do on news they have not seen. The fixes were general rules, never case patches: a
number said of a past period is history (a contrast like "while" stays in the past), a
difference is not a level, a purpose clause ends a cue's reach, a question is read with its
answer, the writer's opinion is not a value, a number may be the subject of the cue's passive
verb, an aside between dashes does not end a clause, a new value in the headline or given as
the total outranks the fact's other values in the body, "Of those, ..." is a part, a
correction's or a denial's value is withdrawn, an event "pushed to Wednesday" counts and its
"originally set for" date does not, the weekday of publication is that day; and watchlist
entries for plan terms, other kinds of talks, other conflicts, and a territory range. Two
cases still fail, by choice: 129 expects meetings on two consecutive days, which the
watchlist's `date_window_days: 2` reads as one date; 150 is a sports page whose league holds
"peace talks" with a broadcaster.

{verdict}
{holdout}"""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=CASES_DIR)
    parser.add_argument("--seeds", type=Path, default=SEEDS_DIR, help="baseline documents")
    parser.add_argument("--watchlists", type=Path, default=WATCHLISTS_DIR)
    parser.add_argument("--update-results", action="store_true")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    report = evaluate(
        args.cases, verbose=args.verbose, seeds=args.seeds, watchlists_dir=args.watchlists
    )
    print(table(report))
    print(summary_line(report))
    if args.update_results:
        update_results(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
