"""A term the officer quotes from the knowledge base is answered from the passages that say it, not from cards that
never name it."""

from __future__ import annotations

import pytest

from bot.answers.units import term_definition_strength
from tests.knowledge.conftest import module_coach

coach = module_coach(("taller-cimt-2007.es.md", "guia-componentes-propuesta.es.md", "faq/taller-preguntas.es.md"))


def test_the_guides_run_in_heading_says_what_its_term_means():
    item = "- **Hilo conductor.** La propuesta exige un hilo conductor y coherencia lógica del diseño a la evaluación."
    assert term_definition_strength(item, "hilo conductor") == 1
    assert term_definition_strength("La propuesta exige un hilo conductor.", "hilo conductor") == 0


@pytest.mark.slow
def test_a_quoted_workshop_term_is_answered_from_the_passages_that_say_it(coach):
    # Twenty-sixth round, blind: "una propuesta necesita un 'hilo conductor'… ¿qué significa?" was answered with the
    # workshop cards on training needs and incomplete passages, which never name it.
    answer = coach.ask("En el informe del taller de 2007 dice que una propuesta necesita un 'hilo conductor'. Mi jefe "
                       "me pregunta qué significa eso en concreto para nuestro documento. ¿Me lo explicas?")
    assert "hilo conductor y coherencia lógica" in answer.text, answer.text
    assert "capacitación en planificación" not in answer.text, answer.text
