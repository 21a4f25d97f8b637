"""Round 3 of issue 16: verdicts that follow what a real text means, not one keyword.

Each text is written for the test (not taken from a benchmark set); each test
states what an officer would notice if the critic got it wrong.
"""

from __future__ import annotations


def _status(review, criterion):
    return next(f.status for f in review.findings if f.criterion == criterion)


# ---------------------------------------------------------------- fit with the context

COUNTRY_PROBLEM = (
    "Problema\n"
    "Bolivia tiene una de las tasas de informalidad laboral más altas de la región: el 80 por ciento de los "
    "ocupados no cotiza a la seguridad social. "
    "En las ciudades bolivianas del eje central, las pequeñas unidades productivas familiares no registran a "
    "sus trabajadores y los fondos de pensiones cubren a menos de un tercio de la población activa."
)


def test_a_problem_that_describes_the_country_sentence_after_sentence_is_not_told_context_is_missing(critic):
    # The officer reads a whole paragraph about Bolivia; "nothing about fit with the context" would be absurd.
    review = critic.critique(COUNTRY_PROBLEM, language="es")
    assert _status(review, "context") == "ok"


PASSING_MENTION = (
    "Problem\n"
    "Informal employment is high and few workers contribute to social security, according to a 2021 survey. "
    "The project was first designed for Chile. "
    "Small firms rarely register their workers."
)


def test_one_passing_mention_of_a_country_is_not_enough_to_credit_the_fit(critic):
    review = critic.critique(PASSING_MENTION, language="en")
    assert _status(review, "context") != "ok"
