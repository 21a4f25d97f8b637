"""The interview as data: prompts/drafting.toml parsed into frozen, validated steps.

A mistake in the file (an unknown section type, a criterion that does not apply to it, a step without its
question in one of the languages) fails at load time, naming the step, never in front of an officer.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from bot.critique.rubric import SECTION_TYPES, load_rubric
from bot.messages import Messages
from bot.resources import ResourceError, load_toml
from bot.vocabulary import LANGUAGES

# What every step has in prompts/messages/<language>.toml, [drafting.steps.<id>].
STEP_TEXTS = ("heading", "question", "hint")


class DraftingDataError(ValueError):
    """prompts/drafting.toml is malformed; the message names the bad entry."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ExampleRef(_Strict):
    """Where the worked example shows a component: a knowledge file, its section, the excerpt's first words."""

    file: str = Field(min_length=3)
    section: str = Field(min_length=1)
    starts: str = Field(min_length=2)


class Step(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z_]*$")
    section_type: str = ""
    criteria: tuple[str, ...] = ()
    kind: Literal["text", "lines", "indicators", "risks"] = "text"
    optional: bool = False
    min_words: int = Field(default=3, ge=1)
    examples: dict[str, ExampleRef] = {}

    def text_key(self, name: str) -> str:
        """The messages key of this step's ``name`` ("heading", "question", "hint")."""
        return f"drafting.steps.{self.id}.{name}"


class ExampleSettings(_Strict):
    fallback: dict[str, tuple[str, ...]]
    max_chars: int = Field(ge=80)


class AssumptionWords(_Strict):
    words: tuple[str, ...] = Field(min_length=1)


class LevelCodes(_Strict):
    goal: tuple[str, ...] = Field(min_length=1)
    purpose: tuple[str, ...] = Field(min_length=1)
    result: tuple[str, ...] = Field(min_length=1)


class IndicatorFields(_Strict):
    baseline: tuple[str, ...] = Field(min_length=1)
    target: tuple[str, ...] = Field(min_length=1)
    date: tuple[str, ...] = Field(min_length=1)
    verification: tuple[str, ...] = Field(min_length=1)


class Interview(_Strict):
    """The steps in order, and the words the answers are read with."""

    steps: tuple[Step, ...] = Field(min_length=1)
    examples: ExampleSettings
    indicator_fields: IndicatorFields
    assumption_words: AssumptionWords
    level_codes: LevelCodes

    @model_validator(mode="after")
    def _consistent(self) -> Interview:
        ids = [s.id for s in self.steps]
        if len(ids) != len(set(ids)):
            raise ValueError(f"duplicate step ids in {ids}")
        if set(self.examples.fallback) != set(LANGUAGES):
            raise ValueError(f"examples.fallback must name exactly {LANGUAGES}")
        return self

    @property
    def total(self) -> int:
        return len(self.steps)

    def step(self, step_id: str) -> Step:
        return next(s for s in self.steps if s.id == step_id)

    def index(self, step_id: str) -> int:
        return next(i for i, s in enumerate(self.steps) if s.id == step_id)


def parse_interview(data: dict, messages: Messages, *, origin: str = "drafting.toml") -> Interview:
    """Validate the parsed TOML against the rubric and the messages; raise DraftingDataError naming the entry."""
    try:
        interview = Interview.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise DraftingDataError(f"{origin}: {problems}") from exc
    rubric = load_rubric()
    for step in interview.steps:
        where = f"{origin}: step {step.id!r}"
        if step.section_type and step.section_type not in SECTION_TYPES:
            raise DraftingDataError(f"{where}: unknown section_type {step.section_type!r}")
        applicable = {c.id for c in rubric.applicable(step.section_type)} if step.section_type else set()
        if set(step.criteria) - applicable:
            raise DraftingDataError(f"{where}: criteria {sorted(set(step.criteria) - applicable)} "
                                    f"do not apply to {step.section_type!r}")
        if set(step.examples) - set(LANGUAGES):
            raise DraftingDataError(f"{where}: examples in unknown languages {sorted(set(step.examples) - set(LANGUAGES))}")
        for name in STEP_TEXTS:
            if step.text_key(name) not in messages.strings["es"]:
                raise DraftingDataError(f"{where}: prompts/messages/ lacks [drafting.steps.{step.id}] {name}")
    return interview


@lru_cache(maxsize=1)
def load_interview() -> Interview:
    """prompts/drafting.toml, validated once per process."""
    try:
        data = load_toml("drafting.toml")
    except ResourceError as exc:
        raise DraftingDataError(str(exc)) from exc
    return parse_interview(data, Messages.load())
