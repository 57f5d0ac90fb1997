"""The SSRF guard: refused URLs never reach a server; the address policy covers every range."""

from __future__ import annotations

import ipaddress
import shutil
import socket
import ssl
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from httpserver import LoopbackServer

from monitor.errors import BlockedURLError, FetchError
from monitor.net import netguard
from monitor.net.fetch import Fetcher
from monitor.net.netguard import check_url, is_public_address, parse_inet_aton


def fake_resolver(
    table: dict[str, list[str]], calls: list[str] | None = None
) -> Callable[..., Any]:
    """A getaddrinfo stand-in: the DNS answers a hostile feed's domain could give."""

    def resolve(host: str, port: int, *args: object) -> list[tuple[Any, ...]]:
        if calls is not None:
            calls.append(host)
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [
            (
                socket.AF_INET6 if ":" in ip else socket.AF_INET,
                socket.SOCK_STREAM,
                6,
                "",
                (ip, port),
            )
            for ip in table[host]
        ]

    return resolve


@pytest.fixture
def guarded() -> Iterator[Fetcher]:
    resolve = fake_resolver(
        {"evil.example": ["127.0.0.1"], "mixed.example": ["93.184.216.34", "127.0.0.1"]}
    )
    with Fetcher(allow_private=False, resolve=resolve) as f:
        yield f


REFUSED = [
    ("loopback", "http://127.0.0.1:{port}/"),
    ("loopback-ipv6", "http://[::1]:{port}/"),
    ("decimal", "http://2130706433:{port}/"),
    ("hex", "http://0x7f.0.0.1:{port}/"),
    ("short", "http://127.1:{port}/"),
    ("octal", "http://0177.0.0.1:{port}/"),
    ("v4-mapped", "http://[::ffff:127.0.0.1]:{port}/"),
    ("localhost", "http://localhost:{port}/"),
    ("sub-localhost", "http://feeds.localhost:{port}/"),
    ("dns-to-loopback", "http://evil.example:{port}/"),
    ("dns-any-answer-private", "http://mixed.example:{port}/"),
    ("unspecified", "http://0.0.0.0:{port}/"),
]


@pytest.mark.parametrize("template", [t for _, t in REFUSED], ids=[i for i, _ in REFUSED])
def test_refused_before_any_request(
    http_server: LoopbackServer, guarded: Fetcher, template: str
) -> None:
    url = template.format(port=http_server.port)
    with pytest.raises(BlockedURLError) as info:
        guarded.fetch(url)
    assert info.value.url == url
    assert http_server.requests == []


def test_cloud_metadata_refused(guarded: Fetcher) -> None:
    with pytest.raises(BlockedURLError, match="169.254.169.254"):
        guarded.fetch("http://169.254.169.254/latest/meta-data/")


def test_resolved_once_and_checked_at_connect(http_server: LoopbackServer) -> None:
    # check_url cannot know where a name goes; the backend must refuse after its one lookup.
    calls: list[str] = []
    resolve = fake_resolver({"evil.example": ["127.0.0.1"]}, calls)
    check_url(f"http://evil.example:{http_server.port}/")  # passes: it is a name
    with (
        Fetcher(resolve=resolve) as fetcher,
        pytest.raises(BlockedURLError, match="resolves to refused address 127.0.0.1"),
    ):
        fetcher.fetch(f"http://evil.example:{http_server.port}/")
    assert calls == ["evil.example"] and http_server.requests == []


@pytest.mark.parametrize("host", ["127.1", "2130706433", "0x7f.0.0.1", "localhost"])
def test_backend_refuses_alternate_spellings_with_real_resolver(host: str) -> None:
    # Even if a URL slipped past check_url, the socket is never opened.
    backend = netguard.GuardedBackend(netguard.public_only)
    with pytest.raises(netguard.AddressRefused):
        backend.connect_tcp(host, 80, timeout=1)


def _only(port: int) -> netguard.AddressPolicy:
    def policy(ip: netguard.IPAddress, p: int) -> bool:
        return str(ip) == "127.0.0.1" and p == port

    return policy


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.1:{inner}/secret",
        "http://evil.example:{inner}/secret",
        "http://[::1]:{inner}/secret",
        "http://2130706433:{inner}/secret",
    ],
    ids=["to-literal-ip", "to-name-resolving-inside", "to-ipv6-loopback", "to-decimal-ip"],
)
def test_redirect_into_refused_address(http_server: LoopbackServer, target: str) -> None:
    # The first server is allowed by the policy; the hop it redirects to is not.
    with LoopbackServer() as inner:
        inner.routes["/secret"] = (200, {}, b"metadata")
        http_server.routes["/go"] = (302, {"Location": target.format(inner=inner.port)}, b"")
        resolve = fake_resolver({"evil.example": ["127.0.0.1"]})
        with Fetcher(address_policy=_only(http_server.port), resolve=resolve) as fetcher:
            with pytest.raises(BlockedURLError) as info:
                fetcher.fetch(http_server.url("/go"))
        assert inner.requests == []
    assert info.value.url == http_server.url("/go")
    assert http_server.paths() == ["/go"]


BAD_SCHEMES = [
    "javascript:alert(1)",
    "file:///etc/passwd",
    "data:text/html,<script>alert(1)</script>",
    "ftp://example.com/feed.xml",
    "gopher://127.0.0.1:6379/_INFO",
    "//example.com/no-scheme",
]


@pytest.mark.parametrize("allow_private", [False, True], ids=["guarded", "allow-private"])
@pytest.mark.parametrize("url", BAD_SCHEMES, ids=lambda u: u.split(":")[0] or "relative")
def test_scheme_policy_is_never_disabled(url: str, allow_private: bool) -> None:
    with Fetcher(allow_private=allow_private) as fetcher, pytest.raises(BlockedURLError):
        fetcher.fetch(url)


def test_redirect_to_file_scheme_refused(http_server: LoopbackServer) -> None:
    http_server.routes["/go"] = (301, {"Location": "file:///etc/passwd"}, b"")
    with Fetcher(allow_private=True) as fetcher:
        with pytest.raises(BlockedURLError, match="redirect to file:"):
            fetcher.fetch(http_server.url("/go"))


def test_refusal_is_logged(guarded: Fetcher, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("WARNING", logger="monitor.net.fetch"), pytest.raises(BlockedURLError):
        guarded.fetch("http://127.1/")
    assert any(
        "http://127.1/" in r.getMessage() and "refused" in r.getMessage() for r in caplog.records
    )


def test_allow_private_connects_by_ip_but_keeps_the_host_name(http_server: LoopbackServer) -> None:
    http_server.routes["/"] = (200, {}, b"ok")
    resolve = fake_resolver({"news.example": ["127.0.0.1"]})
    with Fetcher(allow_private=True, resolve=resolve) as fetcher:
        assert fetcher.fetch(f"http://news.example:{http_server.port}/").content == b"ok"
    assert http_server.requests[0].headers["host"] == f"news.example:{http_server.port}"


@pytest.fixture(scope="module")
def tls_cert(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl not installed")
    d = tmp_path_factory.mktemp("tls")
    cert, key = d / "cert.pem", d / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
         "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "2",
         "-subj", "/CN=news.example", "-addext", "subjectAltName=DNS:news.example"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.mark.parametrize(("name", "ok"), [("news.example", True), ("other.example", False)])
def test_tls_verifies_the_host_name_not_the_ip(
    tls_cert: tuple[Path, Path], name: str, ok: bool
) -> None:
    # The socket goes to 127.0.0.1, yet SNI and the certificate check must use the URL's name.
    cert, key = tls_cert
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(cert, key)
    client_ctx = ssl.create_default_context(cafile=str(cert))
    resolve = fake_resolver({"news.example": ["127.0.0.1"], "other.example": ["127.0.0.1"]})
    with LoopbackServer({"/": (200, {}, b"secure")}, tls=server_ctx) as server:
        with Fetcher(allow_private=True, resolve=resolve, verify=client_ctx) as fetcher:
            url = f"https://{name}:{server.port}/"
            if ok:
                assert fetcher.fetch(url).content == b"secure"
            else:
                with pytest.raises(FetchError, match="CERTIFICATE_VERIFY_FAILED|match"):
                    fetcher.fetch(url)


NON_PUBLIC = [
    "127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
    "100.64.0.1", "100.127.255.254", "0.0.0.0", "0.1.2.3", "255.255.255.255", "224.0.0.1",
    "239.255.255.250", "240.0.0.1", "198.18.0.1", "198.19.255.255", "192.0.2.1",
    "198.51.100.7", "203.0.113.9", "192.0.0.8",
    "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "fec0::1", "ff02::1", "2001:db8::1",
    "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::7f00:1", "::8.8.8.8",
    "64:ff9b::7f00:1", "64:ff9b::a00:1", "64:ff9b:1::808:808", "2002:7f00:1::", "2002:a00:1::1",
    "2001:0:4136:e378:8000:63bf:80ff:fffe",  # Teredo, client 127.0.0.1
    "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo, public client: still not global
    "100::1",
]  # fmt: skip
PUBLIC = [
    "8.8.8.8", "93.184.216.34", "1.1.1.1", "100.128.0.1", "172.32.0.1", "2606:4700::1111",
    "2a00:1450:4001:80b::200e", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1",
]  # fmt: skip


@pytest.mark.parametrize("address", NON_PUBLIC, ids=NON_PUBLIC)
def test_non_public_addresses(address: str) -> None:
    assert not is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", PUBLIC, ids=PUBLIC)
def test_public_addresses(address: str) -> None:
    assert is_public_address(ipaddress.ip_address(address))


def test_is_global_alone_would_be_wrong() -> None:
    # Pins why the explicit tables exist (seen with Python 3.11's ipaddress).
    for tricky in ("224.0.0.1", "64:ff9b::7f00:1"):
        assert ipaddress.ip_address(tricky).is_global
        assert not is_public_address(ipaddress.ip_address(tricky))


@pytest.mark.parametrize(
    ("host", "expected"),
    [("2130706433", "127.0.0.1"), ("0x7f.0.0.1", "127.0.0.1"), ("0177.0.0.1", "127.0.0.1"),
     ("127.1", "127.0.0.1"), ("10.1", "10.0.0.1"), ("192.168.257", "192.168.1.1"),
     ("0x7f000001", "127.0.0.1"), ("1.2.3.4", "1.2.3.4"), ("example.com", None),
     ("1.2.3.4.5", None), ("256.1.1.1", None), ("08.0.0.1", None), ("", None)],
)  # fmt: skip
def test_parse_inet_aton(host: str, expected: str | None) -> None:
    got = parse_inet_aton(host)
    assert (str(got) if got else None) == expected
    if expected is not None:  # agrees with the C library, which is what getaddrinfo uses
        assert socket.inet_aton(host) == ipaddress.IPv4Address(expected).packed


def test_check_url_returns_the_parsed_url_for_public_hosts() -> None:
    assert check_url("https://example.com/a?b=1").host == "example.com"
    assert check_url("http://93.184.216.34/").host == "93.184.216.34"
    with pytest.raises(BlockedURLError, match="not public"):
        check_url("http://[fd00::1]/")
    check_url("http://10.0.0.1/", policy=None)  # MONITOR_ALLOW_PRIVATE
