"""Mechanisms that keep the offline judge from flagging what a senior reviewer would accept.

Each fixture is written in wording the rubric's own sets do not use, and pairs a
strong text with a weak one so a mechanism cannot pass by going blind.
"""

from __future__ import annotations

from bot.critique import detect_section_type
from bot.critique.offline import split_segments
from bot.critique.signals import linked_outputs, me_plan_facets, risk_responses


def _finding(review, criterion):
    return next((f for f in review.findings if f.criterion == criterion), None)


# ---------------------------------------------------------------- benefit of the doubt (context)


def test_context_is_presumed_fine_in_a_section_grounded_in_national_sources(critic):
    text = ("Justificación\nDe acuerdo con el anuario del Instituto Nacional de Estadística de 2023, solo el 22 % "
            "de las empresas con más de 10 empleados recibió una visita de la inspección en los últimos cinco años. "
            "La Superintendencia de Trabajo tiene 41 inspectores para 6 provincias.")
    finding = _finding(critic.critique(text, language="es"), "context")
    assert finding.status == "ok"


def test_a_copied_foreign_model_is_still_flagged_in_a_grounded_section(critic):
    text = ("Justificación\nDe acuerdo con el anuario del Instituto Nacional de Estadística de 2023, solo el 22 % "
            "de las empresas recibió una visita de la Superintendencia de Trabajo. "
            "Proponemos replicar en su totalidad el sistema de visitas utilizado en Nueva Zelanda.")
    finding = _finding(critic.critique(text, language="es"), "context")
    assert finding.status == "weak"


def test_no_presumption_without_sourced_figures(critic):
    text = "Background\nThe ministry wants to modernise its services and needs support to do it."
    assert _finding(critic.critique(text, language="en"), "context").status != "ok"


# ---------------------------------------------------------------- results chain shown by structure


def test_a_sentence_that_combines_outputs_by_code_is_a_causal_link(critic):
    text = ("Objectives\nOverall objective: fewer fatal accidents in small mines by 2027.\n"
            "Project purpose: by June 2027 the mines inspectorate inspects 60 % of registered small mines each year.\n"
            "O1. A risk map of small mines kept up to date by the inspectorate.\n"
            "O2. 30 inspectors certified in underground safety.\n"
            "With O1 telling inspectors where to go and O2 giving them the skills to act on site, "
            "coverage rises without new posts.")
    assert _finding(critic.critique(text, language="en"), "results_chain").status == "ok"


def test_outputs_listed_without_any_link_stay_weak(critic):
    text = ("Objectives\nOverall objective: fewer fatal accidents in small mines by 2027.\n"
            "O1. A new website for the ministry.\nO2. An international seminar with 200 participants.")
    assert _finding(critic.critique(text, language="en"), "results_chain").status == "weak"


def test_linked_outputs_ignores_lines_that_define_an_output():
    segments = split_segments("R1. Protocolo aprobado (R2 depende de él).\nR2. Sistema en uso.")
    assert linked_outputs(segments, "objectives") is None
    segments = split_segments("Si se logran R1 y R2, la Dirección resuelve los casos en la mitad del tiempo.")
    assert linked_outputs(segments, "objectives") == 0


def test_activities_numbered_under_their_output_with_the_word_spelled_out(critic):
    text = ("Output 3: district offices register domestic workers online.\n"
            "Activity 3.1 Configure the registration form with the social security agency (months 1-3).\n"
            "Activity 3.2 Coach 20 district clerks on the job until each has registered 30 workers (months 4-8).")
    assert _finding(critic.critique(text, language="en"), "results_chain").status == "ok"


# ---------------------------------------------------------------- section typing


def test_logframe_heading_is_typed_by_the_top_level_the_excerpt_shows(rubric):
    objectives = ("Logical framework (extract)\nGoal: safer work in the fishing sector.\n"
                  "Purpose: the maritime labour office inspects every licensed vessel once a year.\n"
                  "Indicator: share of vessels inspected. Baseline 15 % (2024). Target 100 % (2027).")
    indicators = ("Logical framework (extract)\n"
                  "Indicator | Baseline | Target | Means of verification\n"
                  "Vessels inspected | 15 % (2024) | 100 % (2027) | inspection database")
    assert detect_section_type(objectives, rubric) == "objectives"
    assert detect_section_type(indicators, rubric) == "indicators"


def test_money_after_the_project_is_a_sustainability_section(rubric):
    text = ("Beyond the grant\nFrom 2027 the two data analysts move onto the Labour Department payroll, "
            "and the hosting (about USD 9,000 a year) is paid from its budget line for information systems; "
            "the Ministry of Finance has included both in the 2027 ceiling.")
    assert detect_section_type(text, rubric) == "sustainability"


def test_sustainability_in_the_present_tense_with_own_budget_line(critic):
    text = ("Sostenibilidad\nLos 12 analistas son funcionarios de carrera; desde 2026 la Dirección de Empleo "
            "financia el soporte del sistema con su partida propia.")
    assert _finding(critic.critique(text, language="es"), "sustainability").status == "ok"


# ---------------------------------------------------------------- M&E and indicators


def test_m_and_e_plan_named_in_other_words(critic):
    text = ("Acompanhamento e avaliação\nA Diretoria de Planejamento fica responsável pela coleta: entrevistas "
            "com uma amostra de 300 empregadores aos 6 e aos 18 meses, mais os registros administrativos do seguro-desemprego.\n"
            "Relatórios trimestrais ao comitê do projeto.\n"
            "Linha de base no mês 2; avaliação final externa com grupo de comparação para estimar o efeito sobre a formalização.")
    assert _finding(critic.critique(text, language="pt"), "monitoring_evaluation").status == "ok"


def test_me_plan_facets_need_a_frequency():
    segments = split_segments("The planning unit is responsible. Data come from a survey. Reports go to the donor.")
    assert me_plan_facets(segments, "monitoring_evaluation") is None
    segments = split_segments("The planning unit is responsible. A survey is run quarterly. Reports go to the donor.")
    assert me_plan_facets(segments, "monitoring_evaluation") == 0


def test_one_good_indicator_does_not_carry_a_list_of_counts(critic):
    text = ("Indicators for Outcome 1\n"
            "- Indicator 1.1: Number of brochures printed. Target: 5,000.\n"
            "- Indicator 1.2: Number of radio spots aired. Target: 40.\n"
            "- Indicator 1.3: Share of complaints resolved within 30 days. Baseline: 35 % (2024, case system). "
            "Target: 70 % by June 2027. Means of verification: case management system.\n"
            "- Indicator 1.4: Visibility of the project. Target: high.")
    finding = _finding(critic.critique(text, language="en"), "indicators")
    assert finding.status == "weak" and "Number of brochures printed" in finding.reason


def test_a_list_where_every_indicator_is_specified_is_ok(critic):
    text = ("Indicators for Outcome 1\n"
            "- Indicator 1.1: Share of complaints resolved within 30 days. Baseline: 35 % (2024). Target: 70 % by June 2027.\n"
            "- Indicator 1.2: Share of inspected firms that correct the breach. Baseline: 40 % (2024). Target: 65 % by June 2027.\n"
            "- Indicator 1.3: Average days to first hearing. Baseline: 90 days (2024). Target: 45 days by June 2027.\n"
            "Means of verification: case management system, extracted quarterly.")
    assert _finding(critic.critique(text, language="en"), "indicators").status == "ok"


# ---------------------------------------------------------------- risks, capacity, timeline


def test_a_single_risk_answered_in_full_counts_as_mitigated():
    segments = split_segments("Riesgos\nRotación del personal capacitado: los formadores internos replican el curso cada año.")
    assert risk_responses(segments, "risks") == 1


def test_a_risk_followed_by_its_consequence_is_not_a_response():
    segments = split_segments("Riesgos\nCambio de gobierno: podría retrasar la aprobación del protocolo.\n"
                              "Rotación del personal: afectaría la calidad de las inspecciones y podría frenar el proyecto.")
    assert risk_responses(segments, "risks") is None


def test_a_parallel_unit_hired_outside_the_ministry_raises_capacity(critic):
    text = ("Project management\nA project team hired for the purpose and based outside the ministry will run all "
            "activities and report to the minister's office. A steering committee meets twice a year.")
    finding = _finding(critic.critique(text, language="en"), "capacity")
    assert finding is not None and finding.status in ("weak", "missing")


def test_the_whole_grant_at_signature_is_front_loaded(critic):
    text = ("Work plan\nThe project runs from March to November 2025, one activity per month. "
            "We request disbursement of the full grant upon signature of the agreement, within the 2025 fiscal year.")
    finding = _finding(critic.critique(text, language="en"), "timeline")
    assert finding.status == "weak"


def test_rubric_rejects_an_item_rule_with_too_few_items():
    import tomllib

    import pytest

    from bot.critique import RubricError
    from bot.critique.rubric import RUBRIC_PATH, parse_rubric

    raw = tomllib.loads(RUBRIC_PATH.read_text(encoding="utf-8"))
    raw["criteria"]["indicators"]["items"]["min_items"] = 1
    with pytest.raises(RubricError, match="min_items"):
        parse_rubric(raw)
    raw["criteria"]["indicators"]["items"]["min_items"] = 3
    raw["composite_headings"]["order"] = ["no_such_type"]
    with pytest.raises(RubricError, match="composite_headings"):
        parse_rubric(raw)
