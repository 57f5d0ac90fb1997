"""Shapes stored rows into what `monitor facts` and `monitor alerts` show."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from monitor.alerts.render import format_value, spellings
from monitor.facts import changes
from monitor.models import AlertRecord, FactSpec, number_or_text
from monitor.store.db import Store
from monitor.watchlists import Watchlist


def facts_report(store: Store, watchlists: Sequence[Watchlist]) -> list[dict[str, Any]]:
    """Every tracked fact: baseline values with evidence, values seen since, history."""
    rows = store.fact_rows()
    out: list[dict[str, Any]] = []
    for wl in watchlists:
        for spec in wl.facts:
            mine = [r for r in rows if r["watchlist"] == wl.name and r["fact"] == spec.id]
            baseline = store.baseline_values(wl.name, spec.id)
            alerted = store.alerted_values(wl.name, spec.id)
            out.append(
                {
                    "watchlist": wl.name,
                    "fact": spec.id,
                    "label": spec.label,
                    "kind": spec.kind,
                    "baseline": [_value(v, [r for r in mine if r["value"] == v]) for v in baseline],
                    "seen_since": [
                        _seen(spec, v, [r for r in mine if r["value"] == v], alerted)
                        for v in dict.fromkeys(
                            r["value"]
                            for r in mine
                            if r["origin"] != "backfill" and not r["in_baseline"]
                        )
                    ],
                    "history": store.baseline_history(wl.name, spec.id),
                    "mentioned": [
                        number_or_text(v) for v in store.mentioned_values(wl.name, spec.id)
                    ],
                }
            )
    return out


def _seen(
    spec: FactSpec, value: str, rows: list[dict[str, Any]], alerted: Sequence[str]
) -> dict[str, Any]:
    """A value seen since the baseline, with its confidence (corroborated by independent
    publishers) and whether it is pending: below `min_confidence`, waiting for a second
    publisher, not alerted."""
    return {**_value(value, rows), **standing(spec, value, rows, alerted)}


def standing(
    spec: FactSpec, value: str, rows: Sequence[Mapping[str, Any]], alerted: Collection[str]
) -> dict[str, Any]:
    """A value's standing from the observations reporting it: independent publishers
    (originals, by site name else URL), confidence corroborated by them, and whether it is
    pending (not alerted, below `min_confidence` with one publisher), as the decider rules."""
    sources = len({r["source"] or r["url"] for r in rows if r["duplicate_of"] is None})
    best = max((float(r["confidence"]) for r in rows), default=0.0)
    return {
        "confidence": changes.corroborated(best, sources),
        "sources": sources,
        "pending": value not in alerted and changes.pending(spec, best, sources),
    }


def _value(value: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "value": number_or_text(value),
        "evidence": [
            {
                "text": r["sentence"],
                "title": r["title"],
                "source": r["source"],
                "url": r["url"],
                "published": r["published"],
                "duplicate": r["duplicate_of"] is not None,
                "confidence": r["confidence"],
                "why": r["why"],
            }
            for r in rows
        ],
    }


EVIDENCE_SHOWN = 3  # evidence sentences per value in `monitor facts`; the rest are counted


def facts_text(report: list[dict[str, Any]]) -> list[str]:
    """`monitor facts` for people: values formatted (600,000; 20%), every value's evidence
    sentences (the first three, then "+N more") clipped around the value, and the history
    of accepted baselines."""
    lines: list[str] = []
    for fact in report:
        kind = fact["kind"]
        values = ", ".join(shown(kind, v["value"]) for v in fact["baseline"]) or "(none)"
        lines.append(f"{fact['watchlist']}/{fact['fact']} - {fact['label']}: baseline {values}")
        for v in fact["baseline"]:
            lines += _evidence_lines(kind, v)
        if fact.get("mentioned"):
            said = ", ".join(shown(kind, v) for v in fact["mentioned"])
            lines.append(f"  mentioned in the seeds (a restatement raises no alert): {said}")
        for v in fact["seen_since"]:
            state = "pending: waits for a second publisher, " if v["pending"] else ""
            lines.append(
                f"  seen since: {shown(kind, v['value'])} ({state}confidence {v['confidence']:.2f},"
                f" {v['sources']} independent source(s))"
            )
            lines += _evidence_lines(kind, v)
        retired = [h for h in fact["history"] if h["retired_at"]]
        for h in retired:
            lines.append(
                f"  history: {shown(kind, h['value'])} ({h['origin']}, {h['added_at'][:10]} to"
                f" {h['retired_at'][:10]})"
            )
    return lines


def shown(kind: str, value: Any) -> str:
    """A value as a person reads it: 600,000; 20%; dates as they are."""
    text = format_value(value)
    return f"{text}%" if kind == "percent" else text


def _evidence_lines(kind: str, value: dict[str, Any]) -> list[str]:
    out = []
    for ev in value["evidence"][:EVIDENCE_SHOWN]:
        where = ev["source"] or ev["title"] or ev["url"]
        quote = _around(ev["text"], value["value"])
        out.append(f'    {shown(kind, value["value"])}: "{quote}" ({where})')
    more = len(value["evidence"]) - EVIDENCE_SHOWN
    if more > 0:
        out.append(f"    +{more} more")
    return out


def _around(sentence: str, value: Any, width: int = 160) -> str:
    """The part of the sentence around the value (its first spelling found: 600,000,
    600 000, 600000), rather than the sentence's first characters."""
    text = " ".join(sentence.split())
    if len(text) <= width:
        return text
    at = next((i for s in spellings(value) if (i := text.find(s)) >= 0), -1)
    if at < 0:
        return _clip(text, width)
    start = max(0, min(at - width // 2, len(text) - width))
    piece = text[start : start + width].strip()
    return ("…" if start > 0 else "") + piece + ("…" if start + width < len(text) else "")


def alerts_text(alerts: Sequence[AlertRecord]) -> list[str]:
    lines: list[str] = []
    for record in alerts:
        a = record.alert
        state = (
            ", ".join(
                f"{d.channel}: {d.state} ({d.attempts} tries"
                f"{', ' + d.last_status if d.last_status else ''})"
                for d in record.deliveries
            )
            or "no channel configured"
        )
        old = ", ".join(map(str, a.old)) or "-"
        sure = f"  confidence {a.confidence:.2f}" if a.confidence is not None else ""
        lines.append(
            f"{a.created_at}  {a.kind}  {a.watchlist}/{a.fact or '-'}: "
            f"{old} -> {a.new}{sure}  [{state}]"
        )
        ev = a.evidence
        lines.append(f'    "{_clip(ev.text)}" {ev.source} {ev.url}')
        if len(record.sources) > 1:
            lines.append(f"    also reported by {len(record.sources) - 1} more source(s)")
    return lines


def _clip(text: str, width: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
