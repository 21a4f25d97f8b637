"""An officer who asks for a link gets the address from the document's source list."""

from __future__ import annotations

import pytest

from tests.knowledge.conftest import module_coach

FILES = ("donors/usdol-ilab.es.md", "faq/ilab-preguntas.es.md", "donors/canada.pt.md", "faq/canada-preguntas.pt.md")


coach = module_coach(FILES)


@pytest.mark.slow
def test_a_link_asked_for_is_quoted_from_the_source_list(coach):
    # Twelfth round, blind: "when officers ask for links, the answer never gives one, even when the knowledge
    # base has the address" (source lists are never quoted as answers, and were not searched for them).
    answer = coach.ask("¿Me pasas el enlace a la presentación de USDOL en el taller de 2007?")
    assert "rialnet.org/sites/default/files/USDOL_ING_FINAL.pdf" in answer.text, answer.text


@pytest.mark.slow
def test_a_short_link_question_naming_a_donor_is_in_scope(coach):
    answer = coach.ask("Qual é o link do guia de GBR da GAC do Canadá?")
    assert not answer.abstained, answer.text
    assert "international.gc.ca" in answer.text, answer.text


@pytest.mark.slow
def test_a_question_that_asks_no_link_does_not_get_the_source_list(coach):
    answer = coach.ask("¿Cómo puntuaba USDOL – ILAB las propuestas?")
    assert "rialnet.org/sites" not in answer.text and ".pdf" not in answer.text, answer.text
