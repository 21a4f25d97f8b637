"""Drive the real bot process like Telegram would, through the fake Bot API."""

from __future__ import annotations

import json
import signal
import sqlite3

import pytest

pytestmark = pytest.mark.e2e

ADMIN_ID = 1  # the admin id the `served` fixture configures

SECTION = (
    "Objetivo general\n"
    "Fortalecer la capacidad del Ministerio de Trabajo para diseñar y gestionar proyectos de cooperación técnica.\n"
    "Objetivos específicos\n"
    "1. Capacitar a 40 funcionarios en diseño de propuestas y marco lógico antes de diciembre.\n"
    "2. Establecer un sistema de monitoreo con indicadores de resultado y una línea de base.\n"
)


def feedback_messages(api, chat_id: int) -> list[dict]:
    """Bot messages carrying 👍/👎: finished answers and critiques."""
    return [m for m in api.bot_messages(chat_id)
            if any(b.get("callback_data", "").startswith("fb:")
                   for row in m.get("reply_markup", {}).get("inline_keyboard", []) for b in row)]


def buttons(message: dict) -> list[dict]:
    return [b for row in message["reply_markup"]["inline_keyboard"] for b in row]


def wait_answers(api, chat_id: int, count: int, timeout: float = 60) -> list[dict]:
    return api.wait_for(lambda: len(feedback_messages(api, chat_id)) >= count and feedback_messages(api, chat_id),
                        timeout=timeout)


def test_start_then_an_example_button(served):
    api = served.api
    api.push(api.text_update(201, "/start", language_code="en"))
    keyboard = api.wait_for(lambda: [m for m in api.bot_messages(201) if m.get("reply_markup")])[-1]
    assert len(buttons(keyboard)) == 3
    assert any("assistant" in t for t in api.texts(201))
    api.push(api.callback_update(201, buttons(keyboard)[0]["callback_data"], keyboard))
    answer = wait_answers(api, 201, 1)[-1]
    assert answer["text"].strip()
    assert api.calls_to("setMyCommands")


def test_question_and_follow_up(served):
    api = served.api
    api.push(api.text_update(202, "¿Cuáles son los componentes clave de una propuesta exitosa?"))
    wait_answers(api, 202, 1)
    api.push(api.text_update(202, "¿Y cuál de ellos es el más importante?"))
    answers = wait_answers(api, 202, 2)
    assert all(a["text"].strip() for a in answers)
    assert any(c["action"] == "typing" for c in api.calls_to("sendChatAction"))
    assert any(int(e["chat_id"]) == 202 for e in api.calls_to("editMessageText"))  # "working…" edited


def test_sources_and_feedback(served):
    api = served.api
    api.push(api.text_update(203, "¿Qué esperan los donantes de los Ministerios de Trabajo?"))
    answer = wait_answers(api, 203, 1)[-1]
    api.push(api.text_update(203, "/fuentes"))
    listing = api.wait_for(lambda: [m for m in api.bot_messages(203)
                                    if "src:" in str(m.get("reply_markup")) or "Todavía no hay" in m.get("text", "")])[-1]
    if "src:" in str(listing.get("reply_markup")):
        count = len(api.bot_messages(203))
        api.push(api.callback_update(203, buttons(listing)[0]["callback_data"], listing))
        api.wait_for(lambda: len(api.bot_messages(203)) > count)
    down = [b for b in buttons(answer) if b["callback_data"].startswith("fb:-")][0]
    api.push(api.callback_update(203, down["callback_data"], answer))
    api.wait_for(lambda: any("Qué faltó" in t for t in api.texts(203)))
    api.push(api.text_update(203, "Faltaba un ejemplo"))
    api.wait_for(lambda: any("lo tendremos en cuenta" in t for t in api.texts(203)))


def test_pasted_critique(served):
    api = served.api
    api.push(api.text_update(204, "/critica"))
    api.wait_for(lambda: any("Pega la sección" in t for t in api.texts(204)))
    api.push(api.text_update(204, SECTION))
    critique = wait_answers(api, 204, 1)[-1]
    assert "Revisión" in critique["text"]


def test_document_upload_and_too_large_refused(served):
    api = served.api
    api.push(api.document_update(205, "enorme.pdf", b"%PDF-1.4", file_size=30 * 1024 * 1024))
    api.wait_for(lambda: any("MB" in t for t in api.texts(205)))
    assert not api.calls_to("getFile")
    api.push(api.document_update(205, "propuesta.txt", SECTION.encode("utf-8"), mime_type="text/plain"))
    review = wait_answers(api, 205, 1)[-1]
    assert api.calls_to("getFile")
    assert "propuesta.txt" in "".join(api.texts(205))
    assert review["text"].strip()


def test_long_document_critique_of_over_10000_characters_is_split_under_4096(served):
    api = served.api
    # Thirty sections of a whole draft, with the headings of ten different parts.
    parts = ["Antecedentes", "Objetivos", "Actividades", "Indicadores", "Seguimiento y evaluación",
             "Sostenibilidad", "Participación de actores", "Presupuesto", "Cronograma", "Riesgos"]
    sections = []
    for i in range(1, 31):
        sections.append(f"{i}. {parts[(i - 1) % len(parts)]}\n\n"
                        + "El proyecto fortalecerá las capacidades institucionales del ministerio. " * 6)
    api.push(api.document_update(206, "larga.txt", "\n\n".join(sections).encode("utf-8")))
    wait_answers(api, 206, 1, timeout=120)
    messages = [m for m in api.bot_messages(206) if "text" in m]
    total = sum(len(m["text"]) for m in messages)
    assert all(len(m["text"]) <= 4096 for m in messages)
    assert len(messages) >= 3 and total > 10000, (len(messages), total)
    html = "".join(m["html"] for m in messages)
    assert html.count("<b>") == html.count("</b>")  # every part was valid HTML on its own (the fake checks)


def test_reingest_admin_only_and_questions_answered_meanwhile(served):
    api = served.api
    # The last evaluation was perfect: the one after this re-index must warn the admin.
    with sqlite3.connect(served.workspace.data_dir / "state.sqlite3") as db:
        db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('eval_last', ?)",
                   (json.dumps({"questions": 88, "hit@5": 1.0, "mrr": 1.0, "abstention": 1.0, "answered": 1.0}),))
    api.push(api.text_update(207, "/reingest"))
    api.wait_for(lambda: any("solo para administradores" in t for t in api.texts(207)))
    (served.knowledge_dir / "nuevo.es.md").write_text(
        "# Guía nueva\n\n## Sostenibilidad\n\n" + "La sostenibilidad requiere presupuesto nacional propio. " * 40,
        encoding="utf-8")
    api.push(api.text_update(ADMIN_ID, "/reingest"))
    api.push(api.text_update(208, "¿Qué es la sostenibilidad de un proyecto?"))
    api.push(api.text_update(ADMIN_ID, "/reingest"))
    wait_answers(api, 208, 1, timeout=60)
    summary = api.wait_for(lambda: [t for t in api.texts(ADMIN_ID) if "terminada" in t or "falló" in t],
                           timeout=180)
    assert "terminada" in summary[0]
    evaluation = api.wait_for(lambda: [t for t in api.texts(ADMIN_ID) if "Evaluación" in t], timeout=120)[0]
    assert "hit@5" in evaluation and "La calidad bajó" in evaluation
    assert any("Ya hay una reindexación" in t for t in api.texts(ADMIN_ID)) or \
        sum("Reindexando" in t or "terminada" in t for t in api.texts(ADMIN_ID)) == 2


def test_thirty_users_at_once(served):
    api = served.api
    users = range(300, 330)
    for user in users:
        api.push(api.text_update(user, f"¿Cómo preparo el presupuesto de una propuesta? ({user})"))
    api.wait_for(lambda: all(feedback_messages(api, u) for u in users), timeout=120)


def test_token_never_logged_and_sigterm_stops_cleanly(served):
    # Runs last in this module: it stops the shared process.
    served.process.send_signal(signal.SIGTERM)
    assert served.process.wait(timeout=60) == 0
    assert served.api.token not in served.log()
    assert "Traceback" not in served.log()
