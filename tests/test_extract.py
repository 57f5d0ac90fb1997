"""extract_html on a fixture page and hostile input; the bounded runner's and the worker
pool's deadline, memory budget, concurrency and shutdown."""

from __future__ import annotations

import logging
import multiprocessing
import os
import random
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from monitor.errors import ExtractionError
from monitor.text import charset, dedup
from monitor.text.extract import (
    Extracted,
    ExtractionPool,
    extract_html,
    extract_html_bounded,
)

DATA = Path(__file__).resolve().parent / "data" / "documents"
ARTICLE = (DATA / "article.html").read_bytes()
BODY = [
    "The harbour bridge reopened to traffic on Thursday after eight months of repairs that "
    "cost the city 42 million euros, officials said.",
    "The mayor said the crossing would carry about 30,000 vehicles a day once the remaining "
    "lane restrictions are lifted next month.",
]
FURNITURE = [
    "cookies",
    "Accept all",
    "ADVERTISEMENT",
    "Most read",
    "Celebrity chef",
    "Leave a Reply",
    "will not be published",
    "Follow us",
    "SCRIPT-SHOULD-NOT",
    "Home",
]


def test_fixture_article() -> None:
    result = extract_html(ARTICLE, url="https://herald.example.org/news/bridge-reopens")
    assert isinstance(result, Extracted)
    assert result.title == "Harbour bridge reopens after repairs"
    assert result.sitename == "Coastal Herald"
    assert result.date == "2025-11-20T09:30:00+0000"
    assert result.canonical_url == "https://herald.example.org/news/bridge-reopens"
    paragraphs = result.text.split("\n\n")
    for paragraph in BODY:
        assert paragraph in paragraphs
    assert paragraphs[0] != result.title  # the <h1> is not repeated in the body
    for fragment in FURNITURE:
        assert fragment not in result.text


def test_same_page_many_times_keeps_its_text() -> None:
    # regression: trafilatura's deduplicate=True uses one process-wide cache, so from the
    # third extraction on, a page already seen came back as None
    results = [extract_html(ARTICLE) for _ in range(5)]
    assert all(r is not None and r.text == results[0].text for r in results)


def _nested_divs() -> bytes:
    return b"<html><body>" + b"<div>" * 100_000 + b"deep" + b"</div>" * 100_000 + b"</body></html>"


@pytest.mark.parametrize(
    "payload",
    [
        random.Random(7).randbytes(20_000),
        b"%PDF-1.4\n" + random.Random(8).randbytes(5_000),
        b"",
        b"   \n\t ",
        "<html><body><p>caf\xe9 cr\xe8me</p></body></html>".encode("latin-1"),
        _nested_divs(),
        "<html><body><p>text</p>",
        b"\xff\xfe" + "<p>utf16</p>".encode("utf-16-le"),
    ],
    ids=["random", "pdf", "empty", "blank", "latin1-undeclared", "nested-100k", "str", "utf16-bom"],
)
def test_hostile_input_never_raises(payload: bytes | str) -> None:
    result = extract_html(payload)
    assert result is None or isinstance(result.text, str)


def test_size_cap_refuses_with_reason(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="monitor.text.extract"):
        assert extract_html(ARTICLE, max_bytes=100) is None
    assert "over the 100-byte cap" in caplog.text


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("<p>café</p>".encode(), "<p>café</p>"),
        ("<p>crème</p>".encode("latin-1"), "<p>crème</p>"),  # undeclared: windows-1252
        (
            '<meta charset="windows-1251"><p>Мир</p>'.encode("cp1251"),
            '<meta charset="windows-1251"><p>Мир</p>',
        ),
        (b'<meta charset="no-such-charset"><p>x</p>', '<meta charset="no-such-charset"><p>x</p>'),
    ],
    ids=["utf8", "latin1", "declared-1251", "unknown-declared"],
)
def test_decode_html(data: bytes, expected: str) -> None:
    assert charset.decode(data) == expected


def test_latin1_page_decoded_as_western() -> None:
    result = extract_html((DATA / "latin1-undeclared.html").read_bytes())
    assert result is not None and "crème brûlée" in result.text and "déjà vu" in result.text


def test_bounded_returns_what_the_direct_call_returns() -> None:
    assert extract_html_bounded(ARTICLE, "https://x.example/a") == extract_html(
        ARTICLE, "https://x.example/a"
    )


def _table_page(size: int) -> str:
    row = "<tr>" + "<td><table><tr><td>cell text here</td></tr></table></td>" * 20 + "</tr>"
    return "<html><body><table>" + row * (size // len(row)) + "</table></body></html>"


@pytest.mark.timeout(15)
def test_ten_mb_of_nested_tables_is_cut_at_the_deadline(caplog: pytest.LogCaptureFixture) -> None:
    page = _table_page(10_000_000)
    with caplog.at_level(logging.WARNING, logger="monitor.text.extract"):
        result = extract_html_bounded(page, timeout_s=2.0, max_bytes=20_000_000)
    assert result is None
    assert "deadline" in caplog.text


@pytest.mark.timeout(15)
def test_memory_budget_bounds_the_worker() -> None:
    page = _table_page(10_000_000)
    assert (
        extract_html_bounded(page, timeout_s=12.0, max_memory_mb=64, max_bytes=20_000_000) is None
    )


def test_bounded_refuses_oversize_without_a_worker(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="monitor.text.extract"):
        assert extract_html_bounded(os.urandom(2_000), max_bytes=1_000) is None
    assert "cap" in caplog.text


# -- ExtractionPool: persistent workers with the same guarantees ------------------------------


def _children() -> set[int]:
    return {p.pid for p in multiprocessing.active_children() if p.pid is not None}


def test_pool_returns_what_the_direct_call_returns() -> None:
    with ExtractionPool(1) as pool:
        pooled = pool.extract(ARTICLE, "https://x.example/a")
    direct = extract_html(ARTICLE, "https://x.example/a")
    assert pooled == direct
    # the worker also reads the text for dedup, so the storing process need not
    assert pooled is not None and direct is not None and direct.features is None
    assert pooled.features == dedup.text_features(pooled.text)


@pytest.mark.timeout(20)
def test_pool_replaces_a_worker_past_the_deadline(caplog: pytest.LogCaptureFixture) -> None:
    before = _children()
    with ExtractionPool(1, timeout_s=2.0, max_bytes=20_000_000) as pool:
        assert pool.extract(ARTICLE) is not None
        first = _children() - before
        with caplog.at_level(logging.WARNING, logger="monitor.text.extract"):
            assert pool.extract(_table_page(10_000_000), "https://x.example/tables") is None
        assert "https://x.example/tables abandoned: over the 2.0 s deadline" in caplog.text
        assert pool.extract(ARTICLE) is not None
        second = _children() - before
    assert len(first) == len(second) == 1 and first != second
    assert _children() <= before


@pytest.mark.timeout(20)
def test_pool_worker_over_its_memory_budget_is_replaced(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # one 1.5 MB paragraph: trafilatura's string handling needs far more than 16 MB for it
    page = "<html><body><article><p>" + "word " * 300_000 + "</p></article></body></html>"
    with ExtractionPool(1, timeout_s=12.0, max_memory_mb=16, max_bytes=20_000_000) as pool:
        with caplog.at_level(logging.WARNING, logger="monitor.text.extract"):
            assert pool.extract(page, "https://x.example/big") is None
        assert "https://x.example/big abandoned: over the 16 MB memory budget" in caplog.text
        assert pool.extract(ARTICLE) == extract_html(ARTICLE)


@pytest.mark.timeout(30)
def test_pool_serves_many_threads_with_its_workers() -> None:
    urls = [f"https://x.example/{n}" for n in range(12)]
    before = _children()
    with ExtractionPool(2) as pool, ThreadPoolExecutor(6) as threads:
        results = list(threads.map(lambda u: pool.extract(ARTICLE, u), urls))
        assert len(_children() - before) <= 2
    expected = extract_html(ARTICLE, urls[0])
    assert all(r is not None and r.text == expected.text for r in results)  # type: ignore[union-attr]
    assert _children() <= before


def test_pool_recycles_a_worker_after_max_pages() -> None:
    before = _children()
    with ExtractionPool(1, max_pages=2) as pool:
        pids = []
        for _ in range(3):
            assert pool.extract(ARTICLE) is not None
            pids.append(_children() - before)
    # the first worker retires after its second page; the third page gets a fresh one
    assert len(pids[0]) == len(pids[2]) == 1 and pids[1] == set() and pids[0] != pids[2]


def test_pool_relays_the_workers_log_lines(caplog: pytest.LogCaptureFixture) -> None:
    with ExtractionPool(1) as pool, caplog.at_level(logging.INFO, logger="monitor.text.extract"):
        assert pool.extract(b"<html><body></body></html>", "https://x.example/empty") is None
    assert "no main text found in https://x.example/empty" in caplog.text


def test_pool_refuses_oversize_without_a_worker(caplog: pytest.LogCaptureFixture) -> None:
    before = _children()
    with ExtractionPool(1, max_bytes=1_000) as pool:
        with caplog.at_level(logging.WARNING, logger="monitor.text.extract"):
            assert pool.extract(os.urandom(2_000)) is None
        assert _children() == before
    assert "cap" in caplog.text


@pytest.mark.timeout(20)
def test_closing_the_pool_stops_a_page_in_hand() -> None:
    # the service closes the pool on shutdown: an entry in hand must fail (and be redone on
    # the next poll), not be stored as if its page had no text
    pool = ExtractionPool(1, timeout_s=15.0, max_bytes=20_000_000)
    assert pool.extract(ARTICLE) is not None
    with ThreadPoolExecutor(1) as threads:
        pending = threads.submit(pool.extract, _table_page(10_000_000))
        time.sleep(0.5)
        started = time.monotonic()
        pool.close()
        with pytest.raises(ExtractionError):
            pending.result(timeout=10)
    assert time.monotonic() - started < 5
    with pytest.raises(ExtractionError):
        pool.extract(ARTICLE)


def test_the_date_search_can_be_skipped() -> None:
    """`date=False` (the caller has the entry's date): the same text, no date looked for."""
    page = (
        b"<html><head><meta property='article:published_time' content='2025-11-28T09:00:00Z'>"
        b"</head><body><article><h1>Talks resume</h1><p>"
        + b"Envoys met again in Geneva on Friday to discuss the revised plan. " * 6
        + b"</p></article></body></html>"
    )
    full, light = (
        extract_html(page, "https://x.example/a"),
        extract_html(page, "https://x.example/a", date=False),
    )
    assert full is not None and light is not None
    assert full.date is not None and full.date.startswith("2025-11-28")
    assert light.date is None and light.text == full.text and light.title == full.title


SCRAPINGHUB = Path("/work/shared/eval/extraction/scrapinghub-aeb")


def _cascade(html: bytes, *, fast: bool) -> str:
    """trafilatura's text pass with monitor's options, fallback extractors on or off."""
    import trafilatura
    from trafilatura.deduplication import LRUCache

    from monitor.text.extract import TRAFILATURA_OPTIONS

    found = trafilatura.bare_extraction(
        html, deduplicate=LRUCache(maxsize=4096), fast=fast, **TRAFILATURA_OPTIONS
    )
    return " ".join((found.text or "").split()) if found else ""


@pytest.mark.skipif(not SCRAPINGHUB.is_dir(), reason="shared eval data not present")
@pytest.mark.parametrize(
    ("page", "rescued"),
    [
        ("0ec95c7261", True),  # the main extractor alone finds nothing on these two
        ("f6ac15a4d9", True),
        ("e372e42c0a", True),  # or a fragment
        ("05844573ca", False),  # a full article: the first pass is the answer
    ],
)
def test_fallback_extractors_run_only_when_the_first_pass_is_short(
    page: str, rescued: bool
) -> None:
    """The first pass skips readability and jusText; a text shorter than FULL_CASCADE_BELOW
    goes through the whole cascade again, so a page only the fallbacks can read is still read
    in full, and a page the main extractor reads is not paid for twice."""
    import gzip

    from monitor.text.extract import FULL_CASCADE_BELOW

    (path,) = (SCRAPINGHUB / "html").glob(f"{page}*.html.gz")
    html = gzip.decompress(path.read_bytes())
    first, full = _cascade(html, fast=True), _cascade(html, fast=False)
    result = extract_html(html)
    assert result is not None
    got = " ".join(result.text.split())
    assert (len(first) < FULL_CASCADE_BELOW) is rescued
    if rescued:
        assert len(full) > 2 * len(first) and len(got) >= len(full) * 0.9
    else:
        assert len(got) >= len(first) * 0.9 and got[-200:] == first[-200:]
