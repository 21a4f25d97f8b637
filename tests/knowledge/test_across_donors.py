"""A question that names two donors or more is answered for each, not for one side only.

Seen on blind sets ("comparisons answered for one side"): "Est-ce que l'OIT exige une analyse de genre, ou c'est
seulement le Canada ?" was answered from the Canada sheet alone; "the ILO's Guidelines V-4 and ILAB's 2005 outline:
what sections does each have?" quoted one of the two.
"""

from __future__ import annotations

from bot.answers.units import defines_a_source_label
from tests.knowledge.conftest import module_coach

FILES = ("donors/oit.fr.md", "donors/canada.fr.md", "faq/oit-preguntas.fr.md", "faq/canada-preguntas.fr.md",
         "donors/ilo.en.md", "donors/usdol-ilab.en.md", "faq/oit-preguntas.en.md", "faq/ilab-preguntas.en.md",
         "guide-composantes-proposition.fr.md", "proposal-components-guide.en.md")

coach = module_coach(FILES)


def _cited_donors(answer) -> set[str]:
    return {source.donor for source in answer.sources if source.donor}


def test_a_question_on_two_donors_cites_both(coach):
    answer = coach.ask("Est-ce que l'OIT exige une analyse de genre dans nos propositions, ou c'est seulement le "
                       "Canada qui demande ça ?")
    assert {"ilo", "canada"} <= _cited_donors(answer), answer.text


def test_two_donors_outlines_are_both_quoted(coach):
    answer = coach.ask("I found two proposal outlines: the ILO's \"Guidelines V-4\" and ILAB's 2005 technical "
                       "proposal outline. What sections does each one have?")
    assert {"ilo", "ilab"} <= _cited_donors(answer), answer.text
    assert "V-4" in answer.text and "2005" in answer.text, answer.text


def test_a_question_on_one_donor_is_left_to_the_usual_answer(coach):
    answer = coach.ask("Est-ce que l'OIT exige une analyse de genre dans nos propositions ?")
    assert _cited_donors(answer) <= {"ilo"}, answer.text


def test_what_a_source_label_means_is_a_legend_not_a_fact():
    assert defines_a_source_label("«Fuente secundaria» significa que solo una fuente indirecta respalda el dato.")
    assert defines_a_source_label('"Secondary source" means only a blog supports it.')
    assert not defines_a_source_label("La OIT aplica los seis criterios del CAD (verificado).")
