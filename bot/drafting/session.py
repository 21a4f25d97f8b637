"""The interview as a state machine: answer, back, skip, keep, with nothing an officer typed ever lost.

Pure: no I/O. The checks are handed in (``Checker``), and a ``Draft`` turns into JSON and back, so the
front ends keep it wherever they like (the Telegram bot in the state database, the terminal in memory).

* An answer that is not one (empty, a greeting, a short question) is not stored: the hint comes again.
* A very long answer is cut to the limit; the outcome says so.
* An answer with weaknesses is stored and the step waits: the next message improves it (a rewrite replaces
  it, anything else is added to it) or /seguir moves on.
* /atras goes back a step and keeps every answer; the answer of the step it returns to is shown again.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.drafting.steps import Interview, Step

# A new answer sharing this share of the stored answer's words is a rewrite of it, so it replaces it;
# otherwise it adds to it (the missing baseline, the second part of a message Telegram split).
REWRITE_OVERLAP = 0.5
_WORD = re.compile(r"\w+")
# Text pasted from a word processor carries line breaks as \v or \f, and other control characters that a
# .docx cannot hold (python-docx refuses them): line breaks become newlines, the rest is dropped.
_LINE_BREAKS = re.compile(r"\r\n?|[\v\f\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def clean(text: str) -> str:
    """``text`` as a .docx can hold it: newlines for line breaks, no control characters."""
    return _CONTROL.sub("", _LINE_BREAKS.sub("\n", text))


@dataclass(frozen=True)
class Issue:
    """One weakness found in an answer, as a messages key and its values (rendered by the front end)."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Check:
    """What the checks say of one answer: whether it answers at all, and its weaknesses."""

    is_answer: bool
    issues: tuple[Issue, ...] = ()


Checker = Callable[[Step, str, str], Check]  # (step, answer, language) -> Check


@dataclass(frozen=True)
class Outcome:
    """What happened to one event, for the front end to say.

    ``kind``: "not_an_answer", "saved" (the step is done, the next one is current), "needs_work" (stored;
    the step waits), "moved" (back, skip or keep), "at_first_step".
    """

    kind: str
    issues: tuple[Issue, ...] = ()
    merged: str | None = None  # "added" or "replaced" when an earlier answer to the step was there
    cut_from: int | None = None  # the answer's length before it was cut to the limit


@dataclass
class Draft:
    """One officer's draft: where the interview is and every answer given so far, by step id."""

    language: str
    step: int = 0
    answers: dict[str, str] = field(default_factory=dict)
    waiting: bool = False  # the current step's answer has weaknesses shown, and waits to be improved

    # ------------------------------------------------------------ reading

    def current(self, interview: Interview) -> Step | None:
        """The step being asked, or None once past the last one."""
        return interview.steps[self.step] if self.step < interview.total else None

    def finished(self, interview: Interview) -> bool:
        return self.step >= interview.total

    def answered(self) -> bool:
        return any(text.strip() for text in self.answers.values())

    # ------------------------------------------------------------ events

    def answer(self, text: str, interview: Interview, check: Checker, *, limit: int) -> Outcome:
        """Take ``text`` as the answer to the current step."""
        step = self.current(interview)
        if step is None:
            return Outcome("moved")
        text = clean(text).strip()
        cut_from = None
        if len(text) > limit:
            cut_from, text = len(text), text[:limit].rstrip()
        verdict = check(step, text, self.language)
        if not verdict.is_answer:  # judged on its own: a "hola" is not added to a stored answer
            return Outcome("not_an_answer", cut_from=cut_from)
        previous = self.answers.get(step.id, "")
        merged = None
        if previous and self.waiting:
            if _is_rewrite(text, previous):
                merged = "replaced"
            else:
                merged, text = "added", f"{previous}\n{text}"
                if len(text) > limit:
                    cut_from, text = len(text), text[:limit].rstrip()
        elif previous:
            merged = "replaced"  # after /atras the stored answer was shown with "send a new one to replace it"
        if merged == "added":
            verdict = check(step, text, self.language)
        self.answers[step.id] = text
        if verdict.issues:
            self.waiting = True
            return Outcome("needs_work", verdict.issues, merged, cut_from)
        self._advance()
        return Outcome("saved", (), merged, cut_from)

    def back(self) -> Outcome:
        if self.step == 0:
            return Outcome("at_first_step")
        self.step -= 1
        self.waiting = False
        return Outcome("moved")

    def skip(self, interview: Interview) -> Outcome:
        """Move on; an answer the step already has is kept (skipping never deletes what was typed)."""
        if not self.finished(interview):
            self._advance()
        return Outcome("moved")

    keep = skip  # /seguir: the stored answer stays, as it is, and the interview moves on

    def _advance(self) -> None:
        self.step += 1
        self.waiting = False

    # ------------------------------------------------------------ storage

    def to_json(self) -> dict[str, Any]:
        return {"language": self.language, "step": self.step, "answers": dict(self.answers),
                "waiting": self.waiting}

    @classmethod
    def from_json(cls, data: dict[str, Any], interview: Interview) -> Draft:
        """A stored draft; answers to steps the interview no longer has are dropped, the step is clamped."""
        known = {s.id for s in interview.steps}
        answers = {k: str(v) for k, v in dict(data.get("answers") or {}).items() if k in known}
        step = min(max(int(data.get("step", 0)), 0), interview.total)
        return cls(language=str(data.get("language") or "es"), step=step, answers=answers,
                   waiting=bool(data.get("waiting")) and step < interview.total)


def _is_rewrite(new: str, old: str) -> bool:
    old_words = set(_WORD.findall(old.lower()))
    if not old_words:
        return True
    return len(old_words & set(_WORD.findall(new.lower()))) / len(old_words) >= REWRITE_OVERLAP
