"""Admin commands, who counts as an admin, the error handler, groups."""

from __future__ import annotations

import asyncio
import logging

import pytest
from tests.support.telegram_harness import ADMIN_ID, USER_ID

from bot.telegram.errors import RedactSecrets

pytestmark = pytest.mark.asyncio

GROUP_ID = -100123


async def test_non_admin_reingest_is_refused_and_nothing_happens(bot):
    await bot.text(USER_ID, "/reingest")
    await asyncio.sleep(0.05)
    assert bot.coach.ingest_calls == 0
    assert "solo para administradores" in bot.api.texts(USER_ID)[-1]


async def test_username_never_makes_an_admin(bot):
    update = bot.api.text_update(USER_ID, "/stats")
    update["message"]["from"]["username"] = "admin"
    await bot.send(update)
    assert "solo para administradores" in bot.api.texts(USER_ID)[-1]


async def test_admin_reingest_edits_one_progress_message_then_reports(bot):
    await bot.text(ADMIN_ID, "/reingest")
    await bot.api.wait_for_async(bot.coach.ingest_started.is_set)
    # a second /reingest while one runs is refused
    await bot.text(ADMIN_ID, "/reingest")
    assert "Ya hay una reindexación" in bot.api.texts(ADMIN_ID)[-1]
    # questions keep being answered meanwhile
    await bot.text(USER_ID, "¿Qué es un marco lógico?")
    assert "Respuesta a" in bot.api.texts(USER_ID)[-1]
    await bot.api.wait_for_async(
        lambda: any("Reindexando:" in e["text"] for e in bot.api.calls_to("editMessageText")), timeout=5)
    bot.coach.ingest_gate.set()
    await bot.api.wait_for_async(lambda: "terminada" in bot.api.bot_messages(ADMIN_ID)[0]["text"], timeout=5)
    progress = bot.api.bot_messages(ADMIN_ID)[0]
    edited_ids = {e["message_id"] for e in bot.api.calls_to("editMessageText") if int(e["chat_id"]) == ADMIN_ID}
    assert edited_ids == {progress["message_id"]}  # only ONE message was edited
    assert "Nuevos: 1" in progress["text"] and "Fragmentos: 120" in progress["text"]
    assert bot.coach.ingest_calls == 1


async def test_reingest_while_the_coach_reports_another_ingest_says_so(bot):
    bot.coach.ingest_elsewhere = True
    await bot.text(ADMIN_ID, "/reingest")
    await bot.api.wait_for_async(
        lambda: "Ya hay una reindexación" in bot.api.bot_messages(ADMIN_ID)[0]["text"], timeout=5)
    assert bot.coach.ingest_calls == 0


async def test_message_sent_as_a_channel_is_not_an_admin(bot):
    group = bot.api.group_chat(GROUP_ID)
    await bot.text(ADMIN_ID, "/reingest", chat=group, sender_chat={"id": -100999, "type": "channel", "title": "C"})
    await bot.text(1087968824, "/reingest", chat=group, sender_chat=group)  # anonymous group admin
    await asyncio.sleep(0.05)
    assert bot.coach.ingest_calls == 0
    assert all("solo para administradores" in t for t in bot.api.texts(GROUP_ID))


async def test_admin_stats(bot):
    await bot.text(USER_ID, "¿Qué es un marco lógico?")
    await bot.text(ADMIN_ID, "/stats")
    text = bot.api.texts(ADMIN_ID)[-1]
    assert "Usuarios: 1" in text and "Preguntas: 1" in text and "120 fragmentos de 5" in text


async def test_stats_and_reingest_name_donor_documents_not_checked_for_a_year(bot):
    bot.coach.stale = ["donors/bid.es.md (checked 2024-05)"]
    await bot.text(ADMIN_ID, "/stats")
    assert "sin revisar contra sus fuentes en los últimos 12 meses: donors/bid.es.md (checked 2024-05)" in \
        bot.api.texts(ADMIN_ID)[-1]
    bot.coach.ingest_gate.set()
    await bot.text(ADMIN_ID, "/reingest")
    def report():
        return next((m["text"] for m in bot.api.bot_messages(ADMIN_ID) if "terminada" in m["text"]), "")

    await bot.api.wait_for_async(report, timeout=5)
    assert "donors/bid.es.md (checked 2024-05)" in report()


async def test_stats_say_nothing_of_freshness_when_every_donor_document_is_current(bot):
    await bot.text(ADMIN_ID, "/stats")
    assert "12 meses" not in bot.api.texts(ADMIN_ID)[-1]


async def test_a_document_with_a_bad_front_matter_is_refused_with_the_reason(bot):
    from bot.telegram.files import unreadable_key
    from bot.vocabulary import UnreadableFile

    key = unreadable_key(UnreadableFile("front_matter", "checked: bad"))
    assert "checked (AAAA-MM)" in bot.app.bot_data["messages"].text(key, "es")


async def test_admin_add_document_then_reingest(bot):
    bot.coach.ingest_gate.set()
    await bot.send(bot.api.document_update(ADMIN_ID, "guia.pdf", b"%PDF-1.4 guide", caption="/add"))
    assert bot.coach.added == ["guia.pdf"]
    assert not bot.coach.files  # added, not critiqued
    await bot.api.wait_for_async(lambda: bot.coach.ingest_calls == 1)


async def test_non_admin_add_is_refused(bot):
    await bot.send(bot.api.document_update(USER_ID, "guia.pdf", b"%PDF-1.4", caption="/add"))
    assert not bot.coach.added and not bot.coach.files
    assert "solo para administradores" in bot.api.texts(USER_ID)[-1]


async def test_errors_get_an_apology_and_admins_get_the_escaped_trace(bot):
    bot.coach.fail_next_ask = RuntimeError(f"boom <tag> with token {bot.api.token}")
    await bot.text(USER_ID, "¿Qué es un marco lógico?", language_code="en")
    assert bot.api.texts(USER_ID)[-1] == "Sorry, something went wrong. Please try again in a moment."
    assert not any("Working" in t for t in bot.api.texts(USER_ID))  # the placeholder is gone
    trace = "\n".join(bot.api.texts(ADMIN_ID))
    assert "RuntimeError: boom <tag>" in trace
    assert bot.api.token not in trace
    await bot.text(USER_ID, "¿Y ahora?")  # still up
    assert "Respuesta a" in bot.api.texts(USER_ID)[-1]


async def test_logging_filter_redacts_the_token(caplog):
    token = "123:SECRET"
    handler = logging.StreamHandler()
    handler.addFilter(RedactSecrets([token]))
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "url https://api/bot%s/getMe", (token,), None)
    handler.filter(record)
    assert token not in record.getMessage() and "<redacted>" in record.getMessage()


async def test_groups_answer_only_what_is_addressed_to_the_bot(bot):
    group = bot.api.group_chat(GROUP_ID)
    await bot.text(USER_ID, "hola a todos, ¿qué tal?", chat=group)
    await bot.text(USER_ID, "/start@other_bot", chat=group)
    assert not bot.api.sent(GROUP_ID) and not bot.coach.asked
    await bot.text(USER_ID, "/help", chat=group)
    assert bot.api.sent(GROUP_ID)
    bot_message = bot.api.bot_messages(GROUP_ID)[-1]
    await bot.text(USER_ID, "¿Qué es un marco lógico?", chat=group, reply_to=bot_message)
    assert bot.coach.asked[0]["question"] == "¿Qué es un marco lógico?"
    recorded = bot.app.bot_data["services"].state.group_questions(GROUP_ID)
    assert recorded[0]["question"] == "¿Qué es un marco lógico?" and recorded[0]["user_id"] == USER_ID


async def test_group_critique_records_weaknesses(bot):
    group = bot.api.group_chat(GROUP_ID)
    await bot.text(ADMIN_ID, "/taller criticas on", chat=group)  # off by default in groups
    await bot.text(USER_ID, "/critica " + "Objetivo: mejorar la gestión de la cooperación técnica. " * 3, chat=group)
    weaknesses = bot.app.bot_data["services"].state.group_weaknesses(GROUP_ID)
    assert {(w["criterion"], w["status"]) for w in weaknesses} == {("Objetivo SMART", "weak"), ("Indicadores", "missing")}
