"""prompts/drafting.toml: the interview loads, names what the critic knows, and its examples quote knowledge/."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.drafting.examples import example_for, read_example
from bot.drafting.steps import DraftingDataError, load_interview, parse_interview
from bot.messages import Messages
from bot.resources import load_toml
from bot.vocabulary import LANGUAGES

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"


def test_the_interview_follows_the_key_components_in_order():
    interview = load_interview()
    assert [s.id for s in interview.steps] == [
        "title", "problem", "goal", "purpose", "results", "indicators", "activities", "participation",
        "sustainability", "budget", "timeline", "risks"]
    assert interview.step("title").optional and not interview.step("title").section_type
    assert interview.step("indicators").section_type == "indicators"


def test_every_step_is_asked_in_every_language():
    messages = Messages.load()
    for step in load_interview().steps:
        for language in LANGUAGES:
            for name in ("heading", "question", "hint"):
                assert messages.plain(step.text_key(name), language).strip()


@pytest.mark.parametrize("step_id", [s.id for s in load_interview().steps if s.examples])
def test_every_example_reference_quotes_its_knowledge_file(step_id):
    interview = load_interview()
    step = interview.step(step_id)
    for language, reference in step.examples.items():
        example = read_example(reference, KNOWLEDGE, interview.examples.max_chars)
        assert example is not None, f"{step_id}.{language}: {reference} no longer matches its file"
        lines = (KNOWLEDGE / reference.file).read_text(encoding="utf-8").replace("**", "").splitlines()
        source = " ".join(line.strip().lstrip("- ") for line in lines)  # list items read as one text
        assert example.excerpt.removesuffix(" …") in source  # quoted, never written
        assert example.citation.endswith(f"› {reference.section}")
        assert len(example.excerpt) <= interview.examples.max_chars + 2


def test_an_officer_in_portuguese_sees_the_spanish_example_and_none_without_the_file(tmp_path):
    interview = load_interview()
    step = interview.step("budget")
    assert example_for(step, "pt", KNOWLEDGE, interview).excerpt.startswith("Contrapartida. El Ministerio aporta")
    assert example_for(step, "pt", tmp_path, interview) is None
    assert example_for(interview.step("title"), "es", KNOWLEDGE, interview) is None


def _data() -> dict:
    return load_toml("drafting.toml")


def test_a_section_type_the_critic_does_not_know_fails_at_load():
    data = _data()
    data["steps"][1]["section_type"] = "poetry"
    with pytest.raises(DraftingDataError, match="step 'problem': unknown section_type 'poetry'"):
        parse_interview(data, Messages.load())


def test_a_criterion_that_does_not_apply_to_the_section_type_fails_at_load():
    data = _data()
    data["steps"][1]["criteria"] = ["budget"]
    with pytest.raises(DraftingDataError, match=r"criteria \['budget'\] do not apply to 'problem'"):
        parse_interview(data, Messages.load())


def test_a_step_without_its_question_in_the_messages_fails_at_load():
    data = _data()
    data["steps"].append({"id": "annexes", "section_type": "", "kind": "text"})
    with pytest.raises(DraftingDataError, match=r"lacks \[drafting.steps.annexes\] heading"):
        parse_interview(data, Messages.load())
