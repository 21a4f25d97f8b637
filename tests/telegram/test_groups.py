"""Workshop groups: what is answered, threads and short answers, limits, facilitators, /digest."""

from __future__ import annotations

import pytest
import pytest_asyncio
from tests.support.telegram_harness import ADMIN_ID, FakeCoach, make_config, start_harness, stop_harness

from bot.telegram.keyboards import FULL_ANSWER_PAYLOAD

pytestmark = pytest.mark.asyncio

GROUP_ID = -100123
FACILITATOR = 77
ALICE, BOB = 501, 502
BOT = "coach_test_bot"


@pytest_asyncio.fixture
async def bot(tmp_path):
    config = make_config(tmp_path, telegram={"group_reply_chars": 300}, user_questions_per_minute=3,
                         group_messages_per_minute=20)
    harness = await start_harness(config, FakeCoach())
    harness.api.chat_admins[GROUP_ID] = [FACILITATOR]
    harness.group = harness.api.group_chat(GROUP_ID)
    yield harness
    await stop_harness(harness)


def buttons(message: dict) -> list[dict]:
    return [b for row in message.get("reply_markup", {}).get("inline_keyboard", []) for b in row]


async def say(bot, user: int, text: str, **kwargs) -> dict:
    return await bot.text(user, text, chat=bot.group, **kwargs)


async def test_chatter_and_commands_for_other_bots_are_ignored(bot):
    await say(bot, ALICE, "buenos días a todos")
    await say(bot, ALICE, "/ask@OtherBot ¿qué es un marco lógico?")
    await say(bot, ALICE, "/nonsense")  # may be another bot's command
    assert not bot.api.sent(GROUP_ID) and not bot.coach.asked


@pytest.mark.parametrize("command", [f"/ask@{BOT}", "/pregunta", "/ask", f"/pregunta@{BOT}"])
async def test_ask_commands_are_answered_in_a_thread(bot, command):
    asked = await say(bot, ALICE, f"{command} ¿Qué es un marco lógico?")
    assert bot.coach.asked[0]["question"] == "¿Qué es un marco lógico?"
    answer = bot.api.bot_messages(GROUP_ID)[-1]
    assert answer["reply_to_message_id"] == asked["message_id"]
    assert "Respuesta a" in answer["text"] and [b["text"] for b in buttons(answer)][:2] == ["👍", "👎"]
    assert not any("Trabajando" in t for t in bot.api.texts(GROUP_ID))  # no placeholder in groups


async def test_mentions_and_replies_to_the_bot_are_answered(bot):
    await say(bot, ALICE, f"@{BOT} ¿qué piden los donantes?")
    assert bot.coach.asked[-1]["question"] == "¿qué piden los donantes?"
    answer = bot.api.bot_messages(GROUP_ID)[-1]
    await say(bot, BOB, "¿Y sobre sostenibilidad?", reply_to=answer)
    assert bot.coach.asked[-1]["question"] == "¿Y sobre sostenibilidad?"
    assert len(bot.api.bot_messages(GROUP_ID)) == 2


async def test_ask_in_reply_to_a_message_answers_that_message(bot):
    original = await say(bot, BOB, "¿Cuánto cofinanciamiento pide el BID?")
    await say(bot, ALICE, "/pregunta", reply_to=original)
    assert bot.coach.asked[-1]["question"] == "¿Cuánto cofinanciamiento pide el BID?"
    await say(bot, ALICE, "/pregunta")
    assert "Escribe tu pregunta" in bot.api.texts(GROUP_ID)[-1]


async def test_long_answers_are_cut_with_a_deep_link_to_the_full_answer(bot):
    bot.coach.answer_text = "Una frase larga sobre el marco lógico y sus indicadores. " * 40
    await say(bot, ALICE, f"/ask@{BOT} ¿Qué es un marco lógico?")
    answer = bot.api.bot_messages(GROUP_ID)[-1]
    assert len(answer["text"]) <= 300 and answer["text"].split("\n")[0].endswith("…")
    assert "Doc 1 › Sección 1" in answer["text"]  # the numbered sources stay
    link = [b for b in buttons(answer) if b.get("url")][0]["url"]
    assert link.startswith(f"https://t.me/{BOT}?start={FULL_ANSWER_PAYLOAD}")
    payload = link.split("start=", 1)[1]
    assert len(payload) <= 64
    await bot.text(ALICE, f"/start {payload}")  # the link, opened in private
    full = bot.api.texts(ALICE)
    assert sum(len(t) for t in full) > 2000 and "Doc 2 › Sección 2" in full[-1]
    await bot.text(ALICE, "/start f_doesnotexist")
    assert "ya no está guardada" in bot.api.texts(ALICE)[-1]


async def test_one_user_cannot_flood_the_group(bot):
    for i in range(6):
        await say(bot, ALICE, f"/pregunta ¿pregunta número {i}?")
    assert len(bot.coach.asked) == 3  # user_questions_per_minute = 3
    notices = [t for t in bot.api.texts(GROUP_ID) if "muchas preguntas seguidas" in t]
    assert len(notices) == 1  # one polite notice, not one per message
    await say(bot, BOB, "/pregunta ¿y yo puedo?")
    assert len(bot.coach.asked) == 4


async def test_the_group_budget_is_respected_with_one_notice(tmp_path):
    config = make_config(tmp_path, user_questions_per_minute=10, group_messages_per_minute=4)
    bot = await start_harness(config, FakeCoach())
    try:
        group = bot.api.group_chat(GROUP_ID)
        for user in range(600, 608):
            await bot.text(user, "/pregunta ¿cómo hago un presupuesto?", chat=group)
        assert len(bot.coach.asked) == 3  # 4 a minute: 3 answers and the slot kept for the notice
        assert sum("muchas preguntas en el grupo" in t for t in bot.api.texts(GROUP_ID)) == 1
        assert bot.api.group_messages_per_minute(GROUP_ID) <= 4
    finally:
        await stop_harness(bot)


async def test_workshop_off_answers_commands_only_and_is_for_facilitators(bot):
    await say(bot, ALICE, "/taller off")
    assert "solo para los facilitadores" in bot.api.texts(GROUP_ID)[-1]
    await say(bot, FACILITATOR, "/taller off")
    assert "Modo taller desactivado" in bot.api.texts(GROUP_ID)[-1]
    await say(bot, ALICE, f"@{BOT} ¿me oyes?")
    assert not bot.coach.asked
    await say(bot, ALICE, "/pregunta ¿y ahora?")
    assert bot.coach.asked[-1]["question"] == "¿y ahora?"
    await say(bot, ADMIN_ID, "/taller on")  # configured admins are facilitators everywhere
    await say(bot, ALICE, f"@{BOT} ¿me oyes?")
    assert bot.coach.asked[-1]["question"] == "¿me oyes?"
    await say(bot, FACILITATOR, "/taller")
    assert "Modo taller: <b>activado" in bot.api.bot_messages(GROUP_ID)[-1]["html"]


async def test_admin_list_is_cached(bot):
    await say(bot, FACILITATOR, "/taller")
    await say(bot, FACILITATOR, "/digest")
    await say(bot, ALICE, "/digest")
    assert len(bot.api.calls_to("getChatAdministrators")) == 1


async def test_anonymous_admin_and_channel_posts_are_not_facilitators(bot):
    await say(bot, 1087968824, "/taller off", sender_chat=bot.group)
    await say(bot, FACILITATOR, "/taller off", sender_chat={"id": -100999, "type": "channel", "title": "C"})
    assert all("solo para los facilitadores" in t for t in bot.api.texts(GROUP_ID))


async def test_critiques_are_offered_in_private_unless_enabled(bot):
    section = "/critica " + "Objetivo general: fortalecer la gestión de la cooperación técnica del ministerio. " * 3
    await say(bot, ALICE, section)
    offer = bot.api.bot_messages(GROUP_ID)[-1]
    assert "en privado" in offer["text"] and not bot.coach.critiqued
    assert buttons(offer)[0]["url"] == f"https://t.me/{BOT}?start=critica"
    await bot.send(bot.api.document_update(ALICE, "borrador.txt", b"texto", chat=bot.group, caption=f"@{BOT}"))
    assert not bot.coach.files and "en privado" in bot.api.texts(GROUP_ID)[-1]
    await say(bot, FACILITATOR, "/taller criticas on")
    await say(bot, ALICE, section)
    assert bot.coach.critiqued
    await bot.text(ALICE, "/start critica")  # the private link opens critique mode
    assert "Pega la sección" in bot.api.texts(ALICE)[-1]


async def test_digest_for_facilitators_groups_topics_abstentions_and_weaknesses(bot):
    bot.coach.abstain_on = {"¿Cuál es la capital de Francia?"}
    for user, question in [(ALICE, "¿Qué es un marco lógico?"), (BOB, "¿qué es un marco lógico"),
                           (BOB, "¿Cuál es la capital de Francia?")]:
        await say(bot, user, f"/pregunta {question}")
    await say(bot, FACILITATOR, "/taller criticas on")
    await say(bot, ALICE, "/critica " + "Objetivo: mejorar la gestión de la cooperación técnica. " * 3)
    await say(bot, ALICE, "/digest")
    assert "solo para los facilitadores" in bot.api.texts(GROUP_ID)[-1]
    await say(bot, FACILITATOR, "/digest 2")
    digest = bot.api.texts(GROUP_ID)[-1]
    assert "últimas 2 h" in digest and "3 preguntas de 2 participantes" in digest
    assert "Doc 1 › Sección 1: 2" in digest  # grouped by the top passage
    assert "Sin respuesta en la base de conocimiento (1)" in digest and "capital de Francia" in digest
    assert "Objetivo SMART: 1" in digest and "Indicadores: 1" in digest
    await say(bot, FACILITATOR, "/digest mucho")
    assert "Uso: /digest" in bot.api.texts(GROUP_ID)[-1]


async def test_digest_in_the_groups_language_and_refused_in_private(bot):
    await say(bot, ALICE, "/pregunta What is a logical framework?", language_code="en")
    bot.coach.asked.clear()
    await say(bot, FACILITATOR, "/taller idioma en")
    await say(bot, FACILITATOR, "/digest")
    assert "Workshop digest" in bot.api.texts(GROUP_ID)[-1]
    await bot.text(FACILITATOR, "/digest")
    assert "grupos de taller" in bot.api.texts(FACILITATOR)[-1]


async def test_thumbs_down_in_a_group_asks_for_a_reply_and_stores_the_reason(bot):
    await say(bot, ALICE, "/pregunta ¿Qué es un marco lógico?")
    answer = bot.api.bot_messages(GROUP_ID)[-1]
    down = [b for b in buttons(answer) if b.get("callback_data", "").startswith("fb:-")][0]
    await bot.press(BOB, down["callback_data"], answer)
    question = bot.api.bot_messages(GROUP_ID)[-1]
    assert "Responde a este mensaje" in question["text"]
    assert question["requested_markup"]["force_reply"] and question["requested_markup"]["selective"]
    await say(bot, BOB, f"@{BOT} otra pregunta")  # not a reply to the question: a question
    assert bot.coach.asked[-1]["question"] == "otra pregunta"
    await say(bot, BOB, "Faltaba un ejemplo concreto", reply_to=question)
    state = bot.app.bot_data["services"].state
    assert state.feedback()[-1]["reason"] == "Faltaba un ejemplo concreto"
    assert bot.coach.asked[-1]["question"] == "otra pregunta"


async def test_help_in_a_group_documents_the_workshop_commands(bot):
    await say(bot, ALICE, f"/help@{BOT}")
    assert "/taller on|off" in bot.api.texts(GROUP_ID)[-1] and "/digest" in bot.api.texts(GROUP_ID)[-1]
    await say(bot, ALICE, f"/nonsense@{BOT}")
    assert "No conozco ese comando" in bot.api.texts(GROUP_ID)[-1]
