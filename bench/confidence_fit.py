"""Refits the alert confidence (`monitor.facts.changes.ALERT_WEIGHTS`) and measures it the
way a new user meets it: on a topic the fit never saw.

Every blind batch (bench/newtopic/*) and the case corpus are replayed as in
`bench.alert_quality`; each raised alert is labelled right or wrong by the batch's expected
values and described by the evidence terms of `changes.alert_evidence`. A logistic
regression over those terms (numpy, L2) is fitted with each batch left out in turn and
scored on it; the pooled held-out AUC is printed beside the AUC of the confidence the alerts
carry now, then the weights fitted on everything, to paste into `ALERT_WEIGHTS`.

    .venv/bin/python -m bench.confidence_fit [--batches strike,quake]

Takes about 25 minutes on two cores for all batches (each batch replays its 30 pages).
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from bench import alert_quality
from monitor.facts import changes
from monitor.ingest import decide

NEWTOPIC = Path(__file__).parent / "newtopic"
TERMS = list(changes.ALERT_WEIGHTS)


def collect(batch: str) -> list[tuple[list[float], bool, float]]:
    """(features, right, confidence carried) for every alert the batch raises."""
    seen: dict[tuple[str, str, str], tuple[str, ...]] = {}
    original = decide.scored

    def scored(spec: Any, fv: Any, baseline: Any, alerted: Any, lead: Any) -> Any:
        out = original(spec, fv, baseline, alerted, lead)
        known = [*baseline] or [v for v, _ in alerted]
        terms = changes.alert_evidence(
            spec, fv.normalised, fv.why, known[-1] if known else None, lead
        )
        seen[(spec.id, fv.normalised, fv.sentence[:200])] = terms
        return out

    decide.scored = scored
    try:
        if batch == "corpus":
            report = alert_quality.evaluate()
        else:
            d = NEWTOPIC / batch
            report = alert_quality.evaluate(
                d / "cases", seeds=d / "seeds", watchlists_dir=d / "watchlist"
            )
    finally:
        decide.scored = original
    rows = []
    for result in report["results"]:
        right = list(result.tp)
        for fact, value, text in result.raised:
            key = f"{fact}={value}"
            ok = key in right
            if ok:
                right.remove(key)
            terms = seen.get((fact, value, text[:200]), ())
            rows.append(([float(t in terms) for t in TERMS], ok, changes.alert_confidence(terms)))
    return rows


def fit(x: np.ndarray, y: np.ndarray, l2: float = 3.0, steps: int = 4000) -> np.ndarray:
    xb = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(xb.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-xb @ w))
        w -= (xb.T @ (p - y) + l2 * np.r_[w[:-1], 0]) / len(y)
    return w


def predict(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    return np.asarray(1 / (1 + np.exp(-(np.hstack([x, np.ones((len(x), 1))]) @ w))))


def auc(score: np.ndarray, y: np.ndarray) -> float:
    pos, neg = score[y == 1], score[y == 0]
    if not len(pos) or not len(neg):
        return math.nan
    return float(np.mean([(p > neg).mean() + 0.5 * (p == neg).mean() for p in pos]))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--batches", help="comma-separated batch names (default: all + corpus)")
    args = parser.parse_args(argv)
    names = (
        args.batches.split(",")
        if args.batches
        else [*sorted(p.name for p in NEWTOPIC.iterdir() if p.is_dir()), "corpus"]
    )
    x, y, now, group = [], [], [], []
    for name in names:
        for features, ok, confidence in collect(name):
            x.append(features)
            y.append(float(ok))
            now.append(confidence)
            group.append(name)
        print(f"{name}: {group.count(name)} alerts", flush=True)
    xs, ys, gs = np.array(x), np.array(y), np.array(group)
    held_out = np.zeros(len(ys))
    for name in names:
        out = gs == name
        held_out[out] = predict(fit(xs[~out], ys[~out]), xs[out])
    print(f"{len(ys)} alerts, {int(ys.sum())} right")
    print(f"AUC of the confidence alerts carry now: {auc(np.array(now), ys):.3f}")
    print(f"AUC of the model, each batch left out in turn: {auc(held_out, ys):.3f}")
    w = fit(xs, ys)
    print(f"ALERT_BIAS = {w[-1]:.2f}")
    for term, weight in zip(TERMS, w[:-1], strict=True):
        print(f'    "{term}": {weight:.2f},')
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
