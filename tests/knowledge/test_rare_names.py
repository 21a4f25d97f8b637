"""A rare acronym the officer writes verbatim ("PIFTE") finds the passages that carry it."""

from __future__ import annotations

import pytest

from tests.knowledge.conftest import coach_over

pytestmark = pytest.mark.slow

FILES = ("donors/aecid.es.md", "faq/aecid-preguntas.es.md", "donors/oit.es.md", "faq/oit-preguntas.es.md",
         "donors/bid.es.md")


@pytest.fixture(scope="module")
def coach(tmp_path_factory):
    with coach_over(FILES, tmp_path_factory.mktemp("names")) as opened:
        yield opened


def test_a_programme_named_by_its_old_acronym_is_answered_with_what_replaced_it(coach):
    # Seen: other Spanish cooperation programmes, and never "INTERCOONECTA replaced PIFTE".
    answer = coach.ask("Revisando un expediente de 2012 veo que dos funcionarios fueron a un curso financiado por el "
                       "'PIFTE' de la cooperación española. ¿Ese programa sigue existiendo? Queremos volver a mandar gente.")
    assert "sustituyó al PIFTE" in answer.text, answer.text
