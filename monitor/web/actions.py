"""What the pages and the API share: the app's configuration, a database connection per
request (in a worker thread), and the three write actions with their checks. A refused
write is a `Refused` (status, reason); unknown things are NotFound, bad input InputError."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from starlette.concurrency import run_in_threadpool

from monitor.app.baseline import accept
from monitor.errors import InputError, MonitorError, NotFound
from monitor.settings import Settings
from monitor.store import views
from monitor.store.db import Store
from monitor.watchlists import Watchlist
from monitor.web import data


@dataclass
class WebConfig:
    """What the app needs from its host: where the database is, the current watchlists,
    whether writes are possible at all (`monitor web` is read-only), and a hook that makes
    the service deliver now (a "retry now")."""

    settings: Settings
    watchlists: Callable[[], Sequence[Watchlist]]
    writable: bool = True
    deliver_now: Callable[[], None] | None = None

    @property
    def password(self) -> str | None:
        return self.settings.web_password if self.writable else None


class Refused(Exception):
    """A write refused: status and reason."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status


def status_of(exc: MonitorError) -> int:
    return 404 if isinstance(exc, NotFound) else 400


class Actions:
    """Reads and writes against the configured database, one connection per call."""

    def __init__(self, config: WebConfig) -> None:
        self.config = config

    def check_writable(self) -> None:
        """Refused (403) unless this server may change the database at all."""
        if not self.config.writable:
            raise Refused(403, "read-only: `monitor web` shows the database without changing it")
        if not self.config.password:
            raise Refused(403, "read-only: set MONITOR_WEB_PASSWORD to make changes")

    def watchlists(self) -> Sequence[Watchlist]:
        return self.config.watchlists()

    @contextmanager
    def store(self) -> Iterator[Store]:
        opened = Store.open(self.config.settings.db, migrate=self.config.writable)
        try:
            yield opened
        finally:
            opened.close()

    async def read(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """`fn(store, *args)` in a worker thread with its own connection."""

        def run() -> Any:
            with self.store() as s:
                return fn(s, *args, **kwargs)

        return await run_in_threadpool(run)

    async def accept(self, watchlist: str, fact: str, value: str) -> tuple[str, str]:
        return await self.read(_accept, self.watchlists(), watchlist, fact, value)

    async def judge(
        self, verdict: Any, reason: Any, alert_id: str | None, observation_id: int | None
    ) -> dict[str, Any]:
        return await self.read(_judge, verdict, reason, alert_id, observation_id)

    async def retry(self, alert_id: str) -> int:
        count = await self.read(_retry, alert_id)
        if count and self.config.deliver_now is not None:
            self.config.deliver_now()
        return int(count)


def _accept(
    s: Store, wls: Sequence[Watchlist], watchlist: str, fact: str, value: str
) -> tuple[str, str]:
    data.spec_of(wls, watchlist, fact)  # NotFound names what is unknown
    if not value.strip():
        raise InputError("give a value to accept")
    return accept(s, wls, fact, value.strip(), watchlist)


def _judge(
    s: Store, verdict: Any, reason: Any, alert_id: str | None, observation_id: int | None
) -> dict[str, Any]:
    if not isinstance(reason, str):
        raise InputError("reason must be text")
    return views.add_feedback(
        s,
        verdict=str(verdict),
        reason=reason,
        at=_now(),
        alert_id=alert_id,
        observation_id=observation_id,
    )


def _retry(s: Store, alert_id: str) -> int:
    return views.retry_now(s, alert_id, _now())


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
