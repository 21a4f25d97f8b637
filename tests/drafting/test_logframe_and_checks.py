"""Answers read into logframe rows and indicator fields, and the critic's checks on each component."""

from __future__ import annotations

import pytest

from bot.drafting.checks import check_answer
from bot.drafting.logframe import build_logframe, level_of, parse_indicator, split_assumptions
from bot.drafting.steps import load_interview

INTERVIEW = load_interview()


@pytest.mark.parametrize("line, fields", [
    ("Línea de base: 12% (2024); meta: 30% a dic 2027; fuente: registros del SIT",
     ("12% (2024)", "30%", "dic 2027", "registros del SIT")),
    ("% de infracciones corregidas: LB 23 % (2025), meta 55 % en marzo de 2030, medio de verificación: SIGI",
     ("23 % (2025)", "55 %", "marzo de 2030", "SIGI")),
    ("Share of visits to high-risk sites. Baseline: 18% (2025); target: 60% by March 2030; source: SIGI",
     ("18% (2025)", "60%", "March 2030", "SIGI")),
    ("Visitas planejadas. Linha de base: 10 % (2024); meta: 40 %; prazo: dezembro de 2028; fonte: relatórios",
     ("10 % (2024)", "40 %", "dezembro de 2028", "relatórios")),
    ("Part des visites. Situation de référence : 5 % (2024) ; cible : 25 % ; date : 2029 ; source : registre",
     ("5 % (2024)", "25 %", "2029", "registre")),
    ("Número de oficinas con plan por riesgo", ("", "", "", "")),
])
def test_indicator_fields_are_read_leniently_and_only_from_what_was_written(line, fields):
    indicator = parse_indicator(line, INTERVIEW)
    assert (indicator.baseline, indicator.target, indicator.date, indicator.verification) == fields


@pytest.mark.parametrize("line, level", [
    ("R2. Sistema en uso", ("result", 2)), ("Resultado 3: personal certificado", ("result", 3)),
    ("R1a. % de expedientes", ("result", 1)), ("OE1: reducir", ("purpose", 1)), ("P1. % visitas", ("purpose", 1)),
    ("OG: contribuir", ("goal", None)), ("Fin: mayor cumplimiento", ("goal", None)),
    ("Reducir la informalidad", None), ("Responsables del proyecto", None), ("Meta: 30 %", None),
])
def test_codes_place_a_line_in_its_logframe_row(line, level):
    assert level_of(line, INTERVIEW) == level


def test_assumptions_are_the_lines_marked_as_such():
    risks, assumptions = split_assumptions("Cambio de gobierno: resolución en el mes 12\n- Supuesto: la ley sigue\n"
                                           "Assumption: courts process sanctions", INTERVIEW)
    assert risks == ["Cambio de gobierno: resolución en el mes 12"]
    assert assumptions == ["la ley sigue", "courts process sanctions"]


def test_the_logframe_places_indicators_and_assumptions_by_code():
    logframe = build_logframe({
        "goal": "Menos informalidad", "purpose": "Visitas por riesgo",
        "results": "R1. Matriz aprobada\nSistema en uso",  # the second result has no code: numbered by position
        "indicators": "R2. Expedientes en el sistema. Meta: 95 %\nOG. Informalidad\n% de visitas por riesgo",
        "risks": "Supuesto R1: las oficinas conservan su planta\nSupuesto: la ley sigue vigente",
    }, INTERVIEW)
    goal, purpose, result1, result2, activities = logframe.rows
    assert [r.number for r in logframe.results] == [1, 2]
    assert [i.text for i in result2.indicators] == ["R2. Expedientes en el sistema. Meta: 95 %"]
    assert [i.text for i in goal.indicators] == ["OG. Informalidad"]
    assert [i.text for i in purpose.indicators] == ["% de visitas por riesgo"]
    assert result1.assumptions == ["R1: las oficinas conservan su planta"]
    assert purpose.assumptions == ["la ley sigue vigente"]
    assert activities.narrative == []


def test_each_component_is_checked_with_the_critics_rules_for_its_section_type():
    problem = INTERVIEW.step("problem")
    weak = check_answer(problem, "Los inspectores planifican sus visitas por denuncias y en papel.", "es")
    assert weak.is_answer and "la fuente de los datos" in weak.issues[0].values["reason"]
    good = check_answer(problem, "Según la encuesta de hogares de 2024, el 40 % de los asalariados no cotiza; "
                                 "la causa principal es la baja cobertura de la inspección.", "es")
    assert good.is_answer and good.issues == ()
    risks = check_answer(INTERVIEW.step("risks"), "Retrasos en las compras: iniciar las licitaciones en el mes 2 "
                                                  "para reducirlos.", "en")
    assert any("change of government" in i.values["reason"] for i in risks.issues)


@pytest.mark.parametrize("text", ["", "   ", "hola", "ok gracias", "¿qué es una línea de base?", "12345 678 90 11 12"])
def test_empty_greetings_questions_and_numbers_alone_are_not_answers(text):
    assert not check_answer(INTERVIEW.step("problem"), text, "es").is_answer


def test_each_indicator_line_is_checked_on_its_own():
    verdict = check_answer(INTERVIEW.step("indicators"),
                           "R1. Oficinas con plan. Línea de base: 0 (2024); meta: 9 a dic. 2027; fuente: planes\n"
                           "R2. Expedientes en el sistema\n", "es")
    assert [i.key for i in verdict.issues] == ["drafting.indicator_issue"]
    assert verdict.issues[0].values["number"] == 2
    assert "la línea de base" in verdict.issues[0].values["missing"]
