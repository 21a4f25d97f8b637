"""/digest: what a workshop group asked over the last hours, grouped by topic.

Offline and explainable: a question's topic is the document › section of the top
passage retrieved for it (stored with the question); questions the knowledge base
could not answer are listed apart, and critique weaknesses are counted by criterion.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from bot.messages import Messages

MAX_TOPICS = 8
EXAMPLES_PER_TOPIC = 2
MAX_ABSTAINED = 8
MAX_WEAKNESSES = 6
QUESTION_PREVIEW_CHARS = 120


@dataclass
class Topic:
    name: str | None  # None: answered without a clear top passage
    count: int
    examples: list[str] = field(default_factory=list)


@dataclass
class Digest:
    hours: int
    questions: int
    people: int
    topics: list[Topic]
    abstained: list[str]
    abstained_count: int
    weaknesses: list[tuple[str, int]]  # (label, count)


def _normalise(question: str) -> str:
    return " ".join(question.lower().split()).rstrip("?¿!. ")


def build_digest(questions: list[dict], weaknesses: list[dict], hours: int) -> Digest:
    """``questions`` and ``weaknesses`` are rows from State.group_questions / group_weaknesses."""
    by_topic: dict[str | None, list[str]] = defaultdict(list)
    abstained: list[str] = []
    seen_abstained: set[str] = set()
    for row in questions:
        if row["abstained"]:
            key = _normalise(row["question"])
            if key not in seen_abstained:
                seen_abstained.add(key)
                abstained.append(row["question"])
            continue
        by_topic[row.get("topic") or None].append(row["question"])
    topics = []
    for name, asked in sorted(by_topic.items(), key=lambda kv: (-len(kv[1]), kv[0] is None, kv[0] or "")):
        examples, seen = [], set()
        for question in reversed(asked):  # the latest wording first
            key = _normalise(question)
            if key not in seen and len(examples) < EXAMPLES_PER_TOPIC:
                seen.add(key)
                examples.append(question)
        topics.append(Topic(name, len(asked), examples))
    labels: dict[str, str] = {}
    counts: Counter[str] = Counter()
    for row in weaknesses:
        counts[row["criterion"]] += 1
        labels[row["criterion"]] = row.get("label") or labels.get(row["criterion"]) or row["criterion"]
    return Digest(
        hours=hours, questions=len(questions), people=len({row["user_id"] for row in questions}),
        topics=topics[:MAX_TOPICS], abstained=abstained[:MAX_ABSTAINED],
        abstained_count=sum(1 for row in questions if row["abstained"]),
        weaknesses=[(labels[c], n) for c, n in counts.most_common(MAX_WEAKNESSES)],
    )


def digest_language(questions: list[dict], configured: str | None, fallback: str) -> str:
    """The group's language: set by a facilitator, else the one most questions were in."""
    if configured:
        return configured
    languages = Counter(row["language"] for row in questions if row.get("language"))
    return languages.most_common(1)[0][0] if languages else fallback


def _preview(question: str) -> str:
    question = " ".join(question.split())
    return question if len(question) <= QUESTION_PREVIEW_CHARS else question[: QUESTION_PREVIEW_CHARS - 1] + "…"


def render_digest(digest: Digest, messages: Messages, language: str) -> str:
    if not digest.questions and not digest.weaknesses:
        return messages.text("digest.empty", language, hours=digest.hours)
    blocks = [messages.text("digest.header", language, hours=digest.hours, questions=digest.questions,
                            people=digest.people)]
    if digest.topics:
        lines = [messages.text("digest.topics", language)]
        for topic in digest.topics:
            name = topic.name or messages.plain("digest.other_topic", language)
            lines.append(messages.text("digest.topic_line", language, topic=name, count=topic.count))
            lines += [messages.text("digest.example", language, question=_preview(q)) for q in topic.examples]
        blocks.append("\n".join(lines))
    if digest.abstained:
        lines = [messages.text("digest.abstained", language, count=digest.abstained_count)]
        lines += [messages.text("digest.abstained_line", language, question=_preview(q)) for q in digest.abstained]
        blocks.append("\n".join(lines))
    if digest.weaknesses:
        lines = [messages.text("digest.weaknesses", language)]
        lines += [messages.text("digest.weakness_line", language, label=label, count=count)
                  for label, count in digest.weaknesses]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)

