"""Workshop groups against the real bot: what is answered, threads, the per-user limit, /digest."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e

BOT = "coach_test_bot"
FACILITATOR = 880
PARTICIPANTS = (881, 882, 883)


def answers_in(api, chat_id: int) -> list[dict]:
    return [m for m in api.bot_messages(chat_id)
            if any(b.get("callback_data", "").startswith("fb:")
                   for row in m.get("reply_markup", {}).get("inline_keyboard", []) for b in row)]


def test_group_answers_only_what_is_addressed_to_it_in_threads(served):
    api = served.api
    group = api.group_chat(-100701, "Taller CIMT")
    alice, bob = PARTICIPANTS[:2]
    api.push(api.text_update(alice, "Buenos días a todos, ¿empezamos?", chat=group))
    api.push(api.text_update(bob, "/ask@OtherBot ¿qué es un marco lógico?", chat=group))
    asked = api.push(api.text_update(alice, f"/ask@{BOT} ¿Qué problemas tuvieron los ministerios con los donantes?",
                                     chat=group))["message"]
    first = api.wait_for(lambda: answers_in(api, group["id"]), timeout=60)[0]
    assert first["reply_to_message_id"] == asked["message_id"]  # threaded to the asker
    assert len(first["text"]) <= 900  # telegram.group_reply_chars
    mention = api.push(api.text_update(bob, f"@{BOT} ¿qué piden los donantes sobre sostenibilidad?",
                                       chat=group))["message"]
    second = api.wait_for(lambda: answers_in(api, group["id"])[1:], timeout=60)[0]
    assert second["reply_to_message_id"] == mention["message_id"]
    assert len(api.bot_messages(group["id"])) == 2  # the chatter and /ask@OtherBot got nothing
    if any(b.get("url") for row in second["reply_markup"]["inline_keyboard"] for b in row):
        url = [b["url"] for row in second["reply_markup"]["inline_keyboard"] for b in row if b.get("url")][0]
        assert url.startswith(f"https://t.me/{BOT}?start=f_")
        api.push(api.text_update(bob, f"/start {url.split('start=')[1]}"))
        api.wait_for(lambda: answers_in(api, bob), timeout=30)
    assert api.group_messages_per_minute(group["id"]) <= 20


def test_one_participant_cannot_flood_the_group(served):
    api = served.api
    group = api.group_chat(-100702, "Taller 2")
    carol = PARTICIPANTS[2]
    for i in range(5):
        api.push(api.text_update(carol, f"/pregunta ¿Cómo se prepara el presupuesto, versión {i}?", chat=group))
    api.wait_for(lambda: len(answers_in(api, group["id"])) >= 3
                 and any("muchas preguntas seguidas" in t for t in api.texts(group["id"])), timeout=90)
    notices = [t for t in api.texts(group["id"]) if "muchas preguntas seguidas" in t]
    assert len(answers_in(api, group["id"])) == 3 and len(notices) == 1  # 3 a minute in the e2e config


def test_digest_for_the_facilitator_and_refused_for_a_participant(served):
    api = served.api
    group = api.group_chat(-100703, "Taller 3")
    api.chat_admins[group["id"]] = [FACILITATOR]
    alice, bob = PARTICIPANTS[:2]
    api.push(api.text_update(alice, "/pregunta ¿Qué problemas tuvieron los ministerios con los donantes?", chat=group))
    api.push(api.text_update(bob, "/pregunta ¿Qué problemas tuvieron los ministerios de trabajo con los donantes?",
                             chat=group))
    api.wait_for(lambda: len(answers_in(api, group["id"])) >= 2, timeout=60)
    api.push(api.text_update(alice, "/digest", chat=group))
    api.wait_for(lambda: any("solo para los facilitadores" in t for t in api.texts(group["id"])), timeout=30)
    api.push(api.text_update(FACILITATOR, "/digest 1", chat=group))
    digest = api.wait_for(lambda: [t for t in api.texts(group["id"]) if "Resumen del taller" in t], timeout=30)[0]
    assert "2 preguntas de 2 participantes" in digest
    assert "Temas" in digest or "Sin respuesta" in digest
    assert api.calls_to("getChatAdministrators")
