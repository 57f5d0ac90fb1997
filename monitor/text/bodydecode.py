"""Decides how a response body is decoded from its Content-Encoding, never beyond a bound.

httpx's own decoders inflate each network chunk in one call, so 64 KB of gzip can become
64 MB in memory before any cap is checked. These decoders yield at most 64 KB per step,
which lets the fetcher refuse a decompression bomb at its size cap.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator

import brotli

from monitor.errors import FetchError

_STEP = 64 * 1024  # most decoded bytes produced per decompress call


class _Zlib:
    """gzip/deflate with bounded output per call, so a bomb is refused at the cap, not in RAM."""

    def __init__(self, wbits: int | None) -> None:
        self._wbits = wbits
        self._d: zlib._Decompress | None = None

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._d is None:
            # "deflate" is zlib-wrapped per the RFC, raw in some servers: sniff the header.
            wbits = self._wbits
            if wbits is None:
                zlib_header = (
                    data[:1] and data[0] & 0x0F == 8 and int.from_bytes(data[:2]) % 31 == 0
                )
                wbits = zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS
            self._d = zlib.decompressobj(wbits)
        while not self._d.eof:
            out = self._d.decompress(data, _STEP)
            data = self._d.unconsumed_tail
            if out:
                yield out
            # A full output buffer may leave output pending even with no input left: go again.
            if not data and len(out) < _STEP:
                return

    def flush(self) -> Iterator[bytes]:
        if self._d is not None:
            yield self._d.flush(_STEP)


class _Brotli:
    def __init__(self) -> None:
        self._d = brotli.Decompressor()

    def feed(self, data: bytes) -> Iterator[bytes]:
        out = self._d.process(data, output_buffer_limit=_STEP)
        while out:
            yield out
            out = b"" if self._d.is_finished() else self._d.process(b"", output_buffer_limit=_STEP)

    def flush(self) -> Iterator[bytes]:
        return iter(())


class _Identity:
    def feed(self, data: bytes) -> Iterator[bytes]:
        yield data

    def flush(self) -> Iterator[bytes]:
        return iter(())


_DECODERS: dict[str, Callable[[], _Zlib | _Brotli | _Identity]] = {
    "gzip": lambda: _Zlib(zlib.MAX_WBITS | 16),
    "x-gzip": lambda: _Zlib(zlib.MAX_WBITS | 16),
    "deflate": lambda: _Zlib(None),
    "br": _Brotli,
    "identity": _Identity,
}


def decoded(url: str, encoding: str, chunks: Iterator[bytes]) -> Iterator[bytes]:
    """Decoded pieces of a body sent with Content-Encoding `encoding` (a chain, last first)."""
    names = [e.strip().lower() for e in encoding.split(",") if e.strip()]
    unknown = [n for n in names if n not in _DECODERS]
    if unknown:
        raise FetchError(url, f"unsupported Content-Encoding {unknown[0]!r}")
    stream = chunks
    for name in reversed(names):
        stream = _through(_DECODERS[name](), stream)
    try:
        yield from stream
    except (zlib.error, brotli.error) as exc:
        raise FetchError(url, f"cannot decode {encoding} body: {exc}") from None


def _through(decoder: _Zlib | _Brotli | _Identity, chunks: Iterator[bytes]) -> Iterator[bytes]:
    for chunk in chunks:
        yield from decoder.feed(chunk)
    yield from decoder.flush()
