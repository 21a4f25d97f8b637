"""A question that names the 2007 workshop is answered from the workshop first."""

from __future__ import annotations

import pytest

from bot.answers.understanding import names_workshop, without_workshop_names
from bot.answers.units import asked_questions
from bot.answers.search import Signals
from tests.answers.conftest import Index, md

WORKSHOP_FILE = "taller.es.md"


def write_workshop(root):
    root.mkdir(parents=True, exist_ok=True)
    text = md("Taller CIMT 2007", "es", {
        "II.3 Componentes claves": "La sostenibilidad de las acciones al terminar el proyecto es clave.",
    }).replace('language: "es"', 'language: "es"\nkind: "workshop"')
    (root / WORKSHOP_FILE).write_text(text, "utf-8")
    # A summary that repeats the workshop's name: without the lens its words win the search.
    (root / "ilab.es.md").write_text(md("ILAB", "es", {
        "Reglas": "ILAB pide un plan de continuidad de 15 puntos sobre 100.",
    }).replace('language: "es"', 'language: "es"\ndonor: "ilab"'), "utf-8")
    (root / "resumen.es.md").write_text(md("Resumen", "es", {
        "El taller de la CIMT de 2007": "En el taller de la CIMT de 2007 (San José) el BID y USDOL hablaron de "
                                        "sostenibilidad; el taller de 2007 reunió a 26 ministerios.",
    }), "utf-8")


@pytest.fixture
def index_with_workshop(tmp_path) -> Index:
    write_workshop(tmp_path / "knowledge")
    return Index(tmp_path)


@pytest.mark.parametrize("question", [
    "¿Qué dijo el taller de la CIMT de 2007 sobre la sostenibilidad?",
    "What did the 2007 IACML workshop say about sustainability?",
    "O que a oficina da CIMT de 2007 disse sobre sustentabilidade?",
    "Qu'a dit l'atelier de San José sur la durabilité ?",
    "como evitamos depender del donante? el taller dijo algo de eso?",  # "the workshop": the 2007 one
    "Did the workshop say anything about South-South cooperation?",
    "a oficina falou algo sobre cooperação sul-sul?",
    "L'atelier parlait-il des projets pilotes ?",
])
def test_the_workshop_named_in_any_language_is_recognised(question):
    assert names_workshop(question)


@pytest.mark.parametrize("question", [
    "¿Dónde queda la oficina del BID?",       # an office, not the workshop
    "¿Qué financió USDOL en 2007?",           # a year, no workshop
    "¿Cómo organizo un taller de validación?",  # a workshop, not that one
    "We will run a workshop with the unions next month",
    "¿La oficina del ministerio puede firmar el convenio?",  # Spanish "la oficina" is an office
])
def test_other_offices_years_and_workshops_are_not_the_workshop(question):
    assert not names_workshop(question)


def test_the_search_keeps_what_is_asked_without_the_workshop_names():
    assert without_workshop_names("¿Qué dijo el taller de la CIMT de 2007 sobre la sostenibilidad?") == (
        "¿Qué dijo el de la de sobre la sostenibilidad?"
    )
    assert without_workshop_names("taller CIMT 2007") == "taller CIMT 2007"  # nothing left: keep it whole


def test_a_question_naming_the_workshop_gets_the_workshop_passage_first(index_with_workshop):
    question = "¿Qué dijo el taller de la CIMT de 2007 sobre la sostenibilidad?"
    plain = index_with_workshop.search.search(question)
    assert plain.passages[0].source != WORKSHOP_FILE  # what the lens is for

    passages = index_with_workshop.answerer().retrieve(question).passages
    assert passages[0].source == WORKSHOP_FILE
    assert "sostenibilidad" in passages[0].text


def test_a_named_donor_still_decides_the_lens(index_with_workshop):
    passages = index_with_workshop.answerer().retrieve(
        "¿Qué pide ILAB sobre la sostenibilidad según el taller de la CIMT de 2007?"
    ).passages
    assert passages[0].source == "ilab.es.md"  # the donor's passage, though it shares no topic word


def test_relevance_is_the_mean_of_both_multilingual_encoders():
    assert Signals(dense=0.9, multilingual=0.4, e5=0.8).relevance() == pytest.approx(0.6)
    assert Signals(dense=0.9, multilingual=0.4).relevance() == pytest.approx(0.4)
    assert Signals(dense=0.9).relevance() == pytest.approx(0.9)


def test_the_workshop_lens_puts_three_of_its_passages_first(tmp_path):
    root = tmp_path / "knowledge"
    write_workshop(root)
    text = md("Taller CIMT 2007", "es", {
        "II.1 Prioridades": "Los donantes priorizan la agenda comercial y la igualdad de género.",
        "II.2 Desafíos": "Los ministerios piden flexibilidad en los desembolsos del presupuesto.",
        "II.3 Componentes claves": "La sostenibilidad de las acciones al terminar el proyecto es clave.",
    }).replace('language: "es"', 'language: "es"\nkind: "workshop"')
    (root / WORKSHOP_FILE).write_text(text, "utf-8")
    index = Index(tmp_path)
    question = "¿Qué dijo el taller de la CIMT de 2007 sobre la sostenibilidad?"
    assert [p.source for p in index.search.search(question).passages[:3]].count(WORKSHOP_FILE) < 3

    passages = index.answerer().retrieve(question).passages
    assert [p.source for p in passages[:3]] == [WORKSHOP_FILE] * 3
    assert "sostenibilidad" in passages[0].text


def test_the_workshops_full_name_is_stripped_whole():
    # "taller de asistencia técnica de la CIMT" left "de asistencia técnica de la", and the question
    # "¿Cuándo y dónde fue el …?" was matched to the card on how technical assistance changed.
    assert without_workshop_names(
        "¿Cuándo y dónde fue el taller de asistencia técnica de la CIMT, y quiénes participaron?"
    ) == "¿Cuándo y dónde fue, y quiénes participaron?"
    assert "assistance" not in without_workshop_names("What did the IACML technical assistance workshop say about pilots?")


def test_a_message_that_asks_two_things_is_read_as_two_questions():
    assert asked_questions("¿Cuándo y dónde fue el taller, y quiénes participaron?") == [
        "¿Cuándo y dónde fue el taller", "quiénes participaron?"]
    assert asked_questions("¿Qué es un árbol de problemas? ¿Cómo se construye?") == [
        "¿Qué es un árbol de problemas?", "¿Cómo se construye?"]
    # A preamble is not a question, and "¿Cuándo y dónde…?" is one question.
    assert asked_questions("Mi jefe puso X. ¿Está bien?") == ["Mi jefe puso X. ¿Está bien?"]
    assert asked_questions("¿Cuándo y dónde se realizó el taller?") == ["¿Cuándo y dónde se realizó el taller?"]


def test_a_donors_own_passage_on_the_workshop_is_found_when_both_are_named(tmp_path):
    # Blind, sixth round: "what did ILAB present at the 2007 IACML workshop?" lost the words that name the
    # workshop before the donor's search, and got ILAB's scoring ("presented in 2007") instead.
    root = tmp_path / "knowledge"
    write_workshop(root)
    (root / "ilab.es.md").write_text(md("ILAB", "es", {
        "Puntuación": "ILAB presentó su puntuación: el diseño valía 40 puntos y la capacidad 25 puntos.",
        "ILAB en el taller de la CIMT de 2007": "En el taller de la CIMT de 2007, ILAB dio la charla sobre "
                                                "prioridades y contó más de 125 proyectos en 70 países.",
    }).replace('language: "es"', 'language: "es"\ndonor: "ilab"'), "utf-8")
    passages = Index(tmp_path).answerer().retrieve("¿Qué presentó ILAB en el taller de la CIMT de 2007?").passages
    assert "125 proyectos" in passages[0].text

