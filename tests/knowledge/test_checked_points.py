"""A message that asks to check numbered statements gets what the sources say on each, under its label.

Seen on blind sets (answers-unseen-27, -28, -33): "¿me confirmás estas cinco afirmaciones sobre la OIT? 1) … 5) …" was
answered with one search for the whole message, and what it found bore on one or two of the points.
"""

from __future__ import annotations

import pytest

from bot.answers.units import enumerated_points
from tests.knowledge.conftest import module_coach

FILES = ("donors/oit.es.md", "donors/bid.es.md", "faq/oit-preguntas.es.md", "guia-componentes-propuesta.es.md",
         "methods/metodos.es.md")

coach = module_coach(FILES)

ILO_CLAIMS = ("Antes de que salga una nota para el despacho, ¿me confirmás estas afirmaciones sobre la OIT? 1) La OIT "
              "evalúa con los cinco criterios del CAD. 2) La guía de los PTDP es de 2016 y solo existe en inglés. "
              "3) Su política de evaluación es de 2013.")


@pytest.mark.parametrize("question, points", [
    (ILO_CLAIMS, [("1", "La OIT evalúa con los cinco criterios del CAD"),
                  ("2", "La guía de los PTDP es de 2016 y solo existe en inglés"),
                  ("3", "Su política de evaluación es de 2013")]),
    ("Um colega fez este resumo: 1) no EML, 'resultados' equivale a outcomes; 2) o CREAM foi criado por Doran. Está "
     "tudo certo?", [("1", "no EML, 'resultados' equivale a outcomes"), ("2", "o CREAM foi criado por Doran")]),
    ("(a) Le SIGI est la composante la plus chère (b) Les 150 tablettes sont financées dans le résultat 3",
     [("a", "Le SIGI est la composante la plus chère"), ("b", "Les 150 tablettes sont financées dans le résultat 3")]),
    # Not points: a result's number in parentheses, a single numbered item.
    ("Combien coûte le SIGI (résultat 2) dans l'exemple, et qui paie quoi ?", []),
    ("¿Qué dice el punto 1) de la lista de verificación?", []),
])
def test_the_points_a_message_asks_to_check(question, points):
    assert enumerated_points(question) == points


def test_each_point_gets_what_the_sources_say_on_it(coach):
    text = coach.ask(ILO_CLAIMS).text
    assert "(1) " in text and "seis criterios del CAD" in text, text
    assert "(2) " in text and "versión en español" in text, text
    # "sobre la OIT" applies to the third point too: the ILO's policy, not the IDB's evaluation office of 2013.
    assert "(3) " in text and "política de evaluación de la OIT es de 2017" in text, text
