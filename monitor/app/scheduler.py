"""The only module that imports APScheduler: one job per feed on its watchlist's interval
(with jitter, coalesced, one instance at a time, generous misfire grace), plus the outbox
delivery job and the watchlist-reload check."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_MAX_INSTANCES, JobExecutionEvent
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from monitor.watchlists import Feed, Watchlist

log = logging.getLogger("monitor.app.scheduler")
# APScheduler announces every job it adds ("Adding job tentatively", nine lines at start);
# what it says at WARNING and above (a missed run, a job that raised) still shows
logging.getLogger("apscheduler").setLevel(logging.WARNING)

DELIVERY_EVERY = 15  # seconds between outbox sweeps
RELOAD_EVERY = 30  # seconds between watchlist file checks


def feed_job_id(watchlist: Watchlist, feed: Feed) -> str:
    return f"feed:{watchlist.name}:{feed.url}"


class Scheduler:
    def __init__(self, workers: int = 4) -> None:
        self._sched = BackgroundScheduler(
            executors={"default": ThreadPoolExecutor(workers)},
            # The 1 s default grace silently drops a late run; coalesce makes it one catch-up.
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 300},
            timezone=UTC,
        )
        self._sched.add_listener(self._on_event, EVENT_JOB_ERROR | EVENT_JOB_MAX_INSTANCES)

    @staticmethod
    def _on_event(event: JobExecutionEvent) -> None:
        if event.code == EVENT_JOB_MAX_INSTANCES:
            log.warning("job %s still running: this run skipped", event.job_id)
        elif event.exception is not None:
            log.error("job %s raised: %r", event.job_id, event.exception)

    def set_feeds(
        self,
        watchlists: Sequence[Watchlist],
        poll: Callable[[Feed, Watchlist], object],
        *,
        caught_up: bool = False,
    ) -> None:
        """(Re)schedule one job per feed; jobs of feeds no longer listed are removed.
        `caught_up`: a catch-up cycle polls every feed now (`once`), so each feed's own job
        first runs one interval later."""
        wanted: dict[str, tuple[Feed, Watchlist]] = {
            feed_job_id(wl, f): (f, wl) for wl in watchlists for f in wl.feeds
        }
        for job in self._sched.get_jobs():
            if job.id.startswith("feed:") and job.id not in wanted:
                job.remove()
        start = datetime.now(UTC)
        for n, (job_id, (feed, wl)) in enumerate(sorted(wanted.items())):
            existing = self._sched.get_job(job_id)
            if existing and existing.trigger.interval == timedelta(seconds=feed.interval):
                continue
            self._sched.add_job(
                poll,
                IntervalTrigger(seconds=feed.interval, jitter=min(60, feed.interval // 10)),
                args=(feed, wl),
                id=job_id,
                name=f"poll {feed.url}",
                replace_existing=True,
                misfire_grace_time=max(60, feed.interval // 2),
                # stagger first polls so a restart does not hit every host at once
                next_run_time=start
                + timedelta(seconds=min(n, 30) + (feed.interval if caught_up else 0)),
            )

    def every(self, seconds: int, func: Callable[[], object], job_id: str) -> None:
        self._sched.add_job(
            func,
            IntervalTrigger(seconds=seconds),
            id=job_id,
            replace_existing=True,
            next_run_time=datetime.now(UTC),
        )

    def once(self, func: Callable[[], object], job_id: str) -> None:
        """Run `func` once, now, on the scheduler's workers."""
        self._sched.add_job(func, id=job_id, replace_existing=True, next_run_time=datetime.now(UTC))

    def start(self, paused: bool = False) -> None:
        self._sched.start(paused=paused)

    def shutdown(self, wait: bool) -> None:
        if self._sched.running:
            self._sched.shutdown(wait=wait)

    def jobs(self) -> list[Any]:
        return list(self._sched.get_jobs())

    def job_ids(self) -> list[str]:
        return sorted(job.id for job in self._sched.get_jobs())
