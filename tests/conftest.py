"""Fixtures shared by the test files: a migrated store on a temporary file and a started
loopback HTTP server. Helpers that are not fixtures live in e2e.py (site, watchlists, the
environment a user sets), httpserver.py and smtpserver.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from httpserver import LoopbackServer

from monitor.store.db import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A migrated store in a fresh file, closed after the test."""
    s = Store.open(tmp_path / "m.db")
    yield s
    s.close()


@pytest.fixture
def http_server() -> Iterator[LoopbackServer]:
    """A started loopback server with no routes; closed after the test."""
    with LoopbackServer() as server:
        yield server
