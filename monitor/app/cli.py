"""The `monitor` command line: each command parses its arguments and calls one function."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec, TypeVar

import click

from monitor import settings as settings_mod
from monitor.app import logs
from monitor.errors import ConfigError, MonitorError, WatchlistError
from monitor.models import FeedState
from monitor.settings import Settings
from monitor.watchlists import Watchlist, load_all

if TYPE_CHECKING:
    from monitor.store.db import Store

P = ParamSpec("P")
R = TypeVar("R")
log = logging.getLogger("monitor")


@dataclass
class Context:
    """What every command shares. The settings are read when a command first needs them, so
    a bad MONITOR_* variable never breaks `--help`; the error names the variable."""

    loaded: Settings | None = None

    @property
    def settings(self) -> Settings:
        if self.loaded is None:
            self.loaded = settings_mod.load()
            logs.setup(
                self.loaded.log_format,
                self.loaded.log_level,
                secrets=[
                    s
                    for s in (
                        self.loaded.webhook_secret,
                        self.loaded.smtp_url,
                        *self.loaded.notify_urls,
                    )
                    if s
                ],
            )
        return self.loaded

    def store(self) -> Store:
        from monitor.store.db import Store  # sqlite-utils on demand: --help stays quick

        return Store.open(self.settings.db)

    def watchlists(self) -> list[Watchlist]:
        return load_all(self.settings.watchlists, self.settings.poll_interval)


def friendly(func: Callable[P, R]) -> Callable[P, R]:
    """Turn the project's own errors into one clear line and exit status 1."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except ConfigError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)
        except MonitorError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)

    return wrapper


@click.group()
@click.version_option(package_name="monitor")
@click.pass_context
def main(ctx: click.Context) -> None:
    """monitor: tells you when a tracked fact in the news changes."""
    ctx.obj = Context()


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.pass_obj
@friendly
def backfill(obj: Context, paths: tuple[Path, ...]) -> None:
    """Load local documents (.txt, .html, .md, feed .xml) as the baseline. Idempotent.

    Example: monitor backfill seeds/
    """
    from monitor.ingest.backfill import backfill as run_backfill

    store = obj.store()
    try:
        report = run_backfill(store, list(paths), obj.watchlists())
    finally:
        store.close()
    for line in report.lines():
        click.echo(line)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="machine-readable output")
@click.pass_obj
@friendly
def facts(obj: Context, as_json: bool) -> None:
    """Every tracked fact: baseline values with evidence, values seen since.

    Example: monitor facts --json
    """
    from monitor.app.reports import facts_report, facts_text

    store = obj.store()
    try:
        report = facts_report(store, obj.watchlists())
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        for line in facts_text(report):
            click.echo(line)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="machine-readable output")
@click.option("--limit", default=50, show_default=True)
@click.pass_obj
@friendly
def alerts(obj: Context, as_json: bool, limit: int) -> None:
    """Alerts, newest first, with their delivery state.

    Example: monitor alerts --json
    """
    from monitor.app.reports import alerts_text

    store = obj.store()
    try:
        rows = store.alerts(limit)
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps([r.to_json() for r in rows], indent=2, ensure_ascii=False))
    elif not rows:
        click.echo("no alerts yet")
    else:
        for line in alerts_text(rows):
            click.echo(line)


@main.command()
@click.argument("query")
@click.option("--limit", default=20, show_default=True)
@click.pass_obj
@friendly
def search(obj: Context, query: str, limit: int) -> None:
    """Full-text search over stored articles (SQLite FTS5 syntax).

    Example: monitor search '"troop cap" OR ceiling'
    """
    import sqlite3

    store = obj.store()
    try:
        rows = store.search(query, limit)
    except sqlite3.OperationalError as exc:
        raise MonitorError(f"bad search query {query!r}: {exc}") from None
    finally:
        store.close()
    if not rows:
        click.echo("no matches")
    for row in rows:
        dup = " (duplicate)" if row["duplicate_of"] else ""
        click.echo(f"{row['published'] or '-':25} {row['title'] or row['url']}{dup}")
        click.echo(f"    {row['url']}")
        click.echo(f"    {' '.join(row['snippet'].split())}")


@main.group()
def watchlists() -> None:
    """Inspect and validate watchlist files."""


@watchlists.command("check")
@click.pass_obj
def watchlists_check(obj: Context) -> None:
    """Validate every watchlist; exit 1 naming file, key and reason on error.

    Example: monitor watchlists check
    """
    try:
        found = obj.watchlists()
    except WatchlistError as exc:
        for each in exc.others or [exc]:  # every error of the file, a line each
            click.echo(f"error: {each}", err=True)
        sys.exit(1)
    except MonitorError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    if not found:
        click.echo(f"error: no watchlist files in {obj.settings.watchlists}", err=True)
        sys.exit(1)
    from monitor.facts.reader import readings

    for wl in found:
        click.echo(
            f"ok {wl.path}: {wl.name}: {len(wl.feeds)} feeds, "
            f"facts: {', '.join(f.id for f in wl.facts) or '(none)'}"
        )
        for spec in wl.facts:  # what the label and range make monitor read
            for reading in readings(spec):
                click.echo(f"  {spec.id}: {reading}")


@main.command()
@click.pass_obj
@friendly
def run(obj: Context) -> None:
    """The service: poll every watchlist's feeds on schedule and deliver alerts.

    Example: monitor run
    """
    from monitor.app.service import run_service

    sys.exit(run_service(obj.settings))


@main.command()
@click.pass_obj
@friendly
def web(obj: Context) -> None:
    """Serve the web interface and JSON API read-only on MONITOR_WEB_ADDR (no polling).

    Example: MONITOR_WEB_ADDR=127.0.0.1:8081 monitor web
    """
    import signal
    import threading

    from monitor.app.service import start_web
    from monitor.store.db import Store

    settings = obj.settings
    if not settings.db.is_file():
        raise MonitorError(f"no database at {settings.db}: run `monitor backfill` or `monitor run`")
    store = Store.open(settings.db, migrate=False)
    try:
        if not store.migrations_current:  # read-only: never migrates someone's database
            raise MonitorError(
                f"{settings.db} has schema v{store.version}, older than this monitor's:"
                " `monitor run` (or `monitor backfill`) migrates it"
            )
    finally:
        store.close()
    server = start_web(settings, obj.watchlists, writable=False)
    click.echo(f"serving {settings.db} read-only on {server.address} (Ctrl-C stops)")
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    while not stop.wait(1.0):
        pass
    server.stop()


@main.command()
@click.option("--json", "as_json", is_flag=True, help="machine-readable output")
@click.pass_obj
@friendly
def quality(obj: Context, as_json: bool) -> None:
    """Alert precision as judged by users (alerts marked wrong in the web interface or API),
    per watchlist and fact and per month.

    Example: monitor quality
    """
    from monitor.app.quality import quality_text
    from monitor.app.quality import read as read_quality

    store = obj.store()
    try:
        report = read_quality(store)
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        for line in quality_text(report):
            click.echo(line)


@main.command()
@click.pass_obj
@friendly
def health(obj: Context) -> None:
    """Exit 0 when the database opens, migrations are current and polling is recent.

    Example: monitor health
    """
    from monitor.app.health import health_check

    ok, reason = health_check(obj.settings)
    click.echo(("ok: " if ok else "unhealthy: ") + reason)
    sys.exit(0 if ok else 1)


@main.command()
@click.pass_obj
@friendly
def poll(obj: Context) -> None:
    """One cycle over all feeds, then deliver pending alerts, then exit 0.

    A failing feed is reported, not fatal. Example: monitor poll
    """
    from monitor.app.service import poll_once

    outcomes, stats = poll_once(obj.settings)
    failed = [o for o in outcomes if o.status == "error"]
    click.echo(
        f"polled {len(outcomes)} feed(s): {sum(o.new for o in outcomes)} new articles, "
        f"{sum(o.alerts for o in outcomes)} alerts, {len(failed)} feed error(s); "
        f"deliveries: {stats}"
    )
    for outcome in failed:
        click.echo(f"  error {outcome.url}: {outcome.error}")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="machine-readable output")
@click.pass_obj
@friendly
def feeds(obj: Context, as_json: bool) -> None:
    """Each feed's state: last success, last error, failures in a row, next poll, items.

    Example: monitor feeds
    """
    store = obj.store()
    try:
        rows = store.feeds()
    finally:
        store.close()
    known = {r.url for r in rows}
    listed = obj.watchlists()
    names = {f.url: f.name for wl in listed for f in wl.feeds}
    rows += [FeedState(f.url, wl.name) for wl in listed for f in wl.feeds if f.url not in known]
    if as_json:
        out = [{"name": names.get(r.url, ""), **r.to_row()} for r in rows]
        click.echo(json.dumps(out, indent=2, ensure_ascii=False))
        return
    for r in rows:
        state = (
            "never polled"
            if not (r.last_success_at or r.last_error)
            else (
                f"ok {r.last_success_at}"
                if not r.error_count
                else f"FAILING x{r.error_count}: {r.last_error}"
            )
        )
        working = f"; working through it: {r.backlog} new entries left" if r.backlog else ""
        name = names.get(r.url) or r.title or ""
        click.echo(
            f"{r.watchlist:16} {name + ': ' if name else ''}{r.url}\n    {state}; items seen"
            f" {r.items_seen}{working}; next poll {r.next_poll_at or 'at start'}"
        )


@main.group()
def notify() -> None:
    """Notification channels."""


@notify.command("test")
@click.pass_obj
@friendly
def notify_test(obj: Context) -> None:
    """Send a test alert through every configured channel and say what happened.

    Example: MONITOR_WEBHOOK_URL=https://example.org/hook monitor notify test
    """
    from monitor.alerts.channels import build_channels, test_alert

    channels = build_channels(obj.settings)
    if not channels:
        click.echo(
            "no channel configured: set MONITOR_WEBHOOK_URL and/or MONITOR_SMTP_URL", err=True
        )
        sys.exit(1)
    alert, failures = test_alert(), 0
    for name, channel in channels.items():
        result = channel.send(alert, attempt=1)
        failures += not result.ok
        click.echo(f"{name}: {'ok' if result.ok else 'FAILED'} ({result.status})")
    sys.exit(1 if failures else 0)


@main.group()
def baseline() -> None:
    """Inspect or move the baseline of a fact."""


@baseline.command("accept")
@click.argument("fact")
@click.argument("value")
@click.option("--watchlist", "-w", help="watchlist name (needed when several track FACT)")
@click.pass_obj
@friendly
def baseline_accept(obj: Context, fact: str, value: str, watchlist: str | None) -> None:
    """Acknowledge a change: VALUE becomes FACT's baseline, older values are retired.

    Example: monitor baseline accept troop_cap 800000
    """
    from monitor.app.baseline import accept

    store = obj.store()
    try:
        wl_name, stored = accept(store, obj.watchlists(), fact, value, watchlist)
    finally:
        store.close()
    click.echo(f"{wl_name}/{fact}: baseline is now {stored} (older values kept in history)")
