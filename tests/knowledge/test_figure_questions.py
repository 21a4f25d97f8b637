"""Questions about figures ("¿A qué corresponden 26, 25, más de 70 y 10?") get the lines that give each figure.

Seen on a blind set (answers-unseen-33): "à quoi correspondent les nombres 14, 15, 17 et 19 dans vos fiches ?" got
the guide's advice on coordinating donors, and "cifras de «países»: 26, 25, más de 70 y 10. ¿A qué corresponde cada
una?" was told that nothing was found. A number is one token among many for the encoders; it is found by itself.
"""

from __future__ import annotations

import pytest

from bot.answers.figures import asked_days, asked_figures, figures_in
from bot.models import Turn
from tests.knowledge.conftest import module_coach, what_the_model_reads

FILES = ("taller-cimt-2007.es.md", "donors/bid.es.md", "donors/usdol-ilab.es.md", "donors/canada.fr.md",
         "donors/oit.fr.md", "methods/methodes.fr.md", "examples/proposition-exemple-inspection.fr.md",
         "guide-composantes-proposition.fr.md")

coach = module_coach(FILES)

COUNTRIES = ("Estoy armando un quiz para la inducción. En la base me aparecen varias cifras de «países»: 26, 25, más de "
             "70 y 10. ¿A qué corresponde cada una?")
NUMBERS_FR = "Pour un quiz : à quoi correspondent les nombres 14, 15, 17 et 19 dans vos fiches (bailleurs et méthodes) ?"


@pytest.mark.parametrize("question, figures", [
    (COUNTRIES, ["26", "25", "70", "10"]),
    (NUMBERS_FR, ["14", "15", "17", "19"]),
    ("What do the numbers 40 and 25 refer to in the ILAB sheet?", ["40", "25"]),
    ("A que se refere cada uma destas porcentagens: 18 %, 23 % e 30,7 %?", ["18", "23", "30,7"]),
    # Not a question on figures: a year, a number in passing, a code.
    ("¿Qué pasó en 2009 con el BID?", []),
    ("Tenemos 3 oficinas regionales: ¿cómo las incluimos en la propuesta?", []),
    ("¿Qué significa «SGA 07-10»?", []),
])
def test_the_figures_a_question_asks_about(question, figures):
    assert asked_figures(question) == figures


def test_a_short_follow_up_asks_the_same_of_its_own_figure():
    assert asked_figures("et 18 ?", previous=NUMBERS_FR) == ["18"]
    assert asked_figures("et 18 ?", previous="Qui finance le projet ?") == []


def test_a_day_of_a_date_and_a_code_are_no_figures():
    assert figures_in("Fed. Reg., 14 juin 2007; SGA 07-10; R2; le 17e appel; 15 de octubre") == ["17"]


def test_each_figure_is_answered_with_the_line_that_gives_it(coach):
    text = coach.ask(NUMBERS_FR).text
    for line in ("14: La trousse d'outils sur le genre de GAC compte 14 outils",
                 "15 étapes pour construire une théorie du changement",
                 "17: Le RIAL ouvre chaque année des appels",  # "son 17e appel"
                 "19: Format : sections et annexes exigées"):  # the checklist's point 19
        assert line in text, text


def test_a_figure_is_first_given_where_it_counts_what_the_question_names(coach):
    text = coach.ask(COUNTRIES).text
    assert "No encontré nada" not in text, text
    assert "26: " in text and "26 países" in text, text
    assert "más de 70 países" in text, text
    # "25 países" (the IDB's diagnostic) before ILAB's 25 points for organisational capacity.
    assert text.index("25 países") < text.index("25 puntos") if "25 puntos" in text else "25 países" in text, text


def test_a_figure_the_knowledge_base_never_gives_is_said(coach):
    text = coach.ask("À quoi correspondent les nombres 14 et 987 dans vos fiches ?").text
    assert "Je n'ai pas trouvé 987" in text, text
    assert "14: " in text, text


def test_a_follow_up_on_another_figure_gets_its_lines(coach):
    history = [Turn(NUMBERS_FR, coach.ask(NUMBERS_FR).text)]
    text = coach.ask("et 18 ? je le vois dans l'exemple sur l'inspection", history=history).text
    assert "18: " in text and "18 inspecteurs" in text, text


def test_the_model_reads_the_lines_that_give_the_figures_first(coach):
    read = what_the_model_reads(coach, NUMBERS_FR)
    assert "15 étapes" in read and "17e appel" in read, read[:2000]


# Days, found the same way (answers-unseen-33: "what happened on each of these dates: 27 March 2025, 10 December
# 2019, 9 June 2017…?" and its follow-up "two more: 15 April 2025 and 28 November 2017?" were told nothing was found).
@pytest.mark.parametrize("question, previous, days", [
    ("What happened on each of these dates: 27 March 2025, 10 December 2019 and 9 June 2017?", None,
     [(2025, 3, 27), (2019, 12, 10), (2017, 6, 9)]),
    ("¿Qué pasó el 27 de marzo de 2025?", None, [(2025, 3, 27)]),
    ("two more for the slide: 15 April 2025 and November 28, 2017?", None, [(2025, 4, 15), (2017, 11, 28)]),
    ("et le 4 novembre 2025 ?", "Que s'est-il passé le 9 juin 2017 et le 27 mars 2025 ?", [(2025, 11, 4)]),
    # A day named in passing is not asked about.
    ("Nuestra propuesta vence el 30 de junio de 2027: ¿cómo armamos el cronograma?", None, []),
])
def test_the_days_a_question_asks_about(question, previous, days):
    assert asked_days(question, previous) == days


def test_each_day_is_answered_with_what_happened_on_it(coach):
    text = coach.ask("Pour une diapositive : que s'est-il passé le 9 juin 2017 et le 4 novembre 2025 ?").text
    assert "9 juin 2017: " in text and "Politique d'aide internationale féministe" in text, text
    assert "4 novembre 2025: " in text and "Budget 2025 du Canada" in text, text


def test_a_day_the_knowledge_base_never_gives_is_said(coach):
    text = coach.ask("Que s'est-il passé le 9 juin 2017 et le 3 février 2011 ?").text
    assert "Je n'ai pas trouvé 3 février 2011" in text, text
    assert "9 juin 2017: " in text, text
