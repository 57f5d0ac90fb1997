"""Faults with the real CLI in subprocesses: kill -9 between writing an alert and delivering
it and during delivery, two `monitor poll` at once, the same article twice in one poll, and
SIGTERM to `monitor run` mid-poll followed by a restart. No alert is lost; a repeat keeps
its id."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from e2e import ROOT, Story, page, publish, service_env
from httpserver import LoopbackServer
from test_end_to_end import NEW_CAP
from test_webhook import Receiver, reply

from monitor.store.db import Store

SLOW = Story(
    "/world/slow",
    "Slow page about the Ukraine peace talks",
    ("Peace talks on Ukraine continued in Geneva on Tuesday, officials said.",),
    NEW_CAP.published,
)


def wait_for(check: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError("condition not reached in time")


def rows(db: Path, sql: str) -> list[dict]:
    if not db.exists():
        return []
    store = Store.open(db, migrate=False)
    try:
        return store.all(sql)
    except Exception:  # table not created yet
        return []
    finally:
        store.close()


@pytest.fixture
def world(tmp_path: Path) -> Iterator[dict]:
    with LoopbackServer() as site:
        hold = threading.Event()
        receiver_gate = threading.Event()
        receiver_gate.set()

        def webhook(h, n):  # noqa: ANN001 - http.server handler
            receiver_gate.wait(20)
            reply(200)(h, n)

        receiver = Receiver(webhook)
        env = {
            **os.environ,
            **service_env(
                tmp_path,
                [site.url("/feed.xml")],
                MONITOR_WEBHOOK_URL=receiver.url,
                MONITOR_POLL_INTERVAL="3600",
            ),
        }
        try:
            yield {
                "site": site,
                "receiver": receiver,
                "env": env,
                "db": tmp_path / "m.db",
                "hold": hold,
                "gate": receiver_gate,
            }
        finally:
            hold.set()
            receiver_gate.set()
            receiver.stop()


def cli(env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "monitor", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def publish_with_slow_page(world: dict) -> None:
    """The alerting story first, then a page that stalls until `hold` is set."""
    site, hold = world["site"], world["hold"]
    publish(site, [NEW_CAP, SLOW])

    def slow(handler):  # noqa: ANN001, ANN202
        hold.wait(25)
        return 200, {"Content-Type": "text/html"}, page(SLOW)

    site.routes[SLOW.path] = slow


def ids_received(world: dict) -> list[str]:
    return [h["webhook-id"] for _, h, _ in world["receiver"].requests]


def test_kill9_between_decide_and_apply(world: dict) -> None:
    """A poll prepares every new entry (page, features, facts) before it stores any, oldest
    first: killed while a later page stalls, the alerting story was decided but nothing was
    applied. Nothing is half-stored, no entry is marked seen, and the next poll stores the
    story, raises its alert once and delivers it once."""
    publish_with_slow_page(world)
    world["gate"].set()
    proc = cli(world["env"], "poll")
    wait_for(lambda: SLOW.path in world["site"].paths(), timeout=60)
    wait_for(lambda: rows(world["db"], "SELECT 1 AS x FROM feeds") != [])
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    story = f"SELECT id FROM articles WHERE url LIKE '%{NEW_CAP.path}'"
    assert rows(world["db"], story) == []
    assert rows(world["db"], "SELECT id FROM alerts") == []
    assert rows(world["db"], "SELECT identity FROM entries") == []
    world["hold"].set()
    done = cli(world["env"], "poll")
    assert done.wait(60) == 0, done.stdout.read()  # type: ignore[union-attr]
    assert len(rows(world["db"], story)) == 1
    (alert,) = rows(world["db"], "SELECT id FROM alerts")
    assert ids_received(world) == [alert["id"]]


def test_kill9_during_delivery_resends_same_id(world: dict) -> None:
    publish(world["site"], [NEW_CAP])
    world["gate"].clear()  # the receiver holds the first delivery open
    proc = cli(world["env"], "poll")
    wait_for(lambda: len(world["receiver"].requests) == 1)
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    world["gate"].set()
    # the killed worker's lease is what protects against double sends; let it run out
    store = Store.open(world["db"])
    with store.write():
        store.conn.execute("UPDATE deliveries SET next_attempt_at = '2000-01-01T00:00:00'")
    store.close()
    done = cli(world["env"], "poll")
    assert done.wait(60) == 0, done.stdout.read()  # type: ignore[union-attr]
    (alert,) = rows(world["db"], "SELECT id FROM alerts")
    assert ids_received(world) == [alert["id"], alert["id"]]  # one repeat, same id
    (delivery,) = rows(world["db"], "SELECT state FROM deliveries")
    assert delivery["state"] == "sent"


def test_two_polls_at_once(world: dict) -> None:
    publish(world["site"], [NEW_CAP])
    first, second = cli(world["env"], "poll"), cli(world["env"], "poll")
    assert first.wait(90) == 0, first.stdout.read()  # type: ignore[union-attr]
    assert second.wait(90) == 0, second.stdout.read()  # type: ignore[union-attr]
    assert len(rows(world["db"], "SELECT id FROM alerts")) == 1
    assert len(rows(world["db"], f"SELECT id FROM articles WHERE url LIKE '%{NEW_CAP.path}'")) == 1
    assert len(ids_received(world)) == 1


def test_same_article_twice_in_one_poll(world: dict) -> None:
    site = world["site"]
    publish(site, [NEW_CAP])
    link = site.url(NEW_CAP.path)
    items = "".join(
        f"<item><title>{NEW_CAP.title}</title><link>{url}</link><guid>{guid}</guid></item>"
        for guid, url in (("a", link), ("b", link + "?utm_source=twitter&utm_medium=social"))
    )
    site.routes["/feed.xml"] = (
        200,
        {"Content-Type": "application/rss+xml"},
        f"<rss version='2.0'><channel><title>t</title>{items}</channel></rss>".encode(),
    )
    done = cli(world["env"], "poll")
    assert done.wait(60) == 0, done.stdout.read()  # type: ignore[union-attr]
    assert len(rows(world["db"], f"SELECT id FROM articles WHERE url LIKE '%{NEW_CAP.path}%'")) == 1
    assert len(rows(world["db"], "SELECT id FROM alerts")) == 1
    assert len(ids_received(world)) == 1


def test_sigterm_mid_poll_then_restart(world: dict) -> None:
    publish_with_slow_page(world)
    run = cli(world["env"], "run")
    site = world["site"]
    wait_for(lambda: SLOW.path in site.paths(), timeout=60)
    started = time.monotonic()
    run.send_signal(signal.SIGTERM)
    assert run.wait(10) == 0
    assert time.monotonic() - started < 10
    log = run.stdout.read()  # type: ignore[union-attr]
    assert "SIGTERM received" in log
    world["hold"].set()
    # restart: the abandoned entry is redone, the alert delivered once, nothing lost
    again = cli(world["env"], "run")
    wait_for(lambda: len(world["receiver"].requests) >= 1, timeout=60)
    time.sleep(1)
    again.send_signal(signal.SIGTERM)
    assert again.wait(10) == 0
    (alert,) = rows(world["db"], "SELECT id FROM alerts")
    assert ids_received(world) == [alert["id"]]
    assert rows(world["db"], f"SELECT id FROM articles WHERE url LIKE '%{SLOW.path}'")


def test_sighup_reloads_watchlists(world: dict, tmp_path: Path) -> None:
    site = world["site"]
    publish(site, [NEW_CAP])
    site.routes["/second.xml"] = site.routes["/feed.xml"]
    run = cli(world["env"], "run")
    wait_for(lambda: "/feed.xml" in site.paths(), timeout=60)
    watchlists = Path(world["env"]["MONITOR_WATCHLISTS"])
    watchlist_file = watchlists / "ukraine-peace.yaml"
    text = watchlist_file.read_text()
    watchlist_file.write_text(
        text.replace("feeds:\n", f"feeds:\n- url: {site.url('/second.xml')}\n  name: second\n", 1)
    )
    run.send_signal(signal.SIGHUP)
    wait_for(lambda: "/second.xml" in site.paths(), timeout=30)
    run.send_signal(signal.SIGTERM)
    assert run.wait(10) == 0
    assert "watchlists reloaded" in run.stdout.read()  # type: ignore[union-attr]


KILL_AFTER_DECIDE = """
import os, signal, sys
from datetime import UTC, datetime
from pathlib import Path
from monitor.ingest.decide import decide, prepare
from monitor.ingest.pipeline import gather
from monitor.models import Article
from monitor.store.db import Store
from monitor.watchlists import load_all

store = Store.open(sys.argv[1])
watchlists = load_all(Path(sys.argv[2]))
article = Article(url=sys.argv[3], title=sys.argv[4], text=sys.argv[5],
                  published=datetime(2025, 12, 2, 9, 0, tzinfo=UTC), source="Harbor Ledger")
prepared = prepare(article, watchlists)
intent = decide(prepared, gather(store, prepared), watchlists, origin="feed",
                stamp="2025-12-02T09:05:00+00:00", channels=["webhook"])
print(intent.status, len(intent.observations), len(intent.alerts), flush=True)
os.kill(os.getpid(), signal.SIGKILL)
store.apply(intent)
"""


def test_kill9_after_the_decision_before_it_is_applied(tmp_path: Path) -> None:
    """The decision is made and the process dies before the applier's transaction: nothing
    of it is stored, and ingesting the article again stores it once with one alert."""
    from monitor.ingest.pipeline import ingest
    from monitor.models import Article
    from monitor.watchlists import load_all

    db, watchlists = tmp_path / "m.db", ROOT / "watchlists"
    env = {**os.environ, "MONITOR_DB": str(db), "MONITOR_WATCHLISTS": str(watchlists)}
    loaded = subprocess.run(
        [sys.executable, "-m", "monitor", "backfill", str(ROOT / "seeds")], env=env, check=True
    )
    assert loaded.returncode == 0
    before = rows(db, "SELECT id FROM articles")
    url, text = "https://ledger.example/world/plan-revised", " ".join(NEW_CAP.paragraphs)
    killed = subprocess.run(
        [sys.executable, "-c", KILL_AFTER_DECIDE, str(db), str(watchlists), url, NEW_CAP.title,
         text],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    status, observations, alerts = killed.stdout.split()
    assert status == "new" and int(observations) >= 1 and int(alerts) == 1
    assert rows(db, "SELECT id FROM articles") == before
    assert rows(db, "SELECT id FROM alerts") == []
    observed = rows(db, "SELECT DISTINCT article_id FROM observations")
    assert {r["article_id"] for r in observed} <= {r["id"] for r in before}
    store = Store.open(db)
    try:
        article = Article(url=url, title=NEW_CAP.title, text=text, published=NEW_CAP.published,
                          source="Harbor Ledger")  # fmt: skip
        result = ingest(store, article, load_all(watchlists), origin="feed", channels=["webhook"])
    finally:
        store.close()
    assert result.status == "new" and len(result.alerts) == 1
    assert len(rows(db, "SELECT id FROM articles")) == len(before) + 1
    assert len(rows(db, "SELECT id FROM alerts")) == 1
