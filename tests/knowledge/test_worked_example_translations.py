"""Portuguese and French readers read the worked example in their own language.

Eighteenth round, blind: French and Portuguese readers were quoted the example in English or Spanish, the only
versions it had. Its unofficial translations (knowledge/examples/*.pt.md, *.fr.md) are now what they read first.
"""

from __future__ import annotations

import pytest

from tests.knowledge.conftest import module_coach, what_the_model_reads

FILES = ("examples/propuesta-ejemplo-inspeccion.es.md", "examples/proposta-exemplo-inspecao.pt.md",
         "examples/proposition-exemple-inspection.fr.md")

coach = module_coach(FILES)


@pytest.mark.slow
@pytest.mark.parametrize("question, own, other", [
    ("Na proposta de exemplo, o protocolo é testado em algumas regionais antes de ir para o país todo? Quando?",
     "teste em 2 escritórios (meses 7–11)", "prueba en 2 oficinas"),
    ("Dans la proposition d'exemple, le protocole est-il d'abord essayé dans quelques bureaux ? Quand ?",
     "essai dans 2 bureaux (mois 7–11)", "prueba en 2 oficinas"),
])
def test_the_model_reads_the_example_in_the_readers_language(coach, question, own, other):
    read = what_the_model_reads(coach, question)
    assert own in read and other not in read


@pytest.mark.slow
@pytest.mark.parametrize("question, units", [
    # Seen on a seen set after the translations: the answer was only "Cada resultado tem uma unidade responsável
    # do Ministério", the sentence that announces the three results and their units, not the units themselves.
    ("Na proposta de exemplo de inspeção, qual unidade do ministério responde por cada um dos três resultados?",
     ["Departamento de Planejamento da DGIT", "Direção de Tecnologias da Informação",
      "Centro de Formação do Ministério"]),
    ("En la propuesta de ejemplo de inspección, ¿qué unidad del ministerio responde por cada uno de los tres "
     "resultados?", ["Departamento de Planificación de la DGIT", "Dirección de Tecnologías de la Información",
                     "Centro de Formación del Ministerio"]),
])
def test_a_sentence_about_each_result_comes_with_the_results_it_announces(coach, question, units):
    answer = coach.ask(question)
    assert [unit for unit in units if unit not in answer.text] == [], answer.text


def test_a_lead_in_or_a_sentence_about_each_item_introduces_the_items_after_it():
    from bot.answers.units import introduces_items

    assert introduces_items("Notas del presupuesto (cifras ilustrativas):")
    assert introduces_items("Cada resultado tiene una unidad responsable del Ministerio; las cifras son ilustrativas.")
    assert introduces_items("Each indicator has a baseline with its year, a target and a date.")
    assert not introduces_items("La coordinadora es el punto de contacto del donante.")
    assert not introduces_items("Cada oficina regional elige sus visitas por denuncias y distancia.")
