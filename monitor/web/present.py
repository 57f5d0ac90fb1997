"""Pure helpers that turn stored text into safe pieces for the pages: the value highlighted in
its sentence, links only for http(s), a user's search text as a literal FTS5 query, search
snippets, and a fact's timeline drawn as SVG. Nothing here reads the database."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from monitor.alerts.render import spellings
from monitor.models import number_or_text
from monitor.text.docdate import iso_datetime

# snippet() markers: control characters no article text keeps (textclean drops them)
MARK_OPEN, MARK_CLOSE = "\x02", "\x03"


def safe_url(url: str | None) -> str | None:
    """The URL when a browser may follow it (http or https), else None: a feed may carry
    `javascript:` or `data:` links, which are shown as text, never as links."""
    if not url:
        return None
    scheme = urlsplit(url.strip()).scheme.lower()
    return url if scheme in {"http", "https"} else None


def highlight(
    sentence: str, value: str, span: tuple[int | None, int | None] = (None, None)
) -> tuple[str, str, str]:
    """(before, value text, after): the value's place in its sentence, from the stored span
    when it fits, else the first spelling of the value found (600,000 / 600 000 / 600000)."""
    start, end = span
    if start is not None and end is not None and 0 <= start < end <= len(sentence):
        return sentence[:start], sentence[start:end], sentence[end:]
    for spelling in spellings(number_or_text(value)):
        at = sentence.find(spelling)
        if at >= 0:
            return sentence[:at], spelling, sentence[at + len(spelling) :]
    return sentence, "", ""


_TOKEN = re.compile(r"\S+")


def fts_query(text: str) -> str:
    """A user's words as a literal FTS5 query: each word a quoted string (quotes doubled),
    all required. "600,000" and "talks: Geneva" then search instead of failing on syntax."""
    return " ".join('"' + word.replace('"', '""') + '"' for word in _TOKEN.findall(text))


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """A snippet with MARK_OPEN/MARK_CLOSE around the hits, as (text, is_hit) pieces."""
    parts: list[tuple[str, bool]] = []
    for i, piece in enumerate(re.split(f"[{MARK_OPEN}{MARK_CLOSE}]", snippet)):
        if piece:
            parts.append((" ".join(piece.split()) if not i % 2 else piece, bool(i % 2)))
    return parts


@dataclass(frozen=True)
class Point:
    when: datetime
    value: float
    label: str  # shown on hover: source, value, time
    kind: str = "seen"  # seen | baseline | wrong


WIDTH, HEIGHT, PAD_X, PAD_Y = 760, 240, 70, 24


def plot_value(kind: str, value: str) -> float | None:
    """The y coordinate of a stored value: numbers as they are, dates as day numbers."""
    if kind == "date":
        try:
            return float(date.fromisoformat(value).toordinal())
        except ValueError:
            return None
    try:
        return float(value)
    except ValueError:
        return None


def timeline_svg(
    kind: str, points: Sequence[Point], baselines: Sequence[dict[str, Any]], now: datetime
) -> Markup:
    """The fact's values over time: one mark per observation (hover names its source),
    the baseline values as steps (each accepted change starts a new step). Every text is
    escaped; no script, no style attribute (the page's CSP allows neither)."""
    steps = _baseline_steps(kind, baselines, points, now)
    ys = [p.value for p in points] + [v for _, _, v in steps]
    xs = [p.when.timestamp() for p in points] + [t.timestamp() for s, e, _ in steps for t in (s, e)]
    if not ys:
        return Markup(
            '<svg class="timeline" viewBox="0 0 760 60" role="img" aria-label="no values yet">'
            '<text x="10" y="35">no values yet</text></svg>'
        )
    lo, hi = min(ys), max(ys)
    if hi == lo:
        lo, hi = lo - 1, hi + 1
    margin = (hi - lo) * 0.1
    lo, hi = lo - margin, hi + margin
    t0, t1 = min(xs), max(xs)
    if t1 == t0:
        t0, t1 = t0 - 3600, t1 + 3600

    def x(t: float) -> float:
        return PAD_X + (t - t0) / (t1 - t0) * (WIDTH - 2 * PAD_X)

    def y(v: float) -> float:
        return HEIGHT - PAD_Y - (v - lo) / (hi - lo) * (HEIGHT - 2 * PAD_Y)

    out = [
        f'<svg class="timeline" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="values of the fact over time">',
        f'<line class="axis" x1="{PAD_X}" y1="{HEIGHT - PAD_Y}" x2="{WIDTH - PAD_X}" '
        f'y2="{HEIGHT - PAD_Y}"/>',
        f'<text class="tick" x="{PAD_X - 6}" y="{y(hi - margin) + 4:.1f}" text-anchor="end">'
        f"{escape(_tick(kind, hi - margin))}</text>",
        f'<text class="tick" x="{PAD_X - 6}" y="{y(lo + margin) + 4:.1f}" text-anchor="end">'
        f"{escape(_tick(kind, lo + margin))}</text>",
        f'<text class="tick" x="{PAD_X}" y="{HEIGHT - 6}">'
        f"{escape(datetime.fromtimestamp(t0).strftime('%Y-%m-%d'))}</text>",
        f'<text class="tick" x="{WIDTH - PAD_X}" y="{HEIGHT - 6}" text-anchor="end">'
        f"{escape(datetime.fromtimestamp(t1).strftime('%Y-%m-%d'))}</text>",
    ]
    for start, end, value in steps:
        out.append(
            f'<line class="baseline" x1="{x(start.timestamp()):.1f}" y1="{y(value):.1f}" '
            f'x2="{x(end.timestamp()):.1f}" y2="{y(value):.1f}">'
            f"<title>baseline {escape(_tick(kind, value))}</title></line>"
        )
    for p in points:
        out.append(
            f'<circle class="mark {escape(p.kind)}" cx="{x(p.when.timestamp()):.1f}" '
            f'cy="{y(p.value):.1f}" r="5"><title>{escape(p.label)}</title></circle>'
        )
    out.append("</svg>")
    return Markup("".join(out))


def _baseline_steps(
    kind: str, history: Sequence[dict[str, Any]], points: Sequence[Point], now: datetime
) -> list[tuple[datetime, datetime, float]]:
    """(start, end, value) per baseline value. A seed value starts at its first report (it
    was loaded later than it was published); an open step ends at the newest mark or
    acceptance, not today, so an old story is not squeezed into the left edge."""
    marks = [p.when for p in points]
    changes = [
        t
        for row in history
        for t in (iso_datetime(row["added_at"]) if row.get("origin") == "accepted" else None,
                  iso_datetime(row.get("retired_at")))
    ]  # fmt: skip
    last = max([*marks, *(t for t in changes if t is not None)], default=now)
    steps = []
    for row in history:
        value = plot_value(kind, str(row["value"]))
        if value is None:
            continue
        start = iso_datetime(row["added_at"]) or now
        if row.get("origin") != "accepted":
            start = min([start, *(p.when for p in points if p.value == value)])
        end = iso_datetime(row.get("retired_at")) or last
        steps.append((start, max(end, start), value))
    return steps


def when(text: str | None) -> str:
    """An ISO time as people read it in a table: 2025-12-02 09:00 (UTC), a date alone as is."""
    moment = iso_datetime(text)
    if moment is None:
        return text or ""
    if len(text or "") <= 10:
        return moment.date().isoformat()
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M")


def _tick(kind: str, value: float) -> str:
    if kind == "date":
        return date.fromordinal(max(1, round(value))).isoformat()
    if kind == "percent":
        return f"{value:g}%"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:g}"
