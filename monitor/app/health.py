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


# a feed failing this many polls in a row counts as down
FAILING_POLLS = 3
# a pending delivery this far past its retry time means the outbox is not being worked
OVERDUE = timedelta(minutes=10)


def degraded(errors_in_a_row: list[int], overdue: int, failing_share: float) -> str | None:
    """Why the service is degraded, if it is: at least `failing_share` of the feeds (all,
    by default) failing FAILING_POLLS polls in a row, or deliveries left past their retry
    time. Pure."""
    failing = sum(1 for n in errors_in_a_row if n >= FAILING_POLLS)
    if errors_in_a_row and failing and failing >= failing_share * len(errors_in_a_row):
        return (
            f"{failing} of {len(errors_in_a_row)} feeds failing ({FAILING_POLLS}+ polls in a"
            " row; see monitor feeds)"
        )
    if overdue:
        return f"{overdue} deliveries more than {int(OVERDUE.total_seconds() // 60)} min past due"
    return None


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
        moment = now or datetime.now(UTC)
        problem = degraded(
            [f.error_count for f in store.feeds()],
            store.overdue_deliveries((moment - OVERDUE).isoformat(timespec="seconds")),
            settings.health_failing_share,
        )
        if problem:
            return False, f"degraded: {problem}"
        return True, f"last poll finished {int(age.total_seconds())} s ago"
    finally:
        store.close()
