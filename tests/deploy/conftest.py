"""Fixtures for deployment tests: a real PostgreSQL and a real Chroma server, once per session."""

from __future__ import annotations

import pytest

from tests.support.servers import ChromaServer, PostgresServer, postgres_missing


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL 15 server on a free loopback port; skipped with the reason if it cannot run here."""
    reason = postgres_missing()
    if reason:
        pytest.skip(reason)
    server = PostgresServer()
    try:
        server.start()
        yield server
    finally:
        server.cleanup()


@pytest.fixture(scope="session")
def chroma(tmp_path_factory):
    """`chroma run` on a free loopback port (stop/start it again on the same path and port)."""
    reason = ChromaServer.missing()
    if reason:
        pytest.skip(reason)
    root = tmp_path_factory.mktemp("chroma")
    server = ChromaServer(root / "db", root / "server.log")
    server.start()
    try:
        yield server
    finally:
        server.stop()
