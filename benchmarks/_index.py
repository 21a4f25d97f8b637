"""A private copy of the project's index for benchmarks, so a running bot keeps its lock."""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

QUESTIONS = Path(__file__).resolve().parent / "sets" / "retrieval-first" / "questions.jsonl"  # latency sample


@contextmanager
def benchmark_coach(warm: bool = True, chat_model=None):
    """A Coach over a temporary copy of data/index (brought current with knowledge/ first).

    Set COACH_BENCH_DATA_DIR to use a data directory of your own instead.
    """
    from bot.coach import Coach
    from bot.config import load_config

    own = os.environ.get("COACH_BENCH_DATA_DIR")
    config = load_config(None)
    directory = Path(own) if own else Path(tempfile.mkdtemp(prefix="coach-bench-"))
    if not own and (config.data_dir / "index").is_dir():
        shutil.copytree(config.data_dir / "index", directory / "index")
    previous = os.environ.get("COACH_PATHS__DATA_DIR")
    os.environ["COACH_PATHS__DATA_DIR"] = str(directory)
    try:
        config = load_config(None)
        coach = Coach.open(config, warm=warm, chat_model=chat_model)
        try:
            coach.ingest()  # a no-op when the copy is current
            yield coach
        finally:
            coach.close()
    finally:
        if previous is None:
            os.environ.pop("COACH_PATHS__DATA_DIR", None)
        else:
            os.environ["COACH_PATHS__DATA_DIR"] = previous
        if not own:
            shutil.rmtree(directory, ignore_errors=True)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))] if ordered else 0.0
