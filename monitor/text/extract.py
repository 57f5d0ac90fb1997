"""Decides the main text and metadata of an HTML page; the only module that imports trafilatura.

`extract_html` never raises on bad input (random bytes, a PDF, undeclared encodings, empty
bodies, absurd nesting): it returns None and logs why. trafilatura has no deadline or memory
cap of its own (a 9.6 MB page of tables took 25 s and 1.1 GB), so untrusted pages go through
an `ExtractionPool`: persistent worker processes, each under an address-space limit, killed
and replaced when a page overruns its deadline. `extract_html_bounded` does the same for one
page in a process of its own.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

import trafilatura
from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura import metadata as md
from trafilatura.deduplication import LRUCache
from trafilatura.settings import Document
from trafilatura.utils import load_html

from monitor.errors import ExtractionError
from monitor.text import charset, dedup

log = logging.getLogger(__name__)

MAX_BYTES = 5_000_000

# Settings measured on the scrapinghub-aeb benchmark (bench/extraction_quality.py). Reader
# comments are left out. Tables are kept: an official situation report or bulletin states its
# figures in one ("People evacuated (total) | 7,200"), and the 181 pages' text F1 is higher
# with them (0.963 against 0.956 without, 2026-11-27).
TRAFILATURA_OPTIONS: dict[str, Any] = {
    "with_metadata": False,  # read by _metadata: the parts the pipeline uses
    "include_comments": False,
    "include_tables": True,
    "favor_precision": True,
}
# The first pass runs without trafilatura's fallback extractors (readability and jusText,
# about two fifths of a page's extraction time); they exist to rescue an extraction that came
# out empty or short, so the full cascade runs again, on a fresh tree, only when the first
# text is shorter than this: twice trafilatura's own minimum (MIN_EXTRACTED_SIZE, 250), the
# length at which its cascade judges another extractor's output substantial. On the 181
# scrapinghub pages 9 take the second pass (bench/NOTES.md, stop 21).
FULL_CASCADE_BELOW = 500
# htmldate: the full timestamp of first publication, not of the last modification
DATE_OPTIONS: dict[str, Any] = {
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
    "original_date": True,
    "extensive_search": True,
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
    # dedup's reading of `text`, derived by a pool worker beside the extraction (None in
    # process): the pipeline would otherwise redo it in the process that stores
    features: dedup.TextFeatures | None = field(default=None, compare=False, repr=False)


def extract_html(
    html: bytes | str, url: str | None = None, *, max_bytes: int = MAX_BYTES, date: bool = True
) -> Extracted | None:
    """Main text and metadata of a page, or None (logged) when there is none to be had.
    `date=False`: the caller has the publication date (a feed entry's), so the page's is not
    searched for (htmldate's search is about two fifths of a page's extraction time)."""
    size = len(html) if isinstance(html, bytes) else len(html.encode("utf-8", "replace"))
    if size > max_bytes:
        log.warning("not extracting %s: %d bytes over the %d-byte cap", url, size, max_bytes)
        return None
    if isinstance(html, bytes):
        if charset.looks_binary(html):
            log.info("not extracting %s: binary content", url)
            return None
        html = charset.decode(html, url or "")
    if not html.strip():
        log.info("not extracting %s: empty body", url)
        return None
    try:
        document = _bare_extraction(html, url, date)
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
    paragraphs = [" ".join(line.split()) for line in (document.text or "").split("\n")]
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


def _bare_extraction(html: str, url: str | None, date: bool = True) -> Document | None:
    """The page's main text (trafilatura.bare_extraction without its metadata pass) and the
    metadata the pipeline uses: title, canonical URL, site name and publication date, read
    by the library's own metadata functions on the same parsed tree. trafilatura's full
    metadata pass also looks for authors, categories, tags and a licence, which nothing here
    uses: skipping them made extraction about a third faster (bench/throughput.py) with the
    same text and dates on the 181 scrapinghub pages."""
    tree = load_html(html)
    if tree is None:
        return None
    meta = _metadata(tree, url, date)  # before the text: extraction prunes the tree in place
    document = _main_text(tree, url, fast=True)
    if document is None or len(document.text or "") < FULL_CASCADE_BELOW:
        fresh = load_html(html)  # the first pass pruned `tree`
        if fresh is not None:
            document = _main_text(fresh, url, fast=False) or document
    if document is None:
        return None
    if not isinstance(document, Document):
        raise TypeError(f"trafilatura returned {type(document).__name__}, not a Document")
    document.title, document.url = meta.title, meta.url
    document.sitename, document.date = meta.sitename, meta.date
    return document


def _main_text(tree: HtmlElement, url: str | None, *, fast: bool) -> Any:
    """trafilatura's text pass with monitor's options; `fast` skips the fallback extractors."""
    # a fresh cache per page: the library's default cache is process-wide, so a second
    # page repeating a paragraph (or a whole syndicated copy) would lose it
    return trafilatura.bare_extraction(
        tree, url=url, deduplicate=LRUCache(maxsize=4096), fast=fast, **TRAFILATURA_OPTIONS
    )


def _metadata(tree: HtmlElement, url: str | None, date: bool = True) -> Document:
    """trafilatura.metadata.extract_metadata's steps for title, URL, site name and date,
    in its order and with its clean-up, without the author, category, tag and licence
    searches (and without the date's when `date` is False)."""
    meta = md.examine_meta(tree)
    try:
        meta = md.extract_meta_json(tree, meta)
    except Exception as exc:  # the library guards this call the same way
        log.debug("JSON-LD metadata of %s unreadable: %s", url, exc)
    meta.title = meta.title or md.extract_title(tree)
    meta.url = meta.url or md.extract_url(tree, url)
    meta.date = find_date(tree, url=meta.url, **DATE_OPTIONS) if date else None
    meta.sitename = meta.sitename or md.extract_sitename(tree)
    if meta.sitename:
        meta.sitename = meta.sitename.lstrip("@")
        if meta.sitename and "." not in meta.sitename and not meta.sitename[0].isupper():
            meta.sitename = meta.sitename.title()
    elif meta.url and (host := md.META_URL.match(meta.url)):
        meta.sitename = host[1]
    meta.clean_and_trim()
    return meta


def _limit_memory(memory_mb: int) -> None:
    """Cap this process's address space at what it maps now plus `memory_mb`."""
    import resource

    limit = _vm_size() + memory_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _vm_size() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 256 * 1024 * 1024  # no procfs: assume a typical interpreter footprint


class _Collect(logging.Handler):
    """Keeps a page's log records so the parent logs them (a worker has no handlers)."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info:  # a traceback does not pickle: send its text
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg, record.args, record.exc_info = record.getMessage(), None, None
        self.records.append(record)


def _serve(conn: Connection, max_bytes: int, memory_mb: int) -> None:
    """A pool worker: pages in; (result, reason, log records, last) out until the pipe closes
    or it answers last=True, after a MemoryError or once its footprint has grown by half its
    budget: a heap that grew would shrink every later page's budget (and libxml2 reports a
    failed allocation as an unparsable page, not as a MemoryError)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _limit_memory(memory_mb)
    grown = _vm_size() + memory_mb * 1024 * 1024 // 2
    collect = _Collect()
    log.addHandler(collect)
    log.setLevel(logging.INFO)
    log.propagate = False
    while True:
        try:
            html, url, date = conn.recv()
        except (EOFError, OSError):
            return
        collect.records = []
        result, reason = None, None
        try:
            result = extract_html(html, url, max_bytes=max_bytes, date=date)
            if result is not None:
                result = replace(result, features=dedup.text_features(result.text))
        except MemoryError:
            reason = f"over the {memory_mb} MB memory budget"
        del html
        last = reason is not None or _vm_size() > grown
        conn.send((result, reason, collect.records, last))
        if last:
            return


_CONTEXT: multiprocessing.context.ForkServerContext | None = None


def _context() -> multiprocessing.context.ForkServerContext:
    """A forkserver: children fork from a single-threaded server with trafilatura loaded,
    so they start fast and never inherit the service's threads or locks."""
    global _CONTEXT
    if _CONTEXT is None:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["monitor.text.extract", "monitor.text.dedup"])
        _CONTEXT = ctx
    return _CONTEXT


@dataclass(eq=False)  # hashed by identity: kept in a set
class _Worker:
    process: BaseProcess
    conn: Connection
    pages: int = 0

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()  # it holds nothing that needs a clean exit
        self.process.join(timeout=5)
        self.conn.close()


class ExtractionPool:
    """Persistent worker processes for `extract_html`, each capped at `max_memory_mb` over its
    own start-up footprint; a page gets `timeout_s`. A worker that overruns the deadline is
    killed, one that dies (memory limit, crash) is reaped; either is replaced on demand, and
    the page gives None with the reason logged. Thread-safe: callers share `workers`
    processes and wait while all are busy. Workers start when first needed and are recycled
    after `max_pages` pages (None: never), so a slow leak cannot eat the budget.

    After `close()` (or while it runs), `extract` raises ExtractionError: the caller stops,
    rather than storing the page as if it had no text.
    """

    def __init__(
        self,
        workers: int | None = None,
        *,
        timeout_s: float = 10.0,
        max_memory_mb: int = 512,
        max_bytes: int = MAX_BYTES,
        max_pages: int | None = 500,
    ) -> None:
        self.workers = workers or max(1, len(os.sched_getaffinity(0)))
        self.timeout_s, self.max_memory_mb = timeout_s, max_memory_mb
        self.max_bytes, self.max_pages = max_bytes, max_pages
        self._idle: list[_Worker] = []
        self._live: set[_Worker] = set()  # idle and busy
        self._starting = 0
        self._closed = False
        self._cond = threading.Condition()

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def extract(
        self, html: bytes | str, url: str | None = None, *, date: bool = True
    ) -> Extracted | None:
        """extract_html in a worker; None (logged) when over the size cap, the deadline or
        the memory budget, or when the worker died."""
        size = len(html)
        if size > self.max_bytes:  # refuse before paying for a copy of the page
            log.warning(
                "not extracting %s: %d bytes over the %d-byte cap", url, size, self.max_bytes
            )
            return None
        worker = self._acquire()
        reuse = False
        try:
            worker.conn.send((html, url, date))
            if not worker.conn.poll(self.timeout_s):
                log.warning(
                    "extraction of %s abandoned: over the %.1f s deadline", url, self.timeout_s
                )
                return None
            result, reason, records, last = worker.conn.recv()
            reuse = not last
        except (EOFError, OSError):
            if self._closed:
                raise ExtractionError(f"{url}: extraction pool closed") from None
            # the worker died without answering: the memory limit hit in C code, or a crash
            worker.process.join(timeout=5)
            log.warning(
                "extraction of %s failed: worker exited (code %s)", url, worker.process.exitcode
            )
            return None
        finally:
            self._release(worker, reuse)
        for record in records:
            if log.isEnabledFor(record.levelno):
                log.handle(record)
        if reason:
            log.warning("extraction of %s abandoned: %s", url, reason)
        return result

    def close(self) -> None:
        """Stop every worker, busy ones included; later calls raise ExtractionError."""
        with self._cond:
            self._closed = True
            idle, busy = self._idle, self._live.difference(self._idle)
            self._idle, self._live = [], set(busy)
            self._cond.notify_all()
        for worker in busy:  # its caller sees EOF and stops it
            if worker.process.is_alive():
                worker.process.kill()
        for worker in idle:
            worker.stop()

    def _acquire(self) -> _Worker:
        with self._cond:
            while True:
                if self._closed:
                    raise ExtractionError("extraction pool closed")
                if self._idle:
                    return self._idle.pop()
                if len(self._live) + self._starting < self.workers:
                    self._starting += 1
                    break
                self._cond.wait()
        try:  # outside the lock: the first start waits for the forkserver to import
            worker = self._start()
        except BaseException:
            with self._cond:
                self._starting -= 1
                self._cond.notify()
            raise
        with self._cond:
            self._starting -= 1
            closed = self._closed
            if not closed:
                self._live.add(worker)
        if closed:
            worker.stop()
            raise ExtractionError("extraction pool closed")
        return worker

    def _start(self) -> _Worker:
        ctx = _context()
        parent, child = ctx.Pipe()
        process = ctx.Process(
            target=_serve, args=(child, self.max_bytes, self.max_memory_mb), daemon=True
        )
        process.start()
        child.close()
        return _Worker(process, parent)

    def _release(self, worker: _Worker, reuse: bool) -> None:
        worker.pages += 1
        if self.max_pages is not None and worker.pages >= self.max_pages:
            reuse = False
        with self._cond:
            reuse = reuse and not self._closed
            if reuse:
                self._idle.append(worker)
            else:
                self._live.discard(worker)
            self._cond.notify()
        if not reuse:
            worker.stop()


def extract_html_bounded(
    html: bytes | str,
    url: str | None = None,
    *,
    timeout_s: float = 10.0,
    max_memory_mb: int = 512,
    max_bytes: int = MAX_BYTES,
    date: bool = True,
) -> Extracted | None:
    """extract_html in a fresh child process with a deadline and a memory budget; None if
    exceeded. For more than a page now and then, keep an ExtractionPool instead."""
    with ExtractionPool(
        1, timeout_s=timeout_s, max_memory_mb=max_memory_mb, max_bytes=max_bytes
    ) as pool:
        return pool.extract(html, url, date=date)
