"""A real `monitor run` on loopback for the web tests: a news site whose stories carry hostile
titles and sentences, a webhook receiver that fails until told otherwise, the seed baseline,
and the web interface with a password."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
from e2e import Story, publish, service_env
from httpserver import LoopbackServer

PASSWORD = "correct horse battery"
HOSTILE = '<script>alert("x")</script> Cap "raised" to 800,000 <img src=x onerror=alert(1)>'
NEW_CAP = Story(
    "/world/plan-revised",
    HOSTILE,
    (
        "Negotiators in Geneva agreed on a revised version of the US-backed peace plan for "
        "Ukraine on Tuesday, officials said.",
        "The revised framework caps Ukraine's armed forces at 800,000 personnel <script>"
        'alert("s")</script>, up from the 600,000 proposed in the original draft.',
        "European officials welcomed the change, saying it left Kyiv able to defend itself.",
    ),
    datetime(2025, 12, 2, 9, 0, tzinfo=UTC),
    site='Ledger "Quotes" & <b>Co</b>',
)
NEW_POINTS = Story(
    "/world/plan-shorter",
    "Peace plan trimmed to 20 points",
    (
        "The US-drafted peace plan for Ukraine has been cut to 20 points from 28 after talks "
        "in Geneva, officials said on Wednesday.",
        "Negotiators said the shorter plan dropped several clauses on sanctions.",
    ),
    datetime(2025, 12, 3, 9, 0, tzinfo=UTC),
)

# an entry whose links are scripts: dropped by the feed reader, never a link on a page
JS_ITEM = (
    b"<item><title>Peace plan: click here</title><link>javascript:alert(1)</link>"
    b"<guid>javascript:alert(2)</guid><description>Talks on the Ukraine peace plan went on in "
    b"Geneva, officials said.</description></item>"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Live:
    base: str
    env: dict[str, str]
    site: LoopbackServer
    receiver: LoopbackServer
    db: Path
    log: Path

    def get(self, path: str, **kw: object) -> httpx.Response:
        return httpx.get(self.base + path, timeout=30, **kw)  # type: ignore[arg-type]

    def cli(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "monitor", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout


@contextmanager
def live_service(tmp_path: Path, password: str | None = PASSWORD) -> Iterator[Live]:
    """`monitor run` with one loopback feed of two alerting stories; yields once both alerts
    are stored (their webhook deliveries failing: the receiver answers 500)."""
    with LoopbackServer() as site, LoopbackServer() as receiver:
        receiver.routes["/hook"] = (500, {}, b"down")
        publish(site, [NEW_CAP, NEW_POINTS])
        status, headers, feed = site.routes["/feed.xml"]
        site.routes["/feed.xml"] = (
            status,
            headers,
            feed.replace(b"</channel>", JS_ITEM + b"</channel>"),
        )
        port = free_port()
        env = {
            **service_env(tmp_path, [site.url("/feed.xml")]),
            "MONITOR_WEB_ADDR": f"127.0.0.1:{port}",
            "MONITOR_WEBHOOK_URL": receiver.url("/hook"),
            "PATH": "/usr/bin:/bin",
        }
        if password:
            env["MONITOR_WEB_PASSWORD"] = password
        log = tmp_path / "service.log"
        proc = subprocess.Popen(
            [sys.executable, "-m", "monitor", "run"],
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            text=True,
        )
        live = Live(f"http://127.0.0.1:{port}", env, site, receiver, Path(env["MONITOR_DB"]), log)
        try:
            _wait_for_alerts(live, proc, 2)
            yield live
        finally:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()


def _wait_for_alerts(live: Live, proc: subprocess.Popen[str], count: int) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"monitor run exited: {live.log.read_text()}")
        try:
            alerts = live.get("/api/v1/alerts").json()
            if len([a for a in alerts if a["kind"] == "fact_changed"]) >= count:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise AssertionError("the service raised no alerts in 90 s")
