"""Asked today, with the real encoders over part of the real knowledge base: current answers, dated,
with their source; Portuguese and French readers get their own language's version of the workshop."""

from __future__ import annotations

import pytest

from bot.answers.compose import plain_text
from tests.knowledge.conftest import coach_over

pytestmark = pytest.mark.slow

FILES = (
    "taller-cimt-2007.es.md", "taller-cimt-2007.pt.md", "taller-cimt-2007.fr.md",
    "donors/usdol-ilab.en.md", "donors/usdol-ilab.es.md", "donors/aecid.es.md", "donors/aecid.en.md",
    "donors/ilo.en.md",
)


@pytest.fixture(scope="module")
def coach(tmp_path_factory):
    with coach_over(FILES, tmp_path_factory.mktemp("today")) as opened:
        yield opened


@pytest.mark.parametrize("question, source, says, as_of", [
    ("Can I still apply to ILAB?", "donors/usdol-ilab.en.md", "March 2025", "facts checked in December 2026"),
    ("¿Todavía puedo postular a ILAB?", "donors/usdol-ilab.es.md", "marzo de 2025", "datos revisados en diciembre de 2026"),
    ("How do I take part in INTERCOONECTA?", "donors/aecid.en.md", "participant or beneficiary",
     "facts checked in December 2026"),
    ("¿Cuáles son las prioridades de la Cooperación Española para 2024–2027?", "donors/aecid.es.md",
     "Plan Director 2024–2027", "datos revisados en diciembre de 2026"),
    ("What replaced the UNDAF?", "donors/ilo.en.md", "Cooperation Framework", "facts checked in December 2026"),
])
def test_questions_about_what_changed_get_the_current_answer_dated_with_its_source(coach, question, source, says, as_of):
    answer = coach.ask(question)
    assert not answer.abstained
    assert says in answer.text
    assert answer.sources[0].source == source
    assert as_of in plain_text(answer)


def test_an_answer_quoting_ilabs_2007_rules_says_the_grants_were_terminated(coach):
    answer = coach.ask("¿Qué puntuaba USDOL en las propuestas de 2007?")
    assert not answer.abstained and "2007" in answer.text
    assert "⚠️ A diciembre de 2026, USDOL – ILAB no es una vía de financiamiento abierta" in answer.text


@pytest.mark.parametrize("question, language, source", [
    ("Quais foram os objetivos da oficina da CIMT sobre assistência técnica?", "pt", "taller-cimt-2007.pt.md"),
    ("Quels sont les facteurs de réussite d'une proposition selon l'atelier de la CIMT ?", "fr", "taller-cimt-2007.fr.md"),
])
def test_portuguese_and_french_readers_are_quoted_their_own_version_of_the_workshop(coach, question, language, source):
    answer = coach.ask(question)
    assert not answer.abstained and answer.language == language
    assert answer.sources and all(p.source == source for p in answer.sources), [p.source for p in answer.sources]


@pytest.mark.parametrize("question", [
    "¿Cómo declaro el impuesto a la renta si tuve dos trabajos este año?",
    "Quel est le salaire minimum au Canada ?",
    "What documents do I need to renew my work visa for Canada?",
])
def test_questions_outside_proposal_work_are_turned_away_even_when_they_share_its_words(coach, question):
    # Each comes closer to some passage than the old similarity cut-off allowed (0.28).
    assert coach.ask(question).abstained


def test_an_informal_question_about_a_proposal_section_is_answered(coach):
    answer = coach.ask("q le pongo en la seccion de sostenibilidad pa que no me la rebote el donante")
    assert not answer.abstained and answer.sources
