"""Optional: the configured LLM polishes the wording of the draft's prose; the figures stay the officer's.

Only the paragraphs under the headings are polished (the logframe and the indicator table keep the exact
words they were read from). A polished text is used only when its figures (every run of digits, counted)
are exactly the officer's and it is not much longer than the original; otherwise, or when the model fails,
the officer's text is kept as it is. Blocking: run it in a thread.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from typing import Any

from bot.drafting.steps import Interview
from bot.llm import LLMUnavailable, invoke_with_deadline
from bot.messages import Messages
from bot.prompts import load_prompt
from bot.vocabulary import LANGUAGE_NAMES

log = logging.getLogger(__name__)

# Prose components only: lists, indicators and risks feed the tables and are kept word for word.
POLISHED_KINDS = ("text",)
UNPOLISHED_STEPS = ("title",)
MAX_GROWTH = 1.5  # a polished text longer than this (plus a sentence) adds something: not used
_DIGITS = re.compile(r"\d+")


def same_figures(original: str, polished: str) -> bool:
    """Every run of digits of ``original``, as many times, and no other."""
    return Counter(_DIGITS.findall(original)) == Counter(_DIGITS.findall(polished))


def acceptable(original: str, polished: str) -> bool:
    return bool(polished.strip()) and same_figures(original, polished) \
        and len(polished) <= MAX_GROWTH * len(original) + 80


def polish_answers(answers: dict[str, str], interview: Interview, messages: Messages, language: str,
                   chat_model: Any, timeout: float) -> dict[str, str]:
    """The answers with the prose of each component polished where the model's text passes the checks."""
    prompt = load_prompt("polish_draft")
    polished = dict(answers)
    for step in interview.steps:
        original = answers.get(step.id, "").strip()
        if not original or step.kind not in POLISHED_KINDS or step.id in UNPOLISHED_STEPS:
            continue
        chat = prompt.render(language=LANGUAGE_NAMES.get(language, "Spanish"),
                             component=messages.plain(step.text_key("heading"), language), text=original)
        try:
            reply = invoke_with_deadline(chat_model, chat, timeout)
        except LLMUnavailable as exc:
            log.warning("draft polishing skipped for %s: %s", step.id, exc)
            continue
        reply = reply.strip().removeprefix("<<<").removesuffix(">>>").strip()
        if acceptable(original, reply):
            polished[step.id] = reply
        else:
            log.info("draft polishing of %s dropped: figures or length changed", step.id)
    return polished
