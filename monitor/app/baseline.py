"""Moves a fact's baseline after the user acknowledged a change; history is kept."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from monitor.errors import MonitorError
from monitor.facts.changes import parse_value
from monitor.models import normalised
from monitor.store.db import Store
from monitor.watchlists import Watchlist


def accept(
    store: Store,
    watchlists: Sequence[Watchlist],
    fact: str,
    value: str,
    watchlist: str | None = None,
) -> tuple[str, str]:
    """Make `value` the only active baseline value of `fact`; returns (watchlist, value)."""
    if watchlist is not None and not any(w.name == watchlist for w in watchlists):
        known = ", ".join(sorted(w.name for w in watchlists)) or "none"
        raise MonitorError(f"no watchlist named {watchlist!r} (known: {known})")
    owners = [
        w
        for w in watchlists
        if any(f.id == fact for f in w.facts) and (watchlist is None or w.name == watchlist)
    ]
    if not owners:
        raise MonitorError(f"no watchlist tracks a fact {fact!r}")
    if len(owners) > 1:
        raise MonitorError(f"several watchlists track {fact!r}: choose one with --watchlist")
    wl = owners[0]
    spec = next(f for f in wl.facts if f.id == fact)
    try:
        parsed = parse_value(spec, value.replace(",", "").replace("_", ""))
    except ValueError:
        raise MonitorError(f"{value!r} is not a valid {spec.kind} value") from None
    # parse_value gives a date exactly when spec.kind == "date", a float otherwise
    stored = normalised(parsed)
    at = datetime.now(UTC).isoformat(timespec="seconds")
    with store.write():
        store.add_baseline(wl.name, fact, stored, "accepted", None, at)
        store.retire_baseline(wl.name, fact, stored, at)
    return wl.name, stored
