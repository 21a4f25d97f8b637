"""Answer quality on what the officer reads: the answer text, judged against each question's nuggets.

The answer sets (benchmarks/sets/answers-*) were written by helpers who never saw the assistant:
questions in officers' own words (es/en/pt/fr, follow-up pairs, off-topic ones), each with its
nuggets, the 1-5 facts a usable answer must contain (the TREC 2024 RAG track's nugget evaluation).
A follow-up is asked after its first question, with that answer as history.

Measured on the text (an automatic proxy; a blind assessor's 0-2 scores are the headline, see
docs/benchmarks.md):
* nugget recall: a nugget counts when most content words of its quote (or, for a reader quoted
  another language version, of the fact as the question's author wrote it) are in the answer;
* all nuggets: the share of answers that carry every one;
* padding: bullets that carry no nugget and share at most one content word with the question;
* wrong-language frames: answers whose fixed phrases are not in the reader's language;
* abstention on off-topic questions, and "nothing found" on on-topic ones.
Every answer is written to benchmarks/results/<set>.jsonl (git-ignored), for the assessor.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from benchmarks._index import benchmark_coach
from benchmarks.machine import machine_line
from benchmarks.sets import discover
from bot.answers.compose import plain_text
from bot.answers.lexical import content_words
from bot.models import Turn

RESULTS = Path(__file__).resolve().parent / "results"
last_results: dict = {}
NUGGET_SHARE = 0.6  # of a quote's content words in the answer
_BULLET = re.compile(r"^• (.*)$", re.M)


def _words(text: str) -> set[str]:
    return {word for word in content_words(text) if len(word) > 3}


def nugget_present(nugget: dict, text: str) -> bool:
    """Whether the answer ``text`` carries the nugget: its quote's words, else its fact's."""
    present = _words(text)
    for needle in (nugget.get("quote", ""), nugget.get("fact", "")):
        wanted = _words(needle)
        if wanted and len(wanted & present) / len(wanted) >= NUGGET_SHARE:
            return True
    return False


def _bullets(text: str) -> list[str]:
    return _BULLET.findall(text)


def score(question: dict, answer) -> dict:
    """The automatic measures of one answer."""
    nuggets = question.get("nuggets") or []
    found = [nugget_present(n, answer.text) for n in nuggets]
    asked = _words(question["question"])
    padding = [b for b in _bullets(answer.text)
               if not any(nugget_present(n, b) for n in nuggets) and len(_words(b) & asked) <= 1]
    return {
        "id": question["id"],
        "off_topic": bool(question.get("off_topic")),
        "abstained": answer.abstained,
        "nuggets": len(nuggets),
        "nuggets_found": sum(found),
        "bullets": len(_bullets(answer.text)),
        "padding": len(padding),
        "frame_language_ok": answer.language == question["expected_language"],
    }


def _ask_all(coach, questions: list[dict]) -> list[tuple[dict, object]]:
    by_id = {q["id"]: q for q in questions}
    answered: dict[str, object] = {}
    out = []
    for question in questions:
        first = by_id.get(question.get("follow_up_of") or "")
        history = [Turn(first["question"], answered[first["id"]].text)] if first and first["id"] in answered else []
        question["expected_language"] = first["language"] if first and len(question["question"]) < 40 else question["language"]
        answer = coach.ask(question["question"], history=history)
        answered[question["id"]] = answer
        out.append((question, answer))
    return out


def _table(name: str, rows: list[dict]) -> str:
    on = [r for r in rows if not r["off_topic"]]
    off = [r for r in rows if r["off_topic"]]
    nuggets = sum(r["nuggets"] for r in on) or 1
    bullets = sum(r["bullets"] for r in on) or 1
    summary = {
        "questions": len(rows),
        "nugget_recall": round(sum(r["nuggets_found"] for r in on) / nuggets, 3),
        "all_nuggets": round(sum(r["nuggets_found"] == r["nuggets"] for r in on) / (len(on) or 1), 3),
        "padding_share": round(sum(r["padding"] for r in on) / bullets, 3),
        "wrong_language_frames": sum(not r["frame_language_ok"] for r in rows),
        "nothing_found_on_topic": sum(r["abstained"] for r in on),
        "abstention_off_topic": round(sum(r["abstained"] for r in off) / (len(off) or 1), 3),
    }
    last_results[name] = summary
    return (f"| {name} | {len(on)} + {len(off)} | {summary['nugget_recall']:.3f} | {summary['all_nuggets']:.3f} | "
            f"{summary['padding_share']:.3f} | {summary['wrong_language_frames']} | "
            f"{summary['nothing_found_on_topic']} | {summary['abstention_off_topic']:.2f} |")


def run() -> str:
    RESULTS.mkdir(exist_ok=True)
    lines = []
    with benchmark_coach() as coach:
        for found in discover("answers"):
            questions = found.items("questions.jsonl")
            pairs = _ask_all(coach, questions)
            rows = [score(q, a) for q, a in pairs]
            with (RESULTS / f"{found.name}.jsonl").open("w", encoding="utf-8") as out:
                for question, answer in pairs:
                    out.write(json.dumps({"id": question["id"], "question": question["question"],
                                          "follow_up_of": question.get("follow_up_of"),
                                          "answer": plain_text(answer)}, ensure_ascii=False) + "\n")
            lines.append(_table(found.name, rows))
    return "\n".join([
        f"### Answer quality on the answer text ({machine_line()})",
        "",
        "| set | on-topic + off-topic | nugget recall | answers with every nugget | padding bullets | "
        "wrong-language frames | \"nothing found\" on-topic | abstention off-topic |",
        "|---|---|---|---|---|---|---|---|",
        *lines,
        "",
        "Nuggets are matched on the answer's words (a proxy, see the module docstring); the blind "
        "assessor's usefulness scores are in docs/benchmarks.md.",
    ])


if __name__ == "__main__":
    print(run())
