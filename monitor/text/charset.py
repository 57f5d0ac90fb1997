"""The one byte decoder, for fetched pages and local files alike: a byte-order mark, then
the charset the document declares (<meta charset>, <?xml encoding>), then strict UTF-8.
After that a page is windows-1252 (the WHATWG default for undeclared pages), while a local
file (`strict`) gets charset_normalizer's guess when it is confident (Western Latin for
8-bit Latin text) and is refused, with the reason, when it is binary or nothing explains
its bytes."""

from __future__ import annotations

import codecs
import logging
import re

import charset_normalizer

from monitor.errors import InputError

log = logging.getLogger("monitor.text.charset")

# charset_normalizer's "chaos" (share of implausible characters) above this is a guess we
# do not trust
MAX_CHAOS = 0.2
# more control characters than this share of the first 8 KB means binary, not text
MAX_CONTROL_RATIO = 0.05
# code pages for Latin-script text; see `guess` for why they collapse to cp1252
_LATIN_SINGLE_BYTE = frozenset(
    "cp1250 cp1252 cp1254 cp1257 latin_1 iso8859_2 iso8859_3 iso8859_4 iso8859_9 iso8859_10 "
    "iso8859_13 iso8859_14 iso8859_15 iso8859_16 mac_roman mac_latin2 mac_iceland mac_turkish "
    "cp775 cp850 cp437".split()
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""",
    re.I,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def looks_binary(data: bytes) -> bool:
    """A PDF, a NUL byte, or control bytes over MAX_CONTROL_RATIO of the first 8 KB."""
    head = data[:8192]
    if head.startswith(b"%PDF") or b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte < 32 and byte not in b"\t\n\r\x0c")
    return controls > MAX_CONTROL_RATIO * len(head)


def guess(data: bytes) -> str | None:
    """charset_normalizer's best guess, or None when it is not confident. For short Latin
    text the detector cannot tell Western from Central/Baltic code pages ("crème" read as
    cp1257 gives "crčme"); undeclared 8-bit Latin text is overwhelmingly Western, so cp1252
    wins whenever it decodes the bytes at all."""
    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.chaos > MAX_CHAOS:
        return None
    encoding = codecs.lookup(best.encoding).name.replace("-", "_")
    if encoding in _LATIN_SINGLE_BYTE:
        try:
            data.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            pass
    return best.encoding


def decode(data: bytes, name: str = "", *, strict: bool = False) -> str:
    """Bytes -> text. With `strict`, InputError (naming `name` and the reason) for binary
    content and for bytes no encoding explains."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if strict and looks_binary(data):
        raise InputError(f"{name}: binary content (NUL or control bytes), not a text document")
    declared = _DECLARED.search(data[:4096])
    if declared:
        label = (declared.group(1) or declared.group(2)).decode("ascii")
        try:
            return data.decode(label, errors="strict" if strict else "replace")
        except (LookupError, UnicodeDecodeError):
            log.info("%s: declared charset %s does not decode it; guessing", name, label)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if not strict:
        # a page: windows-1252, as browsers do; a guesser reads the short Latin snippets
        # of feeds and pages as Arabic or Baltic code pages ("crème" became "crﻟme")
        return data.decode("cp1252", errors="replace")
    guessed = guess(data)
    if guessed is None:
        raise InputError(f"{name}: not UTF-8 and no encoding could be identified with confidence")
    text = data.decode(guessed, errors="replace")
    if strict and _CONTROL.search(text[:8192]):
        raise InputError(f"{name}: decodes as {guessed} only to control characters")
    return text
