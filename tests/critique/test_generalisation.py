"""The mechanisms that make the offline judge generalise beyond its own wording.

Each fixture is short and asserts what a user sees: the status, the sentence
quoted, and whether a criterion appears at all.
"""

from __future__ import annotations

import pytest

from bot.critique import RubricError, detect_section_type
from bot.critique.offline import split_segments
from bot.critique.rubric import RUBRIC_PATH, parse_rubric
from bot.critique.sections import heading_type, heading_types


def _finding(review, criterion):
    return next((f for f in review.findings if f.criterion == criterion), None)


# ---------------------------------------------------------------- text shapes


def test_table_rows_are_read_with_their_column_names(critic):
    text = ("Matriz de indicadores\n"
            "Indicador | Línea de base (fecha) | Meta (fecha) | Medio de verificación\n"
            "Tasa de colocación formal | 12 % (2024) | 25 % (dic. 2026) | Registro del servicio de empleo\n"
            "Días para resolver un caso | 140 días (2024) | 70 días (jun. 2026) | Sistema de casos")
    review = critic.critique(text, language="es")
    finding = _finding(review, "indicators")
    assert finding.status == "ok"
    assert "Meta (fecha)" not in finding.reason  # the header row is not quoted as an example


def test_numbers_written_as_words_count_as_numbers():
    folded = [s.folded for s in split_segments("The workplan spends 85% of the budget in the first eight months.")]
    assert "first 8 months" in folded[0]
    # Portuguese "dos" means "of the" and stays a word
    assert "dos auditores" in split_segments("Capacitação dos auditores.")[0].folded


def test_budget_table_costed_by_output_without_a_currency_on_each_line(critic):
    text = ("Presupuesto por producto (US$)\n"
            "Producto | Donante | Contrapartida | Total\n"
            "P1. Protocolo adoptado | 100.000 | 20.000 (en especie) | 120.000\n"
            "P2. Sistema en operación | 200.000 | 50.000 | 250.000\n"
            "Total | 300.000 | 70.000 | 370.000")
    assert _finding(critic.critique(text, language="es"), "budget").status == "ok"


def test_budget_costed_by_input_category_is_not_by_output(critic):
    text = ("Presupuesto (US$)\nRubro | Monto\nPersonal | 200.000\nEquipos | 120.000\nViajes | 60.000\n"
            "La contrapartida del Ministerio es de US$ 50.000 en especie.")
    finding = _finding(critic.critique(text, language="es"), "budget")
    assert finding.status == "weak" and "producto" in finding.reason


def test_risk_response_pairs_count_as_mitigation(critic):
    text = ("Risks\nChange of government after the 2026 elections: the protocol is adopted by resolution before then. "
            "Staff turnover: certified inspectors sign a two-year retention commitment.")
    assert _finding(critic.critique(text, language="en"), "risks").status == "ok"


# ---------------------------------------------------------------- where a criterion applies


def test_capacity_is_judged_on_any_section_that_only_buys_equipment(critic):
    text = ("Presupuesto\nCompra de 40 computadoras y 6 vehículos: US$ 300.000. "
            "No se prevén recursos para capacitación. Contrapartida del Ministerio: US$ 20.000.")
    finding = _finding(critic.critique(text, language="es"), "capacity")
    assert finding is not None and finding.status == "weak"
    assert "No se prevén recursos para capacitación" in finding.reason


def test_capacity_is_not_raised_where_training_is_planned(critic):
    text = ("Cronograma\nMeses 1-3: compra de computadoras. Meses 4-9: capacitación de 200 inspectores. "
            "Desembolsos alineados con el año fiscal.")
    assert _finding(critic.critique(text, language="es"), "capacity") is None


def test_timeline_is_judged_on_a_budget_with_a_disbursement_plan(critic):
    text = ("Budget and disbursement plan\nOutput 1: US$ 300,000. Output 2: US$ 200,000. "
            "Ministry counterpart: US$ 80,000 in kind.\n"
            "Disbursement: the full grant is requested as a single advance in March 2025, before the end of the fiscal year.")
    review = critic.critique(text, language="en")
    assert review.section_type == "budget"
    timeline = _finding(review, "timeline")
    assert timeline.status == "weak" and "single advance" in timeline.reason


def test_full_proposal_judges_each_criterion_on_its_own_part(critic):
    # Figures and dates elsewhere in the draft must not make a vague objective "ok".
    text = ("Perfil de proyecto\n\nAntecedentes\nSegún la encuesta de hogares de 2023, el 40 % de los jóvenes está desempleado.\n\n"
            "Objetivo\nMejorar la empleabilidad de la población.\n\n"
            "Presupuesto\nUS$ 650.000 para 2025-2026, con contrapartida de US$ 100.000.\n\n"
            "Riesgos\nNo hay riesgos.")
    review = critic.critique(text, language="es")
    assert review.section_type == "full_proposal"
    assert _finding(review, "objectives").status == "weak"
    assert "Mejorar la empleabilidad" in _finding(review, "objectives").reason
    assert _finding(review, "need").status == "ok"


def test_indicators_are_judged_leniently_inside_an_m_and_e_plan(critic):
    text = ("Monitoring and evaluation\nA results framework with outcome indicators is annexed. "
            "The planning unit collects baseline data by month 4 and reports on the indicators twice a year. "
            "An external final evaluation measures the change in compliance; the M&E budget is US$ 40,000.")
    review = critic.critique(text, language="en")
    assert _finding(review, "indicators").status == "ok"
    assert _finding(review, "monitoring_evaluation").status == "ok"


# ---------------------------------------------------------------- wording beyond the keyword lists


def test_deferred_targets_are_weak_and_the_suggestion_does_not_rewrite_the_deferral(critic):
    text = "Indicators\n- Improved capacity of the ministry\nBaseline: to be determined during implementation.\nTargets: to be agreed with the donor."
    finding = _finding(critic.critique(text, language="en"), "indicators")
    assert finding.status == "weak" and "to be determined" in finding.reason
    assert "to be determined" not in finding.suggestion and "[X]" in finding.suggestion


def test_quoted_definition_and_this_country_show_fit_with_context(critic):
    text = ("Problem statement\nAccording to the 2023 registry, 38,200 cases were pending at the end of 2023. "
            'In this country, "conciliation" is a mandatory step conducted by ministry staff, not by the courts.')
    assert _finding(critic.critique(text, language="en"), "context").status == "ok"


def test_seeking_new_cooperation_money_is_dependency(critic):
    text = ("Sostenibilidad\nAl finalizar el proyecto, el Ministerio gestionará nuevos recursos ante la "
            "cooperación internacional para dar continuidad a las acciones.")
    finding = _finding(critic.critique(text, language="es"), "sustainability")
    assert finding.status == "weak" and "dependencia" in finding.reason


# ---------------------------------------------------------------- headings


def test_compound_modifier_and_singular_keyword_in_headings(rubric):
    assert heading_type("Component 2: Risk-based labour inspection. Activities", rubric) == "activities"
    assert heading_types("6. Cronograma y presupuesto", rubric) == ["timeline", "budget"]
    assert detect_section_type("- Meta: 20 % até dezembro de 2026\n- Responsável: Coordenação\n- Indicador 1", rubric) != "full_proposal"


# ---------------------------------------------------------------- how a strong section reads


def test_strong_section_gets_one_positive_line_naming_its_strengths(critic):
    text = ("Problema\nSegún la Encuesta de Hogares 2023, el 38 % de los asalariados agrícolas no cotiza. "
            "La propuesta responde al eje 3 del Plan Nacional de Desarrollo 2022-2026. "
            "En esta propuesta, «trabajador agrícola» se entiende según el Código de Trabajo (art. 145).")
    review = critic.critique(text, language="es")
    assert {f.status for f in review.findings} == {"ok"} and len(review.findings) == 3
    assert len(review.next_steps) == 1
    assert review.next_steps[0].startswith("Sección sólida: la necesidad, el alineamiento estratégico y")


@pytest.fixture()
def raw():
    import tomllib

    return tomllib.loads(RUBRIC_PATH.read_text(encoding="utf-8"))


def test_unknown_signal_is_rejected(raw):
    raw["criteria"]["budget"]["elements"][0]["signals"] = ["no_such_detector"]
    with pytest.raises(RubricError, match="unknown signals"):
        parse_rubric(raw)
