"""Scheduler jobs are configured so late runs are not dropped and a feed never runs twice at
once; a second service on the same database refuses to start."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from monitor.app.service import instance_lock
from monitor.errors import AlreadyRunning
from monitor.watchlists import Feed, MatchRule, Notify, Watchlist


def watchlist(*feeds: Feed) -> Watchlist:
    return Watchlist(
        name="w",
        path=Path("w.yaml"),
        description="",
        feeds=feeds,
        match=MatchRule(any=(re.compile("x"),)),
        facts=(),
        notify=Notify(),
        interval=600,
    )


def test_feed_jobs_coalesce_one_instance_with_grace() -> None:
    from monitor.app.scheduler import Scheduler

    sched = Scheduler()
    polled: list[str] = []
    wl = watchlist(Feed("https://a.example/rss", "a", 600), Feed("https://b.example/rss", "b", 60))
    sched.set_feeds([wl], lambda feed, _wl: polled.append(feed.url))
    sched.start(paused=True)  # job defaults are applied when the scheduler starts
    jobs = {j.id: j for j in sched.jobs()}
    assert set(jobs) == {"feed:w:https://a.example/rss", "feed:w:https://b.example/rss"}
    for job in jobs.values():
        assert job.coalesce is True and job.max_instances == 1
        assert job.misfire_grace_time >= 60
    assert jobs["feed:w:https://b.example/rss"].trigger.interval == timedelta(seconds=60)
    # a reload that drops a feed removes its job and keeps the other
    sched.set_feeds([watchlist(Feed("https://a.example/rss", "a", 600))], lambda f, w: None)
    assert sched.job_ids() == ["feed:w:https://a.example/rss"]
    sched.shutdown(wait=False)
    assert polled == []  # paused: nothing ran


def test_second_instance_refuses_to_start(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    with instance_lock(db):
        with pytest.raises(AlreadyRunning, match="already using"), instance_lock(db):
            pass
    with instance_lock(db):  # released: a restart is fine
        pass
