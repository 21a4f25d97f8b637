"""The feedback loop: 👎 answers and abstained questions, exported as a question set to review.

``coach feedback export`` writes JSON lines in the shape of the question sets (prompts/quality_check.jsonl, benchmarks/sets/)
(id, language, question, expect) with what a reviewer needs to fill ``expect``:
``reason``, ``abstained``, ``passage_ids`` and ``needs_review: true``. Rows with the
same question (ignoring case and spacing) are merged.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from bot.state import State


def _key(question: str) -> str:
    return " ".join(question.lower().split()).rstrip("?¿!. ")


def review_items(candidates: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """One evaluation-set entry per distinct question, oldest first; reasons are joined."""
    merged: dict[str, dict[str, Any]] = {}
    for row in candidates:
        question = (row.get("question") or "").strip()
        if not question:
            continue
        key = _key(question)
        item = merged.get(key)
        if item is None:
            prefix = "fb" if row["source"] == "feedback" else "abs"
            item = merged[key] = {
                "id": f"{prefix}-{row['id']}",
                "language": row.get("language") or "es",
                "question": question,
                "expect": [],
                "reason": None,
                "abstained": False,
                "passage_ids": [],
                "needs_review": True,
            }
        reason = (row.get("reason") or "").strip()
        if reason and reason not in (item["reason"] or "").split(" | "):
            item["reason"] = f"{item['reason']} | {reason}" if item["reason"] else reason
        item["abstained"] = item["abstained"] or bool(row.get("abstained"))
        for passage_id in row.get("passage_ids") or ():
            if passage_id not in item["passage_ids"]:
                item["passage_ids"].append(passage_id)
    yield from merged.values()


def export_feedback(state: State, out: IO[str]) -> int:
    """Write the review set to ``out``; returns how many questions were written."""
    count = 0
    for item in review_items(state.review_candidates()):
        out.write(json.dumps(item, ensure_ascii=False) + "\n")
        count += 1
    return count


def export_to_path(data_dir: Path, out: Path) -> int:
    """Open the bot's state (read while the bot may be running: SQLite WAL) and write ``out`` atomically."""
    state = State.open(data_dir, retention_days=0)  # never purge from the exporter
    try:
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(f".{out.name}.part")
        with partial.open("w", encoding="utf-8") as handle:
            count = export_feedback(state, handle)
        partial.replace(out)
        return count
    finally:
        state.close()
