"""The state on both backends: every case of tests/telegram/test_state.py on SQLite and on a real
PostgreSQL, plus what only matters when several instances share one PostgreSQL database."""

from __future__ import annotations

import threading
import time

import pytest

from bot.state import GroupSettings, State
from tests.telegram.test_state import *  # noqa: F401,F403 - the same cases, collected here for both backends


@pytest.fixture(autouse=True, params=["sqlite", pytest.param("postgresql", marks=pytest.mark.e2e)])
def backend(request, monkeypatch) -> str:
    """Run each case on this backend: one PostgreSQL schema per data_dir, like one database per deployment."""
    monkeypatch.delenv("COACH_STATE_DSN", raising=False)
    if request.param == "postgresql":
        server = request.getfixturevalue("postgres")
        schemas: dict[str, str] = {}
        open_sqlite = State.open.__func__

        def open_on_postgres(cls, data_dir, **kwargs):
            if "dsn" not in kwargs:
                schema = schemas.setdefault(str(data_dir), server.new_schema())
                kwargs["dsn"] = server.dsn(schema)
            return open_sqlite(cls, data_dir, **kwargs)

        monkeypatch.setattr(State, "open", classmethod(open_on_postgres))
    return request.param


def test_the_backend_is_the_one_asked_for(tmp_path, backend):
    state = State.open(tmp_path)
    assert state.backend == backend
    assert (tmp_path / "state.sqlite3").exists() == (backend == "sqlite")
    state.close()


def test_telegram_sized_ids_and_exact_times(tmp_path):
    """Supergroup ids (-100…) and new user ids need 64 bits; times keep sub-second precision."""
    state = State.open(tmp_path)
    chat, user = -1001234567890, 7_123_456_789
    turn = state.add_turn(chat_id=chat, user_id=user, kind="question", question="q", answer="a")
    state.set_group_settings(chat, GroupSettings(True, True, "pt"))
    stored = state.turn(turn)
    assert (stored.chat_id, stored.user_id) == (chat, user)
    assert state.group_settings(chat) == GroupSettings(True, True, "pt")
    token = state.save_full_answer(chat_id=chat, turn_id=turn, language="pt", html="<b>x</b>")
    assert state.full_answer(token)["chat_id"] == chat
    assert abs(stored.created - time.time()) < 5  # float4 would be off by minutes
    state.set_meta("eval_last", {"hit@5": 0.875, "nested": ["ñ"]})
    assert state.get_meta("eval_last") == {"hit@5": 0.875, "nested": ["ñ"]}
    assert state.review_candidates() == []
    abstained = state.add_turn(chat_id=chat, user_id=user, kind="question", question="off topic", answer="-",
                               abstained=True, passage_ids=["p9"])
    feedback = state.add_feedback(turn_id=turn, user_id=user, chat_id=chat, rating=-1)
    state.set_feedback_reason(feedback, "wrong donor")
    candidates = state.review_candidates()
    assert [(c["source"], c["question"], c["reason"]) for c in candidates] == [
        ("abstained", "off topic", None), ("feedback", "q", "wrong donor")]
    assert candidates[0]["passage_ids"] == ["p9"] and candidates[0]["id"] == abstained
    assert state.counts() == {"users": 0, "questions": 2, "abstained": 1, "critiques": 0,
                              "feedback_up": 0, "feedback_down": 1}
    state.close()


def test_two_instances_share_one_database(tmp_path, backend):
    """What instance A writes, instance B reads at once; concurrent writers never collide."""
    if backend == "sqlite":
        pytest.skip("one SQLite file is not shared across machines; this is PostgreSQL's case")
    a, b = State.open(tmp_path), State.open(tmp_path)
    a.set_language(5, "fr")
    a.add_turn(chat_id=5, user_id=5, kind="question", question="q on A", answer="a")
    assert b.settings(5).language == "fr"
    assert [t.question for t in b.history(5, 5, 4)] == ["q on A"]

    def write(state: State, user: int) -> None:
        for i in range(20):
            state.touch_user(user)
            state.add_turn(chat_id=user, user_id=user, kind="question", question=f"q{i}", answer="a")

    threads = [threading.Thread(target=write, args=(s, 100 + n)) for n, s in enumerate((a, b, a, b))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert a.counts()["questions"] == 1 + 80
    assert [t.question for t in b.history(100, 100, 2)] == ["q18", "q19"]
    a.close()
    b.close()
