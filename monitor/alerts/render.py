"""How an alert reads to a person: subject line, plain text and HTML, all safe for hostile text.

Everything in an alert's evidence (sentence, title, source, URL) comes from strangers' feeds.
These functions are pure and never raise on odd content: control characters, CR/LF and
Unicode line separators are collapsed, lone surrogates replaced, HTML escaped, and only
http(s) URLs become links. Missing or mistyped fields render as "?" rather than losing
the alert.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

SUBJECT_LIMIT = 200
FIELD_LIMIT = 300
EVIDENCE_LIMIT = 2000
OLD_VALUES_SHOWN = 5

# C0/C1 controls and the bidi overrides that can make a title read backwards in a client.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean_line(value: Any, limit: int = FIELD_LIMIT) -> str:
    """One line of printable text, at most `limit` characters: safe for a mail header.

    str.split() with no argument splits on every Unicode whitespace incl. CR, LF, \\x85,
    \\u2028 and \\u2029, so no line break survives; a crafted title cannot add a header.
    """
    text = value if isinstance(value, str) else ("" if value is None else str(value))
    # A lone surrogate (from a mis-decoded feed) would make the message unencodable later.
    text = text.encode("utf-8", "replace").decode("utf-8")
    text = " ".join(_UNSAFE.sub(" ", text).split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "\u2026"
    return text


def safe_url(value: Any) -> str | None:
    """The URL if it is an absolute http(s) URL, else None (javascript:, data:, file: ...)."""
    url = clean_line(value, 2000)
    if " " in url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def format_value(value: Any) -> str:
    """A fact value as a person reads it: 800000 -> "800,000", 19.0 -> "19", dates as is."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        return f"{int(value):,}" if value.is_integer() else f"{value:,.6g}"
    return clean_line(value, 60) or "?"


def spellings(value: Any) -> list[str]:
    """How a value may be written in its sentence: 600000 as "600,000", "600 000" or
    "600000"; 4.25 as "4.25"; a date or text as itself."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return [str(value)]
    if float(value).is_integer():
        whole = f"{int(value):,}"
        return [whole, whole.replace(",", " "), whole.replace(",", "")]
    return list(dict.fromkeys([f"{value:,}", f"{value:g}", str(value)]))


def format_old(old: Any) -> str:
    """The baseline values, or "none" for a fact seen for the first time."""
    values = old if isinstance(old, list | tuple) else ([] if old is None else [old])
    if not values:
        return "none"
    shown = ", ".join(format_value(v) for v in values[:OLD_VALUES_SHOWN])
    more = len(values) - OLD_VALUES_SHOWN
    return f"{shown} (+{more} more)" if more > 0 else shown


def _evidence(alert: dict) -> dict:
    evidence = alert.get("evidence")
    return evidence if isinstance(evidence, dict) else {}


def _fields(alert: dict) -> dict[str, str]:
    """Every displayed field, cleaned once (not yet HTML-escaped)."""
    ev = _evidence(alert)
    return {
        "label": clean_line(alert.get("label") or alert.get("fact")) or "?",
        "old": format_old(alert.get("old")),
        "new": format_value(alert.get("new")),
        "text": clean_line(ev.get("text"), EVIDENCE_LIMIT),
        "title": clean_line(ev.get("title")),
        "source": clean_line(ev.get("source")) or "unknown source",
        "published": clean_line(ev.get("published"), 40),
        "watchlist": clean_line(alert.get("watchlist")) or "?",
        "fact": clean_line(alert.get("fact")) or "?",
        "rule": clean_line(alert.get("rule"), 500),
        "id": clean_line(alert.get("id"), 200),
        "created_at": clean_line(alert.get("created_at"), 40),
        "kind": clean_line(alert.get("kind"), 40),
        "confidence": _confidence(alert.get("confidence")),
    }


def _confidence(value: object) -> str:
    """ "0.85", or "" when the alert carries none (story alerts, alerts from before)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return ""
    return f"{min(1.0, max(0.0, float(value))):.2f}"


def headline(alert: dict) -> str:
    """What happened, in one line: "Troop cap: 600,000 -> 800,000"."""
    f = _fields(alert)
    if f["kind"] == "story_matched":
        return f"{f['watchlist']}: {f['title'] or 'matching story'}"
    if f["kind"] == "fact_new":
        return f"{f['label']}: new value {f['new']}"
    return f"{f['label']}: {f['old']} -> {f['new']}"


def subject(alert: dict) -> str:
    """Mail subject: "[monitor] <label>: <old> -> <new> (<source>)", one safe line."""
    f = _fields(alert)
    return clean_line(f"[monitor] {headline(alert)} ({f['source']})", SUBJECT_LIMIT)


def _why(f: dict[str, str]) -> str:
    why = f"watchlist {f['watchlist']}, fact {f['fact']}"
    why = f"{why}: {f['rule']}" if f["rule"] else why
    return f"{why} (confidence {f['confidence']})" if f["confidence"] else why


def render_text(alert: dict) -> str:
    """The plain-text body: change, quoted evidence, where it came from, why it fired."""
    f = _fields(alert)
    url = safe_url(_evidence(alert).get("url"))
    lines = [headline(alert), ""]
    if f["text"]:
        lines += [f"\u201c{f['text']}\u201d", ""]
    lines.append(f"Title:     {f['title'] or '(untitled)'}")
    lines.append(f"Source:    {f['source']}")
    lines.append(f"Published: {f['published'] or 'unknown'}")
    lines.append(f"URL:       {url or '(no http(s) link)'}")
    lines += ["", f"Why: {_why(f)}", f"Alert {f['id']} ({f['kind']}), created {f['created_at']}"]
    return "\n".join(lines) + "\n"


_HTML_HEAD = '<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body>'
_HTML_TAIL = "</body></html>\n"


def _html_section(alert: dict) -> list[str]:
    f = {k: html.escape(v, quote=True) for k, v in _fields(alert).items()}
    url = safe_url(_evidence(alert).get("url"))
    title = f["title"] or "(untitled)"
    link = f'<a href="{html.escape(url, quote=True)}">{title}</a>' if url else title
    parts = [f"<h2>{html.escape(headline(alert))}</h2>"]
    if f["text"]:
        parts.append(f"<blockquote>{f['text']}</blockquote>")
    parts += [
        f"<p>{link}<br>{f['source']}, published {f['published'] or 'unknown'}</p>",
        f"<p>Why: {html.escape(_why(_fields(alert)))}</p>",
        f"<p><small>Alert {f['id']} ({f['kind']}), created {f['created_at']}</small></p>",
    ]
    return parts


def render_html(alert: dict) -> str:
    """The HTML body: the same content as render_text, every untrusted string escaped."""
    return "\n".join([_HTML_HEAD, *_html_section(alert), _HTML_TAIL])


def digest_subject(alerts: Sequence[dict]) -> str:
    """Mail subject of a digest, one safe line: "[monitor] 3 alerts: Troop cap: ..."."""
    heads = "; ".join(headline(a) for a in alerts)
    return clean_line(f"[monitor] {len(alerts)} alerts: {heads}", SUBJECT_LIMIT)


def render_digest_text(alerts: Sequence[dict]) -> str:
    """Every alert's plain-text body, oldest first, under a count."""
    rule = "\n" + "-" * 60 + "\n\n"
    return f"{len(alerts)} alerts from monitor\n\n" + rule.join(render_text(a) for a in alerts)


def render_digest_html(alerts: Sequence[dict]) -> str:
    parts = [_HTML_HEAD, f"<p>{len(alerts)} alerts from monitor</p>"]
    for i, alert in enumerate(alerts):
        parts += ["<hr>"] if i else []
        parts += _html_section(alert)
    return "\n".join([*parts, _HTML_TAIL])
