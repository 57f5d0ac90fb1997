"""The outbox worker: sends due deliveries to their channels, records every attempt, and
decides retry, give-up or disable. A crash mid-send leaves the delivery leased, not lost:
after the lease it is sent again under the same alert id (receivers drop the repeat)."""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from monitor import metrics
from monitor.alerts.channel import MAX_ATTEMPTS, Channel, DeliveryResult, retry_delay
from monitor.models import Alert, Delivery
from monitor.store.db import Store

log = logging.getLogger("monitor.alerts.delivery")

LEASE = timedelta(minutes=2)  # a send that has not reported back by then is retried
MAX_AGE = timedelta(days=2)  # an alert older than this is not delivered any more
SENDING = "sending"  # last_status of a digest row leased by a worker
EXPIRED = DeliveryResult.fail("expired: alert older than max age")


@dataclass
class DeliveryStats:
    sent: int = 0
    retrying: int = 0
    failed: int = 0

    def add(self, other: DeliveryStats) -> None:
        self.sent += other.sent
        self.retrying += other.retrying
        self.failed += other.failed

    def count(self, state: str) -> None:
        if state == "sent":
            self.sent += 1
        elif state == "pending":
            self.retrying += 1
        else:
            self.failed += 1

    def __str__(self) -> str:
        return f"{self.sent} sent, {self.retrying} to retry, {self.failed} failed"


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def deliver_pending(
    store: Store,
    channels: Mapping[str, Channel],
    *,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    rng: random.Random | None = None,
    limit: int = 100,
) -> DeliveryStats:
    """Send every due delivery once. Channels are served at the same time, each by its own
    thread and database connection, so a slow receiver delays only its own deliveries (an
    attempt is bounded by its channel's deadline); within a channel, oldest due first."""
    rng = rng or random.Random()
    by_channel: dict[str, list[Delivery]] = {}
    for due in store.due_deliveries(_iso(now()), limit):
        if due.channel in channels:  # else: configured when the alert was made, not now
            by_channel.setdefault(due.channel, []).append(due)
    stats = DeliveryStats()
    path = store.path
    if len(by_channel) < 2 or path is None or str(path) == ":memory:":
        for name, rows in by_channel.items():
            stats.add(_deliver_channel(store, name, channels[name], rows, now, rng))
        return stats

    def serve(name: str) -> DeliveryStats:
        own = Store.open(path, migrate=False)
        try:
            return _deliver_channel(own, name, channels[name], by_channel[name], now, rng)
        finally:
            own.close()

    with ThreadPoolExecutor(len(by_channel), thread_name_prefix="deliver") as pool:
        for result in pool.map(serve, list(by_channel)):
            stats.add(result)
    return stats


def _deliver_channel(
    store: Store,
    name: str,
    channel: Channel,
    rows: list[Delivery],
    now: Callable[[], datetime],
    rng: random.Random,
) -> DeliveryStats:
    """One channel's due deliveries, in order."""
    stats = DeliveryStats()
    batched: set[int] = set()
    for due in rows:
        moment = now()
        if due.digest_minutes:
            if due.id not in batched:
                _send_digest(store, name, channel, moment, now, rng, stats, batched)
            continue
        alert = _alert(due)
        if _expired(alert, moment):
            stats.count(_record(store, due, EXPIRED, moment, rng))
            continue
        if not store.lease([due], _iso(moment + LEASE), _iso(moment)):
            continue
        try:
            result = channel.send(alert.to_json(), attempt=due.attempts + 1)
        except Exception as exc:  # a sender bug must not stop the other deliveries
            log.exception("channel %s raised on alert %s", due.channel, due.alert_id)
            result = DeliveryResult.retry(f"error: {type(exc).__name__}: {exc}")
        stats.count(_record(store, due, result, now(), rng))
    return stats


def _alert(delivery: Delivery) -> Alert:
    assert delivery.alert is not None, "deliveries are read with their alert"
    return delivery.alert


def _expired(alert: Alert, moment: datetime) -> bool:
    return moment - datetime.fromisoformat(alert.created_at) > MAX_AGE


def _send_digest(
    store: Store,
    name: str,
    channel: Channel,
    moment: datetime,
    now: Callable[[], datetime],
    rng: random.Random,
    stats: DeliveryStats,
    batched: set[int],
) -> None:
    """One due digest delivery sends every pending digest delivery of its channel (the ones
    whose window is still open too) as one message; each row records the attempt."""
    rows = store.digest_deliveries(name, SENDING, _iso(moment))
    batched.update(r.id for r in rows)
    batch = []
    for row in rows:
        if _expired(_alert(row), moment):
            stats.count(_record(store, row, EXPIRED, moment, rng))
        else:
            batch.append(row)
    # marked as being sent, so that another worker does not take a row whose window is
    # still open for a batch of its own
    batch = store.lease(batch, _iso(moment + LEASE), _iso(moment), SENDING)
    if not batch:
        return
    alerts = [_alert(r).to_json() for r in batch]
    attempt = max(r.attempts for r in batch) + 1
    try:
        if len(alerts) == 1:
            result = channel.send(alerts[0], attempt=attempt)
        else:
            result = channel.send_digest(alerts, attempt=attempt)
    except Exception as exc:  # a sender bug must not stop the other deliveries
        log.exception("channel %s raised on a digest of %d alerts", name, len(alerts))
        result = DeliveryResult.retry(f"error: {type(exc).__name__}: {exc}")
    log.info("digest of %d alerts via %s: %s", len(alerts), name, result.status)
    for row in batch:
        stats.count(_record(store, row, result, now(), rng))


def next_state(
    attempts: int, result: DeliveryResult, moment: datetime, rng: random.Random
) -> tuple[str, datetime]:
    """After attempt number `attempts`: sent, disabled (410), failed (permanent, or out of
    attempts), or pending again after the peer's Retry-After or the backoff schedule."""
    if result.ok:
        return "sent", moment
    if result.disable:
        return "disabled", moment
    if result.permanent or attempts >= MAX_ATTEMPTS:
        return "failed", moment
    delay = result.retry_after if result.retry_after is not None else retry_delay(attempts, rng)
    return "pending", moment + timedelta(seconds=delay)


def _record(
    store: Store, row: Delivery, result: DeliveryResult, moment: datetime, rng: random.Random
) -> str:
    attempts = row.attempts + 1
    state, next_at = next_state(attempts, result, moment, rng)
    store.record_attempt(
        row, state, _iso(next_at), result.status, result.ok, _iso(moment), result.disable
    )
    metrics.count_delivery(row.channel, result.ok)
    level = logging.INFO if result.ok else logging.WARNING
    log.log(
        level,
        "delivery %s via %s: %s (attempt %d) -> %s",
        row.alert_id,
        row.channel,
        result.status,
        attempts,
        state,
    )
    return state
