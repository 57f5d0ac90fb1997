"""The long-running service and its health: single-instance lock, first-start baseline,
scheduled polls and deliveries, watchlist reload, and a graceful stop on SIGTERM/SIGINT."""

from __future__ import annotations

import fcntl
import logging
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, TYPE_CHECKING

from monitor import metrics
from monitor.alerts.channels import build_channels
from monitor.alerts.delivery import DeliveryStats, deliver_pending
from monitor.errors import AlreadyRunning, MonitorError
from monitor.ingest.poller import Batch, FeedOutcome, Poller
from monitor.net.fetch import Fetcher
from monitor.settings import Settings
from monitor.store.db import Store
from monitor.text.extract import ExtractionPool
from monitor.watchlists import Feed, Watchlist, load_all, watchlist_paths

if TYPE_CHECKING:
    from monitor.app.scheduler import Scheduler
    from monitor.web.server import WebServer

log = logging.getLogger("monitor.app.service")

STOP_GRACE = 8.0  # Docker kills 10 s after SIGTERM; leave time to close the database


@contextmanager
def instance_lock(db: Path) -> Iterator[None]:
    """One scheduler per database: two would run every job twice."""
    db.parent.mkdir(parents=True, exist_ok=True)
    handle: IO[str] = open(f"{db}.lock", "a+")  # noqa: SIM115 - held for the process lifetime
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise AlreadyRunning(f"another `monitor run` is already using {db}") from None
    try:
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def ensure_baseline(settings: Settings, store: Store) -> None:
    """On first start with an empty database, load the seed documents (idempotent)."""
    if not store.is_empty() or not settings.seeds.is_dir():
        return
    from monitor.ingest.backfill import backfill

    log.info("empty database: loading the seed baseline from %s", settings.seeds)
    report = backfill(
        store,
        [settings.seeds],
        load_all(settings.watchlists, settings.poll_interval),
        progress=False,
    )
    for line in report.lines():
        log.info("%s", line)


@dataclass
class Runtime:
    """What the jobs share: settings, one fetcher, the extraction workers, the watchlists,
    the stop flag."""

    settings: Settings
    fetcher: Fetcher
    watchlists: list[Watchlist]
    # workers start on the first page; one per CPU, shared by every poll thread
    extraction: ExtractionPool = field(default_factory=ExtractionPool)
    stopping: threading.Event = field(default_factory=threading.Event)
    active: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    deliver_at_once: bool = True  # `monitor run`; `monitor poll` delivers after the cycle

    def poll_feed(self, feed: Feed, watchlist: Watchlist) -> FeedOutcome | None:
        """One feed's scheduled poll (its new entries ingested oldest first)."""
        outcomes = self.poll_cycle([(feed, watchlist)])
        return outcomes[0] if outcomes else None

    def poll_cycle(
        self, jobs: Sequence[tuple[Feed, Watchlist]], workers: int = 8
    ) -> list[FeedOutcome]:
        """Poll several feeds as one cycle: fetch, extract and prepare each feed's new entries
        in parallel, then ingest every entry of the cycle in one publication order, so the
        first report is the evidence and later copies on other feeds join its story."""
        if self.stopping.is_set() or not jobs:
            return []
        with self.lock:
            self.active += 1
        store = Store.open(self.settings.db)
        try:
            poller = self._poller(store)

            def collect(job: tuple[Feed, Watchlist]) -> Batch:
                own = Store.open(self.settings.db)  # a connection per thread
                try:
                    return self._poller(own).collect(*job)
                finally:
                    own.close()

            started = time.monotonic()
            if len(jobs) == 1:
                batches = [poller.collect(*jobs[0])]
            else:
                with ThreadPoolExecutor(max(1, min(workers, len(jobs)))) as pool:
                    batches = list(pool.map(collect, jobs))
            poller.ingest_batches(batches)
            metrics.POLL_CYCLE.observe(time.monotonic() - started)
            store.set_meta("last_poll_finished_at", datetime.now(UTC).isoformat())
            outcomes = [b.outcome for b in batches]
            if (
                any(o.alerts for o in outcomes)
                and self.deliver_at_once
                and not self.stopping.is_set()
            ):
                # deliver now rather than at the next outbox sweep: alerts are urgent
                deliver_pending(store, build_channels(self.settings))
            return outcomes
        finally:
            store.close()
            with self.lock:
                self.active -= 1

    def _poller(self, store: Store) -> Poller:
        return Poller(
            store,
            self.fetcher,
            self.watchlists,
            channels=list(build_channels(self.settings)),
            extract=self.extraction.extract,
            should_stop=self.stopping.is_set,
        )

    def poll_all(self) -> list[FeedOutcome]:
        """Every feed of every watchlist as one cycle (`monitor poll`, and the catch-up at
        the start of `monitor run`: the backlog after downtime is ingested in order)."""
        return self.poll_cycle([(f, wl) for wl in self.watchlists for f in wl.feeds])

    def deliver(self) -> DeliveryStats:
        store = Store.open(self.settings.db)
        try:
            return deliver_pending(store, build_channels(self.settings))
        finally:
            store.close()


def _watch_mtimes(directory: Path) -> dict[str, float]:
    return {str(p): p.stat().st_mtime for p in watchlist_paths(directory)}


def start(settings: Settings, *, deliver_at_once: bool) -> Runtime:
    """Refuse a bad configuration before any job (every channel is built once: a password
    without TLS, an empty webhook secret, a port out of range, a malformed address stop the
    start with the reason instead of failing every job), load the seed baseline on a first
    start, then make what the jobs share."""
    build_channels(settings)
    load_all(settings.watchlists, settings.poll_interval)
    store = Store.open(settings.db)
    try:
        ensure_baseline(settings, store)
    finally:
        store.close()
    return Runtime(
        settings,
        Fetcher(allow_private=settings.allow_private),
        load_all(settings.watchlists, settings.poll_interval),
        deliver_at_once=deliver_at_once,
    )


def run_service(settings: Settings) -> int:
    from monitor.app.scheduler import DELIVERY_EVERY, RELOAD_EVERY, Scheduler

    with instance_lock(settings.db):
        runtime = start(settings, deliver_at_once=True)
        scheduler = Scheduler()
        mtimes = _watch_mtimes(settings.watchlists)
        reload_now = threading.Event()

        def reload() -> None:
            nonlocal mtimes
            current = _watch_mtimes(settings.watchlists)
            if current == mtimes and not reload_now.is_set():
                return
            reload_now.clear()
            mtimes = current
            try:
                runtime.watchlists = load_all(settings.watchlists, settings.poll_interval)
            except MonitorError as exc:
                log.error("watchlists not reloaded, keeping the previous ones: %s", exc)
                return
            scheduler.set_feeds(runtime.watchlists, runtime.poll_feed)
            log.info("watchlists reloaded: %s", ", ".join(w.name for w in runtime.watchlists))

        def on_signal(signum: int, _frame: object) -> None:
            if signum == signal.SIGHUP:
                reload_now.set()
                return
            log.info("%s received: stopping", signal.Signals(signum).name)
            runtime.stopping.set()

        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, on_signal)
        # the first cycle polls every feed together, so a backlog (first start, or after
        # downtime) is ingested in publication order across feeds
        scheduler.once(runtime.poll_all, "catch-up")
        scheduler.set_feeds(runtime.watchlists, runtime.poll_feed, caught_up=True)
        scheduler.every(DELIVERY_EVERY, runtime.deliver, "deliver")
        scheduler.every(RELOAD_EVERY, reload, "reload")
        web = start_web(  # first: an address in use stops the start, before any poll
            settings,
            lambda: runtime.watchlists,
            deliver_now=lambda: scheduler.once(runtime.deliver, "deliver-now"),
        )
        scheduler.start()
        log.info(
            "monitor running: %d watchlist(s), %d feed(s), database %s",
            len(runtime.watchlists),
            sum(len(w.feeds) for w in runtime.watchlists),
            settings.db,
        )
        while not runtime.stopping.wait(1.0):
            if reload_now.is_set():
                reload()
        web.stop()
        return _stop(scheduler, runtime)


def start_web(
    settings: Settings,
    watchlists: Callable[[], Sequence[Watchlist]],
    *,
    writable: bool = True,
    deliver_now: Callable[[], None] | None = None,
) -> WebServer:
    """The web interface on MONITOR_WEB_ADDR, in a thread; refuses to start (ConfigError)
    when the address cannot be bound."""
    from monitor.web.app import WebConfig, create_app
    from monitor.web.server import WebServer

    app = create_app(WebConfig(settings, watchlists, writable, deliver_now))
    server = WebServer(app, *settings.web_addr)
    server.start()
    return server


def _stop(scheduler: Scheduler, runtime: Runtime) -> int:
    """Finish the item in hand or leave it to be redone; never wait past Docker's 10 s."""
    scheduler.shutdown(wait=False)
    deadline = datetime.now(UTC) + timedelta(seconds=STOP_GRACE)
    while runtime.active and datetime.now(UTC) < deadline:
        threading.Event().wait(0.1)
    runtime.fetcher.close()
    runtime.extraction.close()  # a page in hand fails: its entry is redone, not stored bare
    if runtime.active:
        # Every ingest is one transaction and entries are marked seen only after it: work
        # abandoned here is redone on the next start, nothing is half-stored.
        log.warning("stopped with %d poll(s) in hand; they will be redone", runtime.active)
        logging.shutdown()
        os._exit(0)
    log.info("stopped cleanly")
    return 0


def poll_once(settings: Settings, workers: int = 8) -> tuple[list[FeedOutcome], DeliveryStats]:
    """`monitor poll`: every feed of every watchlist once, then deliver pending alerts."""
    runtime = start(settings, deliver_at_once=False)
    try:
        outcomes = runtime.poll_cycle(
            [(f, wl) for wl in runtime.watchlists for f in wl.feeds], workers
        )
        stats = runtime.deliver()
    finally:
        runtime.fetcher.close()
        runtime.extraction.close()
    return outcomes, stats
