"""Decides the main text and metadata of an HTML page; the only module that imports trafilatura.

`extract_html` never raises on bad input (random bytes, a PDF, undeclared encodings, empty
bodies, absurd nesting): it returns None and logs why. trafilatura has no deadline or memory
cap of its own (a 9.6 MB page of tables took 25 s and 1.1 GB), so untrusted pages go through
`extract_html_bounded`, which runs the extraction in a child process with an address-space
limit and kills it at the deadline.
"""

from __future__ import annotations

import codecs
import logging
import multiprocessing
import re
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

import trafilatura
from trafilatura.deduplication import LRUCache

log = logging.getLogger(__name__)

MAX_BYTES = 5_000_000

# Settings measured on the scrapinghub-aeb benchmark (bench/extraction_quality.py).
# Comments and tables are left out: reader comments and data tables are not article text.
TRAFILATURA_OPTIONS: dict[str, Any] = {
    "with_metadata": True,
    "include_comments": False,
    "include_tables": False,
    "favor_precision": True,
    # the full timestamp of first publication, not of the last modification
    "date_extraction_params": {
        "outputformat": "%Y-%m-%dT%H:%M:%S%z",
        "original_date": True,
        "extensive_search": True,
    },
}


@dataclass(frozen=True)
class Extracted:
    """Main text and metadata of one page; `date` is an ISO 8601 timestamp when found.

    `text` has one paragraph per line, paragraphs separated by a blank line, and does not
    repeat the title.
    """

    title: str | None
    text: str
    date: str | None
    sitename: str | None
    author: str | None
    canonical_url: str | None


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)


def decode_html(data: bytes) -> str:
    """Bytes of a page -> text: BOM, then <meta> charset, then UTF-8, then windows-1252.

    windows-1252 is the WHATWG default for undeclared pages; statistical guessers often
    pick a Central European code page for Latin text with a few accents ("crème" became
    "crčme").
    """
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    match = _META_CHARSET.search(data[:4096])
    if match:
        try:
            return data.decode(match.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass  # an unknown charset name: fall through to the guesses
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _looks_binary(data: bytes) -> bool:
    head = data[:4096]
    return head.startswith(b"%PDF") or head.count(b"\x00") > 0


def extract_html(
    html: bytes | str, url: str | None = None, *, max_bytes: int = MAX_BYTES
) -> Extracted | None:
    """Main text and metadata of a page, or None (logged) when there is none to be had."""
    size = len(html) if isinstance(html, bytes) else len(html.encode("utf-8", "replace"))
    if size > max_bytes:
        log.warning("not extracting %s: %d bytes over the %d-byte cap", url, size, max_bytes)
        return None
    if isinstance(html, bytes):
        if _looks_binary(html):
            log.info("not extracting %s: binary content", url)
            return None
        html = decode_html(html)
    if not html.strip():
        log.info("not extracting %s: empty body", url)
        return None
    try:
        # a fresh cache per page: the library's default cache is process-wide, so a second
        # page repeating a paragraph (or a whole syndicated copy) would lose it
        document = trafilatura.bare_extraction(
            html, url=url, deduplicate=LRUCache(maxsize=4096), **TRAFILATURA_OPTIONS
        )
    except MemoryError:
        raise  # the bounded runner reports it; swallowing it here would hide the reason
    except RecursionError:
        log.warning("not extracting %s: document nested too deeply", url)
        return None
    except Exception:  # the library's failure modes are not documented; one page, one log line
        log.exception("extraction failed for %s", url)
        return None
    if document is None or not (document.text or "").strip():
        log.info("no main text found in %s", url)
        return None
    title = document.title or None
    paragraphs = [" ".join(line.split()) for line in document.text.split("\n")]
    if paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]  # the <h1> repeated as the first line of the body
    return Extracted(
        title=title,
        text="\n\n".join(p for p in paragraphs if p),
        date=document.date or None,
        sitename=document.sitename or None,
        author=document.author or None,
        canonical_url=document.url or None,
    )


def _child(
    conn: Connection, html: bytes | str, url: str | None, max_bytes: int, memory_mb: int
) -> None:
    import resource

    # the limit counts what the child already maps, plus the budget for this page
    baseline = _vm_size()
    limit = baseline + memory_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        conn.send((extract_html(html, url, max_bytes=max_bytes), None))
    except MemoryError:
        conn.send((None, f"over the {memory_mb} MB memory budget"))
    finally:
        conn.close()


def _vm_size() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 256 * 1024 * 1024  # no procfs: assume a typical interpreter footprint


_CONTEXT: multiprocessing.context.BaseContext | None = None


def _context() -> multiprocessing.context.BaseContext:
    """A forkserver: children fork from a single-threaded server with trafilatura loaded,
    so they start fast and never inherit the service's threads or locks."""
    global _CONTEXT
    if _CONTEXT is None:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["monitor.extract"])
        _CONTEXT = ctx
    return _CONTEXT


def extract_html_bounded(
    html: bytes | str,
    url: str | None = None,
    *,
    timeout_s: float = 10.0,
    max_memory_mb: int = 512,
    max_bytes: int = MAX_BYTES,
) -> Extracted | None:
    """extract_html in a child process with a deadline and a memory budget; None if exceeded."""
    size = len(html) if isinstance(html, bytes) else len(html)
    if size > max_bytes:  # refuse before paying for a process and a copy of the page
        log.warning("not extracting %s: %d bytes over the %d-byte cap", url, size, max_bytes)
        return None
    ctx = _context()
    receiver, sender = ctx.Pipe(duplex=False)
    process = ctx.Process(
        target=_child, args=(sender, html, url, max_bytes, max_memory_mb), daemon=True
    )
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout_s):
            log.warning("extraction of %s abandoned: over the %.1f s deadline", url, timeout_s)
            return None
        result, reason = receiver.recv()
    except (EOFError, OSError):
        # the child died without answering: killed by the memory limit or a crash in C code
        process.join(timeout=5)
        log.warning("extraction of %s failed: worker exited (code %s)", url, process.exitcode)
        return None
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join(timeout=5)
    if reason:
        log.warning("extraction of %s abandoned: %s", url, reason)
    return result
