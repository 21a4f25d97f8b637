"""Two readers of one Chroma server: a reader whose generation was dropped by other ingests
follows the pointer and retries once instead of failing."""

from __future__ import annotations

import pytest

from bot.config import load_config
from bot.index.ingestion import Ingestor
from bot.answers.search import HybridSearch
from bot.index.store import open_store
from tests.foundation.conftest import md_file, paragraphs, small_knowledge, write_config
from tests.foundation.fakes import EncoderFactory

pytestmark = pytest.mark.e2e


def test_a_search_on_a_dropped_generation_refreshes_and_retries(tmp_path, chroma, caplog):
    knowledge = small_knowledge(tmp_path / "knowledge")
    config = load_config(write_config(tmp_path, f"""
        [vector_store]
        mode = "http"
        port = {chroma.port}
        collection_prefix = "gen{tmp_path.name[-8:].replace('_', '')}"
        timeout_seconds = 3.0
        """), environ={})
    factory = EncoderFactory()
    writer = Ingestor(config, open_store(config), factory)
    first = writer.run().generation
    reader = HybridSearch(open_store(config), factory.encoders, config.retrieval)  # another instance
    target = factory.dense.embedded[0]
    assert reader.search(target, k=1, language="es").passages
    assert reader.snapshot().generation == first

    # Two more ingests: the first generation is kept one round, then dropped.
    for name in ("delta", "epsilon"):
        (knowledge / f"{name}.md").write_text(md_file(name.title(), {"Sección": paragraphs(name, 2)}), "utf-8")
        latest = writer.run().generation
    assert f"{config.vector_store.collection_prefix}-{first}-dense" not in writer.store._collection_names()

    caplog.set_level("INFO", logger="bot.answers.search")
    result = reader.search(target, k=3, language="es")  # no refresh job ran: the search itself recovers
    assert "retried on the new one" in caplog.text
    assert reader.snapshot().generation == latest
    assert target.split("\n", 1)[1] in [p.text for p in result.passages]
