"""Notification channels: the delivery outcome every sender returns, and when to retry.

A channel turns one alert (a JSON-serialisable dict, see DESIGN.md "Alerts") into one
delivery attempt and reports what happened as a `DeliveryResult`. Senders never raise for
delivery problems (network, peer refusal, TLS): those are values the outbox worker records.
They raise only on programming errors (an alert that is not JSON, an unknown kind).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

# Standard Webhooks' published retry schedule, after the first (immediate) attempt fails:
# 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h: about 27.5 h in total, "seconds to a day".
RETRY_SCHEDULE: tuple[float, ...] = (5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0, 36000.0)
# One immediate attempt plus one per schedule step; after that the delivery is dead.
MAX_ATTEMPTS = 1 + len(RETRY_SCHEDULE)
JITTER = 0.2


@dataclass(frozen=True)
class DeliveryResult:
    """What one delivery attempt achieved.

    `permanent` means retrying the same alert cannot help (a 404, a 550, a refused login);
    `disable` means the endpoint asked never to be called again (HTTP 410); `retry_after`
    is the peer's own requested delay in seconds, which the worker prefers over backoff.
    """

    ok: bool
    permanent: bool = False
    status: str = ""
    retry_after: float | None = None
    disable: bool = False

    @classmethod
    def success(cls, status: str) -> DeliveryResult:
        return cls(ok=True, status=status)

    @classmethod
    def retry(cls, status: str, retry_after: float | None = None) -> DeliveryResult:
        return cls(ok=False, status=status, retry_after=retry_after)

    @classmethod
    def fail(cls, status: str, *, disable: bool = False) -> DeliveryResult:
        return cls(ok=False, permanent=True, status=status, disable=disable)


class Channel(Protocol):
    """A notification channel (webhook, email). `attempt` counts from 1."""

    name: str

    def send(self, alert: dict, *, attempt: int) -> DeliveryResult: ...

    def send_digest(self, alerts: Sequence[dict], *, attempt: int) -> DeliveryResult:
        """Several alerts as one message (a digest); `digest_id(alerts)` identifies it."""
        ...


def digest_id(alerts: Sequence[dict]) -> str:
    """The id of a digest: the same set of alerts gets the same id on every retry, so a
    receiver can drop a repeat; each alert inside keeps its own id as well."""
    ids = "\n".join(sorted(str(a.get("id")) for a in alerts))
    return "msg_digest_" + hashlib.sha256(ids.encode("utf-8", "replace")).hexdigest()[:24]


class _Uniform(Protocol):
    def uniform(self, a: float, b: float) -> float: ...


def retry_delay(attempt: int, rng: _Uniform) -> float:
    """Seconds to wait after failed attempt number `attempt` (1-based) before the next one.

    Follows the Standard Webhooks schedule with +-20% jitter so that many alerts failing
    together (a receiver outage) do not all come back in the same second. Past the end of
    the schedule the last step repeats; the worker decides when to stop (MAX_ATTEMPTS).
    """
    if attempt < 1:
        raise ValueError(f"attempt counts from 1, got {attempt}")
    base = RETRY_SCHEDULE[min(attempt, len(RETRY_SCHEDULE)) - 1]
    return base * rng.uniform(1.0 - JITTER, 1.0 + JITTER)


__all__ = [
    "MAX_ATTEMPTS",
    "RETRY_SCHEDULE",
    "Channel",
    "DeliveryResult",
    "digest_id",
    "retry_delay",
]
