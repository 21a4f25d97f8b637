"""Every input has an outcome; the feedback loop (export) and the evaluation after /reingest."""

from __future__ import annotations

import io
import json

import pytest
from tests.support.telegram_harness import ADMIN_ID, USER_ID

from bot.feedback import export_feedback, review_items
from bot.state import State
from bot.telegram import quality
from bot.telegram.digest import build_digest, digest_language
from bot.telegram.limits import GroupBudget, SlidingWindow, UserQuestionLimit, Verdict

GROUP_ID = -100555


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


# ---------------------------------------------------------------- inputs with no question in them


@pytest.mark.parametrize("fields", [
    {"sticker": {"file_id": "s1", "file_unique_id": "us1", "type": "regular", "width": 512, "height": 512,
                 "is_animated": False, "is_video": False}},
    {"photo": [{"file_id": "ph1", "file_unique_id": "uph1", "width": 90, "height": 90}]},
    {"voice": {"file_id": "v1", "file_unique_id": "uv1", "duration": 3}},
])
async def test_stickers_photos_and_voice_in_private_get_a_clear_message(bot, fields):
    await bot.send(bot.api.message_update(USER_ID, **fields))
    assert "Solo leo texto y documentos" in bot.api.texts(USER_ID)[-1]
    assert not bot.coach.asked


async def test_edited_messages_are_not_answered_again(bot):
    message = await bot.text(USER_ID, "¿Qué es un marco lógico?")
    await bot.send(bot.api.edited_update(message, "¿Qué es un marco lógico exactamente?"))
    await bot.send(bot.api.edited_update(message, "¿Qué es un marco lógico, exactamente?"))
    assert len(bot.coach.asked) == 1
    assert sum("editaste un mensaje" in t for t in bot.api.texts(USER_ID)) == 1
    command = await bot.text(ADMIN_ID, "/stats")
    await bot.send(bot.api.edited_update(command, "/reingest"))
    assert bot.coach.ingest_calls == 0  # an edited command is not run
    group = bot.api.group_chat(GROUP_ID)
    asked = await bot.text(USER_ID, "/pregunta hola", chat=group)
    await bot.send(bot.api.edited_update(asked, "/pregunta hola de nuevo"))
    assert not any("editaste" in t for t in bot.api.texts(GROUP_ID))


async def test_a_mention_with_no_question_asks_for_one(bot):
    group = bot.api.group_chat(GROUP_ID)
    await bot.text(USER_ID, "@coach_test_bot", chat=group)
    assert "Escríbeme una pregunta" in bot.api.texts(GROUP_ID)[-1] and not bot.coach.asked


async def test_buttons_from_old_messages_have_an_outcome(bot):
    old = {"message_id": 5, "date": 0, "chat": bot.api.private_chat(USER_ID), "text": "old",
           "from": bot.api.bot_user}
    for data in ("fb:-:9999", "src:9999:0", "crit:9999", "legacy:button", "ask:xx:1"):
        await bot.press(USER_ID, data, old)
    answers = bot.api.calls_to("answerCallbackQuery")
    assert len(answers) == 5  # every press is answered (no endless spinner)
    assert any("ya no está disponible" in (a.get("text") or "") for a in answers)
    assert sum("Este botón ya no funciona" in (a.get("text") or "") for a in answers) == 2
    assert any("ya no está" in t for t in bot.api.texts(USER_ID))  # sources / paste: a message


# ---------------------------------------------------------------- evaluation after /reingest


async def test_reingest_runs_the_evaluation_and_warns_when_quality_drops(bot, tmp_path):
    questions = tmp_path / "questions.jsonl"
    questions.write_text(json.dumps({"id": "q1", "language": "es", "question": "¿sostenibilidad?",
                                     "expect": [{"source": "guia.es.md", "section": "Sostenibilidad"}]}) + "\n"
                         + json.dumps({"id": "off", "language": "es", "question": "¿fútbol?", "expect": [],
                                       "off_topic": True}) + "\n", encoding="utf-8")
    bot.app.bot_data["eval_questions"] = questions
    bot.coach.ingest_gate.set()
    state = bot.app.bot_data["services"].state
    await bot.text(ADMIN_ID, "/reingest")
    await bot.api.wait_for_async(lambda: any("Evaluación" in t for t in bot.api.texts(ADMIN_ID)))
    first = [t for t in bot.api.texts(ADMIN_ID) if "Evaluación" in t][-1]
    assert "hit@5 1.000" in first and "abstención 0.000" in first and "bajó" not in first
    assert state.get_meta(quality.META_KEY)["hit@5"] == 1.0
    bot.coach.answerer.passages = []  # the new index lost the passage
    bot.coach.answerer.relevance = 0.1  # …and now abstains on the off-topic question
    await bot.text(ADMIN_ID, "/reingest")
    await bot.api.wait_for_async(lambda: any("bajó" in t for t in bot.api.texts(ADMIN_ID)))
    warning = [t for t in bot.api.texts(ADMIN_ID) if "bajó" in t][-1]
    assert "hit@5 1.000 → 0.000" in warning and "abstention" not in warning.split("bajó")[1]


def test_compare_only_reports_drops():
    assert quality.compare(None, {"hit@5": 0.5}) == ()
    assert quality.compare({"hit@5": 0.8, "abstention": 0.9}, {"hit@5": 0.8, "abstention": 1.0}) == ()
    assert quality.compare({"hit@5": 0.8, "abstention": 0.9}, {"hit@5": 0.7, "abstention": 0.5}) == (
        ("hit@5", 0.8, 0.7), ("abstention", 0.9, 0.5))


# ---------------------------------------------------------------- the feedback loop


def test_export_has_thumbs_down_with_reasons_and_abstained_questions(tmp_path):
    state = State.open(tmp_path)
    good = state.add_turn(chat_id=1, user_id=1, kind="question", question="¿Qué es un marco lógico?",
                          answer="a", language="es", passage_ids=["p1", "p2"])
    state.add_feedback(turn_id=good, user_id=1, chat_id=1, rating=1)  # 👍: not exported
    bad = state.add_turn(chat_id=1, user_id=1, kind="question", question="What does ILAB score?",
                         answer="a", language="en", passage_ids=["p3"])
    feedback = state.add_feedback(turn_id=bad, user_id=1, chat_id=1, rating=-1)
    state.set_feedback_reason(feedback, "Missing the 2007 scores")
    again = state.add_turn(chat_id=2, user_id=2, kind="question", question="what does ILAB score",
                           answer="a", language="en", passage_ids=["p4"])
    second = state.add_feedback(turn_id=again, user_id=2, chat_id=2, rating=-1)
    state.set_feedback_reason(second, "Too vague")
    state.add_turn(chat_id=1, user_id=1, kind="question", question="¿Capital de Francia?", answer="",
                   language="es", abstained=True)
    critique = state.add_turn(chat_id=1, user_id=1, kind="critique", question="[critique] budget", answer="x")
    state.add_feedback(turn_id=critique, user_id=1, chat_id=1, rating=-1)  # not a question: left out
    out = io.StringIO()
    assert export_feedback(state, out) == 2
    items = [json.loads(line) for line in out.getvalue().splitlines()]
    assert items[0] == {"id": f"fb-{feedback}", "language": "en", "question": "What does ILAB score?",
                        "expect": [], "reason": "Missing the 2007 scores | Too vague", "abstained": False,
                        "passage_ids": ["p3", "p4"], "needs_review": True}
    assert items[1]["question"] == "¿Capital de Francia?" and items[1]["abstained"] is True
    assert items[1]["id"].startswith("abs-") and items[1]["reason"] is None


def test_review_items_skip_empty_questions():
    assert list(review_items([{"source": "feedback", "id": 1, "question": "  ", "passage_ids": []}])) == []


def test_state_migrates_an_older_database(tmp_path):
    import sqlite3

    db = sqlite3.connect(tmp_path / "state.sqlite3")
    db.executescript("""
        CREATE TABLE feedback (id INTEGER PRIMARY KEY AUTOINCREMENT, turn_id INTEGER, user_id INTEGER NOT NULL,
            chat_id INTEGER NOT NULL, kind TEXT NOT NULL, rating INTEGER NOT NULL, reason TEXT, question TEXT,
            passage_ids TEXT NOT NULL DEFAULT '[]', created REAL NOT NULL);
        CREATE TABLE group_questions (id INTEGER PRIMARY KEY AUTOINCREMENT, chat_id INTEGER NOT NULL,
            user_id INTEGER NOT NULL, language TEXT, question TEXT NOT NULL,
            abstained INTEGER NOT NULL DEFAULT 0, created REAL NOT NULL);
    """)
    db.close()
    state = State.open(tmp_path)
    state.record_group_question(chat_id=-1, user_id=1, language="es", question="q", abstained=False, topic="T › S")
    assert state.group_questions(-1)[0]["topic"] == "T › S"
    assert state.review_candidates() == []


# ---------------------------------------------------------------- limits and digest, no bot


def test_sliding_window_frees_slots_as_time_passes():
    clock = Clock()
    window = SlidingWindow(2, period=60, clock=clock)
    assert window.take("a") and window.take("a") and not window.take("a")
    assert window.take("b")
    clock.now += 61
    assert window.take("a")


def test_user_limit_notifies_once_per_window():
    clock = Clock()
    limit = UserQuestionLimit(2, clock=clock)
    verdicts = [limit.check(1, 7) for _ in range(5)]
    assert verdicts == [Verdict.ALLOW, Verdict.ALLOW, Verdict.NOTIFY, Verdict.SILENT, Verdict.SILENT]
    assert limit.check(1, 8) is Verdict.ALLOW  # other users are not affected
    clock.now += 61
    assert limit.check(1, 7) is Verdict.ALLOW


def test_group_budget_keeps_the_last_slot_for_one_notice():
    clock = Clock()
    budget = GroupBudget(3, clock=clock)
    assert [budget.take(-1) for _ in range(3)] == [True, True, False]
    assert budget.take_notice(-1) and not budget.take_notice(-1)
    clock.now += 61
    assert budget.take(-1)


def test_digest_groups_by_topic_and_merges_repeated_wording():
    rows = [
        {"user_id": 1, "question": "¿Qué es un marco lógico?", "abstained": 0, "topic": "Guía › Marco", "language": "es"},
        {"user_id": 2, "question": "que es un marco logico", "abstained": 0, "topic": "Guía › Marco", "language": "es"},
        {"user_id": 2, "question": "¿Qué es el marco lógico?", "abstained": 0, "topic": "Guía › Marco", "language": "es"},
        {"user_id": 3, "question": "¿Presupuesto?", "abstained": 0, "topic": None, "language": "en"},
        {"user_id": 3, "question": "¿Fútbol?", "abstained": 1, "topic": None, "language": "es"},
        {"user_id": 1, "question": "¿fútbol", "abstained": 1, "topic": None, "language": "es"},
    ]
    weaknesses = [{"criterion": "indicators", "label": "Indicadores"}] * 3 + [{"criterion": "smart", "label": None}]
    digest = build_digest(rows, weaknesses, hours=24)
    assert digest.questions == 6 and digest.people == 3
    assert [(t.name, t.count) for t in digest.topics] == [("Guía › Marco", 3), (None, 1)]
    assert len(digest.topics[0].examples) == 2
    assert digest.abstained == ["¿Fútbol?"] and digest.abstained_count == 2
    assert digest.weaknesses == [("Indicadores", 3), ("smart", 1)]
    assert digest_language(rows, None, "fr") == "es" and digest_language([], None, "fr") == "fr"
    assert digest_language(rows, "pt", "fr") == "pt"
