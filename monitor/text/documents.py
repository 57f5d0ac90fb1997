"""Decides how a local file becomes a document: its encoding, kind, title, source, date, text.

Text is decoded by evidence, strongest first: a byte-order mark, a declared charset (HTML
<meta>, XML declaration), strict UTF-8, then charset_normalizer's best guess when it is
confident. Binary, undecodable, empty and unreadable files raise InputError naming the file
and the reason; `iter_documents` yields those errors as values so a backfill reports them and
goes on. Feed files (.xml/.rss/.atom) are returned unparsed (kind "feed", `raw` bytes) for
monitor.text.feeds. Local files get no date from their mtime: a checkout or copy sets mtime to
"now", which would make every undated seed look published today.
"""

from __future__ import annotations

import errno
import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from monitor.errors import InputError
from monitor.text import charset
from monitor.text.docdate import find_published
from monitor.text.extract import extract_html
from monitor.text.textclean import FOOTER, clean_text, headline_like, html_to_text, normalise

log = logging.getLogger(__name__)

DocumentKind = Literal["text", "html", "markdown", "feed"]
KINDS: dict[str, DocumentKind] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}


# a document bigger than this is not news text (a dump, a log, a disk image): skipped unread
MAX_FILE_BYTES = 20 * 2**20


@dataclass(frozen=True)
class LocalDocument:
    """A local file as loaded: cleaned text for text/html/markdown, raw bytes for feeds."""

    path: Path
    title: str
    text: str
    published: datetime | None
    source: str
    kind: DocumentKind
    raw: bytes = b""


def _read(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(
                f"{path}: {size:,} bytes, over the {MAX_FILE_BYTES // 2**20} MB cap for a document"
            )
        return path.read_bytes()
    except IsADirectoryError as exc:
        raise InputError(f"{path}: is a directory, not a document") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from exc


def load_document(path: Path, now: datetime | None = None) -> LocalDocument:
    """Load one local file; raises InputError with the file name and a reason. `now` (the
    clock by default) bounds its publication date: a later date is never one."""
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        raise InputError(f"{path}: unsupported file type {path.suffix or '(none)'!r}")
    data = _read(path)
    if not data.strip():
        raise InputError(f"{path}: empty file")
    if kind == "feed":
        return LocalDocument(path, "", "", None, path.stem, "feed", raw=data)
    if kind == "html":
        return _load_html(path, data, now)
    raw = charset.decode(data, str(path), strict=True)
    if not raw.strip():
        raise InputError(f"{path}: only whitespace")
    if kind == "markdown":
        raw = markdown_to_text(raw)
    return _from_plain_text(path, raw, kind, now)


_MD_HEADING = re.compile(r"^#{1,6}\s+", re.M)
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|`)")


def markdown_to_text(raw: str) -> str:
    """Markdown -> plain lines: headings unmarked, images dropped, links reduced to their text."""
    text = _MD_IMAGE.sub("", raw)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_HEADING.sub("", text)
    return _MD_EMPHASIS.sub("", text)


def _from_plain_text(
    path: Path, raw: str, kind: DocumentKind, now: datetime | None = None
) -> LocalDocument:
    paragraphs = clean_text(raw).split("\n\n")
    if paragraphs == [""]:
        raise InputError(f"{path}: no article text left after removing boilerplate")
    title, title_index = find_title(paragraphs)
    if title_index is not None:
        del paragraphs[title_index]
    return LocalDocument(
        path=path,
        title=title,
        text="\n\n".join(paragraphs),
        published=find_published(raw, now=now),
        source=find_source(raw) or path.stem,
        kind=kind,
    )


def _paragraph_like(line: str) -> bool:
    return len(line.split()) > 25 or (line.endswith(".") and len(line.split()) > 12)


def find_title(paragraphs: Sequence[str]) -> tuple[str, int | None]:
    """(title, index of the paragraph it came from, or None when it is only a lede's start).

    The title is the first headline-like line before the body begins; without one, the
    first sentence of the first paragraph, cut at a word boundary.
    """
    for index, line in enumerate(paragraphs):
        if _paragraph_like(line):
            break
        if headline_like(line, min_words=3):
            return line, index
    first = paragraphs[0]
    sentence = re.split(r"(?<=[.!?])\s", first, maxsplit=1)[0]
    if len(sentence) > 150:
        sentence = sentence[:150].rsplit(" ", 1)[0] + "…"
    return sentence, None


_DOMAIN = re.compile(r"(?:[a-z0-9-]+\.)+[a-z]{2,}", re.I)
_SITE_LABEL = re.compile(r"[A-Z][A-Z0-9]{1,11}")
# all-caps lines that are section or ad labels, not a site's name
_NOT_SITES = frozenset(
    "ADVERTISEMENT SPONSORED VIDEO WATCH LIVE BREAKING EXCLUSIVE ANALYSIS OPINION UPDATE "
    "UPDATED NEWS PHOTOS EDITORIAL COMMENT".split()
)


def find_source(raw: str) -> str | None:
    """A site name stated in the text: a lone name line near the top ("CGTN"), or a domain
    in a reference footer ("Reference(s):" ... "cgtn.com")."""
    lines = [line for line in normalise(raw).split("\n") if line]
    for line in lines[:8]:
        if _SITE_LABEL.fullmatch(line) and line not in _NOT_SITES:
            return line
    for index, line in enumerate(lines):
        if FOOTER.fullmatch(line):
            for after in lines[index + 1 :]:
                if _DOMAIN.fullmatch(after):
                    return after.lower()
    return None


def _load_html(path: Path, data: bytes, now: datetime | None = None) -> LocalDocument:
    if charset.looks_binary(data):
        raise InputError(f"{path}: binary content (an image or archive?), not an HTML page")
    extracted = extract_html(data, url=path.resolve().as_uri())
    if extracted is not None:
        # the extractor drops page furniture by structure; clean_text catches what is left
        # by wording (an "ADVERTISEMENT" label inside the article body)
        text = clean_text(extracted.text)
        title = extracted.title or ""
        source = extracted.sitename or _host(extracted.canonical_url) or path.stem
        published = find_published(extracted.text, meta_date=extracted.date, now=now)
    else:
        # no main text found: keep everything readable rather than nothing
        whole = html_to_text(charset.decode(data, str(path)))
        text = clean_text(whole)
        title, source, published = "", path.stem, find_published(whole, now=now)
    if not text.strip():
        raise InputError(f"{path}: no text in the HTML")
    if not title:
        title = find_title(text.split("\n\n"))[0]
    return LocalDocument(path, title, text, published, source, "html")


def _host(url: str | None) -> str | None:
    if not url or not url.startswith(("http://", "https://")):
        return None
    return urlsplit(url).hostname


def iter_documents(
    paths: Sequence[Path], now: datetime | None = None
) -> Iterator[LocalDocument | InputError]:
    """Every document under `paths` (directories recursively, sorted, hidden files skipped);
    a file that cannot be loaded is yielded as its InputError, and the walk goes on. A
    symbolic link is followed only when its target stays inside the directory given (a link
    to /etc/passwd is skipped and reported, as is a link loop); a file over MAX_FILE_BYTES
    is skipped unread."""
    for path in paths:
        if path.is_dir():
            yield from _walk(path, now)
        elif path.exists():
            yield from _load(path, now)
        else:
            yield InputError(f"{path}: no such file or directory")


def _walk(root: Path, now: datetime | None = None) -> Iterator[LocalDocument | InputError]:
    top = root.resolve()
    found = []
    for p in sorted(root.rglob("*")):
        if any(part.startswith(".") for part in p.relative_to(root).parts):
            continue
        if p.is_symlink():
            try:
                target = p.resolve(strict=True)
            except (RuntimeError, OSError) as exc:  # a loop, or a dangling link
                reason = "a symbolic link loop" if _is_loop(exc) else "a broken symbolic link"
                yield InputError(f"{p}: {reason}, skipped")
                continue
            if not target.is_relative_to(top):
                yield InputError(f"{p}: a symbolic link out of {root} (to {target}), not followed")
                continue
        if p.suffix.lower() in KINDS and p.is_file():
            found.append(p)
    for file in found:
        yield from _load(file, now)


def _is_loop(exc: BaseException) -> bool:
    return isinstance(exc, RuntimeError) or getattr(exc, "errno", None) == errno.ELOOP


def _load(file: Path, now: datetime | None = None) -> Iterator[LocalDocument | InputError]:
    try:
        yield load_document(file, now)
    except InputError as error:
        yield error
