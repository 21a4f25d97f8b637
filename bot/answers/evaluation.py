"""Retrieval evaluation: hit@k, MRR and abstention over a question set (JSON lines).

Each question names the passages that answer it (``expect``: source file, a
substring of the section, optionally a substring of the text); off-topic
questions have ``off_topic: true`` and must be abstained on.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.models import Passage


@dataclass(frozen=True)
class Question:
    id: str
    language: str
    question: str
    expect: tuple[dict[str, str], ...] = ()
    off_topic: bool = False


def load_questions(path: Path) -> list[Question]:
    questions = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            questions.append(
                Question(
                    id=str(data.get("id", f"q{number}")),
                    language=data.get("language", "es"),
                    question=data["question"],
                    expect=tuple(data.get("expect", ())),
                    off_topic=bool(data.get("off_topic", False)),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{number}: not a question ({exc})") from exc
    return questions


def is_hit(passage_source: str, passage_section: str, passage_text: str, expect: Iterable[dict[str, str]]) -> bool:
    for alternative in expect:
        if passage_source != alternative.get("source"):
            continue
        if alternative.get("section", "").lower() not in passage_section.lower():
            continue
        if "text" in alternative and alternative["text"].lower() not in passage_text.lower():
            continue
        return True
    return False


def first_hit_rank(passages: Sequence[Passage], question: Question) -> int | None:
    for rank, passage in enumerate(passages, start=1):
        if is_hit(passage.source, passage.section, passage.text, question.expect):
            return rank
    return None


@dataclass
class Outcome:
    question: Question
    rank: int | None
    abstained: bool
    relevance: float


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    def _on_topic(self, language: str | None = None) -> list[Outcome]:
        return [o for o in self.outcomes if not o.question.off_topic and (language is None or o.question.language == language)]

    def hit_at(self, k: int = 5, language: str | None = None) -> float:
        items = self._on_topic(language)
        return sum(1 for o in items if o.rank is not None and o.rank <= k) / len(items) if items else 0.0

    def mrr(self, language: str | None = None) -> float:
        items = self._on_topic(language)
        return sum(1 / o.rank for o in items if o.rank) / len(items) if items else 0.0

    def abstention(self) -> float:
        """Share of off-topic questions abstained on."""
        items = [o for o in self.outcomes if o.question.off_topic]
        return sum(o.abstained for o in items) / len(items) if items else 0.0

    def answered(self) -> float:
        """Share of on-topic questions answered (not abstained on)."""
        items = self._on_topic()
        return sum(not o.abstained for o in items) / len(items) if items else 0.0

    def languages(self) -> list[str]:
        return sorted({o.question.language for o in self._on_topic()})

    def to_json(self) -> dict[str, Any]:
        return {
            "questions": len(self.outcomes),
            "hit@5": round(self.hit_at(5), 3),
            "mrr": round(self.mrr(), 3),
            "abstention": round(self.abstention(), 3),
            "answered": round(self.answered(), 3),
            "by_language": {
                lang: {"hit@5": round(self.hit_at(5, lang), 3), "mrr": round(self.mrr(lang), 3)}
                for lang in self.languages()
            },
            "misses": [o.question.id for o in self._on_topic() if o.rank is None or o.rank > 5],
        }


Searcher = Callable[[str], tuple[list[Passage], float]]


def evaluate(questions: Sequence[Question], search: Searcher, min_relevance: float | None) -> Report:
    """Run every question through ``search`` -> (passages, relevance); abstain below ``min_relevance``."""
    report = Report()
    for question in questions:
        passages, relevance = search(question.question)
        abstained = min_relevance is not None and relevance < min_relevance
        report.outcomes.append(Outcome(question, first_hit_rank(passages, question), abstained, relevance))
    return report
