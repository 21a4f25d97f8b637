"""A question on what a name means, in chat spelling, is answered from the passage that says what it is."""

from __future__ import annotations

import pytest

from tests.knowledge.conftest import module_coach

coach = module_coach(("donors/canada.es.md", "donors/oit.es.md"))


@pytest.mark.slow
def test_what_a_name_means_in_chat_spelling_is_answered_not_turned_away(coach):
    # Sixteenth round, blind: "q es el ITLP?" with a note after it got "I found nothing" in both paths (scope 0.19);
    # the Canada sheet says what the ITLP was.
    answer = coach.ask("q es el ITLP? lo vi en un oficio viejo de HRSDC")
    assert not answer.abstained, answer.text
    assert "ITLP" in answer.text, answer.text


@pytest.mark.slow
def test_a_donors_name_defined_in_its_sheet_does_not_bring_a_labour_statistics_question_into_scope(coach):
    # The ILO sheet says what the ILO is; the ILO's definition of underemployment is still off-topic.
    answer = coach.ask("¿Cuál es la definición de la OIT de subempleo por insuficiencia de horas para la encuesta "
                       "de empleo?")
    assert answer.abstained, answer.text
