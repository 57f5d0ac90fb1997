"""`monitor health`: the database opens, migrations are current, the last poll is recent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from monitor.errors import MonitorError, StoreError
from monitor.settings import Settings
from monitor.store.db import Store
from monitor.watchlists import load_all


def _poll_interval(settings: Settings) -> int:
    """The longest feed interval in use: a slow feed must not make the service 'unhealthy'."""
    try:
        watchlists = load_all(settings.watchlists, settings.poll_interval)
    except MonitorError:
        return settings.poll_interval
    intervals = [f.interval for w in watchlists for f in w.feeds]
    return max(intervals, default=settings.poll_interval)


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
        limit = timedelta(seconds=3 * _poll_interval(settings))
        if age > limit:
            return False, f"last poll finished {int(age.total_seconds())} s ago (limit {limit})"
        return True, f"last poll finished {int(age.total_seconds())} s ago"
    finally:
        store.close()
