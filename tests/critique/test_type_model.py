"""The learned section typer: a text without a heading is typed by what it is about (issue 16)."""

from __future__ import annotations

import numpy as np
import pytest

from bot.critique import Critic
from bot.critique.rubric import SECTION_TYPES
from bot.critique.type_model import TypeModel, packaged_type_model
from bot.critique.typing import decide_type
from bot.index.encoders import MultilingualEmbeddings

# Who takes part and how, with no heading: the cue words ("informes semestrales", "consultadas")
# made the rules call it monitoring and evaluation, and the officer got M&E template advice.
PARTICIPATION = (
    "Las organizaciones de trabajadores y de empleadores participarán en el comité consultivo del proyecto "
    "desde su diseño. La Confederación de Trabajadores y la Cámara de Comercio firmaron cartas de compromiso y "
    "revisarán los informes semestrales. Las organizaciones de la sociedad civil que trabajan con jóvenes serán "
    "consultadas en cada región antes de definir los cursos."
)


@pytest.fixture(scope="module")
def encoder():
    return MultilingualEmbeddings()


def leaning_towards(*types_and_weights: tuple[str, float]) -> TypeModel:
    """A model that ignores the text and gives these types these logits (the others 0)."""
    types = tuple(SECTION_TYPES)
    bias = np.zeros(len(types), dtype=np.float32)
    for kind, logit in types_and_weights:
        bias[types.index(kind)] = logit
    return TypeModel(encoder="multilingual", types=types, weights=np.zeros((512 + len(types), len(types))),
                     bias=bias)


def zeros(_text: str) -> np.ndarray:
    return np.zeros(512, dtype=np.float32)


def test_the_product_critic_types_a_text_without_heading_by_what_it_is_about(rubric, encoder):
    assert packaged_type_model() is not None  # shipped in prompts/
    review = Critic(rubric, embed=encoder.embed_query).critique(PARTICIPATION)
    assert review.section_type == "participation"
    assert {f.criterion for f in review.findings} >= {"participation"}


def test_a_heading_still_decides_whatever_the_model_says(rubric):
    model = leaning_towards(("budget", 9.0))
    decision = decide_type("Riesgos y supuestos\n" + PARTICIPATION, rubric, embed=zeros, model=model)
    assert (decision.section_type, decision.by) == ("risks", "heading")


def test_a_short_text_is_never_a_whole_proposal_even_for_the_model(rubric):
    model = leaning_towards(("full_proposal", 9.0), ("objectives", 2.0))
    assert decide_type(PARTICIPATION, rubric, embed=zeros, model=model).section_type == "objectives"
    long_text = " ".join([PARTICIPATION] * 3)  # over 120 words
    assert decide_type(long_text, rubric, embed=zeros, model=model).section_type == "full_proposal"


def test_when_the_model_is_unsure_the_critique_offers_the_next_type(rubric):
    unsure = leaning_towards(("participation", 1.0), ("governance", 0.9))
    review = Critic(rubric, embed=zeros, type_model=unsure).critique(PARTICIPATION, language="es")
    assert review.section_type == "participation" and review.alternative_type == "governance"
    assert "También podría ser la sección de gestión" in review.type_note
    assert review.to_json()["alternative_type"] == "governance"
    sure = leaning_towards(("participation", 9.0), ("governance", 0.9))
    review = Critic(rubric, embed=zeros, type_model=sure).critique(PARTICIPATION, language="en")
    assert review.alternative_type is None and "could also be" not in review.type_note


def test_without_an_encoder_the_rules_type_the_text(rubric):
    assert Critic(rubric).type_model is None
    assert Critic(rubric).critique(PARTICIPATION).alternative_type is None
