"""Section typing of pasted text and splitting of whole drafts into sections."""

from __future__ import annotations

import pytest

from bot.critique.sections import detect_section_type, heading_type, split_sections
from tests.critique.conftest import Block

HEADINGS = {
    "problem": ("Justificación del proyecto", "Problem statement", "Justificativa"),
    "objectives": ("Objetivos específicos", "Project objectives", "Objetivos do projeto"),
    "activities": ("Actividades principales", "Main activities", "Atividades"),
    "indicators": ("Indicadores de resultado", "Outcome indicators", "Indicadores"),
    "monitoring_evaluation": ("Seguimiento y evaluación", "Monitoring and evaluation", "Monitoramento e avaliação"),
    "sustainability": ("Sostenibilidad", "Exit strategy", "Sustentabilidade"),
    "participation": ("Participación de actores", "Stakeholders", "Participação social"),
    "budget": ("Presupuesto estimado", "Budget", "Orçamento"),
    "timeline": ("Cronograma", "Work plan", "Prazos"),
    "governance": ("Estructura de gestión", "Management arrangements", "Arranjos institucionais"),
    "risks": ("Supuestos y riesgos", "Risks and assumptions", "Riscos"),
}


@pytest.mark.parametrize("section_type,headings", HEADINGS.items())
def test_heading_names_the_section_in_es_en_pt(rubric, section_type, headings):
    for heading in headings:
        text = f"{heading}\nEl texto de la sección, que habla de muchas cosas distintas."
        assert detect_section_type(text, rubric) == section_type, heading


def test_numbered_heading_and_french_heading(rubric):
    assert heading_type("3.2 Presupuesto", rubric) == "budget"
    assert heading_type("IV. Gestion des risques", rubric) == "risks"
    assert heading_type("Anexo fotográfico", rubric) is None


def test_text_without_heading_is_typed_by_content(rubric):
    text = ("Indicador: porcentaje de denuncias resueltas en 60 días. Línea de base (2023): 41 %. "
            "Meta: 70 % a diciembre de 2026. Medio de verificación: sistema de casos.")
    assert detect_section_type(text, rubric) == "indicators"
    text = "The main risk is a change of government after the 2026 elections; mitigation: a tripartite agreement."
    assert detect_section_type(text, rubric) == "risks"


def test_text_with_several_section_headings_is_a_full_proposal(rubric):
    text = "Mi propuesta\n\nAntecedentes\nAlgo.\n\nObjetivos\nAlgo.\n\nPresupuesto\nUS$ 10.000\n\nRiesgos\nNinguno"
    assert detect_section_type(text, rubric) == "full_proposal"


def test_blocks_split_at_headings_with_subheadings_kept_inside(rubric):
    blocks = [
        Block("Propuesta de proyecto: inspección rural", 1),
        Block("Portada y datos generales del proyecto."),
        Block("1. Objetivos", 1),
        Block("Objetivo general: contribuir a reducir la informalidad."),
        Block("Objetivo específico 1", 2),
        Block("Para 2026, 25 % de los jóvenes inscritos consigue empleo formal."),
        Block("2. Presupuesto", 1, page=4),
        Block("Resultado 1: US$ 200.000; contrapartida del Ministerio: US$ 50.000."),
    ]
    sections = split_sections(blocks, rubric)
    assert [(s.title, s.section_type) for s in sections] == [
        ("1. Objetivos", "objectives"),
        ("2. Presupuesto", "budget"),
    ]
    assert "25 % de los jóvenes" in sections[0].text  # sub-heading content stayed in objectives
    assert sections[1].page == 4


def test_unrecognised_heading_is_typed_by_its_content_and_same_types_merge(rubric):
    blocks = [
        Block("Capítulo 1", 1),
        Block("Indicador 1: tasa de colocación. Línea de base: 9 %. Meta: 25 % a 2026."),
        Block("Indicadores", 1),
        Block("Indicador 2: inspecciones rurales por año. Línea de base: 1.150."),
    ]
    sections = split_sections(blocks, rubric)
    assert len(sections) == 1 and sections[0].section_type == "indicators"
    assert "Indicador 2" in sections[0].text


def test_document_without_headings_yields_no_sections(rubric):
    blocks = [Block("Este documento es un solo texto corrido sobre el proyecto."), Block("Sigue el texto.")]
    assert split_sections(blocks, rubric) == []


def test_unstyled_headings_are_inferred_from_short_keyword_paragraphs(rubric):
    blocks = [Block("Sostenibilidad"), Block("El Ministerio asumirá los costos."),
              Block("Riesgos"), Block("Cambio de gobierno; mitigación: acuerdo tripartito.")]
    assert [s.section_type for s in split_sections(blocks, rubric)] == ["sustainability", "risks"]


def test_pdf_page_blocks_without_styles_are_split_at_keyword_lines(rubric):
    page = Block("Presupuesto\nResultado 1: US$ 10.000; contrapartida: US$ 2.000.\nRiesgos\nCambio de gobierno.", page=3)
    sections = split_sections([page], rubric)
    assert [(s.section_type, s.page) for s in sections] == [("budget", 3), ("risks", 3)]


def test_parts_under_the_documents_title_are_the_top_level_even_when_their_heading_names_no_type(rubric):
    # Twenty-first round: under "# Propuesta", a "## Resultados" heading that named no type swallowed the whole
    # draft, which was then judged as one short text and reviewed as a timeline.
    blocks = [
        Block("Propuesta", 1),
        Block("Contexto del proyecto", 2),
        Block("El 30 % de las visitas de inspección no se registra (Ministerio de Trabajo, 2023)."),
        Block("Lo que cambiará", 2),
        Block("R1. Fortalecidas las capacidades de 40 inspectores en el nuevo protocolo."),
    ]
    sections = split_sections(blocks, rubric)
    assert [s.title for s in sections] == ["Contexto del proyecto", "Lo que cambiará"]
    assert "40 inspectores" in sections[1].text


@pytest.mark.parametrize("heading", ["Resultados", "Resultados del proyecto", "Resultats"])
def test_a_results_heading_is_the_expected_results(rubric, heading):
    assert heading_type(heading, rubric) == "objectives"


@pytest.mark.parametrize("heading,kind", [
    # English builds many headings on "results" (seen real sets: an EU action's M&E section was read as objectives).
    ("5.8 Performance and results monitoring and reporting", "monitoring_evaluation"),
    ("Seguimiento de resultados", "monitoring_evaluation"),
    ("Matriz de resultados", "indicators"),
])
def test_a_heading_about_monitoring_or_indicators_of_results_keeps_its_type(rubric, heading, kind):
    assert heading_type(heading, rubric) == kind
