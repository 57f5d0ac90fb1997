"""Decides whether and how an untrusted URL is fetched: the one HTTP client of the project.

Every feed and page download goes through `Fetcher.fetch`: http(s) only, the SSRF guard at
the socket (`monitor.net.netguard`), redirects followed by hand (each hop re-checked), a size cap
on decoded bytes, an overall deadline, a per-host concurrency limit, conditional GET.

Errors (all `monitor.errors.FetchError`, message "<url>: <reason>"):
 FetchError          timeout, deadline, redirect loop, connection error, HTTP 4xx/5xx
  ├── BlockedURLError scheme or address refused before any byte was sent to it
  ├── TooLargeError   body over the cap (Content-Length or decoded bytes)
  └── RetryLater      HTTP 429/503; `retry_after` seconds when the server said
"""

from __future__ import annotations

import email.utils
import http.cookiejar
import logging
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC

import httpcore
import httpx

from monitor.errors import BlockedURLError, FetchError, RetryLater, TooLargeError
from monitor.net import netguard
from monitor.text.bodydecode import decoded

log = logging.getLogger("monitor.net.fetch")

USER_AGENT = "monitor/0.1 (+https://github.com/newswatch/monitor; news monitor)"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MB = 1024 * 1024


@dataclass(frozen=True)
class FetchResult:
    url: str  # as requested
    final_url: str  # after redirects
    status: int
    headers: dict[str, str]  # names lowercased
    content: bytes  # decoded from Content-Encoding; charset decoding is the caller's job
    etag: str | None
    last_modified: str | None
    not_modified: bool
    content_type: str | None  # media type only, lowercased
    charset: str | None  # from the Content-Type header
    elapsed: float  # seconds, whole fetch including redirects


RETRY_AFTER_MAX = 86400.0  # a day: a peer cannot park a feed or a delivery for longer


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a Retry-After header (delay-seconds or HTTP-date), clamped to
    [0, RETRY_AFTER_MAX]; None when absent or unreadable. The one parser for feeds and
    webhook receivers ("99999999999999999999" is a day, not an OverflowError)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        seconds = float(min(int(value[:12]), 10**11))
    else:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = when.timestamp() - now
    return min(max(seconds, 0.0), RETRY_AFTER_MAX)


class _GuardedTransport(httpx.HTTPTransport):
    """httpx's transport with the SSRF-checking network backend underneath."""

    def __init__(self, backend: httpcore.NetworkBackend, verify: ssl.SSLContext | bool) -> None:
        super().__init__(verify=verify, trust_env=False)
        # httpx 0.28 has no public hook for the network backend: replace the pool it built,
        # keeping its TLS settings (the SSRF tests prove the backend is really in the path).
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(verify=verify, trust_env=False),
            network_backend=backend,
        )


def deadline_client(verify: ssl.SSLContext | bool = True) -> httpx.Client:
    """An httpx client for trusted endpoints (webhook receivers: intranet addresses allowed)
    whose every socket operation ends by the `netguard.deadline` in force: a receiver that
    drips its reply one byte at a time cannot stretch an attempt past its deadline, which
    httpx's per-read timeout alone allows."""
    transport = _GuardedTransport(netguard.GuardedBackend(None), verify)
    return httpx.Client(transport=transport, trust_env=False, follow_redirects=False)


def _no_cookies() -> http.cookiejar.CookieJar:
    # One site's cookies must never ride along on a fetch of another (or track us across polls).
    return http.cookiejar.CookieJar(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))


class Fetcher:
    """Fetches untrusted URLs safely. Thread-safe; one instance per process is enough."""

    def __init__(
        self,
        *,
        allow_private: bool = False,
        address_policy: netguard.AddressPolicy | None = None,
        resolve: netguard.Resolver = socket.getaddrinfo,
        max_bytes: int = 10 * MB,
        deadline: float = 30.0,
        connect_timeout: float = 10.0,
        read_timeout: float = 20.0,
        per_host: int = 2,
        max_redirects: int = 5,
        user_agent: str = USER_AGENT,
        verify: ssl.SSLContext | bool = True,
        now: Callable[[], float] = time.time,
    ) -> None:
        self.policy = None if allow_private else (address_policy or netguard.public_only)
        self.max_bytes, self.deadline, self.max_redirects = max_bytes, deadline, max_redirects
        self._now = now
        self._per_host = per_host
        self._slots: dict[str, threading.Semaphore] = {}
        self._slots_lock = threading.Lock()
        transport = _GuardedTransport(netguard.GuardedBackend(self.policy, resolve), verify)
        self._client = httpx.Client(
            transport=transport,
            trust_env=False,  # a proxy variable would hide the real target from the guard
            follow_redirects=False,  # followed by hand so every hop is re-checked
            timeout=httpx.Timeout(read_timeout, connect=connect_timeout),
            headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate, br"},
            cookies=_no_cookies(),
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str | None = None,
    ) -> FetchResult:
        """GET `url`, conditionally when `etag`/`last_modified` are given (304: not_modified)."""
        headers = {"Accept": accept or "*/*"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            return self._fetch(url, headers)
        except FetchError as exc:
            # a refusal is a security event, logged here; any other failure is the caller's
            # to report (one line per failed feed, naming its URL once)
            if isinstance(exc, BlockedURLError):
                log.warning("fetch refused %s: %s", url, exc.reason)
            else:
                log.debug("fetch failed %s: %s", url, exc.reason)
            raise

    def _fetch(self, url: str, headers: dict[str, str]) -> FetchResult:
        started = time.monotonic()
        at = started + self.deadline
        current = self._check(url, url)
        for _ in range(self.max_redirects + 1):
            with self._host_slot(url, current, at), self._translate(url, current, at):
                response = self._client.send(
                    self._client.build_request("GET", current, headers=headers), stream=True
                )
                try:
                    target = _redirect_target(url, current, response)
                    if target is None:
                        return self._result(url, response, headers, started, at)
                finally:
                    response.close()
            current = self._check(url, target)
        raise FetchError(url, f"too many redirects (more than {self.max_redirects})")

    def _check(self, url: str, hop: str | httpx.URL) -> httpx.URL:
        where = "" if str(hop) == url else f"redirect to {hop}: "
        try:
            return netguard.check_url(hop, self.policy)
        except BlockedURLError as exc:
            raise BlockedURLError(url, where + exc.reason) from None
        except (httpx.InvalidURL, ValueError) as exc:  # a Location no client can follow
            raise FetchError(url, f"{where}bad URL: {exc}") from None

    @contextmanager
    def _host_slot(self, url: str, hop: httpx.URL, at: float) -> Iterator[None]:
        with self._slots_lock:
            slot = self._slots.setdefault(hop.host, threading.Semaphore(self._per_host))
        if not slot.acquire(timeout=max(0.0, at - time.monotonic())):
            raise FetchError(url, f"deadline exceeded after {self.deadline:g} s (host busy)")
        try:
            yield
        finally:
            slot.release()

    @contextmanager
    def _translate(self, url: str, hop: httpx.URL, at: float) -> Iterator[None]:
        """Turn transport failures into FetchErrors naming the URL; bound all I/O by `at`."""
        where = "" if str(hop) == url else f" (at {hop})"
        try:
            with netguard.deadline(at):
                yield
        except netguard.AddressRefused as exc:
            raise BlockedURLError(url, f"{exc}{where}") from None
        except httpx.InvalidURL as exc:  # not an HTTPError: a Location httpx cannot follow
            raise FetchError(url, f"bad URL{where}: {exc}") from None
        except httpx.TimeoutException as exc:
            if at - time.monotonic() < 0.05:
                raise FetchError(url, f"deadline exceeded after {self.deadline:g} s") from None
            raise FetchError(url, f"timed out: {type(exc).__name__}{where}") from None
        except httpx.HTTPError as exc:
            raise FetchError(
                url, f"connection failed: {exc or type(exc).__name__}{where}"
            ) from None

    def _result(
        self, url: str, response: httpx.Response, sent: dict[str, str], started: float, at: float
    ) -> FetchResult:
        status, final = response.status_code, str(response.url)
        where = "" if final == url else f" at {final}"
        if status in (429, 503):
            retry_after = parse_retry_after(response.headers.get("retry-after"), self._now())
            raise RetryLater(url, f"HTTP {status}{where}", retry_after)
        if status >= 300 and status != 304:
            raise FetchError(url, f"HTTP {status}{where}")
        not_modified = status == 304
        content = b"" if not_modified else self._read_body(url, response, at)
        mime = response.headers.get("content-type", "").split(";")[0].strip().lower()
        return FetchResult(
            url=url,
            final_url=final,
            status=status,
            headers={k.lower(): v for k, v in response.headers.items()},
            content=content,
            etag=response.headers.get("etag")
            or (sent.get("If-None-Match") if not_modified else None),
            last_modified=response.headers.get("last-modified")
            or (sent.get("If-Modified-Since") if not_modified else None),
            not_modified=not_modified,
            content_type=mime or None,
            charset=response.charset_encoding,
            elapsed=time.monotonic() - started,
        )

    def _read_body(self, url: str, response: httpx.Response, at: float) -> bytes:
        """The decoded body, refused as soon as it passes the cap (never inflated in full)."""
        cap = self.max_bytes
        length = response.headers.get("content-length", "")
        if length.isdigit() and int(length) > cap:
            raise TooLargeError(url, f"Content-Length {length} is over the {cap} byte cap")
        encoding = response.headers.get("content-encoding", "")
        body = bytearray()
        for piece in decoded(url, encoding, response.iter_raw()):
            body += piece
            if len(body) > cap:
                raise TooLargeError(url, f"body is over the {cap} byte cap (decoded)")
            # The socket reads are clamped too; this catches a drip that never blocks long.
            if time.monotonic() > at:
                raise FetchError(url, f"deadline exceeded after {self.deadline:g} s")
        return bytes(body)


def _redirect_target(url: str, current: httpx.URL, response: httpx.Response) -> httpx.URL | None:
    location = response.headers.get("location")
    if response.status_code not in REDIRECT_STATUSES or not location:
        return None
    try:
        return current.join(location)
    except httpx.InvalidURL as exc:
        raise FetchError(url, f"bad redirect Location {location!r}: {exc}") from None
