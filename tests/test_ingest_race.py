"""Decide, then apply: two workers ingesting a syndicated copy and its original at the same
moment must link them, every time (the applier re-decides under its write lock when the
other committed first)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

from monitor.ingest.decide import prepare
from monitor.ingest.pipeline import ingest
from monitor.models import Article, IngestResult
from monitor.store.db import Store

WHEN = datetime(2026, 2, 6, 8, 0, tzinfo=UTC)
ORIGINAL = (
    "Negotiators met in Geneva on Sunday to discuss a revised peace framework for Ukraine. "
    "The draft would cap the country's armed forces at 800,000 troops, up from 600,000 in "
    "the earlier version, according to two officials familiar with the talks. European "
    "delegations pressed for stronger security guarantees, and a further round is planned."
)
COPY = ORIGINAL + " (Reporting by the wire service; editing by the desk.)"


def race(db: Path) -> tuple[IngestResult, IngestResult]:
    articles = [
        Article(
            url="https://wire.example/original",
            title="Talks in Geneva",
            text=ORIGINAL,
            published=WHEN,
            source="Wire",
        ),
        Article(
            url="https://paper.example/copy",
            title="Talks in Geneva",
            text=COPY,
            published=WHEN,
            source="Paper",
        ),
    ]
    work = [prepare(a, []) for a in articles]
    stores = [Store.open(db) for _ in articles]
    results: list[IngestResult | None] = [None, None]
    start = threading.Barrier(2)

    def worker(i: int) -> None:
        start.wait()
        results[i] = ingest(stores[i], articles[i], [], origin="feed", prepared=work[i])

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    for s in stores:
        s.close()
    first, second = results
    assert first is not None and second is not None
    return first, second


def test_a_copy_and_its_original_at_once_are_always_linked(tmp_path: Path) -> None:
    unlinked = 0
    for run in range(100):
        db = tmp_path / f"race{run}.db"
        Store.open(db).close()  # migrated before the race
        race(db)
        store = Store.open(db)
        rows = store.all("SELECT id, story_id, duplicate_of FROM articles ORDER BY id")
        store.close()
        assert len(rows) == 2
        first, second = rows
        linked = first["story_id"] == second["story_id"] and second["duplicate_of"] == first["id"]
        unlinked += not linked
    assert unlinked == 0
