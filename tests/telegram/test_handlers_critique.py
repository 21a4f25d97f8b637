"""Critiques: /critica, replies, joined paste parts, the offer button, documents."""

from __future__ import annotations

import pytest
from tests.support.telegram_harness import USER_ID, make_config, start_harness, stop_harness

pytestmark = pytest.mark.asyncio

SECTION = (
    "Objetivo general\n"
    "Fortalecer la capacidad del Ministerio de Trabajo para gestionar la cooperación técnica.\n"
    "Objetivos específicos\n"
    + "1. Mejorar el diseño de propuestas mediante capacitación a funcionarios. " * 10
).strip()


def buttons(message: dict) -> list[dict]:
    return [b for row in message["reply_markup"]["inline_keyboard"] for b in row]


async def test_critica_then_paste_critiques_it_with_feedback_buttons(bot):
    await bot.text(USER_ID, "/critica")
    assert "Pega la sección" in bot.api.texts(USER_ID)[-1]
    await bot.text(USER_ID, SECTION)
    assert bot.coach.critiqued[0]["text"] == SECTION
    final = bot.api.bot_messages(USER_ID)[-1]
    assert "Revisión: Objectives" in final["text"]
    assert "⚠️ Mejorable · Objetivo SMART" in final["text"]
    assert "No es medible <aún>." in final["text"]  # escaped in HTML, shown literally
    assert [b["text"] for b in buttons(final)][:2] == ["👍", "👎"]
    assert not bot.coach.asked


async def test_the_assumed_type_can_be_changed_with_a_button(bot):
    """Issue 16: the critique says which type it assumed; a button lists the types and re-runs it."""
    await bot.text(USER_ID, "/critica")
    await bot.text(USER_ID, SECTION)
    final = bot.api.bot_messages(USER_ID)[-1]
    change = [b for b in buttons(final) if b["callback_data"].startswith("ctype:")]
    assert change and change[0]["text"] == "🔁 Cambiar el tipo de sección"
    await bot.press(USER_ID, change[0]["callback_data"], final)
    listing = bot.api.bot_messages(USER_ID)[-1]
    names = [b["text"] for b in buttons(listing)]
    assert "presupuesto" in names and "objetivos" in names and "riesgos y supuestos" in names
    budget = [b for b in buttons(listing) if b["text"] == "presupuesto"][0]
    await bot.press(USER_ID, budget["callback_data"], listing)
    assert bot.coach.critiqued[-1] == {"text": SECTION, "language": bot.coach.critiqued[0]["language"],
                                       "donor": None, "section_type": "budget"}
    assert "Revisión: Budget" in bot.api.texts(USER_ID)[-1]


async def test_when_the_critic_was_unsure_one_button_reviews_the_text_as_the_next_type(bot):
    """Issue 16, eighth round: the learned typer's runner-up is one tap away, not a list away."""
    bot.coach.alternative_type = "governance"
    await bot.text(USER_ID, "/critica")
    await bot.text(USER_ID, SECTION)
    final = bot.api.bot_messages(USER_ID)[-1]
    review_as = [b for b in buttons(final) if b["text"] == "🔁 Revisarlo como gestión y gobernanza"]
    assert review_as
    await bot.press(USER_ID, review_as[0]["callback_data"], final)
    assert bot.coach.critiqued[-1]["section_type"] == "governance"
    assert "Revisión: Governance" in bot.api.texts(USER_ID)[-1]


async def test_a_sure_critique_offers_no_second_type(bot):
    await bot.text(USER_ID, "/critica")
    await bot.text(USER_ID, SECTION)
    assert not [b for b in buttons(bot.api.bot_messages(USER_ID)[-1]) if "Revisarlo como" in b["text"]]


async def test_changing_the_type_of_a_forgotten_text_says_so(bot):
    await bot.text(USER_ID, "/critica")
    await bot.text(USER_ID, SECTION)
    final = bot.api.bot_messages(USER_ID)[-1]
    bot.app.chat_data[USER_ID].clear()  # e.g. after a restart
    await bot.press(USER_ID, "ctype:9:budget", final)
    assert "ya no está guardado" in bot.api.texts(USER_ID)[-1]


async def test_deep_link_start_critica_opens_critique_mode(bot):
    await bot.text(USER_ID, "/start critica")
    await bot.text(USER_ID, SECTION)
    assert len(bot.coach.critiqued) == 1


async def test_critique_alias_as_reply_to_a_message(bot):
    original = await bot.text(USER_ID, SECTION)  # offered, not critiqued yet
    await bot.text(USER_ID, "/critique", reply_to=original)
    assert bot.coach.critiqued[-1]["text"] == SECTION


async def test_long_paste_is_offered_and_the_button_critiques_it(bot):
    await bot.text(USER_ID, SECTION)
    offer = dict(bot.last_keyboard_message(USER_ID))
    assert "parece una sección" in offer["text"]
    assert [b["text"] for b in buttons(offer)] == ["📝 Revisar esta sección", "❓ Responder como pregunta"]
    assert not bot.coach.critiqued and not bot.coach.asked
    await bot.press(USER_ID, buttons(offer)[0]["callback_data"], offer)
    assert bot.coach.critiqued[0]["text"] == SECTION
    # the pasted text is forgotten once critiqued (keep_pasted_text is off)
    await bot.press(USER_ID, buttons(offer)[0]["callback_data"], offer)
    assert "ya no está guardado" in bot.api.texts(USER_ID)[-1]


async def test_parts_of_a_split_paste_are_joined(tmp_path, coach):
    harness = await start_harness(make_config(tmp_path, paste_join_seconds=0.3), coach)
    try:
        await harness.text(USER_ID, "/critica")
        part1, part2 = "A" * 4000 + " fin de la parte uno.", "Segunda parte del texto con más detalle."
        await harness.text(USER_ID, part1)
        await harness.text(USER_ID, part2)
        assert not coach.critiqued  # still waiting for more parts
        await harness.api.wait_for_async(lambda: coach.critiqued, timeout=5)
        assert coach.critiqued == [{"text": part1 + "\n" + part2, "language": coach.critiqued[0]["language"],
                                    "donor": None}]
    finally:
        await stop_harness(harness)


async def test_document_is_downloaded_and_critiqued_whole(bot):
    await bot.send(bot.api.document_update(USER_ID, "propuesta.docx", b"PK fake docx bytes"))
    assert bot.api.calls_to("getFile")
    assert bot.coach.files[0]["filename"] == "propuesta.docx"
    assert bot.coach.files[0]["content"] == b"PK fake docx bytes"
    assert not bot.coach.files[0]["path"].exists()  # the temporary copy is removed
    assert bot.coach.files[0]["path"].is_relative_to(bot.config.data_dir)
    text = bot.api.texts(USER_ID)[-1]
    assert "Revisión del documento propuesta.docx" in text
    assert "Objetivos: ✅ 1 · ⚠️ 1 · ❌ 1" in text


async def test_a_docx_comes_back_with_comments_in_the_margin(bot):
    """Issue 16: the summary in the chat, and the same document annotated."""
    await bot.send(bot.api.document_update(USER_ID, "propuesta.docx", b"PK fake docx bytes"))
    assert bot.coach.annotated == [{"filename": "propuesta.docx", "sections": 2}]
    sent = bot.api.calls_to("sendDocument")
    assert len(sent) == 1 and sent[0]["_filename"] == "propuesta-comentarios.docx"
    assert "comentarios en el margen" in sent[0]["caption"]
    assert "Revisión del documento propuesta.docx" in bot.api.texts(USER_ID)[-1]
    assert not list((bot.config.data_dir / "tmp").iterdir())  # the annotated copy is not kept


async def test_a_pdf_gets_the_summary_and_a_note_that_comments_need_a_docx(bot):
    await bot.send(bot.api.document_update(USER_ID, "propuesta.pdf", b"%PDF fake"))
    assert not bot.api.calls_to("sendDocument") and not bot.coach.annotated
    texts = bot.api.texts(USER_ID)
    assert "Revisión del documento propuesta.pdf" in texts[-2]
    assert "necesitan un .docx" in texts[-1]


async def test_file_too_large_is_refused_before_download(bot):
    update = bot.api.document_update(USER_ID, "grande.pdf", b"%PDF small", file_size=15 * 1024 * 1024)
    await bot.send(update)
    assert not bot.api.calls_to("getFile")
    assert not bot.coach.files
    assert "15.0 MB" in bot.api.texts(USER_ID)[-1] and "10 MB" in bot.api.texts(USER_ID)[-1]


async def test_unsupported_file_type_gets_a_clear_message(bot):
    await bot.send(bot.api.document_update(USER_ID, "foto.png", b"\x89PNG"))
    assert not bot.api.calls_to("getFile")
    assert ".docx, .pdf o .txt" in bot.api.texts(USER_ID)[-1]


async def test_unreadable_document_is_explained(bot):
    await bot.send(bot.api.document_update(USER_ID, "secreto.pdf", b"ENCRYPTED pdf"))
    assert "protegido con contraseña" in bot.api.texts(USER_ID)[-1]


async def test_critique_too_short(bot):
    await bot.text(USER_ID, "/critica Muy corto")
    assert "muy corto" in bot.api.texts(USER_ID)[-1]
    assert not bot.coach.critiqued


async def test_critique_feedback_is_stored(bot):
    await bot.text(USER_ID, "/critica " + SECTION)
    final = bot.api.bot_messages(USER_ID)[-1]
    await bot.press(USER_ID, buttons(final)[0]["callback_data"], final)
    row = bot.app.bot_data["services"].state.feedback()[0]
    assert row["kind"] == "critique" and row["rating"] == 1 and row["passage_ids"] == ["p1"]
