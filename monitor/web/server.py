"""Runs the web app under uvicorn: in a thread beside the scheduler (`monitor run`), or in
the foreground (`monitor web`). Only this module imports uvicorn."""

from __future__ import annotations

import logging
import threading
import time

import uvicorn
from fastapi import FastAPI

from monitor.errors import ConfigError

log = logging.getLogger("monitor.web")


class WebServer:
    """A uvicorn server on one address; `start()` returns once it listens (or failed)."""

    def __init__(self, app: FastAPI, host: str, port: int) -> None:
        config = uvicorn.Config(
            app,
            host=host,
            port=port,
            log_level="warning",
            access_log=False,  # requests carry nothing worth a line each; passwords never
            lifespan="off",
            server_header=False,
        )
        self.server = uvicorn.Server(config)
        self.thread: threading.Thread | None = None

    @property
    def address(self) -> str:
        sockets = [s for srv in self.server.servers for s in srv.sockets]
        if not sockets:
            return "(not listening)"
        host, port = sockets[0].getsockname()[:2]
        return f"http://{'[' + host + ']' if ':' in host else host}:{port}"

    def start(self, timeout: float = 10.0) -> None:
        self.thread = threading.Thread(target=self.server.run, name="web", daemon=True)
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise ConfigError(
                    f"MONITOR_WEB_ADDR: cannot serve on {self.server.config.host}:"
                    f"{self.server.config.port} (address in use or not available)"
                )
            time.sleep(0.02)
        log.info("web interface on %s", self.address)

    def stop(self) -> None:
        self.server.should_exit = True
        if self.thread is not None:
            self.thread.join(timeout=5)

    def run(self) -> None:
        """In the foreground until SIGINT/SIGTERM (uvicorn's own handlers)."""
        self.server.run()
