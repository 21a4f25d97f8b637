"""Private conversation: /start, questions and follow-ups, /fuentes, settings, feedback."""

from __future__ import annotations

import pytest
from tests.support.telegram_harness import USER_ID

pytestmark = pytest.mark.asyncio


def buttons(message: dict) -> list[dict]:
    return [b for row in message["reply_markup"]["inline_keyboard"] for b in row]


async def test_start_explains_and_offers_three_examples_in_client_language(bot):
    await bot.text(USER_ID, "/start", language_code="en")
    texts = bot.api.texts(USER_ID)
    assert "assistant for cooperation proposals" in texts[0]
    examples = buttons(bot.last_keyboard_message(USER_ID))
    assert len(examples) == 3
    assert examples[0]["text"].startswith("What are the key components")
    assert all(b["callback_data"].startswith("ask:en:") for b in examples)


async def test_start_defaults_to_spanish(bot):
    await bot.text(USER_ID, "/start", language_code=None)
    assert "Hola" in bot.api.texts(USER_ID)[0]


async def test_pressing_an_example_asks_it(bot):
    await bot.text(USER_ID, "/start", language_code="es")
    keyboard = bot.last_keyboard_message(USER_ID)
    await bot.press(USER_ID, buttons(keyboard)[0]["callback_data"], keyboard)
    assert bot.coach.asked[0]["question"] == "¿Cuáles son los componentes clave de una propuesta exitosa?"
    assert bot.api.calls_to("answerCallbackQuery")


async def test_question_is_answered_in_the_working_message_with_feedback_buttons(bot):
    await bot.text(USER_ID, "¿Qué es un marco lógico?")
    sent = bot.api.sent(USER_ID)
    assert "Trabajando" in sent[0]["text"]  # the placeholder...
    edits = bot.api.calls_to("editMessageText")
    assert edits[-1]["message_id"] == bot.api.bot_messages(USER_ID)[0]["message_id"]  # ...edited into the answer
    final = bot.api.bot_messages(USER_ID)[-1]
    assert "Respuesta a «¿Qué es un marco lógico?»" in final["text"]
    assert "<b>no es HTML</b>" in final["text"]  # user/document text is escaped, shown literally
    assert "Doc 1 › Sección 1" in final["text"]
    assert [b["text"] for b in buttons(final)] == ["👍", "👎"]
    assert bot.api.calls_to("sendChatAction")[0]["action"] == "typing"


async def test_follow_up_passes_the_last_turns_as_history(bot):
    await bot.text(USER_ID, "¿Qué es un marco lógico?")
    await bot.text(USER_ID, "¿Y cómo se usa en el presupuesto?")
    second = bot.coach.asked[1]
    assert [t.question for t in second["history"]] == ["¿Qué es un marco lógico?"]
    assert second["history"][0].answer.startswith("Respuesta a")


async def test_reset_forgets_the_conversation(bot):
    await bot.text(USER_ID, "¿Qué es un marco lógico?")
    await bot.text(USER_ID, "/reset")
    await bot.text(USER_ID, "¿Qué es un indicador?")
    assert bot.coach.asked[1]["history"] == []


async def test_history_is_limited_to_history_turns(bot):
    for i in range(6):
        await bot.text(USER_ID, f"Pregunta número {i} sobre proyectos")
    assert len(bot.coach.asked[-1]["history"]) == bot.config.limits.history_turns


async def test_too_long_question_gets_a_clear_message(bot):
    question = "¿" + "palabra " * 300 + "?"  # one line, no heading words, over 2000 characters
    await bot.text(USER_ID, question)
    assert not bot.coach.asked
    assert "2000" in bot.api.texts(USER_ID)[-1] and len(question) > 2000


async def test_question_over_the_limit_is_refused(bot, tmp_path):
    from tests.support.telegram_harness import make_config, start_harness, stop_harness

    harness = await start_harness(make_config(tmp_path / "x", max_question_chars=50), bot.coach)
    try:
        await harness.text(USER_ID, "¿Cómo redacto una justificación convincente para el proyecto del ministerio?")
        assert not harness.coach.asked
        assert "máximo es 50" in harness.api.texts(USER_ID)[-1]
    finally:
        await stop_harness(harness)


async def test_language_and_donor_settings_reach_the_coach(bot):
    await bot.text(USER_ID, "/idioma pt")
    await bot.text(USER_ID, "/donante aecid")
    await bot.text(USER_ID, "What is a logframe?")
    assert bot.coach.asked[0]["language"] == "pt"
    assert bot.coach.asked[0]["donor"] == "aecid"
    await bot.text(USER_ID, "/donor none")
    await bot.text(USER_ID, "/lang xx")
    assert "/idioma es|en|pt|fr" in bot.api.texts(USER_ID)[-1]


async def test_detected_language_is_used_without_a_setting(bot):
    await bot.text(USER_ID, "What are the key components of a successful proposal?", language_code="es")
    assert bot.coach.asked[0]["language"] == "en"


async def test_sources_lists_passages_and_expands_one(bot):
    await bot.text(USER_ID, "/fuentes")
    assert "Todavía no hay" in bot.api.texts(USER_ID)[-1]
    await bot.text(USER_ID, "¿Qué es un marco lógico?")
    await bot.text(USER_ID, "/sources")
    listing = bot.last_keyboard_message(USER_ID)
    assert "1. Doc 1 › Sección 1" in listing["text"]
    assert [b["text"] for b in buttons(listing)] == ["1", "2"]
    await bot.press(USER_ID, buttons(listing)[1]["callback_data"], listing)
    expanded = bot.api.texts(USER_ID)[-1]
    assert "Texto del pasaje 2 <con> & símbolos" in expanded
    assert "&lt;con&gt;" in bot.api.bot_messages(USER_ID)[-1]["html"]


async def test_thumbs_up_is_stored_with_question_and_passages(bot):
    await bot.text(USER_ID, "¿Qué es un marco lógico?")
    answer = bot.api.bot_messages(USER_ID)[-1]
    await bot.press(USER_ID, buttons(answer)[0]["callback_data"], answer)
    rows = bot.app.bot_data["services"].state.feedback()
    assert rows[0]["rating"] == 1
    assert rows[0]["question"] == "¿Qué es un marco lógico?"
    assert rows[0]["passage_ids"] == ["p1", "p2"]
    assert "reply_markup" not in bot.api.bot_messages(USER_ID)[-1]  # one vote per answer


async def test_thumbs_down_asks_for_a_reason_and_stores_the_next_message(bot):
    await bot.text(USER_ID, "¿Qué es un marco lógico?")
    answer = bot.api.bot_messages(USER_ID)[-1]
    await bot.press(USER_ID, buttons(answer)[1]["callback_data"], answer)
    assert "Qué faltó" in bot.api.texts(USER_ID)[-1]
    await bot.text(USER_ID, "Faltó un ejemplo concreto")
    rows = bot.app.bot_data["services"].state.feedback()
    assert rows[0]["rating"] == -1 and rows[0]["reason"] == "Faltó un ejemplo concreto"
    assert len(bot.coach.asked) == 1  # the reason was not taken as a question


async def test_a_ten_thousand_character_answer_is_split_and_valid(bot):
    paragraph = "Una frase del manual con <etiquetas> & signos. " * 20
    bot.coach.answer_text = "\n\n".join([paragraph] * 11)  # about 10,000 characters
    await bot.text(USER_ID, "Dame todo el manual")
    messages = bot.api.bot_messages(USER_ID)
    assert len(messages) >= 3
    assert all(len(m["text"]) <= 4096 for m in messages)  # the fake API also rejects bad HTML
    assert "reply_markup" in messages[-1] and all("reply_markup" not in m for m in messages[:-1])
    joined = "".join(m["text"] for m in messages)
    assert joined.count("<etiquetas>") == 220


async def test_help_and_unknown_commands(bot):
    await bot.text(USER_ID, "/help")
    await bot.text(USER_ID, "/nonsense")
    texts = bot.api.texts(USER_ID)
    assert texts[0].startswith("Cómo usarme")
    assert texts[1].startswith("No conozco ese comando.") and "Cómo usarme" in texts[1]


async def test_command_menu_is_set_in_spanish_and_english(bot):
    calls = bot.api.calls_to("setMyCommands")
    private = {c.get("language_code"): [cmd["command"] for cmd in c["commands"]] for c in calls if not c.get("scope")}
    in_groups = {c.get("language_code"): [cmd["command"] for cmd in c["commands"]] for c in calls
                 if (c.get("scope") or {}).get("type") == "all_group_chats"}
    assert "critica" in private[None] and "fuentes" in private[None]
    assert "critique" in private["en"] and "sources" in private["en"]
    assert {"pregunta", "digest", "taller"} <= set(in_groups[None]) and "ask" in in_groups["en"]
