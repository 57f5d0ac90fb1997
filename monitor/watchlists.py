"""Loads and validates watchlist YAML files into typed objects; any mistake fails loudly
with the file, the key and the reason (unknown keys, bad regexes, wrong types, duplicates)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from monitor.errors import WatchlistError
from monitor.models import FactSpec

TOP_KEYS = {"name", "description", "feeds", "interval", "match", "facts", "notify"}
FEED_KEYS = {"url", "name", "interval"}
MATCH_KEYS = {"any", "all", "none"}
NOTIFY_KEYS = {"channels", "story_matched", "digest_minutes"}
FACT_KEYS = {
    "label",
    "kind",
    "cues",
    "subject",
    "exclude",
    "units",
    "reject_units",
    "range",
    "window",
    "tolerance",
    "date_window_days",
    "min_sources",
}
FACT_KINDS = ("number", "percent", "date")
CHANNELS = ("webhook", "email")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_DURATION = re.compile(r"^(\d+)\s*([smhd]?)$")


@dataclass(frozen=True)
class Feed:
    url: str
    name: str
    interval: int


@dataclass(frozen=True)
class MatchRule:
    """A story is on topic when it matches every `all`, at least one `any`, and no `none`."""

    any: tuple[re.Pattern[str], ...] = ()
    all: tuple[re.Pattern[str], ...] = ()
    none: tuple[re.Pattern[str], ...] = ()

    def matches(self, text: str) -> bool:
        if any(p.search(text) for p in self.none):
            return False
        if not all(p.search(text) for p in self.all):
            return False
        return not self.any or any(p.search(text) for p in self.any)


@dataclass(frozen=True)
class Notify:
    channels: tuple[str, ...] = CHANNELS
    story_matched: bool = False
    # channel kind -> digest window in minutes; 0 or absent: each alert is sent at once
    digest_minutes: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Watchlist:
    name: str
    path: Path
    description: str
    feeds: tuple[Feed, ...]
    match: MatchRule
    facts: tuple[FactSpec, ...]
    notify: Notify
    interval: int


# libyaml's parser when PyYAML was built with it: ~10x faster, and a watchlist may list
# a thousand feeds, reloaded at every `monitor poll` and on every change.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _UniqueKeyLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """PyYAML keeps the last of two equal keys silently; a duplicate fact id must fail."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class _Checker:
    """Typed reads from the parsed YAML, each failure naming file and dotted key."""

    def __init__(self, file: Path) -> None:
        self.file = str(file)

    def fail(self, key: str, reason: str) -> WatchlistError:
        return WatchlistError(self.file, key, reason)

    def mapping(self, value: Any, key: str, allowed: set[str]) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.fail(key, f"expected a mapping, got {type(value).__name__}")
        unknown = sorted(set(map(str, value)) - allowed)
        if unknown:
            raise self.fail(
                f"{key}.{unknown[0]}" if key else unknown[0],
                f"unknown key (allowed: {', '.join(sorted(allowed))})",
            )
        return value

    def typed(self, value: Any, key: str, kind: type | tuple[type, ...]) -> Any:
        if isinstance(value, bool) and kind in (int, float, (int, float)):
            raise self.fail(key, f"expected a number, got {value!r}")
        if not isinstance(value, kind):
            names = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
            raise self.fail(key, f"expected {names}, got {type(value).__name__} {value!r}")
        return value

    def regexes(self, value: Any, key: str) -> tuple[re.Pattern[str], ...]:
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        self.typed(value, key, list)
        out = []
        for i, pattern in enumerate(value):
            self.typed(pattern, f"{key}[{i}]", str)
            try:
                out.append(re.compile(pattern, re.IGNORECASE))
            except re.error as exc:
                raise self.fail(f"{key}[{i}]", f"bad regex {pattern!r}: {exc}") from None
        return tuple(out)

    def duration(self, value: Any, key: str) -> int:
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value
        match = _DURATION.match(str(value).strip()) if isinstance(value, str) else None
        if not match or int(match.group(1)) <= 0:
            raise self.fail(key, f"expected seconds or a duration like 15m, got {value!r}")
        return int(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[match.group(2)]


def load_watchlist(path: Path, default_interval: int = 900) -> Watchlist:
    """Parse and validate one watchlist file."""
    check = _Checker(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)
    except (OSError, UnicodeDecodeError) as exc:
        raise check.fail("(file)", f"cannot read: {exc}") from None
    except yaml.YAMLError as exc:
        raise check.fail("(yaml)", str(exc).replace("\n", " ")) from None
    data = check.mapping(data, "", TOP_KEYS)
    if "name" not in data:
        raise check.fail("name", "required")
    name = check.typed(data["name"], "name", str)
    if not _ID.match(name.replace("-", "_")):
        raise check.fail("name", "use lower-case letters, digits, - and _")
    interval = check.duration(data.get("interval", default_interval), "interval")
    return Watchlist(
        name=name,
        path=path,
        description=check.typed(data.get("description", ""), "description", str),
        feeds=_feeds(check, data.get("feeds") or [], interval),
        match=_match(check, data.get("match")),
        facts=_facts(check, data.get("facts")),
        notify=_notify(check, data.get("notify")),
        interval=interval,
    )


def _feeds(check: _Checker, value: Any, interval: int) -> tuple[Feed, ...]:
    check.typed(value, "feeds", list)
    feeds: list[Feed] = []
    seen: set[str] = set()
    for i, item in enumerate(value):
        key = f"feeds[{i}]"
        if isinstance(item, str):
            item = {"url": item}
        item = check.mapping(item, key, FEED_KEYS)
        url = check.typed(item.get("url"), f"{key}.url", str)
        if not re.match(r"^https?://[^/\s]+", url):
            raise check.fail(f"{key}.url", f"not an http(s) URL: {url!r}")
        if url in seen:
            raise check.fail(f"{key}.url", f"duplicate feed {url}")
        seen.add(url)
        feeds.append(
            Feed(
                url=url,
                name=str(item.get("name") or url),
                interval=check.duration(item.get("interval", interval), f"{key}.interval"),
            )
        )
    return tuple(feeds)


def _match(check: _Checker, value: Any) -> MatchRule:
    data = check.mapping(value, "match", MATCH_KEYS)
    return MatchRule(**{k: check.regexes(data.get(k), f"match.{k}") for k in MATCH_KEYS})


def _notify(check: _Checker, value: Any) -> Notify:
    data = check.mapping(value, "notify", NOTIFY_KEYS)
    channels = data.get("channels", list(CHANNELS))
    check.typed(channels, "notify.channels", list)
    for i, channel in enumerate(channels):
        if channel not in CHANNELS:
            raise check.fail(
                f"notify.channels[{i}]",
                f"unknown channel {channel!r} (known: {', '.join(CHANNELS)})",
            )
    return Notify(
        channels=tuple(channels),
        story_matched=check.typed(data.get("story_matched", False), "notify.story_matched", bool),
        digest_minutes=_digest(check, data.get("digest_minutes", 0)),
    )


def _digest(check: _Checker, value: Any) -> dict[str, int]:
    """`digest_minutes: 60` (every channel) or `{email: 60, webhook: 0}` (per channel)."""
    where = "notify.digest_minutes"
    if isinstance(value, dict):
        windows = {}
        for kind, minutes in value.items():
            if kind not in CHANNELS:
                raise check.fail(
                    f"{where}.{kind}", f"unknown channel {kind!r} (known: {', '.join(CHANNELS)})"
                )
            windows[kind] = _minutes(check, minutes, f"{where}.{kind}")
        return windows
    minutes = _minutes(check, value, where)
    return dict.fromkeys(CHANNELS, minutes)


def _minutes(check: _Checker, value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise check.fail(where, f"expected whole minutes, got {value!r}")
    if not 0 <= value <= 7 * 24 * 60:
        raise check.fail(where, f"must be between 0 and 10080 minutes (a week), got {value}")
    return value


def _facts(check: _Checker, value: Any) -> tuple[FactSpec, ...]:
    data = check.typed(value if value is not None else {}, "facts", dict)
    return tuple(_fact(check, str(fid), spec) for fid, spec in data.items())


def _fact(check: _Checker, fid: str, value: Any) -> FactSpec:
    key = f"facts.{fid}"
    if not _ID.match(fid):
        raise check.fail(key, "fact ids are lower_snake_case")
    data = check.mapping(value, key, FACT_KEYS)
    kind = data.get("kind")
    if kind not in FACT_KINDS:
        raise check.fail(f"{key}.kind", f"expected one of {', '.join(FACT_KINDS)}, got {kind!r}")
    cues = check.regexes(data.get("cues"), f"{key}.cues")
    if not cues:
        raise check.fail(f"{key}.cues", "at least one cue regex is required")
    low, high = _range(check, data.get("range"), f"{key}.range")

    def number(k: str, default: Any, kind: type | tuple[type, ...]) -> Any:
        return check.typed(data.get(k, default), f"{key}.{k}", kind)

    return FactSpec(
        id=fid,
        label=check.typed(data.get("label", fid), f"{key}.label", str),
        kind=kind,
        cues=cues,
        subject=check.regexes(data.get("subject"), f"{key}.subject"),
        exclude=check.regexes(data.get("exclude"), f"{key}.exclude"),
        units=check.regexes(data.get("units"), f"{key}.units"),
        reject_units=check.regexes(data.get("reject_units"), f"{key}.reject_units"),
        minimum=low,
        maximum=high,
        window=number("window", 12, int),
        tolerance=float(number("tolerance", 0.0, (int, float))),
        date_window_days=number("date_window_days", 0, int),
        min_sources=number("min_sources", 1, int),
    )


def _range(check: _Checker, value: Any, key: str) -> tuple[float | None, float | None]:
    if value is None:
        return None, None
    if not isinstance(value, list) or len(value) != 2:
        raise check.fail(key, f"expected [min, max], got {value!r}")
    low, high = (check.typed(v, f"{key}[{i}]", (int, float)) for i, v in enumerate(value))
    if low > high:
        raise check.fail(key, f"min {low} is above max {high}")
    return float(low), float(high)


def load_all(directory: Path, default_interval: int = 900) -> list[Watchlist]:
    """Every *.yaml / *.yml in `directory`, sorted; duplicate names are an error."""
    if not directory.is_dir():
        raise WatchlistError(str(directory), "(directory)", "not a directory")
    watchlists: list[Watchlist] = []
    for path in sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")]):
        wl = load_watchlist(path, default_interval)
        if any(w.name == wl.name for w in watchlists):
            raise WatchlistError(str(path), "name", f"duplicate watchlist name {wl.name!r}")
        watchlists.append(wl)
    return watchlists
