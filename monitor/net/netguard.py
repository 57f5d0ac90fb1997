"""Decides which addresses the fetcher may connect to, and enforces it where the socket opens.

A URL string says little about where a connection goes: `2130706433`, `0x7f.0.0.1`, `127.1`
and `[::ffff:127.0.0.1]` all reach 127.0.0.1, and a public-looking name can resolve to a
private address (or to one on the next lookup: DNS rebinding). So the real check lives in
`GuardedBackend.connect_tcp`: resolve once, refuse if any answer is non-public, connect to
the checked literal. `check_url` is the cheap early refusal for links, before any I/O.

The backend also clamps every socket operation to the calling thread's fetch deadline,
because httpx's read timeout is per recv and a 1-byte drip never trips it.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import httpcore
import httpx

from monitor.errors import BlockedURLError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# (address, port) -> may we connect? Injectable so tests can allow exactly one loopback server.
AddressPolicy = Callable[[IPAddress, int], bool]
Resolver = Callable[..., list[tuple[Any, ...]]]

ALLOWED_SCHEMES = frozenset({"http", "https"})

_V4_BLOCKED = tuple(
    ipaddress.IPv4Network(n)
    for n in (
        "0.0.0.0/8",  # "this network", incl. unspecified
        "10.0.0.0/8",
        "100.64.0.0/10",  # CGNAT
        "127.0.0.0/8",
        "169.254.0.0/16",  # link-local, cloud metadata 169.254.169.254
        "172.16.0.0/12",
        "192.0.0.0/24",  # IETF protocol assignments
        "192.0.2.0/24",  # TEST-NET-1
        "192.88.99.0/24",  # 6to4 relay anycast
        "192.168.0.0/16",
        "198.18.0.0/15",  # benchmarking
        "198.51.100.0/24",  # TEST-NET-2
        "203.0.113.0/24",  # TEST-NET-3
        "224.0.0.0/4",  # multicast: is_global wrongly says True for 224.0.0.1
        "240.0.0.0/4",  # reserved, incl. broadcast
    )
)
_V6_BLOCKED = tuple(
    ipaddress.IPv6Network(n)
    for n in (
        "::/96",  # unspecified, loopback, deprecated IPv4-compatible
        "64:ff9b:1::/48",  # local-use NAT64
        "100::/64",  # discard-only
        "2001:db8::/32",  # documentation
        "3fff::/20",  # documentation (RFC 9637)
        "fc00::/7",  # unique local
        "fe80::/10",  # link-local
        "fec0::/10",  # site-local (deprecated)
        "ff00::/8",  # multicast
    )
)
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses a packet to `ip` would end up reaching (mapped, 6to4, NAT64, Teredo)."""
    found: list[ipaddress.IPv4Address] = []
    if ip.ipv4_mapped is not None:
        found.append(ip.ipv4_mapped)
    if ip.sixtofour is not None:
        found.append(ip.sixtofour)
    if ip in _NAT64:
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    if ip.teredo is not None:
        found.extend(ip.teredo)
    return found


def is_public_address(ip: IPAddress) -> bool:
    """True only for a globally routable unicast address that embeds no non-public IPv4."""
    if isinstance(ip, ipaddress.IPv4Address):
        return not any(ip in net for net in _V4_BLOCKED) and ip.is_global
    if any(ip in net for net in _V6_BLOCKED):
        return False
    embedded = _embedded_ipv4(ip)
    if embedded:
        # The v6 wrapper's own flags describe the wrapper, not where the packet goes.
        return all(is_public_address(v4) for v4 in embedded)
    return ip.is_global


def public_only(ip: IPAddress, port: int) -> bool:
    """The default address policy: any port, public addresses only."""
    return is_public_address(ip)


_INET_PART = re.compile(r"0[xX][0-9a-fA-F]*|0[0-7]*|[1-9][0-9]*")


def parse_inet_aton(host: str) -> ipaddress.IPv4Address | None:
    """The IPv4 address `inet_aton` (and so getaddrinfo) would read from `host`, if any.

    Covers the alternate spellings resolvers accept: 2130706433, 0x7f.0.0.1, 0177.0.0.1, 127.1.
    """
    parts = host.split(".")
    if not 1 <= len(parts) <= 4 or not all(_INET_PART.fullmatch(p) for p in parts):
        return None
    nums = [
        int(p, 16) if p[:2].lower() == "0x" else int(p, 8 if p != "0" and p[0] == "0" else 10)
        for p in parts
    ]
    *head, last = nums
    if any(n > 255 for n in head) or last >= 256 ** (4 - len(head)):
        return None
    value = 0
    for n in head:
        value = value << 8 | n
    return ipaddress.IPv4Address(value << 8 * (4 - len(head)) | last)


def host_address(host: str) -> IPAddress | None:
    """The literal address a URL host denotes, or None when it is a name to resolve."""
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return parse_inet_aton(host)


def check_url(url: str | httpx.URL, policy: AddressPolicy | None = public_only) -> httpx.URL:
    """Refuse, before any I/O, a URL that is not http(s) or names a refused address.

    `policy=None` disables the address checks (MONITOR_ALLOW_PRIVATE), never the scheme check.
    Names are not resolved here: `GuardedBackend` checks what they resolve to.
    """
    text = str(url)
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise BlockedURLError(text, f"invalid URL: {exc}") from None
    if parsed.scheme not in ALLOWED_SCHEMES:
        raise BlockedURLError(text, f"scheme {parsed.scheme or '(none)'!r} is not http(s)")
    host = parsed.host.rstrip(".").lower()
    if not host:
        raise BlockedURLError(text, "no host")
    if policy is None:
        return parsed
    if host == "localhost" or host.endswith(".localhost"):
        raise BlockedURLError(text, f"host {host!r} is local")
    ip = host_address(host)
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    if ip is not None and not policy(ip, port):
        raise BlockedURLError(text, f"address {ip} is not public")
    return parsed


class AddressRefused(Exception):
    """Raised inside the transport; the fetcher turns it into BlockedURLError with the URL.

    Not an httpcore error on purpose: httpx would rewrap it as a generic ConnectError.
    """


_local = threading.local()


@contextmanager
def deadline(at: float | None) -> Iterator[None]:
    """Clamp this thread's socket operations to end by `at` (time.monotonic())."""
    previous = getattr(_local, "at", None)
    _local.at = at
    try:
        yield
    finally:
        _local.at = previous


def _clamp(timeout: float | None, error: type[Exception]) -> float | None:
    at = getattr(_local, "at", None)
    if at is None:
        return timeout
    remaining = at - time.monotonic()
    if remaining <= 0:
        raise error("deadline exceeded")
    return remaining if timeout is None else min(timeout, remaining)


class _DeadlineStream(httpcore.NetworkStream):
    """A network stream whose every read/write ends by the fetch deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _clamp(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _clamp(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        # httpcore passes the URL's host name here, so SNI and certificate checks use the
        # name even though the TCP socket was opened to the checked literal IP.
        timeout = _clamp(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class GuardedBackend(httpcore.SyncBackend):
    """A network backend that resolves once, checks every answer, connects to the literal."""

    def __init__(self, policy: AddressPolicy | None, resolve: Resolver = socket.getaddrinfo):
        self._policy = policy
        self._resolve = resolve

    def _lookup(self, host: str, port: int) -> list[IPAddress]:
        literal = host_address(host)
        if literal is not None:  # read as the C library would, but without asking it
            return [literal]
        try:
            infos = self._resolve(host, port, 0, socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:
            raise httpcore.ConnectError(f"cannot resolve {host!r}: {exc}") from exc
        # Drop any IPv6 scope ("fe80::1%eth0") before parsing; the policy refuses those anyway.
        return list(dict.fromkeys(ipaddress.ip_address(i[4][0].split("%")[0]) for i in infos))

    def _addresses(self, host: str, port: int) -> list[IPAddress]:
        ips = self._lookup(host, port)
        if not ips:
            raise httpcore.ConnectError(f"cannot resolve {host!r}: no addresses")
        if self._policy is not None:
            refused = [ip for ip in ips if not self._policy(ip, port)]
            if refused:
                raise AddressRefused(f"{host} resolves to refused address {refused[0]}")
        return ips

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        ips = self._addresses(host, port)
        last: Exception | None = None
        for ip in ips:
            try:
                stream = super().connect_tcp(
                    str(ip),
                    port,
                    _clamp(timeout, httpcore.ConnectTimeout),
                    local_address,
                    socket_options,
                )
                return _DeadlineStream(stream)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        assert last is not None
        raise last
