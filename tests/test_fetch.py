"""Fetcher over a real loopback server: bodies, conditional GET, errors, caps, deadline."""

from __future__ import annotations

import email.utils
import gzip
import threading
import tracemalloc
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import brotli
import pytest
from httpserver import LoopbackServer, Reply, drip

from monitor.errors import FetchError, RetryLater, TooLargeError
from monitor.net.fetch import USER_AGENT, Fetcher, parse_retry_after

MB = 1024 * 1024


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(allow_private=True) as f:
        yield f


def test_200_body_headers_and_charset(http_server: LoopbackServer, fetcher: Fetcher) -> None:
    http_server.routes["/page"] = (
        200,
        {"Content-Type": "text/HTML; charset=ISO-8859-1", "X-Thing": "1"},
        "café".encode("latin-1"),
    )
    result = fetcher.fetch(http_server.url("/page"))
    assert (result.status, result.content, result.not_modified) == (200, b"caf\xe9", False)
    assert (result.content_type, result.charset) == ("text/html", "iso-8859-1")
    assert result.headers["x-thing"] == "1"
    assert result.final_url == result.url == http_server.url("/page")
    sent = http_server.requests[0].headers
    assert sent["user-agent"] == USER_AGENT
    assert sent["accept-encoding"] == "gzip, deflate, br"


def _conditional(h: BaseHTTPRequestHandler) -> Reply:
    validators = {"ETag": '"v1"', "Last-Modified": "Wed, 21 Oct 2026 07:28:00 GMT"}
    if h.headers.get("If-None-Match") == '"v1"' or h.headers.get("If-Modified-Since"):
        return 304, validators, b""
    return 200, validators, b"<rss/>"


@pytest.mark.parametrize(
    "validators",
    [{"etag": '"v1"'}, {"last_modified": "Wed, 21 Oct 2026 07:28:00 GMT"}],
    ids=["etag", "last-modified"],
)
def test_conditional_get_304(
    http_server: LoopbackServer, fetcher: Fetcher, validators: dict[str, str]
) -> None:
    http_server.routes["/feed"] = _conditional
    first = fetcher.fetch(http_server.url("/feed"))
    assert first.content == b"<rss/>" and first.etag == '"v1"'
    again = fetcher.fetch(http_server.url("/feed"), **validators)
    assert again.not_modified and again.status == 304 and again.content == b""
    assert again.etag == '"v1"' and again.last_modified == first.last_modified


@pytest.mark.parametrize("status", [404, 500, 410], ids=["404", "500", "410"])
def test_http_error_names_url_and_status(
    http_server: LoopbackServer, fetcher: Fetcher, status: int
) -> None:
    http_server.routes["/x"] = (status, {}, b"nope")
    url = http_server.url("/x")
    with pytest.raises(FetchError) as info:
        fetcher.fetch(url)
    assert not isinstance(info.value, RetryLater)
    assert info.value.url == url and f"HTTP {status}" in str(info.value)


def test_429_retry_after_seconds(http_server: LoopbackServer, fetcher: Fetcher) -> None:
    http_server.routes["/busy"] = (429, {"Retry-After": "120"}, b"")
    with pytest.raises(RetryLater) as info:
        fetcher.fetch(http_server.url("/busy"))
    assert info.value.retry_after == 120 and "HTTP 429" in str(info.value)


def test_503_retry_after_http_date(http_server: LoopbackServer) -> None:
    when = 1_800_000_000.0
    http_server.routes["/down"] = (
        503,
        {"Retry-After": email.utils.formatdate(when, usegmt=True)},
        b"",
    )
    with Fetcher(allow_private=True, now=lambda: when - 90) as fetcher:
        with pytest.raises(RetryLater) as info:
            fetcher.fetch(http_server.url("/down"))
    assert info.value.retry_after == 90


@pytest.mark.parametrize(
    ("header", "expected"),
    [("7", 7.0), ("Thu, 01 Jan 1970 00:01:40 GMT", 40.0), ("soon", None), (None, None)],
    ids=["seconds", "http-date", "garbage", "absent"],
)
def test_parse_retry_after(header: str | None, expected: float | None) -> None:
    assert parse_retry_after(header, now=60.0) == expected


def test_slow_drip_hits_the_deadline(http_server: LoopbackServer) -> None:
    http_server.routes["/drip"] = lambda h: (200, {}, drip(b"x" * 100, 0.5, http_server.stopping))
    with Fetcher(allow_private=True, deadline=2) as fetcher:
        with pytest.raises(FetchError, match="deadline exceeded after 2 s"):
            fetcher.fetch(http_server.url("/drip"))


def test_stalled_headers_hit_the_deadline_not_the_read_timeout(
    http_server: LoopbackServer,
) -> None:
    # Read timeout 20 s, deadline 1 s: the socket read itself must be cut at the deadline.
    http_server.routes["/stall"] = lambda h: http_server.stopping.wait(30) and None
    with Fetcher(allow_private=True, deadline=1, read_timeout=20) as fetcher:
        with pytest.raises(FetchError, match="deadline exceeded after 1 s"):
            fetcher.fetch(http_server.url("/stall"))


def test_redirect_loop(http_server: LoopbackServer, fetcher: Fetcher) -> None:
    http_server.routes["/a"] = (302, {"Location": "/b"}, b"")
    http_server.routes["/b"] = (301, {"Location": http_server.url("/a")}, b"")
    with pytest.raises(FetchError, match="too many redirects"):
        fetcher.fetch(http_server.url("/a"))
    assert len(http_server.requests) == 6  # the first request and 5 hops, no more


def test_relative_redirect_followed(http_server: LoopbackServer, fetcher: Fetcher) -> None:
    http_server.routes["/old"] = (308, {"Location": "new?x=1"}, b"")
    http_server.routes["/new"] = (200, {}, b"moved")
    result = fetcher.fetch(http_server.url("/old"))
    assert result.content == b"moved" and result.final_url == http_server.url("/new?x=1")
    assert result.url == http_server.url("/old")


@pytest.mark.parametrize(
    ("body", "reason"),
    [(b"x" * 5000, "Content-Length 5000"), ([b"x" * 1000] * 5, "decoded")],
    ids=["content-length", "chunked-no-length"],
)
def test_body_over_cap(http_server: LoopbackServer, body: bytes | list[bytes], reason: str) -> None:
    http_server.routes["/big"] = (200, {}, body)
    with Fetcher(allow_private=True, max_bytes=3000) as fetcher:
        with pytest.raises(TooLargeError, match=reason):
            fetcher.fetch(http_server.url("/big"))


def _gzip_bomb(size: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    zeros = bytes(MB)
    return b"".join(packer.compress(zeros) for _ in range(size // MB)) + packer.flush()


def _brotli_bomb(size: int) -> bytes:
    packer = brotli.Compressor(quality=5)
    zeros = bytes(MB)
    return b"".join(packer.process(zeros) for _ in range(size // MB)) + packer.finish()


@pytest.mark.parametrize(
    ("encoding", "make"), [("gzip", _gzip_bomb), ("br", _brotli_bomb)], ids=["gzip", "brotli"]
)
def test_decompression_bomb_stops_at_cap_without_inflating(
    http_server: LoopbackServer, encoding: str, make: object
) -> None:
    bomb = make(50 * MB)  # type: ignore[operator]
    assert len(bomb) < 100_000
    http_server.routes["/bomb"] = (200, {"Content-Encoding": encoding}, bomb)
    with Fetcher(allow_private=True, max_bytes=1 * MB) as fetcher:
        tracemalloc.start()
        try:
            with pytest.raises(TooLargeError, match="decoded"):
                fetcher.fetch(http_server.url("/bomb"))
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert peak < 8 * MB, f"peak {peak / MB:.1f} MB: the bomb was inflated"


@pytest.mark.parametrize(
    ("encoding", "pack"),
    [
        ("gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda b: zlib.compress(b)[2:-4]),  # raw deflate, as some servers send
        ("br", brotli.compress),
        ("identity", lambda b: b),
    ],
    ids=["gzip", "deflate-zlib", "deflate-raw", "brotli", "identity"],
)
def test_content_encoding_decoded(
    http_server: LoopbackServer, fetcher: Fetcher, encoding: str, pack: object
) -> None:
    text = ("Ukraine troop cap: 800,000. " * 5000).encode()
    http_server.routes["/enc"] = (200, {"Content-Encoding": encoding}, pack(text))  # type: ignore[operator]
    assert fetcher.fetch(http_server.url("/enc")).content == text


def test_corrupt_gzip_is_a_fetch_error(http_server: LoopbackServer, fetcher: Fetcher) -> None:
    http_server.routes["/bad"] = (200, {"Content-Encoding": "gzip"}, b"\x1f\x8bnot really gzip")
    with pytest.raises(FetchError, match="cannot decode gzip"):
        fetcher.fetch(http_server.url("/bad"))


def test_per_host_concurrency_limit(http_server: LoopbackServer) -> None:
    active, peak, lock = [0], [0], threading.Lock()

    def slow(h: BaseHTTPRequestHandler) -> Reply:
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        http_server.stopping.wait(0.2)
        with lock:
            active[0] -= 1
        return 200, {}, b"ok"

    http_server.routes["/slow"] = slow
    with Fetcher(allow_private=True, per_host=2) as fetcher:
        threads = [
            threading.Thread(target=fetcher.fetch, args=(http_server.url("/slow"),))
            for _ in range(6)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert len(http_server.requests) == 6 and peak[0] == 2


def test_cookies_are_never_sent_back(http_server: LoopbackServer, fetcher: Fetcher) -> None:
    http_server.routes["/set"] = (200, {"Set-Cookie": "track=1; Path=/"}, b"")
    http_server.routes["/next"] = (200, {}, b"")
    fetcher.fetch(http_server.url("/set"))
    fetcher.fetch(http_server.url("/next"))
    assert "cookie" not in http_server.requests[1].headers


def test_proxy_environment_is_ignored(
    http_server: LoopbackServer, fetcher: Fetcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A proxy would hide the real target from the SSRF guard; trust_env=False means none.
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("ALL_PROXY", "http://127.0.0.1:9")
    http_server.routes["/"] = (200, {}, b"direct")
    with Fetcher(allow_private=True) as fresh:
        assert fresh.fetch(http_server.url("/")).content == b"direct"


def test_connection_refused_is_a_fetch_error(fetcher: Fetcher) -> None:
    with LoopbackServer() as gone:
        url = gone.url("/")
    with pytest.raises(FetchError, match="connection failed"):
        fetcher.fetch(url)


def test_failures_are_logged_with_url_and_reason(
    http_server: LoopbackServer, fetcher: Fetcher, caplog: pytest.LogCaptureFixture
) -> None:
    url = http_server.url("/missing")
    with caplog.at_level("DEBUG", logger="monitor.net.fetch"), pytest.raises(FetchError):
        fetcher.fetch(url)
    assert any(url in r.getMessage() and "HTTP 404" in r.getMessage() for r in caplog.records)


def test_one_retry_after_parser_clamps_what_a_peer_asks() -> None:
    """Feeds and webhook receivers share the parser: an absurd Retry-After is a day, never an
    OverflowError (issue 14: one implementation per concept; issue 13: crashes on values)."""
    from monitor.alerts import webhook
    from monitor.net import fetch

    assert webhook.parse_retry_after is fetch.parse_retry_after
    now = 1_766_570_400.0  # 2025-12-24T10:00:00Z
    assert fetch.parse_retry_after("99999999999999999999", now) == fetch.RETRY_AFTER_MAX
    assert fetch.parse_retry_after("120", now) == 120.0
    assert fetch.parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", now) == fetch.RETRY_AFTER_MAX
    assert fetch.parse_retry_after("Wed, 24 Dec 2025 10:01:00 GMT", now) == 60.0
    assert fetch.parse_retry_after("soon", now) is None
