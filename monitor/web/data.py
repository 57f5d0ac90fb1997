"""What each page and API endpoint shows, as plain JSON-ready dicts: the pages render them,
the API returns them as they are. Reads go through the store's bounded views."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from monitor.app import quality as quality_mod
from monitor.app import reports
from monitor.errors import InputError, NotFound, WatchlistError
from monitor.models import FactSpec, FeedState, number_or_text
from monitor.store import views
from monitor.store.db import Store
from monitor.text.docdate import iso_datetime
from monitor.watchlists import Watchlist, load_watchlist, watchlist_paths
from monitor.web.present import (
    MARK_CLOSE,
    MARK_OPEN,
    Point,
    fts_query,
    highlight,
    plot_value,
    safe_url,
    snippet_parts,
    timeline_svg,
)

NEWEST = 60  # observations read per fact for the overview's newest values
VALUES_SHOWN = 4


def shown(kind: str, value: str) -> str:
    """A stored value as people read it (600,000; 20%)."""
    return reports.shown(kind, number_or_text(value))


def spec_of(
    watchlists: Sequence[Watchlist], watchlist: str, fact: str
) -> tuple[Watchlist, FactSpec]:
    for wl in watchlists:
        if wl.name == watchlist:
            for spec in wl.facts:
                if spec.id == fact:
                    return wl, spec
            raise NotFound(f"watchlist {watchlist!r} tracks no fact {fact!r}")
    raise NotFound(f"no watchlist named {watchlist!r}")


def _values(
    spec: FactSpec, rows: list[dict[str, Any]], baseline: list[str], alerted: set[str]
) -> list[dict[str, Any]]:
    """Distinct values of the rows (newest first): when, from whom, and their standing
    (publishers, confidence, pending) as `monitor facts` reports it."""
    by_value: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_value.setdefault(r["value"], []).append(r)
    out = []
    for value, mine in by_value.items():
        newest = mine[0]
        standing = reports.standing(spec, value, mine, alerted)
        in_baseline = value in baseline
        out.append(
            {
                "value": number_or_text(value),
                "shown": shown(spec.kind, value),
                "newest": newest["published"] or newest["observed_at"],
                "source": newest["source"] or newest["url"],
                "url": safe_url(newest["url"]),
                "in_baseline": in_baseline,
                **standing,
                "pending": standing["pending"] and not in_baseline,
            }
        )
    return out


def overview(store: Store, watchlists: Sequence[Watchlist]) -> dict[str, Any]:
    health = views.feed_health(store)
    out = []
    for wl in watchlists:
        facts = []
        for spec in wl.facts:
            baseline = store.baseline_values(wl.name, spec.id)
            rows = views.observations(store, wl.name, spec.id, NEWEST)
            alerted = set(store.alerted_values(wl.name, spec.id))
            values = _values(spec, rows, baseline, alerted)
            facts.append(
                {
                    "fact": spec.id,
                    "label": spec.label,
                    "kind": spec.kind,
                    "baseline": [number_or_text(v) for v in baseline],
                    "baseline_shown": [shown(spec.kind, v) for v in baseline],
                    "newest": [v for v in values if not v["in_baseline"]][:VALUES_SHOWN],
                    "pending": [v for v in values if v["pending"]],
                }
            )
        h = health.get(wl.name, {})
        out.append(
            {
                "watchlist": wl.name,
                "description": wl.description,
                "facts": facts,
                "alerts": [_alert(r) for r in views.alert_rows(store, 5, watchlist=wl.name)],
                "feeds": {
                    "listed": len(wl.feeds),
                    "polled": h.get("feeds", 0),
                    "failing": int(h.get("failing") or 0),
                    "last_success": h.get("last_success"),
                    "items_seen": int(h.get("items") or 0),
                },
            }
        )
    return {"watchlists": out, "articles": views.article_count(store)}


def fact_detail(
    store: Store, watchlists: Sequence[Watchlist], watchlist: str, fact: str
) -> dict[str, Any]:
    wl, spec = spec_of(watchlists, watchlist, fact)
    baseline = store.baseline_values(wl.name, spec.id)
    history = store.baseline_history(wl.name, spec.id)
    rows = views.observations(store, wl.name, spec.id, 500)
    alerted = set(store.alerted_values(wl.name, spec.id))
    observations = []
    points = []
    for r in rows:
        before, mark, after = highlight(r["sentence"], r["value"], (r["span_start"], r["span_end"]))
        when = r["published"] or r["observed_at"]
        observations.append(
            {
                "id": r["id"],
                "value": number_or_text(r["value"]),
                "shown": shown(spec.kind, r["value"]),
                "sentence": r["sentence"],
                "parts": [before, mark, after],
                "source": r["source"],
                "title": r["title"],
                "url": r["url"],
                "link": safe_url(r["url"]),
                "published": r["published"],
                "observed_at": r["observed_at"],
                "confidence": r["confidence"],
                "why": r["why"],
                "origin": r["origin"],
                "duplicate": r["duplicate_of"] is not None,
                "verdict": r["verdict"],
                "verdict_reason": r["verdict_reason"],
            }
        )
        y = plot_value(spec.kind, r["value"])
        moment = iso_datetime(when)
        if y is not None and moment is not None:
            label = f"{r['source'] or r['url']}: {shown(spec.kind, r['value'])} ({when})"
            kind = (
                "wrong"
                if r["verdict"] == "wrong"
                else ("baseline" if r["value"] in baseline else "seen")
            )
            points.append(Point(moment, y, label, kind))
    return {
        "watchlist": wl.name,
        "fact": spec.id,
        "label": spec.label,
        "kind": spec.kind,
        "baseline": [number_or_text(v) for v in baseline],
        "baseline_shown": [shown(spec.kind, v) for v in baseline],
        "history": history,
        "values": _values(spec, rows, baseline, alerted),
        "observations": observations,
        "plot": timeline_svg(spec.kind, points, history, datetime.now(UTC)),
    }


def _alert(row: dict[str, Any]) -> dict[str, Any]:
    payload = json.loads(row["payload"])
    evidence = payload.get("evidence") or {}
    return {
        **payload,
        "link": safe_url(evidence.get("url")),
        "verdict": row.get("verdict"),
        "deliveries": row.get("deliveries", []),
    }


def alerts(store: Store, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    return [_alert(r) for r in views.alert_rows(store, limit, offset)]


def alert_detail(store: Store, alert_id: str) -> dict[str, Any]:
    row = views.alert_row(store, alert_id)
    if row is None:
        raise NotFound(f"no alert {alert_id!r}")
    out = _alert(row)
    out["sources"] = [{**s, "link": safe_url(s["url"])} for s in row["sources"]]
    out["feedback"] = row["feedback"]
    return out


FEED_SORTS = {
    "watchlist": lambda f: (f["watchlist"], f["url"]),
    "url": lambda f: f["url"],
    "last_success": lambda f: f["last_success_at"] or "",
    "errors": lambda f: (-f["error_count"], f["url"]),
    "next_poll": lambda f: f["next_poll_at"] or "",
    "items": lambda f: (-f["items_seen"], f["url"]),
}


def feeds(
    store: Store,
    watchlists: Sequence[Watchlist],
    sort: str = "errors",
    q: str = "",
    state: str = "",
) -> list[dict[str, Any]]:
    """Every feed: stored state plus listed feeds never polled; filtered by text and state
    (failing / ok / never), sorted by a known column (failing first by default)."""
    if sort not in FEED_SORTS:
        raise InputError(f"sort must be one of {', '.join(FEED_SORTS)}, not {sort!r}")
    if state not in {"", "failing", "ok", "never"}:
        raise InputError(f"state must be failing, ok or never, not {state!r}")
    names = {f.url: f.name for wl in watchlists for f in wl.feeds}
    rows: dict[str, dict[str, Any]] = {r.url: r.to_row() for r in store.feeds()}
    for wl in watchlists:
        for f in wl.feeds:
            rows.setdefault(f.url, FeedState(f.url, wl.name).to_row())
    out = []
    needle = q.casefold().strip()
    for r in rows.values():
        r.pop("etag", None)
        r.pop("last_modified", None)
        r["name"] = names.get(r["url"]) or r.get("title") or ""
        r["state"] = "failing" if r["error_count"] else ("ok" if r["last_success_at"] else "never")
        r["link"] = safe_url(r["url"])
        text = f"{r['url']} {r['name']} {r['watchlist']}".casefold()
        if needle and needle not in text:
            continue
        if state and r["state"] != state:
            continue
        out.append(r)
    return sorted(out, key=FEED_SORTS[sort])


def search(store: Store, text: str, limit: int = 30) -> list[dict[str, Any]]:
    query = fts_query(text)
    if not query:
        return []
    rows = store.search(query, limit, marks=(MARK_OPEN, MARK_CLOSE))
    return [
        {
            "id": r["id"],
            "url": r["url"],
            "link": safe_url(r["url"]),
            "title": r["title"],
            "source": r["source"],
            "published": r["published"],
            "duplicate": r["duplicate_of"] is not None,
            "parts": snippet_parts(r["snippet"]),
        }
        for r in rows
    ]


def watchlist_files(directory: Path, interval: int) -> list[dict[str, Any]]:
    """Each watchlist file with its validation result: every error names file, key, reason."""
    out: list[dict[str, Any]] = []
    names: dict[str, str] = {}
    if not directory.is_dir():
        return [{"file": str(directory), "ok": False, "errors": ["not a directory"]}]
    for path in watchlist_paths(directory):
        try:
            wl = load_watchlist(path, interval)
        except WatchlistError as exc:
            errors = [str(e) for e in (exc.others or [exc])]
            out.append({"file": str(path), "ok": False, "errors": errors})
            continue
        errors = []
        if wl.name in names:
            errors.append(f"{path}: name: duplicate watchlist name {wl.name!r} ({names[wl.name]})")
        names.setdefault(wl.name, str(path))
        out.append(
            {
                "file": str(path),
                "ok": not errors,
                "errors": errors,
                "name": wl.name,
                "feeds": len(wl.feeds),
                "facts": [f.id for f in wl.facts],
            }
        )
    return out


def quality(store: Store) -> dict[str, Any]:
    return quality_mod.read(store)
