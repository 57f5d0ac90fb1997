"""A real HTTP server on 127.0.0.1 for tests: routes in a dict, every request logged.

    # the `http_server` fixture (tests/conftest.py) is a started LoopbackServer

    def test_x(http_server):
        http_server.routes["/feed"] = (200, {"Content-Type": "text/xml"}, b"<rss/>")
        ... fetch(http_server.url("/feed")) ...
        assert [r.path for r in http_server.requests] == ["/feed"]

A route is either a `(status, headers, body)` tuple or a callable taking the request handler
and returning such a tuple (or None after writing the response itself, e.g. a slow drip).
`body` is bytes (Content-Length is added unless given) or an iterable of byte chunks, sent
with chunked transfer encoding and no Content-Length, so a handler can stream or stall.
Unknown paths get 404. GET, POST and PUT are served; `requests` records each with its body.
"""

from __future__ import annotations

import ssl
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Body = bytes | Iterable[bytes]
Reply = tuple[int, dict[str, str], Body]
Route = Reply | Callable[[BaseHTTPRequestHandler], Reply | None]


@dataclass(frozen=True)
class Recorded:
    method: str
    path: str
    headers: dict[str, str]  # names lowercased
    body: bytes = b""  # request body (POST/PUT), read by Content-Length


class LoopbackServer:
    """ThreadingHTTPServer on 127.0.0.1, port 0; `routes` may be changed while it runs."""

    def __init__(
        self, routes: dict[str, Route] | None = None, tls: ssl.SSLContext | None = None
    ) -> None:
        self.routes: dict[str, Route] = dict(routes or {})
        self.requests: list[Recorded] = []
        self.stopping = threading.Event()  # set on close: slow handlers should return
        self.scheme = "https" if tls else "http"
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_class(self))
        if tls is not None:
            self._httpd.socket = tls.wrap_socket(self._httpd.socket, server_side=True)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    def url(self, path: str = "/", host: str = "127.0.0.1") -> str:
        return f"{self.scheme}://{host}:{self.port}{path}"

    def paths(self) -> list[str]:
        with self._lock:
            return [r.path for r in self.requests]

    def record(self, request: Recorded) -> None:
        with self._lock:
            self.requests.append(request)

    def start(self) -> LoopbackServer:
        self._thread.start()
        return self

    def close(self) -> None:
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> LoopbackServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()


def _handler_class(server: LoopbackServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # chunked bodies and keep-alive, like real servers

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {k.lower(): v for k, v in self.headers.items()}
            server.record(Recorded(self.command, self.path, headers, body))
            route = server.routes.get(self.path.split("?")[0])
            if route is None:
                reply: Reply | None = (404, {"Content-Type": "text/plain"}, b"not found")
            elif callable(route):
                reply = route(self)
            else:
                reply = route
            if reply is not None:
                try:
                    send(self, *reply)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up on purpose (cap, deadline): not a test failure

        do_POST = do_PUT = do_GET  # noqa: N815 (a route sees the method in handler.command)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass  # keep test output quiet

    return Handler


def send(handler: BaseHTTPRequestHandler, status: int, headers: dict[str, str], body: Body) -> None:
    """Write one response; iterable bodies go out chunked, one chunk per item, flushed."""
    handler.send_response(status)
    for name, value in headers.items():
        handler.send_header(name, value)
    if isinstance(body, bytes):
        if not any(n.lower() == "content-length" for n in headers):
            handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)
        handler.wfile.flush()
        return
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    for chunk in body:
        if chunk:
            handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            handler.wfile.flush()
    handler.wfile.write(b"0\r\n\r\n")
    handler.wfile.flush()


def drip(data: bytes, interval: float, stop: threading.Event) -> Iterator[bytes]:
    """A body that yields one byte every `interval` seconds until `stop` (a slow-loris server)."""
    for i in range(len(data)):
        if stop.wait(interval):
            return
        yield data[i : i + 1]


# Registered under the name `http_server`; the function has another name so that importing it
# does not clash (ruff F811) with the test parameters that request it.
