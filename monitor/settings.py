"""Every MONITOR_* environment variable: its default, parser and validator, in one table.

No other module reads `os.environ`; the CLI calls `load()` once and passes the result down.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from monitor.errors import ConfigError


def _path(value: str) -> Path:
    return Path(value).expanduser()


def _bool(value: str) -> bool:
    v = value.strip().lower()
    if v in {"1", "true", "yes", "on"}:
        return True
    if v in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"expected 0/1/true/false, got {value!r}")


def _list(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


def _urls(value: str) -> tuple[str, ...]:
    urls = _list(value)
    for url in urls:
        if urlsplit(url).scheme not in {"http", "https"} or not urlsplit(url).netloc:
            raise ValueError(f"not an http(s) URL: {url!r}")
    return urls


def _secret(value: str) -> str | None:
    if not value:
        return None
    if not value.startswith("whsec_"):
        raise ValueError("must start with 'whsec_' (a Standard Webhooks secret)")
    return value


def _smtp_url(value: str) -> str | None:
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme not in {"smtp", "smtps"} or not parts.hostname:
        raise ValueError("expected smtp://[user:pass@]host[:port][?starttls=true] or smtps://...")
    return value


def _log_format(value: str) -> str:
    if value not in {"text", "json"}:
        raise ValueError("expected 'text' or 'json'")
    return value


_DURATION = re.compile(r"^(\d{1,12})\s*([smhd]?)$")
_UNIT = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
# longest interval between polls of a feed: beyond it a duration is a typo (or an attack on
# the scheduler: 3000000000d overflowed its datetime arithmetic)
MAX_DURATION = 30 * 86400


def parse_duration(value: object) -> int:
    """Seconds from a whole number or "90s", "15m", "6h", "1d", between 1 s and 30 days; the
    one duration reader for MONITOR_POLL_INTERVAL and watchlist intervals."""
    if isinstance(value, int) and not isinstance(value, bool):
        seconds = value
    else:
        match = _DURATION.match(value.strip()) if isinstance(value, str) else None
        if not match:
            raise ValueError(f"expected seconds or a duration like 15m, got {value!r}")
        seconds = int(match.group(1)) * _UNIT[match.group(2)]
    if not 1 <= seconds <= MAX_DURATION:
        raise ValueError(f"must be between 1 s and 30 days, got {value!r}")
    return seconds


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def _log_level(value: str) -> str:
    if value.upper() not in LOG_LEVELS:
        raise ValueError(f"expected one of {', '.join(LOG_LEVELS)}, got {value!r}")
    return value.upper()


def _apprise_urls(value: str) -> tuple[str, ...]:
    """Apprise URLs separated by whitespace or commas (Apprise's own convention)."""
    urls = tuple(u for u in re.split(r"[\s,]+", value.strip()) if u)
    for i, url in enumerate(urls):
        if "://" not in url:
            raise ValueError(f"URL {i + 1} is not scheme://...")
    return urls


def _share(value: str) -> float:
    try:
        share = float(value)
    except ValueError:
        raise ValueError(f"expected a share between 0 and 1, got {value!r}") from None
    if not 0 < share <= 1:
        raise ValueError(f"expected a share above 0 and at most 1, got {value!r}")
    return share


def _addr(value: str) -> tuple[str, int]:
    """host:port for the web interface (an IPv6 host in brackets: [::1]:8080)."""
    host, sep, port = value.strip().rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ValueError(f"expected host:port, e.g. 127.0.0.1:8080, got {value!r}")
    return host.strip("[]"), int(port)


def _password(value: str) -> str | None:
    if not value:
        return None
    if len(value) < 8:
        raise ValueError("must be at least 8 characters")
    return value


@dataclass(frozen=True)
class Option:
    env: str
    attr: str
    default: str
    parse: Callable[[str], Any]
    help: str
    secret: bool = False


# The one table. README's configuration section and docker-compose.yml are tested against it.
OPTIONS: tuple[Option, ...] = (
    Option("MONITOR_DB", "db", "data/monitor.db", _path, "SQLite database file"),
    Option(
        "MONITOR_WATCHLISTS", "watchlists", "watchlists", _path, "directory of watchlist YAML files"
    ),
    Option(
        "MONITOR_WEBHOOK_URL", "webhook_urls", "", _urls, "webhook endpoint(s), comma-separated"
    ),
    Option(
        "MONITOR_WEBHOOK_SECRET",
        "webhook_secret",
        "",
        _secret,
        "Standard Webhooks signing secret (whsec_...); unset: unsigned",
        secret=True,
    ),
    Option(
        "MONITOR_SMTP_URL",
        "smtp_url",
        "",
        _smtp_url,
        "smtp://user:pass@host:587?starttls=true or smtps://...",
        secret=True,
    ),
    Option("MONITOR_EMAIL_FROM", "email_from", "", str, "sender address"),
    Option(
        "MONITOR_NOTIFY_URLS",
        "notify_urls",
        "",
        _apprise_urls,
        "Apprise URLs (slack://, discord://, tgram://, ntfy://, json://, ...), separated by"
        " spaces or commas",
        secret=True,
    ),
    Option("MONITOR_EMAIL_TO", "email_to", "", _list, "recipients, comma-separated"),
    Option(
        "MONITOR_ALLOW_PRIVATE",
        "allow_private",
        "0",
        _bool,
        "1 lets the fetcher reach loopback/private addresses",
    ),
    Option("MONITOR_LOG_FORMAT", "log_format", "text", _log_format, "text or json"),
    Option("MONITOR_LOG_LEVEL", "log_level", "INFO", _log_level, "DEBUG, INFO, WARNING, ERROR"),
    Option(
        "MONITOR_SEEDS",
        "seeds",
        "seeds",
        _path,
        "seed documents loaded as the baseline when the database is empty",
    ),
    Option(
        "MONITOR_POLL_INTERVAL",
        "poll_interval",
        "900",
        parse_duration,
        "default time between polls of a feed: seconds or 90s, 15m, 6h, 1d (at most 30 days;"
        " a watchlist may override)",
    ),
    Option(
        "MONITOR_HEALTH_FAILING_SHARE",
        "health_failing_share",
        "1",
        _share,
        "monitor health reports degraded when this share of the feeds (1: all) has failed"
        " 3 polls in a row",
    ),
    Option(
        "MONITOR_WEB_ADDR",
        "web_addr",
        "127.0.0.1:8080",
        _addr,
        "where `monitor run` and `monitor web` serve the web interface, JSON API and /metrics"
        " (host:port; port 0 picks a free one)",
    ),
    Option(
        "MONITOR_WEB_PASSWORD",
        "web_password",
        "",
        _password,
        "unset: the web interface is read-only; set (8+ characters): it unlocks accepting"
        " values, marking alerts wrong and retrying deliveries",
        secret=True,
    ),
)


@dataclass(frozen=True)
class Settings:
    db: Path = Path("data/monitor.db")
    watchlists: Path = Path("watchlists")
    webhook_urls: tuple[str, ...] = ()
    webhook_secret: str | None = None
    smtp_url: str | None = None
    email_from: str = ""
    email_to: tuple[str, ...] = ()
    allow_private: bool = False
    log_format: str = "text"
    log_level: str = "INFO"
    seeds: Path = Path("seeds")
    notify_urls: tuple[str, ...] = ()
    poll_interval: int = 900
    health_failing_share: float = 1.0
    web_addr: tuple[str, int] = ("127.0.0.1", 8080)
    web_password: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def redacted(self) -> dict[str, Any]:
        """Settings safe to print or log: secrets replaced."""
        out: dict[str, Any] = {}
        for opt in OPTIONS:
            value = getattr(self, opt.attr)
            out[opt.env] = "***" if (opt.secret and value) else value
        return out


def load(environ: Mapping[str, str] | None = None) -> Settings:
    """Read and validate every MONITOR_* variable; raise ConfigError naming the bad one."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for opt in OPTIONS:
        raw = env.get(opt.env, opt.default)
        try:
            values[opt.attr] = opt.parse(raw)
        except ValueError as exc:
            raise ConfigError(f"{opt.env}: {exc}") from None
    if values["smtp_url"] and not (values["email_from"] and values["email_to"]):
        raise ConfigError("MONITOR_SMTP_URL is set: MONITOR_EMAIL_FROM and MONITOR_EMAIL_TO too")
    known = {f.name for f in fields(Settings)}
    return Settings(**{k: v for k, v in values.items() if k in known})
