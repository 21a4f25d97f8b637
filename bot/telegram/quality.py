"""Retrieval quality after /reingest: run the evaluation set, compare with the last run.

Blocking (the coach's retriever): call ``check_quality`` from a thread. The last
run's metrics live in the state database (meta key ``eval_last``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


META_KEY = "eval_last"
TRACKED = ("hit@5", "abstention")
TOLERANCE = 0.005  # rounding noise is not a drop


@dataclass(frozen=True)
class QualityCheck:
    metrics: dict[str, Any]
    previous: dict[str, Any] | None
    drops: tuple[tuple[str, float, float], ...]  # (metric, before, now)


def run_evaluation(coach: Any, questions_path: Path | None = None) -> dict:
    """hit@5, MRR, abstention… over the evaluation set, retrieving like ``coach eval`` does."""
    return coach.evaluate(questions_path).to_json()


def compare(previous: dict | None, metrics: dict) -> tuple[tuple[str, float, float], ...]:
    if not previous:
        return ()
    drops = []
    for name in TRACKED:
        before, now = previous.get(name), metrics.get(name)
        if isinstance(before, (int, float)) and isinstance(now, (int, float)) and now < before - TOLERANCE:
            drops.append((name, float(before), float(now)))
    return tuple(drops)


def check_quality(coach: Any, state: Any, questions_path: Path | None = None) -> QualityCheck:
    """Evaluate, compare with the stored last run, then store this run as the last one."""
    metrics = run_evaluation(coach, questions_path)
    previous = state.get_meta(META_KEY)
    drops = compare(previous, metrics)
    state.set_meta(META_KEY, {name: metrics[name] for name in ("questions", "hit@5", "mrr", "abstention", "answered")})
    return QualityCheck(metrics, previous, drops)
