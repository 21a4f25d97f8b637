"""The LLM path: render prompts/critique.toml, call the chat model, validate its JSON.

Anything unexpected (an exception, a timeout, text that is not JSON, an unknown
criterion, a bad status, an empty string) raises ``LLMJudgeError``; the Critic
then keeps the offline judgement and says why in ``Critique.note``.
"""

from __future__ import annotations

import json
import re
import secrets
from typing import Any, Literal, Sequence

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.critique.rubric import Criterion, Rubric
from bot.llm import LLMUnavailable, invoke_with_deadline
from bot.models import Passage
from bot.prompts import Prompt
from bot.vocabulary import LANGUAGE_NAMES

MAX_LLM_TEXT_CHARS = 12_000
_PASSAGE_CHARS = 600
_JSON_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL | re.IGNORECASE)


class LLMJudgeError(RuntimeError):
    """The model failed or its reply could not be used."""

    def __init__(self, kind: Literal["failed", "invalid"], detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


class LLMFinding(BaseModel):
    model_config = ConfigDict(extra="ignore")

    criterion: str
    status: Literal["ok", "weak", "missing"]
    reason: str = Field(min_length=1)
    suggestion: str = Field(min_length=1)

    @field_validator("reason", "suggestion", "criterion", mode="before")
    @classmethod
    def _strip(cls, value: Any) -> Any:
        return value.strip() if isinstance(value, str) else value


class LLMVerdict(BaseModel):
    model_config = ConfigDict(extra="ignore")

    findings: list[LLMFinding] = Field(min_length=1)
    next_steps: list[str] = []

    @field_validator("next_steps", mode="after")
    @classmethod
    def _non_empty_steps(cls, value: list[str]) -> list[str]:
        return [s.strip() for s in value if isinstance(s, str) and s.strip()][:3]


def new_fence(text: str) -> str:
    """A random fence line that cannot occur in the user's text."""
    while True:
        fence = f"<<<PROPOSAL-TEXT-{secrets.token_hex(8)}>>>"
        if fence not in text:
            return fence


def render_messages(
    prompt: Prompt,
    rubric: Rubric,
    criteria: Sequence[Criterion],
    text: str,
    *,
    section_type: str,
    language: str,
    donor: str | None,
    passages: dict[str, tuple[Passage, ...]],
) -> list[tuple[str, str]]:
    """The chat messages for one section: rubric, passages and the fenced text."""
    rubric_lines = [
        f"- {c.id}: {c.description.get('en')} Why: {c.why.get('en')}" for c in criteria
    ]
    passage_lines: list[str] = []
    for c in criteria:
        for p in passages.get(c.id, ())[:1]:
            snippet = " ".join(p.text.split())[:_PASSAGE_CHARS]
            passage_lines.append(f"[{c.id}] {p.citation}: {snippet}")
    donor_line = "none given"
    if donor and donor in rubric.donors:
        spec = rubric.donors[donor]
        facts = [
            f"{e.criterion}: {e.fact.get('en')} ({e.source}, {e.year})"
            for e in spec.expectations
            if any(e.criterion == c.id for c in criteria)
        ]
        donor_line = spec.name + ("\n" + "\n".join(f"- {f}" for f in facts) if facts else "")
    return prompt.render(
        language_name=LANGUAGE_NAMES.get(language, "Spanish"),
        section_type_name=rubric.section_types[section_type].name.get("en"),
        criteria="\n".join(rubric_lines),
        passages="\n".join(passage_lines) or "(none)",
        donor=donor_line,
        fence=new_fence(text),
        text=text[:MAX_LLM_TEXT_CHARS],
        criteria_ids=", ".join(c.id for c in criteria),
    )


def call_model(chat_model: Any, messages: list[tuple[str, str]], timeout: float) -> str:
    """The model's reply with a hard time limit; any failure becomes LLMJudgeError."""
    try:
        return invoke_with_deadline(chat_model, messages, timeout)
    except LLMUnavailable as exc:
        raise LLMJudgeError("failed", str(exc)) from exc


def parse_verdict(reply: str, applicable: set[str]) -> LLMVerdict:
    """Parse and check the model's JSON; criteria must be applicable and unique."""
    match = _JSON_FENCE.search(reply)
    body = match.group(1) if match else reply
    start, end = body.find("{"), body.rfind("}")
    if start < 0 or end <= start:
        raise LLMJudgeError("invalid", "no JSON object")
    try:
        data = json.loads(body[start : end + 1])
        verdict = LLMVerdict.model_validate(data)
    except (json.JSONDecodeError, ValidationError) as exc:
        raise LLMJudgeError("invalid", type(exc).__name__) from exc
    seen: set[str] = set()
    for finding in verdict.findings:
        if finding.criterion not in applicable:
            raise LLMJudgeError("invalid", f"criterion {finding.criterion!r} does not apply")
        if finding.criterion in seen:
            raise LLMJudgeError("invalid", f"criterion {finding.criterion!r} twice")
        seen.add(finding.criterion)
    return verdict
