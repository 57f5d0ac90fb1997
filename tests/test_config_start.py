"""Configuration is refused at start, with the variable's name and the reason (issue 13):
no job runs on a bad setting, `--help` works whatever the environment, and a bad duration
anywhere is a clear error, never an overflow."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from e2e import ROOT

from monitor.errors import ConfigError, StoreError, WatchlistError
from monitor.settings import MAX_DURATION, load, parse_duration
from monitor.store.db import Store
from monitor.watchlists import load_watchlist

CHANNELS = {
    "MONITOR_WEBHOOK_URL": "http://127.0.0.1:9/hook",
    "MONITOR_SMTP_URL": "smtp://127.0.0.1:2525",
    "MONITOR_EMAIL_FROM": "monitor@example.org",
    "MONITOR_EMAIL_TO": "analyst@example.org",
}
BAD = [
    ("MONITOR_SMTP_URL", "smtp://user:secret@127.0.0.1:2525", "encrypted connection"),
    ("MONITOR_WEBHOOK_SECRET", "whsec_!!!", "empty"),
    ("MONITOR_SMTP_URL", "smtp://127.0.0.1:99999", "out of range"),
    ("MONITOR_SMTP_URL", "smtp://127.0.0.1:2525?bogus=1", "unknown option"),
    ("MONITOR_EMAIL_TO", "not-an-address", "address"),
    ("MONITOR_LOG_LEVEL", "verbose", "expected one of"),
    ("MONITOR_POLL_INTERVAL", "abc", "expected seconds"),
    ("MONITOR_POLL_INTERVAL", "1e20", "expected seconds"),
    ("MONITOR_POLL_INTERVAL", "99999999999d", "30 days"),
    ("MONITOR_WEB_ADDR", "8080", "host:port"),
    ("MONITOR_WEB_PASSWORD", "short", "8 characters"),
]


def monitor(env: dict[str, str], *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "monitor", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.mark.parametrize(("name", "value", "reason"), BAD, ids=[f"{n}={v}" for n, v, _ in BAD])
def test_run_refuses_a_bad_setting_before_any_job(
    tmp_path: Path, name: str, value: str, reason: str
) -> None:
    env = {
        **CHANNELS,
        "MONITOR_DB": str(tmp_path / "m.db"),
        "MONITOR_WATCHLISTS": str(ROOT / "watchlists"),
        "MONITOR_SEEDS": str(tmp_path / "no-seeds"),
        name: value,
    }
    done = monitor(env, "run")
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.startswith(f"error: {name}") and reason in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert "secret" not in done.stderr or name == "MONITOR_WEBHOOK_SECRET"  # no password shown
    assert not (tmp_path / "m.db").exists()  # refused before anything was opened
    helped = monitor(env, "feeds", "--help")
    assert helped.returncode == 0 and "Usage:" in helped.stdout


def test_run_refuses_a_web_address_in_use(tmp_path: Path) -> None:
    """The web interface's port taken by another program: the service says so and exits 2
    before its scheduler starts a job, instead of polling without its interface."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {
            "MONITOR_DB": str(tmp_path / "m.db"),
            "MONITOR_WATCHLISTS": str(ROOT / "watchlists"),
            "MONITOR_SEEDS": str(tmp_path / "no-seeds"),
            "MONITOR_WEB_ADDR": f"127.0.0.1:{port}",
        }
        done = monitor(env, "run")
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"error: MONITOR_WEB_ADDR: cannot serve on 127.0.0.1:{port}" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


@pytest.mark.parametrize("path", ["/dev/null", "/sys/kernel/monitor.db", "/proc/self"])
def test_an_unusable_database_path_is_a_clear_error(path: str) -> None:
    with pytest.raises(StoreError, match="cannot open database"):
        Store.open(path)
    done = monitor({"MONITOR_DB": path, "MONITOR_WATCHLISTS": str(ROOT / "watchlists")}, "feeds")
    assert done.returncode == 1 and "cannot open database" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("value", "seconds"),
    [(900, 900), ("900", 900), ("90s", 90), ("15m", 900), ("6h", 21600), ("1d", 86400),
     ("30d", MAX_DURATION)],
)  # fmt: skip
def test_durations(value: object, seconds: int) -> None:
    assert parse_duration(value) == seconds


@pytest.mark.parametrize(
    "value", [0, -5, "0m", "31d", "3000000000d", "1e20", "abc", "", "15 minutes", True, 2.5]
)
def test_bad_durations(value: object) -> None:
    with pytest.raises(ValueError):
        parse_duration(value)


def test_the_environment_takes_the_watchlists_duration_syntax() -> None:
    assert load({"MONITOR_POLL_INTERVAL": "15m"}).poll_interval == 900
    with pytest.raises(ConfigError, match="MONITOR_POLL_INTERVAL"):
        load({"MONITOR_POLL_INTERVAL": "1e20"})


def test_a_watchlist_interval_out_of_range_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(
        "name: w\nmatch: {any: ['x']}\ninterval: 3000000000d\n"
        "feeds: [{url: 'https://e.org/rss', interval: 10m}]\n"
    )
    with pytest.raises(WatchlistError, match="interval: must be between 1 s and 30 days"):
        load_watchlist(path)
    done = monitor({"MONITOR_WATCHLISTS": str(tmp_path)}, "watchlists", "check")
    assert done.returncode == 1 and "30 days" in done.stderr
