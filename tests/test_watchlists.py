"""Watchlist validation: every mistake names file, key and reason; the shipped file loads."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.app.cli import main
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


# One watchlist with a regex in every place one is used; each case below breaks one of them.
EVERY_REGEX = """
name: peace
feeds: [https://example.org/feed.xml]
match: {{any: [{match_any}], none: [{match_none}]}}
entity: {{names: [{entity}]}}
facts:
  troop_cap:
    kind: number
    cues: [{cues}]
    subject: [{subject}]
    exclude: [{exclude}]
    units: [{units}]
    reject_units: [{reject_units}]
"""

GOOD_REGEXES: dict[str, list[str]] = {
    "match_any": ["(?:^|\\s)foo", "peace", "\\bcease\\b.*\\bfire\\b"],
    "match_none": ["^strong", "(?m)^sport$"],
    "entity": ["Ukraine", "\\bKyiv\\b"],
    "cues": ["\\bcap(?:ped)?\\b", "limit", "(?:^|\\s)ceiling"],
    "subject": ["troops?", "army$"],
    "exclude": ["^\\s*refugees", "per[ -]cent"],
    "units": ["troops?", "^points?$", "per\\s*cent"],
    "reject_units": ["refugees?", "troops? (?:cap|limit)", "per\\s+cent"],
}


def every_regex(**patterns: list[str]) -> str:
    values = {**GOOD_REGEXES, **patterns}
    quoted = {k: ", ".join("'" + p.replace("'", "''") + "'" for p in v) for k, v in values.items()}
    return EVERY_REGEX.format(**quoted)


ONE_WORD = "units are tested against one word; this pattern needs a space and can never match"


@pytest.mark.parametrize(
    ("patterns", "key", "reason"),
    [
        pytest.param(
            {"units": ["troops", "troops cap"]},
            "facts.troop_cap.units[1]",
            ONE_WORD,
            id="units-space",
        ),
        pytest.param(
            {"units": ["per\\s+cent"]}, "facts.troop_cap.units[0]", ONE_WORD, id="units-whitespace"
        ),
        pytest.param(
            {"units": ["troops?\\scap|troops?\\slimit"]},
            "facts.troop_cap.units[0]",
            ONE_WORD,
            id="units-space-in-every-branch",
        ),
        pytest.param(
            {"cues": ["cap", "a^b"]},
            "facts.troop_cap.cues[1]",
            "^ comes after text that must match first",
            id="caret-after-text",
        ),
        pytest.param(
            {"subject": ["troops? (^army)"]},
            "facts.troop_cap.subject[0]",
            "^ comes after text that must match first",
            id="caret-in-group-after-text",
        ),
        pytest.param(
            {"exclude": ["war\\Ab"]},
            "facts.troop_cap.exclude[0]",
            "\\A comes after text that must match first",
            id="string-start-after-text",
        ),
        pytest.param(
            {"match_any": ["x$y"]},
            "match.any[0]",
            "$ comes before text that must still match",
            id="dollar-before-text",
        ),
        pytest.param(
            {"reject_units": ["troops$ cap"]},
            "facts.troop_cap.reject_units[0]",
            "$ comes before text that must still match",
            id="dollar-before-text-reject-units",
        ),
        pytest.param(
            {"cues": [""]},
            "facts.troop_cap.cues[0]",
            "matches the empty string",
            id="empty-cue",
        ),
        pytest.param(
            {"units": ["troops", "^$"]},
            "facts.troop_cap.units[1]",
            "matches the empty string",
            id="empty-units",
        ),
        pytest.param(
            {"reject_units": ["(?:)"]},
            "facts.troop_cap.reject_units[0]",
            "matches the empty string",
            id="empty-reject-units",
        ),
        pytest.param(
            {"subject": ["^"]},
            "facts.troop_cap.subject[0]",
            "matches the empty string",
            id="empty-subject",
        ),
        pytest.param(
            {"exclude": ["\\b"]},
            "facts.troop_cap.exclude[0]",
            "matches the empty string",
            id="empty-exclude",
        ),
        pytest.param(
            {"match_none": ["sport", "(?:)?"]},
            "match.none[1]",
            "matches the empty string",
            id="empty-match-none",
        ),
        pytest.param(
            {"entity": ["Ukraine", "^$"]},
            "entity.names[1]",
            "matches the empty string",
            id="empty-entity-name",
        ),
    ],
)
def test_regexes_that_can_never_match_rejected(
    tmp_path: Path, patterns: dict[str, list[str]], key: str, reason: str
) -> None:
    path = write(tmp_path, every_regex(**patterns))
    with pytest.raises(WatchlistError) as err:
        load_watchlist(path)
    assert (err.value.file, err.value.key) == (str(path), key)
    assert reason in err.value.reason
    assert str(err.value).startswith(f"{path}: {key}: ")
    (bad_list,) = patterns.values()
    bad = bad_list[int(key.rsplit("[", 1)[1].rstrip("]"))]
    assert f"(regex {bad!r})" in err.value.reason


def test_regexes_that_can_match_where_used_load(tmp_path: Path) -> None:
    wl = load_watchlist(write(tmp_path, every_regex()))
    (fact,) = wl.facts
    assert [p.pattern for p in fact.units] == GOOD_REGEXES["units"]
    assert [p.pattern for p in fact.reject_units] == GOOD_REGEXES["reject_units"]
    assert [p.pattern for p in wl.match.any] == GOOD_REGEXES["match_any"]
    assert wl.match.matches("peace talks") and wl.match.matches("foo at the start")
    assert fact.units[1].search("points") and not fact.units[1].search("checkpoints")
    assert fact.reject_units[1].match("troops cap agreed")


@pytest.mark.parametrize(
    ("pattern", "what"),
    [("(?=.*\\bcease\\b)(?=.*\\bfire\\b)", "lookaround"), ("(talks) \\1", "backreference")],
)
def test_patterns_needing_backtracking_are_refused_with_the_reason(
    tmp_path: Path, pattern: str, what: str
) -> None:
    """Issue 13: watchlist patterns run on RE2 (linear time); what RE2 cannot run is refused
    at load, naming the key, instead of hanging a poll."""
    path = write(tmp_path, every_regex(match_any=[pattern]))
    with pytest.raises(WatchlistError) as err:
        load_watchlist(path)
    assert err.value.key == "match.any[0]"
    assert "RE2" in err.value.reason and "linear time" in err.value.reason


def test_a_catastrophic_pattern_runs_in_linear_time(tmp_path: Path) -> None:
    """`(a+)+$` took a poll down and made `monitor run` ignore SIGTERM; on RE2 it answers
    at once (the text is 200,000 characters; time is not asserted, the answer is)."""
    path = write(tmp_path, every_regex(match_any=["(a+)+$"]))
    wl = load_watchlist(path)
    assert wl.match.matches("a" * 200_000 + "b") is False
    assert wl.match.matches("xx aaaa") is True


def test_check_reports_every_error_of_a_file_in_one_run(tmp_path: Path) -> None:
    """Issue 13: `watchlists check` stopped at a file's first error; a user fixed one, ran it
    again, and met the next. Every section is checked and every error named, a line each."""
    (tmp_path / "w.yaml").write_text(
        "name: w\n"
        "interval: 99999d\n"
        "match: {any: ['(unclosed']}\n"
        "feeds: [{url: 'ftp://x.example/rss'}]\n"
        "facts:\n"
        "  cap: {label: Cap, kind: number, cues: ['(?=x)y']}\n"
        "  ok: {label: Ok, kind: number, cues: ['cap']}\n"
        "  date: {label: D, kind: nonsense, cues: ['x']}\n"
        "notify: {channels: [pigeon]}\n"
    )
    with pytest.raises(WatchlistError) as err:
        load_watchlist(tmp_path / "w.yaml")
    keys = [e.key for e in err.value.others]
    assert keys[0] == "interval" and "match.any[0]" in keys
    assert any(k.startswith("facts.cap") for k in keys)
    assert any(k.startswith("facts.date") for k in keys)
    assert any(k.startswith("feeds") for k in keys) and any(k.startswith("notify") for k in keys)
    done = CliRunner().invoke(
        main, ["watchlists", "check"], env={"MONITOR_WATCHLISTS": str(tmp_path)}
    )
    assert done.exit_code == 1
    lines = [line for line in done.output.splitlines() if line.startswith("error: ")]
    assert len(lines) == len(keys) >= 6


def test_check_shows_what_a_label_makes_monitor_read(tmp_path: Path) -> None:
    """Some readings follow from a fact's label and range (an extreme, a change, a zero):
    `watchlists check` says so, a line each, so nothing the label implies is a surprise."""
    write(
        tmp_path,
        """
name: heat
feeds: []
facts:
  peak:
    label: Highest temperature of the heatwave (C)
    kind: number
    cues: ['\\bhottest\\b']
  change:
    label: Percentage rise or fall in admissions
    kind: percent
    cues: ['\\brose\\b']
  hurt:
    label: People hurt
    kind: number
    cues: ['\\bhurt\\b']
    range: [0, 1000]
  level:
    label: Reservoir level
    kind: percent
    cues: ['\\blevel\\b']
  term:
    label: Longest prison term the law allows (years), its cap
    kind: number
    cues: ['\\bprison\\b']
  deficit:
    label: Projected budget deficit
    kind: number
    cues: ['\\bdeficit\\b']
  satellites:
    label: Satellites on board
    kind: number
    cues: ['\\bsatellites?\\b']
  allowance:
    label: Daily water allowance per person (litres)
    kind: number
    cues: ['\\ballowed\\b']
  demand:
    label: Union pay demand
    kind: percent
    cues: ['\\bpay\\b']
""",
    )
    out = CliRunner().invoke(
        main, ["watchlists", "check"], env={"MONITOR_WATCHLISTS": str(tmp_path)}
    )
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert "  peak: the highest so far: a lower value never alerts" in lines
    assert any(line.startswith("  change: a change:") for line in lines)
    assert '  hurt: range starts at 0: "no one was hurt" is 0' in lines
    assert any(line.startswith("  hurt: a count:") for line in lines)
    assert any(line.startswith("  term: a ceiling:") for line in lines)
    assert any(line.startswith("  deficit: a forecast:") for line in lines)
    assert any(line.startswith("  satellites: a count:") for line in lines)  # its cue's plural
    assert any(line.startswith("  allowance: a figure for each one:") for line in lines)
    assert any(line.startswith("  demand: what is asked for:") for line in lines)
    assert not any(line.startswith("  level:") for line in lines)  # a plain level: nothing


OTHERS = """
name: timber
match: {any: [norland, kestria]}
entity: {names: ['Norland'], others: [%s]}
facts:
  rate: {kind: percent, cues: ['\\bduty\\b'], entity: {names: ['Norland mills'], others: %s}}
"""


def test_entity_others_load_for_the_watchlist_and_each_fact(tmp_path: Path) -> None:
    """`entity.others`: the story's other parties; a fact's own entity brings its own."""
    wl = load_watchlist(
        write(tmp_path, OTHERS % ("'Kestria', '\\bKestrian state\\b'", "[Lenhavia]"))
    )
    (fact,) = wl.facts
    assert [p.pattern for p in fact.entity] == ["Norland mills"]
    assert [p.pattern for p in fact.others] == ["Lenhavia"]
    wl = load_watchlist(
        write(
            tmp_path,
            OTHERS.replace(", entity: {names: ['Norland mills'], others: %s}", "") % "'Kestria'",
        )
    )
    assert [p.pattern for p in wl.facts[0].others] == ["Kestria"]
    assert [p.pattern for p in wl.entity] == ["Norland"]


@pytest.mark.parametrize(
    ("others", "key", "reason"),
    [
        ("'Norland'", "entity.others", "'Norland' is also one of the names"),
        ("'(Kestria'", "entity.others[0]", "bad regex"),
        ("''", "entity.others[0]", "matches the empty string"),
    ],
    ids=["same-as-a-name", "bad-regex", "empty"],
)
def test_entity_others_refused_with_the_reason(
    tmp_path: Path, others: str, key: str, reason: str
) -> None:
    path = write(tmp_path, OTHERS % (others, "[Lenhavia]"))
    with pytest.raises(WatchlistError) as err:
        load_watchlist(path)
    assert (err.value.key, reason in err.value.reason) == (key, True), str(err.value)
