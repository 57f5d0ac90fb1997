"""extract_html on a fixture page and hostile input; the bounded runner's deadline and budget."""

from __future__ import annotations

import logging
import os
import random
from pathlib import Path

import pytest

from monitor.extract import Extracted, decode_html, extract_html, extract_html_bounded

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
    with caplog.at_level(logging.WARNING, logger="monitor.extract"):
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
    assert decode_html(data) == expected


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
    with caplog.at_level(logging.WARNING, logger="monitor.extract"):
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
    with caplog.at_level(logging.WARNING, logger="monitor.extract"):
        assert extract_html_bounded(os.urandom(2_000), max_bytes=1_000) is None
    assert "cap" in caplog.text
