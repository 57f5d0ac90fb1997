"""Who may change things, decided in one place. Pages are read-only unless
MONITOR_WEB_PASSWORD is set; then a login form gives a session cookie and every form carries
the session's CSRF token; the API takes HTTP basic auth and JSON bodies only (a cross-site
form cannot send JSON without the browser asking first). A wrong password is answered after
a delay and never logged."""

from __future__ import annotations

import asyncio
import base64
import binascii
import hmac
import logging
import secrets

log = logging.getLogger("monitor.web")

# seconds before a wrong password is answered: a guesser gets one try a second per thread
WRONG_PASSWORD_DELAY = 1.0

# every page: no script at all, styles and images from this server only, no framing
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def password_ok(given: str | None, password: str | None) -> bool:
    """Constant-time comparison; no password configured means nobody may write."""
    if not password or given is None:
        return False
    return hmac.compare_digest(given.encode(), password.encode())


async def wrong_password(where: str) -> None:
    """Answer a wrong password late, and log that it happened (never what was typed)."""
    await asyncio.sleep(WRONG_PASSWORD_DELAY)
    log.warning("web: %s refused (wrong password)", where)


def basic_password(header: str | None) -> str | None:
    """The password of an `Authorization: Basic ...` header (any user name), else None."""
    if not header or not header.lower().startswith("basic "):
        return None
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    _, sep, password = decoded.partition(":")
    return password if sep else None


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_ok(given: str | None, expected: str | None) -> bool:
    return bool(given and expected) and hmac.compare_digest(str(given), str(expected))
