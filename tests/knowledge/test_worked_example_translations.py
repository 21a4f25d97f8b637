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
