"""Section typing from the whole text (issue 16): one stray word does not decide the type."""

from __future__ import annotations

import pytest

from bot.critique.typing import decide_type, detect_section_type

# Problem and objectives, no heading, one "sostenible" in passing.
PROBLEM_WITH_SUSTAINABLE = (
    "En la región norte, el 62 % de los trabajadores agrícolas no tiene contrato escrito (instituto de "
    "estadística, encuesta de hogares de 2023). La inspección del trabajo cuenta con 14 inspectores para "
    "toda la región y no llega a las fincas alejadas, por lo que las infracciones quedan sin sanción. "
    "Faltan registros, el Estado está poco presente y los trabajadores desconocen sus derechos. "
    "El proyecto busca reducir la informalidad en el empleo agrícola de manera sostenible y mejorar el "
    "cumplimiento de la legislación laboral en las fincas de la región."
)

# An objectives paragraph that mentions "relevant stakeholders" once.
OBJECTIVES_WITH_STAKEHOLDERS = (
    "This project seeks to contribute to decent work for young people in the border provinces. "
    "It aims to increase the placement rate of the public employment service for young jobseekers "
    "and to improve the quality of the vocational training offered by the national institute, "
    "so that more young people find a formal job within six months of finishing a course. "
    "These aims will be pursued together with relevant stakeholders."
)

# A strategy paragraph of about 160 words with no standard heading.
OUR_STRATEGY = (
    "Our strategy\n\n"
    "The project takes a data-driven approach designed around the ministry's own inspection processes. "
    "Working with the labour inspectorate, it will map how complaints travel from the first visit to a "
    "resolution, identify the bottlenecks that delay sanctions and pilot a simple case-tracking tool in two "
    "regional offices. Inspectors and their supervisors will be trained to use the tool and to read its "
    "reports, and the legal department will receive technical support to draft the regulation that makes "
    "electronic case files valid evidence. Lessons from the pilot offices will be discussed with the "
    "social partners before the tool is extended to the remaining offices. In each "
    "step the focus is on building the capacity of the ministry to run the system itself, so that the "
    "inspectorate can plan visits on evidence rather than on habit, resolve cases faster and show the "
    "results of its work to the public and to the national congress every year."
)


def test_one_stray_sustainable_does_not_make_a_sustainability_section(rubric):
    assert detect_section_type(PROBLEM_WITH_SUSTAINABLE, rubric) in ("problem", "objectives")


def test_relevant_stakeholders_does_not_make_a_participation_section(rubric):
    assert detect_section_type(OBJECTIVES_WITH_STAKEHOLDERS, rubric) == "objectives"


def test_a_short_strategy_is_never_a_full_proposal(rubric, critic):
    decision = decide_type(OUR_STRATEGY, rubric)
    assert decision.section_type == "activities"
    review = critic.critique(OUR_STRATEGY, language="en")
    judged = {f.criterion for f in review.findings}
    assert not judged & {"budget", "timeline", "risks", "indicators"}
    assert len(review.findings) <= 5


def test_a_short_text_without_cues_is_not_a_full_proposal(rubric):
    assert detect_section_type("Hola, buenos días a todos.", rubric) != "full_proposal"


def test_the_heading_decides_when_there_is_one(rubric):
    text = "Sostenibilidad\n" + PROBLEM_WITH_SUSTAINABLE
    decision = decide_type(text, rubric)
    assert decision.section_type == "sustainability" and decision.by == "heading"


def test_content_is_scored_over_the_whole_text(rubric):
    decision = decide_type(PROBLEM_WITH_SUSTAINABLE, rubric)
    assert decision.by == "content"
    ranked = sorted(decision.scores, key=decision.scores.get, reverse=True)
    assert ranked[0] in ("problem", "objectives")
    assert decision.scores.get("sustainability", 0) < decision.scores[ranked[0]] / 2


def test_a_strategy_heading_is_an_activities_heading(rubric):
    assert detect_section_type("Estrategia\nTrabajaremos con la inspección en dos regiones piloto.", rubric) == "activities"


# Tables pasted from the middle: no header row, only the rows themselves (fifth round, real-text sets).
BUDGET_ROWS_WITHOUT_HEADER = (
    "[…]\n"
    "| Objetivo específico 2: mejorar la inspección del trabajo en las zonas rurales | |\n"
    "| Gestión indirecta con la entidad delegada – ver sección 4.3 | 4 200 000 |\n"
    "| Objetivo específico 3: ampliar los servicios públicos de empleo para jóvenes | |\n"
    "| Gestión indirecta con la entidad delegada – ver sección 4.3 | 3 800 000 |\n"
    "| Evaluación – ver sección 5.2 | 300 000 |\n"
    "| Imprevistos | 200 000 |\n"
    "| Total | 8 500 000 |"
)

RISK_ROWS_WITHOUT_HEADER = (
    "[…]\n"
    "| 2-Institutional | The ministry's steering committee may not meet regularly | Medium | High | "
    "The delegation will follow the committee's calendar with the ministry's planning unit. |\n"
    "| 3-Social | Employers' organisations may leave the tripartite working group | Low | Medium | "
    "Agreements are signed with each organisation at the inception workshop. |\n"
    "| 4-Fiscal | Counterpart funds may be cut in the yearly budget law | High | High | "
    "The counterpart is written into the financing agreement and reviewed every year. |"
)

LOGFRAME_UNDER_ITS_HEADING = (
    "Marco lógico del proyecto\n"
    "Resumen narrativo | Indicadores | Medios de verificación | Supuestos\n"
    "Objetivo general: contribuir al trabajo decente de los jóvenes | Tasa de desempleo juvenil | "
    "Encuesta de hogares | Estabilidad macroeconómica\n"
    "Objetivo específico: mejorar la inserción laboral de los egresados | Egresados con empleo formal a los "
    "seis meses | Encuesta de seguimiento | Las empresas mantienen su demanda\n"
    "Resultado 1: oferta formativa acorde al mercado | Cursos actualizados con las empresas | "
    "Actas de los comités sectoriales | Los comités sesionan"
)


def test_budget_rows_without_their_header_are_a_budget(rubric):
    assert detect_section_type(BUDGET_ROWS_WITHOUT_HEADER, rubric) == "budget"


def test_risk_rows_without_their_header_are_risks(rubric):
    # Likelihood and impact ratings side by side ("Medium | High") are a risk matrix's.
    assert detect_section_type(RISK_ROWS_WITHOUT_HEADER, rubric) == "risks"


def test_a_logframe_table_with_an_indicators_column_is_read_for_its_indicators(rubric):
    # Both blind labellers called a logframe table an indicators section: its columns are
    # what a reviewer checks (baseline, target, means of verification).
    assert detect_section_type(LOGFRAME_UNDER_ITS_HEADING, rubric) == "indicators"


# A news item about a loan: one amount in passing does not make a budget (fifth round, real-text sets).
LOAN_NEWS_WITH_ONE_AMOUNT = (
    "El banco aprobó ayer un préstamo de US$ 80 millones para el programa de empleo juvenil del país. "
    "El programa busca mejorar la inserción laboral de 40.000 jóvenes de entre 18 y 29 años que no "
    "estudian ni trabajan, mediante cursos de formación técnica, prácticas en empresas y orientación "
    "laboral en las oficinas del servicio público de empleo. El ministerio de trabajo ejecutará el "
    "programa en las cinco regiones con mayor desempleo juvenil, donde la tasa supera el 20 %."
)

TOTAL_BUDGET_ON_A_COVER_SHEET = (
    "Ficha del programa\n"
    "Resultado 1: fortalecidas las capacidades nacionales en materia de empleo juvenil.\n"
    "Presupuesto total: US$ 5.610.000\n"
    "Fuentes: fondo fiduciario del donante\n"
    "Duración del programa: tres años"
)


def test_one_amount_in_a_news_item_does_not_make_a_budget(rubric):
    assert detect_section_type(LOAN_NEWS_WITH_ONE_AMOUNT, rubric) != "budget"


def test_a_stated_total_budget_is_a_budget_cue(rubric):
    decision = decide_type(TOTAL_BUDGET_ON_A_COVER_SHEET, rubric)
    assert decision.scores.get("budget", 0) > decision.scores.get("objectives", 0)


# A press release pasted for review (fifth round, blind: judged silently as a proposal section,
# it got that section's template advice).
PRESS_RELEASE = (
    "Lisboa, 7 de julho de 2021\n"
    "Teve ontem lugar em Maputo a assinatura do acordo que lança o projeto de emprego para jovens. "
    "O projeto vai formar 2.000 jovens em dez distritos e será executado pelo instituto de formação "
    "profissional com o apoio do ministério do trabalho."
)

SECTION_THAT_SAYS_TODAY = (
    "Sostenibilidad y estrategia de salida\n"
    "La Dirección de Empleo asumirá la coordinación de las 20 oficinas al cierre del proyecto. "
    "Los 12 técnicos que hoy atienden las oficinas pasarán a la planilla del Ministerio en 2027."
)


def test_a_press_release_is_said_to_report_on_a_project(critic):
    review = critic.critique(PRESS_RELEASE)
    assert "notícia" in review.type_note


def test_a_proposal_section_that_says_today_is_not_called_news(critic):
    review = critic.critique(SECTION_THAT_SAYS_TODAY)
    assert "noticia" not in review.type_note and review.section_type == "sustainability"


ONE_CHAPTER = (
    "5 IMPLEMENTATION ARRANGEMENTS\n"
    "5.1 Financing agreement\n"
    "A financing agreement will be concluded with the Ministry of Labour.\n"
    "5.2 Indicative implementation period\n"
    "The implementation period is 48 months from the entry into force of the agreement.\n"
    "5.3 Budget support\n"
    "Not applicable.\n"
    "5.4 Implementation modalities\n"
    "a) Purpose of the grant\n"
    "The grant will support the labour inspectorate's case-management reform."
)


def test_one_numbered_chapter_with_its_subsections_is_not_a_whole_proposal(rubric):
    # Eighth round, blind: an EU action document's chapter 4 (4.1 financing agreement, 4.2 period,
    # 4.3 budget support) named three parts and got the full proposal's ten "missing" findings.
    decision = decide_type(ONE_CHAPTER, rubric)
    assert decision.section_type == "governance" and decision.by == "heading"


def test_headings_of_several_chapters_still_make_a_whole_proposal(rubric):
    text = ("1 Problem\nInspectors visit at random.\n2 Objectives\nBy 2028, 60 % of visits are risk-based.\n"
            "3 Budget\nUSD 1.2 million, of which the ministry gives USD 300,000.")
    assert decide_type(text, rubric).section_type == "full_proposal"


LOAN_APPROVED = (
    "El Banco Interamericano de Desarrollo aprobó un préstamo de US$30 millones para mejorar la inserción "
    "laboral de los jóvenes en Honduras. El programa fortalecerá el servicio público de empleo y financiará "
    "cursos de formación técnica para 12.000 personas en cinco departamentos."
)


def test_a_bank_approving_a_loan_is_news_about_a_project(critic):
    # Eighth round, blind: an IDB press release ("aprobó $25 millones…") was reviewed as an activities
    # section, without saying it reports on a project.
    assert "noticia" in critic.critique(LOAN_APPROVED).type_note


# An activities description whose target group is "en situación de riesgo social", said three times.
YOUTH_AT_RISK_ACTIVITIES = (
    "Formación para el empleo de jóvenes en situación de riesgo social\n\n"
    "El proyecto ofrecerá a 120 jóvenes de 16 a 24 años en situación de alto riesgo social un programa de "
    "formación técnica en tres oficios, un taller de emprendimiento y un módulo de habilidades para la vida. "
    "Las pasantías se harán en empresas de la zona, con las que la escuela técnica ya tiene convenios. "
    "Los jóvenes, identificados por los servicios municipales como población en riesgo social, recibirán además "
    "orientación laboral y acompañamiento durante sus primeros seis meses de empleo."
)


def test_people_at_risk_do_not_make_a_risks_section(rubric):
    """Twenty-third round, blind: an NGO's project description was reviewed as a risks section."""
    assert detect_section_type(YOUTH_AT_RISK_ACTIVITIES, rubric) == "activities"


# Twenty-sixth round, blind: "The WP7 concerns the sustainability of project activities…", with no heading, was
# reviewed as activities. An opening sentence that says what the text is about types it, as a heading would.
@pytest.mark.parametrize("text, expected", [
    ("The WP7 concerns the sustainability of project activities and expected results. They will be ensured beyond "
     "project life thanks to three outputs: user guides, survey guidelines and an observatory run by the ministry.",
     "sustainability"),
    ("Este componente aborda los riesgos del proyecto y las medidas para mitigarlos, con un responsable por riesgo "
     "y una revisión trimestral de la matriz.", "risks"),
])
def test_an_opening_sentence_that_says_what_the_text_is_about_types_it(critic, text, expected):
    review = critic.critique(text)
    assert review.section_type == expected
    assert any(said in review.type_note for said in ("first sentence says", "primera frase dice"))


def test_a_project_that_concerns_a_topic_is_not_typed_by_its_first_sentence(rubric):
    decision = decide_type("The project concerns the sustainability of fisheries in three provinces.", rubric)
    assert decision.by != "opening"
