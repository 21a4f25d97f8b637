"""Proposal critique: the rubric, section typing, the offline and LLM judges, and the Critic."""

from bot.critique.critic import Critic, CriticOptions
from bot.critique.rubric import SECTION_TYPES, Rubric, RubricError, load_rubric
from bot.critique.sections import Section, detect_section_type, heading_types, split_sections

__all__ = [
    "Critic",
    "CriticOptions",
    "Rubric",
    "RubricError",
    "SECTION_TYPES",
    "Section",
    "detect_section_type",
    "heading_types",
    "load_rubric",
    "split_sections",
]
