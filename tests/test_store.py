"""The store: migrations, connection policy, concurrent writers."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from monitor.errors import StoreError
from monitor.store.db import Store
from monitor.store.schema import MIGRATIONS


def test_open_migrates_and_sets_pragmas(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "sub" / "m.db")
    assert store.version == len(MIGRATIONS) and store.migrations_current
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    store.close()
    again = Store.open(tmp_path / "sub" / "m.db")  # re-opening applies nothing twice
    assert again.version == len(MIGRATIONS)
    again.close()


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    sqlite3.connect(path).execute(f"PRAGMA user_version={len(MIGRATIONS) + 5}")
    with pytest.raises(StoreError, match="newer"):
        Store.open(path)


@pytest.mark.parametrize("attempt", range(20))  # the race is narrow: run it many times
def test_many_openers_of_a_fresh_file_migrate_it_once(tmp_path: Path, attempt: int) -> None:
    # two `monitor poll` started together by cron on an empty volume: both see v0, and
    # the loser must find the schema there rather than fail on "table already exists";
    # both switch the fresh file to WAL, which SQLite refuses at once ("locked") to one
    path, start = tmp_path / "fresh.db", threading.Barrier(6)
    errors: list[BaseException] = []

    def opener() -> None:
        start.wait()
        try:
            Store.open(path).close()
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=opener) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    store = Store.open(path)
    assert store.version == len(MIGRATIONS)
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = [r["name"] for r in store.all("SELECT name FROM sqlite_master WHERE name='feeds'")]
    assert tables == ["feeds"]
    store.close()


def test_failed_write_rolls_back(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "m.db")
    with pytest.raises(RuntimeError), store.write():
        store.conn.execute("INSERT INTO meta (key, value) VALUES ('a', '1')")
        raise RuntimeError("boom")
    assert store.get_meta("a") is None
    store.set_meta("a", "2")
    assert store.get_meta("a") == "2"


def synchronous(store: Store) -> int:
    return int(store.conn.execute("PRAGMA synchronous").fetchone()[0])  # 1 NORMAL, 2 FULL


def test_bookkeeping_commits_skip_the_fsync_and_the_outbox_keeps_it(tmp_path: Path) -> None:
    """Feed state, seen entries and meta commit with synchronous=NORMAL (a power cut may roll
    them back: the next poll redoes them); every other write, the outbox among them, FULL."""
    store = Store.open(tmp_path / "m.db")
    assert synchronous(store) == 2
    with store.write():
        assert synchronous(store) == 2
    with store.write(durable=False):
        assert synchronous(store) == 1
        with store.write():  # nested: the outer transaction decides
            assert synchronous(store) == 1
    assert synchronous(store) == 2
    with pytest.raises(RuntimeError), store.write(durable=False):
        raise RuntimeError("boom")
    assert synchronous(store) == 2  # restored after a rollback too

    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    store.feed_state("https://example.org/feed", "w")
    store.update_feed("https://example.org/feed", etag='"x"')
    store.mark_entry("https://example.org/feed", "guid-1", None, "2025-12-03T09:00:00")
    store.set_meta("last_poll_finished_at", "2025-12-03T09:00:00")
    assert statements.count("PRAGMA synchronous=NORMAL") == statements.count("BEGIN IMMEDIATE")
    assert statements.count("BEGIN IMMEDIATE") == 4
    assert store.feed_state("https://example.org/feed", "w").etag == '"x"'
    assert store.seen_entry("https://example.org/feed", "guid-1")
    store.close()


def test_concurrent_writers_wait_instead_of_failing(tmp_path: Path) -> None:
    """BEGIN IMMEDIATE + busy_timeout: many writers on one file all succeed."""
    path = tmp_path / "m.db"
    Store.open(path).close()
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        store = Store.open(path)
        try:
            for i in range(30):
                with store.write():
                    count = store.one("SELECT COUNT(*) AS n FROM meta")["n"]  # type: ignore[index]
                    store.conn.execute(
                        "INSERT INTO meta (key, value) VALUES (?, ?)", (f"{n}-{i}", str(count))
                    )
        except BaseException as exc:  # collected, asserted below
            errors.append(exc)
        finally:
            store.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    store = Store.open(path)
    assert store.one("SELECT COUNT(*) AS n FROM meta") == {"n": 120}


def test_fts_search_finds_articles(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "m.db")
    with store.write():
        story = store.new_story("t")
        store.insert_article(
            {
                "url": "https://e.org/a",
                "title": "Ceiling on troops",
                "text": "The plan caps the army.",
                "fetched_at": "x",
                "origin": "feed",
                "content_hash": "h",
                "story_id": story,
            },
            [],
        )
    (hit,) = store.search("army")
    assert hit["url"] == "https://e.org/a"
