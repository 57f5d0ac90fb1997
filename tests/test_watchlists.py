"""Watchlist validation: every mistake names file, key and reason; the shipped file loads."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli import main
from monitor.errors import WatchlistError
from monitor.watchlists import load_all, load_watchlist

ROOT = Path(__file__).resolve().parents[1]

VALID = """
name: quake
feeds: [https://example.org/feed.xml]
match: {any: ['earthquake']}
facts:
  death_toll:
    kind: number
    cues: ['\\bkilled\\b', 'death toll']
"""


def write(tmp_path: Path, text: str, name: str = "w.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_watchlist_has_required_facts() -> None:
    (wl,) = load_all(ROOT / "watchlists")
    assert wl.name == "ukraine-peace"
    assert {f.id for f in wl.facts} >= {
        "troop_cap",
        "plan_points",
        "talks_date",
        "casualties",
        "territory_share",
    }
    assert wl.feeds and all(f.url.startswith("https://") for f in wl.feeds)


def test_minimal_watchlist_for_another_topic(tmp_path: Path) -> None:
    wl = load_watchlist(write(tmp_path, VALID))
    (fact,) = wl.facts
    assert (wl.name, fact.id, fact.kind, fact.window) == ("quake", "death_toll", "number", 12)
    assert wl.match.matches("A strong earthquake hit") and not wl.match.matches("A storm")


@pytest.mark.parametrize(
    ("text", "key", "reason"),
    [
        pytest.param(VALID + "colour: red\n", "colour", "unknown key", id="unknown-top-key"),
        pytest.param(
            VALID.replace("kind: number", "kind: number\n    cuez: [x]"),
            "facts.death_toll.cuez",
            "unknown key",
            id="unknown-fact-key",
        ),
        pytest.param(
            VALID.replace("'\\bkilled\\b'", "'(unclosed'"),
            "facts.death_toll.cues[0]",
            "bad regex",
            id="bad-regex",
        ),
        pytest.param(
            VALID.replace("kind: number", "kind: colour"),
            "facts.death_toll.kind",
            "expected one of",
            id="bad-kind",
        ),
        pytest.param(VALID + "interval: soon\n", "interval", "duration", id="bad-interval"),
        pytest.param(
            VALID.replace("feeds: [https://example.org/feed.xml]", "feeds: 3"),
            "feeds",
            "expected list",
            id="feeds-not-list",
        ),
        pytest.param(
            VALID.replace("https://example.org/feed.xml", "file:///etc/passwd"),
            "feeds[0].url",
            "not an http(s) URL",
            id="feed-file-scheme",
        ),
        pytest.param(
            VALID + "    range: [10, 1]\n",
            "facts.death_toll.range",
            "above max",
            id="range-inverted",
        ),
        pytest.param(
            VALID + "    window: many\n",
            "facts.death_toll.window",
            "expected int",
            id="window-type",
        ),
        pytest.param(
            VALID + "  death_toll:\n    kind: number\n    cues: [x]\n",
            "(yaml)",
            "duplicate key 'death_toll'",
            id="duplicate-fact-id",
        ),
        pytest.param(
            VALID.replace("name: quake", "description: x"), "name", "required", id="missing-name"
        ),
        pytest.param(
            "name: q\nnotify: {channels: [pigeon]}\n",
            "notify.channels[0]",
            "unknown channel",
            id="unknown-channel",
        ),
        pytest.param(
            "name: q\nfacts: {toll: {kind: number}}\n", "facts.toll.cues", "required", id="no-cues"
        ),
        pytest.param(
            "name: q\nnotify: {digest_minutes: soon}\n",
            "notify.digest_minutes",
            "expected whole minutes",
            id="digest-not-minutes",
        ),
        pytest.param(
            "name: q\nnotify: {digest_minutes: -5}\n",
            "notify.digest_minutes",
            "between 0 and 10080",
            id="digest-negative",
        ),
        pytest.param(
            "name: q\nnotify: {digest_minutes: {pigeon: 5}}\n",
            "notify.digest_minutes.pigeon",
            "unknown channel",
            id="digest-unknown-channel",
        ),
        pytest.param("name: [unclosed\n", "(yaml)", "", id="not-yaml"),
    ],
)
def test_invalid_watchlists_name_file_key_reason(
    tmp_path: Path, text: str, key: str, reason: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(WatchlistError) as err:
        load_watchlist(path)
    assert err.value.file == str(path)
    assert err.value.key == key
    assert reason in err.value.reason


def test_check_command_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    write(tmp_path, VALID)
    ok = runner.invoke(main, ["watchlists", "check"], env={"MONITOR_WATCHLISTS": str(tmp_path)})
    assert ok.exit_code == 0, ok.output
    assert "quake" in ok.output
    write(tmp_path, VALID.replace("kind: number", "kind: colour"), "bad.yaml")
    bad = runner.invoke(main, ["watchlists", "check"], env={"MONITOR_WATCHLISTS": str(tmp_path)})
    assert bad.exit_code == 1
    assert "bad.yaml: facts.death_toll.kind: expected one of" in bad.output


def test_duplicate_watchlist_names_rejected(tmp_path: Path) -> None:
    write(tmp_path, VALID, "a.yaml")
    write(tmp_path, VALID, "b.yaml")
    with pytest.raises(WatchlistError, match="duplicate watchlist name"):
        load_all(tmp_path)
