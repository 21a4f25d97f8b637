"""The http store against a real `chroma run` server on 127.0.0.1: ingest, query, outage, recovery."""

from __future__ import annotations

import signal
import time

import pytest

from bot.config import load_config
from bot.index.ingestion import Ingestor
from bot.answers.search import HybridSearch
from bot.index.store import StoreError, open_store
from tests.support.servers import ChromaServer
from tests.foundation.conftest import small_knowledge, write_config
from tests.foundation.fakes import EncoderFactory

pytestmark = pytest.mark.e2e
@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory):
    if ChromaServer.missing():
        pytest.skip(ChromaServer.missing())
    root = tmp_path_factory.mktemp("chroma-server")
    server = ChromaServer(root / "db", root / "server.log")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def http_config(tmp_path, chroma_server):
    small_knowledge(tmp_path / "knowledge")
    prefix = f"t{tmp_path.name[-12:].replace('_', '')}".lower()
    extra = f"""
        [vector_store]
        mode = "http"
        host = "127.0.0.1"
        port = {chroma_server.port}
        collection_prefix = "{prefix}"
        timeout_seconds = 2.0
        """
    return load_config(write_config(tmp_path, extra), environ={})


def test_ingest_into_the_server_and_query_it_back(http_config):
    store = open_store(http_config)
    factory = EncoderFactory()
    summary = Ingestor(http_config, store, factory).run()
    assert summary.switched and summary.chunks == len(factory.dense.embedded)
    assert not (http_config.data_dir / "index").exists()  # nothing embedded on disk in http mode
    search = HybridSearch(store, factory.encoders, http_config.retrieval)
    target = factory.dense.embedded[3]
    result = search.search(target, k=3, language="en")
    assert result.passages[0].text == target.split("\n", 1)[1]
    assert result.passages[0].source in ("alpha.md", "beta.md", "sub/gamma.txt")
    # A second client (another bot instance) sees the same active generation.
    assert open_store(http_config).active().generation == summary.generation


def test_server_outage_gives_a_clear_error_and_recovers_by_itself(http_config, chroma_server):
    store = open_store(http_config)
    factory = EncoderFactory()
    Ingestor(http_config, store, factory).run()
    search = HybridSearch(store, factory.encoders, http_config.retrieval)
    target = factory.dense.embedded[0]
    assert search.search(target, k=1).passages

    chroma_server.stop()
    try:
        started = time.monotonic()
        with pytest.raises(Exception) as error:
            search.search(target, k=1)
        assert time.monotonic() - started < 5
        message = str(error.value)
        assert isinstance(error.value, StoreError), repr(error.value)
        assert f"127.0.0.1:{chroma_server.port}" in message
        with pytest.raises(StoreError):
            store.active()
        with pytest.raises(StoreError, match="cannot reach"):
            open_store(http_config)
    finally:
        chroma_server.start()

    # Same objects, no reopen: the next search works again.
    assert target.split("\n", 1)[1] in [p.text for p in search.search(target, k=3).passages]
    assert store.active() is not None


def test_a_hung_server_times_out_instead_of_hanging(http_config, chroma_server):
    store = open_store(http_config)
    Ingestor(http_config, store, EncoderFactory()).run()
    chroma_server.process.send_signal(signal.SIGSTOP)
    try:
        started = time.monotonic()
        with pytest.raises(StoreError):
            store.active()
        assert time.monotonic() - started < http_config.vector_store.timeout_seconds + 3
    finally:
        chroma_server.process.send_signal(signal.SIGCONT)
    assert store.active() is not None
