"""The outbox worker: sends due deliveries to their channels, records every attempt, and
decides retry, give-up or disable. A crash mid-send leaves the delivery leased, not lost:
after the lease it is sent again under the same alert id (receivers drop the repeat)."""

from __future__ import annotations

import json
import logging
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from monitor.alerts.channel import MAX_ATTEMPTS, Channel, DeliveryResult, retry_delay
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

    def __str__(self) -> str:
        return f"{self.sent} sent, {self.retrying} to retry, {self.failed} failed"


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _claim(store: Store, row: dict[str, Any], now: datetime) -> bool:
    """Lease one due delivery (compare-and-set), so two workers never send it together."""
    with store.write():
        cur = store.conn.execute(
            "UPDATE deliveries SET next_attempt_at = ?, updated_at = ? "
            "WHERE id = ? AND state = 'pending' AND next_attempt_at = ?",
            (_iso(now + LEASE), _iso(now), row["id"], row["next_attempt_at"]),
        )
        return cur.rowcount == 1


def deliver_pending(
    store: Store,
    channels: Mapping[str, Channel],
    *,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    rng: random.Random | None = None,
    limit: int = 100,
) -> DeliveryStats:
    """Send every due delivery once; one failing channel never blocks another."""
    rng = rng or random.Random()
    stats = DeliveryStats()
    due = store.all(
        "SELECT d.*, a.payload, a.created_at AS alert_created FROM deliveries d "
        "JOIN alerts a ON a.id = d.alert_id WHERE d.state = 'pending' "
        "AND d.next_attempt_at <= ? ORDER BY d.next_attempt_at LIMIT ?",
        (_iso(now()), limit),
    )
    batched: set[int] = set()
    for row in due:
        channel = channels.get(row["channel"])
        moment = now()
        if channel is None:
            continue  # configured when the alert was made, not now: keep it for later
        if row["digest_minutes"]:
            if row["id"] not in batched:
                _send_digest(store, row["channel"], channel, moment, now, rng, stats, batched)
            continue
        if moment - datetime.fromisoformat(row["alert_created"]) > MAX_AGE:
            _record(store, row, EXPIRED, moment, rng)
            stats.failed += 1
            continue
        if not _claim(store, row, moment):
            continue
        alert = json.loads(row["payload"])
        try:
            result = channel.send(alert, attempt=row["attempts"] + 1)
        except Exception as exc:  # a sender bug must not stop the other deliveries
            log.exception("channel %s raised on alert %s", row["channel"], row["alert_id"])
            result = DeliveryResult.retry(f"error: {type(exc).__name__}: {exc}")
        state = _record(store, row, result, now(), rng)
        if state == "sent":
            stats.sent += 1
        elif state == "pending":
            stats.retrying += 1
        else:
            stats.failed += 1
    return stats


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
    rows = store.all(
        "SELECT d.*, a.payload, a.created_at AS alert_created FROM deliveries d "
        "JOIN alerts a ON a.id = d.alert_id WHERE d.channel = ? AND d.state = 'pending' "
        "AND d.digest_minutes > 0 AND NOT (COALESCE(d.last_status, '') = ? "
        "AND d.next_attempt_at > ?) "
        "ORDER BY a.created_at, d.id",
        (name, SENDING, _iso(moment)),
    )
    batched.update(r["id"] for r in rows)
    batch = []
    for row in rows:
        if moment - datetime.fromisoformat(row["alert_created"]) > MAX_AGE:
            _record(store, row, EXPIRED, moment, rng)
            stats.failed += 1
        else:
            batch.append(row)
    batch = _claim_all(store, batch, moment)
    if not batch:
        return
    alerts = [json.loads(r["payload"]) for r in batch]
    attempt = max(r["attempts"] for r in batch) + 1
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
        state = _record(store, row, result, now(), rng)
        if state == "sent":
            stats.sent += 1
        elif state == "pending":
            stats.retrying += 1
        else:
            stats.failed += 1


def _claim_all(store: Store, rows: list[dict[str, Any]], now: datetime) -> list[dict[str, Any]]:
    """Lease a digest's rows (compare-and-set each); marked as being sent, so that another
    worker does not take a row whose window is still open for a batch of its own."""
    claimed = []
    with store.write():
        for row in rows:
            cur = store.conn.execute(
                "UPDATE deliveries SET next_attempt_at = ?, updated_at = ?, last_status = ? "
                "WHERE id = ? AND state = 'pending' AND next_attempt_at = ?",
                (_iso(now + LEASE), _iso(now), SENDING, row["id"], row["next_attempt_at"]),
            )
            if cur.rowcount == 1:
                claimed.append(row)
    return claimed


def _record(
    store: Store, row: dict[str, Any], result: DeliveryResult, moment: datetime, rng: random.Random
) -> str:
    attempts = row["attempts"] + 1
    if result.ok:
        state, next_at = "sent", moment
    elif result.disable:
        state, next_at = "disabled", moment
    elif result.permanent or attempts >= MAX_ATTEMPTS:
        state, next_at = "failed", moment
    else:
        delay = result.retry_after if result.retry_after is not None else retry_delay(attempts, rng)
        state, next_at = "pending", moment + timedelta(seconds=delay)
    with store.write():
        store.conn.execute(
            "UPDATE deliveries SET state = ?, attempts = ?, next_attempt_at = ?, "
            "last_status = ?, updated_at = ? WHERE id = ?",
            (state, attempts, _iso(next_at), result.status, _iso(moment), row["id"]),
        )
        store.insert(
            "delivery_attempts",
            {
                "delivery_id": row["id"],
                "at": _iso(moment),
                "ok": int(result.ok),
                "status": result.status,
                "error": None if result.ok else result.status,
            },
        )
        if result.disable:
            # 410 Gone: the receiver asked never to be called again; stop its other alerts.
            store.conn.execute(
                "UPDATE deliveries SET state = 'disabled', updated_at = ? "
                "WHERE channel = ? AND state = 'pending'",
                (_iso(moment), row["channel"]),
            )
    level = logging.INFO if result.ok else logging.WARNING
    log.log(
        level,
        "delivery %s via %s: %s (attempt %d) -> %s",
        row["alert_id"],
        row["channel"],
        result.status,
        attempts,
        state,
    )
    return state
