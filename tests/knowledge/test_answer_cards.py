"""Answer cards (knowledge/faq/), with the real encoders over part of the real knowledge base: a question
that asks what a card asks gets that card, whole, cited once; its introduction is never quoted; an
off-topic question is not let in by a card that shares its words."""

from __future__ import annotations

import re

import pytest

from tests.foundation.conftest import PROJECT
from tests.knowledge.conftest import coach_over

pytestmark = pytest.mark.slow

FILES = (
    "taller-cimt-2007.es.md", "taller-cimt-2007.en.md", "methods/metodos.es.md", "methods/methods.en.md",
    "faq/taller-preguntas.es.md", "faq/taller-preguntas.en.md", "faq/metodos-preguntas.es.md",
    "faq/metodos-preguntas.en.md", "faq/aecid-preguntas.en.md", "faq/aecid-preguntas.es.md",
    "examples/propuesta-ejemplo-inspeccion.es.md", "faq/ejemplo-preguntas.es.md",
)


@pytest.fixture(scope="module")
def coach(tmp_path_factory):
    with coach_over(FILES, tmp_path_factory.mktemp("cards")) as opened:
        yield opened


def bullets(text: str) -> list[str]:
    return re.findall(r"^• (.+)$", text, re.M)


def test_a_question_in_an_officers_words_gets_the_workshops_list_not_advice_sharing_a_word(coach):
    # Before the cards: the workshop's ideas for future training, because "ministerios" and "donantes".
    answer = coach.ask("hola, soy nueva en la oficina de cooperacion internacional. que problemas suelen tener "
                       "los ministerios con los donantes?")
    text = answer.text
    assert "cronogramas realistas" in text and "desembolsos" in text and "cultura y tradiciones" in text
    assert len(answer.sources) == 1 and answer.sources[0].source == "faq/taller-preguntas.es.md"


def test_a_definition_question_gets_the_definition(coach):
    # Before the cards: the theory of change's common mistakes, or the ILO's logframe advice.
    answer = coach.ask("what's a theory of change?? the ILO person keeps asking for one and I thought the logframe was enough")
    assert not answer.abstained
    assert "preconditions" in bullets(answer.text)[0], answer.text


def test_a_card_is_quoted_whole_in_its_order_and_cited_once(coach):
    answer = coach.ask("whats the difference between outputs, outcomes and impacts? i always mix them up")
    card = (PROJECT / "knowledge" / "faq/metodos-preguntas.en.md").read_text("utf-8")
    section = card.split("## What is the difference between an output, an outcome and an impact?\n", 1)[1].split("\n## ", 1)[0]
    expected = [line[2:] for line in section.splitlines() if line.startswith("- ")]
    assert [b.rsplit(" [", 1)[0] for b in bullets(answer.text)] == expected
    assert "[2]" not in answer.text and len(answer.sources) == 1


def test_a_word_the_encoder_does_not_know_is_answered_through_its_card(coach):
    answer = coach.ask("How do I take part in INTERCOONECTA?")
    assert not answer.abstained and "beneficiary" in answer.text


@pytest.mark.parametrize("question", [
    "Respuestas breves elaboradas para este proyecto",
    "¿Qué es el marco lógico?",
    "¿Qué dijo el taller sobre la cooperación Sur-Sur?",
])
def test_the_cards_introduction_is_never_quoted(coach, question):
    assert "Respuestas breves elaboradas" not in coach.ask(question).text


def test_an_off_topic_question_sharing_a_cards_words_is_turned_away(coach):
    # It comes 0.68 close to "¿Cómo puede un ministerio de trabajo plantear hoy un proyecto con la OIT?".
    assert coach.ask("¿Qué convenio de la OIT trata sobre el trabajo a domicilio?").abstained


def test_the_worked_examples_cards_answer_only_a_question_about_the_example(coach):
    # Its cards name the example, but a general question close to one ("¿cómo se plantea el problema
    # con datos?") must not get the example's invented figures as if they were the answer.
    # Its card was the closest to these (0.74, 0.70): it was taken as the answer's lens, then not quoted
    # (the example is quoted only when asked for), so the answer lost the general card on the topic.
    for question in ("¿Cómo muestro el árbol de problemas dentro de la propuesta?",
                     "¿Cómo describo la participación de los actores sociales en la ejecución del proyecto?"):
        card, _ = coach.answerer.matching_card(question, "es") or (None, 0.0)
        assert card is None or card.kind != "example", question
        assert all(source.source != "faq/ejemplo-preguntas.es.md" for source in coach.ask(question).sources)
    card, _ = coach.answerer.matching_card("¿Cómo se construye el árbol de problemas?", "es")
    assert card.source == "faq/metodos-preguntas.es.md"
    example = coach.ask("En la propuesta de ejemplo de inspección, ¿cuánto dura y cuánto cuesta el proyecto?")
    assert example.sources[0].source == "faq/ejemplo-preguntas.es.md"
    assert "36 meses" in example.text and "1.760.000" in example.text


def test_a_question_in_two_parts_gets_the_card_of_each_part(coach):
    # "When and where … and who took part?" got only the when-and-where card: the participants, half of
    # what was asked, were missing.
    answer = coach.ask("¿Cuándo y dónde fue el taller de asistencia técnica de la CIMT, y quiénes participaron?")
    sections = [source.section for source in answer.sources]
    assert any("Cuándo y dónde" in section for section in sections)
    assert any("Quiénes participaron" in section for section in sections)
    assert "San José" in answer.text and "26" in answer.text
    # One question asked once still gets one card.
    single = coach.ask("¿Quiénes participaron en el taller de la CIMT?")
    assert len(single.sources) == 1


def test_who_organised_the_workshop_names_its_organisers(coach):
    # The card said the report "names no other organising body"; the donor sheets record that HRSDC and
    # OAS/SEDI organised it (RIAL, node 464, 2007), and the blind assessor rated the answer wrong.
    answer = coach.ask("¿Quién organizó el taller de asistencia técnica de la CIMT de 2007?")
    assert "HRSDC" in answer.text and "SEDI" in answer.text
    assert "no nombra otra entidad organizadora" not in answer.text
