"""`monitor quality`: the precision of the alerts as their users judged them, per watchlist
and fact and per month. Users mark what was wrong (and may confirm what was right); an
alert nobody judged counts as right, and the figure says how many were judged."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from monitor.store import views
from monitor.store.db import Store


def _bucket() -> dict[str, Any]:
    return {"alerts": 0, "wrong": 0, "right": 0}


def _finish(b: dict[str, Any]) -> dict[str, Any]:
    judged = b["wrong"] + b["right"]
    b["judged"] = judged
    b["precision"] = round((b["alerts"] - b["wrong"]) / b["alerts"], 3) if b["alerts"] else None
    b["precision_judged"] = round(b["right"] / judged, 3) if judged else None
    return b


def quality_report(
    alerts: Sequence[dict[str, Any]], feedback: Sequence[dict[str, Any]]
) -> dict[str, Any]:
    """`alerts`: fact alerts with watchlist, fact, month and newest verdict (or None);
    `feedback`: every verdict (for the observation counts). Pure: no database."""
    per_fact: dict[tuple[str, str], dict[str, Any]] = {}
    per_month: dict[str, dict[str, Any]] = {}
    total = _bucket()
    for row in alerts:
        for b in (
            per_fact.setdefault((row["watchlist"], row["fact"] or "-"), _bucket()),
            per_month.setdefault(row["month"], _bucket()),
            total,
        ):
            b["alerts"] += 1
            if row["verdict"] in ("wrong", "right"):
                b[row["verdict"]] += 1
    observations = _bucket()
    for row in feedback:
        if row["target"] == "observation":
            observations[row["verdict"]] += 1
    return {
        "total": _finish(total),
        "facts": [
            {"watchlist": w, "fact": f, **_finish(b)} for (w, f), b in sorted(per_fact.items())
        ],
        "months": [{"month": m, **_finish(b)} for m, b in sorted(per_month.items())],
        "observations_judged": {k: observations[k] for k in ("wrong", "right")},
        "feedback": list(feedback[-50:]),
    }


def read(store: Store) -> dict[str, Any]:
    """The report for the verdicts stored so far."""
    return quality_report(views.alert_counts(store), views.feedback_rows(store))


def quality_text(report: dict[str, Any]) -> list[str]:
    def line(name: str, b: dict[str, Any]) -> str:
        precision = "-" if b["precision"] is None else f"{b['precision']:.3f}"
        return (
            f"{name:40} precision {precision}  ({b['alerts']} alerts, {b['wrong']} judged"
            f" wrong, {b['right']} confirmed)"
        )

    lines = [line("all alerts", report["total"])]
    lines += [line(f"{f['watchlist']}/{f['fact']}", f) for f in report["facts"]]
    if report["months"]:
        lines.append("by month:")
        lines += [line(f"  {m['month']}", m) for m in report["months"]]
    obs = report["observations_judged"]
    lines.append(f"observations judged: {obs['wrong']} wrong, {obs['right']} right")
    if not report["total"]["alerts"]:
        lines.append("no fact alerts yet: nothing to judge")
    return lines
