"""CLI commands a user runs by hand: notify test, baseline accept, search, feeds, alerts."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from smtpserver import smtp_server
from test_webhook import Receiver, reply

from monitor.app.cli import main

ROOT = Path(__file__).resolve().parents[1]


def env_for(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        "MONITOR_DB": str(tmp_path / "m.db"),
        "MONITOR_WATCHLISTS": str(ROOT / "watchlists"),
        **extra,
    }


def test_notify_test_reports_each_channel(tmp_path: Path) -> None:
    receiver = Receiver(reply(200))
    try:
        with smtp_server() as (smtp, port):
            env = env_for(
                tmp_path,
                MONITOR_WEBHOOK_URL=receiver.url,
                MONITOR_SMTP_URL=f"smtp://127.0.0.1:{port}",
                MONITOR_EMAIL_FROM="m@example.org",
                MONITOR_EMAIL_TO="a@example.org",
            )
            result = CliRunner().invoke(main, ["notify", "test"], env=env)
            assert result.exit_code == 0, result.output
            assert f"webhook:{receiver.url}: ok" in result.output
            assert "email: ok" in result.output
            assert len(smtp.handler.messages) == 1 and len(receiver.requests) == 1
    finally:
        receiver.stop()


def test_notify_test_fails_loudly(tmp_path: Path) -> None:
    none = CliRunner().invoke(main, ["notify", "test"], env=env_for(tmp_path))
    assert none.exit_code == 1 and "no channel configured" in none.output
    down = CliRunner().invoke(
        main,
        ["notify", "test"],
        env=env_for(tmp_path, MONITOR_WEBHOOK_URL="http://127.0.0.1:9/hook"),
    )
    assert down.exit_code == 1 and "FAILED" in down.output


def test_baseline_accept_moves_baseline_and_keeps_history(tmp_path: Path) -> None:
    runner = CliRunner()
    env = env_for(tmp_path)
    assert runner.invoke(main, ["backfill", str(ROOT / "seeds")], env=env).exit_code == 0
    moved = runner.invoke(main, ["baseline", "accept", "troop_cap", "800,000"], env=env)
    assert moved.exit_code == 0, moved.output
    facts = {
        f["fact"]: f for f in json.loads(runner.invoke(main, ["facts", "--json"], env=env).output)
    }
    assert [v["value"] for v in facts["troop_cap"]["baseline"]] == [800000]
    history = facts["troop_cap"]["history"]
    assert [h["value"] for h in history] == ["600000", "800000"]
    assert history[0]["retired_at"] and history[1]["retired_at"] is None
    bad = runner.invoke(main, ["baseline", "accept", "troop_cap", "lots"], env=env)
    assert bad.exit_code == 1 and "not a valid number" in bad.output
    unknown = runner.invoke(main, ["baseline", "accept", "colour", "1"], env=env)
    assert unknown.exit_code == 1 and "no watchlist tracks" in unknown.output


def test_search_feeds_alerts(tmp_path: Path) -> None:
    runner = CliRunner()
    env = env_for(tmp_path)
    runner.invoke(main, ["backfill", str(ROOT / "seeds")], env=env)
    found = runner.invoke(main, ["search", "Kyrgyzstan"], env=env)
    assert found.exit_code == 0 and "Bishkek" in found.output
    bad = runner.invoke(main, ["search", '"unbalanced'], env=env)
    assert bad.exit_code == 1 and "bad search query" in bad.output
    feeds = runner.invoke(main, ["feeds"], env=env)
    assert feeds.exit_code == 0 and "never polled" in feeds.output
    assert runner.invoke(main, ["alerts"], env=env).output.strip() == "no alerts yet"
    text = runner.invoke(main, ["facts"], env=env).output
    assert "troop_cap" in text and "baseline 600,000" in text  # formatted (issue 13)
    assert "+1 more" in text and "territory_share" in text and "baseline 20%, 19%" in text


def test_readable_output(tmp_path: Path) -> None:
    """Issue 13: `monitor feeds` names each feed; `baseline accept -w nosuch` says there is
    no such watchlist instead of that no watchlist tracks the fact."""
    env = {"MONITOR_DB": str(tmp_path / "m.db"), "MONITOR_WATCHLISTS": str(ROOT / "watchlists")}
    runner = CliRunner()
    shown = runner.invoke(main, ["feeds"], env=env)
    assert shown.exit_code == 0, shown.output
    from monitor.watchlists import load_all

    (wl,) = load_all(ROOT / "watchlists")
    assert all(f"{f.name}: {f.url}" in shown.output for f in wl.feeds)
    wrong = runner.invoke(
        main, ["baseline", "accept", "troop_cap", "800000", "-w", "nosuch"], env=env
    )
    assert wrong.exit_code == 1
    assert "no watchlist named 'nosuch' (known: ukraine-peace)" in wrong.output


def test_help_imports_no_heavy_library() -> None:
    """Issue 13: `monitor --help` took 1.23 s, 0.74 s of it datasketch importing scipy. The
    command line loads the database, parser and MinHash libraries only when a command needs
    them (the time itself is measured in the README with farm-bench, not asserted here)."""
    import subprocess
    import sys

    probe = (
        "import sys, runpy; sys.argv = ['monitor', '--help']\n"
        "try:\n    runpy.run_module('monitor', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "heavy = ('datasketch', 'scipy', 'spacy', 'sqlite_utils', 'trafilatura', 'numpy')\n"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout + done.stderr


def test_facts_quote_the_sentence_around_the_value() -> None:
    from monitor.app.reports import _around

    long = "Officials said many things. " * 8 + "The cap is 800,000 troops now. " + "More. " * 30
    quote = _around(long, 800000)
    assert "800,000" in quote and quote.startswith("…") and len(quote) <= 162
    assert _around("Short sentence with 600,000 in it.", 600000) == (
        "Short sentence with 600,000 in it."
    )
