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
