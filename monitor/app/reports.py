"""Shapes stored rows into what `monitor facts` and `monitor alerts` show."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

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
                    "baseline": [
                        _value(spec.kind, v, [r for r in mine if r["value"] == v]) for v in baseline
                    ],
                    "seen_since": [
                        _seen(spec, v, [r for r in mine if r["value"] == v], alerted)
                        for v in dict.fromkeys(
                            r["value"]
                            for r in mine
                            if r["origin"] != "backfill" and not r["in_baseline"]
                        )
                    ],
                    "history": store.baseline_history(wl.name, spec.id),
                }
            )
    return out


def _seen(
    spec: FactSpec, value: str, rows: list[dict[str, Any]], alerted: Sequence[str]
) -> dict[str, Any]:
    """A value seen since the baseline, with its confidence (corroborated by independent
    publishers) and whether it is pending: below `min_confidence`, waiting for a second
    publisher, not alerted."""
    shown = _value(spec.kind, value, rows)
    originals = [r for r in rows if r["duplicate_of"] is None]
    sources = len({r["source"] or r["url"] for r in originals})
    best = max((float(r["confidence"]) for r in rows), default=0.0)
    shown["confidence"] = changes.corroborated(best, sources)
    shown["sources"] = sources
    shown["pending"] = value not in alerted and changes.pending(spec, best, sources)
    return shown


def _value(kind: str, value: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    shown = value if kind == "date" else number_or_text(value)
    return {
        "value": shown,
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


def facts_text(report: list[dict[str, Any]]) -> list[str]:
    lines: list[str] = []
    for fact in report:
        values = ", ".join(str(v["value"]) for v in fact["baseline"]) or "(none)"
        lines.append(f"{fact['watchlist']}/{fact['fact']} - {fact['label']}: baseline {values}")
        for v in fact["baseline"]:
            for ev in v["evidence"][:2]:
                where = ev["source"] or ev["url"]
                lines.append(f'    {v["value"]}: "{_clip(ev["text"])}" ({where})')
        for v in fact["seen_since"]:
            src = v["evidence"][0] if v["evidence"] else {}
            state = "pending: waits for a second publisher, " if v["pending"] else ""
            lines.append(
                f"  seen since: {v['value']} ({src.get('source') or src.get('url')}; "
                f"{state}confidence {v['confidence']:.2f})"
            )
    return lines


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
