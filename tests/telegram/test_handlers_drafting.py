"""The guided draft through the fake Bot API: the whole interview, going back, resuming after a restart,
bad input, and the .docx sent at the end, read back with python-docx."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import docx
import pytest

from tests.support.telegram_harness import USER_ID, make_config, start_harness, stop_harness

pytestmark = pytest.mark.asyncio

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"

# One answer per step, in order: what an officer might type (the indicators with their fields, assumptions
# marked "Supuesto:").
ANSWERS = {
    "title": "Inspección del trabajo basada en riesgo — para el BID",
    "problem": ("Según los registros de la Dirección de Inspección, en 2024 solo el 15 % de las visitas fue a "
                "sectores de alto riesgo. Las causas: planificación por denuncias y datos en papel."),
    "goal": "Reducir la informalidad laboral del 45 % en 2024 al 40 % para diciembre de 2030.",
    "purpose": "Para 2029, el 50 % de las visitas de oficio se dirige a establecimientos de riesgo alto.",
    "results": "R1. Matriz de riesgo aprobada por resolución ministerial\nR2. Sistema de gestión de casos en uso en 9 oficinas",
    "indicators": ("R1. Oficinas con plan anual por riesgo. Línea de base: 0 de 9 (2024); meta: 9 de 9 a dic. 2027; "
                   "fuente: planes anuales aprobados\n"
                   "% de visitas a riesgo alto. Línea de base: 15 % (2024); meta: 50 % a dic. 2029; fuente: "
                   "registros del SIT"),
    "activities": "1.1 Diseño de la matriz con la Dirección de Inspección\n2.1 Desarrollo del sistema con la DTI",
    "participation": ("La central sindical y la cámara de empleadores participaron en el taller de diseño y "
                      "firmaron cartas de compromiso; tendrán un asiento en el comité directivo."),
    "sustainability": ("El Ministerio de Trabajo asumirá los costos del sistema con la partida 21.04 de su "
                       "presupuesto a partir de 2030, por US$ 100.000 al año."),
    "budget": "R1: US$ 200.000; R2: US$ 500.000. Contrapartida del Ministerio: US$ 300.000 en especie.",
    "timeline": ("36 meses, de abril de 2027 a marzo de 2030; fase 1 por trimestre hasta el mes 12; los "
                 "desembolsos se ajustan al año fiscal."),
    "risks": ("Cambio de autoridades tras las elecciones: aprobar la matriz por resolución en el mes 12 para "
              "reducir el riesgo.\nSupuesto: la ley de inspección sigue vigente\n"
              "Supuesto R2: la conectividad de las oficinas se mantiene"),
}


def last(bot) -> str:
    return bot.api.texts(USER_ID)[-1]


def sent_docx(bot) -> docx.Document:
    sent = bot.api.calls_to("sendDocument")
    assert sent, "no document was sent"
    name = sent[-1]["_filename"]
    return docx.Document(io.BytesIO(bot.api.file_content(f"sent/{name}")))


async def answer_all(bot, answers=ANSWERS) -> None:
    for text in answers.values():
        await bot.text(USER_ID, text)
        if "/seguir" in last(bot) and "Mejora tu respuesta" in last(bot):
            await bot.text(USER_ID, "/seguir")


def body_under(document: docx.Document, heading: str) -> list[str]:
    """The paragraphs under a Heading 1 up to the next one."""
    texts, inside = [], False
    for paragraph in document.paragraphs:
        if paragraph.style.name.startswith("Heading"):
            inside = paragraph.text == heading
            continue
        if inside:
            texts.append(paragraph.text)
    return texts


async def test_whole_interview_ends_with_a_docx_of_the_officers_words_logframe_and_indicators(bot):
    await bot.text(USER_ID, "/borrador")
    texts = bot.api.texts(USER_ID)
    assert "Borrador guiado" in texts[-2]
    assert "Paso 1 de 12 · Título y donante" in last(bot)
    await answer_all(bot)

    document = sent_docx(bot)
    assert bot.api.calls_to("sendDocument")[-1]["_filename"].startswith("borrador-propuesta-")
    assert document.paragraphs[0].text == ANSWERS["title"]
    assert body_under(document, "Problema y justificación") == [ANSWERS["problem"]]
    assert body_under(document, "Resultados (productos)") == ANSWERS["results"].splitlines()

    logframe, indicators = document.tables
    header = [c.text for c in logframe.rows[0].cells]
    assert header == ["Nivel", "Resumen narrativo", "Indicadores", "Medios de verificación", "Supuestos"]
    levels = [row.cells[0].text for row in logframe.rows[1:]]
    assert levels == ["Fin (objetivo general)", "Propósito (objetivos específicos)", "Resultado 1", "Resultado 2",
                      "Actividades"]
    goal, purpose, result1, result2, activities = (row for row in logframe.rows[1:])
    assert goal.cells[1].text == ANSWERS["goal"]
    assert purpose.cells[1].text == ANSWERS["purpose"]
    assert "% de visitas a riesgo alto" in purpose.cells[2].text  # an uncoded indicator measures the purpose
    assert purpose.cells[4].text == "la ley de inspección sigue vigente"
    assert result1.cells[2].text.startswith("R1. Oficinas con plan anual por riesgo")
    assert result1.cells[3].text == "planes anuales aprobados"
    assert result2.cells[4].text == "R2: la conectividad de las oficinas se mantiene"
    assert activities.cells[1].text == ANSWERS["activities"]

    rows = [[c.text for c in row.cells] for row in indicators.rows]
    assert rows[0] == ["Indicador", "Línea de base", "Meta", "Fecha", "Medios de verificación"]
    assert rows[1] == ["R1. Oficinas con plan anual por riesgo", "0 de 9 (2024)", "9 de 9", "dic. 2027",
                       "planes anuales aprobados"]
    assert rows[2] == ["% de visitas a riesgo alto", "15 % (2024)", "50 %", "dic. 2029", "registros del SIT"]
    # the draft is forgotten once delivered
    assert bot.app.bot_data["services"].state.draft(USER_ID) is None
