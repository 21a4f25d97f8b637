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


async def test_an_answer_with_weaknesses_waits_and_an_addition_completes_it(bot):
    await bot.text(USER_ID, "/borrador")
    await bot.text(USER_ID, "/saltar")
    await bot.text(USER_ID, "Los inspectores eligen sus visitas por denuncias y no por riesgo.")
    reply = last(bot)
    assert "⚠️ Antes de seguir, revisa:" in reply
    assert "la fuente de los datos" in reply and "/seguir" in reply
    assert "Paso 2 de 12" in bot.api.texts(USER_ID)[-2]  # still on the problem step
    await bot.text(USER_ID, "Según el informe de la Dirección de Inspección de 2024, el 70 % de las visitas fue reactiva.")
    assert "Lo añadí a tu respuesta anterior" in bot.api.texts(USER_ID)[-2]
    assert "Paso 3 de 12" in last(bot)
    stored = bot.app.bot_data["services"].state.draft(USER_ID)["answers"]["problem"]
    assert stored.startswith("Los inspectores eligen") and stored.endswith("fue reactiva.")


async def test_going_back_keeps_what_was_typed_and_shows_it(bot):
    await bot.text(USER_ID, "/borrador")
    await bot.text(USER_ID, ANSWERS["title"])
    await bot.text(USER_ID, ANSWERS["problem"])
    await bot.text(USER_ID, "/atras")
    assert "Paso 2 de 12" in last(bot)
    assert f"Tu respuesta guardada para este paso: «{ANSWERS['problem']}»" in last(bot)
    await bot.text(USER_ID, "/atras")
    assert "Paso 1 de 12" in last(bot) and ANSWERS["title"] in last(bot)
    await bot.text(USER_ID, "/atras")
    assert "Ya estás en el primer paso." in bot.api.texts(USER_ID)[-2]
    await bot.text(USER_ID, "/seguir")
    await bot.text(USER_ID, "/seguir")
    assert "Paso 3 de 12" in last(bot)
    answers = bot.app.bot_data["services"].state.draft(USER_ID)["answers"]
    assert answers == {"title": ANSWERS["title"], "problem": ANSWERS["problem"]}


async def test_a_draft_survives_a_restart_and_is_offered_again(tmp_path, coach):
    config = make_config(tmp_path)
    first = await start_harness(config, coach)
    try:
        await first.text(USER_ID, "/borrador")
        await first.text(USER_ID, ANSWERS["title"])
        await first.text(USER_ID, ANSWERS["problem"])
    finally:
        await stop_harness(first)
    second = await start_harness(config, coach)  # a new application over the same state database
    try:
        await second.text(USER_ID, "/borrador")
        offer = second.last_keyboard_message(USER_ID)
        assert "borrador sin terminar (paso 3 de 12)" in offer["text"]
        labels = [b["text"] for row in offer["reply_markup"]["inline_keyboard"] for b in row]
        assert labels == ["▶️ Retomar", "🆕 Empezar de nuevo"]
        await second.press(USER_ID, "drf:resume", offer)
        assert "Paso 3 de 12" in second.api.texts(USER_ID)[-1]
        for text in list(ANSWERS.values())[2:]:
            await second.text(USER_ID, text)
            if "Mejora tu respuesta" in second.api.texts(USER_ID)[-1]:
                await second.text(USER_ID, "/seguir")
        document = sent_docx(second)
        assert body_under(document, "Problema y justificación") == [ANSWERS["problem"]]
        assert document.paragraphs[0].text == ANSWERS["title"]
    finally:
        await stop_harness(second)


async def test_starting_again_replaces_the_old_draft_never_two(bot):
    await bot.text(USER_ID, "/borrador")
    await bot.text(USER_ID, ANSWERS["title"])
    await bot.text(USER_ID, "/draft")
    offer = bot.last_keyboard_message(USER_ID)
    await bot.press(USER_ID, "drf:new", offer)
    assert "Paso 1 de 12" in last(bot)
    assert bot.app.bot_data["services"].state.draft(USER_ID)["answers"] == {}


async def test_empty_or_off_topic_answers_get_the_hint_again_and_are_not_stored(bot):
    await bot.text(USER_ID, "/borrador")
    await bot.text(USER_ID, "/saltar")
    for text in ("hola", "¿qué es una línea de base?", "..."):
        await bot.text(USER_ID, text)
        assert last(bot).startswith("No lo tomé como respuesta a esta pregunta.")
        assert "💡 El problema como situación negativa" in last(bot)
    assert bot.app.bot_data["services"].state.draft(USER_ID)["answers"] == {}
    assert not bot.coach.asked  # not sent to the question answerer either


async def test_a_very_long_answer_is_cut_with_a_note(tmp_path, coach):
    harness = await start_harness(make_config(tmp_path, max_draft_answer_chars=200), coach)
    try:
        await harness.text(USER_ID, "/borrador")
        await harness.text(USER_ID, "Inspección basada en riesgo " * 20)
        assert "guardé los primeros 200" in harness.api.texts(USER_ID)[-2]
        assert len(harness.app.bot_data["services"].state.draft(USER_ID)["answers"]["title"]) <= 200
    finally:
        await stop_harness(harness)


async def test_a_document_sent_during_a_draft_is_offered_for_critique_not_stored(bot):
    await bot.text(USER_ID, "/borrador")
    await bot.send(bot.api.document_update(USER_ID, "propuesta.docx", b"PK fake docx bytes"))
    offer = bot.last_keyboard_message(USER_ID)
    assert "no guardo documentos como respuesta" in offer["text"] and "propuesta.docx" in offer["text"]
    assert not bot.coach.files
    assert bot.app.bot_data["services"].state.draft(USER_ID)["answers"] == {}
    await bot.press(USER_ID, "drf:doc", offer)
    assert bot.coach.files[0]["filename"] == "propuesta.docx"
    assert "Revisión del documento propuesta.docx" in last(bot)
    await bot.text(USER_ID, ANSWERS["title"])  # the draft goes on where it was
    assert "Paso 2 de 12" in last(bot)


async def test_unknown_commands_during_a_draft_list_the_draft_commands(bot):
    await bot.text(USER_ID, "/borrador")
    await bot.text(USER_ID, "/foo")
    assert last(bot).startswith("Ese comando no sirve durante el borrador.")
    assert "/atras" in last(bot) and "/cancelar" in last(bot)


async def test_cancel_deletes_the_draft_and_commands_without_a_draft_say_so(bot):
    await bot.text(USER_ID, "/borrador")
    await bot.text(USER_ID, ANSWERS["title"])
    await bot.text(USER_ID, "/cancelar")
    assert "Borrador descartado" in last(bot)
    assert bot.app.bot_data["services"].state.draft(USER_ID) is None
    await bot.text(USER_ID, "/atras")
    assert "No tienes un borrador en curso" in last(bot)
    await bot.text(USER_ID, "¿Qué pide el BID?")
    assert bot.coach.asked[-1]["question"] == "¿Qué pide el BID?"  # questions are answered again


async def test_done_early_builds_the_draft_with_what_is_missing_marked(bot):
    await bot.text(USER_ID, "/borrador")
    await bot.text(USER_ID, "/listo")
    assert "no hay borrador que generar" in last(bot)
    await bot.text(USER_ID, ANSWERS["title"])
    await bot.text(USER_ID, ANSWERS["problem"])
    await bot.text(USER_ID, "/listo")
    document = sent_docx(bot)
    assert body_under(document, "Objetivo general") == ["(por completar)"]
    weak = body_under(document, "Lo que aún está débil")
    assert "Objetivo general: sin respuesta." in weak and "Presupuesto: sin respuesta." in weak
    indicator_rows = [[c.text for c in row.cells] for row in document.tables[1].rows]
    assert indicator_rows[1] == ["(por completar)", "—", "—", "—", "—"]  # nothing invented


async def test_drafts_are_private_and_skip_still_skips_a_feedback_reason(bot):
    group = bot.api.group_chat(-100)
    await bot.text(USER_ID, "/borrador", chat=group)
    assert "se hace en privado" in bot.api.texts(-100)[-1]
    assert bot.app.bot_data["services"].state.draft(USER_ID) is None
    await bot.text(USER_ID, "/saltar")
    assert last(bot) == "De acuerdo."


async def test_english_officer_gets_english_questions_headings_and_a_cited_example(tmp_path, coach):
    config = make_config(tmp_path)
    shutil.copytree(KNOWLEDGE / "examples", config.knowledge_dir / "examples")
    harness = await start_harness(config, coach)
    try:
        await harness.text(USER_ID, "/draft", language_code="en")
        await harness.text(USER_ID, "/skip", language_code="en")
        question = harness.api.texts(USER_ID)[-1]
        assert "Step 2 of 12 · Problem and justification" in question
        assert ("Example (Illustrative example: technical assistance proposal to modernise labour inspection › "
                "1. Problem and justification): “According to the records") in question
        await harness.text(USER_ID, "/done", language_code="en")
        assert "no draft to build" in harness.api.texts(USER_ID)[-1]
    finally:
        await stop_harness(harness)


async def test_with_an_llm_the_prose_is_polished_and_the_figures_stay(bot):
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    polished_problem = ("Según los registros de la Dirección de Inspección de 2024, solo el 15 % de las visitas se "
                        "dirigió a sectores de alto riesgo; las causas son la planificación por denuncias y los "
                        "datos en papel.")
    bot.coach.chat_model = FakeListChatModel(responses=[polished_problem, "Un fin inventado para 2031."])
    await bot.text(USER_ID, "/borrador")
    for text in list(ANSWERS.values())[:3]:
        await bot.text(USER_ID, text)
    await bot.text(USER_ID, "/listo")
    document = sent_docx(bot)
    assert body_under(document, "Problema y justificación") == [polished_problem]
    assert body_under(document, "Objetivo general") == [ANSWERS["goal"]]  # the model's figure was not the officer's


async def test_skipping_every_step_ends_the_draft_without_a_document(bot):
    await bot.text(USER_ID, "/borrador")
    for _ in range(12):
        await bot.text(USER_ID, "/saltar")
    assert "no hay borrador que generar" in last(bot) and "/borrador" in last(bot)
    assert not bot.api.calls_to("sendDocument")
    assert bot.app.bot_data["services"].state.draft(USER_ID) is None


async def test_many_weak_indicators_are_all_listed_within_telegrams_message_limit(bot):
    await bot.text(USER_ID, "/borrador")
    for _ in range(5):
        await bot.text(USER_ID, "/saltar")
    lines = [f"R{n}. Porcentaje de oficinas regionales con el plan anual de inspección aprobado número {n}"
             for n in range(1, 31)]
    await bot.text(USER_ID, "\n".join(lines))
    sent = [m["text"] for m in bot.api.sent(USER_ID)]
    assert all(len(text) <= 4096 for text in sent)
    joined = "\n".join(bot.api.texts(USER_ID))
    assert "• Indicador 1 (" in joined and "• Indicador 30 (" in joined
    assert "Mejora tu respuesta" in last(bot)
