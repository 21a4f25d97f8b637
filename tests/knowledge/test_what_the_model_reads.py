"""With a model configured, the model reads enough to answer: more passages than the offline answer
quotes, and the whole section of the first ones (a list the chunker cut comes whole)."""

from __future__ import annotations

import pytest

from tests.knowledge.conftest import coach_over, what_the_model_reads

pytestmark = pytest.mark.slow

FILES = ("taller-cimt-2007.es.md", "guia-componentes-propuesta.es.md", "methods/metodos.es.md", "donors/bid.es.md",
         "donors/aecid.es.md", "donors/usdol-ilab.es.md", "examples/propuesta-ejemplo-inspeccion.es.md")


@pytest.fixture(scope="module")
def coach(tmp_path_factory):
    with coach_over(FILES, tmp_path_factory.mktemp("reads")) as opened:
        yield opened


@pytest.mark.parametrize("question, needed", [
    # The workshop's risks are spread over II.2's problems and its additional challenges.
    ("Para la matriz de riesgos, ¿qué problemas con los donantes advirtió el taller de la CIMT?",
     ["cultura y tradiciones", "cronogramas realistas", "años fiscales", "definición de los términos",
      "compromiso de los actores"]),
    # Both seen answered "the knowledge base does not say" by a model given five passages.
    ("Revisando un expediente de 2012 veo que dos funcionarios fueron a un curso financiado por el 'PIFTE' de la "
     "cooperación española. ¿Ese programa sigue existiendo? Queremos volver a mandar gente.",
     ["sustituyó al PIFTE"]),
    ("Estamos usando lo que pedía ILAB como modelo de rigor. ¿Hubo alguna auditoría o evaluación que mostrara en qué "
     "fallaban sus proyectos de asistencia técnica? Para no repetir los mismos errores.",
     ["auditoría de la OIG del año 2000"]),
])
def test_the_model_reads_every_fact_the_answer_needs(coach, question, needed):
    read = what_the_model_reads(coach, question)
    assert [phrase for phrase in needed if phrase not in read] == []


@pytest.mark.parametrize("question, needed", [
    # Thirteenth round, blind: "which donors have documented weaknesses?" was answered without ILAB's audit,
    # and "is there a maximum duration with any donor?" without ILAB's 54 months: the search put other
    # donors' passages first. A question across donors reads each donor's best passages.
    ("¿Qué donantes tienen debilidades documentadas en sus proyectos de cooperación técnica? Quiero citarlas.",
     ["auditoría de la OIG del año 2000", "La OVE del BID constató en 2013"]),
    ("Para el cronograma: ¿algún donante fija una duración máxima para los proyectos?", ["54 meses"]),
    ("En la puntuación de propuestas, ¿cuánto pesa la capacidad de la organización según cada donante?",
     ["la capacidad organizativa valía 25 puntos"]),
])
def test_a_question_across_donors_reads_each_donors_best_passages(coach, question, needed):
    read = what_the_model_reads(coach, question)
    assert [phrase for phrase in needed if phrase not in read] == []


# Fourteenth round, blind: "what exactly is the RIAL, and how was the 2007 workshop connected to it?" was answered
# with the RIAL's funding and calls, and the model said the passages did not define it; the workshop report does.
DEFINITION_QUESTION = "Pregunta de novato: ¿qué es exactamente la RIAL y qué tuvo que ver con el taller de 2007?"


def test_a_question_on_what_a_name_means_reads_the_passage_that_defines_it(coach):
    assert "que es el mecanismo de cooperación" in what_the_model_reads(coach, DEFINITION_QUESTION)


def test_the_offline_answer_quotes_the_definition(coach):
    answer = coach.ask(DEFINITION_QUESTION)
    assert "mecanismo de cooperación" in answer.text, answer.text


# Fifteenth round, blind: answered "the passages do not give the glossary's definition" (rated 1). The model had
# been given the ten best passages and the sections of five, about 7,000 characters of a 24,000 budget; the
# definition sat in the next section of the same note. (ILAB's 2007 project count, missed the same way, is read
# now over the whole knowledge base, not over this test's six files.)
def test_the_model_reads_the_next_sections_when_the_budget_allows(coach):
    read = what_the_model_reads(coach, "Nuestros informes al donante son una lista de actividades hechas (talleres, "
                                "viajes, reuniones) y el oficial del donante nos dijo que «no reportamos resultados». "
                                "¿Qué cuenta como resultado según el glosario del CAD? ¿Tenemos que informar también "
                                "lo que salió distinto de lo previsto?")
    assert "previstos o no" in read


# Eighteenth round, blind: "the sample proposal keeps the headcount: why, and is there anything from the 2007 workshop I
# can use?" The whole example filled what the model read, and the model said the workshop had nothing on it.
EXAMPLE_AND_WORKSHOP = ("El viceministro quiere pedirle al donante solo el sistema informático del ejemplo de inspección. "
                        "¿Qué argumentos da la propuesta de ejemplo para no hacerlo así? ¿Y el taller de 2007 dice algo "
                        "que sirva?")


def test_a_question_on_the_example_and_the_workshop_reads_both(coach):
    read = what_the_model_reads(coach, EXAMPLE_AND_WORKSHOP)
    assert "transferencia de conocimientos y habilidades" in read  # the workshop's II.1
    assert "análisis cuidadoso de las necesidades de presupuesto local" in read  # its II.2
    assert "SIGI" in read  # and still the example itself
