"""Speed: warm answer latency, a fresh process's first answer, ingest throughput, re-ingest, memory.

Answers are extractive (no LLM). Every process works on a temporary copy of data/index.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks._index import QUESTIONS, benchmark_coach, percentile
from benchmarks.machine import machine_line
from bot.answers.evaluation import load_questions

PROJECT = Path(__file__).resolve().parent.parent
last_results: dict = {}


def _run_cli(args: list[str], data_dir: Path, stdin: str | None = None) -> tuple[float, float, str]:
    """(wall seconds, peak RSS MB, stdout) of one `python -m bot ...` process."""
    env = {**os.environ, "COACH_PATHS__DATA_DIR": str(data_dir)}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", *args], cwd=PROJECT, env=env, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    out, err = process.communicate(stdin)
    seconds = time.perf_counter() - started
    # communicate() reaped the child; RUSAGE_CHILDREN holds the largest child so far.
    import resource

    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if process.returncode != 0:
        raise RuntimeError(f"coach {' '.join(args)} failed: {err[-500:]}")
    return seconds, peak_mb, out


def run() -> str:
    from bot.config import load_config

    questions = [q.question for q in load_questions(QUESTIONS)]
    config = load_config(None)
    work = Path(tempfile.mkdtemp(prefix="coach-latency-"))
    try:
        if (config.data_dir / "index").is_dir():
            shutil.copytree(config.data_dir / "index", work / "index")
        _run_cli(["ingest"], work)  # bring the copy current before timing anything
        first_seconds, _, _ = _run_cli(["ask", questions[0]], work)
        reingest_seconds, _, _ = _run_cli(["ingest"], work)
        _, peak_mb, _ = _run_cli(["ask", "--json", "-"], work, stdin="\n".join(questions) + "\n")

        os.environ["COACH_BENCH_DATA_DIR"] = str(work)
        try:
            with benchmark_coach() as coach:
                for warm in ("¿Qué es el marco lógico?", "What does USDOL fund?", "O que é sustentabilidade?"):
                    coach.ask(warm)
                timings, retrieval = [], []
                for question in questions:
                    started = time.perf_counter()
                    coach.answerer.retrieve(question)
                    retrieval.append((time.perf_counter() - started) * 1000)
                for question in questions:
                    coach.answerer._unit_cache.clear()  # every answer embeds its sentences afresh
                    coach.search._query_vectors.clear()  # and its question (the retrieval pass cached it)
                    started = time.perf_counter()
                    coach.ask(question)
                    timings.append((time.perf_counter() - started) * 1000)
                summary = coach.ingest(rebuild=True)
                snapshot = coach.search.snapshot()
                from bot.index.chunking import embedding_text

                texts = [embedding_text(meta, text) for meta, text in zip(snapshot.metadatas, snapshot.texts)]
                raw_started = time.perf_counter()
                for encoder in coach.encoders.values():
                    encoder.embed_documents(texts)
                raw_seconds = time.perf_counter() - raw_started
        finally:
            os.environ.pop("COACH_BENCH_DATA_DIR", None)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    ingest_rate = summary.embedded / summary.seconds if summary.seconds else 0.0
    raw_rate = len(texts) / raw_seconds if raw_seconds else 0.0
    last_results.update({
        "answer_ms": {"p50": round(percentile(timings, 0.5), 1), "p95": round(percentile(timings, 0.95), 1)},
        "retrieval_ms": {"p50": round(percentile(retrieval, 0.5), 1), "p95": round(percentile(retrieval, 0.95), 1)},
        "first_answer_seconds": round(first_seconds, 2),
        "reingest_unchanged_seconds": round(reingest_seconds, 2),
        "ingest_chunks_per_second": round(ingest_rate, 1),
        "raw_encode_chunks_per_second": round(raw_rate, 1),
        "ingest_vs_raw": round(ingest_rate / raw_rate, 2) if raw_rate else None,
        "peak_rss_mb_answering": round(peak_mb),
        "questions": len(questions),
    })
    r = last_results
    return "\n".join([
        f"### Latency and throughput ({machine_line()})",
        "",
        "| measure | value | target |",
        "|---|---|---|",
        f"| warm answer, extractive (retrieval + sentences), p50 / p95 over {len(questions)} questions | "
        f"{r['answer_ms']['p50']} / {r['answer_ms']['p95']} ms | ≤ 50 / 150 ms |",
        f"| of which retrieval alone, p50 / p95 | {r['retrieval_ms']['p50']} / {r['retrieval_ms']['p95']} ms | |",
        f"| fresh process, `coach ask` to first answer (whole command) | {r['first_answer_seconds']} s | ≤ 8 s |",
        f"| ingest --rebuild: chunks/s (both encoders) vs raw encode of the same chunks | {r['ingest_chunks_per_second']} vs "
        f"{r['raw_encode_chunks_per_second']} (ratio {r['ingest_vs_raw']}) | |",
        f"| re-ingest with nothing changed (whole command) | {r['reingest_unchanged_seconds']} s | |",
        f"| peak RSS, `coach ask --json -` answering every question | {r['peak_rss_mb_answering']} MB | |",
        "",
        "Notes: the sentence-vector and query-vector caches are cleared before each timed answer, so every answer embeds its "
        "candidate sentences; the raw encode runs both encoders (MiniLM and USE) over the indexed text of "
        "every chunk, as ingest does. The machine may be shared: timings include whatever else ran.",
    ])


if __name__ == "__main__":
    print(run())
