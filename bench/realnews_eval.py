"""Decides how well facts are read from real news: every (article, fact) label in
bench/realnews/labels/ is compared with what the pipeline's own fact reading
(`pipeline.extract_for`, with its lead rule and an empty baseline) reports for that article.

The labels were written blind (see bench/realnews/FORMAT.md): the value a careful editor takes
as the article's current figure, or none, with alternates. Articles are read from
../shared/eval/ (ECB+ texts; Scrapinghub AEB and trafilatura-eval pages through monitor's own
extraction).
ECB+ topics 8, 10, 20, 24, 37, 41 and 43 are held back for measuring generalisation: a label
on one of them is refused.

Scoring per label: a reported value an editor accepts is a true positive (once per label),
every other reported value a false positive, a labelled value not reported a false negative.
Precision = TP / (TP + FP), recall = TP / labels with a value.

    .venv/bin/python -m bench.realnews_eval [--split dev|test|test2|test3|all]
        [--min-confidence X] [-v]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tarfile
import tempfile
import unicodedata
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from monitor.facts import changes
from monitor.ingest.decide import extract_for, scored
from monitor.models import Article, FactSpec
from monitor.text.docdate import iso_datetime
from monitor.watchlists import Watchlist, load_watchlist

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "realnews"
HELD_OUT_TOPICS = frozenset({8, 10, 20, 24, 37, 41, 43})


def shared() -> Path:
    """../shared beside the checkout (CI lays it there), else the workplace's copy."""
    for candidate in (ROOT.parent / "shared", Path("/work/shared")):
        if (candidate / "eval").is_dir():
            return candidate / "eval"
    raise SystemExit("../shared/eval not found: the real-news labels need the articles")


@dataclass(frozen=True)
class Label:
    watchlist: str
    split: str
    doc: str
    fact: str
    value: Any  # None: the article states no current value
    alternates: tuple[Any, ...]
    published: str | None
    reason: str = ""


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    valued: int = 0
    labels: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.valued if self.valued else 1.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.valued += other.valued
        self.labels += other.labels
        self.errors += other.errors

    def line(self) -> str:
        return (
            f"precision {self.precision:.3f}  recall {self.recall:.3f}  "
            f"(TP {self.tp}, FP {self.fp}, FN {self.fn}; {self.labels} labels, "
            f"{self.valued} with a value)"
        )


def load_labels(directory: Path = DATA / "labels") -> list[Label]:
    labels = []
    for path in sorted(directory.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for article in data["articles"]:
            doc = str(article["doc"])
            if doc.startswith("ecbplus:"):
                topic = int(doc.split(":", 1)[1].split("_", 1)[0])
                if topic in HELD_OUT_TOPICS:
                    raise SystemExit(f"{path}: {doc} is a held-out ECB+ topic")
            for fact, label in (article.get("facts") or {}).items():
                value = label.get("value")
                labels.append(
                    Label(
                        watchlist=data["watchlist"],
                        split=data["split"],
                        doc=doc,
                        fact=fact,
                        value=None if value in (None, "none") else value,
                        alternates=tuple(label.get("alternates") or ()),
                        published=str(article["published"]) if article.get("published") else None,
                        reason=str(label.get("reason", "")),
                    )
                )
    return labels


@lru_cache(maxsize=1)
def _ecbplus() -> dict[str, dict[str, Any]]:
    path = shared() / "dedup" / "ecbplus" / "ecbplus_docs.jsonl"
    docs = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if record["topic"] not in HELD_OUT_TOPICS:  # never even kept in memory
                docs[record["doc_id"]] = record
    return docs


@cache
def article(doc: str, published: str | None) -> Article:
    """The article as the pipeline would see it."""
    kind, key = doc.split(":", 1)
    when = _when(published)
    if kind == "ecbplus":
        record = _ecbplus()[key]
        text = record["text"]
        title = record["title"]
        if text.startswith(title):
            text = text[len(title) :].lstrip("\n")
        return Article(url=f"ecbplus:{key}", title=title, text=text, published=when)
    if kind == "aeb":
        page = shared() / "extraction" / "scrapinghub-aeb" / "html" / f"{key}.html.gz"
        return _page(doc, gzip.decompress(page.read_bytes()), when)
    if kind == "te":
        html = _trafilatura_eval().get(unicodedata.normalize("NFC", key))
        if html is None:
            raise SystemExit(f"{doc}: no such page in trafilatura-eval's html.tar.xz")
        return _page(doc, html, when)
    raise SystemExit(f"unknown document kind in {doc!r}")


def _page(doc: str, html: bytes, when: datetime | None) -> Article:
    """An HTML page as the pipeline reads it (monitor's own extraction); its date from the
    page when the label gives none."""
    from monitor.text.extract import extract_html

    extracted = extract_html(html)
    if extracted is None:
        return Article(url=doc, published=when)
    return Article(
        url=doc,
        title=extracted.title or "",
        text=extracted.text,
        published=when or _when(extracted.date),
    )


@lru_cache(maxsize=1)
def _trafilatura_eval() -> dict[str, bytes]:
    """trafilatura-eval's pages by file name (Unicode NFC), read once from its archive."""
    pages = {}
    archive = shared() / "extraction" / "trafilatura-eval" / "html.tar.xz"
    with tarfile.open(archive, "r:xz") as tar:
        for member in tar:
            handle = tar.extractfile(member) if member.isfile() else None
            if handle is not None:
                name = unicodedata.normalize("NFC", member.name.rsplit("/", 1)[-1])
                pages[name] = handle.read()
    return pages


def _when(value: str | None) -> datetime | None:
    """A page's ISO date; a day alone is taken at noon UTC."""
    parsed = iso_datetime(value)
    if parsed is not None and value is not None and len(value) == 10:
        parsed = parsed.replace(hour=12)
    return parsed


def load_watchlists(
    legacy: bool = False, names: Collection[str] | None = None
) -> dict[str, Watchlist]:
    """The labellers' watchlists (only `names`, when given); `legacy` strips the keys an
    older monitor cannot read (to score the earlier method on the same labels)."""
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted((DATA / "watchlists").glob("*.yaml")):
            if names is not None and path.stem not in names:
                continue
            if legacy:
                data = yaml.safe_load(path.read_text(encoding="utf-8"))
                data.pop("entity", None)
                data.pop("min_confidence", None)
                for spec in (data.get("facts") or {}).values():
                    spec.pop("entity", None)
                    spec.pop("min_confidence", None)
                copy = Path(tmp) / path.name
                copy.write_text(yaml.safe_dump(data), encoding="utf-8")
                path = copy
            wl = load_watchlist(path)
            out[wl.name] = wl
    return out


def reported(
    wl: Watchlist, art: Article, min_confidence: float = 0.0
) -> dict[str, list[tuple[str, float, str]]]:
    """Per fact: the (value, confidence, sentence) the pipeline reports for the article."""
    found, lead = extract_for([wl], art)
    specs = {s.id: s for s in wl.facts}
    out: dict[str, list[tuple[str, float, str]]] = defaultdict(list)
    for _, found_value in found:
        spec = specs[found_value.fact]
        # the confidence an alert on it would carry (no baseline here: no jump is read)
        fv = scored(spec, found_value, [], [], lead.get((wl.name, spec.id), ()))
        if getattr(fv, "confidence", 1.0) < min_confidence:
            continue
        if changes.outranked(spec, fv.normalised, lead.get((wl.name, fv.fact), ()), []):
            continue
        if any(changes.same_value(spec, fv.normalised, v) for v, _, _ in out[fv.fact]):
            continue
        out[fv.fact].append((fv.normalised, getattr(fv, "confidence", 1.0), fv.sentence))
    return out


def _accepts(spec: FactSpec, label: Label, value: str) -> bool:
    for wanted in (label.value, *label.alternates):
        if wanted is None:
            continue
        if spec.kind == "date":
            if str(wanted) == value:
                return True
            continue
        try:
            a, b = float(wanted), float(value)
        except (TypeError, ValueError):
            continue
        if abs(abs(a) - abs(b)) <= max(1e-9, 0.005 * max(abs(a), abs(b))):
            return True  # a fall labelled -5.44 is reported as 5.44
    return False


def score(
    labels: Iterable[Label],
    watchlists: dict[str, Watchlist],
    min_confidence: float = 0.0,
    verbose: bool = False,
) -> dict[str, Score]:
    """Scores per watchlist (and '*' for all)."""
    by_article: dict[tuple[str, str, str | None], list[Label]] = defaultdict(list)
    for label in labels:
        by_article[(label.watchlist, label.doc, label.published)].append(label)
    scores: dict[str, Score] = defaultdict(Score)
    for (name, doc, published), group in sorted(by_article.items()):
        wl = watchlists[name]
        specs = {s.id: s for s in wl.facts}
        got = reported(wl, article(doc, published), min_confidence)
        for label in group:
            s = Score(labels=1, valued=int(label.value is not None))
            values = got.get(label.fact, [])
            hit = False
            for value, conf, sentence in values:
                if label.value is None and _accepts(specs[label.fact], label, value):
                    continue  # "none", but an editor would not object to this reading either
                if not hit and _accepts(specs[label.fact], label, value):
                    hit = True
                    s.tp += 1
                else:
                    s.fp += 1
                    s.errors.append(
                        f"FP {name}/{label.fact} {doc}: {value} ({conf:.2f}) wanted "
                        f"{label.value}: {sentence[:160]}"
                    )
            if label.value is not None and not hit:
                s.fn += 1
                s.errors.append(
                    f"FN {name}/{label.fact} {doc}: wanted {label.value} ({label.reason[:100]})"
                )
            scores[name].add(s)
            scores["*"].add(s)
    return scores


# Measured once on the same labels and batch with the method before this one (commit
# c92f668: character windows and ~68 regexes, no parse), from a worktree of that commit with
# the watchlists' new keys stripped: the earlier method cannot run in this process.
EARLIER = {
    "dev": (0.637, 0.600),
    "test": (0.677, 0.632),
    "test2": (0.360, 0.353),
    "test3": (0.716, 0.571),
    "test4": (0.547, 0.688),
    "test5": (0.421, 0.604),
}
# The parse-based method before any tuning on real news (its first run on these labels). The
# second test split (ten ECB+ topics labelled 2026-11-27 by two more blind labellers) arrived
# after all the tuning on dev: its first score is the code of commit e03dcf5 on arrival.
# The third (nine more ECB+ topics, labelled 2026-11-27 by helper-D and helper-E) arrived at
# stop 19 and was scored on arrival with the code of commit c33b8e3. The fourth (English news
# pages of trafilatura-eval and Scrapinghub AEB pages no split had used, labelled 2026-11-28
# by helper-F and helper-G) arrived at stop 22 and was scored on arrival with c3698d6. The
# fifth (more of those pages, labelled 2026-11-28 by helper-I and helper-H) arrived at stop
# 23 in two parts, each scored on arrival: helper-I's with 32465a9 (0.735 / 0.655), helper-H's
# with dce0fe0 (0.562 / 0.587); the figure is their sum. Its errors were not read.
UNTUNED = {
    "dev": (0.695, 0.550),
    "test": (0.644, 0.625),
    "test2": (0.481, 0.521),
    "test3": (0.805, 0.591),
    "test4": (0.581, 0.581),
    "test5": (0.649, 0.624),
}
SPLITS = ("test", "test2", "test3", "test4", "test5", "dev")  # in report order
# Splits whose errors were read to develop a rule after their on-arrival score: no longer an
# estimate of unseen text (test2's missed ages and pronoun focus, stop 19).
TOUCHED = {
    "test2": "parse, now (errors read at stops 19 and 20: no longer held out)",
    "test4": "parse, now (errors read at stop 22: no longer held out)",
}
NEWTOPIC = DATA.parent / "newtopic"
# Blind batches on topics the project never had, in the order they were written: the earlier
# method's score and the parse-based method's score before any change made after reading
# the batch (each batch was scored the moment it arrived; later batches are the more honest
# estimate, since the rules had not seen them).
BATCHES = {
    "strike": {"earlier": (0.344, 0.611), "blind": (0.423, 0.611)},
    "centralbank": {"earlier": (0.636, 0.737), "blind": (0.619, 0.684)},
    "outbreak": {"earlier": (0.297, 0.760), "blind": (0.317, 0.520)},
    # written 2026-11-27 (stop 17), scored on arrival with the code of commit 1ad19bf
    "minerescue": {"earlier": (0.382, 0.867), "blind": (0.579, 0.733)},
    # written 2026-11-27 (stop 17) after the mine batch's fix, scored on arrival (35d5387)
    "flood": {"earlier": (0.410, 1.000), "blind": (0.433, 0.812)},
    # written 2026-11-27 (stop 18), scored on arrival with the code of commit 5cd124c
    "volcano": {"earlier": (0.250, 0.611), "blind": (0.345, 0.556)},
    # written 2026-11-27 (stop 18) after this stop's fact mechanisms, scored on arrival (39d951d)
    # with the real clock, before which the story is dated: its seeds loaded undated. The
    # harness now replays such a batch a day after its last case (0.406 / 0.765; see README)
    "election": {"earlier": (0.204, 0.588), "blind": (0.351, 0.765)},
    # written 2026-11-27 (stop 19), scored on arrival with the code of commit c33b8e3 (the
    # earlier method with the clock a day after its last case, as the harness now does)
    "takeover": {"earlier": (0.238, 0.667), "blind": (0.359, 0.933)},
    # written 2026-11-28 (stop 20), scored on arrival with the code of commit 77c4b30 (the
    # earlier method with the clock a day after its last case, as the harness now does)
    "breach": {"earlier": (0.419, 0.867), "blind": (0.636, 0.933)},
    # written 2026-11-28 (stop 20) after this stop's mechanisms, scored on arrival with the
    # code of commit 10e5694 (the code at the start of the stop, 77c4b30: 0.467 / 1.000)
    "recall": {"earlier": (0.368, 1.000), "blind": (0.609, 1.000)},
    # written 2026-11-28 (stop 21) after the headline rule, scored on arrival with the code
    # of commit 1e23d4c (the code at the start of the stop, 4243001: 0.585 / 0.889)
    "blackout": {"earlier": (0.418, 0.852), "blind": (0.727, 0.889)},
    # written 2026-11-28 (stop 22), scored on arrival with the code of commit 093a6b3
    "heatwave": {"earlier": (0.405, 0.810), "blind": (0.615, 0.762)},
    # written 2026-11-28 (stop 23), scored on arrival with the code of commit 0497b0c (the
    # code at the start of the stop, 9b72e58, scores the same)
    "trial": {"earlier": (0.514, 0.947), "blind": (0.680, 0.895)},
    # written 2026-11-28 (stop 23) after most of this stop's mechanisms, scored on arrival
    # with the code of commit 147425b (the code at the start of the stop, 9b72e58:
    # 0.447 / 0.850)
    "quake": {"earlier": (0.426, 1.000), "blind": (0.459, 0.850)},
    # written 2026-11-28 (stop 23) after all of this stop's mechanisms, scored on arrival
    # with the code of commit 85b2fde (the code at the start of the stop, 9b72e58:
    # 0.783 / 0.900)
    "layoffs": {"earlier": (0.452, 0.950), "blind": (0.773, 0.850)},
    # written 2026-11-28 (stop 24), scored on arrival with the code of commit 1185483 (the
    # code at the start of the stop, 40fb4dd, scores the same)
    "transit": {"earlier": (0.438, 0.913), "blind": (0.690, 0.870)},
    # written 2026-11-28 (stop 24) after the transit batch's fixes, scored on arrival with
    # the code of commit dca1c87 (the code at the start of the stop, 40fb4dd, scores the same)
    "launch": {"earlier": (0.309, 0.708), "blind": (0.548, 0.708)},
    # both written 2026-11-28 (stop 25) at the start of the stop, scored on arrival with the
    # code of commit 1bac0ea, before any change
    "drought": {"earlier": (0.419, 0.720), "blind": (0.655, 0.760)},
    "transfer": {"earlier": (0.260, 0.619), "blind": (0.607, 0.810)},
    # both written 2026-11-28 (stop 26) at the start of the stop, scored on arrival with the
    # code of commit d1e2a90, before any change
    "oilspill": {"earlier": (0.421, 1.000), "blind": (0.719, 0.958)},
    "drugapproval": {"earlier": (0.373, 0.826), "blind": (0.679, 0.826)},
    # written 2026-11-28 (stop 27), scored on arrival with the code of commit aa0b1ce
    "bridge": {"earlier": (0.487, 0.731), "blind": (0.654, 0.654)},
    # written 2026-11-28 (stop 28) at the start of the stop, scored on arrival with the code
    # of commit 1b6350e, before any change
    "hijack": {"earlier": (0.375, 0.720), "blind": (0.667, 0.880)},
    # written 2026-11-29 (stop 29), scored on arrival with the code of commit cd5f1b4, before
    # any change made after it arrived
    "tariff": {"earlier": (0.333, 0.720), "blind": (0.581, 0.720)},
    # written 2026-11-29 (stop 29), scored on arrival with the code of commit 29b5d03 (the
    # extractor of cd5f1b4), before any change made after it arrived
    "cyclone": {"earlier": (0.421, 0.960), "blind": (0.594, 0.760)},
    # written 2026-11-29 (stop 30) at the start of the stop, scored on arrival with the code
    # of commit 41b0537, before any change
    "ipo": {"earlier": (0.259, 0.560), "blind": (0.308, 0.480)},
    # written 2026-11-29 (stop 31) at the start of the stop, scored on arrival with the code
    # of commit 36767a2, before any change
    "lottery": {"earlier": (0.379, 0.880), "blind": (0.719, 0.920)},
    # written 2026-11-29 (stop 32) at the start of the stop, scored on arrival with the code
    # of commit e1df73b, before any change
    "stadium": {"earlier": (0.321, 0.750), "blind": (0.656, 0.875)},
    "aidappeal": {"earlier": (0.333, 0.692), "blind": (0.667, 0.846)},
    # written 2026-11-29 (stop 34) at the start of the stop, scored on arrival with the code
    # of commit 4d0fb13, before any change
    "artheist": {"earlier": (0.467, 0.875), "blind": (0.704, 0.792)},
    # written 2026-11-29 (stop 34) after the artheist fixes, scored on arrival with the code
    # of commit dafffdf (the extractor of 72bc2b3), before any change made after it arrived
    "watercrisis": {"earlier": (0.390, 0.958), "blind": (0.656, 0.875)},
    # written 2026-11-29 (stop 35) at the start of the stop, scored on arrival with the code
    # of commit 9ebf54f, before any change made after it arrived
    "canalblock": {"earlier": (0.429, 0.808), "blind": (0.800, 0.923)},
    # written 2026-11-29 (stop 35) while the canalblock fixes were made, scored on arrival
    # with the code of commit e5f3aa7 (after them), before any change made after it arrived
    "airline": {"earlier": (0.457, 0.875), "blind": (0.724, 0.875)},
    # written 2026-11-29 (stop 35) after all of the stop's fixes, scored on arrival with the
    # code of commit 32b8518, before any change
    "waitinglist": {"earlier": (0.400, 0.783), "blind": (0.690, 0.870)},
    # both written 2026-11-29 (stop 36) at the start of the stop, scored on arrival with the
    # code of commit d83d247 (stop 35's last), before any change made after they arrived
    "bankrun": {"earlier": (0.500, 0.913), "blind": (0.846, 0.957)},
    "rentcap": {"earlier": (0.365, 0.826), "blind": (0.640, 0.696)},
    # written 2026-11-29 (stop 36) after the first round of the stop's fixes, scored on
    # arrival with the code of commit 5cd6cd7 (the start-of-stop code, d83d247, scores the same)
    "ferry": {"earlier": (0.328, 0.913), "blind": (0.618, 0.913)},
    # written 2026-11-29 (stop 36) after all of the stop's fixes, scored on arrival with the
    # code of commit ddc1402 (the start-of-stop code, d83d247, scores the same)
    "birdflu": {"earlier": (0.286, 0.783), "blind": (0.559, 0.826)},
    # both written 2026-11-29 (stop 37) at the start of the stop, scored on arrival with the
    # code of commit 0371745 (the stop's first fixes, made before they arrived); the
    # start-of-stop code (ac2bff8) gives pension the same and derailment 0.538 / 0.609
    "pension": {"earlier": (0.459, 0.739), "blind": (0.720, 0.783)},
    "derailment": {"earlier": (0.392, 0.870), "blind": (0.583, 0.609)},
    # written 2026-11-29 (stop 37) during the stop, scored on arrival with the code of commit
    # c65b285 (the start-of-stop code, ac2bff8, scores the same)
    "tuition": {"earlier": (0.333, 0.682), "blind": (0.600, 0.682)},
    # written 2026-11-29 (stop 37) after all of the stop's fixes, scored on arrival with the
    # code of commit 96e1b00 (the start-of-stop code, ac2bff8, scores the same)
    "oilcut": {"earlier": (0.327, 0.783), "blind": (0.600, 0.652)},
    # both written 2026-11-30 (stop 38) at the start of the stop, scored on arrival with the
    # code of commit d54dcc1 (the stop's first fix, made before they arrived); the
    # start-of-stop code (98feaa3) scores both the same
    "avalanche": {"earlier": (0.364, 0.667), "blind": (0.741, 0.833)},
    "citybudget": {"earlier": (0.322, 0.826), "blind": (0.528, 0.826)},
    # both written 2026-11-30 (stop 38) during the stop, scored on arrival with the code of
    # commit 186ce09 (the start-of-stop code, 98feaa3, scores both the same)
    "fishquota": {"earlier": (0.420, 0.875), "blind": (0.677, 0.875)},
    "schoolclosure": {"earlier": (0.306, 0.792), "blind": (0.595, 0.917)},
    # both written 2026-11-30 (stop 38) after all of the stop's fixes, scored on arrival with
    # the code of commit 3aa07d7; the start-of-stop code (98feaa3) scores factoryfire 0.500 /
    # 0.739 and snowstorm 0.750 / 0.913
    "factoryfire": {"earlier": (0.500, 0.870), "blind": (0.545, 0.783)},
    "snowstorm": {"earlier": (0.500, 0.913), "blind": (0.778, 0.913)},
}


def run(quick: bool = False) -> dict[str, Any]:
    """Every split, a confidence sweep on dev, and the blind new-topic batches."""
    from bench import alert_quality

    labels = load_labels()
    watchlists = load_watchlists()
    out: dict[str, Any] = {
        "labels": len(labels),
        "facts": len({(x.watchlist, x.fact) for x in labels}),
    }
    for split in SPLITS:
        chosen = [x for x in labels if x.split == split]
        if quick:
            chosen = chosen[:40]
        s = score(chosen, watchlists)["*"]
        out[split] = {
            "precision": s.precision,
            "recall": s.recall,
            "labels": s.labels,
            "valued": s.valued,
            "tp": s.tp,
            "fp": s.fp,
            "fn": s.fn,
        }
    if not quick:
        dev = [x for x in labels if x.split == "dev"]
        out["sweep"] = {
            str(t): {
                "precision": (r := score(dev, watchlists, t)["*"]).precision,
                "recall": r.recall,
            }
            for t in (0.0, 0.6, 0.7, 0.8, 0.9)
        }
        for name in BATCHES:
            folder = NEWTOPIC / name
            report = alert_quality.evaluate(
                folder / "cases", seeds=folder / "seeds", watchlists_dir=folder / "watchlist"
            )
            out[name] = {"precision": report["precision"], "recall": report["recall"]}
    return out


def rows(result: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    out = []
    for split in SPLITS:
        r = result[split]
        p, rc = EARLIER[split]
        out.append(
            (
                f"real-news facts, {split} split: precision / recall",
                f"{r['precision']:.3f} / {r['recall']:.3f}",
                f"{p:.3f} / {rc:.3f} earlier method",
                ">= 0.90 / 0.85" if split != "dev" else "-",
            )
        )
    for name, known in BATCHES.items():
        if name not in result:
            continue
        (bp, br), (ep, er) = known["blind"], known["earlier"]
        out.append(
            (
                f"new topic ({name}), 30 pages: alert P / R blind, now",
                f"{bp:.3f} / {br:.3f}, {result[name]['precision']:.3f} / "
                f"{result[name]['recall']:.3f}",
                f"{ep:.3f} / {er:.3f} earlier method",
                ">= 0.90 / 0.85 blind",
            )
        )
    return out


def section(result: dict[str, Any]) -> str:
    lines = [
        f"{result['labels']} blind (article, fact) labels over {result['facts']} facts "
        "(bench/realnews/, written by labellers who read neither monitor/ nor the rules; ECB+ "
        "outside topics 8, 10, 20, 24, 37, 41, 43, Scrapinghub AEB pages and English news pages "
        "of trafilatura-eval), split by whole "
        "watchlist. Scored per label with the pipeline's own reading (`extract_for`, lead rule, "
        "empty baseline): `python -m bench.realnews_eval --split test -v`.",
        "",
        "| split | method | precision | recall | TP | FP | FN | labels (with a value) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for split in SPLITS:
        r = result[split]
        p, rc = EARLIER[split]
        up, ur = UNTUNED[split]
        first = (
            "parse, on arrival"
            if split in ("test2", "test3", "test4", "test5")
            else "parse, before any tuning"
        )
        lines.append(f"| {split} | earlier (regex windows) | {p:.3f} | {rc:.3f} | | | | |")
        lines.append(f"| {split} | {first} | {up:.3f} | {ur:.3f} | | | | |")
        now = TOUCHED.get(split, "parse, tuned on dev only")
        lines.append(
            f"| {split} | {now} | {r['precision']:.3f} | {r['recall']:.3f} "
            f"| {r['tp']} | {r['fp']} | {r['fn']} | {r['labels']} ({r['valued']}) |"
        )
    if "sweep" in result:
        lines += [
            "",
            "Dev split by `min_confidence` (values below it dropped):",
            "",
            "| min_confidence | precision | recall |",
            "|---|---|---|",
        ]
        for t, r in result["sweep"].items():
            lines.append(f"| {t} | {r['precision']:.3f} | {r['recall']:.3f} |")
    if any(name in result for name in BATCHES):
        lines += [
            "",
            "Blind batches on topics the project never had (bench/newtopic/: 3 seeds each, the "
            "watchlist written from the README before any case, 30 pages), alerts scored as in "
            "the case corpus. 'blind' is the parse-based method the moment the batch arrived, "
            "before any change made after reading it; 'now' is after the general fixes each "
            "batch prompted (no longer an estimate for that batch).",
            "",
            "| batch | earlier method | parse, blind | parse, now |",
            "|---|---|---|---|",
        ]
        for name, known in BATCHES.items():
            if name in result:
                (bp, br), (ep, er) = known["blind"], known["earlier"]
                r = result[name]
                lines.append(
                    f"| {name} | {ep:.3f} / {er:.3f} | {bp:.3f} / {br:.3f} | "
                    f"{r['precision']:.3f} / {r['recall']:.3f} |"
                )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--split",
        choices=["dev", "test", "test2", "test3", "test4", "test5", "all"],
        default="dev",
    )
    parser.add_argument("--min-confidence", type=float, default=0.0)
    parser.add_argument("--legacy", action="store_true", help="watchlists without new keys")
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    labels = [lb for lb in load_labels() if args.split in ("all", lb.split)]
    wanted = {lb.watchlist for lb in labels}
    scores = score(labels, load_watchlists(args.legacy, wanted), args.min_confidence, args.verbose)
    if args.json:
        print(
            json.dumps(
                {
                    k: {
                        "precision": v.precision,
                        "recall": v.recall,
                        "tp": v.tp,
                        "fp": v.fp,
                        "fn": v.fn,
                        "labels": v.labels,
                        "valued": v.valued,
                    }
                    for k, v in scores.items()
                }  # fmt: skip
            )
        )
        return 0
    for name, s in sorted(scores.items()):
        if name != "*":
            print(f"{name:40s} {s.line()}")
    print(f"{'ALL (' + args.split + ')':40s} {scores['*'].line()}")
    if args.verbose:
        for line in scores["*"].errors:
            print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
