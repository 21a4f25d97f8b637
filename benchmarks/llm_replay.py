"""Measure the LLM path without a model on this machine: the prompts go out as a file, the replies come back as one.

    python -m benchmarks.llm_replay --set answers-unseen-7 --work DIR
    python -m benchmarks.llm_replay --set critique-real-unseen-7 --work DIR

Each run asks every question of the set through the product's own LLM path (the condense prompt for
a follow-up, the answer prompt over the retrieved passages, the same marker checks and sources),
with a chat model that answers from DIR/replies.jsonl. A prompt with no reply yet is written to
DIR/pending.jsonl ({"key", "messages"}) and that question falls back as the product would; a
follow-up waits until its first question has its reply. Write {"key", "reply"} lines to
DIR/replies.jsonl (from any model, or a person) and run again until nothing is pending; the last run
writes DIR/answers.jsonl for a blind assessor. A critique set goes through the critic's LLM judge
the same way (DIR/critiques.jsonl). Nothing leaves the machine: the replies are data.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from pathlib import Path
from typing import Any

from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from benchmarks._index import benchmark_coach
from benchmarks.sets import discover
from bot.answers.compose import plain_text
from bot.models import Turn


# The critic fences the officer's text with a random line on every call (bot/critique/llm_judge.py).
_FENCE = re.compile(r"<<<PROPOSAL-TEXT-[0-9a-f]{16}>>>")


def prompt_key(messages: Any) -> str:
    """A stable key for a prompt: its role/text pairs (the critic's random fence left out), hashed."""
    pairs = [(m[0], _FENCE.sub("<<<FENCE>>>", m[1])) if isinstance(m, (tuple, list))
             else (m.type, _FENCE.sub("<<<FENCE>>>", m.content)) for m in messages]
    return hashlib.sha1(json.dumps(pairs, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


class ReplayModel(GenericFakeChatModel):
    """A chat model that answers from recorded replies and notes the prompts it has none for."""

    replies: dict = {}
    pending: list = []

    def invoke(self, messages, *args, **kwargs):  # noqa: D102 - the product calls invoke(messages)
        key = prompt_key(messages)
        if key not in self.replies:
            pairs = [(m[0], m[1]) if isinstance(m, tuple) else (m.type, m.content) for m in messages]
            self.pending.append({"key": key, "messages": pairs})
            raise RuntimeError("no reply recorded yet")
        return AIMessage(content=self.replies[key])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", required=True, help="an answers set name (unseen sets included)")
    parser.add_argument("--work", type=Path, required=True, help="folder for pending.jsonl, replies.jsonl, answers.jsonl")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    replies_file = args.work / "replies.jsonl"
    replies = {}
    if replies_file.is_file():
        for line in replies_file.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                replies[row["key"]] = row["reply"]
    model = ReplayModel(messages=iter(()), replies=replies, pending=[])
    critiques = next((s for s in discover("critique", include_unseen=True) if s.name == args.set), None)
    if critiques is not None:
        return critique_set(critiques, model, args.work)
    found = next(s for s in discover("answers", include_unseen=True) if s.name == args.set)
    questions = found.items("questions.jsonl")
    by_id = {q["id"]: q for q in questions}
    answers: dict[str, Any] = {}
    with benchmark_coach(chat_model=model) as coach:
        for question in questions:
            first = by_id.get(question.get("follow_up_of") or "")
            if first and answers.get(first["id"]) is not None and answers[first["id"]].mode != "llm" \
                    and not answers[first["id"]].abstained:
                answers[question["id"]] = None  # its first question has no reply yet: ask it next run
                continue
            history = [Turn(first["question"], answers[first["id"]].text)] if first and answers.get(first["id"]) else []
            answers[question["id"]] = coach.ask(question["question"], history=history)
    pending = list({row["key"]: row for row in model.pending}.values())
    (args.work / "pending.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in pending),
                                             encoding="utf-8")
    with (args.work / "answers.jsonl").open("w", encoding="utf-8") as out:
        for question in questions:
            answer = answers.get(question["id"])
            out.write(json.dumps({"id": question["id"], "question": question["question"],
                                  "follow_up_of": question.get("follow_up_of"),
                                  "mode": answer.mode if answer else None,
                                  "answer": plain_text(answer) if answer else None}, ensure_ascii=False) + "\n")
    print(f"{len(pending)} prompts pending; {sum(1 for a in answers.values() if a and a.mode == 'llm')} "
          f"of {len(questions)} answered by the model")


def critique_set(found, model: ReplayModel, work: Path) -> None:
    """Every section of a critique set through the critic's LLM judge, as the product builds it."""
    from bot.report import critique_text

    sections = found.items("sections.jsonl")
    with benchmark_coach(chat_model=model) as coach:
        reviews = [coach.critique(item["text"]) for item in sections]
    pending = list({row["key"]: row for row in model.pending}.values())
    (work / "pending.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in pending),
                                        encoding="utf-8")
    with (work / "critiques.jsonl").open("w", encoding="utf-8") as out:
        for item, review in zip(sections, reviews):
            out.write(json.dumps({"id": item["id"], "language": item["language"], "mode": review.mode,
                                  "section_type": review.section_type, "text": item["text"],
                                  "critique": critique_text(review)}, ensure_ascii=False) + "\n")
    print(f"{len(pending)} prompts pending; {sum(r.mode == 'llm' for r in reviews)} of {len(sections)} "
          f"reviewed by the model")


if __name__ == "__main__":
    main()
