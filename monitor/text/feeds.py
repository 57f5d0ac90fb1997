"""Decides what a feed document says: bytes in, ParsedFeed out (the one module using feedparser).

Defences, each pinned by a test in tests/test_feeds.py:
- Only bytes go in, wrapped in BytesIO: feedparser.parse() fetches a str URL itself and
  open()s a bytes value that happens to name a local file (b"/etc/passwd").
- Size cap before anything is decoded (MAX_FEED_BYTES).
- Entity declarations are refused before feedparser sees the document (FeedError): when
  expat refuses an amplification feed, feedparser's loose parser expands the "safe" entities
  itself (a 100 KB feed became a 2.5 GB title). The check runs on every plausible decoding
  (UTF-16/32, EBCDIC, the header charset), so an encoding cannot smuggle a declaration past
  it. An internal DTD subset without entities is stripped anyway.
- A bozo feed is read as far as it goes; the bozo reason becomes a warning naming the URL.
  A document that yields no entries and no title and is bozo or of no known format is
  refused: "not a feed".
- Links: only absolute http(s) after resolving against the feed URL; others are dropped with
  a warning. JSON Feed (1.0/1.1), which feedparser cannot read, is parsed here.

Entry identity, in order: the guid/id; else the canonical link (tracking parameters,
fragment, default port removed); else "sha256:" + hash of title and summary, so entries
without links still get a stable identity (it changes if the publisher edits the text).
Within one feed the first entry with a given identity wins; later ones are dropped with a
warning.
"""

from __future__ import annotations

import codecs
import functools
import hashlib
import html
import io
import json
import re
import time
import xml.parsers.expat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
from feedparser.sanitizer import _sanitize_html

from monitor.errors import FeedError
from monitor.text.urls import canonical_url

MAX_FEED_BYTES = 5_000_000
JSON_TYPES = ("application/feed+json", "application/json")
JSONFEED_VERSIONS = ("https://jsonfeed.org/version/", "http://jsonfeed.org/version/")
MAX_GUID_CHARS = 1000  # a longer guid is hashed: identities end up as database keys


@dataclass(frozen=True)
class FeedEntry:
    guid: str | None
    link: str | None  # absolute http(s), as published (not canonicalised)
    title: str  # one line: whitespace collapsed
    summary_html: str  # sanitized by feedparser
    content_html: str
    published: datetime | None  # aware, UTC
    author: str
    identity: str  # see the module docstring


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    link: str | None
    entries: tuple[FeedEntry, ...]
    warnings: tuple[str, ...]
    bozo: bool


def parse_feed(
    content: bytes,
    *,
    url: str,
    content_type: str | None = None,
    charset: str | None = None,
    max_bytes: int = MAX_FEED_BYTES,
) -> ParsedFeed:
    """Parse one feed document. `content_type` is the Content-Type header (with or without
    charset); `charset`, if given, is the header's charset when the caller split it off.
    Raises FeedError (message starts with the URL) when the document is not a feed."""
    if len(content) > max_bytes:
        raise FeedError(f"{url}: feed is {len(content)} bytes, over the {max_bytes} byte cap")
    if not content.strip():
        raise FeedError(f"{url}: not a feed: empty body")
    mime, header = _content_type(content_type, charset)
    body_start = content.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if body_start == b"{" or (mime in JSON_TYPES and body_start != b"<"):
        return _parse_json_feed(content, url)
    header_charset = charset or _charset_of(header)
    content = defuse_prolog(content, url=url, charset=header_charset)
    # without a content type feedparser flags every feed bozo (NonXMLContentType)
    headers = {"content-location": url, "content-type": header or "application/xml"}
    try:
        raw = feedparser.parse(io.BytesIO(content), response_headers=headers)
    except Exception as exc:  # a library crash on hostile input is this feed's error only
        raise FeedError(f"{url}: not a feed: feedparser failed: {_describe(exc)}") from exc
    return _from_feedparser(raw, url)


def defuse_prolog(content: bytes, *, url: str, charset: str | None = None) -> bytes:
    """The document with its internal DTD subset removed; FeedError if it declares entities,
    read in every encoding a parser might use: byte-transparent latin-1, the one a BOM or
    the first bytes show, the header's charset, and the one the XML declaration names
    (`encoding="utf-7"` hid a DOCTYPE written in UTF-7 from a latin-1 scan). UTF-7, which
    can spell markup in plain letters, is refused outright."""
    codecs_to_scan = _scan_codecs(content, charset)
    for codec in codecs_to_scan:
        declared = _declared_encoding(content[:1024].decode(codec, "replace"))
        if declared and declared not in codecs_to_scan and not _reads_ascii_as_ascii(declared):
            codecs_to_scan.append(declared)
    if any(codecs.lookup(c).name == "utf-7" for c in codecs_to_scan):
        raise FeedError(f"{url}: refused: UTF-7 can hide markup; no feed needs it")
    for codec in codecs_to_scan:
        text = content.decode(codec, "replace")
        # the loose parser's entities come from the text before the first element
        head_end = re.search(r"<\w", text, re.ASCII)
        head = text[: head_end.start()] if head_end else text
        doctype = _expat_doctype(text.encode("utf-8"), "UTF-8")
        if _ENTITY_DECL.search(head) or doctype.entities:
            raise FeedError(f"{url}: refused: the document type declares entities")
    doctype = _expat_doctype(content, "ISO-8859-1")  # byte offsets = original offsets
    if doctype.end <= doctype.start:
        return content
    return content[: doctype.start] + doctype.replacement + content[doctype.end :]


_ENTITY_DECL = re.compile(r"<!ENTITY", re.I)
_XML_ENCODING = re.compile(r"<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9._:-]{1,40})")


def _declared_encoding(head: str) -> str | None:
    """The codec the XML declaration names, if Python knows it."""
    match = _XML_ENCODING.search(head)
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1)).name
    except LookupError:
        return None


_MARKERS = (  # BOMs and "<?" in the encodings whose ASCII letters are not ASCII bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (b"\x00<", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
    (b"\x4c\x6f\xa7\x94", "cp037"),
)


def _scan_codecs(content: bytes, charset: str | None) -> list[str]:
    """Every decoding under which feedparser might read the document's markup."""
    found = ["latin-1"]  # byte-transparent: right for every ASCII-compatible encoding
    found += [codec for marker, codec in _MARKERS if content.startswith(marker)][:1]
    try:
        info = codecs.lookup(charset or "")
    except LookupError:
        info = None
    if info and info.name not in found and not _reads_ascii_as_ascii(info.name):
        found.append(info.name)  # e.g. charset=utf-16, utf-7 or cp500 from the header
    return found


@functools.cache
def _reads_ascii_as_ascii(codec: str) -> bool:
    """The codec decodes every ASCII byte as that character, so the latin-1 scan already
    sees its markup (UTF-8, windows-1252, ISO-8859-x): no second scan. What matters is how
    a parser decodes: UTF-7 encodes "<" as itself but decodes "+ADw-" to "<"."""
    ascii_bytes = bytes(range(128))
    try:
        return ascii_bytes.decode(codec) == ascii_bytes.decode("ascii")
    except (UnicodeDecodeError, LookupError):
        return False


@dataclass
class _Doctype:
    start: int = 0
    end: int = 0
    replacement: bytes = b""
    entities: int = 0


class _RootReached(Exception):
    """Raised from expat's handler: the prolog is over, nothing more to look at."""


def _expat_doctype(data: bytes, encoding: str) -> _Doctype:
    """Where the internal DTD subset is and whether it declares entities, read by expat
    (the tokenizer feedparser's strict parser uses). Never expands or fetches anything:
    it stops at the first entity declaration or the root element."""
    found = _Doctype()
    parser = xml.parsers.expat.ParserCreate(encoding)
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def start(name: str, system: str | None, public: str | None, subset: int) -> None:
        if subset:
            # the index points past the declaration's name and ids: find where it began
            found.start = data.rfind(b"<!DOCTYPE", 0, parser.CurrentByteIndex + 1)
            found.replacement = _doctype_without_subset(name, system, public)

    def end() -> None:
        if found.replacement:
            found.end = data.index(b">", parser.CurrentByteIndex) + 1

    def entity(*_args: object) -> None:
        found.entities += 1
        raise _RootReached

    def root(*_args: object) -> None:
        raise _RootReached

    parser.StartDoctypeDeclHandler, parser.EndDoctypeDeclHandler = start, end
    parser.EntityDeclHandler, parser.StartElementHandler = entity, root
    try:
        parser.Parse(data, True)
    except (_RootReached, xml.parsers.expat.ExpatError, ValueError):
        pass  # not well-formed: the regex over the head still guards the loose parser
    return found


def _doctype_without_subset(name: str, system: str | None, public: str | None) -> bytes:
    def literal(value: str) -> str:
        return f"'{value}'" if '"' in value else f'"{value}"'

    ident = f" PUBLIC {literal(public)}" if public else (" SYSTEM" if system else "")
    ident += f" {literal(system)}" if system else ""
    return f"<!DOCTYPE {name}{ident}>".encode("latin-1", "replace")


def _content_type(content_type: str | None, charset: str | None) -> tuple[str, str]:
    header = (content_type or "").strip()
    if charset and "charset=" not in header.lower():
        header = f"{header or 'application/xml'}; charset={charset}"
    return header.split(";", 1)[0].strip().lower(), header


def _charset_of(header: str) -> str | None:
    match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", header, re.I)
    return match.group(1) if match else None


def _from_feedparser(raw: Mapping[str, Any], url: str) -> ParsedFeed:
    warnings: list[str] = []
    bozo = bool(raw.get("bozo"))
    reason = _describe(raw.get("bozo_exception")) if bozo else ""
    if bozo:
        warnings.append(f"{url}: malformed feed, read as far as possible: {reason}")
    feed = raw.get("feed") or {}
    title = _one_line(feed.get("title"))
    # nothing recognisable: broken (an HTML page, garbage) or of no feed format (XHTML)
    if not raw.get("entries") and not title and (bozo or not raw.get("version")):
        raise FeedError(f"{url}: not a feed: {reason or 'no RSS, Atom or RDF elements'}")
    entries = (_entry(e, url, warnings) for e in raw.get("entries") or ())
    return ParsedFeed(
        title=title,
        link=_safe_link(feed.get("link"), url, warnings, "feed link"),
        entries=_unique(entries, url, warnings),
        warnings=tuple(warnings),
        bozo=bozo,
    )


def _entry(e: dict[str, Any], url: str, warnings: list[str]) -> FeedEntry:
    link = _safe_link(e.get("link"), url, warnings, "entry link")
    guid = _text(e.get("id")).strip() or None
    title = _one_line(e.get("title"))
    summary = _text(e.get("summary"))
    content = "\n".join(_text(c.get("value")) for c in e.get("content") or () if c)
    # dict.get: FeedParserDict maps a missing updated_parsed to published_parsed, warning
    when = dict.get(e, "published_parsed") or dict.get(e, "updated_parsed")
    return FeedEntry(
        guid=guid,
        link=link,
        title=title,
        summary_html=summary,
        content_html=content,
        published=_from_struct(when),
        author=_one_line(e.get("author")),
        identity=_identity(guid, link, title, summary or content),
    )


def _parse_json_feed(content: bytes, url: str) -> ParsedFeed:
    try:
        doc = json.loads(content)
    except (ValueError, RecursionError) as exc:  # RecursionError: [[[[... nested deep
        raise FeedError(f"{url}: not a feed: invalid JSON: {_describe(exc)}") from exc
    version = doc.get("version") if isinstance(doc, dict) else None
    if not isinstance(version, str) or not version.startswith(JSONFEED_VERSIONS):
        raise FeedError(f"{url}: not a feed: JSON without a jsonfeed.org version")
    items = doc.get("items")
    if not isinstance(items, list):
        raise FeedError(f"{url}: not a feed: JSON Feed without an items list")
    warnings: list[str] = []
    entries = []
    for number, item in enumerate(items):
        if isinstance(item, dict):
            entries.append(_json_entry(item, url, warnings))
        else:
            warnings.append(f"{url}: JSON Feed item {number} is not an object, skipped")
    return ParsedFeed(
        title=_one_line(doc.get("title")),
        link=_safe_link(doc.get("home_page_url"), url, warnings, "feed link"),
        entries=_unique(entries, url, warnings),
        warnings=tuple(warnings),
        bozo=False,
    )


def _json_entry(item: Mapping[str, Any], url: str, warnings: list[str]) -> FeedEntry:
    raw_id = item.get("id")
    # JSON Feed 1.0 allowed numeric ids; a bool is not an id
    guid = str(raw_id).strip() if isinstance(raw_id, str | int) and raw_id is not True else ""
    link = _safe_link(item.get("url") or item.get("external_url"), url, warnings, "entry link")
    title = _one_line(item.get("title"))
    if isinstance(item.get("content_html"), str):
        content = _sanitize_html(item["content_html"], "utf-8", "text/html")
    else:
        content = html.escape(_text(item.get("content_text")))
    summary = html.escape(_text(item.get("summary")))  # plain text in the spec
    authors = item.get("authors") or [item.get("author")]  # 1.1 list, 1.0 object
    names = [a["name"] for a in authors if isinstance(a, dict) and isinstance(a.get("name"), str)]
    return FeedEntry(
        guid=guid or None,
        link=link,
        title=title,
        summary_html=summary,
        content_html=content,
        published=_from_iso(item.get("date_published") or item.get("date_modified")),
        author=_one_line(", ".join(names)),
        identity=_identity(guid or None, link, title, summary or content),
    )


def _unique(entries: Iterable[FeedEntry], url: str, warnings: list[str]) -> tuple[FeedEntry, ...]:
    kept: dict[str, FeedEntry] = {}
    for entry in entries:
        if entry.identity in kept:
            warnings.append(f"{url}: duplicate entry id {entry.identity[:200]!r}, kept the first")
        else:
            kept[entry.identity] = entry
    return tuple(kept.values())


def _identity(guid: str | None, link: str | None, title: str, summary: str) -> str:
    if guid:
        if len(guid) <= MAX_GUID_CHARS:
            return guid
        return "sha256:" + hashlib.sha256(guid.encode("utf-8", "replace")).hexdigest()
    if link:
        return canonical_url(link)
    digest = hashlib.sha256(f"{title}\n{summary}".encode("utf-8", "replace")).hexdigest()
    return "sha256:" + digest


def _safe_link(value: object, base: str, warnings: list[str], what: str) -> str | None:
    """An absolute http(s) URL, or None (with a warning when a link was given and refused)."""
    link = _text(value).strip()
    if not link:
        return None
    try:
        absolute = urljoin(base, link)
        parts = urlsplit(absolute)
        canonical_url(absolute)  # raises ValueError for links it could not store
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        warnings.append(f"{base}: dropped {what} {link[:200]!r}: not an absolute http(s) URL")
        return None
    return absolute


def _from_struct(value: object) -> datetime | None:
    if not isinstance(value, time.struct_time):
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC)  # feedparser's *_parsed are UTC
    except ValueError:  # e.g. second=60 from a leap-second stamp
        return None


def _from_iso(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _one_line(value: object) -> str:
    # titles keep newlines in feedparser; collapse them before anything builds a header
    return " ".join(_text(value).split())


def _describe(exc: object) -> str:
    if exc is None:
        return "unknown error"
    text = f"{type(exc).__name__}: {exc}" if isinstance(exc, BaseException) else str(exc)
    return " ".join(text.split())[:300]
