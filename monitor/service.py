"""The long-running service and its health: first-start baseline, then the scheduler."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from monitor.settings import Settings
from monitor.store import Store, StoreError
from monitor.watchlists import load_all

log = logging.getLogger("monitor.service")


def ensure_baseline(settings: Settings, store: Store) -> None:
    """On first start with an empty database, load the seed documents (idempotent)."""
    if store.one("SELECT 1 AS x FROM articles LIMIT 1") or not settings.seeds.is_dir():
        return
    from monitor.backfill import backfill

    log.info("empty database: loading the seed baseline from %s", settings.seeds)
    report = backfill(
        store,
        [settings.seeds],
        load_all(settings.watchlists, settings.poll_interval),
        progress=False,
    )
    for line in report.lines():
        log.info("%s", line)


def run_service(settings: Settings) -> int:
    store = Store.open(settings.db)
    try:
        ensure_baseline(settings, store)
        watchlists = load_all(settings.watchlists, settings.poll_interval)
        log.info(
            "loaded %d watchlist(s): %s", len(watchlists), ", ".join(w.name for w in watchlists)
        )
    finally:
        store.close()
    return 0


def health_check(settings: Settings, now: datetime | None = None) -> tuple[bool, str]:
    """Database opens, migrations current, last poll within 3 poll intervals."""
    if not settings.db.exists():
        return False, f"database {settings.db} does not exist"
    try:
        store = Store.open(settings.db, migrate=False)
    except StoreError as exc:
        return False, str(exc)
    try:
        if not store.migrations_current:
            return False, f"schema v{store.version} is not current"
        last = store.get_meta("last_poll_finished_at")
        if last is None:
            return False, "no poll has finished yet"
        age = (now or datetime.now(UTC)) - datetime.fromisoformat(last)
        limit = timedelta(seconds=3 * settings.poll_interval)
        if age > limit:
            return False, f"last poll finished {int(age.total_seconds())} s ago (limit {limit})"
        return True, f"last poll finished {int(age.total_seconds())} s ago"
    finally:
        store.close()
