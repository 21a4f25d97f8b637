"""Real processes: an ingest killed with SIGKILL never leaves a broken index; the lock fails fast."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from bot.config import load_config
from bot.index.ingestion import file_hash, knowledge_files
from bot.index.store import iter_chunks
from bot.index.store import ProcessLock, StoreLocked, open_store
from tests.foundation.conftest import md_file, paragraphs, write_config
from tests.foundation.conftest import PROJECT
from tests.foundation.fakes import EncoderFactory, exact_vector

WORKER = ("-m", "tests.foundation.ingest_worker")  # run from the project folder
pytestmark = pytest.mark.e2e


def check_complete_generation(config) -> tuple[str, dict]:
    """Open the store as a new process would; the active generation must be whole and consistent."""
    lock = ProcessLock.for_config(config)  # opening always works after a kill: the lock died with it
    store = open_store(config)
    try:
        active = store.active()
        assert active is not None
        collection = store.collection(active, "dense")
        rows = list(iter_chunks(collection))
        assert collection.count() == len(rows) == active.chunks
        per_source = Counter(meta["source"] for _, _, meta in rows)
        expected = {name: entry["chunks"] for name, entry in active.manifest.items() if entry.get("chunks")}
        assert dict(per_source) == expected  # every file complete, none missing, none extra
        hashes = {meta["source"]: meta["file_hash"] for _, _, meta in rows}
        assert all(hashes[name] == active.manifest[name]["hash"] for name in expected)  # never a mix of versions
        _, text, meta = rows[0]
        hit = collection.query(query_embeddings=[exact_vector(f"{meta['title']} › {meta['section']}\n{text}")],
                               n_results=1)
        assert hit["ids"][0] == [rows[0][0]]
        return active.generation, active.manifest
    finally:
        store.client.close()
        lock.release()


def test_ingest_killed_at_random_moments_leaves_a_complete_generation(tmp_path):
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    for i in range(4):
        (knowledge / f"doc-{i}.md").write_text(md_file(f"Doc {i}", {"S": paragraphs(f"tema {i}", 40)}), "utf-8")
    config = load_config(write_config(tmp_path), environ={})
    from bot.index.ingestion import Ingestor

    store = open_store(config)
    Ingestor(config, store, EncoderFactory()).run()
    store.client.close()
    generation, _ = check_complete_generation(config)

    rng = random.Random(20240501)
    killed_midway, switched, stages = 0, 0, []
    for cycle in range(10):
        # Change two files so that the ingest has real work: re-read, copy, embed, verify, switch.
        for i in (cycle % 4, (cycle + 1) % 4):
            (knowledge / f"doc-{i}.md").write_text(
                md_file(f"Doc {i}", {"S": paragraphs(f"tema {i} ciclo {cycle}", 40)}), "utf-8")
        process = subprocess.Popen([sys.executable, *WORKER, "ingest", str(config.source), "0.03"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=PROJECT)
        assert process.stdout.readline().strip() == "started", process.stderr.read()
        time.sleep(rng.uniform(0.0, 0.8))
        process.send_signal(signal.SIGKILL)
        output, _ = process.communicate(timeout=30)
        finished = "switched" in output
        stages.append(output.strip().splitlines()[-1] if output.strip() else "started")
        killed_midway += not finished
        new_generation, manifest = check_complete_generation(config)
        if new_generation != generation:
            switched += 1
            current = {name: file_hash(path) for name, path in knowledge_files(config.knowledge_dir).items()}
            assert {name: entry["hash"] for name, entry in manifest.items()} == current
        else:
            assert not finished
        generation = new_generation
    print("last stage before each kill:", stages)
    assert killed_midway >= 3, f"the kills should land while the ingest is running: {stages}"


def test_second_process_fails_fast_on_the_embedded_store(tmp_path):
    config = load_config(write_config(tmp_path), environ={})
    holder = subprocess.Popen([sys.executable, *WORKER, "hold", str(config.source)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=PROJECT)
    try:
        assert holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        with pytest.raises(StoreLocked) as error:
            ProcessLock.for_config(config)
        assert time.monotonic() - started < 1
        message = str(error.value)
        assert f"process {holder.pid}" in message and str(config.data_dir) in message
        assert 'mode = "http"' in message
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)
    ProcessLock.for_config(config).release()  # free again once the holder is gone


def test_cli_ingest_reports_a_locked_index_clearly(tmp_path):
    config = load_config(write_config(tmp_path), environ={})
    lock = ProcessLock.for_config(config)
    try:
        result = subprocess.run([sys.executable, "-m", "bot", "ingest", "--config", str(config.source)],
                                capture_output=True, text=True, timeout=60, cwd=Path(__file__).resolve().parents[2])
    finally:
        lock.release()
    assert result.returncode == 1
    assert "is in use by process" in result.stderr and "Traceback" not in result.stderr
