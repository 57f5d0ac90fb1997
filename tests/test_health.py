"""`monitor health`: the database opens, migrations are current, the last poll is recent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner

from monitor.app.cli import main
from monitor.app.health import health_check
from monitor.settings import load
from monitor.store.db import Store

ROOT = Path(__file__).resolve().parents[1]


def settings_for(tmp_path: Path):  # type: ignore[no-untyped-def]
    return load(
        {"MONITOR_DB": str(tmp_path / "m.db"), "MONITOR_WATCHLISTS": str(ROOT / "watchlists")}
    )


def test_missing_database_is_unhealthy(tmp_path: Path) -> None:
    ok, reason = health_check(settings_for(tmp_path))
    assert not ok and "does not exist" in reason


def test_no_poll_yet_then_recent_then_stale(tmp_path: Path) -> None:
    s = settings_for(tmp_path)
    store = Store.open(s.db)
    ok, reason = health_check(s)
    assert not ok and "no poll" in reason
    now = datetime.now(UTC)
    store.set_meta("last_poll_finished_at", now.isoformat())
    assert health_check(s, now + timedelta(minutes=5))[0]
    ok, reason = health_check(s, now + timedelta(days=1))
    assert not ok and "limit" in reason
    store.close()


def test_outdated_schema_is_unhealthy(tmp_path: Path) -> None:
    s = settings_for(tmp_path)
    store = Store.open(s.db)
    store.conn.execute("PRAGMA user_version=0")
    store.close()
    ok, reason = health_check(s)
    assert not ok and "not current" in reason


def test_cli_exit_codes(tmp_path: Path) -> None:
    env = {"MONITOR_DB": str(tmp_path / "m.db"), "MONITOR_WATCHLISTS": str(ROOT / "watchlists")}
    result = CliRunner().invoke(main, ["health"], env=env)
    assert result.exit_code == 1 and "unhealthy" in result.output
    store = Store.open(tmp_path / "m.db")
    store.set_meta("last_poll_finished_at", datetime.now(UTC).isoformat())
    store.close()
    result = CliRunner().invoke(main, ["health"], env=env)
    assert result.exit_code == 0, result.output


def test_degraded_rule() -> None:
    from monitor.app.health import degraded

    assert degraded([0, 0, 5], 0, 1.0) is None  # one feed of three down: not all
    assert "3 of 3 feeds failing" in (degraded([3, 4, 9], 0, 1.0) or "")
    assert "1 of 3 feeds failing" in (degraded([0, 0, 3], 0, 0.3) or "")
    assert degraded([], 0, 1.0) is None and degraded([2, 2], 0, 1.0) is None
    assert "2 deliveries" in (degraded([0], 2, 1.0) or "")


def test_health_is_degraded_when_every_feed_fails_or_the_outbox_is_stuck(
    tmp_path: Path,
) -> None:
    """Issue 13: `monitor health` said "ok" while every feed failed."""
    s = settings_for(tmp_path)
    store = Store.open(s.db)
    now = datetime.now(UTC)
    store.set_meta("last_poll_finished_at", now.isoformat())
    for url in ("https://a.example/rss", "https://b.example/rss"):
        store.feed_state(url, "w")
        store.update_feed(url, error_count=4, last_error="HTTP 500")
    ok, reason = health_check(s, now)
    assert not ok and "degraded: 2 of 2 feeds failing" in reason
    store.update_feed("https://a.example/rss", error_count=0)
    assert health_check(s, now)[0]
    from test_webhook import ALERT

    from monitor.models import Alert

    past = (now - timedelta(hours=1)).isoformat(timespec="seconds")
    with store.write():
        store.insert_alert(Alert.from_json(ALERT), None, ["email"], past)
    store.close()
    ok, reason = health_check(s, now)
    assert not ok and "1 deliveries more than 10 min past due" in reason
