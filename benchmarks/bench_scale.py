"""Scale: a synthetic corpus of 20,000 chunks in Chroma.

Query latency and recall@5 of Chroma's HNSW index against exact (brute-force) search, for several
HNSW settings, so that [retrieval] hnsw_* in config.toml can be set where recall is at least 0.95.
The chunks are made of real sentences of knowledge/ recombined at random (real text clusters the
way the corpus does; random vectors would not), embedded with the multilingual encoder.
"""

from __future__ import annotations

import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks.machine import machine_line

CHUNKS = 20_000
QUERIES = 200
SETTINGS = (
    {"max_neighbors": 16, "ef_construction": 100, "ef_search": 10},
    {"max_neighbors": 16, "ef_construction": 100, "ef_search": 50},
    {"max_neighbors": 32, "ef_construction": 200, "ef_search": 50},
    {"max_neighbors": 32, "ef_construction": 200, "ef_search": 100},
    {"max_neighbors": 32, "ef_construction": 200, "ef_search": 200},
)


def _sentences() -> list[str]:
    from bot.answers.units import split_units
    from bot.index.reading import read_source
    from bot.index.ingestion import knowledge_files
    from bot.config import load_config

    config = load_config()
    sentences: list[str] = []
    for path in knowledge_files(config.knowledge_dir).values():
        for block in read_source(path).blocks:
            sentences.extend(split_units(block.text))
    return sentences


def _corpus(rng: random.Random, sentences: list[str]) -> list[str]:
    return [" ".join(rng.sample(sentences, rng.randint(2, 4))) for _ in range(CHUNKS)]


def run() -> str:
    import chromadb
    from chromadb.config import Settings

    from bot.index.encoders import MultilingualEmbeddings

    rng = random.Random(7)
    sentences = _sentences()
    texts = _corpus(rng, sentences)
    encoder = MultilingualEmbeddings()
    started = time.perf_counter()
    vectors = np.asarray(encoder.embed_documents(texts), dtype=np.float32)
    embed_seconds = time.perf_counter() - started
    queries = np.asarray(encoder.embed_documents(rng.sample(sentences, QUERIES)), dtype=np.float32)
    exact_started = time.perf_counter()
    exact = [set(np.argsort(-(vectors @ q))[:5].tolist()) for q in queries]
    exact_ms = (time.perf_counter() - exact_started) / QUERIES * 1000

    rows = []
    directory = Path(tempfile.mkdtemp(prefix="coach-scale-"))
    try:
        client = chromadb.PersistentClient(path=str(directory), settings=Settings(anonymized_telemetry=False))
        for number, hnsw in enumerate(SETTINGS):
            collection = client.create_collection(
                f"scale-{number}", configuration={"hnsw": {"space": "cosine", **hnsw}}, embedding_function=None
            )
            build_started = time.perf_counter()
            for start in range(0, CHUNKS, 2000):
                collection.add(
                    ids=[str(i) for i in range(start, min(start + 2000, CHUNKS))],
                    embeddings=vectors[start:start + 2000],
                )
            build_seconds = time.perf_counter() - build_started
            latencies, recalls = [], []
            for query, truth in zip(queries, exact):
                begin = time.perf_counter()
                found = collection.query(query_embeddings=[query], n_results=5, include=[])
                latencies.append((time.perf_counter() - begin) * 1000)
                recalls.append(len(truth & {int(i) for i in found["ids"][0]}) / 5)
            latencies.sort()
            rows.append(
                f"| {hnsw['max_neighbors']} | {hnsw['ef_construction']} | {hnsw['ef_search']} | "
                f"{statistics.mean(recalls):.3f} | {latencies[len(latencies) // 2]:.1f} | "
                f"{latencies[int(len(latencies) * 0.95)]:.1f} | {build_seconds:.1f} |"
            )
            client.delete_collection(f"scale-{number}")
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    return "\n".join(
        [
            f"### Scale: {CHUNKS:,} synthetic chunks, {QUERIES} queries ({machine_line()})",
            "",
            f"Embedding the chunks (multilingual encoder): {embed_seconds:.0f} s "
            f"({CHUNKS / embed_seconds:.0f} chunks/s). Exact numpy search: {exact_ms:.2f} ms a query.",
            "",
            "| hnsw M | ef_construction | ef_search | recall@5 vs exact | query p50 ms | query p95 ms | build s |",
            "|---|---|---|---|---|---|---|",
            *rows,
        ]
    )


if __name__ == "__main__":
    print(run())
