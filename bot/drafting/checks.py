"""After each answer, the critic's own offline checks on that component: no second rule set.

The step names the critic's section type (and, optionally, the criteria worth raising there); the answer
is judged by ``bot.critique.offline.judge`` exactly as a pasted section of that type would be, and each
criterion that is not "ok" becomes an issue with the critic's reason and suggestion. Indicators are judged
one line at a time, so the officer learns which indicator lacks its baseline.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.critique.offline import judge
from bot.critique.rubric import Rubric, load_rubric
from bot.drafting.logframe import items
from bot.drafting.session import Check, Issue
from bot.drafting.steps import Step

QUOTE_CHARS = 60
# Fewer words than this, with nothing the critic recognises as the component, is not an answer ("ok", "hola").
SHORT_ANSWER_WORDS = 6
# A question this short is addressed to the assistant, not an answer ("¿qué es una línea de base?").
SHORT_QUESTION_WORDS = 25
_LETTER = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=1)
def rubric() -> Rubric:
    return load_rubric()


def check_answer(step: Step, text: str, language: str) -> Check:
    """Whether ``text`` answers ``step``, and the critic's weaknesses for it (the ``Checker`` of a Draft)."""
    words = text.split()
    if len(words) < step.min_words or not _LETTER.search(text):
        return Check(False)
    if text.rstrip().endswith("?") and len(words) < SHORT_QUESTION_WORDS:
        return Check(False)
    if not step.section_type:
        return Check(True)
    judgements = _judged(step, text, language)
    if len(words) < SHORT_ANSWER_WORDS and not any(j.supported for j in judgements):
        return Check(False)
    issues = [Issue("drafting.issue", {"reason": j.finding.reason, "suggestion": j.finding.suggestion})
              for j in judgements if j.status != "ok" and not (step.kind == "indicators"
                                                                and j.criterion.id == "indicators")]
    if step.kind == "indicators":
        issues = _indicator_issues(text, language) + issues
    return Check(True, tuple(issues))


def _judged(step: Step, text: str, language: str):
    judgements = judge(text, step.section_type, language, rubric())
    wanted = set(step.criteria)
    return [j for j in judgements if not wanted or j.criterion.id in wanted]


def _indicator_issues(text: str, language: str) -> list[Issue]:
    """Each indicator line judged on its own by the critic's indicators criterion."""
    issues = []
    for number, line in enumerate(items(text), start=1):
        judgement = next(j for j in judge(line, "indicators", language, rubric()) if j.criterion.id == "indicators")
        if judgement.status == "ok" or not judgement.missing:
            continue
        labels = _labels(judgement, language)
        issues.append(Issue("drafting.indicator_issue",
                            {"number": number, "indicator": _short(line), "missing": labels}))
    return issues


def _labels(judgement, language: str) -> str:
    by_id = {e.id: e for e in judgement.criterion.elements}
    labels = [by_id[i].label.get(language) for i in judgement.missing]
    joiner = rubric().messages_for(language).and_
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + joiner + labels[-1]


def _short(line: str) -> str:
    return line if len(line) <= QUOTE_CHARS else line[:QUOTE_CHARS].rsplit(" ", 1)[0] + "…"


def weak_points(step: Step, text: str, language: str) -> tuple[Issue, ...]:
    """The issues a finished answer still has (for the draft's closing list); none for a non-answer."""
    verdict = check_answer(step, text, language)
    return verdict.issues if verdict.is_answer else ()
