"""Loads and validates watchlist YAML files into typed objects; any mistake fails loudly
with the file, the key and the reason (unknown keys, bad regexes, regexes that can never
match where they are used, wrong types, duplicates)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar, cast

import re2
import yaml

from monitor.errors import WatchlistError
from monitor.models import FactSpec
from monitor.settings import parse_duration

try:  # Python 3.11+: the parser the `re` module itself uses
    from re import _parser as _sre  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10 and older
    import sre_parse as _sre  # type: ignore[no-redef]

TOP_KEYS = {
    "name", "description", "feeds", "interval", "match", "facts", "notify", "entity",
    "min_confidence",
}  # fmt: skip
ENTITY_KEYS = {"names", "others"}
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
    "entity",
    "min_confidence",
    "when",
}
WHEN = ("upcoming", "past", "any")
# Words in a date fact's id or label that say it is about a coming event.
_UPCOMING = re.compile(
    r"\b(?:next|upcoming|scheduled|planned|announced|due|coming|future)\b", re.IGNORECASE
)
FACT_KINDS = ("number", "percent", "date")
CHANNELS = ("webhook", "email", "apprise")
T = TypeVar("T")

# watchlist patterns: at most this long, and RE2's memory for one bounded
MAX_PATTERN = 2000
_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.max_mem = 8 << 20
_RE2_OPTIONS.log_errors = False  # the reason goes into the WatchlistError instead
_RE2_OPTIONS.case_sensitive = False
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


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
    # names of what the watchlist tracks: facts are read from any article naming it
    entity: tuple[re.Pattern[str], ...] = ()


# an entity's names and the other parties of its story (`entity: {names, others}`)
_Entity = tuple[tuple[re.Pattern[str], ...], tuple[re.Pattern[str], ...]]

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

# Where a pattern is tested: "text" is a headline, a sentence or the words after a number
# (`reject_units`); "word" is the one word after a number (`units`).
PatternUse = Literal["text", "word"]

_Item = tuple[Any, Any]  # one (opcode, argument) of a pattern parsed by re._parser
_REPEATS = {_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", _sre.MAX_REPEAT)}
_ATOMIC = getattr(_sre, "ATOMIC_GROUP", None)
_ANCHORS = {
    _sre.AT_BEGINNING: "^",
    _sre.AT_BEGINNING_STRING: "\\A",
    _sre.AT_END: "$",
    _sre.AT_END_STRING: "\\Z",
}
_NO_NEWLINE_CATEGORIES = {_sre.CATEGORY_DIGIT, _sre.CATEGORY_WORD, _sre.CATEGORY_NOT_SPACE}


def _never_matches(pattern: str, use: PatternUse) -> str | None:
    """Why a valid `pattern` can never match usefully where it is used, or None."""
    parsed = _sre.parse(pattern, re.IGNORECASE)
    if parsed.getwidth()[1] == 0 and not _has_lookaround(parsed):
        return "matches the empty string"
    if use == "word" and _needs_space(parsed):
        return "units are tested against one word; this pattern needs a space and can never match"
    return _dead_anchor(parsed)


def _dead_anchor(parsed: Any) -> str | None:
    """`^` after, or `$` before, something that must consume a character: 'a^b', 'x$y'."""
    items = list(_flatten(parsed))
    multiline = bool(parsed.state.flags & re.MULTILINE)
    for i, (op, av) in enumerate(items):
        if op is not _sre.AT or av not in _ANCHORS:
            continue
        if _starts(av, multiline) and _min_width(parsed.state, items[:i]) > 0:
            return f"{_ANCHORS[av]} comes after text that must match first, so it can never match"
        if _ends(av, multiline) and _consumes_past_end(parsed.state, av, items[i + 1 :]):
            return f"{_ANCHORS[av]} comes before text that must still match, so it can never match"
    return None


def _starts(anchor: Any, multiline: bool) -> bool:
    return anchor is _sre.AT_BEGINNING_STRING or (anchor is _sre.AT_BEGINNING and not multiline)


def _ends(anchor: Any, multiline: bool) -> bool:
    return anchor is _sre.AT_END_STRING or (anchor is _sre.AT_END and not multiline)


def _consumes_past_end(state: Any, anchor: Any, rest: list[_Item]) -> bool:
    """Whether `rest` must consume what the end anchor cannot have after it. `$` may still
    be followed by the text's final newline ('x$\\n' matches "x\\n"); `\\Z` by nothing."""
    width = _min_width(state, rest)
    if anchor is _sre.AT_END_STRING or width != 1:
        return width > 0
    return not _may_be_newline(state, rest)


def _may_be_newline(state: Any, items: Iterable[_Item]) -> bool:
    """Whether the one character `items` must consume can be "\\n"; True when unsure."""
    op, av = next(item for item in items if _min_width(state, [item]) > 0)
    if op is _sre.LITERAL:
        return bool(av == 10)
    if op is _sre.NOT_LITERAL:
        return bool(av != 10)
    if op is _sre.ANY:
        return bool(state.flags & re.DOTALL)
    if op is _sre.IN:
        return any(_member_may_be_newline(m_op, m_av) for m_op, m_av in av)
    if op in _REPEATS:
        return _may_be_newline(state, av[2])
    if op is _sre.SUBPATTERN and not (av[1] or av[2]):
        return _may_be_newline(state, av[3])
    return True


def _member_may_be_newline(op: Any, av: Any) -> bool:
    if op is _sre.LITERAL:
        return bool(av == 10)
    if op is _sre.RANGE:
        return bool(av[0] <= 10 <= av[1])
    return op is _sre.NEGATE or (op is _sre.CATEGORY and av not in _NO_NEWLINE_CATEGORIES)


def _needs_space(items: Iterable[_Item]) -> bool:
    """Whether the sequence must consume a character that can only be whitespace."""
    return any(_item_needs_space(op, av) for op, av in items)


def _item_needs_space(op: Any, av: Any) -> bool:
    if op is _sre.LITERAL:
        return chr(av).isspace()
    if op is _sre.IN:
        return bool(av) and all(_member_is_space(m_op, m_av) for m_op, m_av in av)
    if op in _REPEATS:
        return bool(av[0] >= 1) and _needs_space(av[2])
    if op is _sre.SUBPATTERN:
        return _needs_space(av[3])
    if op is _ATOMIC:
        return _needs_space(av)
    if op is _sre.BRANCH:
        return all(_needs_space(branch) for branch in av[1])
    return False


def _member_is_space(op: Any, av: Any) -> bool:
    if op is _sre.LITERAL:
        return chr(av).isspace()
    return op is _sre.CATEGORY and av is _sre.CATEGORY_SPACE


def _has_lookaround(items: Iterable[_Item]) -> bool:
    """Lookarounds make a zero-width pattern a real test: '(?=.*a)(?=.*b)'."""
    return any(op in (_sre.ASSERT, _sre.ASSERT_NOT) for op, _ in _walk(items))


def _walk(items: Iterable[_Item]) -> Iterator[_Item]:
    """Every item of a parsed pattern, nested ones included."""
    for op, av in items:
        yield op, av
        for child in _children(op, av):
            yield from _walk(child)


def _children(op: Any, av: Any) -> list[Any]:
    if op is _sre.BRANCH:
        return list(av[1])
    if op is _sre.SUBPATTERN:
        return [av[3]]
    if op in _REPEATS:
        return [av[2]]
    if op in (_sre.ASSERT, _sre.ASSERT_NOT):
        return [av[1]]
    if op is _ATOMIC:
        return [av]
    if op is _sre.GROUPREF_EXISTS:
        return [branch for branch in av[1:] if branch is not None]
    return []


def _flatten(items: Iterable[_Item]) -> Iterator[_Item]:
    """The pattern's top-level sequence, with plain groups '(...)' opened up."""
    for op, av in items:
        if op is _sre.SUBPATTERN and not (av[1] or av[2]):
            yield from _flatten(av[3])
        else:
            yield op, av


def _min_width(state: Any, items: list[_Item]) -> int:
    return int(_sre.SubPattern(state, items).getwidth()[0])


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

    def regexes(
        self, value: Any, key: str, use: PatternUse = "text"
    ) -> tuple[re.Pattern[str], ...]:
        """A regex or a list of them; `use` says what they are tested against."""
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        self.typed(value, key, list)
        out = []
        for i, pattern in enumerate(value):
            self.typed(pattern, f"{key}[{i}]", str)
            out.append(self.regex(pattern, f"{key}[{i}]", use))
        return tuple(out)

    def regex(self, pattern: str, key: str, use: PatternUse) -> re.Pattern[str]:
        """A watchlist pattern, compiled by RE2 (google-re2), case-insensitive. RE2 runs in
        time linear in the text, so a pattern like `(a+)+$` cannot hang a poll; the price is
        no backreferences and no lookaround, which are refused here with the reason."""
        try:
            re.compile(pattern, re.IGNORECASE)  # the never-matches analysis reads Python's parse
        except re.error as exc:
            raise self.fail(key, f"bad regex {pattern!r}: {exc}") from None
        if len(pattern) > MAX_PATTERN:
            raise self.fail(key, f"regex of {len(pattern)} characters, over {MAX_PATTERN}")
        try:
            compiled = re2.compile(pattern, _RE2_OPTIONS)
        except re2.error as exc:
            raise self.fail(
                key,
                f"regex {pattern!r} is not supported ({exc}): watchlist patterns run on RE2,"
                " which guarantees linear time, so backreferences and lookaround are not"
                " available",
            ) from None
        problem = _never_matches(pattern, use)
        if problem:
            raise self.fail(key, f"{problem} (regex {pattern!r})")
        return cast(re.Pattern[str], compiled)

    def duration(self, value: Any, key: str) -> int:
        try:
            return parse_duration(value)
        except ValueError as exc:
            raise self.fail(key, str(exc)) from None


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
    # every section is checked even when an earlier one failed, so one run of `watchlists
    # check` names every error of the file
    errors: list[WatchlistError] = []

    def part(read: Callable[[], T], fallback: T) -> T:
        try:
            return read()
        except WatchlistError as exc:
            errors.extend(exc.others or [exc])
            return fallback

    interval = part(
        lambda: check.duration(data.get("interval", default_interval), "interval"),
        default_interval,
    )
    no_names: _Entity = ((), ())
    entity = part(lambda: _entity(check, data.get("entity"), "entity"), no_names)
    min_confidence = part(
        lambda: _confidence(check, data.get("min_confidence", 0.0), "min_confidence"), 0.0
    )
    match = part(lambda: _match(check, data.get("match")), MatchRule())
    story = (*match.all, *match.any)
    watchlist = Watchlist(
        name=name,
        path=path,
        description=part(lambda: check.typed(data.get("description", ""), "description", str), ""),
        feeds=part(lambda: _feeds(check, data.get("feeds") or [], interval), ()),
        match=match,
        facts=_facts(check, data.get("facts"), (entity, story), min_confidence, part),
        entity=entity[0],
        notify=part(lambda: _notify(check, data.get("notify")), Notify()),
        interval=interval,
    )
    if errors:
        raise WatchlistError.several(errors)
    return watchlist


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


def _entity(check: _Checker, value: Any, key: str) -> _Entity:
    """`entity: {names: [...], others: [...]}`: the names and aliases (regexes) of what is
    tracked, and of the other parties the story follows (the other side of a dispute, a
    rival bidder) whose figures are never ours."""
    if value is None:
        return (), ()
    data = check.mapping(value, key, ENTITY_KEYS)
    names = check.regexes(data.get("names"), f"{key}.names")
    if not names:
        raise check.fail(f"{key}.names", "at least one name is required")
    others = check.regexes(data.get("others"), f"{key}.others")
    for p in others:
        if any(n.pattern == p.pattern for n in names):
            raise check.fail(f"{key}.others", f"{p.pattern!r} is also one of the names")
    return names, others


def _confidence(check: _Checker, value: Any, key: str) -> float:
    number = float(check.typed(value, key, (int, float)))
    if not 0.0 <= number <= 1.0:
        raise check.fail(key, f"must be between 0 and 1, got {value!r}")
    return number


def _facts(
    check: _Checker,
    value: Any,
    tracked: tuple[_Entity, tuple[re.Pattern[str], ...]],
    floor: float,
    part: Callable[[Callable[[], Any], Any], Any],
) -> tuple[FactSpec, ...]:
    """Every fact, each checked on its own (`part` collects a fact's error and goes on).
    `tracked`: the watchlist's entity names and its story's match terms."""
    data = part(lambda: check.typed(value if value is not None else {}, "facts", dict), {})
    found: list[FactSpec | None] = []
    for fid, spec in data.items():

        def one(fid: Any = fid, spec: Any = spec) -> FactSpec:
            return _fact(check, str(fid), spec, tracked, floor)

        found.append(part(one, None))
    return tuple(f for f in found if f is not None)


def _fact(
    check: _Checker,
    fid: str,
    value: Any,
    tracked: tuple[_Entity, tuple[re.Pattern[str], ...]] = (((), ()), ()),
    floor: float = 0.0,
) -> FactSpec:
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
    own = _entity(check, data.get("entity"), f"{key}.entity")
    entity = own if own[0] else tracked[0]

    def number(k: str, default: Any, kind: type | tuple[type, ...]) -> Any:
        return check.typed(data.get(k, default), f"{key}.{k}", kind)

    return FactSpec(
        id=fid,
        label=check.typed(data.get("label", fid), f"{key}.label", str),
        kind=kind,
        cues=cues,
        subject=check.regexes(data.get("subject"), f"{key}.subject"),
        exclude=check.regexes(data.get("exclude"), f"{key}.exclude"),
        units=check.regexes(data.get("units"), f"{key}.units", use="word"),
        reject_units=check.regexes(data.get("reject_units"), f"{key}.reject_units"),
        minimum=low,
        maximum=high,
        window=number("window", 12, int),
        tolerance=float(number("tolerance", 0.0, (int, float))),
        date_window_days=number("date_window_days", 0, int),
        min_sources=number("min_sources", 1, int),
        entity=entity[0],
        others=entity[1],
        story=tracked[1],
        min_confidence=_confidence(
            check, data.get("min_confidence", floor), f"{key}.min_confidence"
        ),
        when=_when(check, data, fid, f"{key}.when"),
    )


def _when(check: _Checker, data: dict[str, Any], fid: str, key: str) -> str:
    """`when` for dates; by default "upcoming" when the fact's id or label says so ("Next
    negotiation round", "announced talks"), else "any"."""
    if "when" in data:
        value = data["when"]
        if value not in WHEN:
            raise check.fail(key, f"expected one of {', '.join(WHEN)}, got {value!r}")
        return str(value)
    words = f"{fid.replace('_', ' ')} {data.get('label', '')}"
    return "upcoming" if _UPCOMING.search(words) else "any"


def _range(check: _Checker, value: Any, key: str) -> tuple[float | None, float | None]:
    if value is None:
        return None, None
    if not isinstance(value, list) or len(value) != 2:
        raise check.fail(key, f"expected [min, max], got {value!r}")
    low, high = (check.typed(v, f"{key}[{i}]", (int, float)) for i, v in enumerate(value))
    if low > high:
        raise check.fail(key, f"min {low} is above max {high}")
    return float(low), float(high)


def watchlist_paths(directory: Path) -> list[Path]:
    """The watchlist files of a directory: every *.yaml and *.yml, sorted."""
    return sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")])


def load_all(directory: Path, default_interval: int = 900) -> list[Watchlist]:
    """Every watchlist file in `directory`; duplicate names are an error."""
    if not directory.is_dir():
        raise WatchlistError(str(directory), "(directory)", "not a directory")
    watchlists: list[Watchlist] = []
    for path in watchlist_paths(directory):
        wl = load_watchlist(path, default_interval)
        if any(w.name == wl.name for w in watchlists):
            raise WatchlistError(str(path), "name", f"duplicate watchlist name {wl.name!r}")
        watchlists.append(wl)
    return watchlists
