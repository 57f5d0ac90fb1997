"""The reads and writes of the web interface and `monitor quality`: a fact's observations,
one alert with its attempts, feed health per watchlist, and user feedback. Each read is
bounded (LIMIT, indexed) so a page stays fast with 100,000 articles stored."""

from __future__ import annotations

from typing import Any

from monitor.errors import InputError, NotFound
from monitor.models import evidence_key
from monitor.store.db import Store

_OBSERVATION = (
    "SELECT o.id, o.watchlist, o.fact, o.value, o.sentence, o.observed_at, o.confidence,"
    " o.why, o.span_start, o.span_end, a.id AS article_id, a.url, a.title, a.source,"
    " a.published, a.origin, a.duplicate_of,"
    " (SELECT f.verdict FROM feedback f WHERE f.observation_id = o.id"
    "  ORDER BY f.id DESC LIMIT 1) AS verdict,"
    " (SELECT f.reason FROM feedback f WHERE f.observation_id = o.id"
    "  ORDER BY f.id DESC LIMIT 1) AS verdict_reason"
    " FROM observations o JOIN articles a ON a.id = o.article_id"
)


def observations(store: Store, watchlist: str, fact: str, limit: int = 500) -> list[dict[str, Any]]:
    """The fact's newest observations (at most `limit`), newest first."""
    return store.all(
        f"{_OBSERVATION} WHERE o.watchlist = ? AND o.fact = ? ORDER BY o.id DESC LIMIT ?",
        (watchlist, fact, limit),
    )


def observation(store: Store, observation_id: int) -> dict[str, Any] | None:
    return store.one(f"{_OBSERVATION} WHERE o.id = ?", (observation_id,))


def alert_row(store: Store, alert_id: str) -> dict[str, Any] | None:
    """One alert: its stored JSON, deliveries with every attempt, sources and feedback."""
    row = store.one(
        "SELECT id, payload, observation_id, (SELECT f.verdict FROM feedback f WHERE"
        " f.alert_id = alerts.id ORDER BY f.id DESC LIMIT 1) AS verdict FROM alerts WHERE id = ?",
        (alert_id,),
    )
    if row is None:
        return None
    deliveries = store.all(
        "SELECT * FROM deliveries WHERE alert_id = ? ORDER BY channel", (alert_id,)
    )
    for d in deliveries:
        d["attempt_log"] = store.all(
            "SELECT at, ok, status FROM delivery_attempts WHERE delivery_id = ? ORDER BY id",
            (d["id"],),
        )
    row["deliveries"] = deliveries
    row["sources"] = store.all(
        "SELECT a.url, a.title, a.source, a.published FROM alert_sources s "
        "JOIN articles a ON a.id = s.article_id WHERE s.alert_id = ? ORDER BY s.added_at",
        (alert_id,),
    )
    row["feedback"] = store.all(
        "SELECT verdict, reason, created_at FROM feedback WHERE alert_id = ? ORDER BY id",
        (alert_id,),
    )
    return row


def alert_rows(
    store: Store, limit: int = 50, offset: int = 0, watchlist: str | None = None
) -> list[dict[str, Any]]:
    """Newest alerts with their deliveries and the newest verdict on each."""
    where, params = ("WHERE watchlist = ?", (watchlist,)) if watchlist else ("", ())
    rows = store.all(
        "SELECT id, payload, (SELECT f.verdict FROM feedback f WHERE f.alert_id = alerts.id"
        " ORDER BY f.id DESC LIMIT 1) AS verdict FROM alerts "
        f"{where} ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?",
        (*params, limit, offset),
    )
    for row in rows:
        row["deliveries"] = store.all(
            "SELECT channel, state, attempts, last_status, next_attempt_at FROM deliveries "
            "WHERE alert_id = ? ORDER BY channel",
            (row["id"],),
        )
    return rows


def feed_health(store: Store) -> dict[str, dict[str, Any]]:
    """Per watchlist: feeds known, failing (an error on the last poll), newest success."""
    rows = store.all(
        "SELECT watchlist, COUNT(*) AS feeds, SUM(error_count > 0) AS failing,"
        " MAX(last_success_at) AS last_success, SUM(items_seen) AS items"
        " FROM feeds GROUP BY watchlist"
    )
    return {r["watchlist"]: r for r in rows}


def article_count(store: Store) -> int:
    row = store.one("SELECT MAX(id) AS n FROM articles")
    return int(row["n"] or 0) if row else 0


def add_feedback(
    store: Store,
    *,
    verdict: str,
    reason: str,
    at: str,
    alert_id: str | None = None,
    observation_id: int | None = None,
) -> dict[str, Any]:
    """Record a user's verdict on an alert or an observation. The evidence it rests on
    (fact, value, sentence) is keyed, so a `wrong` verdict keeps the same evidence from
    alerting again. Raises InputError for an unknown target or verdict."""
    if verdict not in {"wrong", "right"}:
        raise InputError(f"verdict must be 'wrong' or 'right', not {verdict!r}")
    with store.write():
        target: dict[str, Any] | None = None
        if alert_id is not None:
            target = store.one(
                "SELECT watchlist, fact, value, observation_id FROM alerts WHERE id = ?",
                (alert_id,),
            )
            if target is None:
                raise NotFound(f"no alert {alert_id!r}")
            observation_id = target["observation_id"]
        obs = (
            store.one(
                "SELECT watchlist, fact, value, sentence FROM observations WHERE id = ?",
                (observation_id,),
            )
            if observation_id is not None
            else None
        )
        if target is None:  # a verdict on an observation
            if obs is None:
                raise NotFound(f"no observation {observation_id!r}")
            target = obs
        key = evidence_key(obs["fact"], obs["value"], obs["sentence"]) if obs else None
        row = {
            "target": "alert" if alert_id is not None else "observation",
            "alert_id": alert_id,
            "observation_id": observation_id if alert_id is None else None,
            "watchlist": target["watchlist"],
            "fact": target["fact"],
            "value": target["value"],
            "evidence_key": key,
            "verdict": verdict,
            "reason": reason.strip()[:1000],
            "created_at": at,
        }
        row["id"] = store.insert("feedback", row)
    return row


def feedback_rows(store: Store) -> list[dict[str, Any]]:
    """Every verdict, oldest first."""
    return store.all(
        "SELECT f.id, f.target, f.alert_id, f.observation_id, f.watchlist, f.fact, f.value,"
        " f.verdict, f.reason, f.created_at FROM feedback f ORDER BY f.id"
    )


def alert_counts(store: Store) -> list[dict[str, Any]]:
    """Every fact alert with its watchlist, fact, month and newest verdict, oldest first."""
    return store.all(
        "SELECT a.watchlist, a.fact, substr(a.created_at, 1, 7) AS month, a.id,"
        " (SELECT f.verdict FROM feedback f WHERE f.alert_id = a.id ORDER BY f.id DESC"
        "  LIMIT 1) AS verdict FROM alerts a WHERE a.kind IN ('fact_changed', 'fact_new')"
        " ORDER BY a.created_at"
    )


def retry_now(store: Store, alert_id: str, at: str) -> int:
    """Every delivery of the alert that is not sent becomes pending and due at `at`
    (a failed or disabled one gets a fresh try). Returns how many."""
    with store.write():
        if store.one("SELECT 1 AS x FROM alerts WHERE id = ?", (alert_id,)) is None:
            raise NotFound(f"no alert {alert_id!r}")
        cur = store.conn.execute(
            "UPDATE deliveries SET state = 'pending', next_attempt_at = ?, updated_at = ? "
            "WHERE alert_id = ? AND state != 'sent'",
            (at, at, alert_id),
        )
    return cur.rowcount


def delivery_states(store: Store) -> dict[str, int]:
    """Deliveries per state (pending, sent, failed, disabled), for the metrics endpoint."""
    rows = store.all("SELECT state, COUNT(*) AS n FROM deliveries GROUP BY state")
    return {r["state"]: int(r["n"]) for r in rows}
